/**
 * The public portal's API: overview, route figures, downloads and release calendar, fed only by public published
 * figures after disclosure control (test/public-world.ts holds the secrets it must never show); the same answer
 * for a signed-in member; 404 for restricted routes and non-public dialogues; 400 for bad input; 429 with
 * Retry-After past the per-IP limit.
 */
import ExcelJS from 'exceljs';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeUser } from '../../../../test/factories';
import { makePublicWorld, PUBLIC_TOTALS, type PublicWorld, secretsIn } from '../../../../test/public-world';
import { clearCachesAfterWrite } from '../../../shared/ttl-cache';

describe.each(testDatabases())('public portal API [%s]', (kind) => {
  let t: TestApp;
  let w: PublicWorld;
  let adminCookie: string;
  let closedSlug: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makePublicWorld(t);
    const admin = await makeUser(t.db, {
      orgId: w.secretariatOrgId,
      roles: [{ dialogueId: w.dialogueId, role: 'admin' }],
    });
    adminCookie = await loginCookie(t.app, admin.email, admin.password);
    closedSlug = (await makeDialogue(t.db, { classification: 'dialogue' })).slug;
  });
  afterAll(() => t?.close());

  const get = (path: string, cookie?: string) =>
    t.app.inject({ url: `/api/portal/${path}`, headers: cookie ? { cookie } : {} });

  it('overview: public routes and indicators, latest figures, data as published on; nothing secret', async () => {
    const res = await get(w.slug);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(secretsIn(res.body)).toEqual([]);
    const o = res.json();
    expect(o.routes.map((r: { code: string }) => r.code)).toEqual(['CMR', 'EMR']);
    expect(o.indicators.map((i: { code: string }) => i.code)).toContain('IBC');
    expect(o.dataAsPublishedOn).toBe('2024-03-20T10:00:00.000Z');
    expect(o.periods).toEqual({ from: '2024-01', to: '2024-03' });
    const emr = o.routes.find((r: { code: string }) => r.code === 'EMR');
    expect(emr.latest).toEqual({
      indicator: 'IBC',
      period: '2024-03',
      value: PUBLIC_TOTALS['2024-03']! * 2 + 7,
      obsStatus: 'A',
      confStatus: 'F',
    });
  });

  it('a signed-in secretariat member sees exactly what the public sees', async () => {
    const member = await get(w.slug, adminCookie);
    expect(member.statusCode).toBe(200);
    expect(member.body).toBe((await get(w.slug)).body);
    const route = await get(`${w.slug}/routes/EMR`, adminCookie);
    expect(secretsIn(route.body)).toEqual([]);
  });

  it('route figures per month and reporter, with the total over reporters', async () => {
    const res = await get(`${w.slug}/routes/EMR?indicator=IBC`);
    expect(res.statusCode, res.body).toBe(200);
    expect(secretsIn(res.body)).toEqual([]);
    const v = res.json();
    expect(v.reporters).toEqual(['GRC', 'ITA']);
    expect(v.months.map((m: { period: string }) => m.period)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(v.months[0]).toEqual({
      period: '2024-01',
      total: { value: 207, obsStatus: 'A', confStatus: 'F' },
      cells: [
        { reporter: 'GRC', value: 100, obsStatus: 'A', confStatus: 'F' },
        { reporter: 'ITA', value: 107, obsStatus: 'A', confStatus: 'F' },
      ],
    });
  });

  it('disclosure control: a small count and its complement are withheld (null, never 0) with their status', async () => {
    const res = await get(`${w.slug}/routes/CMR`);
    expect(res.statusCode, res.body).toBe(200);
    const [jan] = res.json().months;
    expect(jan.cells).toEqual([
      { reporter: 'GRC', value: null, obsStatus: 'A', confStatus: 'D' },
      { reporter: 'ITA', value: null, obsStatus: 'A', confStatus: 'C' },
    ]);
    // The sum of two withheld figures reveals neither.
    expect(jan.total).toEqual({ value: 53, obsStatus: 'A', confStatus: 'F' });
    expect(res.body).not.toContain('"value":3,');
    expect(res.body).not.toContain('"value":0');
  });

  it('restricted routes, unknown routes and dialogues that are not public are 404', async () => {
    for (const path of [
      `${w.slug}/routes/SECR`,
      `${w.slug}/routes/NOPE`,
      closedSlug,
      `${closedSlug}/releases`,
      `${w.slug}/downloads/RSTX`,
      'no-such-dialogue',
    ]) {
      const res = await get(path, path.startsWith(closedSlug) ? undefined : adminCookie);
      expect(res.statusCode, path).toBe(404);
      expect(secretsIn(res.body.replaceAll('SECR', '').replaceAll('RSTX', ''))).toEqual([]);
    }
  });

  it('bad input is refused with 400 and says where', async () => {
    const code = await get(`${w.slug}/routes/bad-code!`);
    expect(code.statusCode).toBe(400);
    expect(code.json().detail ?? code.body).toMatch(/route/);
    const format = await get(`${w.slug}/downloads/IBC?format=pdf`);
    expect(format.statusCode).toBe(400);
    expect(format.body).toMatch(/format/);
    const extra = await get(`${w.slug}/routes/EMR?colour=red`);
    expect(extra.statusCode).toBe(400);
  });

  it('downloads: CSV and XLSX with withheld cells empty and flagged, SDMX-CSV; nothing secret', async () => {
    const csv = await get(`${w.slug}/downloads/IBC`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('.csv');
    expect(secretsIn(csv.body)).toEqual([]);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'indicator,reporter,period,route,border_type,citizenship,sex,age_group,reason,place,document_type,fraud_type,return_type,value,obs_status,conf_status',
    );
    expect(lines).toContain('IBC,ITA,2024-01,CMR,_T,_T,_T,_T,_T,_T,_T,_T,_T,,A,C');
    expect(lines).toContain('IBC,GRC,2024-02,EMR,_T,_T,_T,_T,_T,_T,_T,_T,_T,110,A,F');
    expect(lines).toHaveLength(1 + 8);

    const xlsx = await get(`${w.slug}/downloads/IBC?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('data')!.eachRow((r) => {
      rows.push((r.values as unknown[]).slice(1));
    });
    expect(rows).toHaveLength(9);
    const italyCmr = rows.find((r) => r[1] === 'ITA' && r[3] === 'CMR')!;
    expect(italyCmr[13]).toBeUndefined();
    expect(italyCmr[15]).toBe('C');
    expect(JSON.stringify(rows)).not.toContain('4242');

    const sdmx = await get(`${w.slug}/downloads/IBC?format=sdmx-csv`);
    expect(sdmx.statusCode).toBe(200);
    expect(sdmx.headers['content-type']).toContain('application/vnd.sdmx.data+csv');
    expect(sdmx.body.split('\n')[0]).toMatch(/^DATAFLOW,/);
    expect(secretsIn(sdmx.body)).toEqual([]);
    expect(sdmx.body).toContain('110');
  });

  it('release calendar: past publications per reporter, nothing secret', async () => {
    const res = await get(`${w.slug}/releases`);
    expect(res.statusCode, res.body).toBe(200);
    expect(secretsIn(res.body)).toEqual([]);
    const v = res.json();
    expect(v.upcoming).toEqual([]);
    expect(v.past[0]).toMatchObject({
      at: '2024-03-20T10:00:00.000Z',
      status: 'published',
      indicators: ['IBC'],
    });
    expect(new Set(v.past.map((r: { reporter: string }) => r.reporter))).toEqual(new Set(['GRC', 'ITA']));
  });

  // The changes are made in SQL here, then announced as every write request and every job announces them
  // (clearCachesAfterWrite, src/shared/ttl-cache.ts); a change made in SQL by hand is seen after the caches'
  // time-to-live (a few seconds).
  it('the cached public table follows a reclassified route and a new figure at once', async () => {
    expect((await get(w.slug)).json().routes.map((r: { code: string }) => r.code)).toEqual(['CMR', 'EMR']);
    await t.db.query(
      sql`UPDATE routes SET classification = 'restricted' WHERE dialogue_id = ${w.dialogueId} AND code = 'CMR'`,
    );
    // Still the cached answer until the change is announced: the cache is what answers repeated requests.
    expect((await get(w.slug)).json().routes.map((r: { code: string }) => r.code)).toEqual(['CMR', 'EMR']);
    await clearCachesAfterWrite();
    const after = await get(`${w.slug}/routes/CMR`);
    expect(after.statusCode).toBe(404);
    expect((await get(w.slug)).json().routes.map((r: { code: string }) => r.code)).toEqual(['EMR']);
    expect((await get(`${w.slug}/downloads/IBC`)).body).not.toContain(',CMR,');
    const [ibc] = await t.db.query<{ id: number }>(
      sql`SELECT id FROM indicators WHERE dialogue_id = ${w.dialogueId} AND code = 'IBC'`,
    );
    await t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route, value, status,
        classification, published_at)
      VALUES (${w.dialogueId}, ${ibc!.id}, 'GRC', '2024-04-01', 'EMR', 130, 'published', 'public', '2024-04-20T10:00:00Z')`);
    await clearCachesAfterWrite();
    const emr = (await get(`${w.slug}/routes/EMR`)).json();
    expect(emr.months.map((m: { period: string }) => m.period)).toContain('2024-04');
  });
});

describe.each(testDatabases())('public portal rate limit [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  beforeAll(async () => {
    const before = process.env.PASSAGE_PUBLIC_RATE_LIMIT;
    process.env.PASSAGE_PUBLIC_RATE_LIMIT = '3';
    try {
      t = await createTestApp(kind);
    } finally {
      if (before === undefined) delete process.env.PASSAGE_PUBLIC_RATE_LIMIT;
      else process.env.PASSAGE_PUBLIC_RATE_LIMIT = before;
    }
    slug = (await makeDialogue(t.db, { classification: 'public' })).slug;
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After past the per-IP limit, per address', async () => {
    const from = (ip: string) => t.app.inject({ url: `/api/portal/${slug}/releases`, remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await from('192.0.2.1')).statusCode).toBe(200);
    const limited = await from('192.0.2.1');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect((await from('192.0.2.2')).statusCode).toBe(200);
    const sdmx = await t.app.inject({ url: '/api/sdmx/2.1/dataflow', remoteAddress: '192.0.2.1' });
    expect(sdmx.statusCode).toBe(200); // its own limit per route
  });
});
