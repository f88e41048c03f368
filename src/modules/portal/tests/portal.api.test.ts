/**
 * The public portal's API: overview, route figures, downloads and release calendar, fed only by public published
 * figures after disclosure control (test/public-world.ts holds the secrets it must never show); the same answer
 * for a signed-in member; 404 for restricted routes and non-public dialogues; 400 for bad input; 429 with
 * Retry-After past the per-IP limit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeUser } from '../../../../test/factories';
import { makePublicWorld, PUBLIC_TOTALS, type PublicWorld, secretsIn } from '../../../../test/public-world';
import { clearCachesAfterWrite } from '../../../shared/ttl-cache';

/** The web app's index.html as the build writes its head (the portal's pages get their own title and tags). */
const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="description" content="Passage: the app" />
    <title>Passage</title>
  </head>
  <body><div id="root"></div></body>
</html>`;

describe.each(testDatabases())('public portal API [%s]', (kind) => {
  let t: TestApp;
  let w: PublicWorld;
  let adminCookie: string;
  let closedSlug: string;
  const webDir = mkdtempSync(join(tmpdir(), 'passage-portal-web-'));
  writeFileSync(join(webDir, 'index.html'), INDEX_HTML);
  beforeAll(async () => {
    t = await createTestApp(kind, { webDir });
    w = await makePublicWorld(t);
    const admin = await makeUser(t.db, {
      orgId: w.secretariatOrgId,
      roles: [{ dialogueId: w.dialogueId, role: 'admin' }],
    });
    adminCookie = await loginCookie(t.app, admin.email, admin.password);
    closedSlug = (await makeDialogue(t.db, { classification: 'dialogue' })).slug;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

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
    // The line the portal's map draws (the route's own; restricted routes have none here: secretsIn above).
    expect(emr.geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [20, 40],
        [15, 45],
      ],
    });
    expect(emr.countries.length).toBeGreaterThan(0);
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

  it('the dashboards, forecasts and a figure’s history (no disclosure control) refuse the public', async () => {
    const base = `/api/dialogues/${w.slug}`;
    for (const path of [
      '/analytics/series?indicator=IBC&route=CMR',
      '/analytics/reporter-month?reporter=ITA&period=2024-01',
      '/analytics/choropleth?indicator=IBC',
      '/forecasts',
      '/figures/history?indicator=IBC&reporter=ITA&period=2024-01&route=CMR',
    ]) {
      const res = await t.app.inject({ url: `${base}${path}` });
      expect(res.statusCode, path).toBe(401);
      expect(res.body).not.toMatch(/"value":"?3"?[,}]/);
    }
    // The member reads the dashboard (the small count is theirs to see) …
    const member = await t.app.inject({
      url: `${base}/analytics/reporter-month?reporter=ITA&period=2024-01`,
      headers: { cookie: adminCookie },
    });
    expect(member.statusCode).toBe(200);
    // … and the public's read of the same figure withholds it.
    const anon = await t.app.inject({ url: `${base}/observations?indicator=IBC&route=CMR&format=json` });
    expect(anon.statusCode).toBe(200);
    const small = anon.json().find((o: { reporter: string; period: string }) => o.reporter === 'ITA');
    expect(small).toMatchObject({ value: null, flags: expect.arrayContaining(['confidential']) });
  });

  describe('notices, documents, sitemaps and link previews', () => {
    const ids: Record<'notice' | 'closedNotice' | 'draft' | 'doc' | 'closedDoc', number> = {
      notice: 0,
      closedNotice: 0,
      draft: 0,
      doc: 0,
      closedDoc: 0,
    };
    beforeAll(async () => {
      const notice = async (title: string, classification: string, send: boolean) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/dialogues/${w.slug}/notices`,
          headers: sessionHeaders(adminCookie),
          payload: {
            title,
            measureType: 'border_management',
            summary: `${title}: a summary long enough & <plain>.`,
            stage: 'adopted',
            state: 'GRC',
            routes: ['EMR', 'SECR'],
            classification,
            send,
          },
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json().id as number;
      };
      ids.notice = await notice('Public notice on EMR', 'public', true);
      ids.closedNotice = await notice('Members notice 8181', 'dialogue', true);
      ids.draft = await notice('Draft notice 8282', 'public', false);
      const doc = async (title: string, classification: string) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/dialogues/${w.slug}/documents?${new URLSearchParams({ title, kind: 'report', language: 'en', classification, fileName: 'r.txt' })}`,
          headers: { ...sessionHeaders(adminCookie), 'content-type': 'text/plain' },
          payload: Buffer.from(`${title}: the text of the report.`),
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json().id as number;
      };
      ids.doc = await doc('Public report', 'public');
      ids.closedDoc = await doc('Members report 8383', 'dialogue');
    });
    const hidden = ['8181', '8282', '8383', 'SECR'];
    const noneHidden = (body: string) => hidden.filter((h) => body.includes(h));

    it('lists only public sent notices, with only their public routes; others are 404', async () => {
      const res = await get(`${w.slug}/notices`);
      expect(res.statusCode, res.body).toBe(200);
      expect(noneHidden(res.body)).toEqual([]);
      const items = res.json().items;
      expect(items.map((n: { id: number }) => n.id)).toEqual([ids.notice]);
      expect(items[0]).toMatchObject({ title: 'Public notice on EMR', routes: ['EMR'], state: 'GRC' });
      expect((await get(`${w.slug}/notices`, adminCookie)).body).toBe(res.body);
      expect((await get(`${w.slug}/notices/${ids.notice}`)).json().routes).toEqual(['EMR']);
      for (const id of [ids.closedNotice, ids.draft, 999999]) {
        const one = await get(`${w.slug}/notices/${id}`, adminCookie);
        expect(one.statusCode, String(id)).toBe(404);
        expect(noneHidden(one.body)).toEqual([]);
      }
      expect((await get(`${closedSlug}/notices`)).statusCode).toBe(404);
      expect((await get(`${w.slug}/notices/abc`)).statusCode).toBe(400);
    });

    it('lists only public documents with their download; a members’ document is 404', async () => {
      const res = await get(`${w.slug}/documents`, adminCookie);
      expect(res.statusCode, res.body).toBe(200);
      expect(noneHidden(res.body)).toEqual([]);
      const [doc, ...rest] = res.json().items;
      expect(rest).toEqual([]);
      expect(doc).toMatchObject({ id: ids.doc, title: 'Public report', kind: 'report' });
      const one = (await get(`${w.slug}/documents/${ids.doc}`)).json();
      expect(one.excerpt).toContain('the text of the report');
      const file = await t.app.inject({ url: doc.fileUrl });
      expect(file.statusCode).toBe(200);
      expect(file.body).toContain('the text of the report');
      expect((await get(`${w.slug}/documents/${ids.closedDoc}`, adminCookie)).statusCode).toBe(404);
    });

    it('sitemaps list only public pages; restricted, unpublished and members’ items never', async () => {
      const res = await t.app.inject({ url: `/p/${w.slug}/sitemap.xml` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('application/xml');
      const locs = [...res.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
      const p = `/p/${w.slug}`;
      expect(locs).toEqual(
        expect.arrayContaining([
          p,
          `${p}/routes/EMR`,
          `${p}/routes/CMR`,
          `${p}/map`,
          `${p}/notices/${ids.notice}`,
          `${p}/documents/${ids.doc}`,
        ]),
      );
      for (const id of [ids.closedNotice, ids.draft]) expect(locs).not.toContain(`${p}/notices/${id}`);
      expect(locs).not.toContain(`${p}/documents/${ids.closedDoc}`);
      expect(secretsIn(res.body)).toEqual([]);
      // Dates are those of public published figures: not the draft's, not the members-only figure's (May).
      const dates = [...res.body.matchAll(/<lastmod>([^<]+)<\/lastmod>/g)].map((m) => m[1]!);
      expect(dates).toContain('2024-03-20T10:00:00.000Z');
      expect(dates.filter((d) => d.startsWith('2024-') && d > '2024-03-21')).toEqual([]);
      expect((await t.app.inject({ url: `/p/${closedSlug}/sitemap.xml` })).statusCode).toBe(404);

      const index = await t.app.inject({ url: '/sitemap.xml' });
      expect(index.statusCode).toBe(200);
      expect(index.body).toContain(`/p/${w.slug}/sitemap.xml</loc>`);
      expect(index.body).not.toContain(closedSlug);
      const robots = await t.app.inject({ url: '/robots.txt' });
      expect(robots.body).toMatch(/Allow: \/p\/\nAllow: \/sitemap.xml\nDisallow: \/\n/);
    });

    it('portal pages carry their own title, description and Open Graph tags; nothing hidden', async () => {
      const page = async (path: string) => {
        const res = await t.app.inject({ url: path });
        expect(res.statusCode, path).toBe(200);
        expect(res.headers['content-type']).toContain('text/html');
        return res.body;
      };
      const route = await page(`/p/${w.slug}/routes/EMR`);
      expect(route).toMatch(/<title>Route EMR · .+ · Passage<\/title>/);
      expect(route).toContain('<meta property="og:title" content="Route EMR');
      expect(route).toContain(
        `<meta property="og:url" content="http://localhost:80/p/${w.slug}/routes/EMR" />`,
      );
      expect(route).toContain('Data as published on 2024-03-20');
      expect(route).not.toContain('Passage: the app');
      // The preview in the link's language (?lang=), else the crawler's Accept-Language; every language listed.
      expect(route).toContain(
        `<link rel="alternate" hreflang="fr" href="http://localhost:80/p/${w.slug}/routes/EMR?lang=fr" />`,
      );
      expect(route).toContain(
        `<link rel="alternate" hreflang="x-default" href="http://localhost:80/p/${w.slug}/routes/EMR" />`,
      );
      const french = await page(`/p/${w.slug}/routes/EMR?lang=fr`);
      expect(french).toContain('<html lang="fr">');
      expect(french).toContain('Chiffres mensuels de la route');
      expect(french).toContain('Données telles que publiées le 2024-03-20');
      expect(french).toContain(
        `<meta property="og:url" content="http://localhost:80/p/${w.slug}/routes/EMR?lang=fr" />`,
      );
      expect(french).toContain('<meta property="og:locale:alternate" content="ru" />');
      expect(french).not.toContain('Monthly figures');
      const russian = await t.app.inject({
        url: `/p/${w.slug}/downloads`,
        headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' },
      });
      expect(russian.body).toContain('<title>Загрузки · ');
      expect(russian.body).toContain('CSV, XLSX и SDMX-CSV');
      expect(russian.body).toContain('<meta property="og:locale" content="ru" />');
      // The preview image: named in the tags, a 1200 × 630 PNG in the link's language; none for a closed dialogue.
      expect(french).toContain(
        `<meta property="og:image" content="http://localhost:80/api/portal/${w.slug}/preview.png?lang=fr" />`,
      );
      expect(french).toContain('<meta name="twitter:card" content="summary_large_image" />');
      const image = await t.app.inject({ url: `/api/portal/${w.slug}/preview.png?lang=fr` });
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/png');
      const png = image.rawPayload;
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a'); // the PNG signature
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]); // IHDR width, height
      // Text drawn on the card: a plain 1200 × 630 fill compresses to well under 5 kB.
      expect(png.length).toBeGreaterThan(10_000);
      const english = await t.app.inject({ url: `/api/portal/${w.slug}/preview.png` });
      expect(english.rawPayload.equals(image.rawPayload)).toBe(false);
      expect((await t.app.inject({ url: `/api/portal/${closedSlug}/preview.png` })).statusCode).toBe(404);
      const bad = await t.app.inject({ url: `/api/portal/${w.slug}/preview.png?lang=xx` });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('lang');
      const map = await page(`/p/${w.slug}/map?lang=fr`);
      expect(map).toMatch(/<title>Carte des chiffres · .+ · Passage<\/title>/);
      expect(map).toContain('par État déclarant sur une carte');
      const notice = await page(`/p/${w.slug}/notices/${ids.notice}`);
      expect(notice).toContain('<title>Public notice on EMR · ');
      expect(notice).toContain('a summary long enough &amp; &lt;plain&gt;.');
      expect(notice).not.toContain('<plain>');
      // A path naming nothing public keeps the app's own head, and names nothing.
      for (const path of [
        `/p/${w.slug}/routes/SECR`,
        `/p/${w.slug}/notices/${ids.closedNotice}`,
        `/p/${w.slug}/documents/${ids.closedDoc}`,
        `/p/${closedSlug}`,
      ]) {
        const body = await page(path);
        expect(body, path).toContain('<title>Passage</title>');
        expect(noneHidden(body)).toEqual([]);
        expect(body).not.toContain('og:title');
      }
    });
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
    // The map's values: limited the same way (a dialogue without public indicators: no indicator, no states).
    const map = (ip: string) => t.app.inject({ url: `/api/portal/${slug}/map`, remoteAddress: ip });
    for (let i = 0; i < 3; i++) {
      const ok = await map('192.0.2.3');
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ indicator: null, period: null, states: [] });
    }
    const mapLimited = await map('192.0.2.3');
    expect(mapLimited.statusCode).toBe(429);
    expect(Number(mapLimited.headers['retry-after'])).toBeGreaterThan(0);
    // A public practice's file download is limited alike (each refusal counts: 404 for an unknown file).
    const file = () =>
      t.app.inject({ url: `/api/portal/${slug}/practices/1/files/1`, remoteAddress: '192.0.2.4' });
    for (let i = 0; i < 3; i++) expect((await file()).statusCode).toBe(404);
    expect((await file()).statusCode).toBe(429);
  });
});
