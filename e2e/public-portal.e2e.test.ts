import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganisation, makeUser } from '../test/factories';
import { makePublicWorld, type PublicWorld, secretsIn } from '../test/public-world';
import { logInOverHttp } from '../test/server-process';
import { nextTotpCode } from '../test/totp';
import { contrastFailures } from './contrast';
import { type Journey, openPage, startJourney } from './harness';

/** Signs in over HTTP with the second factor (the factories enrol administrators in it). */
async function logInWithTotp(base: string, u: { email: string; password: string; totpSecret?: string }) {
  const first = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: u.email, password: u.password }),
  });
  const cookie = first.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!u.totpSecret) return cookie;
  const second = await fetch(`${base}/api/auth/login/totp`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ code: await nextTotpCode(u.totpSecret) }),
  });
  if (second.status !== 200) throw new Error(`second factor: ${second.status} ${await second.text()}`);
  return second.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.startsWith('passage_session='))
    .join('; ');
}

/**
 * Journey (issue 18): an anonymous visitor opens a dialogue's public portal, moves through it with the keyboard,
 * reads a route's figures (a small count withheld, never 0), downloads a CSV, reads the release calendar and
 * switches to French; reads a public notice and document (a state's analyst posted them, and a members' notice
 * and document beside them). No page, API answer, download, sitemap or link preview holds a restricted indicator
 * or route, a draft or a members-only figure (test/public-world.ts) or the members' notice and document; the
 * visitor never signs in. Every page's text passes the WCAG colour contrast check (e2e/contrast.ts). Then reads
 * the public best practices (filtered by area), an agreement and Greece's endorsed profile, and never sees a
 * practice's contact, a members' practice, a restricted agreement, a members' profile section, an unendorsed
 * version or a state with a draft only. Reads the map of figures (values per state, a withheld state hatched and
 * "withheld" in the table alternative, never 0), reaches its pickers with the keyboard and frames its embed.
 */
/**
 * Keeps what a journey sees: each visited page's HTML (searched for secrets at the end) and its text that fails
 * the WCAG contrast check, with the page's address.
 */
function pageRecorder(page: Page) {
  const pages: string[] = [];
  const contrast: string[] = [];
  const keep = async () => {
    pages.push(await page.content());
    const c = await contrastFailures(page);
    expect(c.measured, page.url()).toBeGreaterThan(5);
    contrast.push(
      ...c.failures.map(
        (f) => `${page.url()}: "${f.text}" ${f.color} on ${f.background}: ${f.ratio} < ${f.required}`,
      ),
    );
  };
  return { pages, contrast, keep };
}

