/**
 * Crash consistency (issue 19), on both databases: the real server process (`passage start`) is killed with
 * SIGKILL at seeded random moments — while a data provider's file import runs, while a data manager's
 * publication runs, and idle — then the database is opened again and checked:
 * - it opens (PGlite: the data directory written by WASM PostgreSQL reads back after the kill);
 * - every import the server answered (201) is there, with all its rows; none is half there (a submission
 *   holds either every row of the file or does not exist);
 * - a publication is whole: a published submission has every figure published, a validated one none;
 * - the audit chain verifies (`passage audit verify`);
 * - after the last kill, a clean start becomes ready (`/api/health/ready`: migrations current, no due job
 *   waiting past the bound). A job left `running` by a kill is not checked here.
 * Slow (a server start per kill), so it is its own suite: `npm run test:crash` (.ci/run runs it), one file
 * per database (crash-pglite.test.ts, crash-postgres.test.ts) so that the two run in parallel.
 * The seed is printed; PASSAGE_CRASH_SEED replays a run, PASSAGE_CRASH_KILLS sets the kills per database.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import sql from 'sql-template-tag';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db, DbKind } from '../../src/db/connect';
import { seededRandom as random } from '../../src/demo/generate-observations';
import { verifyAuditLog } from '../../src/modules/audit/audit.service';
import { testDatabases } from '../databases';
import { emptyDatabase, logInOverHttp, type Server, startServer } from '../server-process';

const KILLS = Number(process.env.PASSAGE_CRASH_KILLS ?? 20);
const SEED = Number(process.env.PASSAGE_CRASH_SEED ?? Date.now() % 1_000_000);
const PASSWORD = 'crash-test-password-1';
const SLUG = 'demo';

type Scenario = 'import' | 'publish' | 'forecast' | 'translation' | 'idle';
const SCENARIOS: readonly Scenario[] = ['import', 'publish', 'forecast', 'translation', 'idle'];

interface Tally {
  kills: Record<Scenario, number>;
  importsAnswered: number;
  importsCut: number;
  publishesAnswered: number;
  publishesCut: number;
  refreshesAnswered: number;
  editsAnswered: number;
  editsCut: number;
}

/** What the checks after a kill compare the database with. */
interface Expected {
  /** Submission id → rows of its file, for every import the server answered. */
  answered: ReadonlyMap<number, number>;
  rows: number;
  /** The imports of totals that the publication scenario publishes, and their rows. */
  answeredTotals: ReadonlySet<number>;
  totalRows: number;
  /** The texts of every translation edit the server answered (French names of the demo's routes). */
  answeredEdits: ReadonlySet<string>;
}

class Client {
  private cookie = '';
  constructor(readonly base: string) {}

  async logIn(email: string): Promise<void> {
    this.cookie = await logInOverHttp(this.base, email, PASSWORD);
  }

