import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ReplicaOptions, readReplicaOptions } from '../db/read-replica';
import { type IdentityConfig, readIdentityConfig } from './identity-config';
import { type ResponseCacheOptions, readResponseCacheOptions } from './response-cache';

/** Every setting Passage reads from the environment, in one place (documented in the README). */
export interface Config {
  port: number;
  /** HOST; unset: 127.0.0.1 while the database holds the demo dialogue, else 0.0.0.0 (see listen-host.ts). */
  host: string | undefined;
  databaseUrl: string | undefined;
  /**
   * DATABASE_READ_URL (+ PASSAGE_READ_MAX_LAG_SECONDS, PASSAGE_READ_POLL_MS): a streaming standby of
   * DATABASE_URL for the server's read-only use cases (src/db/read-replica.ts, docs/scaling.md).
   */
  readReplica: ReplicaOptions | undefined;
  dataDir: string;
  /**
   * PASSAGE_PGLITE_SHARED_BUFFERS: the embedded database's buffer pool, e.g. `64MB` (default PostgreSQL's
   * 128MB). A smaller pool starts faster (it is zeroed at each start) and holds less of the data in memory.
   */
  pgliteSharedBuffers: string | undefined;
  /** Seed the demo dialogue into a fresh database: default on for the embedded database, off for DATABASE_URL. */
  seedDemo: boolean;
  /**
   * PASSAGE_DEMO_PASSWORD: one password for every demo account, for tests and scripted demos that must log
   * in without reading the terminal. Never defaulted: unset, each demo account gets a random password.
   */
  demoPassword: string | undefined;
  logLevel: string;
  webDir: string;
  /** Two-factor requirement and single sign-on (identity-config.ts). */
  identity: IdentityConfig;
  /** Outgoing e-mail of alert subscriptions (src/modules/alerts). */
  mail: MailConfig;
  /**
   * The response cache of the read-only endpoints (src/shared/response-cache.ts; docs/scaling.md): null when
   * PASSAGE_RESPONSE_CACHE=off; PASSAGE_RESPONSE_CACHE_MS, …_MAX_ENTRIES, …_MAX_MIB bound it.
   */
  responseCache: ResponseCacheOptions | null;
}

/**
 * E-mail of alert subscriptions (docs/alerts-and-reports.md):
 * - PASSAGE_SMTP_URL: the SMTP server, e.g. `smtp://user:pass@mail.example.org:587` or `smtps://…:465`
 *   (nodemailer URL syntax). Unset: e-mail deliveries fail with "SMTP is not configured", are shown to the
 *   dialogue's secretariat and retried, so nothing is lost once it is set.
 * - PASSAGE_MAIL_FROM: the sender, default `Passage <passage@localhost>`.
 * - PASSAGE_PUBLIC_URL: the address users reach Passage at (links in e-mails and webhooks), e.g.
 *   `https://passage.example.org`; unset: links are paths only.
 */
export interface MailConfig {
  smtpUrl: string | undefined;
  from: string;
  publicUrl: string | undefined;
}

export function readMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  return {
    smtpUrl: env.PASSAGE_SMTP_URL || undefined,
    from: env.PASSAGE_MAIL_FROM || 'Passage <passage@localhost>',
    publicUrl: env.PASSAGE_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
  };
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  const demo = env.PASSAGE_DEMO;
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST || undefined,
    databaseUrl,
    readReplica: readReplicaOptions(env),
    dataDir: resolve(env.PASSAGE_DATA_DIR ?? 'data'),
    pgliteSharedBuffers: readSize(env, 'PASSAGE_PGLITE_SHARED_BUFFERS'),
    seedDemo: demo === undefined ? !databaseUrl : ['1', 'on', 'true', 'yes'].includes(demo),
    demoPassword: env.PASSAGE_DEMO_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    webDir: env.PASSAGE_WEB_DIR ?? join(REPO_ROOT, 'web/dist'),
    identity: readIdentityConfig(env),
    mail: readMailConfig(env),
    responseCache: readResponseCacheOptions(env),
  };
}

/** A PostgreSQL memory size setting such as `16MB`; a malformed one stops the start with its name. */
function readSize(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  if (!/^[1-9][0-9]*(kB|MB|GB)$/.test(value))
    throw new Error(`${name}: expected a size such as 64MB (kB, MB or GB), got "${value}"`);
  return value;
}

/** Per-IP limit of POST /api/auth/login (PASSAGE_LOGIN_RATE_LIMIT per minute, default 30). */
export function loginRateLimit() {
  return { max: Number(process.env.PASSAGE_LOGIN_RATE_LIMIT ?? 30), timeWindow: 60_000 };
}

/** Per-IP limit of the public data API (portal, SDMX): PASSAGE_PUBLIC_RATE_LIMIT per minute, default 600. */
export function publicRateLimit() {
  return { max: Number(process.env.PASSAGE_PUBLIC_RATE_LIMIT ?? 600), timeWindow: 60_000 };
}
