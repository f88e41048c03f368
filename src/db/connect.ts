import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { Sql } from 'sql-template-tag';
import { DataDirInUseError, lockDataDir } from './data-dir-lock';
import { DurableNodeFS, durableStartParams, removeStaleLockFile, syncDataDir } from './pglite-durable';
import { stopGuard } from './pglite-stop';
import {
  formatLsn,
  lagSeconds,
  type PrimarySample,
  parseLsn,
  type Reader,
  type ReplicaHealth,
  type ReplicaOptions,
  readAfterOf,
  routeRead,
  WriteMarks,
} from './read-replica';

/** Something that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(q: Sql): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations only). */
  exec(script: string): Promise<void>;
  /**
   * Bulk-loads rows with COPY. `statement(source)` returns the COPY statement reading from `source`, e.g.
   * `(from) => \`COPY t (a, b) FROM ${from} (FORMAT csv)\``. Every chunk must end on a row boundary: native
   * PostgreSQL streams all chunks through one `COPY … FROM STDIN`; PGlite runs one `COPY … FROM '/dev/blob'`
   * per chunk, so memory stays at about one chunk.
   */
  copyFrom(statement: (source: string) => string, chunks: AsyncIterable<Uint8Array>): Promise<void>;
}

export type DbKind = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly kind: DbKind;
  /**
   * Runs fn in one transaction; rolls back if it throws. `settings` are set transaction-locally
   * (set_config(name, value, true), e.g. 'role' and the row-level security ids) in the same round trip as
   * BEGIN, which matters for short requests: one statement instead of three.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, settings?: TransactionSettings): Promise<T>;
  /**
   * A read-only use case (dashboards, public data, search), as `transaction` with the same settings: on the
   * read replica (ConnectOptions.readReplica) when it is current for `reader` (src/db/read-replica.ts),
   * otherwise, or if the replica fails during the read, on the primary. Without a replica: `transaction`.
   */
  read<T>(fn: (tx: Queryable) => Promise<T>, settings?: TransactionSettings, reader?: Reader): Promise<T>;
  /**
   * With a read replica only: `reader` has just written (call after the commit); their reads stay on the
   * primary until the replica has replayed this. Returns the primary's WAL position, which the caller may
   * hand back on later requests (Reader.after) so that other servers honour it too.
   */
  noteWrite?(reader: string): Promise<string | undefined>;
  /** With a read replica only: its health at the last poll and the reads served by each side. */
  replicaStatus?(): ReplicaStatus;
  close(): Promise<void>;
  /**
   * PGlite only: the whole data directory as a tarball, e.g. a migrated template that test databases start
   * from (`ConnectOptions.loadDataDir`) instead of running initdb and the migrations again.
   */
  dumpDataDir?(): Promise<Blob>;
  /** Native PostgreSQL only: this server's connections (for the metrics). */
  poolStats?(): { total: number; idle: number; waiting: number };
  /**
   * Native PostgreSQL only: LISTEN on `channel` over a connection of its own (outside the pool), calling
   * `onPayload` for every NOTIFY; a lost connection is opened again after a second. Resolves once listening;
   * the returned function stops. Used to tell the other servers on the same database to drop their caches.
   */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

export interface ReplicaStatus extends ReplicaHealth {
  maxLagSeconds: number;
  reads: { replica: number; primary: number };
}

/** Transaction-local configuration parameters (name → value). */
export type TransactionSettings = Readonly<Record<string, string>>;

/**
 * `SELECT set_config(…, true), …` with the values as quoted literals: it rides in one simple-protocol message
 * with BEGIN, which cannot carry bind parameters. Names are checked, values quoted ('' doubled; the
 * connection uses standard_conforming_strings, so backslashes are literal).
 */
export function settingsStatement(settings: TransactionSettings): string {
  const quote = (v: string) => `'${v.replaceAll("'", "''")}'`;
  const calls = Object.entries(settings).map(([name, value]) => {
    if (!/^[a-z_][a-z0-9_.]*$/.test(name)) throw new Error(`Invalid setting name: ${name}`);
    if (value.includes('\0')) throw new Error(`Invalid value for setting ${name}`);
    return `set_config(${quote(name)}, ${quote(value)}, true)`;
  });
  return `SELECT ${calls.join(', ')}`;
}

