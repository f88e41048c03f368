/**
 * Notice attachments and the inbound e-mail address (issue 15): PDF/DOCX/PNG files attached as a revision by
 * the notifying side, listed and downloaded with their original names by whoever sees the notice; refused
 * with nothing written when too large, of a forbidden type (an .exe named .pdf), stale, or on someone else's
 * notice. An e-mail from a member becomes their draft notice, with its attachments, through the relay route
 * (raw RFC 822, shared secret) and through the SMTP listener (a real nodemailer client); the member is told by
 * e-mail (received by the real SMTP server of test/smtp.ts). Forged, unknown and not-allowed senders are
 * audited and dropped.
 */
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import sql, { raw } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jobHandlers, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makePng } from '../../../../test/images';
import { makeDocx, makePdf } from '../../../../test/library-files';
import { startSmtp, type TestSmtp } from '../../../../test/smtp';
import { readInboundMailConfig } from '../../../domain/notices/inbound-mail';
import { runJobsNow } from '../../../jobs/worker';
import { type InboundSmtp, startInboundSmtp } from '../notices.inbound-smtp';
import { MINIMAL_NOTICE, makeNoticesWorld, type NoticesWorld, type Who } from './notices-world';

const DOMAIN = 'in.passage.test';
const SECRET = 'relay-secret-for-tests';
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00'), Buffer.alloc(200, 1)]);

