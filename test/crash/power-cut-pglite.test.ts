/**
 * A power cut on the embedded database (issue 19; docs/operations.md, "A power cut"), with the file-system
 * recorder of power-cut.ts: a new data directory is made through Passage's connect (from the run's migrated
 * template), then transactions are committed — each a batch of rows and its audit entry — with a checkpoint
 * and a switch to a new log segment among them, and the database is closed. At seeded cut points of that
 * recording, the directory a disk could hold after a power cut there is built twice ('synced': only what was
 * flushed; 'torn': plus a random part of the rest, with torn writes) and opened with Passage's connect:
 * - it opens (cut points from the end of the first start on: a cut during a new directory's first start may
 *   leave one that does not open, which held nothing yet);
 * - every batch whose COMMIT had returned is there, with its audit entry; no batch is half there, and none
 *   is there without its entry or the other way round;
 * - every table of the schema reads back whole (data checksums are on: a torn page fails its read);
 * - the audit chain verifies, and the database takes a write.
 * The seed is printed; PASSAGE_POWER_CUT_SEED replays a run, PASSAGE_POWER_CUTS sets the cut points.
 * PASSAGE_POWER_CUT_PGLITE_DEFAULTS=1 also records PGlite as shipped (no flushes) and prints what the same
 * cuts do to it, its first start counted as written back, for the record (nothing is asserted).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import sql from 'sql-template-tag';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type Db, type Queryable } from '../../src/db/connect';
import { recordAudit, verifyAuditLog } from '../../src/modules/audit/audit.service';
import { pgliteTemplateTarball } from '../databases';
import {
  type CutStats,
  FsRecorder,
  imageAt,
  type Op,
  random,
  type Snapshot,
  writeSnapshot,
} from './power-cut';

const CUTS = Number(process.env.PASSAGE_POWER_CUTS ?? 12);
const SEED = Number(process.env.PASSAGE_POWER_CUT_SEED ?? Date.now() % 1_000_000);
const BATCHES = 24;
const ROWS = 40;
const OPEN_TIMEOUT_MS = 60_000;

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, r) => setTimeout(() => r(new Error(`${what}: still waiting after ${ms} ms`)), ms)),
  ]);

interface Recording {
  ops: readonly Op[];
  baseInodes: ReadonlyMap<string, number>;
  /** ops.length when the first start had returned. */
  created: number;
  /** ops.length when each batch's COMMIT had returned. */
  commits: readonly number[];
}

const EMPTY: Snapshot = { files: new Map(), dirs: new Set(['.']) };

/** One batch: its rows and its audit entry, in one transaction. */
async function insertBatch(tx: Queryable, k: number, rows: number): Promise<void> {
  await tx.query(sql`INSERT INTO power_cut_probe (batch, pad)
    SELECT ${k}, repeat(md5(g::text || ${k}::text), 8) FROM generate_series(1, ${rows}) g`);
  await recordAudit(tx, null, 'power_cut.batch', { type: 'power_cut_probe', id: k }, { rows });
}

/** Records a new directory's first start and the workload (see the file's opening comment). */
async function record(dataDir: string, open: () => Promise<Db>): Promise<Recording> {
  mkdirSync(dataDir);
  const rec = new FsRecorder(dataDir, EMPTY);
  const commits: number[] = [];
  let created = 0;
  rec.start();
  try {
    const db = await open();
    created = rec.mark('created');
    await db.query(
      sql`CREATE TABLE power_cut_probe (id serial PRIMARY KEY, batch int NOT NULL, pad text NOT NULL)`,
    );
    for (let k = 0; k < BATCHES; k++) {
      // One batch ten times the others: log writes of several pages, and dirty pages evicted to the files.
      await db.transaction((tx) => insertBatch(tx, k, k === 5 ? ROWS * 100 : ROWS));
      commits.push(rec.mark(`commit ${k}`));
      if (k === 8) await db.query(sql`CHECKPOINT`); // data files and pg_control written
      if (k === 16) await db.query(sql`SELECT pg_switch_wal()`); // a new log segment
    }
    await db.close();
  } finally {
    rec.stop();
  }
  return { ops: rec.ops, baseInodes: rec.baseInodes, created, commits };
}

interface Outcome {
  opened: boolean;
  error?: string;
  lost: number[];
  half: number[];
}

