import { describe, expect, it } from 'vitest';
import { type DataObservation, SdmxFault } from './sdmx-query';
import {
  type FilterComponents,
  filterCodes,
  filterPredicate,
  keyCodes,
  matchesKeys,
  negotiateData3,
  negotiateStructure3,
  parseComponentFilters,
  parseData3Params,
  parseFlow3,
  parseKeys3,
} from './sdmx3-query';

const dims = [
  { id: 'INDICATOR', codes: new Set(['IBC', 'REF']) },
  { id: 'REF_AREA', codes: new Set(['GRC', 'ITA', '_T']) },
  { id: 'CITIZENSHIP', codes: new Set(['SYR', 'AFG', '_T']) },
];
const components: FilterComponents = {
  dimensions: dims,
  attributes: ['OBS_STATUS', 'CONF_STATUS', 'COMMENT'],
  measure: 'OBS_VALUE',
};
const obs = (key: string, period: string, value: number | null, extra: Partial<DataObservation> = {}) => ({
  key: key.split('.'),
  period,
  value,
  obsStatus: 'A',
  confStatus: value === null ? 'C' : 'F',
  comment: null,
  ...extra,
});

/** Status and message of the SdmxFault a call throws. */
function fault(f: () => unknown): [number, string] {
  try {
    f();
  } catch (e) {
    if (e instanceof SdmxFault) return [e.status, e.message];
    throw e;
  }
  throw new Error('no fault');
}

describe('parseFlow3', () => {
  it('names one dataflow of PASSAGE, any version spelling of 1.0', () => {
    expect(parseFlow3({ context: 'dataflow', agencyID: 'PASSAGE', resourceID: 'DF_X', version: '1.0' })).toBe(
      'DF_X',
    );
    for (const version of ['~', '+', '*', undefined, '1.0,2.0'])
      expect(parseFlow3({ context: '*', agencyID: '*', resourceID: 'DF_X', version })).toBe('DF_X');
  });
  it('refuses other contexts, several flows, other agencies and versions', () => {
    expect(fault(() => parseFlow3({ context: 'datastructure', resourceID: 'DSD_X' }))[0]).toBe(501);
    expect(fault(() => parseFlow3({ context: 'cube', resourceID: 'DF_X' }))).toEqual([
      400,
      expect.stringContaining('context "cube"'),
    ]);
    expect(fault(() => parseFlow3({ context: 'dataflow', resourceID: '*' }))[0]).toBe(501);
    expect(fault(() => parseFlow3({ context: 'dataflow', resourceID: 'DF_A,DF_B' }))[0]).toBe(501);
    expect(fault(() => parseFlow3({ context: 'dataflow', agencyID: 'ECB', resourceID: 'DF_X' }))[0]).toBe(
      404,
    );
    expect(fault(() => parseFlow3({ context: 'dataflow', resourceID: 'DF_X', version: '1.0.0' }))[0]).toBe(
      404,
    );
    expect(fault(() => parseFlow3({ context: 'dataflow', resourceID: 'DF<X' }))[0]).toBe(400);
  });
});

describe('parseKeys3', () => {
  it('reads * , + and trailing wildcards', () => {
    expect(parseKeys3('*', dims)).toEqual([[null, null, null]]);
    expect(parseKeys3(undefined, dims)).toEqual([[null, null, null]]);
    expect(parseKeys3('IBC', dims)).toEqual([[new Set(['IBC']), null, null]]);
    expect(parseKeys3('IBC.*.SYR+AFG', dims)).toEqual([[new Set(['IBC']), null, new Set(['SYR', 'AFG'])]]);
    expect(parseKeys3('IBC.GRC,REF.ITA.SYR', dims)).toEqual([
      [new Set(['IBC']), new Set(['GRC']), null],
      [new Set(['REF']), new Set(['ITA']), new Set(['SYR'])],
    ]);
  });
  it('refuses too many positions, empty positions, malformed and unknown codes, naming them', () => {
    expect(fault(() => parseKeys3('IBC.GRC.SYR.X', dims))).toEqual([
      400,
      'Syntax error: the key "IBC.GRC.SYR.X" has 4 dimensions; the dataflow has 3: INDICATOR.REF_AREA.CITIZENSHIP',
    ]);
    expect(fault(() => parseKeys3('IBC..SYR', dims))[1]).toContain('position 2 (REF_AREA)');
    expect(fault(() => parseKeys3('IB C', dims))[1]).toContain('"IB C" at position 1 (INDICATOR)');
    expect(fault(() => parseKeys3('IBC.FRA', dims))).toEqual([
      400,
      'Semantic error: unknown code "FRA" for dimension REF_AREA (position 2 of the key)',
    ]);
  });
  it('matches observations against any key and tells the codes to read', () => {
    const keys = parseKeys3('IBC.GRC,REF.ITA.SYR', dims);
    expect(matchesKeys(obs('IBC.GRC.AFG', '2024-01', 1), keys)).toBe(true);
    expect(matchesKeys(obs('REF.ITA.SYR', '2024-01', 1), keys)).toBe(true);
    expect(matchesKeys(obs('REF.ITA.AFG', '2024-01', 1), keys)).toBe(false);
    expect(keyCodes(keys, 0)).toEqual(['IBC', 'REF']);
    expect(keyCodes(keys, 2)).toBeNull();
    expect(keyCodes(parseKeys3('*', dims), 0)).toBeNull();
  });
});

