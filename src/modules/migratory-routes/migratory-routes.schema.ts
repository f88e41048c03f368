/** zod schemas of migratory route definitions (ordered countries, geometry, validity). */
import { z } from 'zod';
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

const GeoJsonLine = z
  .looseObject({ type: z.string(), coordinates: z.array(z.unknown()) })
  .describe('GeoJSON LineString or MultiLineString, [longitude, latitude] positions');

export const RouteDefinition = z.object({
  id: z.number().int(),
  code: z.string(),
  name: TranslatedText,
  description: TranslatedText,
  countries: z.array(z.string()),
  geometry: z.record(z.string(), z.unknown()),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  classification: z.enum(CLASSIFICATIONS),
  /** The organisations a restricted record is shared with (besides the secretariat and its originator). */
  sharedWithOrgIds: z.array(z.number().int()),
  revision: z.number().int(),
  updatedAt: z.string(),
});
export type RouteDefinition = z.infer<typeof RouteDefinition>;

export const RouteCreateBody = z
  .object({
    code: Code,
    name: Name,
    description: TranslatedText.optional(),
    /** ISO 3166-1 alpha-3 codes in order along the route, origin first. */
    countries: z.array(z.string().trim().toUpperCase()).min(2).max(60),
    /** Omitted or null: a line through the countries' centroids. */
    geometry: GeoJsonLine.nullable().optional(),
    validFrom: Day,
    validTo: Day.nullable().optional(),
    classification: z.enum(CLASSIFICATIONS).default('dialogue'),
    /** With classification `restricted`: the organisations of the dialogue it is shared with (at least one). */
    sharedWithOrgIds: z.array(z.number().int().positive()).max(200).optional(),
  })
  .strict();
export type RouteCreateBody = z.infer<typeof RouteCreateBody>;

export const RouteUpdateBody = z
  .object({
    code: Code.optional(),
    name: Name.optional(),
    description: TranslatedText.optional(),
    countries: z.array(z.string().trim().toUpperCase()).min(2).max(60).optional(),
    /** null: redraw the default line through the (new) countries' centroids. */
    geometry: GeoJsonLine.nullable().optional(),
    validFrom: Day.optional(),
    validTo: Day.nullable().optional(),
    classification: z.enum(CLASSIFICATIONS).optional(),
    /** With classification `restricted`: the organisations of the dialogue it is shared with (at least one). */
    sharedWithOrgIds: z.array(z.number().int().positive()).max(200).optional(),
    expectedRevision: Revision,
  })
  .strict();
export type RouteUpdateBody = z.infer<typeof RouteUpdateBody>;
