/**
 * The contact directory through the API, on both databases: who may read and edit which entries, bad input
 * (nothing written), revisions and conflicts, the vCard and CSV exports, the yearly confirmation e-mail sent
 * to a real SMTP server with its signed link (forged and expired links refused, nothing written), stale
 * marks, and removal erasing the person from the entry, its revisions, exports and the audit log.
 */
import ICAL from 'ical.js';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation, makeUser } from '../../../../test/factories';
import { startSmtp, type TestSmtp } from '../../../../test/smtp';
import { signConfirmToken } from '../../../domain/contacts/confirm-token';
import { sendConfirmationRequests } from '../contacts.confirm';

type Who = 'secretariat' | 'ita' | 'grc' | 'viewer' | 'outsider';

describe.each(testDatabases())('contacts [%s]', (kind) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let slug: string;
  let dialogueId: number;
  const cookies = {} as Record<Who, string>;
  let itaUserId: number;

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.PASSAGE_SMTP_URL = smtp.url;
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'public', states: ['ITA', 'GRC'] });
    const other = await makeDialogue(t.db, { states: ['TUR'] });
    slug = d.slug;
    dialogueId = d.id;
    const ita = await makeOrganisation(t.db, { country: 'ITA' });
    const grc = await makeOrganisation(t.db, { country: 'GRC' });
    const users: Record<Who, Awaited<ReturnType<typeof makeUser>>> = {
      secretariat: await makeUser(t.db, {
        orgId: d.secretariatOrgId,
        roles: [{ dialogueId: d.id, role: 'data_manager' }],
      }),
      ita: await makeUser(t.db, { orgId: ita.id, roles: [{ dialogueId: d.id, role: 'analyst' }] }),
      grc: await makeUser(t.db, { orgId: grc.id, roles: [{ dialogueId: d.id, role: 'analyst' }] }),
      viewer: await makeUser(t.db, { orgId: ita.id, roles: [{ dialogueId: d.id, role: 'viewer' }] }),
      outsider: await makeUser(t.db, { orgId: ita.id, roles: [{ dialogueId: other.id, role: 'analyst' }] }),
    };
    itaUserId = users.ita.id;
    for (const [who, u] of Object.entries(users))
      cookies[who as Who] = await loginCookie(t.app, u.email, u.password);
  });
  afterAll(async () => {
    delete process.env.PASSAGE_SMTP_URL;
    await t?.close();
    await smtp?.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    who: Who | null,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${slug}/contacts${path}`,
      headers: who ? sessionHeaders(cookies[who]) : { 'x-passage-csrf': '1' },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const count = async (table: 'contacts' | 'contact_revisions' | 'audit_log' | 'contact_confirmations') =>
    Number(
      (
        await t.db.query<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM ${sql([table] as unknown as TemplateStringsArray)}`,
        )
      )[0]!.n,
    );
  const entry = (over: Record<string, unknown> = {}) => ({
    topic: 'national_contact_point',
    country: 'GRC',
    name: 'Eleni Papadaki',
    function: 'Head of the migration analysis unit',
    organisation: 'Hellenic Police, Aliens Division',
    languages: ['el', 'en'],
    email: 'eleni.papadaki@example.org',
    phone: '+30 210 000 0000',
    ...over,
  });

  it('lets the secretariat add any entry and a state only its own; members read, outsiders get 404', async () => {
    const grcByItaly = await call('POST', '', 'ita', entry());
    expect(grcByItaly.statusCode).toBe(403);
    expect(grcByItaly.json().detail).toContain('only the entries of ITA');
    expect((await call('POST', '', 'viewer', entry({ country: 'ITA' }))).statusCode).toBe(403);
    const sec = await call('POST', '', 'secretariat', entry());
    expect(sec.statusCode).toBe(201);
    expect(sec.json()).toMatchObject({
      country: 'GRC',
      revision: 1,
      isStale: false,
      lastConfirmedBy: 'editor',
    });
    const own = await call(
      'POST',
      '',
      'ita',
      entry({
        country: 'ITA',
        topic: 'statistics',
        name: 'Marco Rossi',
        email: 'marco.rossi@example.org',
        userId: itaUserId,
      }),
    );
    expect(own.statusCode).toBe(201);
    expect(own.json().userId).toBe(itaUserId);
    const lo = await call(
      'POST',
      '',
      'ita',
      entry({
        country: 'ITA',
        topic: 'liaison_officer',
        postedIn: 'TUR',
        covers: ['TUR', 'IRN'],
        name: 'Giulia Bianchi',
        email: 'giulia.bianchi@example.org',
        phone: null,
      }),
    );
    expect(lo.statusCode).toBe(201);
    expect(lo.json()).toMatchObject({ postedIn: 'TUR', covers: ['TUR', 'IRN'] });

    const list = await call('GET', '', 'viewer');
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .contacts.map((c: { name: string }) => c.name)
        .sort(),
    ).toEqual(['Eleni Papadaki', 'Giulia Bianchi', 'Marco Rossi']);
    expect(list.json().abilities).toMatchObject({ create: false, manage: false });
    const byItaly = (await call('GET', '', 'ita')).json();
    expect(byItaly.abilities).toMatchObject({ create: true, createFor: ['ITA'], manage: false });
    expect(byItaly.contacts.find((c: { country: string }) => c.country === 'GRC').abilities.update).toBe(
      false,
    );
    expect((await call('GET', '?topic=liaison_officer&country=IRN', 'grc')).json().contacts).toHaveLength(1);
    expect((await call('GET', '', 'outsider')).statusCode).toBe(404);
    expect((await call('GET', '', null)).statusCode).toBe(401);
    expect((await call('GET', '/export.vcf', 'outsider')).statusCode).toBe(404);
  });

  it('refuses bad input with the field named, writing nothing', async () => {
    const before = [await count('contacts'), await count('contact_revisions'), await count('audit_log')];
    const cases: [Record<string, unknown>, string][] = [
      [entry({ email: 'not-an-address' }), 'body.email'],
      [entry({ country: 'XXX' }), 'body.country'],
      [entry({ country: 'FRA' }), 'body.country'],
      [entry({ topic: 'weather' }), 'body.topic'],
      [entry({ topic: 'liaison_officer' }), 'body.postedIn'],
      [entry({ topic: 'liaison_officer', postedIn: 'TUR', covers: ['QQQ'] }), 'body.covers[0]'],
      [entry({ languages: ['English'] }), 'body.languages'],
      [entry({ userId: 999999 }), 'body.userId'],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '', 'secretariat', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json().errors), res.body).toContain(field);
    }
    expect([await count('contacts'), await count('contact_revisions'), await count('audit_log')]).toEqual(
      before,
    );
  });

  it('keeps every revision, refuses a stale expectedRevision and another state editing', async () => {
    const created = (
      await call(
        'POST',
        '',
        'ita',
        entry({ country: 'ITA', topic: 'asylum', name: 'Luca Verdi', email: 'luca.verdi@example.org' }),
      )
    ).json();
    const changed = await call('PUT', `/${created.id}`, 'ita', {
      ...entry({ country: 'ITA', topic: 'asylum', name: 'Luca Verdi', email: 'l.verdi@example.org' }),
      expectedRevision: 1,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ revision: 2, email: 'l.verdi@example.org' });
    const stale = await call('PUT', `/${created.id}`, 'ita', {
      ...entry({ country: 'ITA', topic: 'asylum' }),
      expectedRevision: 1,
    });
    expect(stale.statusCode).toBe(409);
    const byGreece = await call('PUT', `/${created.id}`, 'grc', {
      ...entry({ country: 'ITA', topic: 'asylum' }),
      expectedRevision: 2,
    });
    expect(byGreece.statusCode).toBe(403);
    expect((await call('DELETE', `/${created.id}`, 'grc')).statusCode).toBe(403);
    const history = (await call('GET', `/${created.id}/history`, 'viewer')).json();
    expect(
      history.map((r: { revision: number; data: { email: string } }) => [r.revision, r.data.email]),
    ).toEqual([
      [1, 'luca.verdi@example.org'],
      [2, 'l.verdi@example.org'],
    ]);
    const audit = await t.db.query<{ details: { fields: string[] } }>(sql`SELECT details FROM audit_log
      WHERE action = 'contact.update' AND target_id = ${String(created.id)}`);
    expect(audit.map((a) => a.details.fields)).toEqual([['email']]);
    expect(JSON.stringify(audit)).not.toContain('verdi');
  });

  it('exports vCard 4.0 that ical.js parses and formula-escaped CSV', async () => {
    const odd = (
      await call(
        'POST',
        '',
        'secretariat',
        entry({
          name: 'Nikos, Jr; Test',
          organisation: '=HYPERLINK("http://x")',
          email: 'nikos@example.org',
        }),
      )
    ).json();
    const all = await call('GET', '/export.vcf', 'viewer');
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toContain('text/vcard');
    const cards = (ICAL.parse(all.body) as unknown[]).map((c) => new ICAL.Component(c as unknown[]));
    expect(cards.map((c) => c.getFirstPropertyValue('fn'))).toContain('Nikos, Jr; Test');
    expect(cards.every((c) => c.getFirstPropertyValue('version') === '4.0')).toBe(true);
    const one = await call('GET', `/${odd.id}/contact.vcf`, 'viewer');
    const card = new ICAL.Component(ICAL.parse(one.body));
    expect(card.getFirstPropertyValue('email')).toBe('nikos@example.org');
    expect(card.getFirstPropertyValue('tel')).toBe('tel:+30-210-000-0000');
    const csv = await call('GET', '/export.csv?country=GRC', 'viewer');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe(
      'id,topic,country,posted_in,covers,name,function,organisation,languages,email,phone,last_confirmed,is_stale',
    );
    expect(csv.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv.body).not.toContain('Marco Rossi');
  });

  it('e-mails a due entry a signed link that confirms it; forged and expired links are refused, writing nothing', async () => {
    const c = (
      await call(
        'POST',
        '',
        'secretariat',
        entry({
          topic: 'document_security',
          name: 'Sofia Nikolaou',
          email: 'sofia.nikolaou@example.org',
          languages: ['fr'],
        }),
      )
    ).json();
    await t.db.query(
      sql`UPDATE contacts SET last_confirmed_at = now() - interval '400 days' WHERE id = ${c.id}`,
    );
    const listed = (await call('GET', '?stale=true', 'viewer')).json().contacts;
    expect(listed.map((x: { id: number }) => x.id)).toContain(c.id);
    expect((await call('GET', '/stale', 'ita')).statusCode).toBe(403);
    expect((await call('GET', '/stale', 'secretariat')).json().map((x: { id: number }) => x.id)).toContain(
      c.id,
    );

    expect((await call('POST', '/confirmations/run', 'ita')).statusCode).toBe(403);
    const run = await call('POST', '/confirmations/run', 'secretariat');
    expect(run.json()).toMatchObject({ requested: 1, sent: 1, failed: 0 });
    expect((await call('POST', '/confirmations/run', 'secretariat')).json().requested).toBe(0);
    const [mail] = await smtp.waitFor(1).then(() => smtp.to('sofia.nikolaou@example.org'));
    expect(mail!.subject).toContain('confirmez votre fiche');
    const token = /\/confirm-contact#(\S+)/.exec(mail!.text)![1]!;
    expect(mail!.text).toContain(`/d/${slug}/contacts?contact=${c.id}`);

    const confirmApi = (path: string, body: unknown) =>
      t.app.inject({
        method: 'POST',
        url: `/api/contact-confirmations/${path}`,
        headers: { 'x-passage-csrf': '1' },
        payload: body as object,
      });
    // An expired link: another entry's request, sent 60 days ago with 30-day links.
    const late = (
      await call('POST', '', 'secretariat', entry({ name: 'Petros Late', email: 'petros.late@example.org' }))
    ).json();
    await t.db.query(
      sql`UPDATE contacts SET last_confirmed_at = now() - interval '500 days' WHERE id = ${late.id}`,
    );
    const past = await sendConfirmationRequests(t.db, {
      dialogueId,
      now: new Date(Date.now() - 60 * 86_400_000),
    });
    expect(past.sent).toBe(1);
    await smtp.waitFor(2);
    const oldToken = /\/confirm-contact#(\S+)/.exec(smtp.to('petros.late@example.org')[0]!.text)![1]!;
    const before = [await count('audit_log'), await count('contact_revisions')];
    const expired = await confirmApi('confirm', { token: oldToken });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe('CONTACT_LINK_EXPIRED');
    const stillStale = (await call('GET', '?stale=true', 'viewer'))
      .json()
      .contacts.map((x: { id: number }) => x.id);
    expect(stillStale).toContain(late.id);
    const forged = await confirmApi('confirm', {
      token: `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`,
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('CONTACT_LINK_INVALID');
    expect((await confirmApi('confirm', { token: 'garbage' })).json().code).toBe('CONTACT_LINK_INVALID');
    expect([await count('audit_log'), await count('contact_revisions')]).toEqual(before);
    // A token signed with another key is forged too.
    expect(
      (
        await confirmApi('confirm', {
          token: signConfirmToken('not-the-key', {
            requestId: 1,
            expiresAt: new Date(Date.now() + 86_400_000),
          }),
        })
      ).statusCode,
    ).toBe(400);

    const look = await confirmApi('lookup', { token });
    expect(look.json()).toMatchObject({ name: 'Sofia Nikolaou', confirmedAt: null });
    const ok = await confirmApi('confirm', { token });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().confirmedAt).not.toBeNull();
    const after = (await call('GET', '', 'viewer'))
      .json()
      .contacts.find((x: { id: number }) => x.id === c.id);
    expect(after).toMatchObject({ isStale: false, lastConfirmedBy: 'contact' });
    expect((await confirmApi('confirm', { token })).json().confirmedAt).toBe(ok.json().confirmedAt);
    const [row] = await t.db.query<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE action = 'contact.confirm' AND target_id = ${String(c.id)}`,
    );
    expect(row?.action).toBe('contact.confirm');
  });

  it('removes a person: their name, e-mail and phone are gone from the entry, revisions, exports and audit log', async () => {
    const c = (
      await call(
        'POST',
        '',
        'secretariat',
        entry({ name: 'Dimitra Zervou', email: 'dimitra.zervou@example.org', phone: '+30 210 111 2222' }),
      )
    ).json();
    await call('PUT', `/${c.id}`, 'secretariat', {
      ...entry({ name: 'Dimitra Zervou', email: 'd.zervou@example.org', phone: '+30 210 111 2222' }),
      expectedRevision: 1,
    });
    await t.db.query(
      sql`UPDATE contacts SET last_confirmed_at = now() - interval '400 days' WHERE id = ${c.id}`,
    );
    await call('POST', '/confirmations/run', 'secretariat');
    const removed = await call('DELETE', `/${c.id}`, 'secretariat');
    expect(removed.statusCode).toBe(200);
    const traces = ['Zervou', 'zervou@example.org', '111 2222', '111-2222'];
    const dump = JSON.stringify([
      await t.db.query(sql`SELECT * FROM contacts WHERE id = ${c.id}`),
      await t.db.query(sql`SELECT * FROM contact_revisions WHERE contact_id = ${c.id}`),
      await t.db.query(sql`SELECT * FROM contact_confirmations WHERE contact_id = ${c.id}`),
      await t.db.query(sql`SELECT * FROM audit_log WHERE target_type = 'contact'`),
    ]);
    for (const s of traces) expect(dump).not.toContain(s);
    const history = (await call('GET', `/${c.id}/history`, 'viewer')).json();
    expect(history.map((r: { action: string }) => r.action)).toEqual(['create', 'update', 'remove']);
    const exports =
      (await call('GET', '/export.vcf', 'viewer')).body + (await call('GET', '/export.csv', 'viewer')).body;
    for (const s of traces) expect(exports).not.toContain(s);
    expect((await call('GET', `/${c.id}/contact.vcf`, 'viewer')).statusCode).toBe(404);
    const actions = await t.db.query<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE target_id = ${String(c.id)} AND action LIKE 'contact.%' ORDER BY id`,
    );
    expect(actions.map((a) => a.action)).toEqual(['contact.create', 'contact.update', 'contact.remove']);
  });
});