/** Opens a power-cut image with Passage's connect and checks it against what had committed. */
async function checkImage(dir: string, committed: number): Promise<Outcome> {
  let db: Db;
  try {
    db = await within(connect({ dataDir: dir, sharedBuffers: '16MB' }), OPEN_TIMEOUT_MS, 'open');
  } catch (e) {
    return { opened: false, error: String(e).split('\n')[0] ?? '', lost: [], half: [] };
  }
  try {
    return await checkOpened(db, committed);
  } catch (e) {
    return { opened: true, error: `opened, then: ${String(e).split('\n')[0]}`, lost: [], half: [] };
  } finally {
    await db.close();
  }
}

/** The checks on an image that opened; a failing query or expectation is the caller's "opened, then …". */
async function checkOpened(db: Db, committed: number): Promise<Outcome> {
  const batches = await db.query<{ batch: number; n: number; audited: number }>(
    sql`SELECT p.batch, count(*)::int AS n,
                 (SELECT count(*)::int FROM audit_log a
                   WHERE a.action = 'power_cut.batch' AND a.target_id = p.batch::text) AS audited
            FROM power_cut_probe p GROUP BY p.batch ORDER BY p.batch`,
  );
  const present = new Set(batches.map((b) => b.batch));
  const lost = Array.from({ length: committed }, (_, k) => k).filter((k) => !present.has(k));
  const half = batches
    .filter((b) => b.n !== (b.batch === 5 ? ROWS * 100 : ROWS) || b.audited !== 1)
    .map((b) => b.batch);
  const [orphans] = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM audit_log a WHERE a.action = 'power_cut.batch'
           AND NOT EXISTS (SELECT 1 FROM power_cut_probe p WHERE p.batch::text = a.target_id)`,
  );
  expect(orphans?.n, 'audit entries without their batch').toBe(0);
  // Every page of every table read (with data checksums on, a torn page fails here).
  const tables = await db.query<{ name: string }>(
    sql`SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
           WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
  );
  expect(tables.length).toBeGreaterThan(20);
  // Sequential scans: the table's own pages, not an index's (this copy is thrown away after the checks).
  await db.exec('SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off');
  for (const t of tables) await db.exec(`SELECT count(*) FROM ${t.name}`);
  const chain = await verifyAuditLog(db);
  expect(chain.ok, JSON.stringify(chain)).toBe(true);
  await db.query(sql`INSERT INTO power_cut_probe (batch, pad) VALUES (-1, 'written after the cut')`);
  return { opened: true, lost, half };
}

interface Tally {
  cuts: number;
  opened: number;
  unreadable: number;
  lostCommits: number;
  cutsLosingCommits: number;
  halfBatches: number;
  writes: Record<keyof Pick<CutStats, 'applied' | 'torn' | 'dropped'>, number>;
}

/** Builds and checks the images at the seeded cut points; returns the counts and the failures' reasons. */
async function cutAndCheck(
  root: string,
  rec: Recording,
  rnd: () => number,
  label: string,
  /** Ops before this index count as flushed (see imageAt). */
  durableUpTo = 0,
): Promise<{ tally: Tally; failures: string[] }> {
  const tally: Tally = {
    cuts: 0,
    opened: 0,
    unreadable: 0,
    lostCommits: 0,
    cutsLosingCommits: 0,
    halfBatches: 0,
    writes: { applied: 0, torn: 0, dropped: 0 },
  };
  const failures: string[] = [];
  // The end of the recording and seeded points after the first start (not during it: see the docs).
  const after = rec.ops.length - rec.created;
  const points = [
    rec.ops.length,
    ...Array.from({ length: CUTS - 1 }, () => rec.created + Math.floor(rnd() * (after + 1))),
  ];
  for (const cut of points)
    for (const mode of ['synced', 'torn'] as const) {
      const { image, stats } = imageAt(EMPTY, rec.baseInodes, rec.ops, cut, mode, rnd, durableUpTo);
      const dir = join(root, `cut-${cut}-${mode}`);
      writeSnapshot(image, dir);
      // The process that held Passage's lock is gone after a power cut (here it is this process: remove it).
      rmSync(join(dir, 'passage.lock'), { force: true });
      const committed = rec.commits.filter((m) => m <= cut).length;
      const outcome = await checkImage(dir, committed);
      rmSync(dir, { recursive: true, force: true });
      for (const k of ['applied', 'torn', 'dropped'] as const) tally.writes[k] += stats[k];
      const where = `${label} cut ${cut}/${rec.ops.length} (${mode}, ${committed} committed)`;
      tally.cuts++;
      if (!outcome.opened) {
        tally.unreadable++;
        failures.push(`${where}: did not open: ${outcome.error}`);
        continue;
      }
      tally.opened++;
      if (outcome.error) {
        tally.unreadable++;
        failures.push(`${where}: ${outcome.error}`);
      }
      tally.lostCommits += outcome.lost.length;
      if (outcome.lost.length) {
        tally.cutsLosingCommits++;
        failures.push(`${where}: committed batches lost: ${outcome.lost.join(', ')}`);
      }
      tally.halfBatches += outcome.half.length;
      if (outcome.half.length) failures.push(`${where}: batches half there: ${outcome.half.join(', ')}`);
    }
  return { tally, failures };
}

