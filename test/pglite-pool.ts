/**
 * In-memory PGlite test databases are reused within a worker: a dropped database is emptied back to the
 * template's state and handed to the next test file, instead of closing it and starting a new engine from the
 * template's tarball. A start costs about 1.1 s of CPU (WASM PostgreSQL's start-up and the tarball's 47 MB
 * unpacked into its memory file system); the reset below about 0.3 s. About 120 PGlite databases are made in a
 * run of the suite.
 *
 * Why a reused database is as good as a new one:
 * - every table the template left empty is truncated (triggers off for it: the append-only audit log refuses a
 *   TRUNCATE), every sequence goes back to the template's value, and the session is reset (`DISCARD ALL`:
 *   settings, temporary tables, prepared statements, LISTEN, advisory locks);
 * - then a fingerprint of everything else — the catalog (tables, columns, defaults, indexes, constraints,
 *   triggers and whether they are enabled, policies, functions, types, grants, roles, databases and their
 *   settings, extensions, large objects), the rows of the tables the template filled (countries, the
 *   migrations) and the sequences — must equal the template's. A file that changed any of it (a migration
 *   test, a country edit) gets its database closed instead of reused;
 * - each lease is a new `Db` object: module caches keyed by the Db (WeakMaps in the services) start empty, and
 *   a dropped lease refuses every later call.
 */
import sql, { raw } from 'sql-template-tag';
import { connect, type Db, type Queryable, type TransactionSettings } from '../src/db/connect';
import type { Reader } from '../src/db/read-replica';

/** Set to 0 to start every test database from the tarball (e.g. to rule the pool out when a test fails). */
const POOLING = process.env.PASSAGE_TEST_PGLITE_POOL !== '0';

interface Template {
  tarball: Blob;
  /** Tables the template has rows in: kept, and part of the fingerprint. */
  filled: string[];
  fingerprint: string;
  /** setval arguments that put every sequence back as the template had it. */
  sequences: string;
}

let template: Template | undefined;
const idle: Db[] = [];

/** Everything a test could change besides the rows of the tables the template left empty. */
const FINGERPRINT = (filled: string[]) => sql`
  SELECT md5(string_agg(x, E'\\n' ORDER BY x)) AS fingerprint FROM (
    SELECT format('class %s %s %s %s %s %s %s', c.oid::regclass, c.relkind, c.relpersistence, c.relrowsecurity,
      c.relforcerowsecurity, c.relacl, c.reloptions) AS x
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
    UNION ALL SELECT format('column %s %s %s %s %s %s %s', a.attrelid::regclass, a.attname, a.atttypid::regtype,
      a.attnotnull, a.attisdropped, a.attidentity::text || a.attgenerated::text, pg_get_expr(d.adbin, d.adrelid))
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attnum > 0 AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
    UNION ALL SELECT format('index %s', indexdef) FROM pg_indexes
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
    UNION ALL SELECT format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      FROM pg_constraint WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
    UNION ALL SELECT format('trigger %s %s %s', tgrelid::regclass, tgname, tgenabled) FROM pg_trigger
      WHERE NOT tgisinternal
    UNION ALL SELECT format('policy %s %s %s %s %s %s', polrelid::regclass, polname, polcmd, polroles,
      pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid)) FROM pg_policy
    UNION ALL SELECT format('function %s %s %s %s %s %s', p.oid::regprocedure, md5(p.prosrc), p.proconfig,
      p.prosecdef, p.provolatile, p.proleakproof)
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    UNION ALL SELECT format('type %s', t.oid::regtype) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
    UNION ALL SELECT format('role %s %s %s %s %s', rolname, rolsuper, rolinherit, rolcanlogin, rolbypassrls)
      FROM pg_roles
    UNION ALL SELECT format('member %s %s', roleid, member) FROM pg_auth_members
    UNION ALL SELECT format('database %s %s', datname, datacl) FROM pg_database
    UNION ALL SELECT format('setting %s %s %s', setdatabase, setrole, setconfig) FROM pg_db_role_setting
    UNION ALL SELECT format('default acl %s', defaclacl) FROM pg_default_acl
    UNION ALL SELECT format('extension %s %s', extname, extversion) FROM pg_extension
    UNION ALL SELECT format('event trigger %s', evtname) FROM pg_event_trigger
    UNION ALL SELECT format('large objects %s', count(*)) FROM pg_largeobject_metadata
    UNION ALL SELECT format('sequence %I.%I %s %s', schemaname, sequencename, last_value, increment_by)
      FROM pg_sequences
    ${raw(filled.map((t) => `UNION ALL SELECT format('rows %s %s', '${t}', md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), ''))) FROM ${t} r`).join('\n    '))}
  ) parts`;

