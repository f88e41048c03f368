import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from '../src/shared/config';
import { buildCliBundle } from './cli-bundle';
import { findPostgresBinDir, type NativeCluster, startNativeCluster } from './native-postgres';
import { buildPostgresTemplate } from './templates';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    /** Dumped data directory of a migrated PGlite database (test/templates.ts). */
    pgliteTemplate: string;
    /** Migrated template database on the native cluster, when there is one. */
    postgresTemplate: string | null;
    /** Entry of the run's compiled `passage` command (test/cli-bundle.ts). */
    cliBundle: string;
  }
}

let cluster: NativeCluster | undefined;

/** The PGlite template, built by a child process (test/build-pglite-template.ts) alongside the rest of the set-up. */
function buildPgliteTemplateAside(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--liftoff-only', '--import', 'tsx', 'test/build-pglite-template.ts', TEMPLATES],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 && out ? resolve(out.trim()) : reject(new Error(`PGlite template: exit ${code}\n${err}`)),
    );
  });
}

const TEMPLATES = '.tmp/test-templates';
const CLI_BUNDLES = resolve(REPO_ROOT, '.tmp/cli-bundle');
/** This run's compiled CLI (test/cli-bundle.ts). */
const RUN_CLI_BUNDLE = join(CLI_BUNDLES, String(process.pid));

/** Removes the entries of `dir` that `select` names and that nothing touched for a day. */
function removeDayOld(dir: string, select: (name: string, path: string) => boolean): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    const path = resolve(dir, f);
    if (select(f, path) && Date.now() - statSync(path).mtimeMs > 86_400_000)
      rmSync(path, { recursive: true, force: true });
  }
}

/**
 * What the PGlite template is made of: the engine (its version in package-lock.json), the database code and
 * migrations (src/db), the reference data and its code (src/reference, src/modules/reference) and the template
 * builder. A template made from the same files is the same database: it is kept between runs under this key.
 */
function pgliteTemplateKey(): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    if (statSync(path).isDirectory()) {
      // Test files make no part of it.
      for (const e of readdirSync(path).sort())
        if (e !== 'tests' && !e.endsWith('.test.ts')) add(join(path, e));
      return;
    }
    hash.update(relative(REPO_ROOT, path));
    hash.update(readFileSync(path));
  };
  for (const p of [
    'package-lock.json',
    'src/db',
    'src/reference',
    'src/modules/reference',
    'test/templates.ts',
    'test/build-pglite-template.ts',
  ])
    add(join(REPO_ROOT, p));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The run's PGlite template: the one kept from an earlier run of the same files, or a new one (built aside,
 * see buildPgliteTemplateAside), which replaces older ones.
 */
async function pgliteTemplateFile(): Promise<string> {
  const kept = resolve(TEMPLATES, `pglite-${pgliteTemplateKey()}.tar`);
  if (existsSync(kept)) {
    // Marked as in use: another run started meanwhile (say, of other sources) must not remove it.
    const now = new Date();
    utimesSync(kept, now, now);
    return kept;
  }
  const built = await buildPgliteTemplateAside();
  renameSync(built, kept);
  // Templates of other sources go once no run has started on them for a day (a run may read its template
  // until its end: the XLSX memory test's child process does).
  removeDayOld(TEMPLATES, (f, path) => f.startsWith('pglite-') && path !== kept);
  return kept;
}

/** The suite runs on PGlite always, and on native PostgreSQL when TEST_DATABASE_URL is set or binaries are found. */
export async function setup(project: TestProject) {
  mkdirSync(TEMPLATES, { recursive: true });
  const pgliteBuild = pgliteTemplateFile();
  // One directory per run (two runs at once must not replace each other's files); those of runs that ended
  // without their teardown (killed) go after a day.
  removeDayOld(CLI_BUNDLES, () => true);
  const cliBuild = buildCliBundle(RUN_CLI_BUNDLE);
  // Settled in any case, so a failing cluster start does not leave an unhandled rejection behind.
  pgliteBuild.catch(() => {});
  cliBuild.catch(() => {});
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
  // The native one is built once per run, the PGlite one when its files changed: a changed migration is
  // always in them.
  project.provide('postgresTemplate', url ? await buildPostgresTemplate(url) : null);
  project.provide('pgliteTemplate', await pgliteBuild);
  project.provide('cliBundle', await cliBuild);
}

export async function teardown() {
  cluster?.stop();
  rmSync(RUN_CLI_BUNDLE, { recursive: true, force: true });
}
