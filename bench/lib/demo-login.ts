/**
 * Logs a demo account in through the app itself, as the benchmarks' member-facing calls need: the session
 * cookie for `app.inject` and the actor for the same query run bare (the API-vs-SQL ratios).
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/connect';
import { actorFromSessionToken } from '../../src/modules/identity/auth/auth.service';
import type { Actor } from '../../src/shared/actor';
import { BENCH_DEMO_PASSWORD } from './demo-data';

export async function loginDemoUser(
  app: FastifyInstance,
  db: Db,
  email: string,
): Promise<{ cookie: string; actor: Actor }> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: BENCH_DEMO_PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  const token = login.cookies.find((c) => c.name === 'passage_session')!.value;
  const session = await actorFromSessionToken(db, token);
  if (!session) throw new Error(`no session for ${email}`);
  return { cookie: `passage_session=${token}`, actor: session.actor };
}
