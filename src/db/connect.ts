import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Sql } from 'sql-template-tag';

/** Something that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(q: Sql): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations only). */
  exec(script: string): Promise<void>;
}

export type DbKind = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly kind: DbKind;
  /** Runs fn in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
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
}

export async function connect(opts: ConnectOptions): Promise<Db> {
  return opts.databaseUrl ? connectPostgres(opts.databaseUrl) : connectPglite(opts.dataDir);
}

async function connectPglite(dataDir: string | undefined): Promise<Db> {
  if (dataDir) ensureWritableDir(dataDir);
  const parsers = { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: keepString };
  const db = await PGlite.create(dataDir ? resolve(dataDir) : undefined, {
    parsers,
    relaxedDurability: false,
  });
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<R>(s: Sql) {
      return (await q.query<R>(s.text, s.values)).rows;
    },
    async exec(script: string) {
      await q.exec(script);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
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

async function connectPostgres(url: string): Promise<Db> {
  const types = {
    getTypeParser: (oid: number, format?: string) => {
      if (oid === INT8 || oid === NUMERIC) return toNumber;
      if (oid === DATE) return keepString;
      // biome-ignore lint/suspicious/noExplicitAny: pg's overloaded signature does not accept a plain string format
      return pg.types.getTypeParser(oid, format as any);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PASSAGE_DB_POOL ?? 10), types });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing the process
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => {});
    throw new DatabaseStartupError(
      `Cannot connect to DATABASE_URL (${redact(url)}): ${(e as Error).message}. Check that PostgreSQL is running and the URL is right, or unset DATABASE_URL to use the embedded database.`,
    );
  }
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(s: Sql) {
      return (await c.query(s.text, s.values)).rows as R[];
    },
    async exec(script: string) {
      await c.query(script);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