const MEMBERS_ONLY = ['Members notice 8181', 'Members report 8383'];
describe('an anonymous visitor browses the public portal and downloads its data', () => {
  let journey: Journey;
  let w: PublicWorld;
  let analyst: { email: string; password: string };
  let secretariat: { email: string; password: string; totpSecret?: string };
  let greeceOrgId = 0;
  const knowledge = { practice: 0, membersPractice: 0, agreement: 0, restricted: 0 };
  beforeAll(async () => {
    journey = await startJourney({
      demo: false,
      prepare: async (db) => {
        w = await makePublicWorld({ db });
        const greece = await makeOrganisation(db, { country: 'GRC' });
        analyst = await makeUser(db, {
          orgId: greece.id,
          roles: [{ dialogueId: w.dialogueId, role: 'analyst' }],
        });
        secretariat = await makeUser(db, {
          orgId: w.secretariatOrgId,
          roles: [{ dialogueId: w.dialogueId, role: 'admin' }],
        });
        greeceOrgId = greece.id;
      },
    });
    // A state's analyst posts a public notice and document, and a members' notice and document.
    const url = journey.target.url;
    const cookie = await logInOverHttp(url, analyst.email, analyst.password);
    const post = async (path: string, body: string, type: string) => {
      const res = await fetch(`${url}/api/dialogues/${w.slug}${path}`, {
        method: 'POST',
        headers: { cookie, 'x-passage-csrf': '1', 'content-type': type },
        body,
      });
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    };
    for (const [title, classification] of [
      ['Public notice on EMR', 'public'],
      [MEMBERS_ONLY[0]!, 'dialogue'],
    ] as const)
      await post(
        '/notices',
        JSON.stringify({
          title,
          measureType: 'border_management',
          summary: `${title}: what changes at the border crossings.`,
          stage: 'adopted',
          routes: ['EMR'],
          classification,
          send: true,
        }),
        'application/json',
      );
    for (const [title, classification] of [
      ['Public report', 'public'],
      [MEMBERS_ONLY[1]!, 'dialogue'],
    ] as const)
      await post(
        `/documents?${new URLSearchParams({ title, kind: 'report', language: 'en', classification, fileName: 'report.txt' })}`,
        `${title}: the text of the report.`,
        'text/plain',
      );
  });
  afterAll(async () => {
    await journey?.close();
  });

  /**
   * The knowledge beside the public items: a members' practice and a public practice's contact, a restricted
   * agreement, a profile's members' section and an unendorsed version, a state with a draft only.
   */
  const KNOWLEDGE_HIDDEN = ['9191', '9292', '9595', '9696', '9797'];
  const prepareKnowledge = async () => {
    const url = journey.target.url;
    const admin = await logInWithTotp(url, secretariat);
    const greek = await logInOverHttp(url, analyst.email, analyst.password);
    const call = async (cookie: string, method: string, path: string, body: object) => {
      const res = await fetch(`${url}/api/dialogues/${w.slug}${path}`, {
        method,
        headers: { cookie, 'x-passage-csrf': '1', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: number; revision: number };
    };
    const practice = async (title: string, classification: string) => {
      const p = await call(admin, 'POST', '/practices', {
        title,
        area: 'irregular_migration',
        summary: `${title}: screening at the sea border.`,
        countries: ['GRC'],
        periodFrom: '2022-01',
        impact: [{ name: 'Persons screened', unit: 'persons', before: 100, after: 150 }],
        contacts: [{ organisation: 'Desk 9191', function: 'head', name: 'Contact person 9191' }],
        classification,
      });
      const s = await call(admin, 'POST', `/practices/${p.id}/submit`, { expectedRevision: p.revision });
      await call(admin, 'POST', `/practices/${p.id}/verify`, {
        decision: 'publish',
        expectedRevision: s.revision,
      });
      return p.id;
    };
    knowledge.practice = await practice('Joint screening desk', 'public');
    knowledge.membersPractice = await practice('Members practice 9292', 'dialogue');
    const agreement = async (title: string, classification: string, extra: object = {}) =>
      (
        await call(greek, 'POST', '/agreements', {
          type: 'readmission',
          title,
          parties: [
            { kind: 'state', iso3: 'GRC' },
            { kind: 'state', iso3: 'ITA' },
          ],
          signedOn: '2020-03-01',
          inForceOn: '2020-06-01',
          classification,
          ...extra,
        })
      ).id;
    knowledge.agreement = await agreement('Greece–Italy readmission', 'public');
    knowledge.restricted = await agreement('Restricted agreement 9595', 'restricted', {
      sharedWithOrgIds: [greeceOrgId],
    });
    const v1 = await call(admin, 'PUT', '/profiles/GRC/draft', {
      expectedRevision: 0,
      sections: [
        { key: 'governance', body: 'Public governance text.', classification: 'public' },
        { key: 'policies', body: 'Members section 9696.', classification: 'dialogue' },
      ],
    });
    const endorsed = await call(greek, 'POST', '/profiles/GRC/versions/1/endorse', {
      expectedRevision: v1.revision,
    });
    await call(admin, 'PUT', '/profiles/GRC/draft', {
      expectedRevision: endorsed.revision,
      sections: [{ key: 'governance', body: 'Unendorsed draft 9797.', classification: 'public' }],
    });
    await call(admin, 'PUT', '/profiles/ITA/draft', {
      expectedRevision: 0,
      sections: [{ key: 'governance', body: 'Italian draft 9797.', classification: 'public' }],
    });
  };

  it('reads public practices, agreements and a country profile; nothing members-only', async () => {
    await prepareKnowledge();
    const { page, context, pageErrors, foreignRequests } = await openPage(journey);
    const base = `${journey.target.url}/p/${w.slug}`;
    const pages: string[] = [];

    await page.goto(`${base}/practices`);
    const list = page.getByTestId('portal-practice-list');
    await list.getByRole('link', { name: 'Joint screening desk' }).waitFor();
    await expect(list.textContent()).resolves.not.toContain('Members practice');
    pages.push(await page.content());
    // The filter, in the URL: another area shows none.
    await page.getByTestId('filter-area').selectOption('integration');
    await page.getByTestId('filter-apply').click();
    await page.waitForURL((u) => u.searchParams.get('area') === 'integration');
    await page.getByText('No public practice matches.').waitFor();
    await page.goto(`${base}/practices`);
    await page
      .getByTestId('portal-practice-list')
      .getByRole('link', { name: 'Joint screening desk' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Joint screening desk' }).waitFor();
    await expect(page.getByTestId('portal-practice-impact').textContent()).resolves.toContain('150');
    await page.getByTestId('portal-practice-contacts-note').waitFor();
    pages.push(await page.content());
    await page.goto(`${base}/practices/${knowledge.membersPractice}`);
    await page.getByRole('alert').waitFor();
    pages.push(await page.content());

    await page.goto(`${base}/agreements`);
    const agreements = page.getByTestId('portal-agreement-list');
    await agreements.getByRole('link', { name: 'Greece–Italy readmission' }).click();
    await page.getByRole('heading', { level: 1, name: 'Greece–Italy readmission' }).waitFor();
    await expect(page.getByTestId('portal-agreement-status').textContent()).resolves.toBe('In force');
    await expect(page.getByTestId('portal-agreement-timeline').textContent()).resolves.toContain('Signed');
    pages.push(await page.content());
    await page.goto(`${base}/agreements/${knowledge.restricted}`);
    await page.getByRole('alert').waitFor();
    pages.push(await page.content());

    await page.goto(`${base}/profiles`);
    await page.getByTestId('portal-profile-list').getByRole('link', { name: 'Greece' }).click();
    await page.getByTestId('portal-profile-sections').getByText('Public governance text.').waitFor();
    await expect(page.getByTestId('portal-profile-as-of').textContent()).resolves.toContain('20 March 2024');
    await expect(page.getByTestId('portal-profile-figures').textContent()).resolves.toContain('330');
    await expect(page.getByTestId('portal-profile-list').count()).resolves.toBe(0);
    pages.push(await page.content());
    await page.goto(`${base}/profiles/ITA`);
    await page.getByRole('alert').waitFor();
    pages.push(await page.content());

    const preview = await (await fetch(`${base}/practices/${knowledge.practice}`)).text();
    expect(preview).toContain('<title>Joint screening desk · ');
    const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
    expect(sitemap).toContain(`/p/${w.slug}/practices/${knowledge.practice}</loc>`);
    expect(sitemap).toContain(`/p/${w.slug}/agreements/${knowledge.agreement}</loc>`);
    expect(sitemap).toContain(`/p/${w.slug}/profiles/GRC</loc>`);
    expect(sitemap).not.toContain(`/profiles/ITA<`);
    pages.push(preview, sitemap);
    for (const path of ['practices', 'agreements', 'profiles', 'profiles/GRC'])
      pages.push(await (await fetch(`${journey.target.url}/api/portal/${w.slug}/${path}`)).text());

    for (const html of pages) {
      expect(secretsIn(html)).toEqual([]);
      expect(KNOWLEDGE_HIDDEN.filter((h) => html.includes(h))).toEqual([]);
    }
    expect(pageErrors.filter((e) => !e.includes('404'))).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('browses overview, route, downloads and releases; nothing secret anywhere', async () => {
    const { page, context, pageErrors, foreignRequests } = await openPage(journey);
    const base = `${journey.target.url}/p/${w.slug}`;
    const { pages, contrast, keep } = pageRecorder(page);

    await page.goto(base);
    await page.getByTestId('portal-overview').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe(`Dialogue ${w.slug}`);
    await expect(page.getByTestId('portal-as-of').textContent()).resolves.toContain('20 March 2024');
    await page.getByTestId('portal-routes').getByText('Route EMR').waitFor();
    // The map of the public routes: the same offline map as inside, its legend naming only public routes.
    const map = page.getByTestId('portal-map');
    await map.locator('[data-testid="dialogue-map"][data-map-ready="true"]').waitFor();
    const legend = await map.locator('.map-legend__code').allTextContents();
    expect(legend).toContain('EMR');
    expect(legend.join(' ')).not.toContain('SECR');
    await keep();

    // Keyboard: Tab to the route's link and follow it with Enter.
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        // The test's TypeScript has no DOM types: the page's document, as much of it as this reads.
        type Doc = { activeElement: { textContent: string | null } | null };
        return (
          (globalThis as unknown as { document: Doc }).document.activeElement?.textContent === 'Route EMR'
        );
      });
    }
    expect(reached, 'the route link is reachable with Tab').toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/p/${w.slug}/routes/EMR`);
    const table = page.getByTestId('portal-route-table');
    await table.waitFor();
    await expect(table.locator('tbody tr').first().textContent()).resolves.toContain('207');
    await page.getByTestId('portal-route-chart').waitFor();
    await keep();

    // The embed code, and the chart framed by another page (only /embed/ pages may be framed).
    const code = await page.getByTestId('portal-embed-code').textContent();
    const src = /src="([^"]+)"/.exec(code ?? '')?.[1];
    expect(src).toBe(`${journey.target.url}/embed/${w.slug}/routes/EMR?indicator=IBC`);
    // A host page frames the embed page and tries to frame a portal page. (It is the server's own origin, a
    // JSON answer with the frames written into it: Chromium's local network checks refuse loopback frames in
    // pages the test could serve from elsewhere. frame-ancestors 'none' refuses even the same origin.)
    const host = await context.newPage();
    await host.goto(`${journey.target.url}/api/health`);
    await host.evaluate(
      ([embedSrc, portalSrc]) => {
        type El = { id: string; src: string; title: string; width: string; height: string };
        type Doc = { createElement(t: string): El; body: { append(e: El): void } };
        const doc = (globalThis as unknown as { document: Doc }).document;
        for (const [id, url] of [
          ['embed', embedSrc],
          ['portal', portalSrc],
        ] as const) {
          const f = doc.createElement('iframe');
          Object.assign(f, { id, src: url, title: id, width: '640', height: '480' });
          doc.body.append(f);
        }
      },
      [src!, base] as const,
    );
    const framed = host.frameLocator('#embed');
    await framed.getByTestId('portal-embed').waitFor();
    await expect(framed.getByTestId('portal-route-table').textContent()).resolves.toContain('207');
    pages.push(await framed.locator('html').innerHTML());
    await host.waitForTimeout(500);
    await expect(host.frameLocator('#portal').getByTestId('portal-overview').count()).resolves.toBe(0);
    await host.close();

    await page.goto(`${base}/routes/CMR`);
    await page.getByTestId('portal-route-table').waitFor();
    const withheld = page.getByTestId('portal-route-table').locator('abbr.withheld');
    await expect(withheld.count()).resolves.toBe(2);
    await expect(page.getByTestId('portal-route-table').textContent()).resolves.toContain('53');
    await keep();

    // A restricted route's URL: not found; the page repeats the code typed in the URL, nothing else of it.
    await page.goto(`${base}/routes/SECR`);
    await page.getByRole('alert').waitFor();
    const notFound = await page.content();
    expect(notFound).not.toContain('Route SECR');
    expect(secretsIn(notFound.replaceAll('SECR', ''))).toEqual([]);

    await page.goto(`${base}/downloads`);
    await page.getByTestId('portal-downloads').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-IBC-csv').click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^indicator,reporter,period,route/);
    expect(csv).toContain('IBC,ITA,2024-01,CMR,_T,_T,_T,_T,_T,_T,_T,_T,_T,,A,C');
    expect(secretsIn(csv)).toEqual([]);
    await keep();

    await page.goto(`${base}/releases`);
    await page.getByTestId('portal-past').waitFor();
    await expect(page.getByTestId('portal-past').textContent()).resolves.toContain('Greece');
    await keep();

    // Notices and documents: the public ones, never the members' ones.
    await page.goto(`${base}/notices`);
    await page.getByTestId('portal-notice-list').getByRole('link', { name: 'Public notice on EMR' }).click();
    await page.getByRole('heading', { level: 1, name: 'Public notice on EMR' }).waitFor();
    await expect(page.getByTestId('portal-notice').textContent()).resolves.toContain('Route EMR');
    await keep();
    await page.goto(`${base}/documents`);
    await page.getByTestId('portal-document-list').getByRole('link', { name: 'Public report' }).click();
    await page.getByTestId('portal-document-download').waitFor();
    await expect(page.getByTestId('portal-document').textContent()).resolves.toContain(
      'the text of the report',
    );
    await keep();

    await page.locator('[data-language="fr"]').click();
    await page.getByRole('link', { name: 'Aperçu' }).waitFor();
    await keep();
    expect(contrast).toEqual([]);

    // A shared link previews with the page's own title and description (server-rendered, before any script).
    const preview = await (await fetch(`${base}/routes/EMR`)).text();
    expect(preview).toMatch(/<title>Route EMR · [^<]+ · Passage<\/title>/);
    expect(preview).toContain(
      '<meta property="og:description" content="Monthly figures of the route Route EMR',
    );
    pages.push(preview);
    // The sitemap lists the public pages only.
    const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
    expect(sitemap).toContain(`/p/${w.slug}/routes/EMR</loc>`);
    expect(sitemap).toMatch(/\/notices\/\d+<\/loc>/);
    expect(sitemap.match(/\/notices\/\d+<\/loc>/g)).toHaveLength(1);
    expect(sitemap.match(/\/documents\/\d+<\/loc>/g)).toHaveLength(1);
    pages.push(sitemap);

    for (const html of pages) {
      expect(secretsIn(html)).toEqual([]);
      for (const hidden of MEMBERS_ONLY) expect(html).not.toContain(hidden);
    }
    // The API the pages read, and the other public data paths, hold nothing secret either.
    for (const path of [
      `/api/portal/${w.slug}`,
      `/api/portal/${w.slug}/routes/EMR`,
      `/api/portal/${w.slug}/routes/CMR`,
      `/api/portal/${w.slug}/releases`,
      `/api/portal/${w.slug}/downloads/IBC?format=xlsx`,
      `/api/portal/${w.slug}/downloads/IBC?format=sdmx-csv`,
      `/api/portal/${w.slug}/notices`,
      `/api/portal/${w.slug}/documents`,
      '/sitemap.xml',
      `/api/sdmx/2.1/data/all/all?format=csv`,
    ]) {
      const res = await fetch(`${journey.target.url}${path}`);
      const text = await res.text();
      expect(secretsIn(text), path).toEqual([]);
      for (const hidden of MEMBERS_ONLY) expect(text, path).not.toContain(hidden);
    }
    expect(pageErrors.filter((e) => !e.includes('404'))).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('reads the map of figures: values per state, withheld hatched, the table alternative, the embed framed', async () => {
    const { page, context, pageErrors, foreignRequests } = await openPage(journey);
    const base = `${journey.target.url}/p/${w.slug}`;
    const { pages, contrast, keep } = pageRecorder(page);
    // From the overview's link to the map page: the latest month by default.
    await page.goto(base);
    await page.getByTestId('portal-map-link').click();
    await page.waitForURL((u) => u.pathname === `/p/${w.slug}/map`);
    const table = page.getByTestId('portal-map-table');
    await table.locator('tbody tr').first().waitFor();
    await page.locator('[data-testid="portal-choropleth"][data-map-ready="true"]').waitFor();
    const values = async () =>
      table.locator('tbody tr').evaluateAll((rows) =>
        rows.map((r) => {
          // The test's TypeScript has no DOM types: the rows, as much of them as this reads.
          const row = r as unknown as {
            getAttribute(n: string): string | null;
            querySelector(s: string): { getAttribute(n: string): string | null } | null;
          };
          return [
            row.getAttribute('data-reporter'),
            row.querySelector('[data-value]')?.getAttribute('data-value'),
          ];
        }),
      );
    await expect(values()).resolves.toEqual([
      ['GRC', '120'],
      ['ITA', '127'],
    ]);
    await expect(page.getByTestId('portal-map-legend').textContent()).resolves.toContain('Withheld');
    await expect(page.getByTestId('portal-map-figures').textContent()).resolves.toContain(
      'Data as published on 20 March 2024',
    );
    await keep();

    // Keyboard: Tab reaches the pickers; January, where both states are withheld (a small count on CMR).
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        type Doc = { activeElement: { getAttribute(n: string): string | null } | null };
        const doc = (globalThis as unknown as { document: Doc }).document;
        return doc.activeElement?.getAttribute('data-testid') === 'portal-map-period';
      });
    }
    expect(reached, 'the period picker is reachable with Tab').toBe(true);
    await page.getByTestId('portal-map-period').selectOption('2024-01');
    await page.waitForURL((u) => u.searchParams.get('period') === '2024-01');
    await table.locator('abbr.withheld').first().waitFor();
    await expect(table.locator('abbr.withheld[data-conf-status="D"]').count()).resolves.toBe(2);
    await expect(values()).resolves.toEqual([
      ['GRC', ''],
      ['ITA', ''],
    ]);
    expect(await table.textContent()).not.toMatch(/\b0\b/);
    // Hatched on the map (Greece 300, Italy 380), never a value's colour; pointing at Greece says why.
    const canvas = page.locator('[data-testid="portal-choropleth"][data-map-ready="true"]');
    await expect(canvas.getAttribute('data-withheld')).resolves.toBe('300 380');
    const point = await page.evaluate(() => {
      type M = { project(c: [number, number]): { x: number; y: number } };
      const m = (globalThis as unknown as { __passagePortalMap?: M }).__passagePortalMap;
      return m ? m.project([22, 39.5]) : null;
    });
    const box = await canvas.boundingBox();
    expect(point && box, 'the map and its box').toBeTruthy();
    await page.mouse.move(box!.x + point!.x, box!.y + point!.y);
    await expect(page.getByTestId('portal-map-detail').textContent()).resolves.toContain('CONF_STATUS D');
    await expect(page.getByTestId('portal-map-detail').getAttribute('data-reporter')).resolves.toBe('GRC');
    await keep();

    // The embed code, and the map framed by another page (only /embed/ pages may be framed).
    const code = await page.getByTestId('portal-embed-code').textContent();
    const src = /src="([^"]+)"/.exec(code ?? '')?.[1];
    expect(src).toBe(`${journey.target.url}/embed/${w.slug}/map?indicator=IBC&period=2024-01`);
    const host = await context.newPage();
    await host.goto(`${journey.target.url}/api/health`);
    await host.evaluate(
      ([embedSrc, portalSrc]) => {
        type El = { id: string; src: string; title: string; width: string; height: string };
        type Doc = { createElement(t: string): El; body: { append(e: El): void } };
        const doc = (globalThis as unknown as { document: Doc }).document;
        for (const [id, url] of [
          ['embed', embedSrc],
          ['portal', portalSrc],
        ] as const) {
          const f = doc.createElement('iframe');
          Object.assign(f, { id, src: url, title: id, width: '640', height: '760' });
          doc.body.append(f);
        }
      },
      [src!.replace('period=2024-01', 'period=2024-02'), `${base}/map`] as const,
    );
    const framed = host.frameLocator('#embed');
    await framed.getByTestId('portal-embed').waitFor();
    await framed.locator('[data-testid="portal-choropleth"][data-map-ready="true"]').waitFor();
    await expect(framed.getByTestId('portal-map-table').textContent()).resolves.toContain('117');
    await expect(framed.locator('.embed__source a').getAttribute('href')).resolves.toBe(
      `/p/${w.slug}/map?indicator=IBC&period=2024-02`,
    );
    pages.push(await framed.locator('html').innerHTML());
    await host.waitForTimeout(500);
    await expect(host.frameLocator('#portal').getByTestId('portal-map-page').count()).resolves.toBe(0);
    await host.close();

    // In French: the same figures, the legend and table in French.
    await page.locator('[data-language="fr"]').click();
    await page.getByText('Non divulgué (hachuré)').waitFor();
    await keep();
    expect(contrast).toEqual([]);

    for (const path of ['', '?period=2024', '?period=2024-04', '?period=2024-05'])
      pages.push(await (await fetch(`${journey.target.url}/api/portal/${w.slug}/map${path}`)).text());
    for (const html of pages) expect(secretsIn(html)).toEqual([]);
    expect(pageErrors.filter((e) => !e.includes('404'))).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it('a shared link with ?lang= opens in its language, previews in it, and is not remembered', async () => {
    const { page, context } = await openPage(journey);
    const base = `${journey.target.url}/p/${w.slug}`;
    await page.goto(`${base}/releases?lang=ru`);
    await page.getByRole('link', { name: 'Обзор' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ru');
    const preview = await (await fetch(`${base}/releases?lang=ru`)).text();
    expect(preview).toContain('<title>Календарь публикаций · ');
    expect(preview).toContain(`<link rel="alternate" hreflang="fr" href="`);
    // The next page without ?lang= is in the browser's language again (the link's choice is not stored).
    await page.goto(`${base}/releases`);
    await page.getByRole('link', { name: 'Overview' }).waitFor();
    await context.close();
  });
});
