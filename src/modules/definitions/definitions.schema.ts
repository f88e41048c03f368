/** zod schemas of the definitions desk: the editor's view of a dialogue's definitions and their history. */
import { z } from 'zod';
import { CalendarView } from '../calendars/calendars.schema';
import { IndicatorDefinition } from '../indicators/indicators.schema';
import { RouteDefinition } from '../migratory-routes/migratory-routes.schema';

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });

export const DefinitionsView = z.object({
  dimensions: z.array(z.string()),
  languages: z.array(z.string()),
  memberStates: z.array(z.string()),
  indicators: z.array(IndicatorDefinition),
  routes: z.array(RouteDefinition),
  calendar: CalendarView,
});
export type DefinitionsView = z.infer<typeof DefinitionsView>;

export const DefinitionHistoryQuery = z
  .object({ entity: z.enum(['indicator', 'route', 'calendar']), id: z.coerce.number().int().positive() })
  .strict();
export type DefinitionHistoryQuery = z.infer<typeof DefinitionHistoryQuery>;

export const DefinitionRevisionView = z.object({
  revision: z.number().int(),
  action: z.string(),
  data: z.record(z.string(), z.unknown()),
  editedAt: z.string(),
  editedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
});
export type DefinitionRevisionView = z.infer<typeof DefinitionRevisionView>;
