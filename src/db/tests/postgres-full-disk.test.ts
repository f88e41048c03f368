/**
 * Native PostgreSQL on a full disk (issue 19; docs/operations.md, "A full disk (native PostgreSQL)"): a
 * throwaway cluster of its own whose data directory (pg_wal included) is on a small tmpfs, and a real Passage
 * app on it (app.inject). Needs root on Linux and the PostgreSQL server binaries; skipped with the reason
 * printed otherwise.
 * - An import and a publication while the disk is full: 503 DATABASE_DISK_FULL with a clear detail, and
 *   nothing of either written.
 * - The log that cannot grow: PostgreSQL PANICs and stops; readiness answers 503 meanwhile; after space is
 *   freed (and the postmaster started again if it gave up, as its service manager would), the same Passage
 *   process answers ready again by itself, every committed change is there and it writes again.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExchangeSteps, exchangeSteps } from '../../../test/exchange-steps';
import {
  countObservations,
  type ExchangeWorld,
  IBC_HEADER,
  makeExchangeWorld,
} from '../../../test/exchange-world';
import { findPostgresBinDir, freePort } from '../../../test/native-postgres';
import { mountTmpfs, tmpfsUnavailable, usedMiB } from '../../../test/tmpfs';
import { syncCountries } from '../../modules/reference/reference.service';
import { buildApp } from '../../server/app';
import { connect, type Db } from '../connect';
import { migrate } from '../migrate';

const bin = findPostgresBinDir();
const skipReason = tmpfsUnavailable() ?? (bin ? undefined : 'PostgreSQL server binaries not found');
if (skipReason) console.log(`native PostgreSQL full-disk test skipped: ${skipReason}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A PostgreSQL binary run as the `postgres` user (initdb and postgres refuse root); its exit status. */
function pgAs(cmd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync('runuser', ['-u', 'postgres', '--', join(bin ?? '', cmd), ...args], {
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** IBC figures of ITA, one per month and citizenship: `months` × 20 rows. */
function ibcFile(fromYear: number, months: number, value: number): string {
  const citizenships = ['AFG', 'SYR', 'IRQ', 'IRN', 'PAK', 'BGD', 'EGY', 'TUN', 'MAR', 'DZA'];
  const rows: string[] = [];
  for (let m = 0; m < months; m++) {
    const period = `${fromYear + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    for (const c of citizenships)
      for (const route of ['CMR', 'EMR']) rows.push(`IBC,ITA,${period},${route},SEA,${c},_T,_T,${value},,`);
  }
  return [IBC_HEADER, ...rows].join('\n');
}

describe.skipIf(skipReason !== undefined)('native PostgreSQL on a full disk [postgres]', () => {
  let disk: ReturnType<typeof mountTmpfs>;
  let dataDir: string;
  let port: number;
  let db: Db;
  let app: FastifyInstance;
  let w: ExchangeWorld;
  let s: ExchangeSteps;
  let committed: { observations: number; published: number; validated: number };
  let startOpts: string;

  const pgCtl = (...args: string[]) => pgAs('pg_ctl', ['-D', dataDir, ...args]);
  const isRunning = () => pgCtl('status').status === 0;
  const startPostgres = () => {
    const r = pgCtl('-o', startOpts, '-l', join(disk.mnt, 'server.log'), '-w', 'start');
    if (r.status !== 0) throw new Error(`pg_ctl start failed: ${r.out}`);
  };
  const ready = () => app.inject({ url: '/api/health/ready' });
  const publishedOf = async (id: number) =>
    (
      await db.query<{ status: string; published: number }>(
        sql`SELECT s.status, count(o.id) FILTER (WHERE o.published_at IS NOT NULL)::int AS published
              FROM submissions s LEFT JOIN observations o ON o.submission_id = s.id
             WHERE s.id = ${id} GROUP BY s.status`,
      )
    )[0];

  beforeAll(async () => {
    disk = mountTmpfs('passage-pg-full-disk-', 600);
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(disk.mnt, uid, gid);
    dataDir = join(disk.mnt, 'data');
    const init = pgAs('initdb', [
      '-D',
      dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.out}`);
    port = await freePort();
    // A production-like server: fsync and full-page writes on, and it restarts itself after a crash (default).
    startOpts = [
      `-p ${port}`,
      `-k ${disk.mnt}`,
      "-c listen_addresses='127.0.0.1'",
      '-c max_wal_size=64MB',
    ].join(' ');
    startPostgres();
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE passage');
    await admin.end();
    db = await connect({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/passage` });
    await migrate(db);
    await syncCountries(db);
    app = await buildApp({ db });
    await app.ready();
    const t = { db, app, drop: async () => {}, close: async () => {} };
    w = await makeExchangeWorld(t);
    s = exchangeSteps(t, w);
    // Committed before the disk fills: one published file, and one validated and ready to publish.
    await s.publish(await s.upload(ibcFile(2019, 12, 5)));
    const validated = await s.upload(ibcFile(2020, 12, 6));
    await s.submit(validated);
    expect(
      (await s.api('POST', `/submissions/${validated}/validate`, w.cookies.manager, {})).statusCode,
    ).toBe(200);
    committed = {
      observations: await countObservations(db, w.dialogueId),
      published: (await publishedOf(validated))?.published ?? -1,
      validated,
    };
    expect(committed.published).toBe(0);
    await db.query(sql`CHECKPOINT`);
    // Room for what is there and a little more; the ballast takes the rest.
    disk.resize(usedMiB(disk.mnt) + 8);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    if (dataDir && isRunning()) pgCtl('-m', 'immediate', '-w', 'stop');
    disk?.unmount();
  });

  it('an import and a publication on a full disk: 503 DATABASE_DISK_FULL, nothing written', async () => {
    disk.fill();
    const imported = await app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: ibcFile(2000, 240, 7),
    });
    expect(imported.statusCode, imported.body).toBe(503);
    expect(imported.json()).toMatchObject({ code: 'DATABASE_DISK_FULL' });
    expect(imported.json().detail).toMatch(/no space left.*nothing of this request was written/);
    const published = await s.api('POST', `/submissions/${committed.validated}/publish`, w.cookies.manager, {
      comment: 'on a full disk',
    });
    expect(published.statusCode, published.body).toBe(503);
    expect(published.json()).toMatchObject({ code: 'DATABASE_DISK_FULL' });
    disk.free(usedMiB(disk.mnt) + 8);
    expect(await countObservations(db, w.dialogueId)).toBe(committed.observations);
    expect(await publishedOf(committed.validated)).toEqual({ status: 'validated', published: 0 });
  });

  it('the log that cannot grow: PostgreSQL stops, readiness 503; once space is freed Passage is ready again by itself with every committed change', async () => {
    disk.fill();
    let failure: unknown;
    for (let i = 0; i < 64 && !failure; i++) {
      try {
        await db.query(
          sql`UPDATE observations SET comment = comment WHERE id = (SELECT min(id) FROM observations)`,
        );
        await db.query(sql`SELECT pg_switch_wal()`);
      } catch (e) {
        failure = e;
      }
    }
    expect(failure, 'a write failed once the log could not grow').toBeDefined();
    console.log(`postgres full disk: the failed write said: ${String(failure).split('\n')[0]}`);
    // While PostgreSQL is down or restarting: 503 from readiness, and a request gets a 503 it can explain.
    let notReady = await ready();
    for (let i = 0; i < 20 && notReady.statusCode === 200; i++) {
      await sleep(250);
      notReady = await ready();
    }
    expect(notReady.statusCode, notReady.body).toBe(503);
    expect(notReady.json().checks.database).toMatchObject({ ok: false });
    const during = await s.api('GET', '/submissions', w.cookies.manager);
    expect(during.statusCode, during.body).toBe(503);
    expect(['DATABASE_UNAVAILABLE', 'DATABASE_DISK_FULL']).toContain(during.json().code);
    await sleep(2000);
    const restartedItself = isRunning();
    console.log(
      `postgres full disk: postmaster ${restartedItself ? 'still running (restarting)' : 'exited'}`,
    );
    const log = readFileSync(join(disk.mnt, 'server.log'), 'utf8').split('\n');
    for (const l of log.filter((x) => /PANIC|aborting|terminated by signal|crash/.test(x)).slice(0, 8))
      console.log(`postgres full disk: server.log: ${l.replace(/^\S+ \S+ \S+ /, '')}`);
    disk.free(600);
    // The service manager's part (systemd Restart=on-failure): start the postmaster if it gave up.
    if (!isRunning()) startPostgres();
    let back = await ready();
    for (let i = 0; i < 120 && back.statusCode !== 200; i++) {
      await sleep(500);
      back = await ready();
    }
    expect(back.statusCode, back.body).toBe(200);
    expect(await countObservations(db, w.dialogueId)).toBe(committed.observations);
    expect(await publishedOf(committed.validated)).toEqual({ status: 'validated', published: 0 });
    // And it writes again: the publication refused on the full disk goes through now.
    const published = await s.api('POST', `/submissions/${committed.validated}/publish`, w.cookies.manager, {
      comment: 'after the disk was freed',
    });
    expect(published.statusCode, published.body).toBe(200);
  }, 180_000);
});
