/**
 * `restricted` made usable: the secretariat names the organisations an indicator or a route is shared with
 * (sharedWithOrgIds on create and update, chosen from GET …/organisations). A named organisation's users see
 * the record, another member state's users do not (absent from lists, 404 alone), the secretariat does. An
 * unknown organisation, one outside the dialogue, or a list on a record that is not restricted is refused with
 * the field named, writing nothing (restricted to nobody else: the secretariat and the originator only).
 */
import sql, { raw } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeSteps, exchangeSteps } from '../../../../test/exchange-steps';
import { type ExchangeWorld, makeExchangeWorld } from '../../../../test/exchange-world';
import { makeOrganisation } from '../../../../test/factories';

const name = (en: string) => ({ source: 'en', values: { en } });

describe.each(testDatabases())(
  'restricted indicators and routes shared with named organisations [%s]',
  (kind) => {
    let t: TestApp;
    let w: ExchangeWorld;
    let s: ExchangeSteps;
    const orgs = { ita: 0, grc: 0, outside: 0 };

    const orgOf = async (country: string) =>
      (
        await t.db.query<{ id: number }>(sql`SELECT DISTINCT o.id FROM organisations o
        JOIN users u ON u.organisation_id = o.id JOIN memberships m ON m.user_id = u.id
        WHERE m.dialogue_id = ${w.dialogueId} AND o.country_iso3 = ${country}`)
      )[0]!.id;
    /** Codes of the indicators and routes the holder of `cookie` sees on the dialogue's home. */
    const home = async (cookie: string) => {
      const res = await s.api('GET', '', cookie);
      expect(res.statusCode, res.body).toBe(200);
      const v = res.json();
      return {
        indicators: v.indicators.map((i: { code: string }) => i.code) as string[],
        routes: v.routes.map((r: { code: string }) => r.code) as string[],
      };
    };
    const count = async (table: 'indicators' | 'routes', code: string) =>
      (
        await t.db.query<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM ${raw(table)} WHERE code = ${code}`,
        )
      )[0]!.n;

    beforeAll(async () => {
      t = await createTestApp(kind);
      w = await makeExchangeWorld(t);
      s = exchangeSteps(t, w);
      orgs.ita = await orgOf('ITA');
      orgs.grc = await orgOf('GRC');
      orgs.outside = (await makeOrganisation(t.db, { kind: 'international' })).id;
    });
    afterAll(() => t?.close());

    it("lists the dialogue's organisations to its members only", async () => {
      const res = await s.api('GET', '/organisations', w.cookies.providerIta);
      expect(res.statusCode, res.body).toBe(200);
      const ids = res.json().map((o: { id: number }) => o.id);
      expect(ids).toEqual(expect.arrayContaining([orgs.ita, orgs.grc]));
      expect(ids).not.toContain(orgs.outside);
      expect((await s.api('GET', '/organisations', w.cookies.outsider)).statusCode).toBe(404);
      expect((await s.api('GET', '/organisations')).statusCode).toBe(401);
    });

    it('shows a restricted indicator to the named organisation and the secretariat, not to another state', async () => {
      const res = await s.api('POST', '/definitions/indicators', w.cookies.manager, {
        code: 'SHARED_GRC',
        name: name('Shared with Greece'),
        classification: 'restricted',
        sharedWithOrgIds: [orgs.grc],
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ classification: 'restricted', sharedWithOrgIds: [orgs.grc] });
      expect((await home(w.cookies.providerGrc)).indicators).toContain('SHARED_GRC');
      expect((await home(w.cookies.manager)).indicators).toContain('SHARED_GRC');
      expect((await home(w.cookies.providerIta)).indicators).not.toContain('SHARED_GRC');
      expect((await home(w.cookies.analystIta)).indicators).not.toContain('SHARED_GRC');

      // Shared with Italy instead: now Italy sees it and Greece does not.
      const { id, revision } = res.json();
      const moved = await s.api('PUT', `/definitions/indicators/${id}`, w.cookies.manager, {
        sharedWithOrgIds: [orgs.ita],
        expectedRevision: revision,
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().sharedWithOrgIds).toEqual([orgs.ita]);
      expect((await home(w.cookies.analystIta)).indicators).toContain('SHARED_GRC');
      expect((await home(w.cookies.providerGrc)).indicators).not.toContain('SHARED_GRC');

      // Made dialogue-wide, the list is dropped.
      const open = await s.api('PUT', `/definitions/indicators/${id}`, w.cookies.manager, {
        classification: 'dialogue',
        expectedRevision: moved.json().revision,
      });
      expect(open.statusCode, open.body).toBe(200);
      expect(open.json()).toMatchObject({ classification: 'dialogue', sharedWithOrgIds: [] });
    });

    it('shows a restricted route to the named organisation only (unknown to another state)', async () => {
      const res = await s.api('POST', '/definitions/routes', w.cookies.manager, {
        code: 'AEGEAN_R',
        name: name('Aegean (restricted)'),
        countries: ['TUR', 'GRC'],
        validFrom: '2024-01-01',
        classification: 'restricted',
        sharedWithOrgIds: [orgs.grc],
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().sharedWithOrgIds).toEqual([orgs.grc]);
      expect((await home(w.cookies.providerGrc)).routes).toContain('AEGEAN_R');
      expect((await home(w.cookies.manager)).routes).toContain('AEGEAN_R');
      expect((await home(w.cookies.providerIta)).routes).not.toContain('AEGEAN_R');
      // Another state cannot read it by code either: the route does not exist for it (as an unknown code).
      const q = (route: string) => `/analytics/series?indicator=IBC&route=${route}&from=2024-01&to=2024-02`;
      expect((await s.api('GET', q('AEGEAN_R'), w.cookies.providerGrc)).statusCode).toBe(200);
      const hidden = await s.api('GET', q('AEGEAN_R'), w.cookies.providerIta);
      const unknown = await s.api('GET', q('NO_SUCH'), w.cookies.providerIta);
      expect(unknown.statusCode).toBe(400);
      expect(hidden.statusCode).toBe(unknown.statusCode);
      expect(hidden.json().errors[0].field).toBe(unknown.json().errors[0].field);
    });

    it('refuses unknown or outside organisations, or a list on a record not restricted, writing nothing', async () => {
      const post = (path: string, body: Record<string, unknown>) =>
        s.api('POST', `/definitions/${path}`, w.cookies.manager, body);
      const indicator = { code: 'BAD_SHARE', name: name('Bad'), classification: 'restricted' };
      const unknown = await post('indicators', { ...indicator, sharedWithOrgIds: [orgs.grc, 99999999] });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors).toEqual([
        { field: 'body.sharedWithOrgIds[1]', message: expect.stringContaining('does not take part') },
      ]);
      const outside = await post('indicators', { ...indicator, sharedWithOrgIds: [orgs.outside] });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().errors[0].field).toBe('body.sharedWithOrgIds[0]');
      const notRestricted = await post('indicators', {
        ...indicator,
        classification: 'dialogue',
        sharedWithOrgIds: [orgs.grc],
      });
      expect(notRestricted.statusCode).toBe(400);
      expect(await count('indicators', 'BAD_SHARE')).toBe(0);
      // Restricted to nobody else: the secretariat (and the originator) only.
      const nobody = await post('indicators', { ...indicator, code: 'SECRETARIAT_ONLY' });
      expect(nobody.statusCode, nobody.body).toBe(201);
      expect(nobody.json().sharedWithOrgIds).toEqual([]);
      expect((await home(w.cookies.providerGrc)).indicators).not.toContain('SECRETARIAT_ONLY');
      const route = await post('routes', {
        code: 'BAD_ROUTE',
        name: name('Bad'),
        countries: ['TUR', 'GRC'],
        validFrom: '2024-01-01',
        classification: 'restricted',
        sharedWithOrgIds: [orgs.outside],
      });
      expect(route.statusCode).toBe(400);
      expect(route.json().errors[0].field).toBe('body.sharedWithOrgIds[0]');
      expect(await count('routes', 'BAD_ROUTE')).toBe(0);
      // A member state may not define indicators at all.
      const denied = await s.api('POST', '/definitions/indicators', w.cookies.providerGrc, {
        ...indicator,
        sharedWithOrgIds: [orgs.grc],
      });
      expect(denied.statusCode).toBe(403);
    });
  },
);
