import { SaxesParser } from 'saxes';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, makeExchangeWorld } from '../../../../test/exchange-world';
import { CODELISTS } from '../../../reference/codelists';
import { STANDARD_INDICATORS } from '../../../reference/standard-indicators';

/** Codes per codelist id, parsing the whole document (throws when the XML is not well-formed). */
function codelistsOf(xml: string): Map<string, string[]> {
  const parser = new SaxesParser({ xmlns: true });
  const lists = new Map<string, string[]>();
  let current: string[] | undefined;
  parser.on('opentag', (t) => {
    if (t.local === 'Codelist') {
      current = [];
      lists.set(String(t.attributes.id?.value), current);
    }
    if (t.local === 'Code') current?.push(String(t.attributes.id?.value));
  });
  parser.write(xml).close();
  return lists;
}

describe.each(testDatabases())('exchange: SDMX structure [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t, { routes: ['EMR', 'CMR', 'WBR'] });
  });
  afterAll(() => t?.close());

  const get = (query: string, cookie?: string) =>
    t.app.inject({
      url: `/api/dialogues/${w.slug}/sdmx/structure${query}`,
      ...(cookie && { headers: { cookie } }),
    });

  it('exports the DSD and every codelist as SDMX-ML 2.1', async () => {
    const res = await get('', w.cookies.analystIta);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.sdmx.structure+xml');
    expect(res.headers['content-disposition']).toContain(`${w.slug}-structure.sdmx.xml`);
    const lists = codelistsOf(res.body);
    const slug = w.slug.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    expect(lists.get(`CL_INDICATOR_${slug}`)?.sort()).toEqual(STANDARD_INDICATORS.map((i) => i.code).sort());
    expect(lists.get(`CL_ROUTE_${slug}`)?.sort()).toEqual(['CMR', 'EMR', 'WBR', '_T'].sort());
    for (const ref of CODELISTS) expect(lists.get(`CL_${ref.id}`)).toEqual(ref.codes.map((c) => c.code));
    const countries = (await t.db.query<{ iso3: string }>(sql`SELECT trim(iso3) AS iso3 FROM countries`)).map(
      (r) => r.iso3,
    );
    const area = new Set(lists.get('CL_AREA'));
    for (const c of countries) expect(area.has(c), c).toBe(true);
    expect(area.has('STL') && area.has('UNK') && area.has('_T')).toBe(true);
    expect(res.body).toContain(`<str:DataStructure id="DSD_${slug}" agencyID="PASSAGE" version="1.0">`);
  });

  it('exports the same structure as SDMX-JSON', async () => {
    const res = await get('?format=sdmx-json', w.cookies.providerIta);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.sdmx.structure+json');
    const body = res.json();
    expect(body.data.dataStructures).toHaveLength(1);
    const dims = body.data.dataStructures[0].dataStructureComponents.dimensionList;
    expect(dims.dimensions.map((d: { id: string }) => d.id).slice(0, 3)).toEqual([
      'INDICATOR',
      'REF_AREA',
      'ROUTE',
    ]);
    expect(dims.timeDimensions.map((d: { id: string }) => d.id)).toEqual(['TIME_PERIOD']);
    const ind = body.data.codelists.find((c: { id: string }) => c.id.startsWith('CL_INDICATOR_'));
    expect(ind.codes.map((c: { id: string }) => c.id)).toContain('IBC');
  });

  it('hides a members-only dialogue from others (404) and refuses an unknown format (400)', async () => {
    expect((await get('')).statusCode).toBe(404);
    expect((await get('', w.cookies.outsider)).statusCode).toBe(404);
    expect((await get('?format=sdmx-ml21', w.cookies.analystIta)).statusCode).toBe(400);
  });
});