const userTables = sql`
  SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
  WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`;

async function fingerprintOf(db: Db, filled: string[]): Promise<string> {
  const [row] = await db.query<{ fingerprint: string }>(FINGERPRINT(filled));
  return row!.fingerprint;
}

async function describeTemplate(db: Db, tarball: Blob): Promise<Template> {
  const tables = (await db.query<{ name: string }>(userTables)).map((t) => t.name);
  const filled: string[] = [];
  for (const t of tables) {
    const [r] = await db.query<{ any: boolean }>(sql`SELECT EXISTS (SELECT FROM ${raw(t)}) AS any`);
    if (r!.any) filled.push(t);
  }
  const [seq] = await db.query<{ calls: string | null }>(sql`
    SELECT string_agg(format('setval(%L, %s, %s)', format('%I.%I', schemaname, sequencename),
      coalesce(last_value, start_value), CASE WHEN last_value IS NULL THEN 'false' ELSE 'true' END), ', ') AS calls FROM pg_sequences`);
  return { tarball, filled, fingerprint: await fingerprintOf(db, filled), sequences: seq!.calls ?? '' };
}

/** Empties a dropped database back to the template; false when something else changed (then close it). */
async function resetToTemplate(db: Db, t: Template): Promise<boolean> {
  await db.exec('DISCARD ALL');
  const empty = (await db.query<{ name: string }>(userTables))
    .map((r) => r.name)
    .filter((n) => !t.filled.includes(n));
  await db.exec(
    `BEGIN; SET LOCAL session_replication_role = replica; TRUNCATE ${empty.join(', ')}; ${
      t.sequences ? `SELECT ${t.sequences};` : ''
    } COMMIT;`,
  );
  return (await fingerprintOf(db, t.filled)) === t.fingerprint;
}

/**
 * A Db of its own over a pooled engine: the same calls, refused once the lease is dropped. `close()` (a test
 * closing its database itself) closes the engine for good.
 */
function lease(inner: Db): { db: Db; retire(): void } {
  let retired = false;
  const live = () => {
    if (retired) throw new Error('this test database was dropped (test/pglite-pool.ts)');
  };
  const db: Db = {
    kind: inner.kind,
    query<R>(q: Parameters<Db['query']>[0]) {
      live();
      return inner.query<R>(q);
    },
    exec(script: string) {
      live();
      return inner.exec(script);
    },
    copyFrom(statement, chunks) {
      live();
      return inner.copyFrom(statement, chunks);
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>, settings?: TransactionSettings) {
      live();
      return inner.transaction(fn, settings);
    },
    read<T>(fn: (tx: Queryable) => Promise<T>, settings?: TransactionSettings, reader?: Reader) {
      live();
      return inner.read(fn, settings, reader);
    },
    async close() {
      retired = true;
      await inner.close();
    },
    ...(inner.dumpDataDir
      ? {
          dumpDataDir() {
            live();
            return inner.dumpDataDir!();
          },
        }
      : {}),
  };
  return {
    db,
    retire: () => {
      retired = true;
    },
  };
}

/** A fresh in-memory PGlite database in the state of `tarball` (the run's migrated template). */
export async function leasePglite(tarball: Blob): Promise<{ db: Db; drop(): Promise<void> }> {
  const fresh = () => connect({ loadDataDir: tarball, sharedBuffers: '16MB' });
  if (!POOLING) {
    const db = await fresh();
    return { db, drop: () => db.close() };
  }
  let inner = template?.tarball === tarball ? idle.pop() : undefined;
  if (!inner) {
    inner = await fresh();
    if (template?.tarball !== tarball) template = await describeTemplate(inner, tarball);
  }
  const engine = inner;
  const t = template!;
  const l = lease(engine);
  let closedByTest = false;
  const close = l.db.close;
  l.db.close = async () => {
    closedByTest = true;
    await close();
  };
  return {
    db: l.db,
    async drop() {
      l.retire();
      if (closedByTest) return;
      let reusable = false;
      try {
        reusable = template === t && (await resetToTemplate(engine, t));
      } catch {
        // A database a test left unusable (an open transaction, a stopped engine) is closed below.
      }
      if (reusable) idle.push(engine);
      else await engine.close().catch(() => {});
    },
  };
}
