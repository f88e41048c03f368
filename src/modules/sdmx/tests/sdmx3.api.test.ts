/**
 * SDMX REST 3.0 (/api/sdmx/3.0) against the same world as the 2.1 tests (sdmx-world.ts): SDMX-JSON 2.0 data and
 * structure messages valid against the official SDMX-JSON 2.0 schemas (../shared/sdmx-schemas), SDMX-CSV 2.0 with
 * the field guide's columns, the same figures as the 2.1 path for the same query, disclosure control (a suppressed
 * cell has null), embargoed figures invisible, access (anonymous, members, members-only flows, token scopes) and
 * bad input answered with SDMX-JSON 2.0 errors naming what is wrong.
 *
 * No SDMX 3.0 client reads the server here: the Python package sdmx1 is not installable on this machine (the
 * Python package index is not reachable; Debian has no package of it) and R's rsdmx reads SDMX 2.1 only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv as AjvType } from 'ajv';
import { parse } from 'csv-parse/sync';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problemWithoutInstance, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { SDMX_DIMENSION_COLUMNS } from '../../../domain/sdmx/sdmx-csv';
import { GRC_FIGURES, HAS_SCHEMAS, makeSdmxWorld, SCHEMAS, type SdmxWorld } from './sdmx-world';

const require = createRequire(import.meta.url);
const JSON2 = `${SCHEMAS}/sdmx-json-2.0`;
if (!HAS_SCHEMAS)
  console.warn(`SDMX-JSON 2.0 schema checks skipped: ${JSON2} is absent (../shared/sdmx-schemas)`);

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
const validators = new Map<string, Validate>();
/** ajv for the official SDMX-JSON 2.0 schemas (JSON Schema 2019-09). */
function validatorFor(file: 'sdmx-json-data-schema.json' | 'sdmx-json-structure-schema.json'): Validate {
  const kept = validators.get(file);
  if (kept) return kept;
  // CommonJS modules loaded with require: their shape as the packages document it.
  const Ajv2019 = require('ajv/dist/2019') as { default: new (o: object) => AjvType };
  const addFormats = require('ajv-formats') as { default: (a: AjvType) => void };
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate: Validate = ajv.compile(JSON.parse(readFileSync(`${JSON2}/${file}`, 'utf8')));
  validators.set(file, validate);
  return validate;
}
function expectValid(body: unknown, file: Parameters<typeof validatorFor>[0]) {
  if (!HAS_SCHEMAS) return;
  const validate = validatorFor(file);
  expect(validate(body), JSON.stringify(validate.errors).slice(0, 2000)).toBe(true);
}

interface Json2Structure {
  dimensions: Record<'series' | 'observation', { id: string; values: { id: string }[] }[]>;
  attributes: {
    observation: { id: string; values?: { id?: string; value?: string; name?: string }[] }[];
  };
  measures: { observation: { id: string }[] };
}

/** An SDMX-JSON data message: 2.0 (`structures`) or 1.0 (`structure`, no measures list). */
interface JsonData {
  data: {
    structures?: Json2Structure[];
    structure?: Omit<Json2Structure, 'measures'>;
    dataSets: {
      series?: Record<string, { observations: Record<string, (number | null)[]> }>;
      observations?: Record<string, (number | null)[]>;
    }[];
  };
}

