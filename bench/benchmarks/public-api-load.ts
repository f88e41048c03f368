/**
 * The public data API under load (issue 18): a realistic anonymous mix of portal calls (overview, a route's
 * figures, the release calendar, a CSV download) and SDMX data queries (one indicator, one reporter; SDMX-CSV and
 * SDMX-JSON), `PUBLIC_BENCH_CONNECTIONS` concurrent clients (default 200) for `PUBLIC_BENCH_SECONDS` (default 60)
 * with autocannon on loopback (run from a child process: bench/lib/load.ts), against the demo dialogue with its routes and figures made public for the run
 * (restored afterwards). Reports requests/s, p50/p99 latency, errors and non-2xx answers, and the ratio of the
 * API's mean latency to the same figures read bare (the SQL of the public table, no HTTP, no disclosure control).
 * The response cache's hit rate is reported (`PASSAGE_RESPONSE_CACHE=off` measures without it).
 * Issue target: p99 < 300 ms and no errors on native PostgreSQL with 10^7 observations.
 */
import sql from 'sql-template-tag';
import type { DbKind } from '../../src/db/connect';
import { withActor } from '../../src/db/with-actor';
import { DEMO_SLUG } from '../../src/demo/demo-dialogue';
import { slugId } from '../../src/domain/sdmx/sdmx-structure';
import { findDisclosureThreshold, forEachPublishedFigureBatch } from '../../src/modules/sdmx/sdmx.sql';
import { buildApp } from '../../src/server/app';
import { readResponseCacheOptions } from '../../src/shared/response-cache';
import type { BenchEnv } from '../lib/env';
import { hitRate, type LoadMode, loadModes, responseCacheStats, runLoad } from '../lib/load';
import type { Benchmark } from '../lib/types';
import { demoDatabase } from './dashboard-api-vs-sql';

const BENCH = 'public-api-load';
const TARGET_P99_MS = 300;

async function runOn(env: BenchEnv, kind: DbKind): Promise<void> {
  for (const load of loadModes()) await runOnce(env, kind, load);
}

async function runOnce(env: BenchEnv, kind: DbKind, load: LoadMode): Promise<void> {
  const demo = await demoDatabase(env, kind);
  const db = demo.db;
  const seconds = Number(process.env.PUBLIC_BENCH_SECONDS ?? 60);
  const connections = Number(process.env.PUBLIC_BENCH_CONNECTIONS ?? 200);
  const before = process.env.PASSAGE_PUBLIC_RATE_LIMIT;
  // The load comes from one address: the per-IP limit would answer 429 to nearly all of it.
  process.env.PASSAGE_PUBLIC_RATE_LIMIT = String(1e9);
  const setClass = (c: 'public' | 'dialogue') =>
    Promise.all([
      db.query(
        sql`UPDATE routes SET classification = ${c}::classification WHERE dialogue_id = ${demo.dialogueId}`,
      ),
      db.query(
        sql`UPDATE observations SET classification = ${c}::classification WHERE dialogue_id = ${demo.dialogueId}`,
      ),
    ]);
  await setClass('public');
  const app = await buildApp({ db, responseCache: load.isCached ? readResponseCacheOptions() : null });
  try {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const [route] = await db.query<{ code: string }>(
      sql`SELECT code FROM routes WHERE dialogue_id = ${demo.dialogueId} ORDER BY code LIMIT 1`,
    );
    const flow = `DF_${slugId(DEMO_SLUG)}`;
    const paths = [
      `/api/portal/${DEMO_SLUG}`,
      `/api/portal/${DEMO_SLUG}/routes/${route!.code}?indicator=IBC`,
      `/api/portal/${DEMO_SLUG}/releases`,
      `/api/portal/${DEMO_SLUG}/downloads/IBC`,
      `/api/sdmx/2.1/data/${flow}/IBC.GRC..........?format=csv`,
      `/api/sdmx/2.1/data/${flow}/IBC.ITA..........?format=jsondata&lastNObservations=12`,
    ];
    // Warm up every path once (and fail early on a broken one).
    for (const p of paths) {
      const res = await fetch(`${address}${p}`);
      if (!res.ok) throw new Error(`${p}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    }
    // Bare: the public table's query for the same indicator, as the public reads it (through the same cursor,
    // a batch at a time: at 10^7 one array of every row would not fit in this process beside the server).
    const bareStarted = performance.now();
    const bareRuns = 5;
    let bareRows = 0;
    for (let i = 0; i < bareRuns; i++)
      await withActor(db, null, async (tx) => {
        await forEachPublishedFigureBatch(
          tx,
          null,
          { dialogueId: demo.dialogueId, indicators: ['IBC'], reporters: null },
          (rows) => {
            bareRows += rows.length;
          },
        );
        await findDisclosureThreshold(tx, demo.dialogueId);
      });
    const bareMs = (performance.now() - bareStarted) / bareRuns;
    const cacheBefore = responseCacheStats(app);
    const result = await runLoad(env.tmp, { url: address, connections, seconds, paths }, load);
    const cache = hitRate(cacheBefore, responseCacheStats(app));
    const non2xx = result.non2xx;
    const p99 = result.p99;
    env.reporter.add({
      bench: BENCH,
      name: `public.mix.${kind}${load.suffix}.p99`,
      value: p99,
      unit: 'ms',
      ratio: bareMs > 0 ? result.average / bareMs : null,
      reference: `bare-sql@${bareMs.toFixed(1)}ms (mean latency / bare), p50 ${result.p50} ms, cache ${cache.label}`,
      target: `p99 < ${TARGET_P99_MS} ms, no errors`,
      isTargetMet: p99 < TARGET_P99_MS && result.errors === 0 && non2xx === 0,
      details: {
        ...result,
        responseCache: cache,
        bareMs,
        bareRows: bareRows / bareRuns,
        connections,
        seconds,
        observations: demo.observations,
        paths,
      },
    });
    env.reporter.add({
      bench: BENCH,
      name: `public.mix.${kind}${load.suffix}.requests-per-second`,
      value: result.requestsPerSecond,
      unit: 'req/s',
      ratio: null,
      reference: `${connections} connections, ${seconds} s`,
    });
  } finally {
    await app.close();
    await setClass('dialogue');
    if (before === undefined) delete process.env.PASSAGE_PUBLIC_RATE_LIMIT;
    else process.env.PASSAGE_PUBLIC_RATE_LIMIT = before;
  }
}

export const publicApiLoad: Benchmark = {
  name: BENCH,
  summary: 'public portal + SDMX mix, 200 clients for 60 s (autocannon): p99, req/s, ratio to bare SQL',
  async run(env) {
    const kinds = (process.env.PUBLIC_BENCH_DATABASES ?? 'pglite,postgres').split(',') as DbKind[];
    for (const kind of kinds) await runOn(env, kind);
  },
};
