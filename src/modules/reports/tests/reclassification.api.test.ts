/**
 * Stored reports and later reclassification (issue 13, item 6): a report records the indicators and routes it
 * used; when one of them becomes more protected, only those who may read it now still read the report (JSON,
 * HTML, PDF, list), in the service and in row-level security alike.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { withActor } from '../../../db/with-actor';
import type { Actor } from '../../../shared/actor';
import { type AlertsWorld, makeAlertsWorld } from '../../alerts/tests/alerts-world';

describe.each(testDatabases())('stored reports after reclassification [%s]', (kind) => {
  let t: TestApp;
  let w: AlertsWorld;
  let reportId: number;

  const reads = (cookie: string) =>
    Promise.all(
      [`/reports/${reportId}`, `/reports/${reportId}/html`, `/reports/${reportId}/pdf`].map(
        async (path) => (await w.api(cookie, 'GET', path)).statusCode,
      ),
    );
  const listed = async (cookie: string) =>
    ((await w.api(cookie, 'GET', '/reports')).json() as { id: number }[]).some((r) => r.id === reportId);

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeAlertsWorld(t);
    await t.db.query(
      sql`UPDATE indicators SET classification = 'public' WHERE dialogue_id = ${w.dialogueId} AND code = 'IBC'`,
    );
    const res = await w.api(w.cookies.analyst, 'POST', '/reports', { route: 'EMR', period: '2024-12' });
    expect(res.statusCode, res.body).toBe(201);
    reportId = res.json().id;
  });
  afterAll(() => t?.close());

  it('records the indicators and routes it used, with their classification at generation time', async () => {
    const [row] = await t.db.query<{ inputs: unknown }>(
      sql`SELECT inputs FROM reports WHERE id = ${reportId}`,
    );
    expect(row?.inputs).toEqual([
      expect.objectContaining({
        kind: 'indicator',
        code: 'IBC',
        classification: 'public',
        sharedWithOrgIds: [],
      }),
      expect.objectContaining({ kind: 'route', code: 'EMR', classification: 'dialogue' }),
    ]);
    for (const cookie of [w.cookies.analyst, w.cookies.viewer]) {
      expect(await reads(cookie)).toEqual([200, 200, 200]);
      expect(await listed(cookie)).toBe(true);
    }
  });

  it('after the indicator becomes restricted (not shared with them), analyst and viewer get 404 and the list omits it; the secretariat still reads it', async () => {
    const defs = (
      await t.app.inject({
        method: 'GET',
        url: `/api/dialogues/${w.slug}/definitions`,
        headers: { cookie: w.cookies.manager },
      })
    ).json() as { indicators: { id: number; code: string; revision: number }[] };
    const ibc = defs.indicators.find((i) => i.code === 'IBC')!;
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/dialogues/${w.slug}/definitions/indicators/${ibc.id}`,
      headers: sessionHeaders(w.cookies.manager),
      payload: { classification: 'restricted', expectedRevision: ibc.revision },
    });
    expect(put.statusCode, put.body).toBe(200);

    for (const cookie of [w.cookies.analyst, w.cookies.viewer]) {
      expect(await reads(cookie)).toEqual([404, 404, 404]);
      expect(await listed(cookie)).toBe(false);
    }
    for (const cookie of [w.cookies.manager, w.cookies.admin]) {
      expect(await reads(cookie)).toEqual([200, 200, 200]);
      expect(await listed(cookie)).toBe(true);
    }
    // Row-level security says the same for the author's own report (migration 0015's restrictive policy).
    const analyst: Actor = {
      userId: w.users.analyst.id,
      orgId: w.users.analyst.orgId,
      orgKind: 'state',
      countryIso3: 'ITA',
      email: w.users.analyst.email,
      name: 'analyst',
      roles: { [w.dialogueId]: ['analyst'] },
    };
    const visible = await withActor(t.db, analyst, (tx) =>
      tx.query(sql`SELECT id FROM reports WHERE id = ${reportId}`),
    );
    expect(visible).toEqual([]);
    // A new report by the analyst no longer contains the indicator at all (it is invisible to them).
    const again = await w.api(w.cookies.analyst, 'POST', '/reports', { route: 'EMR', period: '2024-12' });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].field).toBe('body.indicator');
  });
});