describe('power cut on the embedded database [pglite]', () => {
  const root = mkdtempSync(join(tmpdir(), 'passage-power-cut-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(`keeps every commit and opens at ${CUTS} cut points, flushed and torn`, {
    timeout: 900_000,
  }, async () => {
    console.log(`power cut [pglite]: seed ${SEED}, ${CUTS} cut points`);
    const rec = await record(join(root, 'recorded'), () =>
      connect({
        dataDir: join(root, 'recorded'),
        loadDataDir: pgliteTemplateTarball(),
        sharedBuffers: '16MB',
      }),
    );
    const isFlush = (o: Op) => o.op === 'fsync' || o.op === 'dirsync';
    const atStart = rec.ops.slice(0, rec.created).filter(isFlush).length;
    const later = rec.ops.slice(rec.created).filter(isFlush).length;
    console.log(
      `power cut [pglite]: ${rec.ops.length} file-system calls recorded; flushes: ${atStart} in the first start, ${later} in the ${BATCHES} transactions, checkpoint and close that follow`,
    );
    // Every commit flushed the log: at least one fsync between a batch's start and its COMMIT returning.
    for (let k = 1; k < rec.commits.length; k++) {
      const between = rec.ops.slice(rec.commits[k - 1], rec.commits[k]);
      expect(
        between.some((o) => o.op === 'fsync'),
        `batch ${k} committed without a flush`,
      ).toBe(true);
    }
    const { tally, failures } = await cutAndCheck(root, rec, random(SEED), 'passage');
    console.log(`power cut [pglite]: ${JSON.stringify(tally)}`);
    expect(failures).toEqual([]);
    expect(tally.opened).toBe(CUTS * 2);
  });

  it.runIf(process.env.PASSAGE_POWER_CUT_PGLITE_DEFAULTS === '1')(
    'for the record: PGlite as shipped (fsync off, no flushes) at the same cut points',
    { timeout: 900_000 },
    async () => {
      const dataDir = join(root, 'defaults');
      const rec = await record(dataDir, async () => {
        // PGlite's own defaults, wrapped just enough to run the same workload.
        const pg = await PGlite.create(dataDir, { loadDataDir: pgliteTemplateTarball() });
        const q = (p: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
          query: async <R>(s: { text: string; values: unknown[] }) =>
            (await p.query<R>(s.text, s.values)).rows,
          exec: async (script: string) => void (await p.exec(script)),
          copyFrom: () => Promise.reject(new Error('not used')),
        });
        return {
          kind: 'pglite',
          ...q(pg),
          transaction: (fn) => pg.transaction((tx) => fn(q(tx))),
          read: (fn) => pg.transaction((tx) => fn(q(tx))),
          close: () => pg.close(),
        } satisfies Db;
      });
      const fsyncs = rec.ops.filter((o) => o.op === 'fsync' || o.op === 'dirsync').length;
      console.log(`power cut [pglite defaults]: ${rec.ops.length} calls, ${fsyncs} flushes`);
      // PGlite flushes nothing, so here the first start counts as written back (as the operating system
      // does within seconds): the question is what the unflushed commits after it become.
      const { tally, failures } = await cutAndCheck(root, rec, random(SEED), 'defaults', rec.created);
      console.log(`power cut [pglite defaults]: ${JSON.stringify(tally)}`);
      for (const f of failures.slice(0, 10)) console.log(f);
    },
  );
});
