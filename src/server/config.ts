import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IdentityConfig, readIdentityConfig } from './identity-config';

/** Every setting Passage reads from the environment, in one place (documented in the README). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Seed the demo dialogue into a fresh database: default on for the embedded database, off for DATABASE_URL. */
  seedDemo: boolean;
  logLevel: string;
  webDir: string;
  /** Two-factor requirement and single sign-on (identity-config.ts). */
  identity: IdentityConfig;
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  const demo = env.PASSAGE_DEMO;
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir: resolve(env.PASSAGE_DATA_DIR ?? 'data'),
    seedDemo: demo === undefined ? !databaseUrl : ['1', 'on', 'true', 'yes'].includes(demo),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDir: env.PASSAGE_WEB_DIR ?? join(REPO_ROOT, 'web/dist'),
    identity: readIdentityConfig(env),
  };
}
