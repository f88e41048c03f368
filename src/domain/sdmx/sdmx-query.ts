/**
 * The SDMX REST 2.1 data query, pure: a structure reference (`DF_X`, `PASSAGE,DF_X`, `PASSAGE,DF_X,1.0`), the
 * key (dot-separated codes in DSD order, `+` for OR, an empty position for all, `all` for everything), the
 * query parameters, and content negotiation (Accept header or `format=`). Bad input throws SdmxFault with the
 * HTTP status and SDMX error code (SDMX REST 2.1 section "Error handling": 100 no results, 130 too large
 * (client), 140 syntax error, 150 semantic error, 406 not acceptable, 501 not implemented).
 */
import { SDMX_AGENCY, SDMX_VERSION } from './sdmx-structure';

export class SdmxFault extends Error {
  constructor(
    readonly status: 400 | 404 | 406 | 413 | 501,
    /** The SDMX error code (SDMX REST 2.1 standard errors). */
    readonly sdmxCode: 100 | 130 | 140 | 150 | 406 | 501,
    message: string,
  ) {
    super(message);
    this.name = 'SdmxFault';
  }
}

export const noResults = (what: string) => new SdmxFault(404, 100, `No results found: ${what}`);

/** The most observations one response may hold, and the largest first/lastNObservations. */
export const MAX_OBSERVATIONS = 500_000;
export const MAX_N_OBSERVATIONS = 10_000;

export interface FlowRef {
  agency: string;
  id: string;
  version: string;
}

/** `DF_X` | `PASSAGE,DF_X` | `PASSAGE,DF_X,1.0` (`latest` and `all` accepted for the version). */
export function parseFlowRef(flow: string): FlowRef {
  const parts = flow.split(',');
  if (parts.length > 3 || parts.some((p) => !/^[A-Za-z0-9_@$.\-*]+$/.test(p)))
    throw new SdmxFault(400, 140, `Syntax error: "${flow}" is not a dataflow reference (AGENCY,ID,VERSION)`);
  const [a, b, c] = parts;
  const ref =
    parts.length === 1
      ? { agency: 'all', id: a!, version: 'latest' }
      : { agency: a!, id: b!, version: c ?? 'latest' };
  checkAgencyVersion(ref.agency, ref.version);
  return ref;
}

/** A request naming another agency or version than PASSAGE 1.0 finds nothing (404). */
export function checkAgencyVersion(agency: string, version: string): void {
  if (agency !== 'all' && agency !== '*' && agency !== SDMX_AGENCY)
    throw noResults(`no structures of agency "${agency}" (this service maintains ${SDMX_AGENCY})`);
  if (!['latest', 'all', '*', '~', '+', SDMX_VERSION].includes(version))
    throw noResults(`no version "${version}" (the structures here are version ${SDMX_VERSION})`);
}

export interface KeyDimension {
  id: string;
  codes: ReadonlySet<string>;
}

/** Per dimension (DSD order): the codes asked for, or null for all. */
export type ParsedKey = (ReadonlySet<string> | null)[];

export function parseDataKey(key: string | undefined, dims: readonly KeyDimension[]): ParsedKey {
  if (key === undefined || key === '' || key === 'all' || key === 'ALL') return dims.map(() => null);
  const positions = key.split('.');
  if (positions.length !== dims.length)
    throw new SdmxFault(
      400,
      140,
      `Syntax error: the key "${key}" has ${positions.length} dimension(s); the dataflow has ${dims.length}: ${dims.map((d) => d.id).join('.')}`,
    );
  return positions.map((p, i) => {
    if (p === '') return null;
    const dim = dims[i]!;
    const codes = p.split('+');
    for (const c of codes) {
      if (!/^[A-Za-z0-9_@$-]+$/.test(c))
        throw new SdmxFault(400, 140, `Syntax error: "${c}" at position ${i + 1} (${dim.id}) is not a code`);
      if (!dim.codes.has(c))
        throw new SdmxFault(
          400,
          150,
          `Semantic error: unknown code "${c}" for dimension ${dim.id} (position ${i + 1})`,
        );
    }
    return new Set(codes);
  });
}

const MONTH = /^(\d{4})(?:-M?(\d{2}))?$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

/** A reporting period parameter as a month: 2024 | 2024-03 | 2024-M03 | 2024-Q2 (start or end of it). */
export function periodBound(v: string, name: string, edge: 'start' | 'end'): string {
  const q = QUARTER.exec(v);
  if (q) {
    const first = (Number(q[2]) - 1) * 3 + 1;
    return `${q[1]}-${String(edge === 'start' ? first : first + 2).padStart(2, '0')}`;
  }
  const m = MONTH.exec(v) ?? /^(\d{4})-(\d{2})-\d{2}$/.exec(v);
  if (!m || (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 12)))
    throw new SdmxFault(400, 140, `Syntax error: ${name}="${v}" is not a period (YYYY, YYYY-MM, YYYY-Qn)`);
  return m[2] === undefined ? `${m[1]}-${edge === 'start' ? '01' : '12'}` : `${m[1]}-${m[2]}`;
}

