/**
 * A real server process, as an operator starts it (`passage start --port 0`, from the run's compiled bundle of
 * the CLI: test/cli.ts), with its output collected and awaited by pattern: for the tests of start-up, shutdown
 * and several servers on one database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Db, type DbKind } from '../src/db/connect';
import { REPO_ROOT } from '../src/shared/config';
import { CHILD_NODE_FLAGS, passageEntry } from './cli';

export interface Server {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

export function startServer(env: Record<string, string>): Server {
  const base = { ...process.env };
  for (const k of ['HOST', 'PORT', 'PASSAGE_DEMO_PASSWORD', 'PASSAGE_REQUIRE_2FA_ROLES', 'PASSAGE_DATA_DIR'])
    delete base[k];
  const child = spawn(process.execPath, [...CHILD_NODE_FLAGS, passageEntry(), 'start', '--port', '0'], {
    cwd: REPO_ROOT,
    env: { ...base, LOG_LEVEL: 'info', PASSAGE_DEMO: 'on', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (!m) return;
          finish();
          resolve(m);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${out.slice(-3000)}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        exited.then(() => {
          if (!out.match(pattern)) {
            finish();
            reject(new Error(`exited before ${pattern}; output:\n${out.slice(-3000)}`));
          }
        });
        check();
      });
    },
  };
}

/** An empty database the child process creates and seeds itself, and a way to read its jobs afterwards. */
export interface EmptyDatabase {
  env: Record<string, string>;
  open(): Promise<Db>;
  drop(): Promise<void>;
}

export async function emptyDatabase(kind: DbKind): Promise<EmptyDatabase> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'passage-start-'));
    return {
      env: { PASSAGE_DATA_DIR: dir, DATABASE_URL: '' },
      open: () => connect({ dataDir: dir }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = inject('postgresUrl')!;
  const name = `passage_start_${randomBytes(6).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  return {
    env: { DATABASE_URL: url },
    open: () => connect({ databaseUrl: url }),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Logs in over real HTTP (POST /api/auth/login) and returns the Cookie header of the new session. */
export async function logInOverHttp(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
