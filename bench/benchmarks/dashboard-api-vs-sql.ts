/**
 * The route-dashboard queries (series, top citizenships, route × month, reporter-month, and the heavier
 * flows and route shifts) through the HTTP API (app.inject: routing, session, access rule, input
 * validation, scope lookup, row-level security transaction, response serialisation) against the same SQL
 * statement run bare on the same connection, on PGlite and on native PostgreSQL, over the demo data at the
 * run's scale. Issue targets at 10^7: p95 < 50 ms native, < 200 ms PGlite (warm); API ≤ 1.5× bare SQL.
 */
import sql, { type Sql } from 'sql-template-tag';
import type { DbKind } from '../../src/db/connect';
import { DEMO_SLUG } from '../../src/demo/demo-dialogue';
import { DIMENSIONS } from '../../src/domain/observations/dimensions';
import { dashboardClasses } from '../../src/modules/analytics/analytics.service';
import {
  flowsSql,
  reporterMonthSql,
  routeMonthSql,
  routeShiftsSql,
  seriesSql,
  topCitizenshipsSql,
} from '../../src/modules/analytics/analytics.sql';
import { buildApp } from '../../src/server/app';
import { readResponseCacheOptions } from '../../src/shared/response-cache';
import { type LoadedDemo, loadDemoNative, loadDemoPglite } from '../lib/demo-data';
import { loginDemoUser } from '../lib/demo-login';
import type { BenchEnv } from '../lib/env';
import { timingResults } from '../lib/report';
import { measurePair } from '../lib/stats';
import type { Benchmark } from '../lib/types';

const BENCH = 'dashboard-api-vs-sql';
const WARMUP = 5;
const RUNS = 30;
const TARGET_P95: Record<DbKind, number> = { postgres: 50, pglite: 200 };

/** The demo database at the run's scale, loaded once per run and kind (other benchmarks may reuse it). */
export function demoDatabase(env: BenchEnv, kind: DbKind): Promise<LoadedDemo> {
  return env.once(`demo-${kind}-${env.scale}`, async () => {
    const loaded =
      kind === 'postgres'
        ? await loadDemoNative(await env.createNativeDatabase(`bench_demo_${env.scale}`), env.scale)
        : await loadDemoPglite(env.pgliteDir(`demo-${env.scale}`), env.scale);
    env.reporter.note(
      BENCH,
      `${kind}: loaded ${loaded.observations.toLocaleString('en')} observations by COPY in ${loaded.loadSeconds.toFixed(1)} s, rollups refreshed in ${loaded.refreshSeconds.toFixed(1)} s`,
    );
    if (kind === 'pglite') {
      const [v] = await loaded.db.query<{ version: string }>(sql`SELECT version()`);
      env.reporter.machine.postgres.pglite = v?.version.split(' on ')[0] ?? 'unknown';
    }
    env.onClose(() => loaded.db.close());
    return loaded;
  });
}

