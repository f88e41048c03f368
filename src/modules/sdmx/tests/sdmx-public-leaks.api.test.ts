/**
 * Security check of the public data: an anonymous caller of the SDMX API (dataflows, structures, data in every
 * format) sees only published figures of public indicators on public routes, never a restricted indicator, a
 * restricted route, a draft or a members-only figure (test/public-world.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makePublicWorld, PUBLIC_TOTALS, type PublicWorld, secretsIn } from '../../../../test/public-world';
import { slugId } from '../../../domain/sdmx/sdmx-structure';

describe.each(testDatabases())('SDMX: nothing secret reaches anonymous callers [%s]', (kind) => {
  let t: TestApp;
  let w: PublicWorld;
  let flow: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makePublicWorld(t);
    flow = `DF_${slugId(w.slug)}`;
  });
  afterAll(() => t?.close());

  const get = (path: string) => t.app.inject({ url: `/api/sdmx/2.1${path}` });

  it('structures (dataflows, DSD with codelists, codelists) name no restricted indicator or route', async () => {
    for (const path of [
      '/dataflow/all/all/latest',
      `/datastructure/PASSAGE/${flow.replace(/^DF_/, 'DSD_')}?references=all`,
      '/codelist/all',
      `/dataflow/PASSAGE/${flow}?format=sdmx-json&references=all`,
    ]) {
      const res = await get(path);
      expect(res.statusCode, `${path}: ${res.body.slice(0, 300)}`).toBe(200);
      expect(secretsIn(res.body), path).toEqual([]);
    }
  });

  it('data in every format holds the public figures and no secret one', async () => {
    for (const format of ['genericdata', 'structurespecificdata', 'jsondata', 'csv']) {
      const res = await get(`/data/${flow}/all?format=${format}`);
      expect(res.statusCode, `${format}: ${res.body.slice(0, 300)}`).toBe(200);
      expect(secretsIn(res.body), format).toEqual([]);
      expect(res.body).toContain(String(PUBLIC_TOTALS['2024-02']));
    }
  });

  it('asking for the secrets by key finds nothing or refuses the key', async () => {
    // The error may repeat the code asked for (RSTX, SECR), but never a figure.
    const restrictedIndicator = await get(`/data/${flow}/RSTX...........`);
    expect([400, 404]).toContain(restrictedIndicator.statusCode);
    expect(secretsIn(restrictedIndicator.body.replaceAll('RSTX', ''))).toEqual([]);
    const restrictedRoute = await get(`/data/${flow}/IBC..SECR.........?format=csv`);
    expect([400, 404]).toContain(restrictedRoute.statusCode);
    expect(secretsIn(restrictedRoute.body.replaceAll('SECR', ''))).toEqual([]);
    const afterPublic = await get(`/data/${flow}/IBC...........?startPeriod=2024-04&format=csv`);
    expect(afterPublic.statusCode).toBe(404);
    expect(secretsIn(afterPublic.body)).toEqual([]);
  });

  it('the SDMX 3.0 paths (structures, data as SDMX-JSON 2.0 and SDMX-CSV 2.0, filters) show no secret either', async () => {
    const get3 = (path: string, accept?: string) =>
      t.app.inject({ url: `/api/sdmx/3.0${path}`, headers: accept ? { accept } : {} });
    for (const path of [
      '/structure/dataflow/*/*/~?references=all',
      `/structure/datastructure/PASSAGE/${flow.replace(/^DF_/, 'DSD_')}?references=all`,
      '/structure/codelist',
    ]) {
      const res = await get3(path);
      expect(res.statusCode, `${path}: ${res.body.slice(0, 300)}`).toBe(200);
      expect(secretsIn(res.body), path).toEqual([]);
    }
    for (const accept of [undefined, 'application/vnd.sdmx.data+csv;version=2.0.0']) {
      const res = await get3(`/data/dataflow/PASSAGE/${flow}/1.0/*`, accept);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(secretsIn(res.body), accept).toEqual([]);
      expect(res.body).toContain(String(PUBLIC_TOTALS['2024-02']));
    }
    // Filters that would single out a secret find nothing or refuse the code.
    for (const path of [
      `/data/dataflow/PASSAGE/${flow}/1.0/*?c[ROUTE]=SECR`,
      `/data/dataflow/PASSAGE/${flow}/1.0/*?c[INDICATOR]=sw:RST`,
      `/data/dataflow/PASSAGE/${flow}/1.0/*?c[TIME_PERIOD]=ge:2024-04`,
    ]) {
      const res = await get3(path);
      expect([400, 404], path).toContain(res.statusCode);
      expect(secretsIn(res.body.replaceAll('SECR', '').replaceAll('RST', '')), path).toEqual([]);
    }
  });

  it('the observations API and its downloads show no secret figure either', async () => {
    for (const path of [
      `/api/dialogues/${w.slug}/observations?limit=1000`,
      `/api/dialogues/${w.slug}/observations?indicator=IBC&limit=1000`,
      `/api/dialogues/${w.slug}/sdmx/structure`,
    ]) {
      const res = await t.app.inject({ url: path });
      expect(res.statusCode, `${path}: ${res.body.slice(0, 300)}`).toBe(200);
      expect(secretsIn(res.body), path).toEqual([]);
    }
  });
});
