/**
 * The SDMX REST 3.0 data query (SDMX REST API 2.x, the API of SDMX 3.0), pure: the path
 * `/data/{context}/{agencyID}/{resourceID}/{version}/{key}`, its key syntax (dimension codes separated by `.`, `*`
 * for every code of a dimension, `+` for OR, trailing dimensions left out meaning `*`, several keys separated by
 * `,`), the component filters `c[COMPONENT]=…` (`,` for OR, `+` for AND, operators `eq ne lt le gt ge co nc sw
 * ew`), the `attributes` and `measures` parameters, and content negotiation for SDMX-JSON 2.0 and SDMX-CSV 2.0.
 *
 * Everything is mapped onto the SDMX 2.1 query of sdmx-query.ts (the same observations, the same first/last N,
 * `dimensionAtObservation` and `updatedAfter`), plus a predicate over the observations the 2.1 key cannot say
 * (several keys, `ne`, ranges, filters on attributes and on the measure). The predicate sees observations after
 * disclosure control: a suppressed value (null) matches no condition on OBS_VALUE, so a filter cannot tell
 * anything about it. Bad input throws SdmxFault; the 3.0 routes render it as an SDMX-JSON 2.0 error.
 */
import {
  type DataObservation,
  type DataQuery,
  type KeyDimension,
  noResults,
  type ParsedKey,
  parseDataParams,
  periodBound,
  SdmxFault,
} from './sdmx-query';
import { SDMX_AGENCY, SDMX_VERSION } from './sdmx-structure';

// ---------- path ----------

export interface Flow3Path {
  context?: string | undefined;
  agencyID?: string | undefined;
  resourceID?: string | undefined;
  version?: string | undefined;
}

/** Versions that name PASSAGE's one version 1.0: itself, `~` (latest), `+` (latest stable), `*` (all). */
const VERSIONS = new Set([SDMX_VERSION, '~', '+', '*']);

/** The dataflow id a 3.0 data path names; several dataflows (`*`, `,`) and other contexts: 501. */
export function parseFlow3(p: Flow3Path): string {
  const context = p.context ?? '*';
  if (context === 'datastructure' || context === 'provisionagreement')
    throw new SdmxFault(
      501,
      501,
      `Not implemented: data by ${context}; ask for the dataflow (/data/dataflow/${SDMX_AGENCY}/DF_…/${SDMX_VERSION})`,
    );
  if (context !== 'dataflow' && context !== '*')
    throw new SdmxFault(
      400,
      140,
      `Syntax error: context "${context}" (dataflow, datastructure, provisionagreement or *)`,
    );
  const agency = p.agencyID ?? '*';
  for (const a of agency.split(','))
    if (a !== '*' && a !== SDMX_AGENCY)
      throw noResults(`no dataflows of agency "${a}" (this service maintains ${SDMX_AGENCY})`);
  const id = p.resourceID ?? '*';
  if (id === '*' || id.includes(','))
    throw new SdmxFault(
      501,
      501,
      'Not implemented: data of several dataflows in one query; name one dataflow (resourceID DF_…)',
    );
  if (!/^[A-Za-z0-9_@$-]+$/.test(id))
    throw new SdmxFault(400, 140, `Syntax error: "${id}" is not a dataflow id`);
  const version = p.version ?? '*';
  if (!version.split(',').some((v) => VERSIONS.has(v)))
    throw noResults(`no version "${version}" of ${id} (the structures here are version ${SDMX_VERSION})`);
  return id;
}

// ---------- key ----------

const CODE = /^[A-Za-z0-9_@$-]+$/;

/**
 * Keys of a 3.0 data query: `*` or nothing for everything; else one or more keys separated by `,`, each with at
 * most one position per dimension (missing trailing positions: `*`), each position `*` or codes joined by `+`.
 */
