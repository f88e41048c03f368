/**
 * The load generator of the load benchmarks (member-api-load, member-api-soak, public-api-load): autocannon
 * against a server listening on loopback, run in a child Node process (bench/children/load-child.ts) by
 * default. Real clients are not inside the server: in-process, autocannon's request building and response
 * parsing take turns with the server on its one event loop (it measured its own queueing as server latency)
 * and its memory counted in the soak's RSS. `BENCH_LOAD_IN_PROCESS=1` runs it in this process as before, to
 * compare (bench/README.md has both).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import type { ResponseCacheStats } from '../../src/shared/response-cache';
import { runChild } from './rss';

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  paths: readonly string[];
  /** Session cookies: each connection takes the next one for all its requests (one member per connection). */
  cookies?: readonly string[];
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  average: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** Where autocannon ran: `child` (its own process) or `in-process` (the server's event loop). */
  generator: 'child' | 'in-process';
}

/** Runs autocannon in this process (the child's body, and the BENCH_LOAD_IN_PROCESS comparison). */
export async function runAutocannon(spec: LoadSpec, generator: LoadResult['generator']): Promise<LoadResult> {
  const cookies = spec.cookies ?? [];
  let next = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    requests: spec.paths.map((path) => ({
      method: 'GET',
      path,
      ...(cookies.length > 0 && {
        setupRequest: (req, context) => {
          context.cookie ??= cookies[next++ % cookies.length];
          return { ...req, headers: { ...req.headers, cookie: context.cookie ?? '' } };
        },
      }),
    })),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    average: result.latency.average,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([c, s]) => [c, s.count])),
    generator,
  };
}

/**
 * How one load run is set up: the response cache on or off, the generator in a child or in the server's
 * process. `BENCH_LOAD_MODES` lists them (default `on`): `on`, `off` (cache off) and `off-in-process` (cache
 * off, generator in-process: how these benchmarks measured before), run one after the other on the same data.
 */
export interface LoadMode {
  name: 'on' | 'off' | 'off-in-process';
  isCached: boolean;
  isInProcess: boolean;
  /** Appended to the result names: '' for `on`, else `.cache-off` / `.in-process-cache-off`. */
  suffix: string;
}

const MODES: Record<LoadMode['name'], LoadMode> = {
  on: { name: 'on', isCached: true, isInProcess: false, suffix: '' },
  off: { name: 'off', isCached: false, isInProcess: false, suffix: '.cache-off' },
  'off-in-process': {
    name: 'off-in-process',
    isCached: false,
    isInProcess: true,
    suffix: '.in-process-cache-off',
  },
};

export function loadModes(env: NodeJS.ProcessEnv = process.env): LoadMode[] {
  return (env.BENCH_LOAD_MODES ?? 'on').split(',').map((raw) => {
    const mode = MODES[raw.trim() as LoadMode['name']];
    if (!mode) throw new Error(`BENCH_LOAD_MODES: "${raw}" is none of ${Object.keys(MODES).join(', ')}`);
    return mode;
  });
}

/** Runs the load from a child process or, for an in-process mode (or BENCH_LOAD_IN_PROCESS=1), from this one. */
export async function runLoad(tmp: string, spec: LoadSpec, mode?: LoadMode): Promise<LoadResult> {
  if (mode?.isInProcess || process.env.BENCH_LOAD_IN_PROCESS === '1')
    return runAutocannon(spec, 'in-process');
  const file = join(tmp, `load-${process.pid}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return runChild<LoadResult>('bench/children/load-child.ts', [file]);
}

/** The response cache's counters of a server (src/shared/response-cache.ts); null when it is off. */
export function responseCacheStats(app: FastifyInstance): ResponseCacheStats | null {
  return app.responseCache?.stats() ?? null;
}

/** Hits over look-ups between two snapshots of the counters, with a label for the result line. */
export function hitRate(
  before: ResponseCacheStats | null,
  after: ResponseCacheStats | null,
): Partial<ResponseCacheStats> & { rate: number | null; label: string } {
  if (!before || !after) return { rate: null, label: 'off' };
  // Object.fromEntries loses the key type: the keys are those of ResponseCacheStats, hence the cast.
  const delta = Object.fromEntries(
    Object.entries(after).map(([k, v]) => [k, v - before[k as keyof ResponseCacheStats]]),
  ) as Partial<ResponseCacheStats>;
  const hits = delta.hits ?? 0;
  const misses = delta.misses ?? 0;
  const rate = hits + misses > 0 ? hits / (hits + misses) : null;
  return {
    ...delta,
    entries: after.entries,
    bytes: after.bytes,
    rate,
    label: rate === null ? 'on, unused' : `hit rate ${(rate * 100).toFixed(1)} %`,
  };
}
