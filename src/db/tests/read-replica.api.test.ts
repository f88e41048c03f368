/**
 * The read replica (DATABASE_READ_URL, src/db/read-replica.ts) against a real streaming standby that this file
 * starts: `pg_basebackup -R` of the suite's throwaway native cluster, a second postmaster on another loopback
 * port. Two servers (apps) read through it with a generous lag bound, a third Db with a tight one:
 * - reads run on the standby (`pg_is_in_recovery()` seen by the read path; the dashboards counted there);
 * - right after a publication, with replay paused, the publisher sees the new figures (primary) on both
 *   servers (the second one through the write's cookie) while another member still gets the replica's older
 *   answer; the tight-bound Db sends every read to the primary once the pause has lasted past its bound;
 * - the standby stopped: the dashboards answer from the primary, no error, and readiness says so.
 * Skipped (with the reason printed) without a native PostgreSQL cluster on this machine.
 */
import pg from 'pg';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { createTestDb, type TestDb } from '../../../test/databases';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../test/exchange-world';
import { findPostgresBinDir, type Standby, startStandby } from '../../../test/native-postgres';
import { PassageMetrics } from '../../modules/operations/operations.metrics';
import { buildApp } from '../../server/app';
import { connect, type Db } from '../connect';
import { parseLsn } from '../read-replica';

const adminUrl = inject('postgresUrl');
const skipReason = !adminUrl
  ? 'no native PostgreSQL in this run'
  : !findPostgresBinDir()
    ? 'no PostgreSQL server binaries (pg_basebackup) on this machine'
    : !/^postgres:\/\/[^@]*@(127\.0\.0\.1|localhost)[:/]/.test(adminUrl)
      ? 'TEST_DATABASE_URL is not a cluster on this machine (pg_basebackup needs one)'
      : undefined;