export function parseKeys3(key: string | undefined, dims: readonly KeyDimension[]): ParsedKey[] {
  if (key === undefined || key === '' || key === '*') return [dims.map(() => null)];
  return key.split(',').map((one) => {
    const positions = one.split('.');
    if (positions.length > dims.length)
      throw new SdmxFault(
        400,
        140,
        `Syntax error: the key "${one}" has ${positions.length} dimensions; the dataflow has ${dims.length}: ${dims.map((d) => d.id).join('.')}`,
      );
    return dims.map((dim, i) => {
      const p = positions[i];
      if (p === undefined || p === '*') return null;
      if (p === '')
        throw new SdmxFault(
          400,
          140,
          `Syntax error: position ${i + 1} (${dim.id}) of the key "${one}" is empty; SDMX 3.0 writes * for every code`,
        );
      const codes = p.split('+');
      for (const c of codes) {
        if (!CODE.test(c))
          throw new SdmxFault(
            400,
            140,
            `Syntax error: "${c}" at position ${i + 1} (${dim.id}) of the key is not a code`,
          );
        if (!dim.codes.has(c))
          throw new SdmxFault(
            400,
            150,
            `Semantic error: unknown code "${c}" for dimension ${dim.id} (position ${i + 1} of the key)`,
          );
      }
      return new Set(codes);
    });
  });
}

/** Does the observation match one of the keys? */
export function matchesKeys(o: Pick<DataObservation, 'key'>, keys: readonly ParsedKey[]): boolean {
  return keys.some((k) => k.every((codes, i) => codes === null || codes.has(o.key[i]!)));
}

/** The codes of one dimension that the keys allow (null: every code), e.g. the indicators to read. */
export function keyCodes(keys: readonly ParsedKey[], position: number): string[] | null {
  const out = new Set<string>();
  for (const k of keys) {
    const codes = k[position];
    if (!codes) return null;
    for (const c of codes) out.add(c);
  }
  return [...out].sort();
}

// ---------- component filters c[…] ----------

export const FILTER_OPERATORS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'co', 'nc', 'sw', 'ew'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterCondition {
  op: FilterOperator;
  value: string;
}

/** One `c[COMPONENT]=…`: alternatives (OR, `,`), each a list of conditions that must all hold (AND, `+`). */
export interface ComponentFilter {
  component: string;
  anyOf: FilterCondition[][];
}

/** The components a data query can filter on, and how each one is compared. */
export interface FilterComponents {
  /** Coded dimensions other than TIME_PERIOD, in DSD order, with their codes. */
  dimensions: readonly KeyDimension[];
  /** Coded attributes (OBS_STATUS, CONF_STATUS) and uncoded ones (COMMENT). */
  attributes: readonly string[];
  measure: string;
}

const OPERATOR = /^(eq|ne|lt|le|gt|ge|co|nc|sw|ew):(.*)$/s;
const VALUE = /^[^\p{Cc}]{1,200}$/u;

/**
 * Parses the `c[…]` query parameters (the other parameters are ignored here). In a query string `+` arrives as a
 * space, so a space separates AND conditions too. Values are checked: codes of a coded dimension must exist
 * (150 otherwise), TIME_PERIOD bounds are periods, OBS_VALUE bounds are numbers; a component not in the DSD, a
 * component given twice, an empty value or an operator that does not apply: 400.
 */
export function parseComponentFilters(
  query: Readonly<Record<string, unknown>>,
  components: FilterComponents,
): ComponentFilter[] {
  const filters: ComponentFilter[] = [];
  const known = [
    ...components.dimensions.map((d) => d.id),
    'TIME_PERIOD',
    components.measure,
    ...components.attributes,
  ];
  for (const [name, raw] of Object.entries(query)) {
    if (!name.startsWith('c[') && name !== 'c') continue;
    const m = /^c\[([A-Za-z][A-Za-z0-9_-]*)\]$/.exec(name);
    if (!m)
      throw new SdmxFault(
        400,
        140,
        `Syntax error: "${name}" is not a component filter; write c[COMPONENT]=value, e.g. c[REF_AREA]=GRC`,
      );
    const component = m[1]!;
    if (!known.includes(component))
      throw new SdmxFault(
        400,
        140,
        `Syntax error: c[${component}]: the dataflow has no component ${component} (components: ${known.join(', ')})`,
      );
    if (typeof raw !== 'string')
      throw new SdmxFault(
        400,
        140,
        `Syntax error: c[${component}] is given more than once; give it once, with values separated by "," (OR)`,
      );
    const anyOf = raw.split(',').map((alternative) =>
      alternative.split(/[+ ]/).map((term): FilterCondition => {
        const op = OPERATOR.exec(term);
        const name = op?.[1] ?? 'eq';
        const condition: FilterCondition = {
          op: FILTER_OPERATORS.find((x) => x === name) ?? 'eq',
          value: op ? op[2]! : term,
        };
        checkCondition(component, condition, components);
        return condition;
      }),
    );
    filters.push({ component, anyOf });
  }
  return filters;
}

