/**
 * Country profiles (issue 16): the secretariat drafts a profile, the state returns it with a comment and then
 * endorses the next version; drafts and returned versions stay with the editors (the secretariat and the
 * state), other members read only the endorsed version and its sections their classification shows them;
 * refusals (the secretariat endorsing, a return without comment, a stale revision, another state writing, a
 * section named twice) write nothing; versions compared section by section; the key figures read from the
 * published statistics; search, the portal's publicProfile and the yearly reminder.
 */
import type { LightMyRequestResponse } from 'fastify';
import sql, { raw } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makePersonas, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeIndicators } from '../../../../test/exchange-world';
import { makeDialogue, makeOrganisation, makeRoute } from '../../../../test/factories';
import { refreshAggregates } from '../../analytics/analytics.service';
import { publicProfile, runProfilesRemindJob } from '../profiles.service';

type Who = 'manager' | 'analystGrc' | 'viewerGrc' | 'providerIta' | 'outsider';

describe.each(testDatabases())('country profiles [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  let dialogueId: number;
  let users: Record<Who, number>;
  let cookies: Record<Who, string>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA'] });
    const other = await makeDialogue(t.db, { classification: 'dialogue', states: ['TUR'] });
    slug = d.slug;
    dialogueId = d.id;
    const grc = await makeOrganisation(t.db, { country: 'GRC' });
    const ita = await makeOrganisation(t.db, { country: 'ITA' });
    ({ users, cookies } = await makePersonas<Who>(t, {
      manager: { orgId: d.secretariatOrgId, dialogueId: d.id, role: 'data_manager' },
      analystGrc: { orgId: grc.id, dialogueId: d.id, role: 'analyst' },
      viewerGrc: { orgId: grc.id, dialogueId: d.id, role: 'viewer' },
      providerIta: { orgId: ita.id, dialogueId: d.id, role: 'data_provider' },
      outsider: { orgId: ita.id, dialogueId: other.id, role: 'analyst' },
    }));
    // Published figures of Greece: IBC on two routes, split by citizenship, 2024-01 … 2025-12.
    await makeIndicators(t.db, d.id, d.secretariatOrgId);
    for (const code of ['EMR', 'WBR'])
      await makeRoute(t.db, { dialogueId: d.id, originatorOrgId: d.secretariatOrgId, code });
    const [ibc] = await t.db.query<{ id: number }>(
      sql`SELECT id FROM indicators WHERE dialogue_id = ${d.id} AND code = 'IBC'`,
    );
    for (const year of [2024, 2025])
      for (let m = 1; m <= 12; m++) {
        const period = `${year}-${String(m).padStart(2, '0')}-01`;
        const rows: [string, string, number][] = [
          ['EMR', '_T', year === 2025 ? 100 : 50],
          ['WBR', '_T', 20],
          ['EMR', 'SYR', year === 2025 ? 60 : 30],
          ['EMR', 'AFG', year === 2025 ? 40 : 20],
        ];
        for (const [route, cit, value] of rows)
          await t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route,
              citizenship, value, classification, status, revision, published_at)
            VALUES (${d.id}, ${ibc!.id}, 'GRC', ${period}::date, ${route}, ${cit}, ${value}, 'dialogue',
              'published', 1, '2026-01-15T10:00:00Z')`);
      }
    await refreshAggregates(t.db, d.id);
  });
  afterAll(() => t?.close());

  const api = (
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    who?: Who,
    body?: unknown,
  ): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method,
      url: `/api/dialogues/${slug}/profiles${path}`,
      headers: who ? sessionHeaders(cookies[who]) : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const ok = async (res: Promise<LightMyRequestResponse>, status = 200) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    // biome-ignore lint/suspicious/noExplicitAny: test answers are read field by field
    return r.json() as any;
  };
  const count = async (table: string) =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${raw(table)}`))[0]!.n;
  const counts = async () => ({
    profiles: await count('profiles'),
    versions: await count('profile_versions'),
    sections: await count('profile_sections'),
  });

  const SECTIONS = [
    {
      key: 'governance',
      body: 'The Ministry of Migration and Asylum leads migration policy.',
      sources: [{ title: 'Law 4662/2020', url: 'https://example.org/law-4662' }],
      classification: 'public',
    },
    {
      key: 'institutions',
      body: 'Hellenic Police, Coast Guard and the Asylum Service.',
      classification: 'dialogue',
    },
    {
      key: 'challenges',
      body: 'Confidential assessment of reception capacity zebrafinch.',
      classification: 'restricted',
    },
  ];

  it('refuses bad drafts and writers outside the editors, writing nothing', async () => {
    const before = await counts();
    const twice = await api('PUT', '/GRC/draft', 'manager', {
      expectedRevision: 0,
      sections: [SECTIONS[0], SECTIONS[0]],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0]).toMatchObject({ field: 'body.sections[1].key' });
    const badUrl = await api('PUT', '/GRC/draft', 'manager', {
      expectedRevision: 0,
      sections: [{ ...SECTIONS[0], sources: [{ title: 'x', url: 'ftp://example.org' }] }],
    });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().errors[0].field).toBe('body.sections[0].sources[0].url');
    const empty = await api('PUT', '/GRC/draft', 'manager', { expectedRevision: 0, sections: [] });
    expect(empty.statusCode).toBe(400);
    // Italy's provider may write Italy's profile, not Greece's; a viewer writes none; not a member state: 404.
    expect(
      (await api('PUT', '/GRC/draft', 'providerIta', { expectedRevision: 0, sections: SECTIONS })).statusCode,
    ).toBe(403);
    expect(
      (await api('PUT', '/GRC/draft', 'viewerGrc', { expectedRevision: 0, sections: SECTIONS })).statusCode,
    ).toBe(403);
    expect(
      (await api('PUT', '/FRA/draft', 'manager', { expectedRevision: 0, sections: SECTIONS })).statusCode,
    ).toBe(404);
    expect(
      (await api('PUT', '/GRC/draft', 'outsider', { expectedRevision: 0, sections: SECTIONS })).statusCode,
    ).toBe(404);
    expect(
      (await api('PUT', '/GRC/draft', undefined, { expectedRevision: 0, sections: SECTIONS })).statusCode,
    ).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('the secretariat drafts; the draft stays with the editors', async () => {
    const p = await ok(api('PUT', '/GRC/draft', 'manager', { expectedRevision: 0, sections: SECTIONS }));
    expect(p.revision).toBe(1);
    expect(p.version).toMatchObject({ number: 1, status: 'draft' });
    expect(p.version.sections.map((s: { key: string }) => s.key)).toEqual([
      'governance',
      'institutions',
      'challenges',
    ]);
    expect(p.abilities).toEqual({ canEdit: true, canEndorse: false, canReturn: false });
    // A second save naming the old revision is stale.
    const stale = await api('PUT', '/GRC/draft', 'manager', { expectedRevision: 0, sections: SECTIONS });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('CONFLICT');

    // The state's own members see the draft (a viewer too), and its analyst may endorse it.
    const asGrc = await ok(api('GET', '/GRC', 'analystGrc'));
    expect(asGrc.version.status).toBe('draft');
    expect(asGrc.abilities).toMatchObject({ canEndorse: true, canReturn: true });
    expect((await ok(api('GET', '/GRC', 'viewerGrc'))).version.sections).toHaveLength(3);

    // Another state sees no version, and no draft by its number or in a comparison.
    const asIta = await ok(api('GET', '/GRC', 'providerIta'));
    expect(asIta.version).toBeNull();
    expect(asIta.versions).toEqual([]);
    expect((await api('GET', '/GRC/versions/1', 'providerIta')).statusCode).toBe(404);
    expect((await api('GET', '/GRC/compare?from=1&to=1', 'providerIta')).statusCode).toBe(404);
    const list = await ok(api('GET', '/', 'providerIta'));
    expect(list.items.find((i: { state: string }) => i.state === 'GRC')).toMatchObject({
      endorsedAt: null,
      latestStatus: null,
    });
    expect(
      (await ok(api('GET', '/', 'manager'))).items.find((i: { state: string }) => i.state === 'GRC')
        .latestStatus,
    ).toBe('draft');
    // Non-members: 404; anonymous: 401.
    expect((await api('GET', '/GRC', 'outsider')).statusCode).toBe(404);
    expect((await api('GET', '/GRC')).statusCode).toBe(401);
    // Nothing endorsed yet: the portal has nothing.
    expect(await publicProfile(t.db, slug, 'GRC')).toBeUndefined();
  });

  it('the state returns a draft only with a comment, never as the secretariat, never on a stale revision', async () => {
    const before = await counts();
    const asManager = await api('POST', '/GRC/versions/1/endorse', 'manager', { expectedRevision: 1 });
    expect(asManager.statusCode).toBe(403);
    expect(
      (await api('POST', '/GRC/versions/1/endorse', 'providerIta', { expectedRevision: 1 })).statusCode,
    ).toBe(403);
    const noComment = await api('POST', '/GRC/versions/1/return', 'analystGrc', { expectedRevision: 1 });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().errors[0].field).toBe('body.comment');
    const staleReturn = await api('POST', '/GRC/versions/1/return', 'analystGrc', {
      expectedRevision: 0,
      comment: 'Update the institutions',
    });
    expect(staleReturn.statusCode).toBe(409);
    expect(await counts()).toEqual(before);

    const returned = await ok(
      api('POST', '/GRC/versions/1/return', 'analystGrc', {
        expectedRevision: 1,
        comment: 'Name the Asylum Service in full',
      }),
    );
    expect(returned.revision).toBe(2);
    expect(returned.version).toMatchObject({
      status: 'returned',
      comment: 'Name the Asylum Service in full',
    });
    expect(returned.abilities.canEndorse).toBe(false);
    // A returned version is not decided again.
    const again = await api('POST', '/GRC/versions/1/endorse', 'analystGrc', { expectedRevision: 2 });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PROFILE_NOT_DRAFT');
  });

  it('a new version after the return, endorsed by the state, is what other members read', async () => {
    const changed = [
      SECTIONS[0],
      { ...SECTIONS[1], body: 'Hellenic Police, Coast Guard and the Greek Asylum Service.' },
      SECTIONS[2],
      { key: 'cooperation', body: 'Readmission cooperation with Türkiye.', classification: 'dialogue' },
    ];
    const v2 = await ok(api('PUT', '/GRC/draft', 'manager', { expectedRevision: 2, sections: changed }));
    expect(v2.version).toMatchObject({ number: 2, status: 'draft' });
    expect(v2.versions.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [2, 'draft'],
      [1, 'returned'],
    ]);
    // An unchanged section keeps its "last updated".
    const v1 = await ok(api('GET', '/GRC/versions/1', 'manager'));
    const gov = (v: { sections: { key: string; updatedAt: string }[] }) =>
      v.sections.find((s) => s.key === 'governance')!;
    expect(gov(v2.version).updatedAt).toBe(gov(v1).updatedAt);

    const endorsed = await ok(api('POST', '/GRC/versions/2/endorse', 'analystGrc', { expectedRevision: 3 }));
    expect(endorsed.version).toMatchObject({ number: 2, status: 'endorsed' });
    expect(endorsed.revision).toBe(4);

    // Italy reads version 2 only, without the restricted section.
    const asIta = await ok(api('GET', '/GRC', 'providerIta'));
    expect(asIta.version.number).toBe(2);
    expect(asIta.versions.map((v: { number: number }) => v.number)).toEqual([2]);
    expect(asIta.version.sections.map((s: { key: string }) => s.key)).toEqual([
      'governance',
      'institutions',
      'cooperation',
    ]);
    expect(asIta.abilities).toEqual({ canEdit: false, canEndorse: false, canReturn: false });
    expect((await api('GET', '/GRC/versions/1', 'providerIta')).statusCode).toBe(404);
    const list = await ok(api('GET', '/', 'providerIta'));
    expect(list.items.find((i: { state: string }) => i.state === 'GRC').endorsedNumber).toBe(2);

    // The secretariat starts version 3 from it: Italy still reads version 2.
    await ok(
      api('PUT', '/GRC/draft', 'manager', { expectedRevision: 4, sections: [...changed.slice(0, 3)] }),
    );
    expect((await ok(api('GET', '/GRC', 'providerIta'))).version.number).toBe(2);
    expect((await ok(api('GET', '/GRC', 'manager'))).version).toMatchObject({ number: 3, status: 'draft' });
  });

  it('compares two versions section by section', async () => {
    const c = await ok(api('GET', '/GRC/compare?from=1&to=2', 'manager'));
    expect(c.from.number).toBe(1);
    expect(c.sections.map((s: { key: string; change: string }) => [s.key, s.change])).toEqual([
      ['governance', 'unchanged'],
      ['institutions', 'changed'],
      ['cooperation', 'added'],
      ['challenges', 'unchanged'],
    ]);
    const inst = c.sections[1];
    expect(
      inst.text
        .filter((p: { op: string }) => p.op === 'insert')
        .map((p: { text: string }) => p.text)
        .join(''),
    ).toContain('Greek');
    const bad = await api('GET', '/GRC/compare?from=1', 'manager');
    expect(bad.statusCode).toBe(400);
    expect((await api('GET', '/GRC/compare?from=1&to=9', 'manager')).statusCode).toBe(404);
  });

  it('searches the endorsed sections the caller may see; the portal gets the public ones', async () => {
    const search = async (q: string, who: Who) => {
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/search?q=${encodeURIComponent(q)}&type=profile`,
        headers: sessionHeaders(cookies[who]),
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { mode: string; total: number; items: { link: string; country: string | null }[] };
    };
    const found = await search('Greek Asylum Service', 'providerIta');
    expect(found.mode).toBe('fulltext');
    expect(found.items[0]).toMatchObject({ link: `/d/${slug}/profiles/GRC`, country: 'GRC' });
    // The restricted section is never indexed, for anyone (no word matches; at most titles spelled alike).
    const restricted = await search('zebrafinch', 'manager');
    expect(restricted.mode === 'fulltext' && restricted.total > 0).toBe(false);
    // Another dialogue's member finds nothing of this dialogue.
    const outside = await search('Greek Asylum Service', 'outsider');
    expect(outside.items.filter((i) => i.link.startsWith(`/d/${slug}/`))).toEqual([]);

    const pub = await publicProfile(t.db, slug, 'GRC');
    expect(pub?.number).toBe(2);
    expect(pub?.sections.map((s) => s.key)).toEqual(['governance']);
    expect(pub?.sections[0]?.sources).toEqual([
      { title: 'Law 4662/2020', url: 'https://example.org/law-4662' },
    ]);
    expect(await publicProfile(t.db, slug, 'ITA')).toBeUndefined();
  });

  it('row-level security keeps drafts and restricted sections from other states', async () => {
    const asIta = {
      role: 'passage_app',
      'passage.user_id': String(users.providerIta),
      'passage.org_id': '0',
      'passage.country_iso3': 'ITA',
      'passage.member_dialogues': `{${dialogueId}}`,
      'passage.secretariat_dialogues': '{}',
      'passage.provider_dialogues': `{${dialogueId}}`,
    };
    const seen = await t.db.transaction(
      async (tx) => ({
        versions: await tx.query<{ number: number }>(
          sql`SELECT number FROM profile_versions WHERE state_iso3 = 'GRC' ORDER BY number`,
        ),
        sections: await tx.query<{ key: string }>(
          sql`SELECT key FROM profile_sections WHERE state_iso3 = 'GRC' ORDER BY key`,
        ),
      }),
      asIta,
    );
    expect(seen.versions.map((v) => v.number)).toEqual([2]);
    expect(seen.sections.map((s) => s.key)).toEqual(['cooperation', 'governance', 'institutions']);
  });

  it('shows key figures from the published statistics with the date they were published', async () => {
    const f = await ok(api('GET', '/GRC/figures', 'providerIta'));
    expect(f.publishedAt).toBe('2026-01-15T10:00:00.000Z');
    const ibc = f.indicators.find((i: { indicator: string }) => i.indicator === 'IBC');
    expect(ibc).toMatchObject({ from: '2025-01', to: '2025-12', total: 1440, previous: 840 });
    expect(ibc.byRoute).toEqual([
      { code: 'EMR', value: 1200 },
      { code: 'WBR', value: 240 },
    ]);
    expect(ibc.topCitizenships).toEqual([
      { code: 'SYR', value: 720 },
      { code: 'AFG', value: 480 },
    ]);
    expect(ibc.trend.at(-1)).toEqual({ period: '2025-12', value: 120 });
    // Italy has no figures; an outsider sees none.
    expect((await ok(api('GET', '/ITA/figures', 'manager'))).indicators).toEqual([]);
    expect((await api('GET', '/GRC/figures', 'outsider')).statusCode).toBe(404);
  });

  it('reminds the state and the secretariat once a year to update the profile', async () => {
    await t.db.query(sql`UPDATE profile_versions SET decided_at = now() - interval '400 days'
      WHERE state_iso3 = 'GRC' AND decided_at IS NOT NULL`);
    const first = await runProfilesRemindJob(t.db);
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    const rows = await t.db.query<{ user_id: number }>(
      sql`SELECT user_id FROM notifications WHERE kind = 'profile.update_due' ORDER BY user_id`,
    );
    const got = rows.map((r) => r.user_id);
    expect(got).toContain(users.manager);
    expect(got).toContain(users.analystGrc);
    expect(got).not.toContain(users.providerIta);
    expect(got).not.toContain(users.viewerGrc);
    expect((await runProfilesRemindJob(t.db)).reminded).toBe(0);
  });
});
