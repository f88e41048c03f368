/**
 * The portal's map (GET /api/portal/:slug/map): each reporting state's public figure for an indicator and a month
 * or year, from the protected public table only. Anonymous callers get it (the same bytes as a member); a small
 * count is withheld (null with its status, never 0) and so is what would reveal it; restricted indicators,
 * restricted routes, drafts, members-only and embargoed figures never count; bad input is a 400 naming the field
 * in the caller's language.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';
import { makeDialogue, makeUser } from '../../../../test/factories';
import { makePublicWorld, PUBLIC_TOTALS, type PublicWorld, secretsIn } from '../../../../test/public-world';
import { clearCachesAfterWrite } from '../../../shared/ttl-cache';

type MapState = { code: string; value: number | null; obsStatus: string; confStatus: string };

describe.each(testDatabases())('portal map API, public world [%s]', (kind) => {
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

  const get = (query: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url: `/api/portal/${w.slug}/map${query}`, headers });

  it('anonymous: the latest month by default, each state’s sum over its public routes, with unit and date', async () => {
    const res = await get('');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(secretsIn(res.body)).toEqual([]);
    const v = res.json();
    expect(v.indicator).toMatchObject({ code: 'IBC', unit: expect.any(String) });
    expect(v.indicators).toEqual(['IBC']);
    expect(v.period).toBe('2024-03');
    // The draft (April) and the members-only figure (May) are not periods of the public map.
    expect(v.periods).toEqual({ months: ['2024-01', '2024-02', '2024-03'], years: ['2024'] });
    expect(v.dataAsPublishedOn).toBe('2024-03-20T10:00:00.000Z');
    expect(v.disclosureThreshold).toBeGreaterThan(3);
    // GRC's March: EMR only; the restricted route's 5151 is not part of it.
    expect(v.states).toEqual([
      {
        code: 'GRC',
        names: expect.objectContaining({ en: expect.any(String) }),
        value: PUBLIC_TOTALS['2024-03'],
        obsStatus: 'A',
        confStatus: 'F',
      },
      expect.objectContaining({ code: 'ITA', value: PUBLIC_TOTALS['2024-03']! + 7, confStatus: 'F' }),
    ]);
    // A signed-in member of the dialogue reads exactly what the public reads.
    const member = await get('', { cookie: adminCookie });
    expect(member.body).toBe(res.body);
  });

  it('a small count is withheld, never 0, and so is the state total it would be worked out from', async () => {
    const res = await get('?indicator=IBC&period=2024-01');
    expect(res.statusCode, res.body).toBe(200);
    const states: MapState[] = res.json().states;
    // ITA: EMR 107 + CMR 3 (below the threshold); GRC: EMR 100 + CMR 50 (withheld with the 3).
    expect(states.map((s) => [s.code, s.value, s.confStatus])).toEqual([
      ['GRC', null, 'D'],
      ['ITA', null, 'D'],
    ]);
    expect(res.body).not.toMatch(/"value":(0|3|110|150)[,}]/);
    // A year: the protected year totals; CMR's year is January alone, so both states stay withheld.
    const year = (await get('?period=2024')).json();
    expect(year.period).toBe('2024');
    expect(year.states.map((s: MapState) => [s.code, s.value, s.confStatus])).toEqual([
      ['GRC', null, 'D'],
      ['ITA', null, 'D'],
    ]);
    // February: every part free, the values shown.
    const feb = (await get('?period=2024-02')).json();
    expect(feb.states.map((s: MapState) => s.value)).toEqual([110, 117]);
  });

  it('a period without public figures (draft, members only) has no states', async () => {
    for (const period of ['2024-04', '2024-05', '2019']) {
      const res = await get(`?period=${period}`);
      expect(res.statusCode, period).toBe(200);
      expect(res.json().states, period).toEqual([]);
      expect(secretsIn(res.body)).toEqual([]);
    }
  });

  it('bad input: unknown or restricted indicator, malformed period, unknown parameter: 400 naming the field', async () => {
    const unknown = await get('?indicator=NOPE');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ field: 'querystring.indicator', code: 'PORTAL_MAP_INDICATOR_UNKNOWN' }),
    ]);
    expect(unknown.json().detail).toMatch(/^querystring.indicator: "NOPE" is not a public indicator/);
    // A restricted indicator is refused with the same words as one that does not exist.
    const restricted = await get('?indicator=RSTX');
    expect(restricted.statusCode).toBe(400);
    expect(restricted.json().detail.replace('RSTX', 'NOPE')).toBe(unknown.json().detail);
    expect(secretsIn(restricted.body.replaceAll('RSTX', ''))).toEqual([]);

    for (const period of ['2024-13', '2024-1', '24', 'latest']) {
      const res = await get(`?period=${period}`);
      expect(res.statusCode, period).toBe(400);
      expect(res.json().errors[0]).toMatchObject({
        field: 'querystring.period',
        message: 'expected a month YYYY-MM or a year YYYY, e.g. 2024-03 or 2024',
      });
    }
    const french = await get('?period=2024-13', { 'accept-language': 'fr' });
    expect(french.json().errors[0].message).toBe(
      'un mois AAAA-MM ou une année AAAA est attendu, par ex. 2024-03 ou 2024',
    );
    expect(french.json().detail).toMatch(/^querystring.period: un mois AAAA-MM/);
    const russian = await get('?indicator=NOPE', { 'accept-language': 'ru' });
    expect(russian.json().errors[0].message).toMatch(/^«NOPE» — не публичный показатель/);
    const extra = await get('?colour=red');
    expect(extra.statusCode).toBe(400);
    expect(extra.body).toContain('colour');
    const slug = await t.app.inject({ url: '/api/portal/Bad_Slug/map' });
    expect(slug.statusCode).toBe(400);
  });

  it('a dialogue that is not public is 404', async () => {
    for (const slug of [closedSlug, 'no-such-dialogue']) {
      const res = await t.app.inject({ url: `/api/portal/${slug}/map`, headers: { cookie: adminCookie } });
      expect(res.statusCode, slug).toBe(404);
    }
  });

  it('is in the OpenAPI document with its rule and scope', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/portal/{slug}/map']?.get;
    expect(op).toBeDefined();
    expect(JSON.stringify(op)).toContain('portal.map');
    expect(JSON.stringify(op)).toContain('observations:read');
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['slug', 'indicator', 'period']),
    );
  });
});

/** The map after real submissions: published, on a restricted route, of a restricted indicator, embargoed. */
describe.each(testDatabases())('portal map API, submissions [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  const RESTRICTED_ROUTE = 8555;
  const RESTRICTED_INDICATOR = 8666;
  const EMBARGOED = 8777;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t, { routes: ['EMR', 'CMR', 'WBR'] });
    await t.db.query(sql`UPDATE dialogues SET classification = 'public' WHERE id = ${w.dialogueId}`);
    await t.db.query(
      sql`UPDATE indicators SET classification = 'public' WHERE dialogue_id = ${w.dialogueId}`,
    );
    await t.db.query(sql`UPDATE routes SET classification = 'public' WHERE dialogue_id = ${w.dialogueId}`);
  });
  afterAll(() => t?.close());

  const api = (path: string, cookie: string, payload: unknown = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}${path}`,
      headers: { cookie, 'x-passage-csrf': '1' },
      payload: payload as Record<string, unknown>,
    });
  const upload = async (rows: string[], cookie: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { cookie, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: [IBC_HEADER, ...rows].join('\n'),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().submissionId as number;
  };
  const validate = async (id: number, cookie: string) => {
    const findings = (
      await t.app.inject({ url: `/api/dialogues/${w.slug}/submissions/${id}/findings`, headers: { cookie } })
    ).json();
    const warningComments = Object.fromEntries(findings.map((f: { key: string }) => [f.key, 'checked']));
    const submitted = await api(`/submissions/${id}/submit`, cookie, { warningComments });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const validated = await api(`/submissions/${id}/validate`, w.cookies.manager);
    expect(validated.statusCode, validated.body).toBe(200);
  };
  const publish = async (id: number, cookie: string) => {
    await validate(id, cookie);
    const res = await api(`/submissions/${id}/publish`, w.cookies.manager, { comment: 'ok' });
    expect(res.statusCode, res.body).toBe(200);
  };
  const map = async (query = '') => {
    const res = await t.app.inject({ url: `/api/portal/${w.slug}/map${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return { body: res.body, view: res.json() };
  };

  it('counts only public published figures: not a restricted route, a restricted indicator, nor an embargo', async () => {
    const row = (reporter: string, period: string, route: string, value: number, indicator = 'IBC') =>
      `${indicator},${reporter},${period},${route},_T,_T,_T,_T,${value},,`;
    // Published, public: ITA 200 on EMR, with a figure on WBR and one of ASY (a route and an indicator
    // restricted afterwards: the figures keep their public class); GRC 300 on EMR and a small 2 on CMR.
    await publish(
      await upload(
        [
          row('ITA', '2024-06', 'EMR', 200),
          row('ITA', '2024-06', 'WBR', RESTRICTED_ROUTE),
          row('ITA', '2024-06', '_T', RESTRICTED_INDICATOR, 'ASY'),
        ],
        w.cookies.providerIta,
      ),
      w.cookies.providerIta,
    );
    await publish(
      await upload(
        [row('GRC', '2024-06', 'EMR', 300), row('GRC', '2024-06', 'CMR', 2)],
        w.cookies.providerGrc,
      ),
      w.cookies.providerGrc,
    );
    await t.db.query(
      sql`UPDATE routes SET classification = 'restricted' WHERE dialogue_id = ${w.dialogueId} AND code = 'WBR'`,
    );
    await t.db.query(
      sql`UPDATE indicators SET classification = 'restricted' WHERE dialogue_id = ${w.dialogueId} AND code = 'ASY'`,
    );
    await clearCachesAfterWrite();
    // Validated and embargoed until next year.
    const embargoed = await upload([row('ITA', '2024-07', 'EMR', EMBARGOED)], w.cookies.providerIta);
    await validate(embargoed, w.cookies.providerIta);
    const release = await api(`/submissions/${embargoed}/release`, w.cookies.manager, {
      releaseAt: new Date(Date.now() + 365 * 24 * 3600_000).toISOString(),
      timeZone: 'Europe/Rome',
    });
    expect(release.statusCode, release.body).toBe(201);

    const { body, view } = await map('?indicator=IBC');
    for (const secret of [RESTRICTED_ROUTE, RESTRICTED_INDICATOR, EMBARGOED, 200 + RESTRICTED_ROUTE])
      expect(body).not.toContain(String(secret));
    expect(body).not.toContain('WBR');
    expect(view.indicators).toEqual(['IBC']);
    expect(view.period).toBe('2024-06');
    expect(view.periods.months).toEqual(['2024-06']);
    // Two states with figures: ITA's 200 (EMR only), GRC's withheld (its CMR 2 is a small count), never 0.
    expect(view.states.map((s: MapState) => [s.code, s.value, s.confStatus])).toEqual([
      ['GRC', null, 'D'],
      ['ITA', 200, 'F'],
    ]);
    expect(view.states.filter((s: MapState) => s.value === null)).toHaveLength(1);
    expect(body).not.toMatch(/"value":(0|2|302)[,}]/);
    // The embargoed month is no period of the map; asked for, it has nothing.
    expect((await map('?period=2024-07')).view.states).toEqual([]);
    const year = (await map('?period=2024')).view;
    expect(year.states.map((s: MapState) => [s.code, s.value])).toEqual([
      ['GRC', null],
      ['ITA', 200],
    ]);
    // The restricted indicator: refused as unknown.
    const asy = await t.app.inject({ url: `/api/portal/${w.slug}/map?indicator=ASY` });
    expect(asy.statusCode).toBe(400);
    expect(asy.body).not.toContain(String(RESTRICTED_INDICATOR));
  });
});
