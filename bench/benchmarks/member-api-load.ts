/**
 * The member-facing API under load (issue 19): `MEMBER_BENCH_CONNECTIONS` concurrent members (default 200),
 * each its own session (demo analysts, observers, viewers and providers, logged in once per connection), on a
 * member mix — dashboards (a route series, top citizenships, completeness), the notices list, search, the
 * submissions list — for `MEMBER_BENCH_SECONDS` (default 60) with autocannon on loopback, run from a child
 * process (bench/lib/load.ts: real clients are not inside the server). Reports p50/p99, requests/s, errors,
 * non-2xx answers and the response cache's hit rate (src/server/plugins/response-cache.ts;
 * `PASSAGE_RESPONSE_CACHE=off` measures without it). Issue target: p99 < 300 ms, no errors.
 *
 * `member-api-soak` runs the same mix for `MEMBER_SOAK_SECONDS` (default 600: ten minutes) and samples the
 * process's resident memory every `MEMBER_SOAK_SAMPLE_SECONDS` (default 5): RSS at the start and end and the
 * slope of a least-squares line over the samples after the first tenth (warm-up), in MiB per minute. The
 * load generator runs in its own process, so the RSS is the server's (with PGlite: and the database's).
 */
import { createHistogram, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import sql from 'sql-template-tag';
import type { DbKind } from '../../src/db/connect';
import { DEMO_SLUG } from '../../src/demo/demo-dialogue';
import { buildApp } from '../../src/server/app';
import { readResponseCacheOptions } from '../../src/shared/response-cache';
import { loginDemoUser } from '../lib/demo-login';
import type { BenchEnv } from '../lib/env';
import { hitRate, type LoadMode, type LoadResult, loadModes, responseCacheStats, runLoad } from '../lib/load';
import { type MemoryMap, memoryMap } from '../lib/memory-map';
import type { Benchmark } from '../lib/types';
import { demoDatabase } from './dashboard-api-vs-sql';

const LOAD = 'member-api-load';
const SOAK = 'member-api-soak';
const TARGET_P99_MS = 300;
const MIB = 1024 * 1024;

/** The demo accounts the members are: every one may read the dashboards, notices, search and submissions. */
const MEMBERS = [
  'analyst@demo.passage',
  'observer@demo.passage',
  'viewer@demo.passage',
  'provider@demo.passage',
];

/** Where the server's own event loop stood still during the load: its delay histogram and the GC pauses. */
interface Stalls {
  delayP99Ms: number;
  delayMaxMs: number;
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
}

/**
 * Starts watching the event loop and garbage collection (a latency tail is either the database, or this
 * process not answering: a long synchronous computation or a GC pause); stop() gives the figures.
 */
function watchStalls(): { stop: () => Stalls } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let gcCount = 0;
  let gcTotal = 0;
  let gcMax = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcCount++;
      gcTotal += e.duration;
      gcMax = Math.max(gcMax, e.duration);
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  const ms = (ns: number) => Math.round(ns / 1e6);
  return {
    stop: () => {
      delay.disable();
      gc.disconnect();
      return {
        delayP99Ms: ms(delay.percentile(99)),
        delayMaxMs: ms(delay.max),
        gcCount,
        gcTotalMs: Math.round(gcTotal),
        gcMaxMs: Math.round(gcMax),
      };
    },
  };
}

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const numberFrom = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: expected a positive number, got "${raw}"`);
  return n;
};

async function runOn(env: BenchEnv, kind: DbKind, mode: 'load' | 'soak'): Promise<void> {
  // The soak runs once (MEMBER_SOAK_MODES, default the cache on); the load in every BENCH_LOAD_MODES mode.
  const modes =
    mode === 'soak' ? loadModes({ BENCH_LOAD_MODES: process.env.MEMBER_SOAK_MODES ?? 'on' }) : loadModes();
  for (const load of modes) await runOnce(env, kind, mode, load);
}

async function runOnce(env: BenchEnv, kind: DbKind, mode: 'load' | 'soak', load: LoadMode): Promise<void> {
  const demo = await demoDatabase(env, kind);
  const db = demo.db;
  const connections = numberFrom('MEMBER_BENCH_CONNECTIONS', 200);
  const seconds =
    mode === 'load' ? numberFrom('MEMBER_BENCH_SECONDS', 60) : numberFrom('MEMBER_SOAK_SECONDS', 600);
  const sampleSeconds = numberFrom('MEMBER_SOAK_SAMPLE_SECONDS', 5);
  // One address logs every member in: the per-IP login limit would refuse most of them.
  const before = process.env.PASSAGE_LOGIN_RATE_LIMIT;
  process.env.PASSAGE_LOGIN_RATE_LIMIT = String(1e9);
  const app = await buildApp({ db, responseCache: load.isCached ? readResponseCacheOptions() : null });
  // The server's own time per request (from its arrival to the response's end), beside the generator's: the
  // difference is what queued before the server read the request (sockets, the generator's own CPU).
  const served = createHistogram();
  let measuring = false;
  app.addHook('onResponse', async (_req, reply) => {
    if (measuring) served.record(Math.max(1, Math.round(reply.elapsedTime * 1000)));
  });
  try {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const cookies: string[] = [];
    for (let i = 0; i < connections; i++)
      cookies.push((await loginDemoUser(app, db, MEMBERS[i % MEMBERS.length]!)).cookie);
    const [route] = await db.query<{ code: string }>(
      sql`SELECT code FROM routes WHERE dialogue_id = ${demo.dialogueId} ORDER BY code LIMIT 1`,
    );
    const dashboards = `/api/dialogues/${DEMO_SLUG}/analytics`;
    // Weighted as members use the app: mostly dashboards, then notices, search and submissions.
    const paths = [
      `${dashboards}/series?indicator=IBC&route=${route!.code}`,
      `${dashboards}/series?indicator=IBC&route=${route!.code}&reporter=GRC`,
      `${dashboards}/top-citizenships?indicator=IBC&route=${route!.code}&year=2024&limit=10`,
      `${dashboards}/route-month?indicator=IBC`,
      `/api/dialogues/${DEMO_SLUG}/notices`,
      `/api/search?q=${encodeURIComponent('readmission')}`,
      `/api/search?q=${encodeURIComponent('border')}&dialogue=${DEMO_SLUG}`,
      `/api/dialogues/${DEMO_SLUG}/submissions`,
    ];
    // Warm up every path once as every kind of member (and fail early on one they may not read).
    for (const [i, cookie] of cookies.slice(0, MEMBERS.length).entries())
      for (const p of paths) {
        const res = await fetch(`${address}${p}`, { headers: { cookie } });
        if (!res.ok) throw new Error(`${MEMBERS[i]} ${p}: ${res.status} ${(await res.text()).slice(0, 200)}`);
      }
    const rss: { x: number; y: number }[] = [];
    const t0 = performance.now();
    // The JS heap beside the RSS: with PGlite the RSS also holds the database's WASM memory.
    const heap: { x: number; y: number }[] = [];
    // What V8 holds for its heap (used or not): a heap whose use is flat can still keep more pages.
    const heapCommitted: { x: number; y: number }[] = [];
    // Memory outside the JS heap that V8 knows of: with PGlite mostly the WASM engine's linear memory (a
    // WebAssembly.Memory counts here), which grows as PostgreSQL touches its buffers and never shrinks.
    const external: { x: number; y: number }[] = [];
    // The RSS by kind of mapping, once a minute (reading smaps costs a few ms): a growing RSS with a flat heap
    // and flat external memory is either native data (malloc) or JIT code (tier-up), and this tells which.
    const maps: ({ x: number } & MemoryMap)[] = [];
    let lastMapAt = -1;
    const sample = () => {
      const m = process.memoryUsage();
      const x = (performance.now() - t0) / 60_000;
      rss.push({ x, y: m.rss / MIB });
      heap.push({ x, y: m.heapUsed / MIB });
      heapCommitted.push({ x, y: m.heapTotal / MIB });
      external.push({ x, y: m.external / MIB });
      if (mode === 'soak' && (lastMapAt < 0 || x - lastMapAt >= 1)) {
        const map = memoryMap();
        if (map) maps.push({ x, ...map });
        lastMapAt = x;
      }
    };
    sample();
    const sampler = setInterval(sample, sampleSeconds * 1000);
    const cacheBefore = responseCacheStats(app);
    const stalls = watchStalls();
    measuring = true;
    let result: LoadResult;
    try {
      // Each connection is one member: it sends one session cookie with all its requests.
      result = await runLoad(env.tmp, { url: address, connections, seconds, paths, cookies }, load);
    } finally {
      clearInterval(sampler);
    }
    const eventLoop = stalls.stop();
    measuring = false;
    const server = {
      p50Ms: Math.round(served.percentile(50) / 1000),
      p99Ms: Math.round(served.percentile(99) / 1000),
      maxMs: Math.round(served.max / 1000),
    };
    lastMapAt = -1;
    sample();
    const p99 = result.p99;
    const cache = hitRate(cacheBefore, responseCacheStats(app));
    const details = {
      ...result,
      responseCache: cache,
      eventLoop,
      server,
      connections,
      seconds,
      observations: demo.observations,
      paths,
    };
    if (mode === 'load') {
      env.reporter.add({
        bench: LOAD,
        name: `member.mix.${kind}${load.suffix}.p99`,
        value: p99,
        unit: 'ms',
        ratio: null,
        reference: `${connections} member sessions, ${seconds} s, p50 ${result.p50} ms, cache ${cache.label}; server-side p50 ${server.p50Ms} ms, p99 ${server.p99Ms} ms; event loop delay p99 ${eventLoop.delayP99Ms} ms, max ${eventLoop.delayMaxMs} ms; GC ${eventLoop.gcTotalMs} ms in ${eventLoop.gcCount} pauses, longest ${eventLoop.gcMaxMs} ms`,
        target: `p99 < ${TARGET_P99_MS} ms, no errors`,
        isTargetMet: p99 < TARGET_P99_MS && result.errors === 0 && result.non2xx === 0,
        details,
      });
      env.reporter.add({
        bench: LOAD,
        name: `member.mix.${kind}${load.suffix}.requests-per-second`,
        value: result.requestsPerSecond,
        unit: 'req/s',
        ratio: null,
        reference: `${connections} member sessions, ${seconds} s`,
      });
      return;
    }
    // Slopes leave out the first tenth of the run (warm-up).
    const afterWarmUp = <P extends { x: number }>(points: readonly P[]) =>
      points.filter((p) => p.x >= seconds / 60 / 10);
    const warm = afterWarmUp(rss);
    const start = rss[0]!.y;
    const end = rss.at(-1)!.y;
    const perMinute = slope(warm);
    const heapPerMinute = slope(afterWarmUp(heap));
    const externalPerMinute = slope(afterWarmUp(external));
    const committedPerMinute = slope(afterWarmUp(heapCommitted));
    // The RSS saws up and down with the JS heap's collections: the lowest sample of each minute (what is left
    // after the collections) shows a trend the sawtooth hides, and the second half of the run one the warm-up
    // does not carry (PGlite's caches fill over the first minutes).
    const floors: { x: number; y: number }[] = [];
    for (let k = 0; k < Math.ceil(seconds / 60); k++) {
      const inMinute = rss.filter((p) => p.x >= k && p.x < k + 1);
      if (inMinute.length) floors.push({ x: k + 0.5, y: Math.min(...inMinute.map((p) => p.y)) });
    }
    const floorPerMinute = slope(afterWarmUp(floors));
    const secondHalfPerMinute = slope(rss.filter((p) => p.x >= seconds / 60 / 2));
    const mapSlope = (pick: (m: MemoryMap) => number) =>
      slope(afterWarmUp(maps).map((m) => ({ x: m.x, y: pick(m) })));
    const byMapping = maps.length
      ? `; by mapping (MiB/min): code ${mapSlope((m) => m.codeMiB).toFixed(2)} (${maps[0]!.codeMiB.toFixed(0)} → ${maps.at(-1)!.codeMiB.toFixed(0)} MiB), anonymous data ${mapSlope((m) => m.anonDataMiB).toFixed(2)}, of which in large mappings ${mapSlope((m) => m.largeAnonDataMiB).toFixed(2)}, files ${mapSlope((m) => m.fileMiB).toFixed(2)}`
      : '';
    env.reporter.add({
      bench: SOAK,
      name: `member.soak.${kind}${load.suffix}.rss-slope`,
      value: perMinute,
      unit: 'MiB/min',
      ratio: null,
      reference: `RSS ${start.toFixed(0)} → ${end.toFixed(0)} MiB over ${seconds} s, ${rss.length} samples; JS heap ${heapPerMinute.toFixed(2)} MiB/min (committed ${committedPerMinute.toFixed(2)}), external (WASM) ${externalPerMinute.toFixed(2)} MiB/min ${external[0]!.y.toFixed(0)} → ${external.at(-1)!.y.toFixed(0)} MiB; ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${p99} ms, cache ${cache.label}; per-minute floor ${floorPerMinute.toFixed(2)} MiB/min (${floors.map((p) => p.y.toFixed(0)).join(' ')}), second half ${secondHalfPerMinute.toFixed(2)} MiB/min${byMapping}`,
      target: 'memory stable: slope < 1 MiB/min, no errors',
      isTargetMet: perMinute < 1 && result.errors === 0 && result.non2xx === 0,
      details: {
        ...details,
        rssStartMiB: start,
        rssEndMiB: end,
        heapSlopeMiBPerMin: heapPerMinute,
        externalSlopeMiBPerMin: externalPerMinute,
        externalSamples: external,
        memoryMaps: maps,
        floorSlopeMiBPerMin: floorPerMinute,
        secondHalfSlopeMiBPerMin: secondHalfPerMinute,
        heapStartMiB: heap[0]!.y,
        heapEndMiB: heap.at(-1)!.y,
        p99,
        samples: rss,
        heapSamples: heap,
        heapCommittedSamples: heapCommitted,
        heapCommittedSlopeMiBPerMin: committedPerMinute,
      },
    });
  } finally {
    await app.close();
    if (before === undefined) delete process.env.PASSAGE_LOGIN_RATE_LIMIT;
    else process.env.PASSAGE_LOGIN_RATE_LIMIT = before;
  }
}

const kinds = () => (process.env.MEMBER_BENCH_DATABASES ?? 'pglite,postgres').split(',') as DbKind[];

export const memberApiLoad: Benchmark = {
  name: LOAD,
  summary:
    'member mix (dashboards, notices, search, submissions), 200 sessions for 60 s (autocannon): p99, req/s',
  async run(env) {
    for (const kind of kinds()) await runOn(env, kind, 'load');
  },
};

export const memberApiSoak: Benchmark = {
  name: SOAK,
  summary: 'the member mix for 10 minutes (MEMBER_SOAK_SECONDS): RSS start/end and slope',
  async run(env) {
    const soakKinds = process.env.MEMBER_SOAK_DATABASES?.split(',') as DbKind[] | undefined;
    for (const kind of soakKinds ?? kinds()) await runOn(env, kind, 'soak');
  },
};