describe.each(testDatabases())('notice attachments and inbound e-mail [%s]', (kind) => {
  let t: TestApp;
  let w: NoticesWorld;
  let smtp: TestSmtp;
  let listener: InboundSmtp;
  let pdf: Buffer;
  const emails = {} as Record<Who, string>;
  const env = {
    PASSAGE_INBOUND_MAIL_DOMAIN: DOMAIN,
    PASSAGE_INBOUND_MAIL_SECRET: SECRET,
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeNoticesWorld(t);
    smtp = await startSmtp();
    process.env.PASSAGE_SMTP_URL = smtp.url;
    Object.assign(process.env, env);
    for (const [who, id] of Object.entries(w.users) as [Who, number][]) {
      const [u] = await t.db.query<{ email: string }>(sql`SELECT email FROM users WHERE id = ${id}`);
      emails[who] = u!.email;
    }
    listener = await startInboundSmtp(t.db, t.app.log, readInboundMailConfig(), { port: 0 });
    pdf = await makePdf(['Decree 12/2026 on visas']);
  });
  afterAll(async () => {
    delete process.env.PASSAGE_SMTP_URL;
    for (const k of Object.keys(env)) delete process.env[k];
    await listener?.close();
    await smtp?.close();
    await t?.close();
  });

  const count = async (table: string) =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${raw(table)}`))[0]!.n;
  const counts = async () => ({
    notices: await count('notices'),
    revisions: await count('notice_revisions'),
    attachments: await count('notice_attachments'),
  });
  const upload = (id: number, who: Who, body: Buffer, fileName: string, expectedRevision: number) =>
    t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/notices/${id}/attachments?fileName=${encodeURIComponent(fileName)}&expectedRevision=${expectedRevision}`,
      headers: { cookie: w.cookies[who], 'x-passage-csrf': '1', 'content-type': 'application/octet-stream' },
      payload: body,
    });
  const draft = async (who: Who = 'analystGrc') => {
    const res = await w.api('POST', '', who, MINIMAL_NOTICE);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; revision: number };
  };

  it('attaches a PDF and a PNG as revisions; whoever sees the notice lists and downloads them by name', async () => {
    const n = await draft();
    const first = await upload(n.id, 'analystGrc', pdf, 'Décret 12-2026.pdf', 1);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      revision: 2,
      canAttach: true,
      items: [{ fileName: 'Décret 12-2026.pdf', format: 'pdf', contentType: 'application/pdf', revision: 2 }],
    });
    const png = makePng(4, 4);
    const second = await upload(n.id, 'analystGrc', png, 'map.png', 2);
    expect(second.statusCode, second.body).toBe(201);
    const [a, b] = second.json().items as { id: number; byteSize: number }[];
    expect(b!.byteSize).toBe(png.length);

    // A draft: the author's organisation only.
    const colleague = await w.api('GET', `/${n.id}/attachments/${a!.id}`, 'viewerGrc');
    expect(colleague.statusCode).toBe(200);
    expect(colleague.headers['content-disposition']).toContain("filename*=UTF-8''D%C3%A9cret%2012-2026.pdf");
    expect(Buffer.compare(colleague.rawPayload, pdf)).toBe(0);
    expect((await w.api('GET', `/${n.id}/attachments`, 'analystIta')).statusCode).toBe(404);
    expect((await w.api('GET', `/${n.id}/attachments/${a!.id}`, 'analystIta')).statusCode).toBe(404);

    // Sent: the members see them; outsiders and anonymous callers do not (classification 'dialogue').
    expect((await w.api('POST', `/${n.id}/send`, 'analystGrc', { expectedRevision: 3 })).statusCode).toBe(
      200,
    );
    const image = await w.api('GET', `/${n.id}/attachments/${b!.id}`, 'analystIta');
    expect(image.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(image.rawPayload, png)).toBe(0);
    expect((await w.api('GET', `/${n.id}/attachments`, 'analystIta')).json()).toMatchObject({
      canAttach: false,
    });
    expect((await w.api('GET', `/${n.id}/attachments`)).statusCode).toBe(404);
    expect((await w.api('GET', `/${n.id}/attachments`, 'outsider')).statusCode).toBe(404);

    const history = (await w.api('GET', `/${n.id}/history`, 'analystIta')).json().items as {
      event: string;
      body: string | null;
      changed: string[];
    }[];
    expect(history.filter((h) => h.event === 'attached')).toEqual([
      expect.objectContaining({ body: 'Décret 12-2026.pdf', changed: ['attachments'] }),
      expect.objectContaining({ body: 'map.png', changed: ['attachments'] }),
    ]);

    // The secretariat (notifying side of a sent notice) attaches a DOCX.
    const docx = await upload(n.id, 'manager', await makeDocx(['Explanatory memorandum']), 'memo.docx', 4);
    expect(docx.statusCode, docx.body).toBe(201);
    expect(docx.json().items[2]).toMatchObject({ format: 'docx', fileName: 'memo.docx' });
  });

  it('refuses too large, forbidden, stale and foreign uploads with a clear error, writing nothing', async () => {
    const n = await draft();
    const sent = await draft('analystIta');
    await w.api('POST', `/${sent.id}/send`, 'analystIta', { expectedRevision: 1 });
    const before = await counts();

    const exe = await upload(n.id, 'analystGrc', EXE, 'report.pdf', 1);
    expect(exe.statusCode).toBe(415);
    expect(exe.json()).toMatchObject({ code: 'NOTICE_ATTACHMENT_TYPE' });
    expect(exe.json().detail).toMatch(/^report\.pdf: the content is not a PDF, DOCX, PNG or JPEG/);

    const text = await upload(n.id, 'analystGrc', Buffer.from('just some notes, as text'), 'notes.txt', 1);
    expect(text.statusCode).toBe(415);

    process.env.PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES = '1000';
    try {
      const big = await upload(n.id, 'analystGrc', pdf, 'big.pdf', 1);
      expect(big.statusCode).toBe(413);
      expect(big.json()).toMatchObject({ code: 'FILE_TOO_LARGE', limitBytes: 1000 });
    } finally {
      delete process.env.PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES;
    }

    const stale = await upload(n.id, 'analystGrc', pdf, 'late.pdf', 7);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('CONFLICT');
    // Someone else's notice: a draft of another state does not exist for them, a sent one is not theirs.
    expect((await upload(n.id, 'analystIta', pdf, 'x.pdf', 1)).statusCode).toBe(404);
    const foreign = await upload(sent.id, 'analystGrc', pdf, 'x.pdf', 2);
    expect(foreign.statusCode).toBe(403);
    // A viewer may not change notices at all (the door).
    expect((await upload(n.id, 'viewerGrc', pdf, 'x.pdf', 1)).statusCode).toBe(403);
    const noName = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/notices/${n.id}/attachments?expectedRevision=1`,
      headers: { cookie: w.cookies.analystGrc, 'x-passage-csrf': '1', 'content-type': 'application/pdf' },
      payload: pdf,
    });
    expect(noName.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  const message = async (m: Mail.Options & { headers?: Record<string, string> }) =>
    new MailComposer({ date: new Date(), ...m }).compile().build();
  const relay = (body: Buffer, query: string, secret: string | null = SECRET) =>
    t.app.inject({
      method: 'POST',
      url: `/api/inbound-mail${query}`,
      headers: {
        'content-type': 'message/rfc822',
        ...(secret ? { 'x-passage-inbound-secret': secret } : {}),
      },
      payload: body,
    });
  const address = () => `notices+${w.slug}@${DOMAIN}`;
  const dropsOf = async (reason: string) =>
    (
      await t.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'notice.inbound_dropped' AND details->>'reason' = ${reason}`,
      )
    )[0]!.n;

  it('turns a relayed e-mail from a member into their draft, with its attachments, and e-mails them', async () => {
    expect((await w.api('GET', '/inbound-address', 'analystGrc')).json()).toEqual({ address: address() });
    expect((await w.api('GET', '/inbound-address', 'viewerGrc')).statusCode).toBe(403);
    const raw = await message({
      from: `Analyst <${emails.analystGrc}>`,
      to: address(),
      subject: 'Fwd: [asylum procedure] Faster asylum interviews at the border',
      text: 'From 1 March, first interviews take place within 7 days.\n-- \nAnalyst, Hellenic Ministry',
      messageId: `<inbound-1.${kind}@gov.example>`,
      attachments: [
        { filename: 'Decree.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'tool.pdf', content: EXE, contentType: 'application/pdf' },
      ],
    });
    const res = await relay(raw, `?envelopeFrom=${encodeURIComponent(emails.analystGrc)}`);
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json();
    expect(result).toMatchObject({
      outcome: 'draft',
      attachments: 1,
      refusedAttachments: [{ fileName: 'tool.pdf' }],
    });

    const notice = (await w.api('GET', `/${result.noticeId}`, 'analystGrc')).json();
    expect(notice).toMatchObject({
      status: 'draft',
      state: 'GRC',
      title: 'Faster asylum interviews at the border',
      measureType: 'asylum_procedure',
      summary: 'From 1 March, first interviews take place within 7 days.',
      stage: 'planned',
    });
    expect((await w.api('GET', `/${result.noticeId}`, 'analystIta')).statusCode).toBe(404);
    const files = (await w.api('GET', `/${result.noticeId}/attachments`, 'analystGrc')).json().items;
    expect(files).toMatchObject([{ fileName: 'Decree.pdf', format: 'pdf', revision: 1 }]);

    await runJobsNow(t.db, jobHandlers());
    const [mail] = await smtp.waitFor(1).then(() => smtp.to(emails.analystGrc));
    expect(mail!.subject).toContain('your e-mail is a draft notice: Faster asylum interviews at the border');
    expect(mail!.text).toContain(`/d/${w.slug}/notices/${result.noticeId}`);
    expect(mail!.text).toContain('tool.pdf');
    const bell = await t.db.query<{ link: string }>(
      sql`SELECT link FROM notifications WHERE user_id = ${w.users.analystGrc} AND kind = 'notice.inbound_draft'`,
    );
    expect(bell).toEqual([{ link: `/d/${w.slug}/notices/${result.noticeId}` }]);

    // The relay sends the same message again: the same draft, nothing new.
    const before = await counts();
    const again = await relay(raw, `?envelopeFrom=${encodeURIComponent(emails.analystGrc)}`);
    expect(again.json()).toMatchObject({ outcome: 'duplicate', noticeId: result.noticeId });
    expect(await counts()).toEqual(before);
  });

  it('drops forged, unknown and not-allowed senders (audited), and refuses a relay without the secret', async () => {
    const before = await counts();
    const from = (who: string) => ({
      from: who,
      to: address(),
      subject: 'New visa rules',
      text: 'Visas for all.',
    });

    const noSecret = await relay(await message(from(emails.analystGrc)), '', null);
    expect(noSecret.statusCode).toBe(401);
    expect(noSecret.json().code).toBe('INBOUND_MAIL_SECRET');
    expect((await relay(await message(from(emails.analystGrc)), '', 'wrong')).statusCode).toBe(401);

    const forged = await relay(
      await message(from(emails.analystGrc)),
      '?envelopeFrom=mallory%40evil.example',
    );
    expect(forged.statusCode).toBe(422);
    expect(forged.json()).toMatchObject({ code: 'INBOUND_MAIL_REFUSED', reason: 'envelope_mismatch' });
    const unknown = await relay(
      await message(from('stranger@test.passage')),
      '?envelopeFrom=stranger%40test.passage',
    );
    expect(unknown.json()).toMatchObject({ reason: 'sender_unknown' });
    const viewer = await relay(
      await message(from(emails.viewerGrc)),
      `?envelopeFrom=${encodeURIComponent(emails.viewerGrc)}`,
    );
    expect(viewer.json()).toMatchObject({ reason: 'sender_not_allowed' });
    const elsewhere = await relay(
      await message({ ...from(emails.analystGrc), to: 'someone@else.example' }),
      `?envelopeFrom=${encodeURIComponent(emails.analystGrc)}`,
    );
    expect(elsewhere.json()).toMatchObject({ reason: 'recipient_unknown' });

    // A trusted relay is configured: its Authentication-Results must show a pass for the From domain.
    process.env.PASSAGE_INBOUND_AUTHSERV_ID = 'mx.passage.test';
    try {
      const failed = await relay(
        await message({
          ...from(emails.analystGrc),
          headers: {
            'Authentication-Results': 'mx.passage.test; dkim=fail header.d=test.passage; spf=softfail',
          },
        }),
        `?envelopeFrom=${encodeURIComponent(emails.analystGrc)}`,
      );
      expect(failed.json()).toMatchObject({ reason: 'authentication_failed' });
    } finally {
      delete process.env.PASSAGE_INBOUND_AUTHSERV_ID;
    }
    // An archived dialogue is read-only: no drafts by e-mail either.
    await t.db.query(sql`UPDATE dialogues SET archived_at = now() WHERE id = ${w.dialogueId}`);
    try {
      const archived = await relay(
        await message(from(emails.analystGrc)),
        `?envelopeFrom=${encodeURIComponent(emails.analystGrc)}`,
      );
      expect(archived.json()).toMatchObject({ reason: 'dialogue_archived' });
    } finally {
      await t.db.query(sql`UPDATE dialogues SET archived_at = NULL WHERE id = ${w.dialogueId}`);
    }
    const notMail = await relay(Buffer.from(''), '');
    expect(notMail.statusCode).toBe(400);

    expect(await counts()).toEqual(before);
    expect(await dropsOf('envelope_mismatch')).toBe(1);
    expect(await dropsOf('sender_unknown')).toBe(1);
    expect(await dropsOf('authentication_failed')).toBe(1);
    const [entry] = await t.db.query<{ details: Record<string, unknown> }>(
      sql`SELECT details FROM audit_log WHERE action = 'notice.inbound_dropped' AND details->>'reason' = 'sender_unknown'`,
    );
    expect(entry!.details).toMatchObject({ senderDomain: 'test.passage', slug: w.slug });
    expect(JSON.stringify(entry!.details)).not.toContain('stranger@');

    delete process.env.PASSAGE_INBOUND_MAIL_SECRET;
    try {
      expect((await relay(await message(from(emails.analystGrc)), '')).json().code).toBe(
        'INBOUND_MAIL_DISABLED',
      );
    } finally {
      process.env.PASSAGE_INBOUND_MAIL_SECRET = SECRET;
    }
  });

  it('receives a message on the SMTP listener from a real SMTP client; refuses forged and foreign mail', async () => {
    const client = nodemailer.createTransport({
      host: '127.0.0.1',
      port: listener.port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      const png = makePng(8, 8);
      const info = await client.sendMail({
        from: emails.analystIta,
        to: address(),
        subject: 'Stricter border checks at Brindisi',
        text: 'Systematic checks of all ferry passengers from 1 January.',
        attachments: [{ filename: 'checkpoint.png', content: png }],
      });
      expect(info.accepted).toEqual([address()]);
      const [row] = await t.db.query<{
        id: number;
        measure_type: string;
        status: string;
        state_iso3: string;
      }>(
        sql`SELECT id, measure_type, status, trim(state_iso3) AS state_iso3 FROM notices
          WHERE author_id = ${w.users.analystIta} AND title = 'Stricter border checks at Brindisi'`,
      );
      expect(row).toMatchObject({ measure_type: 'border_management', status: 'draft', state_iso3: 'ITA' });
      const files = (await w.api('GET', `/${row!.id}/attachments`, 'analystIta')).json().items;
      expect(files).toMatchObject([{ fileName: 'checkpoint.png', format: 'png', byteSize: png.length }]);

      const before = await counts();
      const forged = client.sendMail({
        envelope: { from: 'mallory@evil.example', to: [address()] },
        from: emails.analystIta,
        to: address(),
        subject: 'Visa waiver for everyone',
        text: 'Please publish this at once.',
      });
      await expect(forged).rejects.toMatchObject({ responseCode: 550 });
      const foreign = client.sendMail({
        from: emails.analystIta,
        to: 'postmaster@else.example',
        subject: 'x',
        text: 'y',
      });
      await expect(foreign).rejects.toMatchObject({ responseCode: 550 });
      expect(await counts()).toEqual(before);
      expect(await dropsOf('envelope_mismatch')).toBe(2);
    } finally {
      client.close();
    }
  });
});
