/**
 * The response cache (src/shared/response-cache.ts, src/server/plugins/response-cache.ts) through the real
 * server: a repeated answer comes from memory with a strong ETag (304 on If-None-Match); a publication, a
 * revision, a revoked role and the embargo job releasing at its time are seen at once; members with other
 * authorisation inputs (another state, same organisation with another role, an API token) and anonymous callers
 * never get each other's entry; refused and malformed requests stay refused with a warm cache; switched off,
 * nothing is kept. The steps build on each other (one world per database), in order.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jobHandlers, loginCookie, type TestApp } from '../../../test/app';
import { testDatabases } from '../../../test/databases';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../test/exchange-world';
import { makeUser } from '../../../test/factories';
import { slugId } from '../../domain/sdmx/sdmx-structure';
import { runJobsNow } from '../../jobs/worker';
import { clearCachesAfterWrite } from '../../shared/ttl-cache';
import { buildApp } from '../app';

const FIRST = 4321;
const REVISED = 4329;
const EMBARGOED = 7717;

describe.each(testDatabases())('response cache [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let admin: string;
  let analyst2: { id: number; cookie: string };
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    // Public indicators and routes: what is published reaches the portal and the anonymous SDMX answers.
    await t.db.query(sql`UPDATE dialogues SET classification = 'public' WHERE id = ${w.dialogueId}`);
    await t.db.query(
      sql`UPDATE indicators SET classification = 'public' WHERE dialogue_id = ${w.dialogueId}`,
    );
    await t.db.query(sql`UPDATE routes SET classification = 'public' WHERE dialogue_id = ${w.dialogueId}`);
    const a = await makeUser(t.db, { roles: [{ dialogueId: w.dialogueId, role: 'admin' }] });
    admin = await loginCookie(t.app, a.email, a.password);
    const u = await makeUser(t.db, {
      country: 'TUR',
      roles: [{ dialogueId: w.dialogueId, role: 'analyst' }],
    });
    analyst2 = { id: u.id, cookie: await loginCookie(t.app, u.email, u.password) };
    await clearCachesAfterWrite(); // the rows above were written in SQL, not through the API
  });
  afterAll(() => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
  const member = (cookie: string, extra: Record<string, string> = {}) => ({ cookie, ...extra });
  const post = async (path: string, cookie: string, payload: unknown, status = 200) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}${path}`,
      headers: { cookie, 'x-passage-csrf': '1' },
      payload: payload as Record<string, unknown>,
    });
    expect(res.statusCode, res.body).toBe(status);
    return res;
  };
  const upload = async (value: number, period = '2024-06') => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      // The sea figure and the route total (what the dashboards read), one value.
      payload: [
        IBC_HEADER,
        `IBC,ITA,${period},CMR,SEA,_T,_T,_T,${value},,`,
        `IBC,ITA,${period},CMR,_T,_T,_T,_T,${value},,`,
      ].join('\n'),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().submissionId as number;
  };
  const validate = async (id: number) => {
    const findings = (
      await get(`/api/dialogues/${w.slug}/submissions/${id}/findings`, member(w.cookies.providerIta))
    ).json();
    const warningComments = Object.fromEntries(findings.map((f: { key: string }) => [f.key, 'checked']));
    await post(`/submissions/${id}/submit`, w.cookies.providerIta, { warningComments });
    await post(`/submissions/${id}/validate`, w.cookies.manager, {});
  };
  const urls = () => ({
    submissions: `/api/dialogues/${w.slug}/submissions`,
    series: `/api/dialogues/${w.slug}/analytics/series?indicator=IBC&route=CMR`,
    portalRoute: `/api/portal/${w.slug}/downloads/IBC`,
    sdmx: `/api/sdmx/2.1/data/DF_${slugId(w.slug)}/IBC.ITA..........?format=csv`,
  });
  let firstId = 0;

  it('answers a repeat from the cache with the same body and a strong ETag, and 304 to If-None-Match', async () => {
    firstId = await upload(FIRST);
    const u = urls();
    const a = await get(u.submissions, member(w.cookies.analystIta));
    expect(a.statusCode).toBe(200);
    expect(a.headers['x-passage-cache']).toBe('miss');
    expect(a.headers['cache-control']).toBe('private, no-cache');
    const etag = String(a.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    const b = await get(u.submissions, member(w.cookies.analystIta));
    expect(b.headers['x-passage-cache']).toBe('hit');
    expect(b.body).toBe(a.body);
    expect(b.headers.etag).toBe(etag);
    expect(b.headers['content-type']).toBe(a.headers['content-type']);
    expect(b.headers['cache-control']).toBe('private, no-cache');
    expect(b.headers['set-cookie']).toBeUndefined();
    const c = await get(u.submissions, member(w.cookies.analystIta, { 'if-none-match': etag }));
    expect(c.statusCode).toBe(304);
    expect(c.body).toBe('');
    // A stale tag gets the body; the query's parameter order does not make another entry.
    const d = await get(u.submissions, member(w.cookies.analystIta, { 'if-none-match': '"stale"' }));
    expect(d.statusCode).toBe(200);
    expect(d.body).toBe(a.body);
    const s1 = await get(`${u.series}&reporter=ITA`, member(w.cookies.analystIta));
    const s2 = await get(
      `/api/dialogues/${w.slug}/analytics/series?reporter=ITA&route=CMR&indicator=IBC`,
      member(w.cookies.analystIta),
    );
    expect(s1.statusCode, s1.body).toBe(200);
    expect(s2.headers['x-passage-cache']).toBe('hit');
    // The public portal's own Cache-Control is kept on a hit.
    await get(`/api/portal/${w.slug}`);
    const p = await get(`/api/portal/${w.slug}`);
    expect(p.headers['x-passage-cache']).toBe('hit');
    expect(p.headers['cache-control']).toBe('public, max-age=300');
  });

  it('never gives one member another one’s entry: another state, same organisation with another role, a token', async () => {
    const u = urls();
    const ita = await get(u.submissions, member(w.cookies.providerIta));
    expect(ita.json().map((s: { id: number }) => s.id)).toContain(firstId); // its own draft
    const grc = await get(u.submissions, member(w.cookies.providerGrc));
    expect(grc.statusCode).toBe(200);
    expect(grc.headers['x-passage-cache']).toBe('miss');
    expect(grc.json().map((s: { id: number }) => s.id)).not.toContain(firstId);
    // The analyst of the same organisation: other roles, another entry (warmed in the first step).
    const analyst = await get(u.submissions, member(w.cookies.analystIta));
    expect(analyst.headers['x-passage-cache']).toBe('hit');
    expect(analyst.body).not.toBe(ita.body);
    // An API token of the provider: its scopes are part of who it is, so not the provider's session entry.
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1' },
      payload: {
        name: 'cache test',
        dialogueId: w.dialogueId,
        scopes: ['observations:read'],
        expiresInDays: 1,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().secret as string}` };
    await get(u.series, member(w.cookies.providerIta));
    const byToken = await get(u.series, bearer);
    expect(byToken.statusCode, byToken.body).toBe(200);
    expect(byToken.headers['x-passage-cache']).toBe('miss');
    // A token without the scope is refused at the door, although that answer is in the cache.
    const narrow = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1' },
      payload: { name: 'notices only', dialogueId: w.dialogueId, scopes: ['notices:read'], expiresInDays: 1 },
    });
    const refused = await get(u.series, { authorization: `Bearer ${narrow.json().secret as string}` });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('TOKEN_SCOPE_MISSING');
    expect(refused.headers['x-passage-cache']).toBeUndefined();
  });

  it('keeps refused and malformed requests refused with a warm cache', async () => {
    const u = urls();
    await get(u.submissions, member(w.cookies.analystIta)); // the tokens made above were writes: cleared
    const warm = await get(u.submissions, member(w.cookies.analystIta));
    expect(warm.headers['x-passage-cache']).toBe('hit');
    const anonymous = await get(u.submissions);
    expect(anonymous.statusCode).toBe(401);
    const outsider = await get(u.submissions, member(w.cookies.outsider));
    expect(outsider.statusCode).toBe(404);
    await get(u.series, member(w.cookies.analystIta));
    const bad = await get(`${u.series}&format=pdf`, member(w.cookies.analystIta));
    expect(bad.statusCode).toBe(400);
    for (const r of [anonymous, outsider, bad]) {
      expect(r.headers['x-passage-cache']).toBeUndefined();
      expect(r.body).not.toBe(warm.body);
    }
  });

  it('a publication and then a revision are seen at once, each with a new ETag', async () => {
    const u = urls();
    const before = {
      portal: await get(u.portalRoute),
      series: await get(u.series, member(w.cookies.analystIta)),
      list: await get(u.submissions, member(w.cookies.manager)),
    };
    expect((await get(u.portalRoute)).headers['x-passage-cache']).toBe('hit');
    expect(before.portal.body).not.toContain(String(FIRST));
    await validate(firstId);
    await post(`/submissions/${firstId}/publish`, w.cookies.manager, {});
    const published = {
      portal: await get(u.portalRoute),
      series: await get(u.series, member(w.cookies.analystIta)),
      list: await get(u.submissions, member(w.cookies.manager)),
    };
    expect(published.portal.headers['x-passage-cache']).toBe('miss');
    expect(published.portal.body).toContain(String(FIRST));
    expect(published.series.body).toContain(String(FIRST));
    expect(published.list.json().find((s: { id: number }) => s.id === firstId).status).toBe('published');
    for (const k of ['portal', 'series', 'list'] as const)
      expect(published[k].headers.etag, k).not.toBe(before[k].headers.etag);
    // The old ETag no longer gets a 304.
    const old = await get(u.portalRoute, { 'if-none-match': String(before.portal.headers.etag) });
    expect(old.statusCode).toBe(200);

    // A revision: the secretariat reopens the month, the state sends the corrected figure, it is published.
    await post('/locks/reopen', w.cookies.manager, {
      reporter: 'ITA',
      period: '2024-06',
      indicator: 'IBC',
      reason: 'corrected count',
    });
    const revision = await upload(REVISED);
    await validate(revision);
    await post(`/submissions/${revision}/publish`, w.cookies.manager, {});
    const revised = await get(u.portalRoute);
    expect(revised.body).toContain(String(REVISED));
    expect(revised.body).not.toContain(String(FIRST));
    expect(revised.headers.etag).not.toBe(published.portal.headers.etag);
    const series = await get(u.series, member(w.cookies.analystIta));
    expect(series.body).toContain(String(REVISED));
  });

  it('anonymous callers never get a member’s entry', async () => {
    // A figure below the disclosure threshold (5): members read it, the public gets it withheld (CONF_STATUS C).
    const small = await upload(3, '2024-04');
    await validate(small);
    await post(`/submissions/${small}/publish`, w.cookies.manager, {});
    const u = urls();
    const asMember = await get(u.sdmx, member(w.cookies.analystIta));
    expect(asMember.statusCode, asMember.body).toBe(200);
    expect(asMember.body).toContain(',2024-04,3,');
    expect((await get(u.sdmx, member(w.cookies.analystIta))).headers['x-passage-cache']).toBe('hit');
    const anonymous = await get(u.sdmx);
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.headers['x-passage-cache']).toBe('miss');
    expect(anonymous.body).toContain(',2024-04,');
    expect(anonymous.body).not.toContain(',2024-04,3,');
    const again = await get(u.sdmx);
    expect(again.headers['x-passage-cache']).toBe('hit');
    expect(again.body).toBe(anonymous.body);
  });

  it('a revoked role is refused at once, although the member’s answers were cached', async () => {
    const u = urls();
    expect((await get(u.submissions, member(analyst2.cookie))).statusCode).toBe(200);
    expect((await get(u.submissions, member(analyst2.cookie))).headers['x-passage-cache']).toBe('hit');
    expect((await get(u.series, member(analyst2.cookie))).statusCode).toBe(200);
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/dialogues/${w.dialogueId}/users/${analyst2.id}/roles/analyst`,
      headers: { cookie: admin, 'x-passage-csrf': '1' },
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const after = await get(u.submissions, member(analyst2.cookie));
    expect(after.statusCode).toBe(404);
    // The dashboards are open to anyone at the door: now only what the public sees, not the member's body.
    const series = await get(u.series, member(analyst2.cookie));
    expect(series.headers['x-passage-cache']).not.toBe('hit');
  });

  it('the embargo job releasing a submission at its time clears it', async () => {
    const u = urls();
    const id = await upload(EMBARGOED, '2024-05');
    await validate(id);
    const releaseAt = new Date(Date.now() + 1500);
    await post(
      `/submissions/${id}/release`,
      w.cookies.manager,
      { releaseAt: releaseAt.toISOString().replace('Z', '+00:00'), timeZone: 'Europe/Rome' },
      201,
    );
    await get(u.portalRoute);
    const warm = await get(u.portalRoute);
    expect(warm.headers['x-passage-cache']).toBe('hit');
    expect(warm.body).not.toContain(String(EMBARGOED));
    await new Promise((r) => setTimeout(r, Math.max(0, releaseAt.getTime() - Date.now()) + 200));
    const runs = await runJobsNow(t.db, jobHandlers());
    expect(runs.filter((j) => j.name === 'submissions.release' && j.ok)).toHaveLength(1);
    const released = await get(u.portalRoute);
    expect(released.headers['x-passage-cache']).toBe('miss');
    expect(released.body).toContain(String(EMBARGOED));
  });

  it('coalesces concurrent misses of one key: one answer is made and stored, all get its body', async () => {
    const url = `${urls().series}&reporter=GRC`;
    const before = t.app.responseCache!.stats();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => get(url, member(w.cookies.analystIta))),
    );
    const after = t.app.responseCache!.stats();
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(after.stores - before.stores).toBe(1);
    expect(answers.filter((a) => a.headers['x-passage-cache'] === 'miss')).toHaveLength(1);
  });

  it('at an expiry one request refreshes the entry and those arriving meanwhile get the expired copy', async () => {
    // Its own server with a 2 s time-to-live: an entry lives 1–2 s, then 2 s more as a stale copy.
    const short = await buildApp({
      db: t.db,
      responseCache: { ttlMs: 2000, maxEntries: 100, maxBytes: 1 << 20 },
    });
    try {
      const url = `${urls().series}&reporter=GRC`;
      const once = () => short.inject({ url, headers: member(w.cookies.analystIta) });
      const first = await once();
      expect(first.headers['x-passage-cache']).toBe('miss');
      await new Promise((r) => setTimeout(r, 2100));
      const answers = await Promise.all(Array.from({ length: 10 }, once));
      const states = answers.map((a) => a.headers['x-passage-cache']);
      expect(states.filter((s) => s === 'miss')).toHaveLength(1);
      expect(states.filter((s) => s === 'stale')).toHaveLength(9);
      expect(new Set(answers.map((a) => a.body))).toEqual(new Set([first.body]));
      expect(short.responseCache!.stats().staleServed).toBe(9);
      // The refreshed entry is fresh again: a hit.
      expect((await once()).headers['x-passage-cache']).toBe('hit');
    } finally {
      await short.close();
    }
  });

  it('switched off, nothing is kept', async () => {
    const off = await buildApp({ db: t.db, responseCache: null });
    try {
      const u = urls();
      for (let i = 0; i < 2; i++) {
        const res = await off.inject({ url: u.submissions, headers: { cookie: w.cookies.analystIta } });
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-passage-cache']).toBeUndefined();
        expect(res.headers.etag).toBeUndefined();
      }
      expect(off.responseCache).toBeNull();
    } finally {
      await off.close();
    }
  });
});
