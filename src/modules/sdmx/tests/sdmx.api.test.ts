import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv as AjvType } from 'ajv';
import { SaxesParser } from 'saxes';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { SDMX_DIMENSION_COLUMNS } from '../../../domain/sdmx/sdmx-csv';
import { structureSpecificNamespace, toStructureSpecificSchema } from '../../../domain/sdmx/sdmx-data';
import { HAS_SCHEMAS, HAS_XMLLINT, makeSdmxWorld, SCHEMAS, type SdmxWorld, xsdErrors } from './sdmx-world';

const require = createRequire(import.meta.url);
const canValidateXml = HAS_SCHEMAS && HAS_XMLLINT;
if (!canValidateXml)
  console.warn(
    `SDMX-ML schema checks skipped: ${HAS_SCHEMAS ? 'xmllint (libxml2-utils) is not installed' : `${SCHEMAS} is absent`}`,
  );

function ajvFor(file: string): ((data: unknown) => boolean) & { errors?: unknown } {
  const Ajv = require('ajv') as { default: new (o: object) => AjvType };
  const addFormats = require('ajv-formats') as { default: (a: AjvType) => void };
  const ajv = new Ajv.default({ strict: false, validateSchema: false, allErrors: true });
  addFormats.default(ajv);
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  delete schema.$schema;
  delete schema.id;
  return ajv.compile(schema) as ((data: unknown) => boolean) & { errors?: unknown };
}

interface GenericObs {
  key: Record<string, string>;
  period: string;
  value: string | undefined;
  attributes: Record<string, string>;
}

/** Parses a GenericData message (time series) into observations. */
function genericObservations(xml: string): GenericObs[] {
  const parser = new SaxesParser({ xmlns: true });
  const out: GenericObs[] = [];
  let seriesKey: Record<string, string> = {};
  let cur: GenericObs | undefined;
  let where: 'key' | 'attrs' | '' = '';
  parser.on('opentag', (t) => {
    const a = (n: string) => String(t.attributes[n]?.value ?? '');
    if (t.local === 'Series') seriesKey = {};
    if (t.local === 'SeriesKey') where = 'key';
    if (t.local === 'Obs') cur = { key: seriesKey, period: '', value: undefined, attributes: {} };
    if (t.local === 'ObsDimension' && cur) cur.period = a('value');
    if (t.local === 'ObsValue' && cur) cur.value = a('value');
    if (t.local === 'Attributes') where = 'attrs';
    if (t.local === 'Value') {
      if (where === 'key') seriesKey[a('id')] = a('value');
      if (where === 'attrs' && cur) cur.attributes[a('id')] = a('value');
    }
  });
  parser.on('closetag', (t) => {
    if (t.local === 'SeriesKey' || t.local === 'Attributes') where = '';
    if (t.local === 'Obs' && cur) {
      out.push(cur);
      cur = undefined;
    }
  });
  parser.write(xml).close();
  return out;
}

const KEY_GRC_EMR = 'IBC.GRC.EMR.........';