export class DatabaseStartupError extends Error {}

// Same JS types from both drivers: int8/numeric as numbers (counts fit), dates as 'YYYY-MM-DD' strings.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (v: string) => Number(v);
const keepString = (v: string) => v;

export interface ConnectOptions {
  /** postgres://… for native PostgreSQL; otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined = in memory. */
  dataDir?: string | undefined;
  /** PGlite: start from this dumped data directory (see Db.dumpDataDir) instead of an empty database. */
  loadDataDir?: Blob | undefined;
  /**
   * PGlite: shared_buffers (e.g. '16MB'); default PostgreSQL's 128MB. WASM PostgreSQL zeroes the whole buffer
   * pool on every start, about half of a start's CPU: the test suite's many small databases use 16MB.
   */
  sharedBuffers?: string | undefined;
  /** Native PostgreSQL: a streaming standby for Db.read (DATABASE_READ_URL, read-replica.ts). */
  readReplica?: ReplicaOptions | undefined;
}

/** The connection settings of the configuration (src/shared/config.ts): the server's and the CLI's. */
export function connectOptionsOf(config: {
  databaseUrl: string | undefined;
  dataDir: string;
  pgliteSharedBuffers?: string | undefined;
}): ConnectOptions {
  return {
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    sharedBuffers: config.pgliteSharedBuffers,
  };
}

export async function connect(opts: ConnectOptions): Promise<Db> {
  if (opts.readReplica && !opts.databaseUrl)
    throw new DatabaseStartupError(
      'DATABASE_READ_URL is set but DATABASE_URL is not: a read replica needs native PostgreSQL as the primary.',
    );
  return opts.databaseUrl ? connectPostgres(opts.databaseUrl, opts.readReplica) : connectPglite(opts);
}

async function connectPglite({ dataDir, loadDataDir, sharedBuffers }: ConnectOptions): Promise<Db> {
  if (dataDir) ensureWritableDir(dataDir);
  // One process per data directory (src/db/data-dir-lock.ts): a second one would corrupt it.
  let unlock = () => {};
  if (dataDir) {
    try {
      unlock = lockDataDir(resolve(dataDir));
    } catch (e) {
      if (e instanceof DataDirInUseError) throw new DatabaseStartupError(e.message);
      throw e;
    }
  }
  const parsers = { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: keepString };
  const startParams = [
    // A data directory on disk: commits are flushed (src/db/pglite-durable.ts); in memory nothing can be.
    ...(dataDir ? durableStartParams() : PGlite.defaultStartParams),
    ...(sharedBuffers ? ['-c', `shared_buffers=${sharedBuffers}`] : []),
    // In memory, a new WAL segment need not be zero-filled: the in-memory file grew to 16 MB in steps of an
    // eighth, each a copy (~0.15 s of CPU per start of a copied test database, which makes one). Old segments
    // are removed at a checkpoint instead of kept for reuse, so a dump holds only the current one.
    ...(dataDir ? [] : ['-c', 'wal_init_zero=off', '-c', 'wal_recycle=off']),
  ];
  const dir = dataDir ? resolve(dataDir) : undefined;
  const isNewDir = dir !== undefined && !existsSync(join(dir, 'PG_VERSION'));
  let db: PGlite;
  try {
    if (dir) removeStaleLockFile(dir);
    db = await PGlite.create({
      ...(dir ? { dataDir: dir, fs: new DurableNodeFS(dir) } : {}),
      parsers,
      // Without effect on a directory on Node (NodeFS flushes nothing itself): DurableNodeFS does.
      relaxedDurability: false,
      // Trigram similarity for the search's typo fallback (migration 0032, src/modules/search).
      extensions: { pg_trgm },
      ...(loadDataDir ? { loadDataDir } : {}),
      startParams,
    });
    // A new directory was unpacked through the file system without flushes: flush it once, so that a power
    // cut after the first start cannot leave it half there.
    if (isNewDir) syncDataDir(dir);
  } catch (e) {
    unlock();
    throw e;
  }
  const guard = stopGuard();
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    query<R>(s: Sql) {
      return guard.run(async () => (await q.query<R>(s.text, s.values)).rows);
    },
    exec(script: string) {
      return guard.run(async () => {
        await q.exec(script);
      });
    },
    copyFrom: (statement, chunks) => guard.run(() => copyInto(q, statement, chunks)),
  });
  const copyInto = async (
    q: Pick<PGlite, 'query' | 'exec'>,
    statement: Parameters<Queryable['copyFrom']>[0],
    chunks: Parameters<Queryable['copyFrom']>[1],
  ): Promise<void> => {
    const text = statement(`'/dev/blob'`);
    // COPY FROM '/dev/blob' counts as reading a server file, which only a superuser may do: run it as the
    // session user (the embedded superuser) and go back to the transaction's role (withActor) afterwards.
    const [who] = (
      await q.query<{ role: string; session: string }>('SELECT current_user AS role, session_user AS session')
    ).rows;
    const role = who && who.role !== who.session ? who.role : undefined;
    if (role) await q.exec('RESET ROLE');
    let failed = true;
    try {
      for await (const chunk of chunks)
        if (chunk.length) await q.query(text, [], { blob: new Blob([chunk]) });
      failed = false;
    } finally {
      if (role && !failed) await q.exec(`SET LOCAL ROLE "${role.replaceAll('"', '""')}"`);
    }
  };
  const transaction: Db['transaction'] = (fn, settings) =>
    guard.run(() =>
      db.transaction(async (tx) => {
        if (settings && Object.keys(settings).length > 0) await tx.exec(settingsStatement(settings));
        return fn(wrap(tx));
      }),
    );
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction,
    read: (fn, settings) => transaction(fn, settings),
    close: async () => {
      try {
        // A stopped engine never answers again (src/db/pglite-stop.ts): leave it, release the directory.
        if (!guard.stopped()) await db.close();
      } finally {
        unlock();
      }
    },
    // 'none': no gzip, which costs more time than the test templates' size saves.
    dumpDataDir: () => guard.run(() => db.dumpDataDir('none')),
  };
}