if (skipReason) console.log(`read replica test skipped: ${skipReason}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

describe.skipIf(skipReason !== undefined)('read replica (streaming standby) [postgres]', () => {
  let tdb: TestDb;
  let standby: Standby;
  let standbyUrl: string;
  /** Two servers with a generous lag bound (60 s), and a Db with a tight one (1 s). */
  let a: TestApp;
  let b: TestApp;
  let tight: Db;
  let w: ExchangeWorld;
  let analystOnB: string;

  const openDb = (maxLagSeconds: number) =>
    connect({
      databaseUrl: tdb.url,
      readReplica: { url: standbyUrl, maxLagSeconds, pollMs: 100 },
    });
  const onStandby = async <T>(q: string): Promise<T> => {
    const c = new pg.Client({ connectionString: standbyUrl });
    await c.connect();
    try {
      return (await c.query(q)).rows[0] as T;
    } finally {
      await c.end();
    }
  };
  const reads = (db: Db) => db.replicaStatus?.().reads ?? { replica: NaN, primary: NaN };
  const inRecovery = async (db: Db) =>
    (await db.read((tx) => tx.query<{ standby: boolean }>(sql`SELECT pg_is_in_recovery() AS standby`)))[0]
      ?.standby;
  const series = async (t: TestApp, cookie: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${w.slug}/analytics/series?indicator=IBC&route=CMR`,
      headers: { cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().points as { period: string; value: number }[]).map((p) => `${p.period}=${p.value}`);
  };

  beforeAll(async () => {
    if (!adminUrl) return;
    const started = performance.now();
    tdb = await createTestDb('postgres');
    standby = await startStandby(adminUrl);
    standbyUrl = standby.url.replace(/\/[^/]*$/, new URL(tdb.url ?? '').pathname);
    const dbA = await openDb(60);
    const dbB = await openDb(60);
    tight = await openDb(1);
    const appA = await buildApp({ db: dbA });
    const appB = await buildApp({ db: dbB });
    a = { db: dbA, app: appA, drop: async () => {}, close: () => appA.close() };
    b = { db: dbB, app: appB, drop: async () => {}, close: () => appB.close() };
    w = await makeExchangeWorld(a, { routes: ['CMR'] });
    // The world (dialogue, route, users) must be on the standby before the first read there; under load
    // replay can trail the primary by more than the test's first steps.
    const lsn =
      (await dbA.query<{ lsn: string }>(sql`SELECT pg_current_wal_lsn()::text AS lsn`))[0]?.lsn ?? '';
    await until('the standby replays the world', async () => {
      const r = await onStandby<{ replayed: string | null }>(
        'SELECT pg_last_wal_replay_lsn()::text AS replayed',
      );
      return r.replayed !== null && parseLsn(r.replayed) >= parseLsn(lsn);
    });
    analystOnB = w.cookies.analystIta;
    console.log(`read replica: standby ready in ${Math.round(performance.now() - started)} ms`);
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await a?.db.close();
    await b?.db.close();
    await tight?.close();
    standby?.remove();
    await tdb?.drop();
  });

  /** Uploads, submits, validates and publishes a CSV (Italy's provider, then the data manager) on server A. */
  async function publishCsv(lines: string[]): Promise<string> {
    const api = (method: 'GET' | 'POST', path: string, cookie: string, payload?: unknown) =>
      a.app.inject({
        method,
        url: `/api/dialogues/${w.slug}${path}`,
        headers: { cookie, 'x-passage-csrf': '1' },
        ...(method === 'POST' ? { payload: payload ?? {} } : {}),
      });
    const up = await a.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: [IBC_HEADER, ...lines].join('\n'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().submissionId as number;
    const findings = (await api('GET', `/submissions/${id}/findings`, w.cookies.providerIta)).json();
    const warningComments = Object.fromEntries(findings.map((f: { key: string }) => [f.key, 'checked']));
    const submit = await api('POST', `/submissions/${id}/submit`, w.cookies.providerIta, { warningComments });
    expect(submit.statusCode, submit.body).toBe(200);
    expect((await api('POST', `/submissions/${id}/validate`, w.cookies.manager)).statusCode).toBe(200);
    const published = await api('POST', `/submissions/${id}/publish`, w.cookies.manager);
    expect(published.statusCode, published.body).toBe(200);
    // The write's mark for other servers: the primary's WAL position after the publication.
    const mark = published.cookies.find((c) => c.name === 'passage_read_after');
    expect(mark?.value).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    return `passage_read_after=${mark?.value}`;
  }

  it('reads run on the standby once it streams; writes and other queries stay on the primary', async () => {
    await until('the replica streams', () => a.db.replicaStatus?.().state === 'streaming');
    expect(await inRecovery(a.db)).toBe(true);
    expect(
      (await a.db.query<{ standby: boolean }>(sql`SELECT pg_is_in_recovery() AS standby`))[0]?.standby,
    ).toBe(false);
    const before = reads(a.db);
    expect(await series(a, w.cookies.analystIta)).toEqual([]);
    expect(reads(a.db).replica).toBe(before.replica + 1);
    expect(reads(a.db).primary).toBe(before.primary);
    const ready = await a.app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().replica).toMatchObject({ state: 'streaming', maxLagSeconds: 60 });
    expect(ready.json().replica.lagSeconds).toBeLessThan(60);
    const metrics = (await new PassageMetrics(a.db).exposition()).body;
    expect(metrics).toMatch(/passage_db_reads_total\{target="replica"\} [1-9]/);
    expect(metrics).toMatch(/passage_db_replica_usable 1/);
  });

  it('right after a publication the publisher reads it on both servers, others the replica until it replays', async () => {
    await until('the tight replica streams', () => tight.replicaStatus?.().state === 'streaming');
    const before = await series(a, w.cookies.manager);
    await onStandby('SELECT pg_wal_replay_pause()');
    const cookie = await publishCsv([
      'IBC,ITA,2024-01,CMR,_T,_T,_T,_T,700,,',
      'IBC,ITA,2024-02,CMR,_T,_T,_T,_T,800,,',
    ]);
    const published = ['2024-01=700', '2024-02=800'];
    // The publisher, on server A (its mark in memory): the new figures, from the primary.
    const p0 = reads(a.db);
    expect(await series(a, w.cookies.manager)).toEqual(published);
    expect(reads(a.db).primary).toBe(p0.primary + 1);
    // Another member on A: the replica, still before the publication (replay is paused).
    expect(await series(a, w.cookies.analystIta)).toEqual(before);
    expect(reads(a.db).replica).toBe(p0.replica + 1);
    // Server B has no mark of its own: the publisher's cookie keeps their read on the primary there too.
    const b0 = reads(b.db);
    expect(await series(b, `${w.cookies.manager}; ${cookie}`)).toEqual(published);
    expect(reads(b.db).primary).toBe(b0.primary + 1);
    expect(await series(b, analystOnB)).toEqual(before);
    expect(reads(b.db).replica).toBe(b0.replica + 1);
    // The tight bound (1 s): once the pause has lasted past it, every read goes to the primary.
    await until('the tight Db sees the replica lagging', () => tight.replicaStatus?.().state === 'lagging');
    expect(await inRecovery(tight)).toBe(false);
    // Server A polls the standby on its own clock (every 100 ms): wait for its view to pass the second too.
    const readyReplica = async () => (await a.app.inject({ url: '/api/health/ready' })).json().replica;
    await until('server A sees the lag past 1 s', async () => (await readyReplica()).lagSeconds > 1);
    const lagging = await readyReplica();
    expect(lagging.lagSeconds).toBeGreaterThan(1);
    expect(lagging.lagBytes).toBeGreaterThan(0);
    // Replay resumes: once past the publication, the publisher's reads go back to the replica.
    await onStandby('SELECT pg_wal_replay_resume()');
    const mark = parseLsn(decodeURIComponent(cookie.split('=')[1] ?? ''));
    await until('A has replayed the publication', () => (a.db.replicaStatus?.().replayed ?? 0n) >= mark);
    const p1 = reads(a.db);
    expect(await series(a, w.cookies.manager)).toEqual(published);
    expect(reads(a.db).replica).toBe(p1.replica + 1);
    await until('the tight Db streams again', () => tight.replicaStatus?.().state === 'streaming');
    expect(await inRecovery(tight)).toBe(true);
  });

  it('the standby stopped: reads fall back to the primary without an error, readiness says it', async () => {
    const expected = await series(a, w.cookies.analystIta);
    standby.stop();
    const p0 = reads(a.db);
    // The very first read after the stop, before any poll noticed: answered, from the primary.
    expect(await series(a, w.cookies.analystIta)).toEqual(expected);
    expect(reads(a.db).primary).toBe(p0.primary + 1);
    expect(await inRecovery(a.db)).toBe(false);
    await until('A has seen the replica down', () => a.db.replicaStatus?.().state === 'down');
    const ready = await a.app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().replica).toMatchObject({ state: 'down', lagSeconds: null });
    expect(ready.json().replica.detail).toMatch(/unreachable/);
    expect(await series(b, analystOnB)).toEqual(expected);
    expect((await new PassageMetrics(a.db).exposition()).body).toMatch(/passage_db_replica_usable 0/);
  });
});
