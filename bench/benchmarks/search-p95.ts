/**
 * The search across Passage (src/modules/search) over a generated corpus of 100,000 searchable items in three
 * languages (English, French, Russian; four classifications, two dialogues), added to the demo database:
 * GET /api/search as an ordinary member (viewer@demo.passage: the visibility filter on), against the same
 * two statements (facets and counts, then the ranked page with snippets) run bare on the same connection.
 * Issue targets: p95 < 50 ms native, < 150 ms PGlite (warm); the ratio to bare SQL is reported.
 */
import sql from 'sql-template-tag';
import type { DbKind } from '../../src/db/connect';
import { prefixQuery } from '../../src/domain/search/search-text';
import { type SearchSpec, searchFacets, searchHits } from '../../src/modules/search/search.sql';
import { buildApp } from '../../src/server/app';
import { loginDemoUser } from '../lib/demo-login';
import type { BenchEnv } from '../lib/env';
import { timingResults } from '../lib/report';
import { measurePair } from '../lib/stats';
import type { Benchmark } from '../lib/types';
import { demoDatabase } from './dashboard-api-vs-sql';

const BENCH = 'search-p95';
const ITEMS = 100_000;
const WARMUP = 5;
const RUNS = 30;
const TARGET_P95: Record<DbKind, number> = { postgres: 50, pglite: 150 };

const WORDS = {
  en: 'migration border route readmission visa agreement smuggling return asylum labour partnership cooperation flows data report meeting declaration security document fraud liaison officer country profile practice',
  fr: 'migration frontière route réadmission visa accord trafic retour asile travail partenariat coopération flux données rapport réunion déclaration sécurité document fraude liaison officier pays profil pratique',
  ru: 'миграция граница маршрут реадмиссия виза соглашение контрабанда возвращение убежище труд партнёрство сотрудничество потоки данные доклад совещание декларация безопасность документ мошенничество связь офицер страна профиль практика',
};

/** 100,000 items: deterministic pseudo-random sentences from each language's words. */
async function generateCorpus(
  env: BenchEnv,
  kind: DbKind,
  db: Awaited<ReturnType<typeof demoDatabase>>['db'],
) {
  const [d] = await db.query<{ id: number; org: number }>(
    sql`SELECT id, secretariat_org_id AS org FROM dialogues WHERE slug = 'demo'`,
  );
  const started = performance.now();
  await db.query(sql`DELETE FROM search_items WHERE item_type = 'bench'`);
  await db.query(sql`INSERT INTO search_items (item_type, record_id, dialogue_id, classification,
      originator_org_id, country, item_date, language, title, body, link)
    SELECT 'bench', g::text, ${d!.id},
      (ARRAY['public','dialogue','dialogue','restricted','originator'])[1 + g % 5]::classification,
      ${d!.org}, (ARRAY['GRC','ITA','TUR','AUT','BGR'])[1 + g % 5], DATE '2015-01-01' + (g % 3650),
      l.lang, initcap(w[1 + (g * 7) % n]) || ' ' || w[1 + (g * 13) % n] || ' ' || w[1 + (g * 17) % n],
      (SELECT string_agg(w[1 + ((g * 31 + k * 11) % n)], ' ') FROM generate_series(1, 60) k),
      '/d/demo'
    FROM generate_series(1, ${ITEMS}) g,
      LATERAL (SELECT (ARRAY['en','fr','ru'])[1 + g % 3] AS lang) l,
      LATERAL (SELECT CASE l.lang WHEN 'en' THEN ${WORDS.en} WHEN 'fr' THEN ${WORDS.fr} ELSE ${WORDS.ru} END AS t) s,
      LATERAL (SELECT string_to_array(s.t, ' ') AS w) a,
      LATERAL (SELECT cardinality(a.w) AS n) c`);
  await db.query(sql`ANALYZE search_items`);
  env.reporter.note(
    BENCH,
    `${kind}: generated ${ITEMS.toLocaleString('en')} search items (en/fr/ru, 60-word bodies) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function runOn(env: BenchEnv, kind: DbKind): Promise<void> {
  const demo = await demoDatabase(env, kind);
  const db = demo.db;
  await generateCorpus(env, kind, db);
  const app = await buildApp({ db });
  await app.ready();
  try {
    const { cookie, actor } = await loginDemoUser(app, db, 'viewer@demo.passage');
    for (const q of [
      'readmission agreement',
      'coopération frontière',
      'соглашение о реадмиссии',
      'partnersh',
    ]) {
      const spec: SearchSpec = {
        q,
        prefix: prefixQuery(q),
        mode: 'fulltext',
        filter: {},
        limit: 20,
        offset: 0,
      };
      let total = 0;
      const api = async () => {
        const res = await app.inject({
          method: 'GET',
          url: `/api/search?q=${encodeURIComponent(q)}`,
          headers: { cookie },
        });
        if (res.statusCode !== 200) throw new Error(`${q}: ${res.statusCode} ${res.body}`);
        total = (res.json() as { total: number }).total;
      };
      const bare = async () => {
        await searchFacets(db, actor, spec);
        await searchHits(db, actor, spec);
      };
      const [apiTiming, sqlTiming] = await measurePair(api, bare, { warmup: WARMUP, runs: RUNS });
      for (const r of timingResults(
        {
          bench: BENCH,
          name: `search.${q.replace(/\s+/g, '-')}.${kind}`,
          referenceName: 'bare-sql',
          details: { q, matched: total, items: ITEMS },
        },
        apiTiming,
        sqlTiming,
        { p95: { ms: TARGET_P95[kind], label: `${kind}, 10^5 items, member` } },
      ))
        env.reporter.add(r);
    }
  } finally {
    await app.close();
  }
}

export const searchP95: Benchmark = {
  name: BENCH,
  summary: 'search API over 100,000 generated items (en/fr/ru) as a member vs the same SQL bare',
  async run(env) {
    for (const kind of ['pglite', 'postgres'] as const) await runOn(env, kind);
  },
};
