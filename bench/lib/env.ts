/**
 * What benchmarks share in one run: the scale, a temp directory, one throwaway native PostgreSQL cluster
 * (started on first use) and the demo data files generated once per run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DemoScale } from '../../src/demo/scale';
import { type NativeCluster, startNativeCluster } from '../../test/native-postgres';
import type { Reporter } from './report';

/** Server settings of the benchmark cluster (the test helper adds fsync=off, synchronous_commit=off). */
export const NATIVE_SETTINGS = [
  'shared_buffers=1GB',
  'work_mem=64MB',
  'maintenance_work_mem=512MB',
  'effective_cache_size=8GB',
  'max_wal_size=8GB',
  'checkpoint_timeout=30min',
  'jit=off',
];

export class BenchEnv {
  readonly tmp = mkdtempSync(join(tmpdir(), 'passage-bench-'));
  private cluster: Promise<NativeCluster> | undefined;
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly closers: (() => Promise<unknown>)[] = [];

  constructor(
    readonly scale: DemoScale,
    readonly reporter: Reporter,
  ) {}

  /** The native cluster, started on first use; its version goes into the machine facts. */
  native(): Promise<NativeCluster> {
    this.cluster ??= startNativeCluster(NATIVE_SETTINGS).then((c) => {
      this.reporter.machine.postgres.native = c.version;
      return c;
    });
    return this.cluster;
  }

  /** A new, empty database on the native cluster; returns its URL. */
  async createNativeDatabase(name: string): Promise<string> {
    const { url } = await this.native();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return url.replace(/\/[^/]*$/, `/${name}`);
  }

  /** A fresh directory for a PGlite database. */
  pgliteDir(name: string): string {
    const dir = join(this.tmp, `pglite-${name}`);
    rmSync(dir, { recursive: true, force: true });
    return dir;
  }

  /** Computes a value once per run (data files, loaded databases) and shares it between benchmarks. */
  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      this.cache.set(key, p);
    }
    return p;
  }

  /** Runs fn when the run ends (close databases), before the cluster stops. */
  onClose(fn: () => Promise<unknown>): void {
    this.closers.push(fn);
  }

  async close(): Promise<void> {
    for (const fn of this.closers.reverse()) await fn().catch(() => {});
    if (this.cluster) (await this.cluster.catch(() => undefined))?.stop();
    rmSync(this.tmp, { recursive: true, force: true });
  }
}
