import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeRoute, makeUser } from '../../../../test/factories';
import { periodRange } from '../../../domain/periods';
import { runJobsNow } from '../../../jobs/worker';
import { evaluateAlerts } from '../alerts.evaluate';
import { ALERTS_EVALUATE_JOB, enqueueAlertEvaluation, runAlertsEvaluateJob } from '../alerts.jobs';
import {
  type AlertsWorld,
  countDialogueRows,
  insertFigures,
  insertForecast,
  makeAlertsWorld,
  notificationsApi,
} from './alerts-world';

describe.each(testDatabases())('alerts API [%s]', (kind) => {
  let t: TestApp;
  let w: AlertsWorld;
  const createRule = async (cookie: string, body: object) => {
    const res = await w.api(cookie, 'POST', '/alerts/rules', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeAlertsWorld(t);
  });
  afterAll(() => t?.close());

  it('creates a threshold rule; evaluating twice raises one alert; owner gets a notification', async () => {
    const rule = await createRule(w.cookies.analyst, {
      name: 'EMR above 1500',
      indicator: 'IBC',
      route: 'EMR',
      definition: { kind: 'threshold', above: 1500 },
    });
    const first = await w.api(w.cookies.analyst, 'POST', `/alerts/rules/${rule.id}/evaluate`, {});
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ rules: 1, created: 1 });
    const again = await w.api(w.cookies.analyst, 'POST', `/alerts/rules/${rule.id}/evaluate`, {
      periods: ['2024-11', '2024-12'],
    });
    expect(again.json()).toMatchObject({ created: 0 });
    const feed = await w.api(w.cookies.analyst, 'GET', '/alerts?mine=true');
    const mine = (
      feed.json() as { rule: { id: number }; period: string; value: number; reference: number }[]
    ).filter((a) => a.rule.id === rule.id);
    expect(mine).toEqual([expect.objectContaining({ period: '2024-12', value: 2000, reference: 1500 })]);
    const bell = await notificationsApi(t, w.cookies.analyst, 'GET', '/unread-count');
    expect(bell.json().unread).toBeGreaterThanOrEqual(1);
    // The viewer (a member) sees the dialogue-classified alert in the feed, but got no notification.
    const viewerFeed = await w.api(w.cookies.viewer, 'GET', '/alerts');
    expect((viewerFeed.json() as { rule: { id: number } }[]).some((a) => a.rule.id === rule.id)).toBe(true);
    const viewerBell = await notificationsApi(t, w.cookies.viewer, 'GET', '/unread-count');
    expect(viewerBell.json()).toEqual({ unread: 0 });
  });

  it('acknowledge and comment; acknowledging marks the notification read', async () => {
    const rule = await createRule(w.cookies.analyst, {
      name: 'month on month',
      indicator: 'IBC',
      route: 'EMR',
      definition: { kind: 'mom', abovePct: 50 },
    });
    const r = await w.api(w.cookies.analyst, 'POST', `/alerts/rules/${rule.id}/evaluate`, {});
    const alertId = r.json().alertIds[0] as number;
    expect(alertId).toBeGreaterThan(0);
    const before = await notificationsApi(t, w.cookies.analyst, 'GET', '?unread=true');
    expect((before.json().items as { alertId: number }[]).some((n) => n.alertId === alertId)).toBe(true);
    const ack = await w.api(w.cookies.analyst, 'POST', `/alerts/${alertId}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledgedAt).not.toBeNull();
    expect(ack.json().details).toMatchObject({ changePct: 100 });
    const after = await notificationsApi(t, w.cookies.analyst, 'GET', '?unread=true');
    expect((after.json().items as { alertId: number }[]).some((n) => n.alertId === alertId)).toBe(false);
    const c = await w.api(w.cookies.manager, 'POST', `/alerts/${alertId}/comments`, {
      body: 'Seen on our side too.',
    });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json().commentList).toEqual([expect.objectContaining({ body: 'Seen on our side too.' })]);
    // The manager has not acknowledged it.
    expect(c.json().acknowledgedAt).toBeNull();
    const unack = await w.api(w.cookies.manager, 'GET', '/alerts?unacknowledged=true');
    expect((unack.json() as { id: number }[]).some((a) => a.id === alertId)).toBe(true);
    // A viewer reads and acknowledges for itself, but does not comment (docs/identity.md).
    const viewerComment = await w.api(w.cookies.viewer, 'POST', `/alerts/${alertId}/comments`, {
      body: 'x',
    });
    expect(viewerComment.statusCode).toBe(403);
    expect(viewerComment.json().detail).toContain('alerts.comment');
    const viewerAck = await w.api(w.cookies.viewer, 'POST', `/alerts/${alertId}/acknowledge`);
    expect(viewerAck.statusCode, viewerAck.body).toBe(200);
    expect(viewerAck.json().acknowledgedAt).not.toBeNull();
    // Bad input and denied: empty comment; an outsider gets 404.
    expect(
      (await w.api(w.cookies.manager, 'POST', `/alerts/${alertId}/comments`, { body: '' })).statusCode,
    ).toBe(400);
    expect((await w.api(w.cookies.outsider, 'GET', `/alerts/${alertId}`)).statusCode).toBe(404);
    expect((await w.api(w.cookies.outsider, 'POST', `/alerts/${alertId}/acknowledge`)).statusCode).toBe(404);
  });

  it('a viewer reads: it may not create an alert rule (403), but subscribes to alerts for itself', async () => {
    const before = await countDialogueRows(t.db, 'alert_rules', w.dialogueId);
    const refused = await w.api(w.cookies.viewer, 'POST', '/alerts/rules', {
      name: 'viewer rule',
      indicator: 'IBC',
      route: 'EMR',
      definition: { kind: 'threshold', above: 1 },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toContain('alerts.createRule');
    expect(await countDialogueRows(t.db, 'alert_rules', w.dialogueId)).toBe(before);
    const sub = await w.api(w.cookies.viewer, 'POST', '/alerts/subscriptions', {
      channel: 'in_app',
      scope: 'all',
    });
    expect(sub.statusCode, sub.body).toBe(201);
    const mine = await w.api(w.cookies.viewer, 'GET', '/alerts/subscriptions');
    expect((mine.json() as { id: number }[]).map((x) => x.id)).toContain(sub.json().id);
    const session = await t.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: w.cookies.viewer },
    });
    const abilities = session
      .json()
      .memberships.find((m: { dialogueId: number }) => m.dialogueId === w.dialogueId).abilities;
    expect(abilities).toMatchObject({ canCreateAlertRules: false, canComment: false });
  });

  it('marks notifications read one by one and all at once', async () => {
    const list = await notificationsApi(t, w.cookies.analyst, 'GET', '');
    const items = list.json().items as { id: number; readAt: string | null }[];
    const unread = items.filter((n) => !n.readAt);
    expect(unread.length).toBeGreaterThan(0);
    const one = await notificationsApi(t, w.cookies.analyst, 'POST', `/${unread[0]!.id}/read`);
    expect(one.json().unread).toBe(list.json().unread - 1);
    // Someone else's notification: 404.
    const foreign = await notificationsApi(t, w.cookies.viewer, 'POST', `/${unread[0]!.id}/read`);
    expect(foreign.statusCode).toBe(404);
    const all = await notificationsApi(t, w.cookies.analyst, 'POST', '/read-all');
    expect(all.json()).toEqual({ unread: 0 });
    const anon = await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count' });
    expect(anon.statusCode).toBe(401);
  });

  it('rules are seen and changed by their owner and the secretariat only', async () => {
    const rule = await createRule(w.cookies.analyst, {
      name: 'private rule',
      indicator: 'IBC',
      route: 'EMR',
      definition: { kind: 'yoy', abovePct: 10 },
    });
    expect((await w.api(w.cookies.viewer, 'GET', `/alerts/rules/${rule.id}`)).statusCode).toBe(404);
    expect(
      (await w.api(w.cookies.viewer, 'PATCH', `/alerts/rules/${rule.id}`, { name: 'x' })).statusCode,
    ).toBe(404);
    expect((await w.api(w.cookies.viewer, 'DELETE', `/alerts/rules/${rule.id}`)).statusCode).toBe(404);
    expect((await w.api(w.cookies.viewer, 'POST', `/alerts/rules/${rule.id}/evaluate`, {})).statusCode).toBe(
      404,
    );
    const viewerRules = await w.api(w.cookies.viewer, 'GET', '/alerts/rules');
    expect((viewerRules.json() as { id: number }[]).map((r) => r.id)).not.toContain(rule.id);
    const managerRules = await w.api(w.cookies.manager, 'GET', '/alerts/rules');
    expect((managerRules.json() as { id: number }[]).map((r) => r.id)).toContain(rule.id);
    const patched = await w.api(w.cookies.manager, 'PATCH', `/alerts/rules/${rule.id}`, {
      isActive: false,
      definition: { kind: 'yoy', abovePct: 25 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ isActive: false, definition: { kind: 'yoy', abovePct: 25 } });
    expect((await w.api(w.cookies.outsider, 'GET', '/alerts/rules')).statusCode).toBe(404);
    expect(
      (
        await w.api(w.cookies.outsider, 'POST', '/alerts/rules', {
          name: 'x',
          indicator: 'IBC',
          route: 'EMR',
          definition: { kind: 'threshold', above: 1 },
        })
      ).statusCode,
    ).toBe(404);
    const del = await w.api(w.cookies.analyst, 'DELETE', `/alerts/rules/${rule.id}`);
    expect(del.statusCode).toBe(204);
    expect((await w.api(w.cookies.analyst, 'GET', `/alerts/rules/${rule.id}`)).statusCode).toBe(404);
    // Only the secretariat evaluates all rules at once.
    expect((await w.api(w.cookies.analyst, 'POST', '/alerts/evaluate', {})).statusCode).toBe(403);
    expect((await w.api(w.cookies.manager, 'POST', '/alerts/evaluate', {})).statusCode).toBe(200);
  });

  it('bad input: unknown indicator or route, bad threshold, bad webhook URL → 400 naming the field; nothing written', async () => {
    const count = () => countDialogueRows(t.db, 'alert_rules', w.dialogueId);
    const before = await count();
    const unknown = await w.api(w.cookies.analyst, 'POST', '/alerts/rules', {
      name: 'x',
      indicator: 'NOPE',
      route: 'XXX',
      definition: { kind: 'threshold', above: 1 },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect((unknown.json().errors as { field: string }[]).map((e) => e.field)).toEqual([
      'body.indicator',
      'body.route',
    ]);
    const negative = await w.api(w.cookies.analyst, 'POST', '/alerts/rules', {
      name: 'x',
      indicator: 'IBC',
      route: 'EMR',
      definition: { kind: 'threshold', above: -5 },
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0].field).toBe('body.definition.above');
    const noRoute = await w.api(w.cookies.analyst, 'POST', '/alerts/rules', {
      name: 'x',
      indicator: 'IBC',
      route: '_T',
      definition: { kind: 'route_shift', abovePoints: 5 },
    });
    expect(noRoute.statusCode).toBe(400);
    expect(await count()).toBe(before);
    const hook = await w.api(w.cookies.analyst, 'POST', '/alerts/subscriptions', {
      channel: 'webhook',
      url: 'ftp://example.org/x',
      secret: 'x'.repeat(20),
    });
    expect(hook.statusCode).toBe(400);
    expect(hook.json().errors[0].field).toBe('body.url');
    const shortSecret = await w.api(w.cookies.analyst, 'POST', '/alerts/subscriptions', {
      channel: 'webhook',
      url: 'https://example.org/x',
      secret: 'short',
    });
    expect(shortSecret.json().errors[0].field).toBe('body.secret');
  });

  it('route shift: AFG share jumps from 10 % to 45 % on EMR', async () => {
    const rule = await createRule(w.cookies.analyst, {
      name: 'shift on EMR',
      indicator: 'IBC',
      route: 'EMR',
      definition: { kind: 'route_shift', abovePoints: 20 },
    });
    const r = await evaluateAlerts(t.db, {
      dialogueId: w.dialogueId,
      ruleIds: [rule.id],
      periods: ['2024-12'],
    });
    expect(r.created).toBe(1);
    const [alert] = await t.db.query<{ series_key: string; value: number; reference: number }>(
      sql`SELECT series_key, value, reference FROM alerts WHERE rule_id = ${rule.id}`,
    );
    expect(alert).toEqual({ series_key: 'AFG', value: 45, reference: 10 });
  });

  it('statistical: outside the 95 % interval of the forecast made before the period', async () => {
    await insertForecast(t.db, w.dialogueId, {
      route: 'EMR',
      chosenModel: 'ets',
      origin: '2024-11',
      points: [
        { horizon: 1, period: '2024-12', point: 1010, p80: [900, 1100], p95: [850, 1200] },
        { model: 'naive', horizon: 1, period: '2024-12', point: 1000, p80: [0, 5000], p95: [0, 9000] },
      ],
    });
    const rule = await createRule(w.cookies.analyst, {
      name: 'outside the forecast',
      indicator: 'IBC',
      route: 'EMR',
      definition: { kind: 'forecast_interval', side: 'both' },
    });
    const r = await evaluateAlerts(t.db, { dialogueId: w.dialogueId, ruleIds: [rule.id] });
    expect(r.created).toBe(1);
    const [alert] = await t.db.query<{ value: number; reference: number; details: Record<string, unknown> }>(
      sql`SELECT value, reference, details FROM alerts WHERE rule_id = ${rule.id}`,
    );
    expect(alert).toMatchObject({
      value: 2000,
      reference: 1200,
      details: { model: 'ets', direction: 'above' },
    });
    // No forecast of 2024-11 made before it: skipped with a reason, no alert.
    const none = await evaluateAlerts(t.db, {
      dialogueId: w.dialogueId,
      ruleIds: [rule.id],
      periods: ['2024-11'],
    });
    expect(none.created).toBe(0);
    expect(none.skipped[0]?.reason).toContain('no forecast');
  });

  it('level shift (augurs change-point detector) and evaluation by the job queue', async () => {
    const rows = periodRange('2022-01', '2024-12').map((period, i) => ({
      period,
      route: 'CMR',
      value: period >= '2024-10' ? 5000 + (i % 3) * 40 : 1000 + (i % 4) * 30,
    }));
    await insertFigures(t.db, w.dialogueId, 'IBC', rows);
    const rule = await createRule(w.cookies.analyst, {
      name: 'CMR level',
      indicator: 'IBC',
      route: 'CMR',
      definition: { kind: 'level_shift' },
    });
    await enqueueAlertEvaluation(t.db, w.dialogueId, ['2024-12']);
    const outcomes = await runJobsNow(t.db, { [ALERTS_EVALUATE_JOB]: runAlertsEvaluateJob });
    expect(outcomes.map((o) => o.ok)).toContain(true);
    const alerts = await t.db.query<{ period: string; reference: number; value: number }>(
      sql`SELECT to_char(period, 'YYYY-MM') AS period, reference, value FROM alerts WHERE rule_id = ${rule.id}`,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.period).toBe('2024-10');
    expect(alerts[0]!.value).toBeGreaterThan(4 * alerts[0]!.reference);
  });

  it('alerts carry the classification of their data: a restricted route stays with the organisations it is shared with', async () => {
    await makeRoute(t.db, {
      dialogueId: w.dialogueId,
      originatorOrgId: w.users.manager.orgId,
      code: 'RST',
      classification: 'restricted',
      sharedWith: [w.users.analyst.orgId],
    });
    await insertFigures(t.db, w.dialogueId, 'IBC', [
      { period: '2024-11', route: 'RST', value: 10 },
      { period: '2024-12', route: 'RST', value: 99 },
    ]);
    // A data provider of the viewer's organisation may not see the route: they cannot alert on it.
    const grcProvider = await makeUser(t.db, {
      orgId: w.users.viewer.orgId,
      roles: [{ dialogueId: w.dialogueId, role: 'data_provider' }],
    });
    const grcCookie = await loginCookie(t.app, grcProvider.email, grcProvider.password);
    const refused = await w.api(grcCookie, 'POST', '/alerts/rules', {
      name: 'x',
      indicator: 'IBC',
      route: 'RST',
      definition: { kind: 'threshold', above: 1 },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('body.route');
    const rule = await createRule(w.cookies.analyst, {
      name: 'restricted route',
      indicator: 'IBC',
      route: 'RST',
      definition: { kind: 'threshold', above: 50 },
    });
    const r = await w.api(w.cookies.analyst, 'POST', `/alerts/rules/${rule.id}/evaluate`, {});
    const alertId = r.json().alertIds[0] as number;
    const mine = await w.api(w.cookies.analyst, 'GET', `/alerts/${alertId}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ classification: 'restricted', value: 99 });
    // Another member's organisation: not in the feed, 404 on the record; the secretariat sees it.
    expect((await w.api(w.cookies.viewer, 'GET', `/alerts/${alertId}`)).statusCode).toBe(404);
    const viewerFeed = (await w.api(w.cookies.viewer, 'GET', '/alerts')).json() as { id: number }[];
    expect(viewerFeed.map((a) => a.id)).not.toContain(alertId);
    expect((await w.api(w.cookies.manager, 'GET', `/alerts/${alertId}`)).statusCode).toBe(200);
  });
});
