/**
 * SDMX 3.0 data messages of a dialogue's observations, pure: SDMX-JSON 2.0 data (`meta`, `data.structures`,
 * `data.dataSets`, values indexed into the structure), SDMX-CSV 2.0 (STRUCTURE, STRUCTURE_ID, ACTION, the
 * dimensions in DSD order with TIME_PERIOD, OBS_VALUE, the attributes) and SDMX-JSON 2.0 error messages. The same
 * series as the 2.1 writers (sdmx-data.ts) get: a suppressed observation has no value (null in JSON, an empty cell
 * in CSV, never 0) and CONF_STATUS C (primary) or D (secondary).
 */
import { toSafeCsv } from '../csv-safe';
import { seriesDimensions } from './sdmx-data';
import type { DataObservation, DataSeries } from './sdmx-query';
import { SDMX_AGENCY, SDMX_VERSION, type SdmxStructure } from './sdmx-structure';

export const SDMX_JSON2_DATA_SCHEMA =
  'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json';

/** The attributes of Passage's DSD, in DSD order (all attached to the observation). */
export const DATA_ATTRIBUTES = ['OBS_STATUS', 'CONF_STATUS', 'COMMENT'] as const;
export const MEASURE = 'OBS_VALUE';

export interface DataMessage3 {
  structure: SdmxStructure;
  series: readonly DataSeries[];
  atObservation: 'TIME_PERIOD' | 'AllDimensions';
  /** The attributes asked for (`attributes=`), a subset of DATA_ATTRIBUTES in DSD order. */
  attributes: readonly string[];
  /** false: `measures=none`. */
  withMeasure: boolean;
  /** Message id and preparation time. */
  id: string;
  prepared: Date;
}

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const flowUrn = (s: SdmxStructure) =>
  `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=${SDMX_AGENCY}:${s.dataflow.id}(${SDMX_VERSION})`;
const dsdUrn = (s: SdmxStructure) =>
  `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=${SDMX_AGENCY}:${s.dsd.id}(${SDMX_VERSION})`;

function attributeValue(o: DataObservation, id: string): string | null {
  if (id === 'OBS_STATUS') return o.obsStatus;
  if (id === 'CONF_STATUS') return o.confStatus;
  if (id === 'COMMENT') return o.comment;
  return null;
}

/** The first and last instant of a month YYYY-MM (SDMX-JSON time values carry start and end). */
function monthBounds(period: string): { start: string; end: string } {
  const [y, m] = period.split('-').map(Number);
  const start = new Date(Date.UTC(y!, m! - 1, 1));
  const end = new Date(Date.UTC(y!, m!, 1) - 1000);
  return { start: isoSeconds(start), end: isoSeconds(end) };
}

type ObsArray = (number | null)[];

