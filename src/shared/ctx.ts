import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/connect';
import type { MaybeActor } from './actor';
import type { Locale } from './locales';

/** What a service needs to do its work: the database, who is acting, a logger. No HTTP types. */
export interface Ctx {
  db: Db;
  actor: MaybeActor;
  log: FastifyBaseLogger;
  /** The caller's address (for the audit log); absent outside HTTP requests. */
  ip?: string | null;
  /** The caller's language (src/shared/request-language.ts), for what a service words itself; absent: English. */
  language?: Locale;
  /**
   * The WAL position of the caller's last write, carried back in a cookie (src/server/plugins/auth.ts): a
   * read on the read replica waits for it (Db.read, read-your-writes across servers).
   */
  readAfter?: string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx;
  }
}