export type Detail = 'full' | 'dataonly' | 'serieskeysonly' | 'nodata';

export interface DataParams {
  startPeriod?: string | undefined;
  endPeriod?: string | undefined;
  firstNObservations?: number | undefined;
  lastNObservations?: number | undefined;
  dimensionAtObservation?: string | undefined;
  detail?: string | undefined;
  updatedAfter?: string | undefined;
  includeHistory?: string | undefined;
}

export interface DataQuery {
  from: string | null;
  to: string | null;
  firstN: number | null;
  lastN: number | null;
  /** 'TIME_PERIOD' (time series) or 'AllDimensions' (flat). */
  atObservation: 'TIME_PERIOD' | 'AllDimensions';
  detail: Detail;
  updatedAfter: Date | null;
}

export function parseDataParams(p: DataParams): DataQuery {
  const from = p.startPeriod ? periodBound(p.startPeriod, 'startPeriod', 'start') : null;
  const to = p.endPeriod ? periodBound(p.endPeriod, 'endPeriod', 'end') : null;
  if (from && to && from > to)
    throw new SdmxFault(
      400,
      150,
      `Semantic error: startPeriod (${p.startPeriod}) is after endPeriod (${p.endPeriod})`,
    );
  const n = (v: number | undefined, name: string) => {
    if (v === undefined) return null;
    if (v > MAX_N_OBSERVATIONS)
      throw new SdmxFault(
        413,
        130,
        `Response too large: ${name}=${v} is over the limit of ${MAX_N_OBSERVATIONS}`,
      );
    return v;
  };
  const at = p.dimensionAtObservation ?? 'TIME_PERIOD';
  if (at !== 'TIME_PERIOD' && at !== 'AllDimensions')
    throw new SdmxFault(
      501,
      501,
      `Not implemented: dimensionAtObservation=${at} (TIME_PERIOD and AllDimensions are)`,
    );
  const detail = p.detail ?? 'full';
  if (!['full', 'dataonly', 'serieskeysonly', 'nodata'].includes(detail))
    throw new SdmxFault(
      400,
      140,
      `Syntax error: detail=${detail} (full, dataonly, serieskeysonly or nodata)`,
    );
  if (p.includeHistory === 'true')
    throw new SdmxFault(
      501,
      501,
      'Not implemented: includeHistory (vintages: the asOf parameter of the observations API)',
    );
  let updatedAfter: Date | null = null;
  if (p.updatedAfter) {
    updatedAfter = new Date(p.updatedAfter);
    if (Number.isNaN(updatedAfter.getTime()))
      throw new SdmxFault(400, 140, `Syntax error: updatedAfter="${p.updatedAfter}" is not a date-time`);
  }
  return {
    from,
    to,
    firstN: n(p.firstNObservations, 'firstNObservations'),
    lastN: n(p.lastNObservations, 'lastNObservations'),
    atObservation: at,
    detail: detail as Detail,
    updatedAfter,
  };
}

// ---------- content negotiation ----------

export type DataFormat = 'generic' | 'structurespecific' | 'json' | 'csv';
export type StructureFormat = 'xml' | 'json';

export const DATA_TYPES: Record<DataFormat, string> = {
  generic: 'application/vnd.sdmx.genericdata+xml; version=2.1; charset=utf-8',
  structurespecific: 'application/vnd.sdmx.structurespecificdata+xml; version=2.1; charset=utf-8',
  json: 'application/vnd.sdmx.data+json; version=1.0.0; charset=utf-8',
  csv: 'application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8',
};
export const STRUCTURE_TYPES: Record<StructureFormat, string> = {
  xml: 'application/vnd.sdmx.structure+xml; version=2.1; charset=utf-8',
  json: 'application/vnd.sdmx.structure+json; version=1.0.0; charset=utf-8',
};

const DATA_FORMAT_PARAMS: Record<string, DataFormat> = {
  genericdata: 'generic',
  generic: 'generic',
  structurespecificdata: 'structurespecific',
  structurespecific: 'structurespecific',
  jsondata: 'json',
  'sdmx-json': 'json',
  json: 'json',
  csv: 'csv',
  csvfile: 'csv',
  'sdmx-csv': 'csv',
};

interface Accepted {
  type: string;
  version: string | null;
  q: number;
}

function parseAccept(accept: string | undefined): Accepted[] {
  if (!accept?.trim()) return [{ type: '*/*', version: null, q: 1 }];
  return accept
    .split(',')
    .map((part) => {
      const [type, ...params] = part.split(';').map((s) => s.trim());
      const param = (n: string) =>
        params.find((p) => p.toLowerCase().startsWith(`${n}=`))?.split('=')[1] ?? null;
      return { type: (type ?? '').toLowerCase(), version: param('version'), q: Number(param('q') ?? 1) };
    })
    .filter((a) => a.q > 0)
    .sort((a, b) => b.q - a.q);
}

const notAcceptable = (what: string, offered: readonly string[]) =>
  new SdmxFault(406, 406, `Not acceptable: ${what}; this resource is available as ${offered.join(', ')}`);

