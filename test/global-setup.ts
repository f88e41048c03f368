import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { findPostgresBinDir, type NativeCluster, startNativeCluster } from './native-postgres';
import { buildPgliteTemplate, buildPostgresTemplate } from './templates';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    /** Dumped data directory of a migrated PGlite database (test/templates.ts). */
    pgliteTemplate: string;
    /** Migrated template database on the native cluster, when there is one. */
    postgresTemplate: string | null;
  }
}

let cluster: NativeCluster | undefined;
let pgliteTemplate: string | undefined;

/** The suite runs on PGlite always, and on native PostgreSQL when TEST_DATABASE_URL is set or binaries are found. */
export async function setup(project: TestProject) {
  let url: string | null = process.env.TEST_DATABASE_URL ?? null;
  if (!url && process.env.PASSAGE_TEST_POSTGRES !== 'off' && findPostgresBinDir()) {
    cluster = await startNativeCluster();
    url = cluster.url;
    // An interrupted run (Ctrl-C, a CI time-out) must not leave a server behind.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        cluster?.stop();
        process.exit(130);
      });
    }
    console.log(`test databases: PGlite and native ${cluster.version} (throwaway cluster)`);
  } else if (!url) {
    console.log(
      'test databases: PGlite only (no PostgreSQL server binaries found; set TEST_DATABASE_URL to add one)',
    );
  }
  project.provide('postgresUrl', url);
  // Built once per run, so a changed migration is always in them.
  pgliteTemplate = await buildPgliteTemplate();
  project.provide('pgliteTemplate', pgliteTemplate);
  project.provide('postgresTemplate', url ? await buildPostgresTemplate(url) : null);
}

export async function teardown() {
  cluster?.stop();
  if (pgliteTemplate) rmSync(pgliteTemplate, { force: true });
}
