import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DbKind } from '../src/db/connect';
import { buildApp } from '../src/server/app';
import { createTestDb, type TestDb } from './databases';

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
  return cookieHeader(res);
}

export function cookieHeader(res: LightMyRequestResponse): string {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
