/**
 * Observer organisations submitting on behalf of states (issue 22), on both databases: the secretariat allows
 * an observer organisation of the dialogue to submit for named member states (`PUT …/submission-grants/{org}`);
 * the organisation's data provider then imports one file with several of those states through a mapping (one
 * draft per state), a template file for one of them, and sees those drafts. Denied: a state not granted (the
 * whole file refused, nothing written), an organisation without a grant, anyone but the secretariat setting
 * grants, a grant ended. Bad input: a state that is not a member, an organisation that is not the dialogue's
 * observer; nothing written.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { countObservations, type ExchangeWorld, makeExchangeWorld } from '../../../../test/exchange-world';
import { makeOrganisation, makeUser } from '../../../../test/factories';
import type { ImportMapping } from '../../../domain/import-mapping';

const HEADER = ['Reporting country', 'Citizenship', '2024M09'];
const mapping: ImportMapping = {
  header: HEADER,
  columns: [
    { kind: 'field', field: 'reporter' },
    { kind: 'field', field: 'citizenship' },
    { kind: 'period', period: '2024-09' },
  ],
  fixed: { indicator: 'RET_DEC' },
  codes: {},
};
const file = (...rows: string[]) => [HEADER.join(','), ...rows].join('\n');

describe.each(testDatabases())('observer organisations submitting for states [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let observerOrg: number;
  let strangerOrg: number;
  let observer: string;
  let otherObserver: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    const org = await makeOrganisation(t.db, { kind: 'international', name: `IOM ${kind}` });
    const other = await makeOrganisation(t.db, { kind: 'international', name: `UNHCR ${kind}` });
    const stranger = await makeOrganisation(t.db, { kind: 'international', name: `Not observing ${kind}` });
    observerOrg = org.id;
    strangerOrg = stranger.id;
    for (const o of [org, other])
      await t.db.query(
        sql`INSERT INTO dialogue_observers (dialogue_id, organisation_id) VALUES (${w.dialogueId}, ${o.id})`,
      );
    const provider = async (orgId: number) => {
      const u = await makeUser(t.db, { orgId, roles: [{ dialogueId: w.dialogueId, role: 'data_provider' }] });
      return loginCookie(t.app, u.email, u.password);
    };
    observer = await provider(org.id);
    otherObserver = await provider(other.id);
    // A dialogue-wide mapping of the secretariat's, with a reporter column.
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/dialogues/${w.slug}/import-mappings/compiled`,
      headers: { cookie: w.cookies.manager, 'x-passage-csrf': '1' },
      payload: { mapping },
    });
    expect(saved.statusCode, saved.body).toBe(201);
  });
  afterAll(() => t?.close());

  const grant = (orgId: number, reporters: string[], cookie = w.cookies.manager) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/dialogues/${w.slug}/submission-grants/${orgId}`,
      headers: { cookie, 'x-passage-csrf': '1' },
      payload: { reporters },
    });
  const importMapped = (csv: string, cookie = observer) =>
    t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/import-mappings/compiled/imports?fileName=compiled.csv`,
      headers: { cookie, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: csv,
    });
  const importTemplate = (reporter: string, cookie = observer) =>
    t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports?reporter=${reporter}&fileName=one.csv`,
      headers: { cookie, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: ['indicator,reporter,period,citizenship,value', `RET_DEC,${reporter},2024-10,_T,4`].join('\n'),
    });

  it('lets only the secretariat set grants, for its observer organisations and member states', async () => {
    expect((await grant(observerOrg, ['ITA'], w.cookies.providerIta)).statusCode).toBe(403);
    expect((await grant(observerOrg, ['ITA'], observer)).statusCode).toBe(403);
    expect((await grant(observerOrg, ['ITA'], w.cookies.outsider)).statusCode).toBe(404);
    const notMember = await grant(observerOrg, ['ITA', 'FRA']);
    expect(notMember.statusCode).toBe(400);
    expect(notMember.json().errors).toEqual([
      expect.objectContaining({
        field: 'body.reporters[0]',
        message: '"FRA" is not a member state of this dialogue',
      }),
    ]);
    expect((await grant(strangerOrg, ['ITA'])).statusCode).toBe(404);
    const list = await t.app.inject({
      url: `/api/dialogues/${w.slug}/submission-grants`,
      headers: { cookie: w.cookies.manager },
    });
    expect(list.json()).toEqual({ items: [] });

    const ok = await grant(observerOrg, ['grc', 'ITA']);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({
      organisation: { id: observerOrg, name: `IOM ${kind}` },
      reporters: ['GRC', 'ITA'],
    });
    const after = await t.app.inject({
      url: `/api/dialogues/${w.slug}/submission-grants`,
      headers: { cookie: w.cookies.manager },
    });
    expect(after.json().items).toEqual([ok.json()]);
    expect(
      (
        await t.app.inject({
          url: `/api/dialogues/${w.slug}/submission-grants`,
          headers: { cookie: observer },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('lets the granted organisation import one file for several of its states, one draft each', async () => {
    const res = await importMapped(file('Italy,Syria,3', 'Italy,Total,3', 'Greece,Total,8'));
    expect(res.statusCode, res.body).toBe(201);
    const subs = res.json().submissions as { reporter: string; submissionId: number; observations: number }[];
    expect(subs.map((s) => [s.reporter, s.observations])).toEqual([
      ['ITA', 2],
      ['GRC', 1],
    ]);
    // The organisation sees and submits those drafts, as the states' own providers do.
    const list = await t.app.inject({
      url: `/api/dialogues/${w.slug}/submissions`,
      headers: { cookie: observer },
    });
    expect(list.statusCode, list.body).toBe(200);
    const listed = (list.json().items ?? list.json()) as { id: number }[];
    expect(listed.map((s) => s.id).sort()).toEqual(subs.map((s) => s.submissionId).sort());
    const one = await t.app.inject({
      url: `/api/dialogues/${w.slug}/submissions/${subs[1]!.submissionId}/observations`,
      headers: { cookie: observer },
    });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject([{ reporter: 'GRC', value: 8 }]);
    const submitted = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/submissions/${subs[1]!.submissionId}/submit`,
      headers: { cookie: observer, 'x-passage-csrf': '1' },
      payload: {},
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    // Another observer organisation sees none of them.
    expect(
      (
        await t.app.inject({
          url: `/api/dialogues/${w.slug}/submissions/${subs[0]!.submissionId}`,
          headers: { cookie: otherObserver },
        })
      ).statusCode,
    ).toBe(404);
    // A template file for one granted state.
    const template = await importTemplate('ITA');
    expect(template.statusCode, template.body).toBe(201);
    expect(template.json()).toMatchObject({ reporter: 'ITA', observations: 1 });
  });

  it('refuses a file with a state not granted, writing nothing for the granted ones', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    const res = await importMapped(file('Italy,Total,1', 'Türkiye,Total,2'));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({
        row: 3,
        field: 'reporter',
        message: expect.stringContaining('you may not submit figures for TUR in this dialogue'),
      }),
    ]);
    expect((await importTemplate('TUR')).statusCode).toBe(403);
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
  });

  it('refuses an organisation without a grant, and one whose grant ended', async () => {
    const before = await countObservations(t.db, w.dialogueId);
    expect((await importMapped(file('Italy,Total,1'), otherObserver)).statusCode).toBe(403);
    expect((await importTemplate('ITA', otherObserver)).statusCode).toBe(403);
    const ended = await grant(observerOrg, []);
    expect(ended.json().reporters).toEqual([]);
    expect((await importTemplate('ITA')).statusCode).toBe(403);
    expect((await importMapped(file('Italy,Total,1'))).statusCode).toBe(403);
    expect(await countObservations(t.db, w.dialogueId)).toBe(before);
    const audit = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'submission-grant.set' AND dialogue_id = ${w.dialogueId}`,
    );
    expect(audit[0]!.n).toBe(2);
  });
});