function checkCondition(component: string, c: FilterCondition, components: FilterComponents): void {
  const where = `c[${component}]`;
  if (!VALUE.test(c.value))
    throw new SdmxFault(
      400,
      140,
      `Syntax error: ${where}: "${c.op}:" has no value or a value that is not text (write e.g. ${where}=ge:2024-01)`,
    );
  const isText = c.op === 'co' || c.op === 'nc' || c.op === 'sw' || c.op === 'ew';
  if (component === 'TIME_PERIOD') {
    if (isText)
      throw new SdmxFault(
        400,
        140,
        `Syntax error: ${where}: the operator ${c.op} does not apply to periods (eq, ne, lt, le, gt, ge do)`,
      );
    periodBound(c.value, where, 'start');
    return;
  }
  if (component === components.measure) {
    if (isText)
      throw new SdmxFault(
        400,
        140,
        `Syntax error: ${where}: the operator ${c.op} does not apply to numbers (eq, ne, lt, le, gt, ge do)`,
      );
    if (!/^-?\d+(\.\d+)?$/.test(c.value))
      throw new SdmxFault(400, 140, `Syntax error: ${where}: "${c.value}" is not a number`);
    return;
  }
  const dim = components.dimensions.find((d) => d.id === component);
  if (dim && (c.op === 'eq' || c.op === 'ne')) {
    if (!CODE.test(c.value))
      throw new SdmxFault(400, 140, `Syntax error: ${where}: "${c.value}" is not a code`);
    if (!dim.codes.has(c.value))
      throw new SdmxFault(
        400,
        150,
        `Semantic error: ${where}: unknown code "${c.value}" for dimension ${component}`,
      );
  }
}

function compare(op: FilterOperator, actual: string, wanted: string): boolean {
  switch (op) {
    case 'eq':
      return actual === wanted;
    case 'ne':
      return actual !== wanted;
    case 'lt':
      return actual < wanted;
    case 'le':
      return actual <= wanted;
    case 'gt':
      return actual > wanted;
    case 'ge':
      return actual >= wanted;
    case 'co':
      return actual.includes(wanted);
    case 'nc':
      return !actual.includes(wanted);
    case 'sw':
      return actual.startsWith(wanted);
    case 'ew':
      return actual.endsWith(wanted);
  }
}

/** A period condition on a month YYYY-MM: a bound like 2024 or 2024-Q2 covers its months. */
function matchesPeriod(c: FilterCondition, period: string): boolean {
  const start = periodBound(c.value, 'TIME_PERIOD', 'start');
  const end = periodBound(c.value, 'TIME_PERIOD', 'end');
  switch (c.op) {
    case 'eq':
      return period >= start && period <= end;
    case 'ne':
      return period < start || period > end;
    case 'lt':
      return period < start;
    case 'le':
      return period <= end;
    case 'gt':
      return period > end;
    case 'ge':
      return period >= start;
    default:
      return false;
  }
}

function matchesNumber(c: FilterCondition, value: number): boolean {
  const wanted = Number(c.value);
  switch (c.op) {
    case 'eq':
      return value === wanted;
    case 'ne':
      return value !== wanted;
    case 'lt':
      return value < wanted;
    case 'le':
      return value <= wanted;
    case 'gt':
      return value > wanted;
    case 'ge':
      return value >= wanted;
    default:
      return false;
  }
}