  send(method: string, path: string, body?: string, type = 'application/json'): Promise<Response> {
    return fetch(`${this.base}/api/dialogues/${SLUG}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-passage-csrf': '1',
        ...(body === undefined ? {} : { 'content-type': type }),
      },
      ...(body === undefined ? {} : { body }),
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const NOT_BREAKDOWNS = new Set(['indicator', 'reporter', 'period', 'value', 'flags', 'comment', 'derived']);

/**
 * The totals of an exported file (every breakdown `_T` or empty): the demo's breakdowns do not always add up
 * to its totals (the rules find that on submit, as designed), so the publication scenario publishes totals.
 */
function totalsOnly(csv: string): { file: string; rows: number } {
  const records: string[][] = parse(csv, { bom: true });
  const [header, ...body] = records;
  if (!header) throw new Error('empty export');
  const breakdowns = header.flatMap((h, i) => (NOT_BREAKDOWNS.has(h) ? [] : [i]));
  const totals = body.filter((r) => breakdowns.every((i) => r[i] === '' || r[i] === '_T'));
  return { file: stringify([header, ...totals]), rows: totals.length };
}

/** An import's answer (ImportResultView): the new submission and how many figures it holds. */
async function importOf(res: Response): Promise<{ submissionId: number; observations: number }> {
  const body: unknown = await res.json();
  if (
    typeof body === 'object' &&
    body !== null &&
    'submissionId' in body &&
    typeof body.submissionId === 'number' &&
    'observations' in body &&
    typeof body.observations === 'number'
  )
    return { submissionId: body.submissionId, observations: body.observations };
  throw new Error(`not an import result: ${JSON.stringify(body)}`);
}

const idOf = async (res: Response) => (await importOf(res)).submissionId;

/** The harness for one database. */
export function crashConsistency(kind: DbKind): void {
  describe.skipIf(!testDatabases().includes(kind))(`crash consistency [${kind}]`, () => {
    const running: Server[] = [];
    afterAll(() => {
      for (const s of running) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    });

    it(`survives ${KILLS} SIGKILLs during imports, publications and idle, losing nothing`, {
      timeout: 900_000,
    }, async () => {
      const rnd = random(SEED + (kind === 'postgres' ? 1 : 0));
      console.log(`crash [${kind}]: seed ${SEED}, ${KILLS} kills`);
      const database = await emptyDatabase(kind);
      const env = {
        ...database.env,
        HOST: '127.0.0.1',
        PASSAGE_DEMO: 'on',
        PASSAGE_DEMO_PASSWORD: PASSWORD,
        PASSAGE_REQUIRE_2FA_ROLES: 'none',
      };
      const start = async (): Promise<{ server: Server; base: string }> => {
        const server = startServer(env);
        running.push(server);
        const [, port] = await server.waitFor(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/, 240_000);
        return { server, base: `http://127.0.0.1:${port}` };
      };
      const kill = async (server: Server) => {
        server.child.kill('SIGKILL');
        await server.exited;
      };
      const tally: Tally = {
        kills: { import: 0, publish: 0, forecast: 0, translation: 0, idle: 0 },
        importsAnswered: 0,
        importsCut: 0,
        publishesAnswered: 0,
        publishesCut: 0,
        refreshesAnswered: 0,
        editsAnswered: 0,
        editsCut: 0,
      };
      const answeredEdits = new Set<string>();
      /** Submission id → rows of its file, for every import the server answered. */
      const answered = new Map<number, number>();
      /** The same for the imports of totals that the publication scenario publishes. */
      const answeredTotals = new Set<number>();
      let file = '';
      let rows = 0;
      let totals = { file: '', rows: 0 };
      try {
        // The first start seeds the demo; its published Italian figures, exported, are the file to import.
        const first = await start();
        const provider = new Client(first.base);
        await provider.logIn('provider@demo.passage');
        const exported = await provider.send('GET', '/observations?reporter=ITA&format=csv&limit=50000');
        expect(exported.status).toBe(200);
        file = await exported.text();
        totals = totalsOnly(file);
        expect(totals.rows).toBeGreaterThan(100);
        // The file revises published months: the secretariat lets published months be revised (the lock is
        // a setting of the reporting calendar), so every import and publication in the loop is accepted.
        const manager = new Client(first.base);
        await manager.logIn('manager@demo.passage');
        const settings = (await (await manager.send('GET', '/definitions/calendar-settings')).json()) as {
          revision: number;
        } & Record<string, unknown>; // CalendarSettingsView (src/modules/calendars/calendars.schema.ts)
        const unlocked = await manager.send(
          'PUT',
          '/definitions/calendar-settings',
          JSON.stringify({
            areRemindersEnabled: settings.areRemindersEnabled,
            reminderOffsets: settings.reminderOffsets,
            isDigestEnabled: settings.isDigestEnabled,
            isLockingPublished: false,
            expectedRevision: settings.revision,
          }),
        );
        expect(unlocked.status, await unlocked.text()).toBe(200);
        // How long an import takes here, to spread the kills over it.
        const t0 = performance.now();
        const timing = await provider.send(
          'POST',
          '/imports?reporter=ITA&fileName=crash.csv',
          file,
          'text/csv',
        );
        expect(timing.status, (await timing.clone().text()).slice(0, 500)).toBe(201);
        const firstImport = await importOf(timing);
        rows = firstImport.observations;
        expect(rows).toBeGreaterThan(1000);
        answered.set(firstImport.submissionId, rows);
        const importMs = performance.now() - t0;
        console.log(`crash [${kind}]: an import of ${rows} figures takes ${Math.round(importMs)} ms`);
        await kill(first.server);
        await check(database, { answered, rows, answeredTotals, totalRows: totals.rows, answeredEdits });

        for (let k = 0; k < KILLS; k++) {
          const scenario: Scenario = SCENARIOS[Math.floor(rnd() * SCENARIOS.length)]!;
          const { server, base } = await start();
          if (scenario === 'idle') {
            await sleep(rnd() * 1000);
          } else if (scenario === 'import') {
            const c = new Client(base);
            await c.logIn('provider@demo.passage');
            const delay = rnd() * importMs * 1.2;
            const sent = c
              .send('POST', '/imports?reporter=ITA&fileName=crash.csv', file, 'text/csv')
              .then(async (r) => (r.status === 201 ? await idOf(r) : null))
              .catch(() => null);
            await Promise.race([sent, sleep(delay)]);
            const id = await Promise.race([sent, Promise.resolve(undefined)]);
            if (typeof id === 'number') {
              answered.set(id, rows);
              tally.importsAnswered++;
            } else tally.importsCut++;
          } else if (scenario === 'forecast') {
            // A refresh queued (committed before the 202), then killed while the worker runs it.
            const m = new Client(base);
            await m.logIn('manager@demo.passage');
            const queued = await m.send('POST', '/forecasts/refresh', '{}');
            expect(queued.status, await queued.text()).toBe(202);
            tally.refreshesAnswered++;
            await sleep(rnd() * 4000);
          } else if (scenario === 'translation') {
            const m = new Client(base);
            await m.logIn('manager@demo.passage');
            const list = (await (await m.send('GET', '/translations')).json()) as {
              items: {
                entity: string;
                id: number;
                field: string;
                cells: Record<string, { revision: number }>;
              }[];
            }; // TranslationsView (src/modules/translations/translations.schema.ts): the fields used here
            const routes = list.items.filter((i) => i.entity === 'route' && i.field === 'name');
            const item = routes[Math.floor(rnd() * routes.length)];
            if (!item) throw new Error('the demo has no route names to translate');
            const text = `Route (crash ${k}, ${SEED})`;
            const sent = m
              .send(
                'PUT',
                '/translations',
                JSON.stringify({
                  entity: 'route',
                  id: item.id,
                  field: 'name',
                  language: 'fr',
                  text,
                  baseRevision: item.cells.fr?.revision ?? 0,
                }),
              )
              .then((r) => r.status)
              .catch(() => null);
            await Promise.race([sent, sleep(rnd() * 300)]);
            const status = await Promise.race([sent, Promise.resolve(undefined)]);
            if (status === 200) {
              answeredEdits.add(text);
              tally.editsAnswered++;
            } else tally.editsCut++;
          } else {
            const id = await publishable(base);
            const m = new Client(base);
            await m.logIn('manager@demo.passage');
            const sent = m
              .send('POST', `/submissions/${id}/publish`, '{}')
              .then((r) => r.status)
              .catch(() => null);
            const delay = rnd() * 3000;
            await Promise.race([sent, sleep(delay)]);
            const status = await Promise.race([sent, Promise.resolve(undefined)]);
            if (status === 200) tally.publishesAnswered++;
            else tally.publishesCut++;
          }
          tally.kills[scenario]++;
          await kill(server);
          await check(database, { answered, rows, answeredTotals, totalRows: totals.rows, answeredEdits });
        }
        // After the last kill: a clean start becomes ready (migrations current, the job queue moving).
        const last = await start();
        await waitUntilReady(last.base);
        await kill(last.server);
        console.log(`crash [${kind}]: ${JSON.stringify(tally)}`);
        expect(Object.values(tally.kills).reduce((a, b) => a + b, 0)).toBe(KILLS);
      } finally {
        await database.drop();
      }

      /** Imports one file as the provider and submits and validates it as the manager: ready to publish. */
      async function publishable(base: string): Promise<number> {
        const p = new Client(base);
        await p.logIn('provider@demo.passage');
        const imported = await p.send(
          'POST',
          '/imports?reporter=ITA&fileName=totals.csv',
          totals.file,
          'text/csv',
        );
        expect(imported.status, (await imported.clone().text()).slice(0, 500)).toBe(201);
        const id = await idOf(imported);
        answeredTotals.add(id);
        const submitted = await p.send(
          'POST',
          `/submissions/${id}/submit`,
          JSON.stringify(await warnings(p, id)),
        );
        expect(submitted.status, (await submitted.clone().text()).slice(0, 500)).toBe(200);
        const m = new Client(base);
        await m.logIn('manager@demo.passage');
        const validated = await m.send('POST', `/submissions/${id}/validate`, '{}');
        expect(validated.status, (await validated.clone().text()).slice(0, 500)).toBe(200);
        return id;
      }
    });
  });
}