describe('component filters', () => {
  const data = [
    obs('IBC.GRC.SYR', '2024-01', null),
    obs('IBC.GRC.AFG', '2024-01', 40, { comment: 'checked' }),
    obs('IBC.GRC.AFG', '2024-02', 30, { obsStatus: 'P' }),
    obs('IBC.ITA._T', '2024-03', 120),
    obs('REF.ITA._T', '2023-12', 7),
  ];
  const select = (query: Record<string, string>) => {
    const match = filterPredicate(parseComponentFilters(query, components), components);
    return data.filter(match).map((o) => `${o.key.join('.')} ${o.period}`);
  };

  it('reads , as OR and + (or a space, as a query string decodes it) as AND, with operators', () => {
    expect(select({ 'c[CITIZENSHIP]': 'SYR,_T' })).toEqual([
      'IBC.GRC.SYR 2024-01',
      'IBC.ITA._T 2024-03',
      'REF.ITA._T 2023-12',
    ]);
    expect(select({ 'c[TIME_PERIOD]': 'ge:2024-01+le:2024-02' })).toEqual([
      'IBC.GRC.SYR 2024-01',
      'IBC.GRC.AFG 2024-01',
      'IBC.GRC.AFG 2024-02',
    ]);
    expect(select({ 'c[TIME_PERIOD]': 'ge:2024-02 le:2024-12' })).toEqual([
      'IBC.GRC.AFG 2024-02',
      'IBC.ITA._T 2024-03',
    ]);
    expect(select({ 'c[TIME_PERIOD]': '2023,gt:2024-Q1' })).toEqual(['REF.ITA._T 2023-12']);
    expect(select({ 'c[TIME_PERIOD]': 'lt:2024', 'c[INDICATOR]': 'REF' })).toEqual(['REF.ITA._T 2023-12']);
    expect(select({ 'c[REF_AREA]': 'ne:GRC+ne:_T', 'c[INDICATOR]': 'IBC' })).toEqual(['IBC.ITA._T 2024-03']);
    expect(select({ 'c[OBS_STATUS]': 'P' })).toEqual(['IBC.GRC.AFG 2024-02']);
    expect(select({ 'c[COMMENT]': 'co:check' })).toEqual(['IBC.GRC.AFG 2024-01']);
    expect(select({ 'c[CITIZENSHIP]': 'sw:A', 'c[TIME_PERIOD]': 'eq:2024-01' })).toEqual([
      'IBC.GRC.AFG 2024-01',
    ]);
    expect(select({ other: 'x' })).toHaveLength(5); // not a filter: ignored here
  });

  it('never matches a suppressed value, whatever the condition on OBS_VALUE', () => {
    for (const f of ['lt:5', 'le:0', 'ge:0', 'ne:3', 'eq:3', 'gt:-1'])
      expect(select({ 'c[OBS_VALUE]': f }), f).not.toContain('IBC.GRC.SYR 2024-01');
    expect(select({ 'c[OBS_VALUE]': 'ge:30+lt:100' })).toEqual([
      'IBC.GRC.AFG 2024-01',
      'IBC.GRC.AFG 2024-02',
    ]);
  });

  it('tells the codes of a dimension when the filter is plain eq alternatives', () => {
    const f = parseComponentFilters(
      { 'c[INDICATOR]': 'REF,IBC', 'c[REF_AREA]': 'ne:GRC', 'c[CITIZENSHIP]': 'SYR+AFG' },
      components,
    );
    expect(filterCodes(f, 'INDICATOR')).toEqual(['IBC', 'REF']);
    expect(filterCodes(f, 'REF_AREA')).toBeNull();
    expect(filterCodes(f, 'CITIZENSHIP')).toBeNull();
    expect(filterCodes(f, 'OBS_STATUS')).toBeNull();
  });

  it('refuses bad filters, naming the component and what is wrong', () => {
    const bad = (q: Record<string, unknown>) => fault(() => parseComponentFilters(q, components));
    expect(bad({ 'c[NOPE]': 'A' })[1]).toContain('c[NOPE]: the dataflow has no component NOPE');
    expect(bad({ 'c[1X]': 'A' })[1]).toContain('"c[1X]" is not a component filter');
    expect(bad({ c: 'A' })[1]).toContain('"c" is not a component filter');
    expect(bad({ 'c[REF_AREA]': ['GRC', 'ITA'] })[1]).toContain('c[REF_AREA] is given more than once');
    expect(bad({ 'c[REF_AREA]': 'FRA' })).toEqual([
      400,
      'Semantic error: c[REF_AREA]: unknown code "FRA" for dimension REF_AREA',
    ]);
    expect(bad({ 'c[REF_AREA]': 'GR C' })[1]).toContain('unknown code "GR"'); // a space is an AND
    expect(bad({ 'c[REF_AREA]': 'eq:' })[1]).toContain('"eq:" has no value');
    expect(bad({ 'c[REF_AREA]': 'GRC,' })[1]).toContain('has no value');
    expect(bad({ 'c[TIME_PERIOD]': 'ge:May' })[1]).toContain('c[TIME_PERIOD]="May" is not a period');
    expect(bad({ 'c[TIME_PERIOD]': 'sw:2024' })[1]).toContain('sw does not apply to periods');
    expect(bad({ 'c[OBS_VALUE]': 'co:1' })[1]).toContain('co does not apply to numbers');
    expect(bad({ 'c[OBS_VALUE]': 'ge:1e3' })[1]).toContain('"1e3" is not a number');
  });
});