/**
 * The predicate of the filters over observations (dimension codes in `dimensions` order). A component without a
 * value (a suppressed OBS_VALUE, no COMMENT) matches no condition, whatever the operator.
 */
export function filterPredicate(
  filters: readonly ComponentFilter[],
  components: FilterComponents,
): (o: DataObservation) => boolean {
  const position = new Map(components.dimensions.map((d, i) => [d.id, i]));
  const test = (f: ComponentFilter, c: FilterCondition, o: DataObservation): boolean => {
    if (f.component === 'TIME_PERIOD') return matchesPeriod(c, o.period);
    if (f.component === components.measure) return o.value !== null && matchesNumber(c, o.value);
    const i = position.get(f.component);
    const actual =
      i !== undefined
        ? o.key[i]
        : f.component === 'OBS_STATUS'
          ? o.obsStatus
          : f.component === 'CONF_STATUS'
            ? o.confStatus
            : f.component === 'COMMENT'
              ? o.comment
              : null;
    return actual !== null && actual !== undefined && compare(c.op, actual, c.value);
  };
  return (o) => filters.every((f) => f.anyOf.some((all) => all.every((c) => test(f, c, o))));
}

/** The codes of a dimension that a filter allows when it is only `eq` alternatives (null: not that simple). */
export function filterCodes(filters: readonly ComponentFilter[], component: string): string[] | null {
  const f = filters.find((x) => x.component === component);
  if (!f?.anyOf.every((all) => all.length === 1 && all[0]!.op === 'eq')) return null;
  return [...new Set(f.anyOf.map((all) => all[0]!.value))].sort();
}

// ---------- other parameters ----------

export interface Data3Params {
  updatedAfter?: string | undefined;
  firstNObservations?: number | undefined;
  lastNObservations?: number | undefined;
  dimensionAtObservation?: string | undefined;
  attributes?: string | undefined;
  measures?: string | undefined;
  includeHistory?: string | undefined;
  asOf?: string | undefined;
  offset?: string | undefined;
  limit?: string | undefined;
  sort?: string | undefined;
}

export interface Data3Query {
  /** The 2.1 query the parameters map onto (detail full; no period bounds: c[TIME_PERIOD] is a filter). */
  base: DataQuery;
  /** The attributes to write, in DSD order. */
  attributes: string[];
  /** false: measures=none (no OBS_VALUE). */
  withMeasure: boolean;
}

/**
 * `attributes`: dsd | all | obs (every attribute: all of Passage's are attached to the observation), none,
 * dataset | series | msd (none: nothing is attached there, no metadata structure), or attribute ids separated by
 * `,`. `measures`: all | none | OBS_VALUE. `includeHistory`, `asOf`, `offset`, `limit`, `sort`: 501.
 */
export function parseData3Params(
  p: Data3Params,
  attributeIds: readonly string[],
  measure: string,
): Data3Query {
  for (const name of ['asOf', 'offset', 'limit', 'sort'] as const)
    if (p[name] !== undefined)
      throw new SdmxFault(
        501,
        501,
        `Not implemented: ${name}${name === 'asOf' ? ' (vintages: the asOf parameter of the observations API)' : ''}`,
      );
  const base = parseDataParams({
    firstNObservations: p.firstNObservations,
    lastNObservations: p.lastNObservations,
    dimensionAtObservation: p.dimensionAtObservation,
    updatedAfter: p.updatedAfter,
    includeHistory: p.includeHistory,
  });
  const attrs = (p.attributes ?? 'dsd').split(',');
  let attributes: string[];
  if (attrs.some((a) => a === 'dsd' || a === 'all' || a === 'obs')) attributes = [...attributeIds];
  else {
    const unknown = attrs.filter(
      (a) => !['none', 'dataset', 'series', 'msd'].includes(a) && !attributeIds.includes(a),
    );
    if (unknown.length)
      throw new SdmxFault(
        400,
        140,
        `Syntax error: attributes=${p.attributes}: ${unknown.join(', ')} (dsd, msd, dataset, series, obs, all, none or ids of ${attributeIds.join(', ')})`,
      );
    attributes = attributeIds.filter((a) => attrs.includes(a));
  }
  const measures = (p.measures ?? 'all').split(',');
  const badMeasure = measures.filter((m) => m !== 'all' && m !== 'none' && m !== measure);
  if (badMeasure.length)
    throw new SdmxFault(
      400,
      140,
      `Syntax error: measures=${p.measures}: ${badMeasure.join(', ')} (all, none or ${measure})`,
    );
  return { base, attributes, withMeasure: measures.some((m) => m === 'all' || m === measure) };
}

