/**
 * Embargoed releases (issue 18): a validated submission scheduled for a date-time in an explicit time zone stays
 * invisible to the public (portal, SDMX, observations API) and to other states until then, while its reporter and
 * the secretariat read it; a manual publication is refused; at the time, two release jobs running at once
 * (two servers) publish it exactly once. A release in the past, a bad time zone, a date-time without its offset,
 * a submission not validated: refused, nothing written.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jobHandlers, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';
import { slugId } from '../../../domain/sdmx/sdmx-structure';
import { enqueue } from '../../../jobs/queue';
import { runJobsNow } from '../../../jobs/worker';
import { RELEASE_JOB } from '../submissions.release';

const EMBARGOED = 8123;

describe.each(testDatabases())('embargoed releases [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let id: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    // A public dialogue with public indicators and routes: what is published reaches the portal.
    await t.db.query(sql`UPDATE dialogues SET classification = 'public' WHERE id = ${w.dialogueId}`);
    await t.db.query(
      sql`UPDATE indicators SET classification = 'public' WHERE dialogue_id = ${w.dialogueId}`,
    );
    await t.db.query(sql`UPDATE routes SET classification = 'public' WHERE dialogue_id = ${w.dialogueId}`);
  });
  afterAll(() => t?.close());

  const api = (method: 'GET' | 'POST' | 'DELETE', path: string, cookie?: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${w.slug}${path}`,
      headers: cookie ? { cookie, 'x-passage-csrf': '1' } : {},
      ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
    });
  const upload = async (csv: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().submissionId as number;
  };
  const submit = async (sid: number) => {
    const findings = (await api('GET', `/submissions/${sid}/findings`, w.cookies.providerIta)).json();
    const warningComments = Object.fromEntries(findings.map((f: { key: string }) => [f.key, 'checked']));
    const res = await api('POST', `/submissions/${sid}/submit`, w.cookies.providerIta, { warningComments });
    expect(res.statusCode, res.body).toBe(200);
  };
  const publicBodies = async () => {
    const paths = [
      `/api/portal/${w.slug}`,
      `/api/portal/${w.slug}/routes/CMR`,
      `/api/portal/${w.slug}/downloads/IBC`,
      `/api/sdmx/2.1/data/DF_${slugId(w.slug)}/all?format=csv`,
      `/api/dialogues/${w.slug}/observations?indicator=IBC`,
    ];
    const bodies: string[] = [];
    for (const url of paths) bodies.push((await t.app.inject({ url })).body);
    // Another state's provider (a member, not the reporter) sees no more than the public.
    bodies.push(
      (
        await t.app.inject({
          url: `/api/dialogues/${w.slug}/observations?indicator=IBC`,
          headers: { cookie: w.cookies.providerGrc },
        })
      ).body,
    );
    return bodies.join('\n');
  };
  const releasesOf = async () =>
    t.db.query<{ released_at: string | null; cancelled_at: string | null; outcome: string | null }>(
      sql`SELECT released_at, cancelled_at, outcome FROM scheduled_releases WHERE submission_id = ${id} ORDER BY id`,
    );

  it('refuses a release in the past, a bad time zone or date-time, or of a submission not validated', async () => {
    id = await upload(
      [
        IBC_HEADER,
        `IBC,ITA,2024-06,CMR,SEA,_T,_T,_T,${EMBARGOED},,`,
        `IBC,ITA,2024-06,CMR,SEA,TUN,_T,_T,${EMBARGOED},,`,
      ].join('\n'),
    );
    const soon = new Date(Date.now() + 60_000).toISOString();
    const draft = await api('POST', `/submissions/${id}/release`, w.cookies.manager, {
      releaseAt: soon,
      timeZone: 'Europe/Rome',
    });
    expect(draft.statusCode).toBe(409);
    expect(draft.json().code).toBe('SUBMISSION_WRONG_STATUS');
    await submit(id);
    expect((await api('POST', `/submissions/${id}/validate`, w.cookies.manager, {})).statusCode).toBe(200);

    const past = await api('POST', `/submissions/${id}/release`, w.cookies.manager, {
      releaseAt: '2020-01-01T09:00:00+01:00',
      timeZone: 'Europe/Rome',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors).toEqual([expect.objectContaining({ field: 'releaseAt' })]);
    expect(past.json().detail).toMatch(/past/);
    const zone = await api('POST', `/submissions/${id}/release`, w.cookies.manager, {
      releaseAt: soon,
      timeZone: 'Mars/Olympus',
    });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().errors[0].field).toBe('timeZone');
    const noOffset = await api('POST', `/submissions/${id}/release`, w.cookies.manager, {
      releaseAt: '2030-01-01T09:00:00',
      timeZone: 'Europe/Rome',
    });
    expect(noOffset.statusCode).toBe(400);
    expect(noOffset.body).toMatch(/offset/);
    const french = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/submissions/${id}/release`,
      headers: { cookie: w.cookies.manager, 'x-passage-csrf': '1', 'accept-language': 'fr' },
      payload: { releaseAt: '2020-01-01T09:00:00Z', timeZone: 'UTC' },
    });
    expect(french.statusCode).toBe(400);
    expect(french.json().title).not.toBe(past.json().title);
    // Each message in the caller's language, with a stable code (src/domain/submissions/release-messages.ts).
    expect(past.json().errors[0]).toMatchObject({
      code: 'RELEASE_AT_PAST',
      message: expect.stringMatching(/^is in the past/),
    });
    expect(french.json().errors[0]).toMatchObject({
      field: 'releaseAt',
      code: 'RELEASE_AT_PAST',
      message: expect.stringMatching(/^est dans le passé \(il est maintenant \d{4}-/),
    });
    expect(french.json().detail).toMatch(/^releaseAt: est dans le passé/);
    const russian = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/submissions/${id}/release`,
      headers: { cookie: w.cookies.manager, 'x-passage-csrf': '1', 'accept-language': 'ru' },
      payload: { releaseAt: soon, timeZone: 'Mars/Olympus' },
    });
    expect(russian.json().errors[0]).toMatchObject({
      field: 'timeZone',
      code: 'RELEASE_TIME_ZONE_UNKNOWN',
      message: '«Mars/Olympus» — не часовой пояс IANA (например, Europe/Vienna)',
    });
    const noOffsetFr = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/submissions/${id}/release`,
      headers: { cookie: w.cookies.manager, 'x-passage-csrf': '1', 'accept-language': 'fr' },
      payload: { releaseAt: '2030-01-01T09:00:00', timeZone: 'Europe/Rome' },
    });
    expect(noOffsetFr.json().errors[0].message).toBe(
      'date et heure attendues avec leur décalage UTC, par ex. 2026-12-03T09:00:00+01:00',
    );
    const providerRu = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/submissions/${id}/release`,
      headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1', 'accept-language': 'ru' },
      payload: { releaseAt: soon, timeZone: 'Europe/Rome' },
    });
    expect(providerRu.statusCode).toBe(403);
    expect(providerRu.json().detail).toBe(
      'Планировать публикации могут только менеджеры данных секретариата',
    );
    const provider = await api('POST', `/submissions/${id}/release`, w.cookies.providerIta, {
      releaseAt: soon,
      timeZone: 'Europe/Rome',
    });
    expect(provider.statusCode).toBe(403);
    expect(await releasesOf()).toEqual([]);
  });

  it('keeps the figures embargoed until the time, then two release jobs publish them exactly once', async () => {
    const releaseAt = new Date(Date.now() + 2500);
    const res = await api('POST', `/submissions/${id}/release`, w.cookies.manager, {
      releaseAt: releaseAt.toISOString().replace('Z', '+00:00'),
      timeZone: 'Europe/Rome',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'scheduled', timeZone: 'Europe/Rome', indicators: ['IBC'] });

    // Scheduled: not published by hand, not visible to the public or other states; the reporter and secretariat see it.
    const manual = await api('POST', `/submissions/${id}/publish`, w.cookies.manager, {});
    expect(manual.statusCode).toBe(409);
    expect(manual.json().code).toBe('RELEASE_SCHEDULED');
    expect(await publicBodies()).not.toContain(String(EMBARGOED));
    for (const cookie of [w.cookies.providerIta, w.cookies.manager]) {
      const own = await api('GET', `/submissions/${id}/observations`, cookie);
      expect(own.statusCode).toBe(200);
      expect(own.body).toContain(String(EMBARGOED));
    }
    const calendar = (await t.app.inject({ url: `/api/portal/${w.slug}/releases` })).json();
    expect(calendar.upcoming).toEqual([
      expect.objectContaining({
        reporter: 'ITA',
        timeZone: 'Europe/Rome',
        indicators: ['IBC'],
        status: 'scheduled',
      }),
    ]);
    expect(JSON.stringify(calendar)).not.toContain(String(EMBARGOED));

    // Before the time the job is not due.
    const early = await runJobsNow(t.db, jobHandlers());
    expect(early.filter((j) => j.name === RELEASE_JOB)).toEqual([]);
    expect(await publicBodies()).not.toContain(String(EMBARGOED));

    // A second server's job for the same release (no singleton: a duplicate), both run at once after the time.
    const [pending] = await t.db.query<{ id: number }>(
      sql`SELECT id FROM scheduled_releases WHERE submission_id = ${id} AND released_at IS NULL`,
    );
    await enqueue(t.db, RELEASE_JOB, { releaseId: pending!.id, slug: w.slug });
    await new Promise((r) => setTimeout(r, Math.max(0, releaseAt.getTime() - Date.now()) + 200));
    const runs = (
      await Promise.all([runJobsNow(t.db, jobHandlers()), runJobsNow(t.db, jobHandlers())])
    ).flat();
    const outcomes = runs
      .filter((j) => j.name === RELEASE_JOB)
      .map((j) => (j.ok ? (j.result as { outcome: string }).outcome : `failed: ${j.error}`))
      .sort();
    expect(outcomes).toEqual(['done already', 'published']);
    const [published] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'observation.publish' AND target_id = ${String(id)}`,
    );
    expect(published!.n).toBe(1);
    expect((await releasesOf())[0]).toMatchObject({ outcome: 'published', cancelled_at: null });
    expect((await api('GET', `/submissions/${id}`, w.cookies.manager)).json().status).toBe('published');

    // Now public: the portal, SDMX and the observations API show it; the calendar has nothing upcoming.
    const after = await publicBodies();
    expect(after).toContain(String(EMBARGOED));
    expect((await t.app.inject({ url: `/api/portal/${w.slug}/releases` })).json().upcoming).toEqual([]);
  });
});