/** `DIM=code|…|period` → { value, attributes } from an SDMX-JSON 2.0 (or 1.0: the same indexing) data message. */
function decodeJson(body: JsonData, version: 1 | 2) {
  const structure = version === 2 ? body.data.structures?.[0] : body.data.structure;
  if (!structure) throw new Error('no structure in the message');
  const measures = version === 2 ? body.data.structures?.[0]?.measures.observation : undefined;
  const dataSet = body.data.dataSets[0]!;
  const attrs = structure.attributes.observation;
  const hasMeasure = measures === undefined || measures.length > 0;
  const out = new Map<string, { value: number | null | undefined; attributes: Record<string, string> }>();
  const add = (codes: string[], obs: (number | null)[]) => {
    const attributes: Record<string, string> = {};
    attrs.forEach((a, i) => {
      const v = obs[(hasMeasure ? 1 : 0) + i];
      if (v !== null && v !== undefined) {
        const value = a.values![v]!;
        attributes[a.id] = value.id ?? value.value ?? value.name ?? '';
      }
    });
    out.set(codes.join('|'), { value: hasMeasure ? obs[0] : undefined, attributes });
  };
  if (dataSet.series) {
    const dims = structure.dimensions.series;
    const time = structure.dimensions.observation[0]!;
    for (const [k, s] of Object.entries(dataSet.series)) {
      const codes = k.split(':').map((v, i) => `${dims[i]!.id}=${dims[i]!.values[Number(v)]!.id}`);
      for (const [t, o] of Object.entries(s.observations)) add([...codes, time.values[Number(t)]!.id], o);
    }
  } else {
    const dims = structure.dimensions.observation;
    for (const [k, o] of Object.entries(dataSet.observations ?? {})) {
      const idx = k.split(':').map(Number);
      add(
        idx.map((v, i) =>
          i === dims.length - 1 ? dims[i]!.values[v]!.id : `${dims[i]!.id}=${dims[i]!.values[v]!.id}`,
        ),
        o,
      );
    }
  }
  return out;
}

const DIMS = ['INDICATOR', 'REF_AREA', ...Object.values(SDMX_DIMENSION_COLUMNS)];
const KEY21 = 'IBC.GRC.EMR.........';
const EMBARGOED = 8123;

