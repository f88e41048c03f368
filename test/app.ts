import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DbKind } from '../src/db/connect';
import { buildApp } from '../src/server/app';
import type { Role } from '../src/shared/roles';

/** The server's job registry (src/server/jobs.ts), for tests that drain the queue with runJobsNow. */
export { jobHandlers } from '../src/server/jobs';

import { createTestDb, type TestDb } from './databases';
import { makeUser } from './factories';
import { nextTotpCode, totpSecrets } from './totp';

export interface TestApp extends TestDb {
  app: FastifyInstance;
  close(): Promise<void>;
}

/** A Fastify app over a fresh test database, for `app.inject()` tests. */
export async function createTestApp(kind: DbKind, opts: { webDir?: string } = {}): Promise<TestApp> {
  const tdb = await createTestDb(kind);
  const app = await buildApp({ db: tdb.db, ...opts });
  await app.ready();
  return {
    ...tdb,
    app,
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
}

/** Logs in through the API and returns the Cookie header value for later requests. */
export async function loginCookie(app: FastifyInstance, email: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login as ${email} failed: ${res.statusCode} ${res.body}`);
  if (res.json().requiresTotp) return completeTotpLogin(app, email, res);
  return cookieHeader(res);
}

/** Second login step for a user with two-factor authentication (the factories enrol admins and data managers). */
async function completeTotpLogin(app: FastifyInstance, email: string, first: LightMyRequestResponse) {
  const secret = totpSecrets.get(email.toLowerCase());
  if (!secret) throw new Error(`${email} has two-factor authentication but no known secret`);
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login/totp',
    headers: { cookie: cookieHeader(first) },
    payload: { code: await nextTotpCode(secret) },
  });
  if (res.statusCode !== 200)
    throw new Error(`second factor for ${email} failed: ${res.statusCode} ${res.body}`);
  return res.cookies
    .filter((c) => c.name === 'passage_session')
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}

export function cookieHeader(res: LightMyRequestResponse): string {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** Headers of a cookie-authenticated request from the web app: the cookie plus the CSRF header it sends. */
export function sessionHeaders(cookie: string): Record<string, string> {
  return { cookie, 'x-passage-csrf': '1' };
}

/** Who a test persona is: their organisation, and their role in one dialogue. */
export interface PersonaSpec {
  orgId: number;
  dialogueId: number;
  role: Role;
}

/** One user per persona of `spec`, each logged in: their user ids and Cookie headers, by persona. */
export async function makePersonas<W extends string>(
  t: TestApp,
  spec: Record<W, PersonaSpec>,
): Promise<{ users: Record<W, number>; cookies: Record<W, string> }> {
  // Filled for every key of `spec` by the loop below (Object.entries loses the key type, hence the casts).
  const users = {} as Record<W, number>;
  const cookies = {} as Record<W, string>;
  for (const [who, s] of Object.entries(spec) as [W, PersonaSpec][]) {
    const u = await makeUser(t.db, { orgId: s.orgId, roles: [{ dialogueId: s.dialogueId, role: s.role }] });
    users[who] = u.id;
    cookies[who] = await loginCookie(t.app, u.email, u.password);
  }
  return { users, cookies };
}

/**
 * A problem-detail body without its `instance` (the request's random id): what a test may search for a figure
 * that must not leak. A random UUID contains a given 3-digit string about once in 140 answers.
 */
export function problemWithoutInstance(body: string): string {
  const { instance: _id, ...rest } = JSON.parse(body) as Record<string, unknown>;
  return JSON.stringify(rest);
}
