import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/connect';
import type { MaybeActor } from '../shared/actor';

/** What a service needs to do its work: the database, who is acting, a logger. No HTTP types. */
export interface Ctx {
  db: Db;
  actor: MaybeActor;
  log: FastifyBaseLogger;
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx;
  }
}
