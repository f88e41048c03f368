/**
 * Calendars that chase: the reminder job, run through the job queue with a real SMTP server on loopback,
 * e-mails a late state's data provider (and puts a notification in the bell), leaves a state that reported
 * alone, sends the secretariat a digest of who is late, and sends nothing new when it runs again.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jobHandlers, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeSteps, exchangeSteps } from '../../../../test/exchange-steps';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';
import { startSmtp, type TestSmtp } from '../../../../test/smtp';
import { enqueue } from '../../../jobs/queue';
import { runJobsNow } from '../../../jobs/worker';
import { REMINDERS_JOB } from '../reminders.jobs';

describe.each(testDatabases())('reminders of the reporting calendar [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let s: ExchangeSteps;
  let smtp: TestSmtp;
  const env = { smtp: process.env.PASSAGE_SMTP_URL, url: process.env.PASSAGE_PUBLIC_URL };
  const emails = { ita: '', grc: '', manager: '' };

  /** Enqueues the reminder job for a day and drains the queue (reminders, then the mail sender). */
  const remind = async (asOf: string) => {
    await enqueue(t.db, REMINDERS_JOB, { asOf, dialogueId: w.dialogueId });
    const outcomes = await runJobsNow(t.db, jobHandlers());
    const run = outcomes.find((o) => o.name === REMINDERS_JOB);
    expect(run?.ok, run?.error).toBe(true);
    return run!.result as { reminders: number; digests: number; mails: number };
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.PASSAGE_SMTP_URL = smtp.url;
    process.env.PASSAGE_PUBLIC_URL = 'https://passage.test';
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
    s = exchangeSteps(t, w);
    const emailOf = async (country: string | null, role: string) =>
      (
        await t.db.query<{ email: string }>(sql`SELECT u.email FROM users u
          JOIN memberships m ON m.user_id = u.id AND m.dialogue_id = ${w.dialogueId}
          JOIN organisations o ON o.id = u.organisation_id
          WHERE m.role::text = ${role} AND o.country_iso3 IS NOT DISTINCT FROM ${country}`)
      )[0]!.email;
    emails.ita = await emailOf('ITA', 'data_provider');
    emails.grc = await emailOf('GRC', 'data_provider');
    emails.manager = await emailOf(null, 'data_manager');
    const calendar = await s.api('PUT', '/definitions/calendar', w.cookies.manager, {
      entries: ['ITA', 'GRC'].map((reporter) => ({
        reporter,
        indicator: 'IBC',
        from: '2024-01',
        deadlineDay: 15,
        expectedRevision: 0,
      })),
    });
    expect(calendar.statusCode, calendar.body).toBe(200);
    // Greece has submitted February (not yet published); Italy has not.
    await s.submit(
      await s.upload(
        [IBC_HEADER, 'IBC,GRC,2024-02,EMR,SEA,SYR,_T,_T,40,,'].join('\n'),
        w.cookies.providerGrc,
      ),
      w.cookies.providerGrc,
    );
    await runJobsNow(t.db, jobHandlers());
    smtp.mails.length = 0;
  });
  afterAll(async () => {
    process.env.PASSAGE_SMTP_URL = env.smtp;
    process.env.PASSAGE_PUBLIC_URL = env.url;
    if (env.smtp === undefined) delete process.env.PASSAGE_SMTP_URL;
    if (env.url === undefined) delete process.env.PASSAGE_PUBLIC_URL;
    await t?.close();
    await smtp?.close();
  });

  it('e-mails the late state its reminder three days after the deadline, and not the state that reported', async () => {
    const run = await remind('2024-03-18');
    expect(run).toMatchObject({ reminders: 1, digests: 1 });
    const [reminder, ...more] = smtp.to(emails.ita);
    expect(more).toEqual([]);
    expect(reminder!.subject).toMatch(/: 1 figure set due for ITA$/);
    expect(reminder!.text).toContain('IBC 2024-02: was due on 2024-03-15 (3 days late)');
    expect(reminder!.text).toContain(`https://passage.test/d/${w.slug}/data`);
    expect(smtp.to(emails.grc)).toEqual([]);

    const bell = (
      await t.app.inject({
        method: 'GET',
        url: '/api/notifications',
        headers: { cookie: w.cookies.providerIta },
      })
    ).json();
    expect(bell.items[0]).toMatchObject({
      type: 'calendar.reminder',
      link: `/d/${w.slug}/data`,
      payload: { reporter: 'ITA', count: 1, isLate: true, items: [{ indicator: 'IBC', period: '2024-02' }] },
    });
  });

  it('sends the secretariat a digest of who is late', async () => {
    const digest = smtp.to(emails.manager).find((m) => m.subject.includes('late'));
    expect(digest?.subject).toMatch(/: 2 member states are late$/);
    expect(digest?.text).toContain('ITA: 2 overdue figure sets, the oldest 2024-01');
    expect(digest?.text).toContain('GRC: 1 overdue figure set, the oldest 2024-01');
  });

  it('sends nothing new when the job runs again', async () => {
    const before = smtp.mails.length;
    expect(await remind('2024-03-18')).toMatchObject({ reminders: 0, digests: 0, mails: 0 });
    expect(smtp.mails.length).toBe(before);
    const [{ n }] = (await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM sent_reminders WHERE dialogue_id = ${w.dialogueId}`,
    )) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('reminds five days before the next deadline, in the provider language', async () => {
    await t.db.query(sql`UPDATE users SET locale = 'fr' WHERE email = ${emails.ita}`);
    const run = await remind('2024-04-10');
    expect(run.reminders).toBe(2); // ITA and GRC, March (due 2024-04-15)
    const fr = smtp.to(emails.ita).at(-1)!;
    expect(fr.text).toContain('IBC 2024-03 : à rendre le 2024-04-15 (dans 5 jours)');
    expect(smtp.to(emails.grc)).toHaveLength(1);
  });

  it('lists reminders to the secretariat (all) and to providers (their own); others are refused', async () => {
    const all = await s.api('GET', '/reminders?since=2000-01-01', w.cookies.manager);
    expect(all.statusCode, all.body).toBe(200);
    expect(
      all
        .json()
        .items.map((i: { reporter: string; period: string; offset: number }) => [
          i.reporter,
          i.period,
          i.offset,
        ])
        .sort(),
    ).toEqual([
      ['GRC', '2024-03', -5],
      ['ITA', '2024-02', 3],
      ['ITA', '2024-03', -5],
    ]);
    const own = (await s.api('GET', '/reminders?since=2000-01-01', w.cookies.providerGrc)).json();
    expect(own.items.map((i: { reporter: string }) => i.reporter)).toEqual(['GRC']);
    expect((await s.api('GET', '/reminders')).statusCode).toBe(401);
    expect((await s.api('GET', '/reminders', w.cookies.outsider)).statusCode).toBe(404);
    expect((await s.api('GET', '/reminders?since=yesterday', w.cookies.manager)).statusCode).toBe(400);
    expect((await s.api('POST', '/reminders/run', w.cookies.providerIta, {})).statusCode).toBe(403);
    const now = await s.api('POST', '/reminders/run', w.cookies.manager, {});
    expect(now.statusCode, now.body).toBe(200);
    expect(now.json()).toMatchObject({ dialogues: 1, asOf: new Date().toISOString().slice(0, 10) });
  });

  it('sends nothing when the dialogue switches reminders off, and checks the offsets it is given', async () => {
    const { revision, ...settings } = (
      await s.api('GET', '/definitions/calendar-settings', w.cookies.providerIta)
    ).json();
    expect(settings).toMatchObject({ areRemindersEnabled: true, reminderOffsets: [-5, 0, 3] });
    const put = (body: unknown, cookie = w.cookies.manager) =>
      s.api('PUT', '/definitions/calendar-settings', cookie, body);
    expect((await put({ ...settings, expectedRevision: revision }, w.cookies.providerIta)).statusCode).toBe(
      403,
    );
    const bad = await put({ ...settings, reminderOffsets: [-5, 90], expectedRevision: revision });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'body.reminderOffsets[1]' });
    const off = await put({ ...settings, areRemindersEnabled: false, expectedRevision: revision });
    expect(off.statusCode, off.body).toBe(200);
    expect((await put({ ...settings, expectedRevision: revision })).statusCode).toBe(409);
    expect(await remind('2024-04-15')).toMatchObject({ reminders: 0 });
  });
});
