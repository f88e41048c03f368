/**
 * zod schemas of the SDMX REST 2.1 API: path parameters of the structure and data resources and their query
 * parameters. Values are checked further by the pure query parser (src/domain/sdmx/sdmx-query.ts), which
 * answers with SDMX error codes.
 */
import { z } from 'zod';

const Id = z.string().min(1).max(200);

export const STRUCTURE_RESOURCES = ['dataflow', 'datastructure', 'codelist', 'conceptscheme'] as const;
export type StructureResource = (typeof STRUCTURE_RESOURCES)[number];

export const StructureParams = z.object({
  agency: Id.optional(),
  id: Id.optional(),
  version: Id.optional(),
});
export type StructureParams = z.infer<typeof StructureParams>;

export const StructureQuery = z.object({
  /** structure (SDMX-ML 2.1, default) | sdmx-json (SDMX-JSON 1.0); or use Accept. */
  format: z.string().max(60).optional(),
  /** none | parents | parentsandsiblings | children | descendants | all (children and more: everything). */
  references: z.string().max(40).optional(),
  /** full | allstubs | referencestubs: only full is supported (others: 501). */
  detail: z.string().max(40).optional(),
});
export type StructureQuery = z.infer<typeof StructureQuery>;

export const DataParams = z.object({
  flow: Id,
  key: z.string().max(4000).optional(),
  provider: Id.optional(),
});
export type DataParams = z.infer<typeof DataParams>;

const Count = z.coerce.number().int().min(1);

export const DataQuery = z.object({
  /** genericdata (default) | structurespecificdata | jsondata | csv; or use Accept. */
  format: z.string().max(60).optional(),
  startPeriod: z.string().max(20).optional(),
  endPeriod: z.string().max(20).optional(),
  firstNObservations: Count.optional(),
  lastNObservations: Count.optional(),
  /** TIME_PERIOD (default) | AllDimensions. */
  dimensionAtObservation: z.string().max(60).optional(),
  /** full | dataonly | serieskeysonly | nodata. */
  detail: z.string().max(40).optional(),
  updatedAfter: z.string().max(40).optional(),
  includeHistory: z.string().max(10).optional(),
});
export type DataQuery = z.infer<typeof DataQuery>;