describe.each(testDatabases())('SDMX REST 2.1 [%s]', (kind) => {
  let t: TestApp;
  let w: SdmxWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeSdmxWorld(t);
  });
  afterAll(() => t?.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url: `/api/sdmx/2.1${path}`, headers });

  it('lists dataflows the caller may see as a valid SDMX-ML 2.1 structure message', async () => {
    const res = await get('/dataflow/all/all/latest');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.sdmx.structure+xml');
    expect(res.body).toContain(`<str:Dataflow id="${w.flow}" agencyID="PASSAGE" version="1.0">`);
    expect(res.body).not.toContain(w.closedFlow);
    if (canValidateXml) expect(xsdErrors(res.body)).toBe('');
    const member = await get('/dataflow/PASSAGE', { cookie: w.closedMember });
    expect(member.body).toContain(w.closedFlow);
  });

  it('serves the DSD with its codelists and concepts, one codelist, the concept scheme; all schema-valid', async () => {
    const dsdId = w.flow.replace(/^DF_/, 'DSD_');
    const dsd = await get(`/datastructure/PASSAGE/${dsdId}/1.0`);
    expect(dsd.statusCode, dsd.body).toBe(200);
    expect(dsd.body).toContain(`<str:DataStructure id="${dsdId}"`);
    expect(dsd.body).toContain('<str:Codelist id="CL_AREA"');
    expect(dsd.body).toContain('<str:ConceptScheme id="CS_PASSAGE"');
    const cl = await get(`/codelist/PASSAGE/CL_INDICATOR_${w.flow.slice(3)}`);
    expect(cl.statusCode).toBe(200);
    expect(cl.body).toContain('<str:Code id="IBC">');
    // ASY is for members only: not in the anonymous codelist, in the member's.
    expect(cl.body).not.toContain('<str:Code id="ASY">');
    const clMember = await get(`/codelist/PASSAGE/CL_INDICATOR_${w.flow.slice(3)}`, { cookie: w.analystGrc });
    expect(clMember.body).toContain('<str:Code id="ASY">');
    expect(cl.body).not.toContain('<str:DataStructure');
    const cs = await get('/conceptscheme/PASSAGE/CS_PASSAGE/1.0');
    expect(cs.statusCode).toBe(200);
    expect(cs.body).toContain('<str:Concept id="CONF_STATUS">');
    if (canValidateXml) for (const r of [dsd, cl, cs]) expect(xsdErrors(r.body)).toBe('');
  });

  it('serves structures as SDMX-JSON 1.0, valid against the official JSON schema', async () => {
    const res = await get(`/datastructure/PASSAGE/${w.flow.replace(/^DF_/, 'DSD_')}?format=sdmx-json`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.sdmx.structure+json');
    const body = res.json();
    expect(body.data.dataStructures[0].dataStructureComponents.dimensionList.dimensions).toHaveLength(12);
    const byAccept = await get('/dataflow', { accept: 'application/vnd.sdmx.structure+json;version=1.0.0' });
    expect(byAccept.json().data.dataflows.map((f: { id: string }) => f.id)).toContain(w.flow);
    const file = `${SCHEMAS}/sdmx-json-1.0/sdmx-json-structure-schema.json`;
    if (HAS_SCHEMAS) {
      const validate = ajvFor(file);
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('answers data as GenericData with disclosure control for anonymous callers, unsuppressed for members', async () => {
    const res = await get(`/data/${w.flow}/${KEY_GRC_EMR}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.sdmx.genericdata+xml');
    if (canValidateXml) expect(xsdErrors(res.body)).toBe('');
    const obs = genericObservations(res.body);
    expect(obs).toHaveLength(12); // 4 citizenship codes × 3 months
    const at = (c: string, p: string) => obs.find((o) => o.key.CITIZENSHIP === c && o.period === p)!;
    // Primary: 3 < 5, no value (never 0), CONF_STATUS C; secondary: the smallest other part (IRQ 12) and,
    // against the year total, February (then February's IRQ, against February's total).
    expect(at('SYR', '2024-01')).toMatchObject({ value: undefined, attributes: { CONF_STATUS: 'C' } });
    for (const [c, p] of [
      ['IRQ', '2024-01'],
      ['SYR', '2024-02'],
      ['IRQ', '2024-02'],
    ] as const)
      expect(at(c, p), `${c} ${p}`).toMatchObject({ value: undefined, attributes: { CONF_STATUS: 'D' } });
    expect(at('AFG', '2024-01')).toMatchObject({
      value: '40',
      attributes: { CONF_STATUS: 'F', OBS_STATUS: 'A' },
    });
    expect(at('_T', '2024-01').value).toBe('55');
    expect(obs.filter((o) => o.value === undefined)).toHaveLength(4);
    expect(res.body).not.toContain('checked by the ministry'); // comments are for members
    const member = genericObservations(
      (await get(`/data/${w.flow}/${KEY_GRC_EMR}`, { cookie: w.analystGrc })).body,
    );
    expect(member.find((o) => o.key.CITIZENSHIP === 'SYR' && o.period === '2024-01')).toMatchObject({
      value: '3',
      attributes: { CONF_STATUS: 'F', COMMENT: 'checked by the ministry' },
    });
    expect(member.every((o) => o.value !== undefined)).toBe(true);
    // A signed-in caller from another dialogue is an outsider here: suppressed too.
    const outsider = genericObservations(
      (await get(`/data/${w.flow}/${KEY_GRC_EMR}`, { cookie: w.outsider })).body,
    );
    expect(outsider.filter((o) => o.value === undefined)).toHaveLength(4);
  });

  it('applies the key (+ for OR, empty for all), the periods and first/last N observations', async () => {
    const two = genericObservations(
      (
        await get(
          `/data/PASSAGE,${w.flow},1.0/IBC.GRC.EMR..AFG+IRQ.......?startPeriod=2024-02&endPeriod=2024-03`,
        )
      ).body,
    );
    expect(two.map((o) => `${o.key.CITIZENSHIP} ${o.period}`).sort()).toEqual([
      'AFG 2024-02',
      'AFG 2024-03',
      'IRQ 2024-02',
      'IRQ 2024-03',
    ]);
    const last = genericObservations(
      (await get(`/data/${w.flow}/IBC.ITA..........?lastNObservations=1`)).body,
    );
    expect(last.map((o) => [o.key.REF_AREA, o.period, o.value])).toEqual([['ITA', '2024-03', '120']]);
    const first = genericObservations((await get(`/data/${w.flow}/all?firstNObservations=1`)).body);
    expect(new Set(first.map((o) => o.period))).toEqual(new Set(['2024-01']));
    // The same cells are hidden whatever the query asks for (suppression runs on the whole table).
    const one = genericObservations((await get(`/data/${w.flow}/IBC.GRC.EMR..IRQ.......`)).body);
    expect(one.find((o) => o.period === '2024-01')?.value).toBeUndefined();
    // A restricted indicator is not in the anonymous data; nor is the members-only dialogue.
    const all = genericObservations((await get(`/data/${w.flow}`)).body);
    expect(new Set(all.map((o) => o.key.INDICATOR))).toEqual(new Set(['IBC']));
    const allMember = genericObservations((await get(`/data/${w.flow}`, { cookie: w.analystGrc })).body);
    expect(new Set(allMember.map((o) => o.key.INDICATOR))).toEqual(new Set(['IBC', 'ASY']));
  });

  it('answers StructureSpecificData valid against the DSD-specific schema, and AllDimensions', async () => {
    const res = await get(`/data/${w.flow}/${KEY_GRC_EMR}`, {
      accept: 'application/vnd.sdmx.structurespecificdata+xml;version=2.1',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toMatch(
      /<Obs xsi:type="ns1:ObsType" TIME_PERIOD="2024-01" OBS_STATUS="A" CONF_STATUS="C"\/>/,
    );
    const flat = await get(
      `/data/${w.flow}/${KEY_GRC_EMR}?format=genericdata&dimensionAtObservation=AllDimensions`,
    );
    expect(flat.statusCode).toBe(200);
    expect(flat.body).toContain('dimensionAtObservation="AllDimensions"');
    expect(flat.body).toContain('<gen:ObsKey>');
    const flatSs = await get(
      `/data/${w.flow}/${KEY_GRC_EMR}?format=structurespecificdata&dimensionAtObservation=AllDimensions`,
    );
    if (canValidateXml) {
      expect(xsdErrors(flat.body)).toBe('');
      // The DSD-specific schema, generated from the same structure the API serves.
      const dsd = await get(`/datastructure/PASSAGE/${w.flow.replace(/^DF_/, 'DSD_')}?format=sdmx-json`);
      expect(dsd.statusCode).toBe(200);
      const { buildSdmxStructureForTest } = await import('./structure-of-test');
      const structure = await buildSdmxStructureForTest(t, w.slug);
      for (const [body, at] of [
        [res.body, 'TIME_PERIOD'],
        [flatSs.body, 'AllDimensions'],
      ] as const) {
        const schema = toStructureSpecificSchema(structure, at, `${SCHEMAS}/sdmx-ml-2.1`);
        const { mkdtempSync, writeFileSync } = await import('node:fs');
        const dir = mkdtempSync('/tmp/sdmx-ss-');
        writeFileSync(`${dir}/dsd.xsd`, schema);
        writeFileSync(
          `${dir}/wrapper.xsd`,
          `<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:passage:wrapper"><xs:import namespace="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" schemaLocation="${SCHEMAS}/sdmx-ml-2.1/SDMXMessage.xsd"/><xs:import namespace="${structureSpecificNamespace(structure, at)}" schemaLocation="${dir}/dsd.xsd"/></xs:schema>`,
        );
        expect(xsdErrors(body, `${dir}/wrapper.xsd`), at).toBe('');
      }
    }
  });

  it('answers SDMX-JSON 1.0 data valid against the official schema, and SDMX-CSV 1.0', async () => {
    const res = await get(`/data/${w.flow}/${KEY_GRC_EMR}?format=jsondata`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.sdmx.data+json');
    const body = res.json();
    if (HAS_SCHEMAS) {
      const validate = ajvFor(`${SCHEMAS}/sdmx-json-1.0/sdmx-json-data-schema.json`);
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    }
    const dims = body.data.structure.dimensions.series as { id: string; values: { id: string }[] }[];
    const time = body.data.structure.dimensions.observation[0].values.map((v: { id: string }) => v.id);
    const conf = body.data.structure.attributes.observation[1].values.map((v: { id: string }) => v.id);
    const cit = dims.findIndex((d) => d.id === 'CITIZENSHIP');
    const found: Record<string, [number | null, string]> = {};
    for (const [k, s] of Object.entries(
      body.data.dataSets[0].series as Record<
        string,
        { observations: Record<string, [number | null, number, number]> }
      >,
    )) {
      const c = dims[cit]!.values[Number(k.split(':')[cit])]!.id;
      for (const [ti, o] of Object.entries(s.observations))
        found[`${c} ${time[Number(ti)]}`] = [o[0], conf[o[2]]];
    }
    expect(found['SYR 2024-01']).toEqual([null, 'C']);
    expect(found['AFG 2024-01']).toEqual([40, 'F']);
    const csv = await get(`/data/${w.flow}/${KEY_GRC_EMR}`, {
      accept: 'application/vnd.sdmx.data+csv;version=1.0.0',
    });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      [
        'DATAFLOW',
        'INDICATOR',
        'REF_AREA',
        ...Object.values(SDMX_DIMENSION_COLUMNS),
        'TIME_PERIOD',
        'OBS_VALUE',
        'OBS_STATUS',
        'CONF_STATUS',
        'COMMENT',
      ].join(','),
    );
    expect(lines.find((l) => l.includes(',SYR,') && l.includes('2024-01'))).toMatch(/,2024-01,,A,C,$/);
    expect(lines).toHaveLength(13);
  });

  it('sends ETag, Last-Modified and Cache-Control, and 304 on If-None-Match', async () => {
    const res = await get(`/data/${w.flow}/${KEY_GRC_EMR}`);
    expect(res.headers.etag).toMatch(/^".+"$/);
    expect(res.headers['last-modified']).toBe(new Date('2024-03-20T10:00:00Z').toUTCString());
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const again = await get(`/data/${w.flow}/${KEY_GRC_EMR}`, { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const member = await get(`/data/${w.flow}/${KEY_GRC_EMR}`, { cookie: w.analystGrc });
    expect(member.headers['cache-control']).toBe('private, no-cache');
    expect(member.headers.etag).not.toBe(res.headers.etag);
    const structure = await get('/dataflow');
    expect((await get('/dataflow', { 'if-none-match': String(structure.headers.etag) })).statusCode).toBe(
      304,
    );
  });

  it('filters by updatedAfter and answers detail=serieskeysonly, dataonly and nodata', async () => {
    const after = genericObservations(
      (await get(`/data/${w.flow}/IBC.ITA..........?updatedAfter=2024-02-25T00:00:00Z`)).body,
    );
    expect(after.map((o) => o.period)).toEqual(['2024-03']);
    const keys = await get(`/data/${w.flow}/${KEY_GRC_EMR}?detail=serieskeysonly`);
    expect(keys.statusCode).toBe(200);
    expect(keys.body).toContain('<gen:SeriesKey>');
    expect(keys.body).not.toContain('<gen:Obs>');
    if (canValidateXml) expect(xsdErrors(keys.body)).toBe('');
    const dataOnly = await get(`/data/${w.flow}/${KEY_GRC_EMR}?detail=dataonly`);
    expect(dataOnly.body).toContain('<gen:ObsValue value="40"/>');
    expect(dataOnly.body).not.toContain('<gen:Attributes>');
    const noData = await get(`/data/${w.flow}/${KEY_GRC_EMR}?detail=nodata`);
    expect(noData.body).not.toContain('<gen:ObsValue');
  });

  describe('bad input: SDMX error messages with the right status', () => {
    const cases: [string, string, Record<string, string>, number, number, RegExp][] = [
      ['unknown flow', '/data/DF_NOPE/all', {}, 404, 100, /No results found: no dataflow DF_NOPE/],
      ['a members-only flow, anonymously', '', {}, 404, 100, /No results found/],
      [
        'wrong number of dimensions',
        '/data/FLOW/IBC.GRC',
        {},
        400,
        140,
        /has 2 dimension\(s\); the dataflow has 12/,
      ],
      [
        'unknown code',
        '/data/FLOW/IBC.XXX..........',
        {},
        400,
        150,
        /unknown code &quot;XXX&quot; for dimension REF_AREA/,
      ],
      ['malformed code', '/data/FLOW/IB%3CC.GRC..........', {}, 400, 140, /is not a code/],
      [
        'inverted periods',
        '/data/FLOW/all?startPeriod=2024-03&endPeriod=2024-01',
        {},
        400,
        150,
        /startPeriod \(2024-03\) is after endPeriod/,
      ],
      ['a bad period', '/data/FLOW/all?startPeriod=March', {}, 400, 140, /is not a period/],
      ['unsupported format', '/data/FLOW/all?format=xlsx', {}, 406, 406, /Not acceptable: format=xlsx/],
      [
        'unsupported Accept',
        '/data/FLOW/all',
        { accept: 'text/html' },
        406,
        406,
        /Not acceptable: Accept: text\/html/,
      ],
      [
        'unsupported version',
        '/data/FLOW/all',
        { accept: 'application/vnd.sdmx.genericdata+xml;version=3.0.0' },
        406,
        406,
        /Not acceptable/,
      ],
      [
        'huge lastNObservations',
        '/data/FLOW/all?lastNObservations=100000000',
        {},
        413,
        130,
        /over the limit of 10000/,
      ],
      ['a bad lastNObservations', '/data/FLOW/all?lastNObservations=-1', {}, 400, 140, /lastNObservations/],
      [
        'unsupported dimensionAtObservation',
        '/data/FLOW/all?dimensionAtObservation=REF_AREA',
        {},
        501,
        501,
        /Not implemented/,
      ],
      ['a data provider', '/data/FLOW/all/GRC_MOI', {}, 501, 501, /Not implemented: data providers/],
      ['no results', '/data/FLOW/IBC.TUR..........', {}, 404, 100, /No results found/],
      ['another agency', '/dataflow/ESTAT/all/latest', {}, 404, 100, /agency &quot;ESTAT&quot;/],
      ['an unknown codelist', '/codelist/PASSAGE/CL_NOPE', {}, 404, 100, /No results found/],
    ];
    it.each(cases)('%s', async (_name, path, headers, status, code, message) => {
      const url = path === '' ? `/data/${w.closedFlow}/all` : path.replace('FLOW', w.flow);
      const res = await get(url, headers);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/xml');
      expect(res.body).toContain(`<mes:ErrorMessage code="${code}">`);
      expect(res.body).toMatch(message);
      if (canValidateXml) expect(xsdErrors(res.body)).toBe('');
    });

    it('answers SDMX-JSON errors to JSON callers', async () => {
      const res = await get(`/data/${w.flow}/IBC.GRC?format=jsondata`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ errors: [expect.objectContaining({ code: 140 })] });
      if (HAS_SCHEMAS) {
        const validate = ajvFor(`${SCHEMAS}/sdmx-json-1.0/sdmx-json-data-schema.json`);
        expect(validate(res.json())).toBe(true);
      }
    });

    it('lets a member read the members-only flow', async () => {
      const res = await get(`/data/${w.closedFlow}/all`, { cookie: w.closedMember });
      expect(res.statusCode, res.body).toBe(200);
      expect(genericObservations(res.body).map((o) => o.value)).toEqual(['500', '500', '500']);
    });
  });

  it('applies the same disclosure control to the observations API for non-members', async () => {
    const url = `/api/dialogues/${w.slug}/observations?indicator=IBC&reporter=GRC&limit=1000`;
    const anon = (await t.app.inject({ url })).json() as {
      period: string;
      value: number | null;
      flags: string[];
      breakdowns: { citizenship: string };
    }[];
    const at = (rows: typeof anon, c: string, p: string) =>
      rows.find((o) => o.breakdowns.citizenship === c && o.period === p)!;
    expect(at(anon, 'SYR', '2024-01')).toMatchObject({ value: null, flags: ['confidential'] });
    expect(at(anon, 'IRQ', '2024-02')).toMatchObject({ value: null, flags: ['confidential'] });
    expect(Number(at(anon, 'AFG', '2024-01').value)).toBe(40);
    expect(anon.filter((o) => o.value === null)).toHaveLength(4);
    // Narrower filters hide the same cells.
    const one = (await t.app.inject({ url: `${url}&citizenship=IRQ&from=2024-01&to=2024-01` })).json();
    expect(one).toMatchObject([{ value: null }]);
    const member = (await t.app.inject({ url, headers: { cookie: w.analystGrc } })).json() as typeof anon;
    expect(Number(at(member, 'SYR', '2024-01').value)).toBe(3);
    const csv = await t.app.inject({ url: `${url}&format=sdmx-csv` });
    expect(csv.body).not.toMatch(/,SYR,[^\n]*,3,/);
  });

  it("follows the dialogue's threshold, which its admins set (denied to others, bad values refused)", async () => {
    const url = `/api/admin/dialogues/${w.dialogueId}`;
    const patch = (cookie: string, payload: object) =>
      t.app.inject({ method: 'PATCH', url, headers: { cookie, 'x-passage-csrf': '1' }, payload });
    const settings = await t.app.inject({ url, headers: { cookie: w.admin } });
    expect(settings.statusCode, settings.body).toBe(200);
    expect(settings.json().disclosureThreshold).toBe(5);
    const revision = settings.json().revision;
    expect(
      (await patch(w.analystGrc, { expectedRevision: revision, disclosureThreshold: 3 })).statusCode,
    ).toBe(403);
    const bad = await patch(w.admin, { expectedRevision: revision, disclosureThreshold: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.disclosureThreshold');
    const ok = await patch(w.admin, { expectedRevision: revision, disclosureThreshold: 3 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().disclosureThreshold).toBe(3);
    try {
      const obs = genericObservations((await get(`/data/${w.flow}/${KEY_GRC_EMR}`)).body);
      expect(obs.every((o) => o.value !== undefined)).toBe(true);
    } finally {
      await t.db.query(sql`UPDATE dialogues SET disclosure_threshold = 5 WHERE id = ${w.dialogueId}`);
    }
  });

  it('lists the SDMX routes in the OpenAPI document under the sdmx tag', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/sdmx/2.1/'));
    expect(paths).toContain('/api/sdmx/2.1/data/{flow}/{key}');
    expect(paths).toContain('/api/sdmx/2.1/dataflow/{agency}/{id}/{version}');
    expect(doc.paths['/api/sdmx/2.1/data/{flow}/{key}'].get.tags).toEqual(['sdmx']);
  });
});
