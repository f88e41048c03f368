/**
 * Workflow notifications: the data manager is told (bell and e-mail, through a real SMTP server) that a
 * submission waits for review; the provider that it was returned, validated and published. Plugged into the
 * workflow's events at the composition root; other users hear nothing.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jobHandlers, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeSteps, exchangeSteps } from '../../../../test/exchange-steps';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';
import { startSmtp, type TestSmtp } from '../../../../test/smtp';
import { runJobsNow } from '../../../jobs/worker';
import { processDueEmails } from '../messages.deliver';

describe.each(testDatabases())('workflow notifications [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let s: ExchangeSteps;
  let smtp: TestSmtp;
  const env = process.env.PASSAGE_SMTP_URL;
  const emails = { ita: '', grc: '', manager: '' };
  const bell = async (cookie: string) =>
    (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: { cookie } })).json() as {
      unread: number;
      items: { type: string; payload: Record<string, unknown>; link: string | null }[];
    };
  const drain = () => runJobsNow(t.db, jobHandlers());

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.PASSAGE_SMTP_URL = smtp.url;
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
  });
  afterAll(async () => {
    if (env === undefined) delete process.env.PASSAGE_SMTP_URL;
    else process.env.PASSAGE_SMTP_URL = env;
    await t?.close();
    await smtp?.close();
  });

  it('tells the data manager a submission waits for review, and no one else', async () => {
    const id = await s.upload([IBC_HEADER, 'IBC,ITA,2023-05,CMR,SEA,SYR,_T,_T,40,,'].join('\n'));
    await s.submit(id);
    // Nothing is written before the job runs after the step committed.
    expect((await bell(w.cookies.manager)).items).toEqual([]);
    await drain();
    const mine = await bell(w.cookies.manager);
    expect(mine.items[0]).toMatchObject({
      type: 'submission.submitted',
      payload: { submissionId: id, reporter: 'ITA' },
      link: `/d/${w.slug}/data/submissions/${id}`,
    });
    const [mail] = smtp.to(emails.manager);
    expect(mail?.subject).toMatch(new RegExp(`submission ${id} from ITA waits for review`));
    expect((await bell(w.cookies.providerIta)).items).toEqual([]);
    expect((await bell(w.cookies.providerGrc)).items).toEqual([]);
    expect(smtp.to(emails.grc)).toEqual([]);

    // Returned with a comment: the provider hears it (bell and e-mail), with the comment.
    const back = await s.api('POST', `/submissions/${id}/return`, w.cookies.manager, {
      comment: 'Check SYR',
    });
    expect(back.statusCode).toBe(200);
    await drain();
    expect((await bell(w.cookies.providerIta)).items[0]).toMatchObject({
      type: 'submission.returned',
      payload: { submissionId: id, comment: 'Check SYR' },
    });
    const returned = smtp.to(emails.ita).at(-1)!;
    expect(returned.subject).toMatch(`submission ${id} was returned`);
    expect(returned.text).toContain('Comment: Check SYR');
  });

  it('tells the provider when the submission is validated and published; each message once', async () => {
    const id = await s.upload([IBC_HEADER, 'IBC,ITA,2023-06,CMR,SEA,SYR,_T,_T,41,,'].join('\n'));
    await s.publish(id);
    await drain();
    const types = (await bell(w.cookies.providerIta)).items
      .filter((n) => n.payload.submissionId === id)
      .map((n) => n.type);
    expect(types.sort()).toEqual(['submission.published', 'submission.validated']);
    const subjects = smtp.to(emails.ita).map((m) => m.subject);
    expect(subjects.filter((x) => x.includes(`submission ${id} was`))).toHaveLength(2);
    // Draining again (a retried job, the sender's next round) adds nothing.
    const before = smtp.mails.length;
    await drain();
    expect((await processDueEmails(t.db)).sent).toBe(0);
    expect(smtp.mails.length).toBe(before);
  });

  it('keeps e-mails that could not be sent, for a retry (SMTP down)', async () => {
    process.env.PASSAGE_SMTP_URL = 'smtp://127.0.0.1:1';
    try {
      const id = await s.upload([IBC_HEADER, 'IBC,ITA,2023-07,CMR,SEA,SYR,_T,_T,42,,'].join('\n'));
      await s.submit(id);
      await drain();
      const [row] = await t.db.query<{ status: string; attempts: number; last_error: string }>(
        sql`SELECT status, attempts, last_error FROM outbox_emails WHERE kind = 'submission.submitted'
          ORDER BY id DESC LIMIT 1`,
      );
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row!.last_error).toBeTruthy();
      expect((await bell(w.cookies.manager)).items[0]).toMatchObject({ payload: { submissionId: id } });
      // The secretariat sees the failed attempt in the outbox; a provider sees only its own e-mails.
      const outbox = await s.api('GET', '/messages/outbox?status=pending', w.cookies.manager);
      expect(outbox.json().items[0]).toMatchObject({ kind: 'submission.submitted', attempts: 1 });
      expect(outbox.json().items[0].lastError).toBeTruthy();
      const own = (await s.api('GET', '/messages/outbox', w.cookies.providerGrc)).json();
      expect(own.items).toEqual([]);
      expect((await s.api('GET', '/messages/outbox', w.cookies.outsider)).statusCode).toBe(404);
      expect((await s.api('GET', '/messages/outbox?status=lost', w.cookies.manager)).statusCode).toBe(400);
    } finally {
      process.env.PASSAGE_SMTP_URL = smtp.url;
    }
  });
});