// ---------- content negotiation ----------

export type Data3Format = 'json' | 'csv';
export type Structure3Format = 'json';

export const DATA3_TYPES: Record<Data3Format, string> = {
  json: 'application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8',
  csv: 'application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8',
};
export const STRUCTURE3_TYPE = 'application/vnd.sdmx.structure+json; version=2.0.0; charset=utf-8';

interface Accepted {
  type: string;
  params: Map<string, string>;
  q: number;
}

function parseAccept(accept: string | undefined): Accepted[] {
  if (!accept?.trim()) return [{ type: '*/*', params: new Map(), q: 1 }];
  return accept
    .split(',')
    .map((part) => {
      const [type, ...rest] = part.split(';').map((s) => s.trim());
      const params = new Map(
        rest.map((p) => {
          const [k = '', v = ''] = p.split('=');
          return [k.trim().toLowerCase(), v.trim().replace(/^"|"$/g, '')] as const;
        }),
      );
      return { type: (type ?? '').toLowerCase(), params, q: Number(params.get('q') ?? 1) };
    })
    .filter((a) => a.q > 0)
    .sort((a, b) => b.q - a.q);
}

const notAcceptable = (accept: string | undefined, offered: readonly string[]) =>
  new SdmxFault(
    406,
    406,
    `Not acceptable: Accept: ${accept}; this resource is available as ${offered.join(', ')}`,
  );

const isVersion2 = (v: string | undefined) => v === undefined || v === '2' || v.startsWith('2.0');

/** SDMX-JSON 2.0 (default) or SDMX-CSV 2.0 (labels=id, timeFormat=original, keys=none); anything else 406. */
export function negotiateData3(accept: string | undefined): Data3Format {
  for (const a of parseAccept(accept)) {
    const v = a.params.get('version');
    if (a.type === 'application/vnd.sdmx.data+json' && isVersion2(v)) return 'json';
    if (a.type === 'application/vnd.sdmx.data+csv' && isVersion2(v)) {
      const labels = a.params.get('labels') ?? 'id';
      const timeFormat = a.params.get('timeformat') ?? 'original';
      const keys = a.params.get('keys') ?? a.params.get('key') ?? 'none';
      if (labels === 'id' && timeFormat === 'original' && keys === 'none') return 'csv';
      continue;
    }
    if (['*/*', 'application/*', 'application/json'].includes(a.type)) return 'json';
    if (a.type === 'text/csv' || a.type === 'text/*') return 'csv';
  }
  throw notAcceptable(accept, [
    'application/vnd.sdmx.data+json;version=2.0.0',
    'application/vnd.sdmx.data+csv;version=2.0.0 (labels=id, timeFormat=original, keys=none)',
  ]);
}

/** SDMX-JSON 2.0 structure messages only; anything else 406. */
export function negotiateStructure3(accept: string | undefined): Structure3Format {
  for (const a of parseAccept(accept)) {
    const v = a.params.get('version');
    if (a.type === 'application/vnd.sdmx.structure+json' && isVersion2(v)) return 'json';
    if (['*/*', 'application/*', 'application/json'].includes(a.type)) return 'json';
  }
  throw notAcceptable(accept, ['application/vnd.sdmx.structure+json;version=2.0.0']);
}