function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new DatabaseStartupError(
      `Data directory ${resolve(dir)} is not writable (${reason}). Set PASSAGE_DATA_DIR to a writable directory.`,
    );
  }
}

const pgTypes = {
  getTypeParser: (oid: number, format?: string) => {
    if (oid === INT8 || oid === NUMERIC) return toNumber;
    if (oid === DATE) return keepString;
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloaded signature does not accept a plain string format
    return pg.types.getTypeParser(oid, format as any);
  },
};

const poolSize = () => Number(process.env.PASSAGE_DB_POOL ?? 10);

/** Runs fn in one transaction on a connection of `pool` (Db.transaction for native PostgreSQL). */
async function transactionOn<T>(
  pool: pg.Pool,
  wrap: (c: pg.PoolClient) => Queryable,
  fn: (tx: Queryable) => Promise<T>,
  settings: TransactionSettings | undefined,
): Promise<T> {
  const client = await pool.connect();
  try {
    const hasSettings = settings && Object.keys(settings).length > 0;
    await client.query(hasSettings ? `BEGIN; ${settingsStatement(settings)}` : 'BEGIN');
    const result = await fn(wrap(client));
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

async function connectPostgres(url: string, replicaOptions?: ReplicaOptions): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize(), types: pgTypes });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing the process
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => {});
    throw new DatabaseStartupError(
      `Cannot connect to DATABASE_URL (${redact(url)}): ${(e as Error).message}. Check that PostgreSQL is running and the URL is right, or unset DATABASE_URL to use the embedded database.`,
    );
  }
  const copyWith = async (
    c: pg.PoolClient,
    statement: (source: string) => string,
    chunks: AsyncIterable<Uint8Array>,
  ) => {
    await pipeline(Readable.from(chunks, { objectMode: false }), c.query(copyFromStdin(statement('STDIN'))));
  };
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(s: Sql) {
      return (await c.query(s.text, s.values)).rows as R[];
    },
    async exec(script: string) {
      await c.query(script);
    },
    async copyFrom(statement, chunks) {
      if (!(c instanceof pg.Pool)) return copyWith(c, statement, chunks);
      const client = await c.connect();
      try {
        await copyWith(client, statement, chunks);
      } finally {
        client.release();
      }
    },
  });
  const transaction: Db['transaction'] = (fn, settings) => transactionOn(pool, wrap, fn, settings);
  const replica = replicaOptions ? openReplica(pool, replicaOptions) : undefined;
  if (replica) await replica.poll();
  return {
    kind: 'postgres',
    ...wrap(pool),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    transaction,
    read: (fn, settings, reader) =>
      replica ? replica.read(fn, settings, reader, transaction) : transaction(fn, settings),
    ...(replica
      ? {
          noteWrite: (reader: string) => replica.noteWrite(reader),
          replicaStatus: () => replica.status(),
        }
      : {}),
    listen: (channel, onPayload) => listenOn(url, channel, onPayload),
    close: async () => {
      await replica?.close();
      await pool.end();
    },
  };
}

