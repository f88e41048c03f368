/**
 * What durable commits cost on the embedded database (issue 19, src/db/pglite-durable.ts): the same data
 * directory opened through Passage's connect (fsync on, every commit flushes the log) and, as the reference in
 * the same run, with PGlite's own defaults (fsync off, nothing flushed: the code before the change). Both on
 * the temp directory's disk, which must be a real one for the numbers to mean anything (a note says which).
 * - a small write: one transaction inserting one row (what a form save or a comment costs);
 * - an import-sized write: one transaction inserting 100,000 rows of ~130 bytes (about one log segment).
 * No target: the issue asks for the cost to be measured and documented.
 */
import { cpSync, statfsSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import sql from 'sql-template-tag';
import { connect } from '../../src/db/connect';
import type { BenchEnv } from '../lib/env';
import { timingResults } from '../lib/report';
import { measurePair } from '../lib/stats';
import type { Benchmark } from '../lib/types';

const BENCH = 'pglite-durable-commit';
const BIG_ROWS = 100_000;
const TMPFS_MAGIC = 0x01021994;

export const pgliteDurableCommit: Benchmark = {
  name: BENCH,
  summary: 'embedded database: commit latency with flushes (Passage) vs PGlite defaults (no flush)',
  async run(env: BenchEnv) {
    const made = env.pgliteDir('durable-template');
    const template = await PGlite.create(made);
    await template.exec(
      'CREATE TABLE bench_write (id bigserial PRIMARY KEY, k int NOT NULL, pad text NOT NULL)',
    );
    await template.close();
    const durableDir = env.pgliteDir('durable');
    const defaultsDir = env.pgliteDir('defaults');
    cpSync(made, durableDir, { recursive: true });
    cpSync(made, defaultsDir, { recursive: true });
    const fsType = statfsSync(durableDir).type;
    env.reporter.note(
      BENCH,
      `data directories in ${env.tmp} (file system type 0x${fsType.toString(16)}${fsType === TMPFS_MAGIC ? ', tmpfs: fsync costs nothing there, the numbers say nothing' : ''})`,
    );
    const durable = await connect({ dataDir: durableDir });
    const defaults = await PGlite.create(defaultsDir);
    try {
      let k = 0;
      const [smallDurable, smallDefaults] = await measurePair(
        () =>
          durable.transaction((tx) =>
            tx.query(sql`INSERT INTO bench_write (k, pad) VALUES (${k++}, 'small')`),
          ),
        () =>
          defaults.transaction((tx) =>
            tx.query('INSERT INTO bench_write (k, pad) VALUES ($1, $2)', [k++, 'small']),
          ),
        { warmup: 20, runs: 300 },
      );
      for (const r of timingResults(
        { bench: BENCH, name: 'commit.small.pglite', referenceName: 'pglite-defaults-no-flush' },
        smallDurable,
        smallDefaults,
      ))
        env.reporter.add(r);
      const big = `INSERT INTO bench_write (k, pad)
        SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, ${BIG_ROWS}) g`;
      const [bigDurable, bigDefaults] = await measurePair(
        () => durable.transaction((tx) => tx.exec(big)),
        () => defaults.transaction((tx) => tx.exec(big)),
        { warmup: 1, runs: 6 },
      );
      for (const r of timingResults(
        {
          bench: BENCH,
          name: 'commit.import-100k.pglite',
          referenceName: 'pglite-defaults-no-flush',
          details: { rows: BIG_ROWS },
        },
        bigDurable,
        bigDefaults,
      ))
        env.reporter.add(r);
    } finally {
      await durable.close();
      await defaults.close();
    }
  },
};
