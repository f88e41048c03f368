/**
 * Issue 13, items 15 and 10. A state reports the figures of a restricted or originator indicator the
 * secretariat shares with its ministry (docs/exchange.md): its data providers must see the definition to import,
 * enter and submit them (migration 0014). And when row-level security hides one of a submission's indicators
 * from a caller who may see the submission, its findings answer 200 without that indicator's figures, instead of
 * a 500 (RangeError in runRules); submitting such a submission is refused (its figures could not be checked).
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, makeExchangeWorld } from '../../../../test/exchange-world';
import { makeUser } from '../../../../test/factories';
import { withActor } from '../../../db/with-actor';
import type { Actor } from '../../../shared/actor';
import { CLASSIFICATIONS } from '../../../shared/classification';
import { canSeeIndicator } from '../../../shared/visibility';

describe.each(testDatabases())('exchange: indicators shared with a reporting state [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let itaOrg: number;
  const url = (path: string) => `/api/dialogues/${w.slug}${path}`;

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    const [org] = await t.db.query<{ id: number }>(sql`SELECT o.id FROM organisations o
      JOIN users u ON u.organisation_id = o.id JOIN memberships m ON m.user_id = u.id
      WHERE m.dialogue_id = ${w.dialogueId} AND m.role = 'data_provider' AND o.country_iso3 = 'ITA'`);
    itaOrg = org!.id;
    const classify = (code: string, classification: string, shared: number[]) =>
      t.db.query(sql`UPDATE indicators SET classification = ${classification}::classification,
        shared_with_org_ids = ${shared}::int[] WHERE dialogue_id = ${w.dialogueId} AND code = ${code}`);
    await classify('RET_DEC', 'originator', [itaOrg]);
    await classify('ASY', 'restricted', [itaOrg]);
    await classify('FAC', 'originator', []); // shared with nobody: the secretariat's own
  });
  afterAll(() => t?.close());

  const json = (cookie: string, method: 'POST' | 'PUT', path: string, payload: object) =>
    t.app.inject({ method, url: url(path), headers: sessionHeaders(cookie), payload });

  it('lets the reporter see, import, enter and submit figures of restricted and originator indicators shared with it', async () => {
    const home = await t.app.inject({
      url: `/api/dialogues/${w.slug}`,
      headers: { cookie: w.cookies.providerIta },
    });
    const codes = home.json().indicators.map((i: { code: string }) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['RET_DEC', 'ASY']));
    expect(codes).not.toContain('FAC');

    const csv = [
      'indicator,period,citizenship,sex,age_group,value',
      'RET_DEC,2023-01,SYR,,,4',
      'ASY,2023-01,SYR,_T,_T,9',
    ].join('\n');
    const imported = await t.app.inject({
      method: 'POST',
      url: url('/imports'),
      headers: { ...sessionHeaders(w.cookies.providerIta), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const id = imported.json().submissionId as number; // ImportResultView
    const edited = await json(w.cookies.providerIta, 'PUT', `/submissions/${id}/figures`, {
      indicator: 'RET_DEC',
      period: '2023-01',
      breakdowns: { citizenship: 'SYR' },
      value: 5,
      expectedRevision: 1,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const created = await json(w.cookies.providerIta, 'POST', '/submissions', {
      observations: [
        { indicator: 'RET_DEC', period: '2023-02', breakdowns: { citizenship: 'AFG' }, value: 2 },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const submitted = await json(w.cookies.providerIta, 'POST', `/submissions/${id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    for (const step of ['validate', 'publish'])
      expect((await json(w.cookies.manager, 'POST', `/submissions/${id}/${step}`, {})).statusCode).toBe(200);

    const read = (cookie: string) =>
      t.app.inject({ url: url('/observations?indicator=RET_DEC'), headers: { cookie } });
    expect((await read(w.cookies.providerIta)).json()).toEqual([
      expect.objectContaining({ indicator: 'RET_DEC', value: 5, classification: 'originator' }),
    ]);
    // The figures themselves stay with the reporter and the secretariat.
    expect((await read(w.cookies.providerGrc)).json()).toEqual([]);
  });

  it('still refuses indicators not shared with the caller ("unknown indicator", nothing written)', async () => {
    const other = await json(w.cookies.providerGrc, 'POST', '/submissions', {
      observations: [
        { indicator: 'RET_DEC', period: '2023-03', breakdowns: { citizenship: 'AFG' }, value: 2 },
      ],
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0]).toMatchObject({ field: 'body.observations[0].indicator' });
    expect(other.json().errors[0].message).toMatch(/unknown indicator "RET_DEC"/);
    const own = await json(w.cookies.providerIta, 'POST', '/submissions', {
      observations: [{ indicator: 'FAC', period: '2023-03', breakdowns: { citizenship: 'AFG' }, value: 2 }],
    });
    expect(own.statusCode).toBe(400);
    expect(own.json().errors[0].message).toMatch(/unknown indicator "FAC"/);
  });

  it('answers findings without the figures of an indicator row-level security hides (200, not 500); submitting is refused', async () => {
    // The secretariat enters, for Italy, a figure of its own originator indicator FAC and one of RET_DEC.
    const created = await json(w.cookies.manager, 'POST', '/submissions', {
      reporter: 'ITA',
      observations: [
        { indicator: 'FAC', period: '2022-05', breakdowns: { citizenship: 'AFG', place: '_T' }, value: -7 },
        { indicator: 'RET_DEC', period: '2022-05', breakdowns: { citizenship: 'AFG' }, value: -3 },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number; // SubmissionDetail
    const findings = (cookie: string) =>
      t.app.inject({ url: url(`/submissions/${id}/findings`), headers: { cookie } });
    const asManager = await findings(w.cookies.manager);
    expect(asManager.statusCode).toBe(200);
    const negative = (list: { rule: string; message: string }[]) =>
      list.filter((f) => f.rule === 'Non-negative').map((f) => f.message);
    expect(negative(asManager.json())).toHaveLength(2);

    // The Italian provider and analyst see the submission, and RET_DEC, but not FAC.
    for (const cookie of [w.cookies.providerIta, w.cookies.analystIta]) {
      const res = await findings(cookie);
      expect(res.statusCode, res.body).toBe(200);
      const seen = negative(res.json());
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/-3/);
    }
    const submit = await json(w.cookies.providerIta, 'POST', `/submissions/${id}/submit`, {});
    expect(submit.statusCode).toBe(403);
    const after = await t.app.inject({
      url: url(`/submissions/${id}`),
      headers: { cookie: w.cookies.manager },
    });
    expect(after.json().status).toBe('draft');
  });

  it('row-level security on indicators agrees with canSeeIndicator for every classification and caller', async () => {
    const sharedOrg = itaOrg;
    const codes: { code: string; classification: (typeof CLASSIFICATIONS)[number] }[] = [];
    for (const classification of CLASSIFICATIONS) {
      for (const shared of [[], [sharedOrg]]) {
        const code = `X_${classification}_${shared.length}`.toUpperCase();
        await t.db.query(sql`INSERT INTO indicators (dialogue_id, code, name, classification, shared_with_org_ids,
            originator_org_id)
          SELECT ${w.dialogueId}, ${code}, '{"en":"x"}'::jsonb, ${classification}::classification,
            ${shared}::int[], secretariat_org_id FROM dialogues WHERE id = ${w.dialogueId}`);
        codes.push({ code, classification });
      }
    }
    const [sec] = await t.db.query<{ id: number }>(
      sql`SELECT secretariat_org_id AS id FROM dialogues WHERE id = ${w.dialogueId}`,
    );
    const viewer = await makeUser(t.db, {
      orgId: sharedOrg,
      roles: [{ dialogueId: w.dialogueId, role: 'viewer' }],
    });
    const actor = (orgId: number, role: 'viewer' | 'data_manager' | null): Actor => ({
      userId: viewer.id,
      orgId,
      orgKind: 'state',
      countryIso3: 'ITA',
      email: 'x@x',
      name: 'x',
      roles: role ? { [w.dialogueId]: [role] } : {},
    });
    const callers = [actor(sharedOrg, 'viewer'), actor(sharedOrg, null), actor(sec!.id, 'data_manager')];
    for (const a of callers) {
      const seen = await withActor(t.db, a, (tx) =>
        tx.query<{ code: string }>(sql`SELECT code FROM indicators WHERE code LIKE 'X\\_%' ORDER BY code`),
      );
      const expected = codes
        .filter((c) =>
          canSeeIndicator(a, {
            dialogueId: w.dialogueId,
            classification: c.classification,
            originatorOrgId: sec!.id,
            sharedWithOrgIds: c.code.endsWith('_1') ? [sharedOrg] : [],
          }),
        )
        .map((c) => c.code)
        .sort();
      expect(seen.map((r) => r.code)).toEqual(expected);
    }
    // The shared viewer sees the shared originator indicator, not the unshared one.
    expect(
      canSeeIndicator(callers[0]!, {
        dialogueId: w.dialogueId,
        classification: 'originator',
        originatorOrgId: sec!.id,
        sharedWithOrgIds: [sharedOrg],
      }),
    ).toBe(true);
  });
});
