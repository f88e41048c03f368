/**
 * The login lock-out per (account, address) and per address (issue 13, item 12): an attacker failing from one
 * address slows down only their own guesses; the real user logs in from elsewhere; unknown e-mails answer
 * like known ones.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../../../test/app';
import { testDatabases } from '../../../../../test/databases';
import { makeDialogue, makeUser, type TestUser } from '../../../../../test/factories';

const ATTACKER = '203.0.113.7';

describe.each(testDatabases())('login lock-out per account and address [%s]', (kind) => {
  let t: TestApp;
  let d: Awaited<ReturnType<typeof makeDialogue>>;
  beforeAll(async () => {
    // The per-address rate limit (30 a minute) would answer first; these tests are about the lock-out.
    process.env.PASSAGE_LOGIN_RATE_LIMIT = '1000';
    t = await createTestApp(kind);
    delete process.env.PASSAGE_LOGIN_RATE_LIMIT;
    d = await makeDialogue(t.db);
  });
  afterAll(() => t?.close());

  const login = (email: string, password: string, ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });
  const failuresOf = async (email: string, ip: string) =>
    (
      await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM login_attempts
        WHERE email = ${email.toLowerCase()} AND ip = ${ip} AND NOT is_success`)
    )[0]!.n;

  it("an attacker's address failing 20 times does not stop the real user (password and second factor) elsewhere", async () => {
    const admin: TestUser = await makeUser(t.db, {
      orgId: d.secretariatOrgId,
      roles: [{ dialogueId: d.id, role: 'admin' }],
    });
    expect(admin.totpSecret).toBeDefined();
    const codes: number[] = [];
    for (let i = 0; i < 20; i++)
      codes.push((await login(admin.email, `guess number ${i}`, ATTACKER)).statusCode);
    expect(codes.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(codes.slice(4)).toEqual(Array(16).fill(429));
    // Slowed: only five guesses were tried; the other fifteen were refused before the password was checked.
    expect(await failuresOf(admin.email, ATTACKER)).toBe(5);
    // Locked: even the right password from the attacker's address is refused.
    const fromAttacker = await login(admin.email, admin.password, ATTACKER);
    expect(fromAttacker.statusCode).toBe(429);
    expect(fromAttacker.json().code).toBe('ACCOUNT_LOCKED');
    // The real user, from their own address (127.0.0.1), logs in with password and code.
    const cookie = await loginCookie(t.app, admin.email, admin.password);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    expect(me.json().user.id).toBe(admin.id);
  });

  it('grows the lock with each further failure at that address', async () => {
    const u = await makeUser(t.db);
    for (let i = 0; i < 5; i++) await login(u.email, `guess ${i}`, ATTACKER);
    const retryAfter = async () =>
      Number((await login(u.email, 'one more', ATTACKER)).headers['retry-after']);
    expect(await retryAfter()).toBeLessThanOrEqual(60);
    // The first lock (1 minute) has passed: one more guess is tried, and it locks for 2 minutes.
    await t.db.query(
      sql`UPDATE login_attempts SET at = at - interval '61 seconds' WHERE email = ${u.email.toLowerCase()}`,
    );
    const sixth = await login(u.email, 'sixth guess', ATTACKER);
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(60);
    expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(120);
    expect(await failuresOf(u.email, ATTACKER)).toBe(6);
  });

  it('answers an unknown e-mail exactly like a known one, attempt after attempt', async () => {
    const known = await makeUser(t.db);
    const unknown = 'nobody.at.all@test.passage';
    const answers = async (email: string) => {
      const out: string[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await login(email, `not the password ${i}`, '198.51.100.20');
        out.push(`${res.statusCode} ${res.json().code} ${res.json().detail.replace(/\d\d:\d\d/, 'HH:MM')}`);
      }
      return out;
    };
    const forKnown = await answers(known.email);
    expect(forKnown[0]).toMatch(/^401 INVALID_CREDENTIALS/);
    expect(forKnown[6]).toMatch(/^429 ACCOUNT_LOCKED/);
    expect(await answers(unknown)).toEqual(forKnown);
  });

  it('locks an address that tries many accounts (30 failures in 15 minutes), not the others', async () => {
    const sprayer = '192.0.2.99';
    const u = await makeUser(t.db);
    for (let i = 0; i < 30; i++) await login(`sprayed-${i}@test.passage`, 'Summer2025!', sprayer);
    const right = await login(u.email, u.password, sprayer);
    expect(right.statusCode).toBe(429);
    expect(right.json()).toMatchObject({
      code: 'ADDRESS_LOCKED',
      detail: expect.stringContaining('from your address'),
    });
    expect((await login(u.email, u.password, '192.0.2.100')).statusCode).toBe(200);
  });
});
