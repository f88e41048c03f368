/**
 * Bulk invitation by CSV against a real SMTP server on loopback: the dry run reports every problem with its row
 * and field and writes nothing; a real run of a bad file writes nothing either; a good file creates the accounts,
 * roles and invitations, and each new user receives an e-mail whose link sets their password.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeUser } from '../../../../test/factories';
import { mailText, startSmtp, type TestSmtp } from '../../../../test/smtp';

type Headers = Record<string, string>;

const HEADER = 'email,name,organisation,role\n';
const row = (i: number) => `person${i}@interior.example,Person ${i},MOI-ITA,data_provider\n`;
/** Six good rows; the sixth data row (row 7 of the file, the header being row 1) has a bad e-mail. */
const BAD_FILE = `${HEADER}${[2, 3, 4, 5, 6].map(row).join('')}not-an-email,Seven,MOI-ITA,viewer\n${row(8)}`;

describe.each(testDatabases())('bulk invitation [%s]', (kind) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let d: Awaited<ReturnType<typeof makeDialogue>>;
  let adminH: Headers;
  let viewerH: Headers;
  const previousSmtp = process.env.PASSAGE_SMTP_URL;

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.PASSAGE_SMTP_URL = smtp.url;
    t = await createTestApp(kind);
    d = await makeDialogue(t.db, { states: ['ITA', 'GRC'] });
    await t.db.query(sql`INSERT INTO organisations (kind, name, acronym, country_iso3)
      VALUES ('state', 'Ministry of Interior of Italy', 'MOI-ITA', 'ITA')`);
    await t.db.query(sql`UPDATE organisations SET acronym = 'SEC' WHERE id = ${d.secretariatOrgId}`);
    const admin = await makeUser(t.db, {
      orgId: d.secretariatOrgId,
      roles: [{ dialogueId: d.id, role: 'admin' }],
    });
    adminH = sessionHeaders(await loginCookie(t.app, admin.email, admin.password));
    const viewer = await makeUser(t.db, { country: 'GRC', roles: [{ dialogueId: d.id, role: 'viewer' }] });
    viewerH = sessionHeaders(await loginCookie(t.app, viewer.email, viewer.password));
  });
  afterAll(async () => {
    if (previousSmtp === undefined) delete process.env.PASSAGE_SMTP_URL;
    else process.env.PASSAGE_SMTP_URL = previousSmtp;
    await t?.close();
    await smtp?.close();
  });

  const countUsers = async () =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`))[0]!.n;
  const invite = (text: string, dryRun: boolean, headers = adminH) =>
    t.app.inject({
      method: 'POST',
      url: `/api/admin/dialogues/${d.id}/invitations?dryRun=${dryRun}&fileName=people.csv`,
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: text,
    });

  it('dry run: names the bad e-mail on row 7, lists what it would do, writes nothing', async () => {
    const before = await countUsers();
    const res = await invite(BAD_FILE, true);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.errors).toEqual([
      {
        file: 'people.csv',
        row: 7,
        column: 'email',
        field: 'email',
        message: '"not-an-email" is not an e-mail address',
      },
    ]);
    expect(report.rows).toHaveLength(7);
    expect(report.rows.filter((r: { action: string }) => r.action === 'invite')).toHaveLength(6);
    expect(report.invited).toBe(6);
    expect(await countUsers()).toBe(before);
    expect(smtp.mails).toHaveLength(0);
  });

  it('real run of the bad file: 400 with the row and field, nothing written, no e-mail', async () => {
    const before = await countUsers();
    const res = await invite(BAD_FILE, false);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'IMPORT_REJECTED', errors: [{ row: 7, field: 'email' }] });
    expect(res.json().detail).toContain('row 7, email');
    expect(await countUsers()).toBe(before);
    const invitations = await t.db.query(sql`SELECT 1 FROM invitations`);
    expect(invitations).toHaveLength(0);
    expect(smtp.mails).toHaveLength(0);
  });

  it('real run of a good file: accounts, roles and e-mails whose link sets the password', async () => {
    const file = `${HEADER}${row(2)}${row(3)}ana@sec.example,Ana Secretariat,SEC,data_manager\n`;
    const res = await invite(file, false);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ invited: 3, granted: 0, emailsSent: 3 });
    expect(
      res
        .json()
        .rows.every(
          (r: { emailStatus: string; invitationUrl: null }) =>
            r.emailStatus === 'sent' && r.invitationUrl === null,
        ),
    ).toBe(true);
    const mails = await smtp.waitFor(3);
    const toPerson2 = mails.find((m) => m.to.includes('person2@interior.example'))!;
    const text = mailText(toPerson2);
    expect(text).toContain('data provider');
    const link = /https?:\/\/\S+\/invitation\?token=(inv_[\w-]+)/.exec(text);
    expect(link, text).not.toBeNull();
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/auth/invitation',
      payload: { token: decodeURIComponent(link![1]!), password: 'Mine-own-4x8t-heron' },
    });
    expect(accepted.statusCode, accepted.body).toBe(204);
    const cookie = await loginCookie(t.app, 'person2@interior.example', 'Mine-own-4x8t-heron');
    const session = (
      await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })
    ).json();
    expect(session.memberships).toEqual([{ dialogueId: d.id, roles: ['data_provider'] }]);
    expect(session.user.organisation.name).toBe('Ministry of Interior of Italy');
    // The same link does not work twice.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/invitation',
      payload: { token: decodeURIComponent(link![1]!), password: 'Another-9p3w-falcon' },
    });
    expect(again.json().code).toBe('INVITATION_INVALID');
  });

  it('grants a role to an existing account, and hands over links when SMTP is not configured', async () => {
    delete process.env.PASSAGE_SMTP_URL;
    try {
      const file = `${HEADER}person2@interior.example,Person 2,MOI-ITA,analyst\nnew@interior.example,New,MOI-ITA,viewer\n`;
      const res = await invite(file, false);
      expect(res.statusCode, res.body).toBe(200);
      const [granted, invited] = res.json().rows;
      expect(granted).toMatchObject({ action: 'grant', emailStatus: null, invitationUrl: null });
      expect(invited).toMatchObject({ action: 'invite', emailStatus: 'not_configured' });
      expect(invited.invitationUrl).toMatch(/\/invitation\?token=inv_/);
    } finally {
      process.env.PASSAGE_SMTP_URL = smtp.url;
    }
  });

  it('is for the dialogue’s admins only, and refuses a file without the needed columns', async () => {
    expect((await invite(`${HEADER}${row(9)}`, true, viewerH)).statusCode).toBe(403);
    const noRole = await invite('email,name,organisation\nx@y.example,X,SEC\n', true);
    expect(noRole.json().errors).toMatchObject([{ row: 1, field: 'header' }]);
    const notCsv = await t.app.inject({
      method: 'POST',
      url: `/api/admin/dialogues/${d.id}/invitations?dryRun=true`,
      headers: adminH,
      payload: { email: 'x@y.example' },
    });
    expect(notCsv.statusCode).toBe(400);
    expect(notCsv.json().errors[0].field).toBe('body');
  });
});
