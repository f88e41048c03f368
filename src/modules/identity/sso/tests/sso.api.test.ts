import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, createTestApp, type TestApp } from '../../../../../test/app';
import { testDatabases } from '../../../../../test/databases';
import { makeDialogue, makeOrganisation, makeUser, type TestUser } from '../../../../../test/factories';

const REDIRECT_URI = 'http://localhost:3000/api/auth/oidc/callback';

/**
 * A real OpenID Connect provider (oidc-provider) on a random local port. Its development login form accepts
 * any login: the login typed in becomes the account id, used here as the e-mail. Logins starting with
 * "unverified" have an unverified e-mail.
 */
async function startProvider(): Promise<{ issuer: string; close(): Promise<void> }> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'passage',
        client_secret: 'passage-test-secret',
        redirect_uris: [REDIRECT_URI],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({
        sub: id,
        email: id,
        email_verified: !id.startsWith('unverified'),
        name: 'Sam Sso',
      }),
    }),
    cookies: { keys: ['oidc-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  server.on('request', provider.callback());
  return { issuer, close: () => new Promise((r) => server.close(() => r())) };
}

/** Follows the provider's redirects with a cookie jar, logging in and consenting on its forms. */
async function signInAtProvider(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(REDIRECT_URI)) return next;
      url = next.href;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form on ${url}`);
    url = new URL(action, url).href;
    body = html.includes('name="login"')
      ? new URLSearchParams({ prompt: 'login', login, password: 'anything' })
      : new URLSearchParams({ prompt: 'consent' });
  }
  throw new Error('too many redirects at the provider');
}

describe.each(testDatabases())('single sign-on with OpenID Connect [%s]', (kind) => {
  let t: TestApp;
  let idp: Awaited<ReturnType<typeof startProvider>>;
  let user: TestUser;
  let d: Awaited<ReturnType<typeof makeDialogue>>;
  const saved = { ...process.env };

  beforeAll(async () => {
    idp = await startProvider();
    Object.assign(process.env, {
      PASSAGE_OIDC_ISSUER: idp.issuer,
      PASSAGE_OIDC_CLIENT_ID: 'passage',
      PASSAGE_OIDC_CLIENT_SECRET: 'passage-test-secret',
      PASSAGE_OIDC_REDIRECT_URI: REDIRECT_URI,
      PASSAGE_OIDC_LABEL: 'Test IdP',
    });
    t = await createTestApp(kind);
    d = await makeDialogue(t.db);
    user = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'analyst' }] });
  });
  afterAll(async () => {
    for (const k of Object.keys(process.env)) if (k.startsWith('PASSAGE_OIDC_')) delete process.env[k];
    Object.assign(process.env, saved);
    await t?.close();
    await idp?.close();
  });

  async function runFlow(login: string, next = '/d/demo') {
    const start = await t.app.inject({
      method: 'GET',
      url: `/api/auth/oidc/start?next=${encodeURIComponent(next)}`,
    });
    expect(start.statusCode).toBe(302);
    const location = new URL(start.headers.location as string);
    expect(location.origin).toBe(idp.issuer);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toBeTruthy();
    const callback = await signInAtProvider(location.href, login);
    expect(callback.searchParams.get('code')).toBeTruthy();
    return { start, callback };
  }

  const finish = (callback: URL, cookie: string) =>
    t.app.inject({ method: 'GET', url: `/api/auth/oidc/callback${callback.search}`, headers: { cookie } });

  it('says on /api/auth/providers that single sign-on is on', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/providers' });
    expect(res.json()).toEqual({ password: true, oidc: { enabled: true, label: 'Test IdP' } });
  });

  it('logs an existing user in by their verified e-mail and redirects to where they were going', async () => {
    const { start, callback } = await runFlow(user.email.toUpperCase());
    const res = await finish(callback, cookieHeader(start));
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/d/demo');
    const session = await t.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: cookieHeader(res) },
    });
    expect(session.statusCode).toBe(200);
    expect(session.json().user.id).toBe(user.id);
    // The callback cannot be replayed.
    const replay = await finish(callback, cookieHeader(start));
    expect(replay.headers.location).toBe('/login?sso_error=SSO_FAILED');
  });

  it('refuses unknown and unverified e-mails, and a callback from another browser; creates nobody', async () => {
    const before = (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`))[0]!.n;
    const unknown = await runFlow('stranger@elsewhere.example');
    const r1 = await finish(unknown.callback, cookieHeader(unknown.start));
    expect(r1.headers.location).toBe('/login?sso_error=SSO_FAILED');
    expect(r1.cookies.find((c) => c.name === 'passage_session')).toBeUndefined();
    const unverified = await runFlow(`unverified-${user.email}`);
    expect((await finish(unverified.callback, cookieHeader(unverified.start))).headers.location).toBe(
      '/login?sso_error=SSO_FAILED',
    );
    const stolen = await runFlow(user.email);
    const r3 = await finish(stolen.callback, 'passage_oidc=someone-elses-browser');
    expect(r3.headers.location).toBe('/login?sso_error=SSO_FAILED');
    // A tampered state does not pass either.
    const tampered = await runFlow(user.email);
    tampered.callback.searchParams.set('state', 'forged');
    expect((await finish(tampered.callback, cookieHeader(tampered.start))).headers.location).toBe(
      '/login?sso_error=SSO_FAILED',
    );
    const after = (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`))[0]!.n;
    expect(after).toBe(before);
  });

  it('creates unknown users in the configured organisation when PASSAGE_OIDC_AUTO_CREATE_ORG is set', async () => {
    const org = await makeOrganisation(t.db, { kind: 'international', name: 'SSO Partners' });
    process.env.PASSAGE_OIDC_AUTO_CREATE_ORG = String(org.id);
    try {
      const { start, callback } = await runFlow('newcomer@partner.example', '/');
      const res = await finish(callback, cookieHeader(start));
      expect(res.headers.location).toBe('/');
      const [row] = await t.db.query<{ organisation_id: number; name: string; password_hash: string | null }>(
        sql`SELECT organisation_id, name, password_hash FROM users WHERE email = 'newcomer@partner.example'`,
      );
      expect(row).toEqual({ organisation_id: org.id, name: 'Sam Sso', password_hash: null });
    } finally {
      delete process.env.PASSAGE_OIDC_AUTO_CREATE_ORG;
    }
  });

  it('asks a user with two-factor authentication for the code after single sign-on', async () => {
    const secured = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'viewer' }], totp: true });
    const { start, callback } = await runFlow(secured.email);
    const res = await finish(callback, cookieHeader(start));
    expect(res.headers.location).toBe('/login?step=totp&next=%2Fd%2Fdemo');
    expect(res.cookies.map((c) => c.name)).toContain('passage_pending_login');
    expect(res.cookies.find((c) => c.name === 'passage_session')).toBeUndefined();
  });
});

describe('single sign-on switched off', () => {
  it('reports it and refuses to start', async () => {
    const t = await createTestApp('pglite');
    try {
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/providers' })).json().oidc.enabled).toBe(
        false,
      );
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('SSO_DISABLED');
    } finally {
      await t.close();
    }
  });
});