describe('parseData3Params', () => {
  const attrs = ['OBS_STATUS', 'CONF_STATUS', 'COMMENT'];
  it('maps attributes and measures; the rest onto the 2.1 query', () => {
    const all = parseData3Params({}, attrs, 'OBS_VALUE');
    expect(all).toMatchObject({ attributes: attrs, withMeasure: true });
    expect(all.base).toMatchObject({
      atObservation: 'TIME_PERIOD',
      detail: 'full',
      firstN: null,
      from: null,
    });
    expect(parseData3Params({ attributes: 'none', measures: 'none' }, attrs, 'OBS_VALUE')).toMatchObject({
      attributes: [],
      withMeasure: false,
    });
    expect(parseData3Params({ attributes: 'series' }, attrs, 'OBS_VALUE').attributes).toEqual([]);
    expect(parseData3Params({ attributes: 'obs' }, attrs, 'OBS_VALUE').attributes).toEqual(attrs);
    expect(parseData3Params({ attributes: 'COMMENT,OBS_STATUS' }, attrs, 'OBS_VALUE').attributes).toEqual([
      'OBS_STATUS',
      'COMMENT',
    ]);
    expect(parseData3Params({ measures: 'OBS_VALUE' }, attrs, 'OBS_VALUE').withMeasure).toBe(true);
    const q = parseData3Params(
      { lastNObservations: 2, dimensionAtObservation: 'AllDimensions', updatedAfter: '2024-01-01T00:00:00Z' },
      attrs,
      'OBS_VALUE',
    );
    expect(q.base).toMatchObject({ lastN: 2, atObservation: 'AllDimensions' });
    expect(q.base.updatedAfter?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });
  it('refuses unknown attributes and measures (400) and what it does not implement (501)', () => {
    expect(fault(() => parseData3Params({ attributes: 'X' }, attrs, 'OBS_VALUE'))[0]).toBe(400);
    expect(fault(() => parseData3Params({ measures: 'X' }, attrs, 'OBS_VALUE'))[0]).toBe(400);
    for (const p of [
      { asOf: '2024' },
      { offset: '1' },
      { limit: '1' },
      { sort: '*' },
      { includeHistory: 'true' },
    ])
      expect(fault(() => parseData3Params(p, attrs, 'OBS_VALUE'))[0], JSON.stringify(p)).toBe(501);
    expect(fault(() => parseData3Params({ dimensionAtObservation: 'REF_AREA' }, attrs, 'OBS_VALUE'))[0]).toBe(
      501,
    );
  });
});

describe('negotiation', () => {
  it('serves SDMX-JSON 2.0 by default and SDMX-CSV 2.0 on request; 406 for the rest', () => {
    expect(negotiateData3(undefined)).toBe('json');
    expect(negotiateData3('*/*')).toBe('json');
    expect(negotiateData3('application/vnd.sdmx.data+json;version=2.0.0')).toBe('json');
    expect(negotiateData3('application/vnd.sdmx.data+csv; version=2.0.0; labels=id')).toBe('csv');
    expect(negotiateData3('text/csv')).toBe('csv');
    expect(negotiateData3('application/vnd.sdmx.data+xml;version=3.0.0, text/csv;q=0.5')).toBe('csv');
    for (const a of [
      'application/vnd.sdmx.data+xml;version=3.0.0',
      'application/vnd.sdmx.data+json;version=1.0.0',
      'application/vnd.sdmx.data+csv;version=2.0.0;labels=name',
      'application/vnd.sdmx.data+csv;version=2.0.0;keys=both',
      'text/html',
    ])
      expect(fault(() => negotiateData3(a))[0], a).toBe(406);
    expect(negotiateStructure3('application/vnd.sdmx.structure+json;version=2.0.0')).toBe('json');
    expect(fault(() => negotiateStructure3('application/vnd.sdmx.structure+xml;version=3.0.0'))[0]).toBe(406);
  });
});