/** The data format: `format=` wins over Accept; default SDMX-ML 2.1 generic data. */
export function negotiateData(accept: string | undefined, format: string | undefined): DataFormat {
  if (format !== undefined) {
    const f = DATA_FORMAT_PARAMS[format.toLowerCase()];
    if (!f) throw notAcceptable(`format=${format}`, Object.keys(DATA_FORMAT_PARAMS));
    return f;
  }
  for (const a of parseAccept(accept)) {
    const v = a.version;
    if (a.type === 'application/vnd.sdmx.genericdata+xml' && (v === null || v === '2.1')) return 'generic';
    if (a.type === 'application/vnd.sdmx.structurespecificdata+xml' && (v === null || v === '2.1'))
      return 'structurespecific';
    if (a.type === 'application/vnd.sdmx.data+json' && (v === null || v.startsWith('1.0'))) return 'json';
    if (a.type === 'application/vnd.sdmx.data+csv' && (v === null || v.startsWith('1.0'))) return 'csv';
    if (['application/xml', 'text/xml', '*/*', 'application/*'].includes(a.type)) return 'generic';
    if (a.type === 'application/json') return 'json';
    if (a.type === 'text/csv' || a.type === 'text/*') return 'csv';
  }
  throw notAcceptable(
    `Accept: ${accept}`,
    Object.values(DATA_TYPES).map((t) => t.split(';').slice(0, 2).join(';')),
  );
}

/** The structure format: `format=` (structure | sdmx-json | json) or Accept; default SDMX-ML 2.1. */
export function negotiateStructure(accept: string | undefined, format: string | undefined): StructureFormat {
  if (format !== undefined) {
    const f = (
      { structure: 'xml', 'sdmx-ml': 'xml', xml: 'xml', 'sdmx-json': 'json', json: 'json' } as const
    )[format.toLowerCase() as 'xml'];
    if (!f) throw notAcceptable(`format=${format}`, ['structure', 'sdmx-json']);
    return f;
  }
  for (const a of parseAccept(accept)) {
    const v = a.version;
    if (a.type === 'application/vnd.sdmx.structure+xml' && (v === null || v === '2.1')) return 'xml';
    if (a.type === 'application/vnd.sdmx.structure+json' && (v === null || v.startsWith('1.0')))
      return 'json';
    if (['application/xml', 'text/xml', '*/*', 'application/*'].includes(a.type)) return 'xml';
    if (a.type === 'application/json') return 'json';
  }
  throw notAcceptable(
    `Accept: ${accept}`,
    Object.values(STRUCTURE_TYPES).map((t) => t.split(';').slice(0, 2).join(';')),
  );
}

/** Errors in the format the caller asked for: JSON callers get SDMX-JSON errors, the others SDMX-ML. */
export function errorFormat(accept: string | undefined, format: string | undefined): 'xml' | 'json' {
  const f = (format ?? '').toLowerCase();
  if (f.includes('json')) return 'json';
  if (f !== '') return 'xml';
  return /json/i.test(accept ?? '') ? 'json' : 'xml';
}

// ---------- series ----------

export interface DataObservation {
  /** Codes of the dimensions other than TIME_PERIOD, in DSD order. */
  key: readonly string[];
  /** YYYY-MM */
  period: string;
  /** null: suppressed or not available. */
  value: number | null;
  obsStatus: string;
  confStatus: string;
  comment: string | null;
}

export interface DataSeries {
  key: readonly string[];
  observations: DataObservation[];
}

/** Keeps the observations the key and periods ask for, grouped into series (sorted), first/last N applied. */
export function selectSeries(
  obs: readonly DataObservation[],
  key: ParsedKey,
  q: Pick<DataQuery, 'from' | 'to' | 'firstN' | 'lastN'>,
): DataSeries[] {
  const bySeries = new Map<string, DataSeries>();
  for (const o of obs) {
    if (!key.every((codes, i) => codes === null || codes.has(o.key[i]!))) continue;
    if ((q.from && o.period < q.from) || (q.to && o.period > q.to)) continue;
    const k = o.key.join('.');
    let s = bySeries.get(k);
    if (!s) {
      s = { key: o.key, observations: [] };
      bySeries.set(k, s);
    }
    s.observations.push(o);
  }
  const series = [...bySeries.values()].sort((a, b) => (a.key.join('.') < b.key.join('.') ? -1 : 1));
  for (const s of series) {
    s.observations.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
    if (q.firstN !== null || q.lastN !== null) {
      const first = q.firstN === null ? [] : s.observations.slice(0, q.firstN);
      const last = q.lastN === null ? [] : s.observations.slice(Math.max(0, s.observations.length - q.lastN));
      const keep = new Set([...first, ...last]);
      s.observations = s.observations.filter((o) => keep.has(o));
    }
  }
  const total = series.reduce((n, s) => n + s.observations.length, 0);
  if (total > MAX_OBSERVATIONS)
    throw new SdmxFault(
      413,
      130,
      `Response too large: ${total} observations (the limit is ${MAX_OBSERVATIONS}); narrow the key or the periods`,
    );
  return series;
}
