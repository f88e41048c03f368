/**
 * Starts and stops a throwaway native PostgreSQL cluster (initdb + pg_ctl in a temp dir) for the test suite
 * and the benchmarks. Runs the server as the `postgres` OS user when we are root, since initdb refuses root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NativeCluster {
  url: string;
  version: string;
  stop(): void;
}

export function findPostgresBinDir(): string | undefined {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin/initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

/** A TCP port nobody listens on right now (for a server the test starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** A streaming standby of a cluster (startStandby): hot, read-only, on its own loopback port. */
export interface Standby {
  /** postgres://… of the standby's `postgres` database (replace the path for another database). */
  url: string;
  /** Stops the standby's postmaster (fast shutdown): connections to it are refused from then on. */
  stop(): void;
  /** Stops it if it runs, and removes its data directory. */
  remove(): void;
}

/** Runs a PostgreSQL binary, as the `postgres` OS user when we are root (initdb and postgres refuse root). */
function runPg(bin: string, cmd: string, args: string[]): string {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot
    ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]]
    : [join(bin, cmd), args];
  const r = spawnSync(file, argv as string[], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/**
 * A streaming replica of the cluster at `primaryUrl` (on this machine, reachable by TCP with trust
 * authentication, as startNativeCluster's): `pg_basebackup -R` into a temp dir, then a second postmaster on
 * another loopback port in hot standby, replaying what the primary streams.
 */
export async function startStandby(primaryUrl: string): Promise<Standby> {
  const bin = findPostgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'passage-standby-'));
  const dataDir = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o755);
  const primary = new URL(primaryUrl);
  // -R writes standby.signal and primary_conninfo; -X stream copies the WAL of the backup alongside.
  runPg(bin, 'pg_basebackup', [
    '-d',
    `host=${primary.hostname} port=${primary.port} user=${decodeURIComponent(primary.username) || 'postgres'}`,
    '-D',
    dataDir,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  const port = await freePort();
  const opts = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c hot_standby=on',
    '-c fsync=off',
    // A standby needs at least the primary's max_connections (startNativeCluster sets 200).
    '-c max_connections=200',
    // Poll the primary's stream often: the tests wait for the replica to catch up.
    '-c wal_receiver_status_interval=1s',
  ].join(' ');
  let isRunning = false;
  const stop = () => {
    if (!isRunning) return;
    isRunning = false;
    runPg(bin, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  };
  try {
    runPg(bin, 'pg_ctl', ['-D', dataDir, '-o', opts, '-l', join(dir, 'standby.log'), '-w', 'start']);
    isRunning = true;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    remove() {
      try {
        stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export async function startNativeCluster(extraSettings: string[] = []): Promise<NativeCluster> {
  const bin = findPostgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'passage-pg-'));
  const dataDir = join(dir, 'data');
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o755);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = isRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]]
      : [join(bin, cmd), args];
    const r = spawnSync(file, argv as string[], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const opts = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
    ...extraSettings.map((s) => `-c ${s}`),
  ].join(' ');
  run('pg_ctl', ['-D', dataDir, '-o', opts, '-l', join(dir, 'server.log'), '-w', 'start']);
  const version = run('postgres', ['--version']).trim();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    stop() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
