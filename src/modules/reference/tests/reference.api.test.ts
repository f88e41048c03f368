import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { listCountryRefs } from '../../../reference/countries';

describe('reference data (shipped, no network)', () => {
  const all = listCountryRefs();
  it('has every ISO 3166-1 country with EN/FR/RU names and UN M49 regions', () => {
    const iso = all.filter((c) => !c.isSpecial);
    expect(iso.length).toBeGreaterThanOrEqual(249);
    const tur = all.find((c) => c.iso3 === 'TUR')!;
    expect(tur).toMatchObject({
      iso2: 'TR',
      numeric: '792',
      m49Region: '142',
      m49Subregion: '145',
      region: 'Asia',
    });
    expect(tur.name.ru).toBe('Турция');
    expect(all.find((c) => c.iso3 === 'DEU')!.name.fr).toBe('Allemagne');
    // Not in UN M49. (Kosovo is listed once, as XKX among the special codes: XKK is mapped to it on input.)
    expect(iso.filter((c) => !c.m49Region).map((c) => c.iso3)).toEqual(['ATA', 'TWN']);
  });
  it('includes stateless and unknown citizenship codes', () => {
    expect(all.filter((c) => c.isSpecial).map((c) => c.iso3)).toEqual(
      expect.arrayContaining(['STL', 'UNK', 'XKX']),
    );
  });
});

describe.each(testDatabases())('reference API [%s]', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  it('synced the countries into the database', async () => {
    const [row] = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM countries`);
    expect(row!.n).toBe(listCountryRefs().length);
  });

  it('serves countries, codelists and geometry to anonymous callers', async () => {
    const countries = await t.app.inject({ method: 'GET', url: '/api/reference/countries' });
    expect(countries.statusCode).toBe(200);
    expect(countries.json().find((c: { iso3: string }) => c.iso3 === 'GRC').name.en).toBe('Greece');
    const lists = (await t.app.inject({ method: 'GET', url: '/api/reference/codelists' })).json();
    const border = lists.find((l: { id: string }) => l.id === 'BORDER_TYPE');
    expect(border.codes.map((c: { code: string }) => c.code)).toEqual(['_T', 'LAND', 'SEA', 'AIR']);
    const geo = await t.app.inject({ method: 'GET', url: '/api/reference/geometry/countries.topojson' });
    expect(geo.statusCode).toBe(200);
    const topo = geo.json();
    expect(topo.type).toBe('Topology');
    expect(topo.objects.countries.geometries.some((g: { id: string }) => g.id === '300')).toBe(true);
  });
});