/** SDMX-JSON 2.0 data message: one structure, one data set, series (or flat observations) indexed into it. */
export function toSdmxJson2Data(m: DataMessage3): Record<string, unknown> {
  const dims = seriesDimensions(m.structure);
  const names = new Map(m.structure.concepts.map((c) => [c.id, c.names]));
  const codeNames = new Map(
    m.structure.codelists.map((cl) => [cl.id, new Map(cl.codes.map((c) => [c.id, c.names.en]))]),
  );
  const codelistOf = new Map(m.structure.dsd.components.map((c) => [c.id, c.codelist]));
  const nameOf = (component: string, code: string) =>
    codeNames.get(codelistOf.get(component) ?? '')?.get(code) ?? code;
  const index = (map: Map<string, number>, v: string) => {
    let i = map.get(v);
    if (i === undefined) {
      i = map.size;
      map.set(v, i);
    }
    return i;
  };
  // The values present, per dimension in order of first appearance, and the periods in time order.
  const used = dims.map(() => new Map<string, number>());
  const periodSet = new Set<string>();
  for (const s of m.series) {
    s.key.forEach((c, i) => {
      index(used[i]!, c);
    });
    for (const o of s.observations) periodSet.add(o.period);
  }
  const periods = new Map<string, number>();
  for (const p of [...periodSet].sort()) index(periods, p);
  const attributeValues = new Map(m.attributes.map((a) => [a, new Map<string, number>()]));
  const obsArray = (o: DataObservation): ObsArray => {
    const arr: ObsArray = m.withMeasure ? [o.value] : [];
    for (const a of m.attributes) {
      const v = attributeValue(o, a);
      arr.push(v === null ? null : index(attributeValues.get(a)!, v));
    }
    return arr;
  };
  const localised = (id: string) => {
    const n = names.get(id);
    return n ? { name: n.en, names: n } : { name: id };
  };
  const dimension = (id: string, keyPosition: number, values: Map<string, number>) => ({
    id,
    ...localised(id),
    keyPosition,
    ...(id === 'TIME_PERIOD' && { roles: ['TIME_PERIOD'] }),
    values: [...values.keys()].map((v) =>
      id === 'TIME_PERIOD' ? { id: v, name: v, ...monthBounds(v) } : { id: v, name: nameOf(id, v) },
    ),
  });
  const dataSet: Record<string, unknown> = {
    structure: 0,
    action: 'Information',
    links: [{ rel: 'dataflow', urn: flowUrn(m.structure) }],
  };
  const isFlat = m.atObservation === 'AllDimensions';
  if (isFlat) {
    const observations: Record<string, ObsArray> = {};
    for (const s of m.series)
      for (const o of s.observations)
        observations[[...s.key.map((c, i) => used[i]!.get(c)!), periods.get(o.period)!].join(':')] =
          obsArray(o);
    dataSet.observations = observations;
  } else {
    const series: Record<string, { observations: Record<string, ObsArray> }> = {};
    for (const s of m.series) {
      const observations: Record<string, ObsArray> = {};
      for (const o of s.observations) observations[String(periods.get(o.period))] = obsArray(o);
      series[s.key.map((c, i) => used[i]!.get(c)!).join(':')] = { observations };
    }
    dataSet.series = series;
  }
  const dimList = dims.map((d, i) => dimension(d, i, used[i]!));
  const time = dimension('TIME_PERIOD', dims.length, periods);
  const attribute = (id: string) => {
    const values = [...(attributeValues.get(id)?.keys() ?? [])];
    const isCoded = codelistOf.get(id) !== undefined;
    return {
      id,
      ...localised(id),
      relationship: { observation: {} },
      ...(values.length > 0 && {
        values: values.map((v) => (isCoded ? { id: v, name: nameOf(id, v) } : { value: v })),
      }),
    };
  };
  const flowNames = m.structure.dataflow.names;
  return {
    $schema: SDMX_JSON2_DATA_SCHEMA,
    meta: {
      id: m.id,
      test: false,
      prepared: isoSeconds(m.prepared),
      contentLanguages: ['en'],
      sender: { id: SDMX_AGENCY },
    },
    data: {
      structures: [
        {
          links: [
            { rel: 'dataflow', urn: flowUrn(m.structure) },
            { rel: 'datastructure', urn: dsdUrn(m.structure) },
          ],
          name: flowNames.en,
          names: flowNames,
          dimensions: isFlat
            ? { dataSet: [], series: [], observation: [...dimList, time] }
            : { dataSet: [], series: dimList, observation: [time] },
          measures: { observation: m.withMeasure ? [{ id: MEASURE, ...localised(MEASURE) }] : [] },
          attributes: { dataSet: [], series: [], observation: m.attributes.map(attribute) },
          dataSets: [0],
        },
      ],
      dataSets: [dataSet],
    },
  };
}

/**
 * SDMX-CSV 2.0: STRUCTURE (`dataflow`), STRUCTURE_ID (`PASSAGE:DF_X(1.0)`), ACTION (`I`, information: a
 * dissemination answer), the dimensions in DSD order with TIME_PERIOD, OBS_VALUE (unless measures=none) and the
 * attributes asked for. One row per observation; the same rows as the 2.1 SDMX-CSV.
 */
export function toSdmxCsv2Data(m: DataMessage3): string {
  const dims = seriesDimensions(m.structure);
  const structureId = `${SDMX_AGENCY}:${m.structure.dataflow.id}(${SDMX_VERSION})`;
  const rows: (string | null)[][] = [
    [
      'STRUCTURE',
      'STRUCTURE_ID',
      'ACTION',
      ...dims,
      'TIME_PERIOD',
      ...(m.withMeasure ? [MEASURE] : []),
      ...m.attributes,
    ],
  ];
  for (const s of m.series)
    for (const o of s.observations)
      rows.push([
        'dataflow',
        structureId,
        'I',
        ...s.key,
        o.period,
        ...(m.withMeasure ? [o.value === null ? '' : String(o.value)] : []),
        ...m.attributes.map((a) => attributeValue(o, a) ?? ''),
      ]);
  return toSafeCsv(rows);
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  406: 'Not acceptable',
  413: 'Response too large',
  429: 'Too many requests',
  500: 'Internal server error',
  501: 'Not implemented',
  503: 'Service unavailable',
};

/**
 * SDMX-JSON 2.0 error message: `meta` and `errors` (SDMX REST 3.0 reports errors with HTTP status codes: the
 * error's `code` is the status).
 */
export function toSdmxJson2Error(status: number, message: string, prepared: Date): Record<string, unknown> {
  return {
    meta: {
      id: `ERROR_${status}`,
      test: false,
      prepared: isoSeconds(prepared),
      contentLanguages: ['en'],
      sender: { id: SDMX_AGENCY },
    },
    errors: [{ code: status, title: TITLES[status] ?? 'Error', detail: message }],
  };
}
