/**
 * Latency while the forecasts refresh (issue 23): the demo dialogue (seeded, PGlite in memory) answers
 * GET /api/health and an analyst's dashboard series call over real HTTP on loopback, one every few
 * milliseconds, while idle and then while a
 * full refresh of the demo forecasts runs — with the models in the worker thread (the default) and, as the
 * reference in the same run, with the models in the server's own thread (the code before the worker).
 * Target: p99 during a refresh within 2 × the idle p99.
 */
import sql from 'sql-template-tag';
import { connect } from '../../src/db/connect';
import { migrate } from '../../src/db/migrate';
import { seedDemo } from '../../src/demo/seed-demo';
import { refreshForecasts } from '../../src/modules/forecasting/forecasting.service';
import { syncCountries } from '../../src/modules/reference/reference.service';
import { buildApp } from '../../src/server/app';
import { BENCH_DEMO_PASSWORD } from '../lib/demo-data';
import { loginDemoUser } from '../lib/demo-login';
import type { BenchEnv } from '../lib/env';
import { percentile, round, summarise, type Timing } from '../lib/stats';
import type { Benchmark } from '../lib/types';

const BENCH = 'refresh-latency';
const IDLE_RUNS = 200;
/**
 * The pause between two calls: a client that asks every few milliseconds, not one that saturates the server.
 * It also bounds the number of samples of a long refresh (at most one per GAP_MS).
 */
const GAP_MS = 5;
/** A refresh that takes longer than this is a failure of the bench, not a reason to sample for ever. */
const MAX_SAMPLING_MS = 10 * 60_000;

type Call = () => Promise<void>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(call: Call): Promise<number> {
  const t0 = performance.now();
  await call();
  return performance.now() - t0;
}

/** Calls `call` every GAP_MS until `until` settles (at least `min` times); the latencies in ms. */
async function sampleWhile(call: Call, until: Promise<unknown>, min = 20): Promise<number[]> {
  let done = false;
  until.finally(() => {
    done = true;
  });
  const out: number[] = [];
  const started = performance.now();
  while (!done || out.length < min) {
    if (performance.now() - started > MAX_SAMPLING_MS)
      throw new Error(`the refresh did not finish within ${MAX_SAMPLING_MS / 60_000} minutes`);
    out.push(await timed(call));
    await pause(GAP_MS);
  }
  await until;
  return out;
}

async function sampleIdle(call: Call): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < 20; i++) await call();
  for (let i = 0; i < IDLE_RUNS; i++) {
    out.push(await timed(call));
    await pause(GAP_MS);
  }
  return out;
}

const p99 = (samples: readonly number[]) =>
  percentile(
    [...samples].sort((a, b) => a - b),
    99,
  );

function line(env: BenchEnv, name: string, during: Timing & { p99: number }, idle: Timing & { p99: number }) {
  const ratio = during.p99 / idle.p99;
  env.reporter.add({
    bench: BENCH,
    name: `${name}.p99`,
    value: during.p99,
    unit: 'ms',
    ratio,
    reference: `idle@${round(idle.p99)}ms`,
    target: 'p99 during a refresh ≤ 2 × idle',
    isTargetMet: ratio <= 2,
    details: { runs: during.samples.length, max: round(during.max), median: round(during.median) },
  });
}

export const refreshLatency: Benchmark = {
  name: BENCH,
  summary:
    'health and dashboard p99 during a full demo forecast refresh (models in the worker vs in the server thread)',
  async run(env) {
    const db = await connect({});
    await migrate(db);
    await syncCountries(db);
    const { dialogueId } = await seedDemo(db, { password: BENCH_DEMO_PASSWORD });
    const app = await buildApp({ db });
    // Real HTTP, as a browser would call: app.inject in a tight loop never lets the event loop reach its
    // check phase, so Node's setImmediate queue (and every request it references) grows without bound.
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { cookie } = await loginDemoUser(app, db, 'analyst@demo.passage');
      const [route] = await db.query<{ code: string }>(
        sql`SELECT code FROM routes WHERE dialogue_id = ${dialogueId} ORDER BY code LIMIT 1`,
      );
      const calls: Record<string, Call> = {
        health: async () => {
          const r = await fetch(`${base}/api/health`);
          await r.arrayBuffer();
          if (r.status !== 200) throw new Error(`health: ${r.status}`);
        },
        dashboard: async () => {
          const r = await fetch(
            `${base}/api/dialogues/demo/analytics/series?indicator=IBC&route=${route!.code}`,
            { headers: { cookie } },
          );
          const body = await r.text();
          if (r.status !== 200) throw new Error(`series: ${r.status} ${body}`);
        },
      };
      for (const [what, call] of Object.entries(calls)) {
        const idle = summarise(await sampleIdle(call));
        const idleP99 = { ...idle, p99: p99(idle.samples) };
        for (const thread of ['worker', 'main'] as const) {
          const t0 = performance.now();
          const refresh = refreshForecasts(db, dialogueId, { thread });
          const during = summarise(await sampleWhile(call, refresh));
          const summary = await refresh;
          env.reporter.note(
            BENCH,
            `${what}, models in ${summary.ranIn} thread: refresh of ${summary.series} series took ${((performance.now() - t0) / 1000).toFixed(1)} s; ${during.samples.length} calls, p99 ${round(p99(during.samples))} ms, max ${round(during.max)} ms (idle p99 ${round(idleP99.p99)} ms)`,
          );
          line(env, `${what}.during-refresh.${thread}`, { ...during, p99: p99(during.samples) }, idleP99);
        }
      }
    } finally {
      await app.close();
      await db.close();
    }
  },
};
