/**
 * What the audit log records beyond logins and changes (issue 13, item 13): wrong second-factor codes and the
 * lock, authorisation denials, exports and reads of restricted figures, report generation, forecast
 * refreshes.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { nextTotpCode } from '../../../../test/totp';
import { type AlertsWorld, makeAlertsWorld } from '../../alerts/tests/alerts-world';
import { refreshForecasts } from '../../forecasting/forecasting.service';

interface Entry {
  action: string;
  actor_user_id: number | null;
  target_type: string | null;
  target_id: string | null;
  dialogue_id: number | null;
  details: Record<string, unknown>;
}

describe.each(testDatabases())(
  'audit trail of reads, denials, second factor, reports, forecasts [%s]',
  (kind) => {
    let t: TestApp;
    let w: AlertsWorld;
    let mark = 0;
    beforeAll(async () => {
      t = await createTestApp(kind);
      w = await makeAlertsWorld(t);
      // Afghan detections on the EMR are shared with named organisations only (reported by Greece).
      await t.db.query(sql`UPDATE observations SET classification = 'restricted'
      WHERE dialogue_id = ${w.dialogueId} AND citizenship = 'AFG'`);
    });
    afterAll(() => t?.close());

    /** Entries written since the last call. */
    const newEntries = async (): Promise<Entry[]> => {
      const rows = await t.db.query<Entry & { id: number | string }>(sql`SELECT id, action, actor_user_id,
        target_type, target_id, dialogue_id, details FROM audit_log WHERE id > ${mark} ORDER BY id`);
      if (rows.length) mark = Number(rows[rows.length - 1]!.id);
      return rows;
    };
    const skipToNow = () => newEntries();

    it('records wrong second-factor codes, the lock, and codes refused while locked', async () => {
      const manager = w.users.manager;
      const first = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: manager.email, password: manager.password },
      });
      expect(first.json()).toMatchObject({ requiresTotp: true });
      await skipToNow();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login/totp',
          headers: { cookie: cookieHeader(first) },
          payload: { code: '000000' },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429, 401]);
      const entries = await newEntries();
      expect(entries.map((e) => e.action)).toEqual([
        ...Array(5).fill('auth.totp_failed'),
        'auth.totp_locked',
        // The sixth code comes after the pending login was dropped by the lock: it is no longer a login.
      ]);
      expect(entries.every((e) => e.target_id === String(manager.id))).toBe(true);
      expect(entries[4]!.details).toEqual({ failures: 5 });
      expect(JSON.stringify(entries)).not.toContain('000000');
      // While locked, even a right code is refused, and that is recorded too.
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: manager.email, password: manager.password },
      });
      await skipToNow();
      const locked = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login/totp',
        headers: { cookie: cookieHeader(again) },
        payload: { code: await nextTotpCode(manager.totpSecret!) },
      });
      expect(locked.statusCode).toBe(429);
      expect((await newEntries()).map((e) => [e.action, e.details.refused])).toEqual([
        ['auth.totp_locked', true],
      ]);
      // The dialogue's admin sees them in the viewer.
      const viewer = await t.app.inject({
        method: 'GET',
        url: '/api/audit?action=auth.totp_locked',
        headers: { cookie: w.cookies.admin },
      });
      expect(
        viewer.json().entries.filter((e: { targetId: string }) => e.targetId === String(manager.id)),
      ).toHaveLength(2);
    });

    it('records authorisation denials (403) from access rules, services and CSRF, in one place', async () => {
      await skipToNow();
      const byRule = await t.app.inject({
        method: 'GET',
        url: '/api/audit',
        headers: { cookie: w.cookies.analyst },
      });
      expect(byRule.statusCode).toBe(403);
      const byService = await w.api(w.cookies.analyst, 'POST', '/forecasts/refresh', {});
      expect(byService.statusCode).toBe(403);
      const byCsrf = await t.app.inject({
        method: 'POST',
        url: '/%61pi/auth/logout',
        headers: { cookie: w.cookies.analyst, origin: 'https://evil.example' },
      });
      expect(byCsrf.statusCode).toBe(403);
      const denials = (await newEntries()).filter((e) => e.action === 'access.denied');
      expect(denials.map((e) => [e.target_id, e.details.code])).toEqual([
        ['GET /api/audit', 'FORBIDDEN'],
        ['POST /api/dialogues/:slug/forecasts/refresh', 'FORBIDDEN'],
        ['POST /api/auth/logout', 'CSRF_REJECTED'],
      ]);
      expect(denials[0]!.actor_user_id).toBe(w.users.analyst.id);
      expect(denials[1]!.details.dialogue).toBe(w.slug);
    });

    it('records exports and reads of restricted figures (export.restricted, read.restricted), not of others', async () => {
      await skipToNow();
      const csv = await w.api(w.cookies.manager, 'GET', '/observations?format=csv&indicator=IBC');
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toContain('AFG');
      const json = await w.api(w.cookies.manager, 'GET', '/observations?indicator=IBC&citizenship=AFG');
      expect(json.json().length).toBeGreaterThan(0);
      const history = await w.api(
        w.cookies.manager,
        'GET',
        '/figures/history?indicator=IBC&reporter=GRC&period=2024-12&route=EMR&citizenship=AFG',
      );
      expect(history.json()).toHaveLength(1);
      const entries = await newEntries();
      expect(entries.map((e) => [e.action, e.actor_user_id, e.dialogue_id])).toEqual([
        ['export.restricted', w.users.manager.id, w.dialogueId],
        ['export.restricted', w.users.manager.id, w.dialogueId],
        ['read.restricted', w.users.manager.id, w.dialogueId],
      ]);
      expect(entries[0]!.details).toMatchObject({
        format: 'csv',
        indicator: 'IBC',
        classifications: ['restricted'],
      });
      expect(entries[0]!.details.restrictedRows).toBe(24);
      expect(entries[1]!.details).toMatchObject({ format: 'json', citizenship: 'AFG' });
      // An analyst of another state sees no restricted figure: nothing to record.
      const other = await w.api(w.cookies.analyst, 'GET', '/observations?format=csv&indicator=IBC');
      expect(other.body).not.toContain('AFG');
      const nonRestricted = await w.api(
        w.cookies.manager,
        'GET',
        '/observations?format=xlsx&citizenship=SYR',
      );
      expect(nonRestricted.statusCode).toBe(200);
      expect(await newEntries()).toEqual([]);
    });

    it('records report generation and forecast refreshes (request and run)', async () => {
      await skipToNow();
      const report = await w.api(w.cookies.analyst, 'POST', '/reports', { route: 'EMR', period: '2024-12' });
      expect(report.statusCode, report.body).toBe(201);
      const refresh = await w.api(w.cookies.manager, 'POST', '/forecasts/refresh', {});
      expect(refresh.statusCode).toBe(202);
      const summary = await refreshForecasts(t.db, w.dialogueId);
      const entries = (await newEntries()).filter(
        (e) => e.action.startsWith('report') || e.action.startsWith('forecast'),
      );
      expect(entries.map((e) => [e.action, e.actor_user_id, e.dialogue_id])).toEqual([
        ['report.generate', w.users.analyst.id, w.dialogueId],
        ['forecast.refresh_request', w.users.manager.id, w.dialogueId],
        ['forecast.refresh', null, w.dialogueId],
      ]);
      expect(entries[0]!.target_id).toBe(String(report.json().id));
      expect(entries[0]!.details).toMatchObject({ route: 'EMR', period: '2024-12' });
      expect(entries[2]!.details).toMatchObject({ series: summary.series, ok: summary.ok });
    });
  },
);
