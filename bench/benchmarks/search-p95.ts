/**
 * The search across Passage (src/modules/search) over a generated corpus of 100,000 searchable items in three
 * languages (English, French, Russian; four classifications, two dialogues), added to the demo database:
 * GET /api/search as an ordinary member (viewer@demo.passage: the visibility filter on), against the same
 * statement (the facets and the ranked page with snippets at once: searchPage) run bare on the same connection.
 * Issue targets: p95 < 50 ms native, < 150 ms PGlite (warm); the ratio to bare SQL is reported.
 */
import sql, { type Sql } from 'sql-template-tag';
import type { DbKind } from '../../src/db/connect';
import { prefixQuery } from '../../src/domain/search/search-text';
import { type SearchSpec, searchPage } from '../../src/modules/search/search.sql';
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

/** Size of each language's vocabulary in the Zipf corpus: the domain words and numbered filler words. */
const VOCABULARY = 5_000;

/**
 * `zipf` (the default): words drawn with Zipf's law (log-uniform ranks, P(rank r) ∝ 1/r) from a vocabulary of
 * 5,000 words per language, the 24 domain words at ranks 30, 45, … 375, as in running text: "migration" (rank
 * 30, in English and French) is in about 15 % of the items, a pair of domain words in a few hundred. `dense`
 * (SEARCH_BENCH_CORPUS=dense, the corpus of the first runs): every body is made of the 24 domain words only,
 * so every query matches a third of the corpus: the worst case for ranking and facets, not running text.
 */
type Corpus = 'zipf' | 'dense';

function corpusOf(value: string | undefined): Corpus {
  if (value === undefined || value === '' || value === 'zipf') return 'zipf';
  if (value === 'dense') return 'dense';
  throw new Error(`SEARCH_BENCH_CORPUS must be zipf or dense, not ${value}`);
}

/** The words of a body or title (`count` of them) for item `g` of language `lang`, in SQL. */
function wordsSql(corpus: Corpus, count: number, salt: number): Sql {
  return corpus === 'dense'
    ? sql`(SELECT string_agg(v.w[1 + ((g * ${salt} + k * 11) % v.n)], ' ') FROM generate_series(1, ${count}) k)`
    : // random() after setseed: deterministic. A rank names its word arithmetically: indexing an array of
      // 5,000 texts walks it from the start, which made the corpus take 14 minutes on PGlite.
      sql`(SELECT string_agg(CASE WHEN z.r >= 30 AND (z.r - 30) % 15 = 0 AND (z.r - 30) / 15 < v.n
          THEN v.w[1 + (z.r - 30) / 15] ELSE v.filler || z.r END, ' ')
        FROM generate_series(1, ${count}) k, LATERAL (SELECT floor(exp(random() * ln(${VOCABULARY})))::int + 0 * k AS r) z)`;
}

/** 100,000 items: deterministic pseudo-random sentences from each language's words. */
async function generateCorpus(
  env: BenchEnv,
  kind: DbKind,
  db: Awaited<ReturnType<typeof demoDatabase>>['db'],
  corpus: Corpus,
) {
  const [d] = await db.query<{ id: number; org: number }>(
    sql`SELECT id, secretariat_org_id AS org FROM dialogues WHERE slug = 'demo'`,
  );
  const started = performance.now();
  await db.query(sql`DELETE FROM search_items WHERE item_type = 'bench'`);
  await db.query(sql`SELECT setseed(0.42)`);
  const title =
    corpus === 'dense'
      ? sql`initcap(v.w[1 + (g * 7) % v.n]) || ' ' || v.w[1 + (g * 13) % v.n] || ' ' || v.w[1 + (g * 17) % v.n]`
      : sql`initcap(${wordsSql(corpus, 4, 7)})`;
  await db.query(sql`INSERT INTO search_items (item_type, record_id, dialogue_id, classification,
      originator_org_id, country, item_date, language, title, body, link)
    WITH d (lang, t, filler) AS (VALUES ('en', ${WORDS.en}, 'lex'), ('fr', ${WORDS.fr}, 'mot'),
        ('ru', ${WORDS.ru}, 'слово')),
      vocab AS (SELECT d.lang, d.filler, string_to_array(d.t, ' ') AS w,
          cardinality(string_to_array(d.t, ' ')) AS n FROM d)
    SELECT 'bench', g::text, ${d!.id},
      (ARRAY['public','dialogue','dialogue','restricted','originator'])[1 + g % 5]::classification,
      ${d!.org}, (ARRAY['GRC','ITA','TUR','AUT','BGR'])[1 + g % 5], DATE '2015-01-01' + (g % 3650),
      v.lang, ${title}, ${wordsSql(corpus, 60, 31)}, '/d/demo'
    FROM generate_series(1, ${ITEMS}) g
      JOIN vocab v ON v.lang = (ARRAY['en','fr','ru'])[1 + g % 3]`);
  await db.query(sql`ANALYZE search_items`);
  await db.query(sql`ANALYZE search_terms`);
  env.reporter.note(
    BENCH,
    `${kind}: generated ${ITEMS.toLocaleString('en')} search items (${corpus} corpus, en/fr/ru, 60-word bodies) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function runOn(env: BenchEnv, kind: DbKind): Promise<void> {
  const demo = await demoDatabase(env, kind);
  const db = demo.db;
  const corpus = corpusOf(process.env.SEARCH_BENCH_CORPUS);
  await generateCorpus(env, kind, db, corpus);
  const app = await buildApp({ db, responseCache: null }); // the uncached cost (the response cache would answer repeats)
  await app.ready();
  try {
    const { cookie, actor } = await loginDemoUser(app, db, 'viewer@demo.passage');
    for (const q of [
      'readmission agreement',
      'coopération frontière',
      'соглашение о реадмиссии',
      'partnersh',
      'migration',
      // A typo: nothing matches as words, so the search answers titles spelled alike (trigrams).
      'migratoin',
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
        // As the service: full text first, then (nothing found) titles spelled alike, whose similarity floor
        // is a setting of the transaction.
        const page = await searchPage(db, actor, spec);
        if (page.facets.length === 0)
          await db.transaction((tx) => searchPage(tx, actor, { ...spec, mode: 'similar' }));
      };
      const [apiTiming, sqlTiming] = await measurePair(api, bare, { warmup: WARMUP, runs: RUNS });
      for (const r of timingResults(
        {
          bench: BENCH,
          name: `search.${q.replace(/\s+/g, '-')}.${kind}`,
          referenceName: 'bare-sql',
          details: { q, matched: total, items: ITEMS, corpus },
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
