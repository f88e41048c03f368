/**
 * The secretariat's definitions desk of a dialogue (GET …/definitions): its indicators, migratory routes and
 * reporting calendar in one view for the editor, and the history of any of them. The definitions themselves
 * are changed by their own modules (indicators, migratory-routes, calendars); their versions are recorded by
 * definition-revisions.
 */
import { withActor } from '../../db/with-actor';
import { DIMENSIONS } from '../../domain/observations/dimensions';
import type { Ctx } from '../../shared/ctx';
import { LOCALES } from '../../shared/locales';
import { calendarView } from '../calendars/calendars.service';
import { listDefinitionHistory } from '../definition-revisions/definition-revisions.service';
import { listMemberStateCodes, requireDialogueFor } from '../dialogues/dialogues.service';
import { listIndicatorDefinitions } from '../indicators/indicators.service';
import { listRouteDefinitions } from '../migratory-routes/migratory-routes.service';
import { definitionsPolicy } from './definitions.policy';
import type { DefinitionHistoryQuery, DefinitionRevisionView, DefinitionsView } from './definitions.schema';

const iso = (v: string | Date) => new Date(v).toISOString();

const requireSecretariat = (ctx: Ctx, slug: string) =>
  requireDialogueFor(
    ctx,
    slug,
    definitionsPolicy.manage,
    'Only the secretariat of the dialogue defines indicators, routes and calendars',
  );

/** GET …/definitions: indicators, routes and the reporting calendar, for the secretariat's editor. */
export async function getDefinitions(ctx: Ctx, slug: string): Promise<DefinitionsView> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  return withActor(ctx.db, actor, async (db) => ({
    dimensions: [...DIMENSIONS],
    languages: [...new Set([...LOCALES, ...d.working_languages])],
    memberStates: await listMemberStateCodes(db, d.id),
    indicators: await listIndicatorDefinitions(db, d.id),
    routes: await listRouteDefinitions(db, d.id),
    calendar: await calendarView(db, d.id),
  }));
}

/** GET …/definitions/history: every version of one indicator, route or calendar entry, newest first. */
export async function definitionHistory(
  ctx: Ctx,
  slug: string,
  q: DefinitionHistoryQuery,
): Promise<DefinitionRevisionView[]> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  const rows = await withActor(ctx.db, actor, (db) => listDefinitionHistory(db, d.id, q.entity, q.id));
  return rows.map((r) => ({
    revision: r.revision,
    action: r.action,
    data: r.data,
    editedAt: iso(r.edited_at),
    editedBy: r.edited_by === null ? null : { id: r.edited_by, name: r.editor_name ?? '' },
  }));
}
