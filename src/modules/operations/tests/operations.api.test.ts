import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeUser } from '../../../../test/factories';
import { MAX_DUE_JOB_WAIT_SECONDS } from '../operations.service';

describe.each(testDatabases())('health and metrics [%s]', (kind) => {
  let t: TestApp;
  let adminH: Record<string, string>;
  let analystH: Record<string, string>;
  let dialogueId: number;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'dialogue' });
    dialogueId = d.id;
    const admin = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'admin' }] });
    const analyst = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'analyst' }] });
    adminH = sessionHeaders(await loginCookie(t.app, admin.email, admin.password));
    analystH = sessionHeaders(await loginCookie(t.app, analyst.email, analyst.password));
  });
  afterAll(() => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });

  it('answers liveness without a session, and health names the database', async () => {
    expect((await get('/api/health/live')).json()).toEqual({ status: 'ok' });
    expect((await get('/api/health')).json()).toEqual({ status: 'ok', database: kind });
  });

  it('is ready when the database answers, every migration is applied and no due job waits too long', async () => {
    const res = await get('/api/health/ready');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ready',
      checks: { database: { ok: true }, migrations: { ok: true }, jobQueue: { ok: true } },
    });
    expect(res.json().checks.migrations.detail).toMatch(/^\d+ migrations applied$/);
  });

  it('is not ready (503) when a due job has waited longer than the bound: no worker takes jobs', async () => {
    const [job] = await t.db.query<{ id: number }>(
      sql`INSERT INTO jobs (name, run_at) VALUES ('operations.test-stalled',
            now() - make_interval(secs => ${MAX_DUE_JOB_WAIT_SECONDS + 60})) RETURNING id`,
    );
    try {
      const res = await get('/api/health/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'not_ready', checks: { jobQueue: { ok: false } } });
      expect(res.json().checks.database.ok).toBe(true);
    } finally {
      await t.db.query(sql`DELETE FROM jobs WHERE id = ${job!.id}`);
    }
    expect((await get('/api/health/ready')).statusCode).toBe(200);
  });

  it('is not ready when the database holds a migration this build does not know (an older build started)', async () => {
    await t.db.query(sql`INSERT INTO schema_migrations (version, name) VALUES ('9999', 'from_the_future')`);
    try {
      const res = await get('/api/health/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json().checks.migrations).toEqual({
        ok: false,
        detail: 'database has migrations this build does not know: 9999',
      });
    } finally {
      await t.db.query(sql`DELETE FROM schema_migrations WHERE version = '9999'`);
    }
  });

  it('gives an administrator Prometheus metrics: latency per route template, never a slug or an id', async () => {
    await get(`/api/dialogues/${dialogueId}/no-such-thing`, analystH);
    await get('/api/health');
    const res = await get('/api/metrics', adminH);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const body = res.body;
    expect(body).toMatch(
      /passage_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="2xx"\} [1-9]/,
    );
    expect(body).toContain('route="unmatched"');
    expect(body).not.toContain(`/api/dialogues/${dialogueId}/`);
    expect(body).toMatch(/passage_jobs\{status="queued"\} \d+/);
    expect(body).toContain('passage_jobs_oldest_due_wait_seconds');
    expect(body).toContain('passage_process_resident_memory_bytes');
    if (kind === 'postgres') expect(body).toMatch(/passage_db_pool_connections\{state="total"\} [1-9]/);
  });

  it('lets a scraper read the metrics with an operations:read token made by an admin', async () => {
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: adminH,
      payload: { name: 'prometheus', dialogueId, scopes: ['operations:read'], expiresInDays: 30 },
    });
    expect(made.statusCode, made.body).toBe(201);
    const authorization = `Bearer ${made.json().secret}`;
    const res = await get('/api/metrics', { authorization });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('passage_http_request_duration_seconds_bucket');
  });

  it('shows administrators the system page: readiness, jobs by status, the server process', async () => {
    const res = await get('/api/operations/status', adminH);
    expect(res.statusCode, res.body).toBe(200);
    const status = res.json();
    expect(status).toMatchObject({ database: kind, readiness: { status: 'ready' } });
    const [row] = await t.db.query<{ queued: number }>(
      sql`SELECT count(*)::int AS queued FROM jobs WHERE status = 'queued'`,
    );
    expect(status.jobs.queued).toBe(row?.queued);
    expect(status.process.residentMemoryMiB).toBeGreaterThan(10);
    expect((await get('/api/operations/status', analystH)).statusCode).toBe(403);
    expect((await get('/api/operations/status')).statusCode).toBe(401);
    const session = (await get('/api/auth/session', adminH)).json();
    expect(session.abilities.canReadOperations).toBe(true);
    expect((await get('/api/auth/session', analystH)).json().abilities.canReadOperations).toBe(false);
  });

  it('refuses the metrics to anonymous callers (401), other members (403) and tokens without the scope', async () => {
    expect((await get('/api/metrics')).statusCode).toBe(401);
    expect((await get('/api/metrics', analystH)).statusCode).toBe(403);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: analystH,
      payload: { name: 'sneaky', dialogueId, scopes: ['operations:read'], expiresInDays: 30 },
    });
    expect(refused.statusCode).toBe(403);
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: adminH,
      payload: { name: 'reader', dialogueId, scopes: ['observations:read'], expiresInDays: 30 },
    });
    const res = await get('/api/metrics', { authorization: `Bearer ${other.json().secret}` });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('TOKEN_SCOPE_MISSING');
  });
});
