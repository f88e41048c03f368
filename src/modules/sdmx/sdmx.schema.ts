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

// ---------- SDMX REST 3.0 (/api/sdmx/3.0) ----------

/** Path of a 3.0 data query: /data/{context}/{agencyID}/{resourceID}/{version}/{key}. */
export const Data3Path = z.object({
  context: Id,
  agencyID: Id,
  resourceID: Id,
  version: Id.optional(),
  key: z.string().max(4000).optional(),
});
export type Data3Path = z.infer<typeof Data3Path>;

const Param = z.string().max(2000);

/**
 * Query of a 3.0 data query. Component filters `c[COMPONENT]=…` are the other parameters (any name, kept for the
 * query parser, src/domain/sdmx/sdmx3-query.ts, which refuses a name it does not know as a filter).
 */
export const Data3Query = z
  .object({
    updatedAfter: z.string().max(40).optional(),
    firstNObservations: Count.optional(),
    lastNObservations: Count.optional(),
    /** TIME_PERIOD (default) | AllDimensions. */
    dimensionAtObservation: z.string().max(60).optional(),
    /** dsd (default) | all | obs | none | dataset | series | msd | attribute ids separated by commas. */
    attributes: z.string().max(200).optional(),
    /** all (default) | none | OBS_VALUE. */
    measures: z.string().max(200).optional(),
    /** Not implemented (501 when true). */
    includeHistory: z.string().max(10).optional(),
    /** Not implemented (501). */
    asOf: z.string().max(40).optional(),
    offset: z.string().max(20).optional(),
    limit: z.string().max(20).optional(),
    sort: z.string().max(200).optional(),
  })
  .catchall(z.union([Param, z.array(Param).max(20)]));
export type Data3Query = z.infer<typeof Data3Query>;

/** Query of a 3.0 structure query (detail: full only; references: none by default). */
export const Structure3Query = z.object({
  /** none (default) | parents | parentsandsiblings | ancestors | children | descendants | all | a structure type. */
  references: z.string().max(40).optional(),
  /** full (default); the stubs: 501. */
  detail: z.string().max(40).optional(),
});
export type Structure3Query = z.infer<typeof Structure3Query>;
