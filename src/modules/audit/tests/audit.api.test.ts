import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditVerify } from '../../../../cli/commands/audit';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../test/app';
import { createTestDb, testDatabases } from '../../../../test/databases';
import { makeDialogue, makeUser, type TestUser } from '../../../../test/factories';
import { withActor } from '../../../db/with-actor';
import { recordAuditNow, verifyAuditLog } from '../audit.service';

describe.each(testDatabases())('audit log [%s]', (kind) => {
  let t: TestApp;
  let dialogue: Awaited<ReturnType<typeof makeDialogue>>;
  let admin: TestUser;
  let analyst: TestUser;
  let stranger: TestUser;
  let adminCookie: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    dialogue = await makeDialogue(t.db);
    const elsewhere = await makeDialogue(t.db);
    admin = await makeUser(t.db, {
      orgId: dialogue.secretariatOrgId,
      roles: [{ dialogueId: dialogue.id, role: 'admin' }],
    });
    analyst = await makeUser(t.db, { roles: [{ dialogueId: dialogue.id, role: 'analyst' }] });
    stranger = await makeUser(t.db, { roles: [{ dialogueId: elsewhere.id, role: 'analyst' }] });
    adminCookie = await loginCookie(t.app, admin.email, admin.password);
  });
  afterAll(() => t?.close());

  const list = (query: string, cookie?: string) =>
    t.app.inject({ method: 'GET', url: `/api/audit${query}`, headers: cookie ? { cookie } : {} });

  it('records logins, failed logins (with the e-mail tried, never the password) and logouts', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: analyst.email, password: 'not-the-password-9' },
    });
    const cookie = await loginCookie(t.app, analyst.email, analyst.password);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: sessionHeaders(cookie),
    });
    expect(out.statusCode).toBe(204);

    const res = await list(`?actor=${encodeURIComponent(analyst.email)}`, adminCookie);
    expect(res.statusCode).toBe(200);
    expect(res.json().entries.map((e: { action: string }) => e.action)).toEqual([
      'auth.logout',
      'auth.login',
    ]);
    const failed = await list('?action=auth.login_failed', adminCookie);
    const entry = failed.json().entries.find((e: { targetId: string }) => e.targetId === String(analyst.id));
    expect(entry.details).toEqual({ email: analyst.email, reason: 'wrong_credentials' });
    expect(JSON.stringify(failed.json())).not.toContain('not-the-password-9');
    expect(entry.ip).toBe('127.0.0.1');
  });

  it('filters by action prefix, dialogue and time, newest first', async () => {
    const all = (await list('?action=auth', adminCookie)).json().entries as { id: number; action: string }[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all.every((e) => e.action.startsWith('auth.'))).toBe(true);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    expect((await list('?from=2000-01-01&to=2000-02-01', adminCookie)).json().entries).toEqual([]);
    expect((await list(`?dialogue=${dialogue.id}`, adminCookie)).json().entries).toEqual([]);
    expect((await list('?limit=1', adminCookie)).json().entries).toHaveLength(1);
  });

  it('shows an admin only their dialogues and their members, not other people’s logins', async () => {
    await loginCookie(t.app, stranger.email, stranger.password);
    const res = await list(`?actor=${stranger.id}`, adminCookie);
    expect(res.statusCode).toBe(200);
    expect(res.json().entries).toEqual([]);
  });

  it('refuses anonymous callers (401) and non-admins (403)', async () => {
    expect((await list('')).statusCode).toBe(401);
    const cookie = await loginCookie(t.app, analyst.email, analyst.password);
    const res = await list('', cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('rejects bad or injected filters with 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['?dialogue=1%20OR%201%3D1', 'querystring.dialogue'],
      ["?action=auth.login'%3B%20DROP%20TABLE%20audit_log%3B--", 'querystring.action'],
      ["?actor=1'%20OR%20'1'%3D'1", 'querystring.actor'],
      ['?from=yesterday', 'querystring.from'],
      ['?limit=0', 'querystring.limit'],
      ['?sort=id', 'querystring.sort'],
    ] as const) {
      const res = await list(query, adminCookie);
      expect({ query, status: res.statusCode, code: res.json().code }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.json().errors[0].field).toBe(field);
    }
    const reversed = await list('?from=2025-02-01&to=2025-01-01', adminCookie);
    expect(reversed.statusCode).toBe(400);
    expect((await t.db.query(sql`SELECT count(*)::int AS n FROM audit_log`))[0]).toMatchObject({
      n: expect.any(Number),
    });
  });

  it('keeps the chain intact under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => recordAuditNow(t.db, null, 'test.concurrent', {}, { i })),
    );
    const r = await verifyAuditLog(t.db, 5);
    expect(r.ok).toBe(true);
  });

  it('is append-only: updates and deletes are refused, for the owner by a trigger and for the app role by privileges', async () => {
    await expect(t.db.query(sql`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(sql`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(withActor(t.db, null, (tx) => tx.query(sql`DELETE FROM audit_log`))).rejects.toThrow(
      /permission denied/,
    );
  });
});

describe.each(testDatabases())('passage audit verify [%s]', (kind) => {
  async function chainOf(n: number) {
    const tdb = await createTestDb(kind);
    const ids: number[] = [];
    for (let i = 0; i < n; i++)
      ids.push((await recordAuditNow(tdb.db, null, 'test.entry', { type: 'n', id: i }, { i })).id);
    return { ...tdb, ids };
  }
  const bypassTrigger = (script: string) =>
    `ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; ${script}; ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;`;

  it('reports an intact chain with exit code 0', async () => {
    const c = await chainOf(3);
    try {
      expect(await runAuditVerify(c.db)).toEqual({
        exitCode: 0,
        message: expect.stringMatching(/^passage: 3 entries, chain intact/),
      });
    } finally {
      await c.drop();
    }
  });

  it('names the altered entry when one row is changed behind the trigger', async () => {
    const c = await chainOf(5);
    try {
      await c.db.exec(bypassTrigger(`UPDATE audit_log SET details = '{"i": 99}' WHERE id = ${c.ids[2]}`));
      const r = await runAuditVerify(c.db);
      expect(r.exitCode).toBe(1);
      expect(r.message).toContain(`broken at entry ${c.ids[2]}`);
      expect(r.message).toContain('altered');
    } finally {
      await c.drop();
    }
  });

  it('detects a deleted entry at the one after it', async () => {
    const c = await chainOf(5);
    try {
      await c.db.exec(bypassTrigger(`DELETE FROM audit_log WHERE id = ${c.ids[1]}`));
      const r = await runAuditVerify(c.db);
      expect(r.exitCode).toBe(1);
      expect(r.message).toContain(`broken at entry ${c.ids[2]}`);
      expect(r.message).toContain('deleted');
    } finally {
      await c.drop();
    }
  });
});