describe.each(testDatabases())('SDMX REST 3.0 [%s]', (kind) => {
  let t: TestApp;
  let w: SdmxWorld;
  let data: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeSdmxWorld(t);
    data = `/data/dataflow/PASSAGE/${w.flow}`;
    // An embargoed figure: validated, scheduled for release, not published (src/modules/submissions).
    await t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route,
        citizenship, value, status, classification)
      SELECT ${w.dialogueId}, id, 'GRC', '2024-04-01'::date, 'EMR', 'SYR', ${EMBARGOED}, 'validated', 'public'
      FROM indicators WHERE dialogue_id = ${w.dialogueId} AND code = 'IBC'`);
  });
  afterAll(() => t?.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url: `/api/sdmx/3.0${path}`, headers });
  const get21 = (path: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url: `/api/sdmx/2.1${path}`, headers });

  it('answers data as SDMX-JSON 2.0, valid against the official schema, with disclosure control', async () => {
    const res = await get(`${data}/1.0/IBC.GRC.EMR`); // trailing dimensions left out: every code
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.sdmx.data+json; version=2.0.0');
    const body = res.json();
    expectValid(body, 'sdmx-json-data-schema.json');
    expect(body.data.structures[0].links[0].urn).toBe(
      `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=PASSAGE:${w.flow}(1.0)`,
    );
    const obs = decodeJson(body, 2);
    expect(obs.size).toBe(12); // 4 citizenship codes × 3 months
    const at = (c: string, p: string) =>
      obs.get(
        [
          ...DIMS.map(
            (d) => `${d}=${{ INDICATOR: 'IBC', REF_AREA: 'GRC', ROUTE: 'EMR', CITIZENSHIP: c }[d] ?? '_T'}`,
          ),
          p,
        ].join('|'),
      );
    // Primary (3 < 5): null, never 0, CONF_STATUS C; secondary: D; the rest published.
    expect(at('SYR', '2024-01')).toEqual({ value: null, attributes: { OBS_STATUS: 'A', CONF_STATUS: 'C' } });
    expect(at('IRQ', '2024-02')).toMatchObject({ value: null, attributes: { CONF_STATUS: 'D' } });
    expect(at('AFG', '2024-01')).toEqual({ value: 40, attributes: { OBS_STATUS: 'A', CONF_STATUS: 'F' } });
    expect([...obs.values()].filter((o) => o.value === null)).toHaveLength(4);
    expect(res.body).not.toContain('checked by the ministry');
    // A member gets the unsuppressed figures and the comments.
    const member = decodeJson((await get(`${data}/1.0/IBC.GRC.EMR`, { cookie: w.analystGrc })).json(), 2);
    expect([...member.values()].every((o) => typeof o.value === 'number')).toBe(true);
    expect(
      member.get(
        [
          ...DIMS.map(
            (d) =>
              `${d}=${{ INDICATOR: 'IBC', REF_AREA: 'GRC', ROUTE: 'EMR', CITIZENSHIP: 'SYR' }[d] ?? '_T'}`,
          ),
          '2024-01',
        ].join('|'),
      ),
    ).toEqual({
      value: GRC_FIGURES['2024-01']![0],
      attributes: { OBS_STATUS: 'A', CONF_STATUS: 'F', COMMENT: 'checked by the ministry' },
    });
  });

  it('gives the same figures as the 2.1 path for the same query, to the public and to members', async () => {
    const callers: Record<string, string>[] = [{}, { cookie: w.analystGrc }, { cookie: w.outsider }];
    for (const headers of callers) {
      const v21 = decodeJson((await get21(`/data/${w.flow}/${KEY21}?format=jsondata`, headers)).json(), 1);
      const v30 = decodeJson((await get(`${data}/~/IBC.GRC.EMR.*.*.*.*.*.*.*.*.*`, headers)).json(), 2);
      expect(v30.size).toBeGreaterThan(0);
      expect(new Map([...v30].map(([k, o]) => [k, o]))).toEqual(v21);
      const all21 = decodeJson((await get21(`/data/${w.flow}/all?format=jsondata`, headers)).json(), 1);
      const all30 = decodeJson((await get(`${data}/1.0/*`, headers)).json(), 2);
      expect(all30).toEqual(all21);
    }
  });

  it('answers SDMX-CSV 2.0: the field guide header, the 2.1 CSV rows, empty suppressed cells', async () => {
    const csv = await get(`${data}/1.0/IBC.GRC.EMR`, {
      accept: 'application/vnd.sdmx.data+csv;version=2.0.0',
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('application/vnd.sdmx.data+csv; version=2.0.0');
    const rows: string[][] = parse(csv.body);
    expect(rows[0]).toEqual([
      'STRUCTURE',
      'STRUCTURE_ID',
      'ACTION',
      ...DIMS,
      'TIME_PERIOD',
      'OBS_VALUE',
      'OBS_STATUS',
      'CONF_STATUS',
      'COMMENT',
    ]);
    expect(rows).toHaveLength(13);
    for (const r of rows.slice(1)) expect(r.slice(0, 3)).toEqual(['dataflow', `PASSAGE:${w.flow}(1.0)`, 'I']);
    const syr = rows.find((r) => r[3 + DIMS.indexOf('CITIZENSHIP')] === 'SYR' && r[15] === '2024-01')!;
    expect(syr.slice(16)).toEqual(['', 'A', 'C', '']);
    const csv21: string[][] = parse(
      (await get21(`/data/${w.flow}/${KEY21}`, { accept: 'application/vnd.sdmx.data+csv;version=1.0.0' }))
        .body,
    );
    expect(rows.slice(1).map((r) => r.slice(3))).toEqual(csv21.slice(1).map((r) => r.slice(1)));
    // text/csv too; attributes and measures narrow the columns.
    const narrow: string[][] = parse(
      (await get(`${data}/1.0/IBC.ITA?attributes=CONF_STATUS&measures=none`, { accept: 'text/csv' })).body,
    );
    expect(narrow[0]!.slice(-2)).toEqual(['TIME_PERIOD', 'CONF_STATUS']);
    expect(narrow.slice(1).map((r) => r.at(-1))).toEqual(['F', 'F', 'F']);
  });

  it('applies keys (+, *, several keys), c[] filters, first/last N, updatedAfter and AllDimensions', async () => {
    const periods = async (path: string, headers: Record<string, string> = {}) => {
      const res = await get(path, headers);
      expect(res.statusCode, `${path}: ${res.body.slice(0, 300)}`).toBe(200);
      expectValid(res.json(), 'sdmx-json-data-schema.json');
      return [...decodeJson(res.json(), 2).entries()]
        .map(
          ([k, o]) =>
            `${k
              .split('|')
              .find((x) => x.startsWith('CITIZENSHIP='))
              ?.slice(12)} ${k.split('|').at(-1)} ${o.value}`,
        )
        .sort();
    };
    const filtered = ['AFG 2024-02 30', 'AFG 2024-03 35', 'IRQ 2024-02 null', 'IRQ 2024-03 15'];
    expect(await periods(`${data}/1.0/IBC.GRC.EMR.*.AFG+IRQ?c[TIME_PERIOD]=ge:2024-02%2Ble:2024-03`)).toEqual(
      filtered,
    );
    // `+` in a query string is a space: the same AND.
    expect(
      await periods(`${data}/1.0/IBC.GRC?c[CITIZENSHIP]=AFG,IRQ&c[TIME_PERIOD]=ge:2024-02+le:2024-03`),
    ).toEqual(filtered);
    expect(await periods(`${data}/+/IBC.GRC.EMR.*.AFG,IBC.GRC.EMR.*.IRQ?c[TIME_PERIOD]=gt:2024-01`)).toEqual(
      filtered,
    );
    expect(await periods(`${data}/*/IBC.GRC.EMR.*.AFG?lastNObservations=1`)).toEqual(['AFG 2024-03 35']);
    expect(await periods(`${data}/1.0/IBC.GRC.EMR.*.AFG?firstNObservations=1`)).toEqual(['AFG 2024-01 40']);
    expect(await periods(`${data}/1.0/IBC.GRC.EMR.*.AFG?updatedAfter=2024-02-25T00:00:00Z`)).toEqual([
      'AFG 2024-03 35',
    ]);
    expect(
      await periods(`${data}/1.0/IBC.GRC?c[CITIZENSHIP]=ne:_T&c[TIME_PERIOD]=2024-01&c[CONF_STATUS]=F`),
    ).toEqual(['AFG 2024-01 40']);
    // A filter on the value never matches a suppressed cell (its value is not known to the filter).
    expect((await get(`${data}/1.0/IBC.GRC?c[OBS_VALUE]=lt:5`)).statusCode).toBe(404);
    expect(await periods(`${data}/1.0/IBC.GRC?c[OBS_VALUE]=lt:5`, { cookie: w.analystGrc })).toEqual([
      'SYR 2024-01 3',
    ]);
    const flat = await get(`${data}/1.0/IBC.ITA?dimensionAtObservation=AllDimensions`);
    expect(flat.statusCode, flat.body).toBe(200);
    expectValid(flat.json(), 'sdmx-json-data-schema.json');
    expect(Object.keys(flat.json().data.dataSets[0].observations)).toHaveLength(3);
    const bare = await get(`${data}/1.0/IBC.ITA?attributes=none&measures=none`);
    expectValid(bare.json(), 'sdmx-json-data-schema.json');
    expect(Object.values(bare.json().data.dataSets[0].series)).toEqual([
      { observations: { 0: [], 1: [], 2: [] } },
    ]);
  });

  it('shows no restricted indicator, members-only flow or embargoed figure to those who may not see it', async () => {
    const all = decodeJson((await get(`${data}/1.0/*`)).json(), 2);
    expect(new Set([...all.keys()].map((k) => k.split('|')[0]))).toEqual(new Set(['INDICATOR=IBC']));
    const member = decodeJson((await get(`${data}`, { cookie: w.analystGrc })).json(), 2);
    expect(new Set([...member.keys()].map((k) => k.split('|')[0]))).toEqual(
      new Set(['INDICATOR=IBC', 'INDICATOR=ASY']),
    );
    const closed = await get(`/data/dataflow/PASSAGE/${w.closedFlow}/1.0/*`);
    expect(closed.statusCode).toBe(404);
    expect(problemWithoutInstance(closed.body)).not.toContain('500');
    const closedMember = await get(`/data/dataflow/PASSAGE/${w.closedFlow}/1.0/*`, {
      cookie: w.closedMember,
    });
    expect(closedMember.statusCode, closedMember.body).toBe(200);
    const callers: Record<string, string>[] = [{}, { cookie: w.analystGrc }, { cookie: w.admin }];
    for (const headers of callers) {
      const res = await get(`${data}/1.0/*`, headers);
      expect(res.body).not.toContain(String(EMBARGOED));
      expect((await get(`${data}/1.0/IBC?c[TIME_PERIOD]=2024-04`, headers)).statusCode).toBe(404);
    }
  });

  it('asks tokens for the scope observations:read (403 problem+json without it)', async () => {
    const token = async (scopes: string[]) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: sessionHeaders(w.analystGrc),
        payload: { name: scopes.join(' '), dialogueId: w.dialogueId, scopes, expiresInDays: 1 },
      });
      expect(res.statusCode, res.body).toBe(201);
      return String(res.json().secret);
    };
    const without = await get(`${data}/1.0/*`, {
      authorization: `Bearer ${await token(['definitions:read'])}`,
    });
    expect(without.statusCode, without.body).toBe(403);
    expect(without.headers['content-type']).toContain('application/problem+json');
    expect(without.json()).toMatchObject({ code: 'TOKEN_SCOPE_MISSING', requiredScope: 'observations:read' });
    const structure = await get('/structure/dataflow', {
      authorization: `Bearer ${await token(['alerts:read'])}`,
    });
    expect(structure.statusCode).toBe(403);
    const withScope = await get(`${data}/1.0/IBC.GRC.EMR.*.SYR`, {
      authorization: `Bearer ${await token(['observations:read'])}`,
    });
    expect(withScope.statusCode, withScope.body).toBe(200);
    expect([...decodeJson(withScope.json(), 2).values()].map((o) => o.value)).toEqual([3, 20, 25]);
  });

  it('sends ETag, Last-Modified and Cache-Control as the 2.1 path, and 304 on If-None-Match', async () => {
    const res = await get(`${data}/1.0/IBC.GRC.EMR`);
    const res21 = await get21(`/data/${w.flow}/${KEY21}`);
    expect(res.headers['last-modified']).toBe(res21.headers['last-modified']);
    expect(res.headers['last-modified']).toBe(new Date('2024-03-20T10:00:00Z').toUTCString());
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.etag).toMatch(/^".+"$/);
    const again = await get(`${data}/1.0/IBC.GRC.EMR`, { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).toBe(304);
    const member = await get(`${data}/1.0/IBC.GRC.EMR`, { cookie: w.analystGrc });
    expect(member.headers['cache-control']).toBe('private, no-cache');
    const structure = await get('/structure/dataflow/*/*/~');
    expect(structure.headers['cache-control']).toBe('public, max-age=300');
    expect(
      (await get('/structure/dataflow/*/*/~', { 'if-none-match': String(structure.headers.etag) }))
        .statusCode,
    ).toBe(304);
  });

  it('answers structures as SDMX-JSON 2.0, valid against the official schema, with references', async () => {
    const flows = await get('/structure/dataflow/*/*/~');
    expect(flows.statusCode, flows.body).toBe(200);
    expect(flows.headers['content-type']).toContain('application/vnd.sdmx.structure+json; version=2.0.0');
    expectValid(flows.json(), 'sdmx-json-structure-schema.json');
    const ids = flows.json().data.dataflows.map((f: { id: string }) => f.id);
    expect(ids).toContain(w.flow);
    expect(ids).not.toContain(w.closedFlow);
    expect(flows.json().data.dataStructures).toBeUndefined(); // references=none by default
    const dsdId = w.flow.replace(/^DF_/, 'DSD_');
    const dsd = await get(`/structure/datastructure/PASSAGE/${dsdId}/1.0`, {
      accept: 'application/vnd.sdmx.structure+json;version=2.0.0',
    });
    expect(dsd.statusCode, dsd.body).toBe(200);
    expectValid(dsd.json(), 'sdmx-json-structure-schema.json');
    const components = dsd.json().data.dataStructures[0].dataStructureComponents;
    expect(components.dimensionList.dimensions.map((d: { id: string }) => d.id)).toEqual(DIMS);
    expect(components.dimensionList.timeDimension.id).toBe('TIME_PERIOD');
    expect(dsd.json().data.codelists).toBeUndefined();
    const withChildren = await get(`/structure/datastructure/PASSAGE/${dsdId}/1.0?references=children`);
    expectValid(withChildren.json(), 'sdmx-json-structure-schema.json');
    expect(withChildren.json().data.codelists.map((c: { id: string }) => c.id)).toContain('CL_AREA');
    expect(withChildren.json().data.conceptSchemes[0].id).toBe('CS_PASSAGE');
    const cl = `/structure/codelist/PASSAGE/CL_INDICATOR_${w.flow.slice(3)}/+`;
    const anon = await get(cl);
    expectValid(anon.json(), 'sdmx-json-structure-schema.json');
    const codes = (r: typeof anon) => r.json().data.codelists[0].codes.map((c: { id: string }) => c.id);
    expect(codes(anon)).toContain('IBC');
    expect(codes(anon)).not.toContain('ASY'); // members only
    expect(codes(await get(cl, { cookie: w.analystGrc }))).toContain('ASY');
    const cs = await get('/structure/conceptscheme/PASSAGE/CS_PASSAGE');
    expect(cs.statusCode).toBe(200);
    expectValid(cs.json(), 'sdmx-json-structure-schema.json');
    const closed = await get(`/structure/dataflow/PASSAGE/${w.closedFlow}`);
    expect(closed.statusCode).toBe(404);
  });

  describe('bad input: SDMX-JSON 2.0 errors with the right status, naming what is wrong', () => {
    const cases: [string, string, Record<string, string>, number, RegExp][] = [
      ['unknown flow', '/data/dataflow/PASSAGE/DF_NOPE', {}, 404, /no dataflow DF_NOPE/],
      ['a members-only flow, anonymously', 'CLOSED', {}, 404, /no dataflow/],
      [
        'too many dimensions',
        'DATA/1.0/IBC.GRC.EMR.*.*.*.*.*.*.*.*.*.*',
        {},
        400,
        /has 13 dimensions; the dataflow has 12: INDICATOR\.REF_AREA/,
      ],
      [
        'a malformed code',
        'DATA/1.0/IB%3CC.GRC',
        {},
        400,
        /"IB<C" at position 1 \(INDICATOR\) of the key is not a code/,
      ],
      [
        'an empty position',
        'DATA/1.0/IBC..EMR',
        {},
        400,
        /position 2 \(REF_AREA\) .* is empty; SDMX 3.0 writes \*/,
      ],
      ['an unknown code', 'DATA/1.0/IBC.XXX', {}, 400, /unknown code "XXX" for dimension REF_AREA/],
      [
        'a filter on no component',
        'DATA/1.0/*?c[NOPE]=1',
        {},
        400,
        /c\[NOPE\]: the dataflow has no component NOPE/,
      ],
      ['a filter that is no c[…]', 'DATA/1.0/*?c[a.b]=1', {}, 400, /"c\[a\.b\]" is not a component filter/],
      [
        'a bad period',
        'DATA/1.0/*?c[TIME_PERIOD]=ge:March',
        {},
        400,
        /c\[TIME_PERIOD\]="March" is not a period/,
      ],
      [
        'an operator on periods that does not apply',
        'DATA/1.0/*?c[TIME_PERIOD]=co:2024',
        {},
        400,
        /co does not apply to periods/,
      ],
      [
        'a value that is no number',
        'DATA/1.0/*?c[OBS_VALUE]=ge:many',
        {},
        400,
        /c\[OBS_VALUE\]: "many" is not a number/,
      ],
      [
        'an unknown code in a filter',
        'DATA/1.0/*?c[REF_AREA]=XXX',
        {},
        400,
        /c\[REF_AREA\]: unknown code "XXX"/,
      ],
      [
        'a filter given twice',
        'DATA/1.0/*?c[REF_AREA]=GRC&c[REF_AREA]=ITA',
        {},
        400,
        /c\[REF_AREA\] is given more than once/,
      ],
      ['an empty filter value', 'DATA/1.0/*?c[REF_AREA]=ge:', {}, 400, /c\[REF_AREA\]: "ge:" has no value/],
      ['unknown attributes', 'DATA/1.0/*?attributes=FOO', {}, 400, /attributes=FOO: FOO/],
      ['unknown measures', 'DATA/1.0/*?measures=FOO', {}, 400, /measures=FOO/],
      ['a bad lastNObservations', 'DATA/1.0/*?lastNObservations=-1', {}, 400, /lastNObservations/],
      [
        'huge lastNObservations',
        'DATA/1.0/*?lastNObservations=100000000',
        {},
        413,
        /over the limit of 10000/,
      ],
      [
        'SDMX-ML 3.0',
        'DATA/1.0/*',
        { accept: 'application/vnd.sdmx.data+xml;version=3.0.0' },
        406,
        /Not acceptable/,
      ],
      [
        'SDMX-JSON 1.0',
        'DATA/1.0/*',
        { accept: 'application/vnd.sdmx.data+json;version=1.0.0' },
        406,
        /version=2\.0\.0/,
      ],
      [
        'CSV labels',
        'DATA/1.0/*',
        { accept: 'application/vnd.sdmx.data+csv;version=2.0.0;labels=both' },
        406,
        /labels=id/,
      ],
      [
        'a context not served',
        '/data/datastructure/PASSAGE/DSD_X/1.0/*',
        {},
        501,
        /Not implemented: data by datastructure/,
      ],
      ['a bad context', '/data/cube/PASSAGE/DF_X/1.0/*', {}, 400, /context "cube"/],
      ['several dataflows', '/data/dataflow/PASSAGE/*/1.0/*', {}, 501, /several dataflows/],
      ['includeHistory', 'DATA/1.0/*?includeHistory=true', {}, 501, /Not implemented: includeHistory/],
      ['asOf', 'DATA/1.0/*?asOf=2024-01-01T00:00:00Z', {}, 501, /Not implemented: asOf/],
      [
        'a cross-section',
        'DATA/1.0/*?dimensionAtObservation=REF_AREA',
        {},
        501,
        /dimensionAtObservation=REF_AREA/,
      ],
      ['another agency', '/data/dataflow/ESTAT/DF_X/1.0/*', {}, 404, /agency "ESTAT"/],
      ['another version', 'DATA/2.0.0/*', {}, 404, /no version "2\.0\.0"/],
      ['no figures', 'DATA/1.0/IBC.TUR', {}, 404, /no data for/],
      ['an unknown codelist', '/structure/codelist/PASSAGE/CL_NOPE', {}, 404, /no codelist/],
      ['structure stubs', '/structure/dataflow/*/*/~?detail=allstubs', {}, 501, /detail=allstubs/],
      ['bad references', '/structure/dataflow?references=cousins', {}, 400, /references=cousins/],
      [
        'SDMX-ML structures',
        '/structure/dataflow',
        { accept: 'application/vnd.sdmx.structure+xml;version=3.0.0' },
        406,
        /structure\+json;version=2\.0\.0/,
      ],
    ];
    it.each(cases)('%s', async (_name, path, headers, status, message) => {
      const url =
        path === 'CLOSED'
          ? `/data/dataflow/PASSAGE/${w.closedFlow}/1.0/*`
          : path.replace(/^DATA/, `/data/dataflow/PASSAGE/${w.flow}`);
      const res = await get(url, headers);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/json');
      const body = res.json();
      expect(body.errors).toEqual([expect.objectContaining({ code: status })]);
      expect(body.errors[0].detail).toMatch(message);
      expectValid(body, 'sdmx-json-data-schema.json');
    });
  });

  it('lists the SDMX 3.0 routes in the OpenAPI document under the sdmx tag, with their token scope', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/sdmx/3.0/data/{context}/{agencyID}/{resourceID}/{version}/{key}'].get;
    expect(op.tags).toEqual(['sdmx']);
    expect(op['x-token-scope']).toBe('observations:read');
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['key', 'attributes', 'measures', 'lastNObservations']),
    );
    expect(doc.paths['/api/sdmx/3.0/structure/datastructure/{agency}/{id}/{version}'].get.tags).toEqual([
      'sdmx',
    ]);
  });
});