/** Errors that say the replica itself is gone (connection, shutdown, resources), not this one query. */
function isReplicaDown(e: unknown): boolean {
  if (!(e instanceof pg.DatabaseError)) return true; // refused, reset, timed out, terminated
  const code = e.code ?? '';
  return code.startsWith('08') || code.startsWith('57P') || code.startsWith('53');
}

/** At most this many primary WAL samples are kept for the lag (10 minutes at the default poll). */
const MAX_SAMPLES = 600;

/**
 * The read replica of a native PostgreSQL Db: its own pool, a poller measuring its lag against the primary,
 * the readers' write marks, and Db.read's routing (src/db/read-replica.ts).
 */
function openReplica(primary: pg.Pool, opts: ReplicaOptions) {
  const replica = new pg.Pool({
    connectionString: opts.url,
    max: poolSize(),
    types: pgTypes,
    // An unreachable replica must cost a read little before it falls back to the primary.
    connectionTimeoutMillis: 2000,
  });
  replica.on('error', () => {});
  const wrap = (c: pg.PoolClient, failures: unknown[]): Queryable => ({
    async query<R>(s: Sql) {
      try {
        return (await c.query(s.text, s.values)).rows as R[];
      } catch (e) {
        failures.push(e);
        throw e;
      }
    },
    async exec(script: string) {
      try {
        await c.query(script);
      } catch (e) {
        failures.push(e);
        throw e;
      }
    },
    copyFrom() {
      return Promise.reject(new Error('COPY FROM on the read replica: a read use case does not write'));
    },
  });
  let health: ReplicaHealth = {
    state: 'starting',
    lagSeconds: null,
    lagBytes: null,
    replayed: null,
    detail: 'not measured yet',
  };
  const down = (e: unknown): ReplicaHealth => ({
    state: 'down',
    lagSeconds: null,
    lagBytes: null,
    replayed: null,
    detail: `unreachable: ${e instanceof Error ? e.message : String(e)}`,
  });
  const samples: PrimarySample[] = [];
  const marks = new WriteMarks();
  const reads = { replica: 0, primary: 0 };
  let isPolling = false;
  const poll = async () => {
    if (isPolling) return;
    isPolling = true;
    try {
      try {
        const [p] = (await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows;
        if (p) samples.push({ at: Date.now(), lsn: parseLsn(p.lsn) });
        if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
      } catch {
        // The primary is unreachable: the lag is measured against the last position read.
      }
      try {
        const [r] = (
          await replica.query<{ standby: boolean; lsn: string | null }>(
            'SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn',
          )
        ).rows;
        if (!r?.standby || r.lsn === null) {
          health = {
            ...down(undefined),
            detail: r?.standby
              ? 'the standby has replayed nothing yet'
              : 'not a standby (pg_is_in_recovery() is false): reads stay on the primary',
          };
          return;
        }
        const replayed = parseLsn(r.lsn);
        const lag = lagSeconds(samples, replayed, Date.now());
        const latest = samples.at(-1)?.lsn ?? replayed;
        // Samples the replica has replayed are no longer needed, apart from the latest (the lag's baseline).
        while (samples.length > 1 && samples[0] && samples[0].lsn <= replayed) samples.shift();
        marks.replayedUpTo(replayed);
        health = {
          state: lag > opts.maxLagSeconds ? 'lagging' : 'streaming',
          lagSeconds: Math.round(lag * 1000) / 1000,
          lagBytes: Number(latest > replayed ? latest - replayed : 0n),
          replayed,
          detail: `replayed ${formatLsn(replayed)}, ${lag.toFixed(1)} s behind (bound ${opts.maxLagSeconds} s)`,
        };
      } catch (e) {
        health = down(e);
      }
    } finally {
      isPolling = false;
    }
  };
  const timer = setInterval(() => void poll(), opts.pollMs);
  timer.unref();

  /** fn on the replica; `{ ok: false }` when a query there failed (then the primary answers instead). */
  const onReplica = async <T>(
    fn: (tx: Queryable) => Promise<T>,
    settings: TransactionSettings | undefined,
  ): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> => {
    let client: pg.PoolClient;
    try {
      client = await replica.connect();
    } catch (e) {
      return { ok: false, error: e };
    }
    const failures: unknown[] = [];
    let isBroken = false;
    // A standby that goes away while this client is checked out ends its connection: pg emits that as an
    // 'error' event, which must not crash the process (the query in flight fails and the primary answers).
    const onLost = (e: unknown) => {
      isBroken = true;
      failures.push(e);
    };
    client.on('error', onLost);
    try {
      const hasSettings = settings && Object.keys(settings).length > 0;
      const begin = 'BEGIN TRANSACTION READ ONLY';
      try {
        await client.query(hasSettings ? `${begin}; ${settingsStatement(settings)}` : begin);
      } catch (e) {
        failures.push(e);
        throw e;
      }
      const value = await fn(wrap(client, failures));
      await client.query('COMMIT');
      return { ok: true, value };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {
        isBroken = true;
      });
      // The use case's own error (not found, bad input): the primary would say the same.
      if (failures.length === 0) throw e;
      isBroken ||= isReplicaDown(e);
      return { ok: false, error: e };
    } finally {
      client.off('error', onLost);
      client.release(isBroken);
    }
  };

  return {
    poll,
    async read<T>(
      fn: (tx: Queryable) => Promise<T>,
      settings: TransactionSettings | undefined,
      reader: Reader | undefined,
      onPrimary: Db['transaction'],
    ): Promise<T> {
      const route = routeRead(health, opts.maxLagSeconds, readAfterOf(marks, reader));
      if (route.target === 'replica') {
        const r = await onReplica(fn, settings);
        if (r.ok) {
          reads.replica++;
          return r.value;
        }
        if (isReplicaDown(r.error)) health = down(r.error);
      }
      reads.primary++;
      return onPrimary(fn, settings);
    },
    async noteWrite(reader: string): Promise<string | undefined> {
      const [row] = (await primary.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn'))
        .rows;
      if (!row) return undefined;
      marks.note(reader, parseLsn(row.lsn));
      return row.lsn;
    },
    status: (): ReplicaStatus => ({ ...health, maxLagSeconds: opts.maxLagSeconds, reads: { ...reads } }),
    async close() {
      clearInterval(timer);
      await replica.end().catch(() => {});
    },
  };
}

/** Db.listen for native PostgreSQL: one client that LISTENs, reconnecting after a lost connection. */
async function listenOn(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
): Promise<() => Promise<void>> {
  let isStopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const open = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel) onPayload(n.payload ?? '');
    });
    c.on('error', () => reopen(c));
    c.on('end', () => reopen(c));
    await c.connect();
    await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = c;
  };
  const reopen = (lost?: pg.Client) => {
    if (isStopped || retry) return;
    if (lost && client && client !== lost) return; // an older client's late event: a newer one listens
    client = undefined;
    lost?.end().catch(() => {});
    retry = setTimeout(() => {
      retry = undefined;
      open().catch(() => reopen());
    }, 1000);
    retry.unref();
  };
  await open();
  return async () => {
    isStopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
