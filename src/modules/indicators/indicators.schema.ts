/** zod schemas of indicator definitions (the common data standard of a dialogue). */
import { z } from 'zod';
import { DIMENSIONS } from '../../domain/observations/dimensions';
import { CLASSIFICATIONS } from '../../shared/classification';
import {
  DefinitionCode as Code,
  Day,
  DefinitionName as Name,
  Revision,
} from '../definition-revisions/definition-revisions.schema';
import { TranslatedText } from '../translations/translations.schema';

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });
export const IdParams = SlugParams.extend({ id: z.coerce.number().int().positive() });

const Dimension = z.enum(DIMENSIONS);

export const IndicatorDefinition = z.object({
  id: z.number().int(),
  code: z.string(),
  name: TranslatedText,
  description: TranslatedText,
  unit: z.string(),
  breakdowns: z.array(z.string()),
  /** Breakdowns whose codes add up to the total: "total = sum of breakdowns" is checked for each. */
  additiveBreakdowns: z.array(z.string()),
  classification: z.enum(CLASSIFICATIONS),
  /** The organisations a restricted record is shared with (besides the secretariat and its originator). */
  sharedWithOrgIds: z.array(z.number().int()),
  validTo: z.string().nullable(),
  revision: z.number().int(),
  updatedAt: z.string(),
  /** Figures exist: the code can no longer change and the indicator can be retired, not deleted. */
  hasObservations: z.boolean(),
});
export type IndicatorDefinition = z.infer<typeof IndicatorDefinition>;

export const IndicatorCreateBody = z
  .object({
    code: Code,
    name: Name,
    description: TranslatedText.optional(),
    unit: z.string().trim().min(1).max(40).default('detections'),
    breakdowns: z.array(Dimension).max(DIMENSIONS.length).default([]),
    additiveBreakdowns: z.array(Dimension).max(DIMENSIONS.length).default([]),
    classification: z.enum(CLASSIFICATIONS).default('dialogue'),
    /** With classification `restricted`: the organisations of the dialogue it is shared with (at least one). */
    sharedWithOrgIds: z.array(z.number().int().positive()).max(200).optional(),
    validTo: Day.nullable().optional(),
  })
  .strict();
export type IndicatorCreateBody = z.infer<typeof IndicatorCreateBody>;

export const IndicatorUpdateBody = z
  .object({
    code: Code.optional(),
    name: Name.optional(),
    description: TranslatedText.optional(),
    unit: z.string().trim().min(1).max(40).optional(),
    breakdowns: z.array(Dimension).max(DIMENSIONS.length).optional(),
    additiveBreakdowns: z.array(Dimension).max(DIMENSIONS.length).optional(),
    classification: z.enum(CLASSIFICATIONS).optional(),
    /** With classification `restricted`: the organisations of the dialogue it is shared with (at least one). */
    sharedWithOrgIds: z.array(z.number().int().positive()).max(200).optional(),
    /** Retire the indicator: no figures are expected after this day (null reactivates it). */
    validTo: Day.nullable().optional(),
    expectedRevision: Revision,
  })
  .strict();
export type IndicatorUpdateBody = z.infer<typeof IndicatorUpdateBody>;