/** A submit needs a reason for every warning the rules found: give one per finding key. */
async function warnings(c: Client, id: number): Promise<{ warningComments: Record<string, string> }> {
  const res = await c.send('GET', `/submissions/${id}`);
  // The submission view (src/modules/submissions/submissions.schema.ts), as JSON: only the fields used here.
  const body = (await res.json()) as { findings?: { key: string; severity: string }[] };
  const comments: Record<string, string> = {};
  for (const f of body.findings ?? [])
    if (f.severity === 'warning') comments[f.key] = 'crash test: the same figures again';
  return { warningComments: comments };
}

/** Waits until a freshly started server answers /api/health/ready with 200 (a minute at most). */
async function waitUntilReady(base: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const res = await fetch(`${base}/api/health/ready`);
    if (res.status === 200) return;
    await sleep(500);
  }
  throw new Error('the server did not become ready');
}

/** What must hold after every kill, read from the database with the server stopped. */
async function check(database: { open(): Promise<Db> }, expected: Expected): Promise<void> {
  const { answered, rows, answeredTotals, totalRows, answeredEdits } = expected;
  const db = await database.open();
  try {
    const counts = await db.query<{
      id: number;
      file: string;
      status: string;
      figures: number;
      published: number;
    }>(
      sql`SELECT s.id, s.file_name AS file, s.status, count(o.id)::int AS figures,
                 count(o.id) FILTER (WHERE o.published_at IS NOT NULL)::int AS published
            FROM submissions s LEFT JOIN observations o ON o.submission_id = s.id
           WHERE s.reporter_iso3 = 'ITA' AND s.file_name IN ('crash.csv', 'totals.csv')
           GROUP BY s.id, s.file_name, s.status`,
    );
    for (const c of counts) {
      // All or nothing: a submission made by an import holds every row of its file.
      const want = c.file === 'crash.csv' ? rows : totalRows;
      expect(c.figures, `submission ${c.id} (${c.status}) has ${c.figures} of ${want} figures`).toBe(want);
      // A publication is whole: every figure of a published submission is published, none of another.
      if (c.status === 'published') expect(c.published, `published submission ${c.id}`).toBe(want);
      else expect(c.published, `unpublished submission ${c.id} (${c.status})`).toBe(0);
    }
    const present = new Set(counts.map((c) => c.id));
    for (const id of [...answered.keys(), ...answeredTotals])
      expect(present.has(id), `answered import ${id} is there`).toBe(true);
    // Forecasts are replaced whole (one transaction per refresh): no series without its points.
    const [forecasts] = await db.query<{ pointless: number }>(
      sql`SELECT count(*)::int AS pointless FROM forecast_series s
           WHERE s.status = 'ok' AND NOT EXISTS (SELECT 1 FROM forecast_points p WHERE p.series_id = s.id)`,
    );
    expect(forecasts?.pointless, 'forecast series marked ok without points').toBe(0);
    // The job queue: never two forecast refreshes of one dialogue waiting, nor a job over its attempts.
    const jobs = await db.query<{ problem: string }>(
      sql`SELECT 'queued twice: ' || coalesce(singleton_key, '') AS problem FROM jobs
           WHERE status = 'queued' AND singleton_key IS NOT NULL GROUP BY name, singleton_key HAVING count(*) > 1
          UNION ALL
          SELECT 'job ' || id || ' ran ' || attempts || ' times, at most ' || max_attempts FROM jobs
           WHERE attempts > max_attempts`,
    );
    expect(jobs.map((j) => j.problem)).toEqual([]);
    // Translation edits: every answered one is there, revisions 1..n without a gap, and the text shown is the
    // latest revision's (the revision and the route's name change in one transaction).
    const edits = await db.query<{ text: string | null }>(
      sql`SELECT text FROM translation_revisions WHERE entity = 'route' AND field = 'name' AND language = 'fr'`,
    );
    const stored = new Set(edits.map((e) => e.text));
    for (const text of answeredEdits) expect(stored.has(text), `answered edit "${text}" is there`).toBe(true);
    const halves = await db.query<{
      route: number;
      revisions: number;
      latest: number;
      shown: string | null;
      last: string | null;
    }>(
      sql`SELECT r.id AS route, count(t.*)::int AS revisions, max(t.revision) AS latest,
                 r.name_i18n ->> 'fr' AS shown,
                 (SELECT t2.text FROM translation_revisions t2 WHERE t2.entity = 'route' AND t2.entity_id = r.id
                     AND t2.field = 'name' AND t2.language = 'fr' ORDER BY t2.revision DESC LIMIT 1) AS last
            FROM routes r JOIN translation_revisions t
              ON t.entity = 'route' AND t.entity_id = r.id AND t.field = 'name' AND t.language = 'fr'
           GROUP BY r.id, r.name_i18n`,
    );
    for (const h of halves) {
      expect(h.latest, `route ${h.route}: revisions 1..${h.latest} without a gap`).toBe(h.revisions);
      if (h.last?.startsWith('Route (crash'))
        expect(h.shown, `route ${h.route}: shown = latest revision`).toBe(h.last);
    }
    const chain = await verifyAuditLog(db);
    expect(chain.ok, JSON.stringify(chain)).toBe(true);
  } finally {
    await db.close();
  }
}