async function runOn(env: BenchEnv, kind: DbKind): Promise<void> {
  const demo = await demoDatabase(env, kind);
  const db = demo.db;
  const app = await buildApp({ db, responseCache: null }); // the uncached cost (the response cache would answer repeats)
  await app.ready();
  try {
    const { cookie, actor } = await loginDemoUser(app, db, 'analyst@demo.passage');
    const classes = dashboardClasses(actor, demo.dialogueId);
    const [ibc] = await db.query<{ id: number }>(
      sql`SELECT id FROM indicators WHERE dialogue_id = ${demo.dialogueId} AND code = 'IBC'`,
    );
    const indicatorId = ibc!.id;
    const routes = (
      await db.query<{ code: string }>(
        sql`SELECT code FROM routes WHERE dialogue_id = ${demo.dialogueId} ORDER BY code`,
      )
    ).map((r) => r.code);
    const breakdowns = DIMENSIONS;
    const base = `/api/dialogues/${DEMO_SLUG}/analytics`;
    const queries: {
      name: string;
      url: string;
      sql: Sql;
      /** Rows of the API answer comparable with the SQL rows (default: its one array). */
      apiRows?: (body: Record<string, unknown>) => number;
    }[] = [
      {
        name: 'series',
        url: `${base}/series?indicator=IBC&route=EMED`,
        sql: seriesSql({ indicatorId, route: 'EMED', classes, breakdowns }),
      },
      {
        name: 'top-citizenships',
        url: `${base}/top-citizenships?indicator=IBC&route=EMED&year=2024&limit=10`,
        sql: topCitizenshipsSql({ indicatorId, route: 'EMED', year: 2024, limit: 10, classes }),
      },
      {
        name: 'route-month',
        url: `${base}/route-month?indicator=IBC`,
        sql: routeMonthSql({ indicatorId, routes, classes }),
      },
      {
        name: 'reporter-month',
        url: `${base}/reporter-month?reporter=GRC&period=2024-06`,
        sql: reporterMonthSql({
          dialogueId: demo.dialogueId,
          reporter: 'GRC',
          period: '2024-06',
          classes,
          actor,
          breakdowns,
        }),
      },
      {
        // Twelve months of both link layers (citizenship → route, route → reporter).
        name: 'flows',
        url: `${base}/flows?indicator=IBC&from=2024-10&to=2025-09&limit=12`,
        sql: flowsSql({
          dialogueId: demo.dialogueId,
          indicatorId,
          routes,
          from: '2024-10',
          to: '2025-09',
          limit: 12,
          classes,
          breakdowns,
        }),
      },
      {
        name: 'route-shifts',
        url: `${base}/route-shifts?indicator=IBC&aFrom=2023-10&aTo=2024-09&bFrom=2024-10&bTo=2025-09&minVolume=50&limit=10`,
        sql: routeShiftsSql({
          dialogueId: demo.dialogueId,
          indicatorId,
          routes,
          a: { from: '2023-10', to: '2024-09' },
          b: { from: '2024-10', to: '2025-09' },
          minVolume: 50,
          limit: 10,
          classes,
          breakdowns,
        }),
        // One SQL row per citizenship and route; the API nests the routes in each citizenship.
        apiRows: (body) => (body.items as { routes: unknown[] }[]).reduce((n, i) => n + i.routes.length, 0),
      },
    ];
    for (const q of queries) {
      let apiRows = 0;
      let sqlRows = 0;
      const api = async () => {
        const res = await app.inject({ method: 'GET', url: q.url, headers: { cookie } });
        if (res.statusCode !== 200) throw new Error(`${q.url}: ${res.statusCode} ${res.body}`);
        const body = res.json() as Record<string, unknown[]>;
        apiRows = q.apiRows
          ? q.apiRows(body)
          : (body.points ?? body.items ?? body.cells ?? body.observations ?? body.links ?? []).length;
      };
      const bare = async () => {
        sqlRows = (await db.query(q.sql)).length;
      };
      const [apiTiming, sqlTiming] = await measurePair(api, bare, { warmup: WARMUP, runs: RUNS });
      if (apiRows !== sqlRows)
        throw new Error(`${q.name}: API returned ${apiRows} rows, bare SQL ${sqlRows}`);
      for (const r of timingResults(
        {
          bench: BENCH,
          name: `dashboard.${q.name}.${kind}`,
          referenceName: 'bare-sql',
          details: { url: q.url, rows: apiRows, observations: demo.observations, scale: env.scale },
        },
        apiTiming,
        sqlTiming,
        {
          p95: { ms: TARGET_P95[kind], label: `${kind} at 10^7` },
          ratio: 1.5,
        },
      ))
        env.reporter.add(r);
    }
    // Separately, the same calls answered by the response cache (src/shared/response-cache.ts), warm: what a
    // repeated dashboard call costs. Not the ratio (that is the uncached cost above).
    const cached = await buildApp({ db, responseCache: readResponseCacheOptions({}) });
    try {
      for (const q of queries) {
        const api = async () => {
          const res = await cached.inject({ method: 'GET', url: q.url, headers: { cookie } });
          if (res.statusCode !== 200) throw new Error(`${q.url}: ${res.statusCode} ${res.body}`);
        };
        const bare = async () => db.query(q.sql);
        const [apiTiming, sqlTiming] = await measurePair(api, bare, { warmup: WARMUP, runs: RUNS });
        for (const r of timingResults(
          {
            bench: BENCH,
            name: `dashboard.${q.name}.${kind}.cached`,
            referenceName: 'bare-sql',
            details: { url: q.url, responseCache: cached.responseCache?.stats() },
          },
          apiTiming,
          sqlTiming,
        ))
          env.reporter.add(r);
      }
    } finally {
      await cached.close();
    }
  } finally {
    await app.close();
  }
}

export const dashboardApiVsSql: Benchmark = {
  name: BENCH,
  summary: 'route-dashboard API (6 queries) vs the same SQL bare, PGlite and native PostgreSQL',
  async run(env) {
    for (const kind of ['pglite', 'postgres'] as const) {
      await runOn(env, kind);
    }
  },
};
