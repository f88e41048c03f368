/**
 * Publication as an event: publishSubmission announces "observations.published" inside its transaction, the
 * composition root's listeners react in it (dashboard rollups, alert, report and forecast jobs), and a
 * listener that fails rolls the whole publication back.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app';
import { testDatabases } from '../../../test/databases';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../test/exchange-world';
import { domainEvents, type ObservationsPublished } from '../../shared/events';
import { registerEventListeners } from '../events';

describe.each(testDatabases())('publication event [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
  });
  afterAll(() => t?.close());

  const api = (method: 'GET' | 'POST', path: string, cookie: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${w.slug}${path}`,
      headers: sessionHeaders(cookie),
      ...(payload ? { payload } : {}),
    });

  /** Uploads, submits and validates a file of figures; returns the submission id, ready to publish. */
  async function validatedSubmission(rows: string[]): Promise<number> {
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { ...sessionHeaders(w.cookies.providerIta), 'content-type': 'text/csv' },
      payload: [IBC_HEADER, ...rows].join('\n'),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const id = upload.json().submissionId as number;
    const findings = (await api('GET', `/submissions/${id}/findings`, w.cookies.providerIta)).json();
    const warningComments = Object.fromEntries(findings.map((f: { key: string }) => [f.key, 'checked']));
    const submitted = await api('POST', `/submissions/${id}/submit`, w.cookies.providerIta, {
      warningComments,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect((await api('POST', `/submissions/${id}/validate`, w.cookies.manager, {})).statusCode).toBe(200);
    return id;
  }

  it('the composition root registers its reactions once, however many apps are built', () => {
    registerEventListeners();
    registerEventListeners();
    // Locks, rollups, alerts, reports, forecasts, the provider's notification.
    expect(domainEvents.count('observations.published')).toBe(6);
    expect(domainEvents.count('submission.submitted')).toBe(1);
    expect(domainEvents.count('submission.validated')).toBe(1);
    expect(domainEvents.count('submission.returned')).toBe(1);
  });

  it('announces the months and indicators published, inside the transaction; the root reacts in it', async () => {
    const id = await validatedSubmission([
      'IBC,ITA,2021-03,CMR,_T,_T,_T,_T,120,,',
      'IBC,ITA,2021-05,EMR,_T,_T,_T,_T,80,,',
    ]);
    const seen: { event: ObservationsPublished; statusInTx: string | undefined }[] = [];
    const off = domainEvents.on('observations.published', async (event, tx) => {
      const [row] = await tx.query<{ status: string }>(sql`SELECT status FROM submissions WHERE id = ${id}`);
      seen.push({ event, statusInTx: row?.status });
    });
    try {
      const published = await api('POST', `/submissions/${id}/publish`, w.cookies.manager, {});
      expect(published.statusCode, published.body).toBe(200);
    } finally {
      off();
    }
    expect(seen).toEqual([
      {
        event: {
          dialogueId: w.dialogueId,
          submissionId: id,
          periods: { from: '2021-03', to: '2021-05' },
          indicators: ['IBC'],
        },
        statusInTx: 'published',
      },
    ]);
    const jobs = await t.db.query<{ name: string }>(
      sql`SELECT name FROM jobs WHERE status = 'queued' AND (payload->>'dialogueId')::int = ${w.dialogueId} ORDER BY id`,
    );
    // The workflow notifications of submit and validate came first; the publication adds its four.
    expect(jobs.map((j) => j.name)).toEqual([
      'messages.workflow',
      'messages.workflow',
      'alerts.evaluate',
      'reports.monthly',
      'forecast.refresh',
      'messages.workflow',
    ]);
    const [rollup] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM obs_route_month WHERE dialogue_id = ${w.dialogueId}`,
    );
    expect(rollup!.n).toBeGreaterThan(0);
  });

  it('a listener that fails rolls the publication back: nothing is published, queued or rolled up', async () => {
    const id = await validatedSubmission(['IBC,ITA,2022-01,CMR,_T,_T,_T,_T,300,,']);
    const jobsBefore = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM jobs`);
    const off = domainEvents.on('observations.published', async () => {
      throw new Error('search index unreachable');
    });
    try {
      const published = await api('POST', `/submissions/${id}/publish`, w.cookies.manager, {});
      expect(published.statusCode).toBe(500);
    } finally {
      off();
    }
    const [s] = await t.db.query<{ status: string }>(sql`SELECT status FROM submissions WHERE id = ${id}`);
    expect(s!.status).toBe('validated');
    const [pub] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM observations WHERE submission_id = ${id} AND status = 'published'`,
    );
    expect(pub!.n).toBe(0);
    expect(await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM jobs`)).toEqual(jobsBefore);
    const [rollup] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM obs_route_month WHERE dialogue_id = ${w.dialogueId} AND period = '2022-01-01'`,
    );
    expect(rollup!.n).toBe(0);
  });
});
