import { generate } from 'otplib';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookieHeader,
  createTestApp,
  loginCookie,
  sessionHeaders,
  type TestApp,
} from '../../../../../test/app';
import { testDatabases } from '../../../../../test/databases';
import { makeDialogue, makeUser } from '../../../../../test/factories';

const step = () => Math.floor(Date.now() / 30_000);
const codeAt = (secret: string, s: number) => generate({ secret, epoch: s * 30 });

describe.each(testDatabases())('two-factor authentication [%s]', (kind) => {
  let t: TestApp;
  let d: Awaited<ReturnType<typeof makeDialogue>>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    d = await makeDialogue(t.db, { classification: 'dialogue' });
  });
  afterAll(() => t?.close());

  const post = (url: string, headers: Record<string, string>, payload?: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload }) });

  /** Enrols a logged-in user; returns the secret, the recovery codes and the step used. */
  async function enrol(h: Record<string, string>) {
    const start = await post('/api/account/two-factor/enrolment', h);
    expect(start.statusCode).toBe(201);
    const { secret, qrCodeDataUrl, otpauthUri } = start.json();
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    const s = step();
    const confirm = await post('/api/account/two-factor/enrolment/confirm', h, {
      code: await codeAt(secret, s),
    });
    expect(confirm.statusCode).toBe(200);
    return { secret, recoveryCodes: confirm.json().recoveryCodes as string[], step: s };
  }

  async function passwordStep(email: string, password: string) {
    const res = await post('/api/auth/login', {}, { email, password });
    expect(res.statusCode).toBe(200);
    return res;
  }

  it('enrols with a QR code and a code, then asks for the code at login; wrong and replayed codes are refused', async () => {
    const u = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'analyst' }] });
    const h = sessionHeaders(await loginCookie(t.app, u.email, u.password));
    const status0 = await t.app.inject({ method: 'GET', url: '/api/account/two-factor', headers: h });
    expect(status0.json()).toEqual({
      enrolled: false,
      required: false,
      isRestricted: false,
      recoveryCodesRemaining: 0,
    });
    const wrongConfirm = await post('/api/account/two-factor/enrolment', h);
    const bad = await post('/api/account/two-factor/enrolment/confirm', h, {
      code: '000000' === (await codeAt(wrongConfirm.json().secret, step())) ? '111111' : '000000',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('TOTP_INVALID');
    const { secret, recoveryCodes, step: used } = await enrol(h);
    expect(recoveryCodes).toHaveLength(10);
    const stored = await t.db.query<{ code_hash: string }>(
      sql`SELECT code_hash FROM totp_recovery_codes WHERE user_id = ${u.id}`,
    );
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.code_hash)).not.toContain(recoveryCodes[0]);

    // Password alone no longer opens a session.
    const first = await passwordStep(u.email, u.password);
    expect(first.json()).toMatchObject({ requiresTotp: true });
    expect(first.cookies.map((c) => c.name)).toEqual(['passage_pending_login']);
    const pending = { cookie: cookieHeader(first) };
    // The code used for enrolment is the same time step: a replay.
    const replay = await post('/api/auth/login/totp', pending, { code: await codeAt(secret, used) });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('TOTP_INVALID');
    const good = await codeAt(secret, used + 1);
    const wrong = good === '123456' ? '654321' : '123456';
    const tampered = await post('/api/auth/login/totp', pending, { code: wrong });
    expect(tampered.statusCode).toBe(401);
    expect(tampered.cookies.find((c) => c.name === 'passage_session')).toBeUndefined();
    const ok = await post('/api/auth/login/totp', pending, { code: good });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.email).toBe(u.email);
    const session = ok.cookies.find((c) => c.name === 'passage_session');
    expect(session?.httpOnly).toBe(true);
    // The pending login is used up, and the same code cannot open a second session.
    const again = await post('/api/auth/login/totp', pending, { code: good });
    expect(again.json().code).toBe('TOTP_LOGIN_EXPIRED');
    const other = await passwordStep(u.email, u.password);
    const replayed = await post('/api/auth/login/totp', { cookie: cookieHeader(other) }, { code: good });
    expect(replayed.json().code).toBe('TOTP_INVALID');

    // A recovery code works once.
    const viaRecovery = await post(
      '/api/auth/login/totp',
      { cookie: cookieHeader(other) },
      { code: recoveryCodes[0] },
    );
    expect(viaRecovery.statusCode).toBe(200);
    const third = await passwordStep(u.email, u.password);
    const reused = await post(
      '/api/auth/login/totp',
      { cookie: cookieHeader(third) },
      { code: recoveryCodes[0] },
    );
    expect(reused.json().code).toBe('TOTP_INVALID');
  });

  it('locks the second factor after five wrong codes', async () => {
    const u = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'viewer' }], totp: true });
    const first = await passwordStep(u.email, u.password);
    const pending = { cookie: cookieHeader(first) };
    const right = await codeAt(u.totpSecret!, step());
    const wrong = right === '000001' ? '000002' : '000001';
    for (let i = 0; i < 4; i++) {
      expect((await post('/api/auth/login/totp', pending, { code: wrong })).json().code).toBe('TOTP_INVALID');
    }
    const fifth = await post('/api/auth/login/totp', pending, { code: wrong });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().code).toBe('TOTP_LOCKED');
    // Even the right code, with a new password step, is refused while locked.
    const next = await passwordStep(u.email, u.password);
    const locked = await post('/api/auth/login/totp', { cookie: cookieHeader(next) }, { code: right });
    expect(locked.json().code).toBe('TOTP_LOCKED');
  });

  it('refuses a missing or made-up pending login and malformed codes', async () => {
    const none = await post('/api/auth/login/totp', {}, { code: '123456' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('TOTP_LOGIN_EXPIRED');
    const forged = await post(
      '/api/auth/login/totp',
      { cookie: 'passage_pending_login=forged' },
      { code: '123456' },
    );
    expect(forged.json().code).toBe('TOTP_LOGIN_EXPIRED');
    const malformed = await post('/api/auth/login/totp', {}, { code: '12ab' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('body.code');
  });

  it('admins and data managers must enrol: until then only enrolment, session and logout are reachable', async () => {
    const manager = await makeUser(t.db, {
      roles: [{ dialogueId: d.id, role: 'data_manager' }],
      totp: false,
    });
    const res = await passwordStep(manager.email, manager.password);
    expect(res.json().user.email).toBe(manager.email);
    const h = sessionHeaders(cookieHeader(res));
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: h })).statusCode).toBe(
      200,
    );
    const status = await t.app.inject({ method: 'GET', url: '/api/account/two-factor', headers: h });
    expect(status.json()).toMatchObject({ enrolled: false, required: true, isRestricted: true });
    const blocked = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: h });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('TOTP_ENROLMENT_REQUIRED');
    // Public endpoints answer as to a visitor: the members-only dialogue is not listed.
    const list = await t.app.inject({ method: 'GET', url: '/api/dialogues', headers: h });
    expect(list.json().map((x: { id: number }) => x.id)).not.toContain(d.id);

    await enrol(h);
    expect((await t.app.inject({ method: 'GET', url: '/api/tokens', headers: h })).statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/dialogues', headers: h });
    expect(after.json().map((x: { id: number }) => x.id)).toContain(d.id);
  });

  it('disabling needs a valid code; enrolling twice is refused', async () => {
    const u = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'analyst' }] });
    const h = sessionHeaders(await loginCookie(t.app, u.email, u.password));
    const { secret, step: used } = await enrol(h);
    const twice = await post('/api/account/two-factor/enrolment', h);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('TOTP_ALREADY_ENROLLED');
    const good = await codeAt(secret, used + 1);
    const wrong = good === '999999' ? '999998' : '999999';
    const refused = await post('/api/account/two-factor/disable', h, { code: wrong });
    expect(refused.statusCode).toBe(400);
    const [still] = await t.db.query<{ totp_secret: string | null }>(
      sql`SELECT totp_secret FROM users WHERE id = ${u.id}`,
    );
    expect(still!.totp_secret).not.toBeNull();
    expect((await post('/api/account/two-factor/disable', h, { code: good })).statusCode).toBe(204);
    const [off] = await t.db.query<{ totp_secret: string | null }>(
      sql`SELECT totp_secret FROM users WHERE id = ${u.id}`,
    );
    expect(off!.totp_secret).toBeNull();
    expect(
      (await post('/api/auth/login', {}, { email: u.email, password: u.password })).json().user,
    ).toBeDefined();
  });
});
