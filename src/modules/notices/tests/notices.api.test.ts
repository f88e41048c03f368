/**
 * Notices of new national measures (issue 15): posting with four required fields, drafts private to the
 * author's organisation, revisions and history, acknowledgements (own and repeated refused), a request for
 * comments with a deadline, answers and the outcome, the filtered feed, Atom and iCalendar feeds read with an
 * API token and parsed with maintained parsers, in-app notifications and reminders. Bad input writes nothing.
 */
import ICAL from 'ical.js';
import sql, { raw } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xml2js } from 'xml-js';
import { createTestApp, jobHandlers, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { runJobsNow } from '../../../jobs/worker';
import { runNoticeRemindJob } from '../notices.jobs';
import { MINIMAL_NOTICE, makeNoticesWorld, type NoticesWorld } from './notices-world';

describe.each(testDatabases())('notices [%s]', (kind) => {
  let t: TestApp;
  let w: NoticesWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeNoticesWorld(t);
  });
  afterAll(() => t?.close());

  const count = async (table: string) =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${raw(table)}`))[0]!.n;
  const counts = async () => ({
    notices: await count('notices'),
    revisions: await count('notice_revisions'),
    acks: await count('notice_acknowledgements'),
    comments: await count('notice_comments'),
  });
  const post = async (body: object, who: Parameters<NoticesWorld['api']>[2] = 'analystGrc') => {
    const res = await w.api('POST', '', who, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const notificationsOf = (userId: number, kind: string) =>
    t.db.query<{ link: string; payload: { noticeId: number } }>(
      sql`SELECT link, payload FROM notifications WHERE user_id = ${userId} AND kind = ${kind}`,
    );

  it('posts a draft with four fields, private to the author organisation, then sends it and notifies members', async () => {
    const draft = await post(MINIMAL_NOTICE);
    expect(draft).toMatchObject({ status: 'draft', state: 'GRC', revision: 1, classification: 'dialogue' });
    expect((await w.api('GET', `/${draft.id}`, 'viewerGrc')).statusCode).toBe(200);
    expect((await w.api('GET', `/${draft.id}`, 'analystIta')).statusCode).toBe(404);
    expect((await w.api('GET', `/${draft.id}`, 'manager')).statusCode).toBe(404);
    expect((await w.api('GET', '?status=draft', 'analystIta')).json().items).toEqual([]);
    expect(
      (await w.api('GET', '?status=draft', 'viewerGrc')).json().items.map((n: { id: number }) => n.id),
    ).toContain(draft.id);
    expect((await w.api('POST', `/${draft.id}/send`, 'analystIta', { expectedRevision: 1 })).statusCode).toBe(
      404,
    );

    const sent = await w.api('POST', `/${draft.id}/send`, 'analystGrc', { expectedRevision: 1 });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'sent', revision: 2 });
    const again = await w.api('POST', `/${draft.id}/send`, 'analystGrc', { expectedRevision: 2 });
    expect(again.json().code).toBe('NOTICE_ALREADY_SENT');

    await runJobsNow(t.db, jobHandlers());
    const ita = await notificationsOf(w.users.analystIta, 'notice.sent');
    expect(ita.map((n) => n.payload.noticeId)).toContain(draft.id);
    expect(ita[0]!.link).toBe(`/d/${w.slug}/notices/${draft.id}`);
    expect(await notificationsOf(w.users.viewerAut, 'notice.sent')).toHaveLength(1);
    expect(await notificationsOf(w.users.viewerGrc, 'notice.sent')).toHaveLength(0);
    const [audit] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'notice.send' AND target_id = ${String(draft.id)}`,
    );
    expect(audit!.n).toBe(1);
  });

  it('refuses bad input naming the field, and posting by those who may not, writing nothing', async () => {
    const before = await counts();
    const dates = await w.api('POST', '', 'analystGrc', {
      ...MINIMAL_NOTICE,
      adoptedOn: '2025-06-01',
      effectiveOn: '2025-05-01',
    });
    expect(dates.statusCode).toBe(400);
    expect(dates.json().errors).toEqual([
      {
        field: 'body.effectiveOn',
        message: 'the effective date 2025-05-01 is before the adoption date 2025-06-01',
      },
    ]);
    const noTitle = await w.api('POST', '', 'analystGrc', { ...MINIMAL_NOTICE, title: '' });
    expect(noTitle.json().errors[0].field).toBe('body.title');
    const badType = await w.api('POST', '', 'analystGrc', { ...MINIMAL_NOTICE, measureType: 'tariffs' });
    expect(badType.json().errors[0].field).toBe('body.measureType');
    const badCountry = await w.api('POST', '', 'analystGrc', {
      ...MINIMAL_NOTICE,
      countries: ['TUR', 'XYZ'],
    });
    expect(badCountry.json().errors).toMatchObject([{ field: 'body.countries[1]' }]);
    const badRoute = await w.api('POST', '', 'analystGrc', { ...MINIMAL_NOTICE, routes: ['NOPE'] });
    expect(badRoute.json().errors).toMatchObject([{ field: 'body.routes[0]' }]);
    const pastDeadline = await w.api('POST', '', 'analystGrc', {
      ...MINIMAL_NOTICE,
      commentsUntil: '2020-01-01',
    });
    expect(pastDeadline.json().errors).toMatchObject([{ field: 'body.commentsUntil' }]);
    const otherState = await w.api('POST', '', 'analystGrc', { ...MINIMAL_NOTICE, state: 'ITA' });
    expect(otherState.json().errors).toMatchObject([{ field: 'body.state' }]);
    const secretariatNoState = await w.api('POST', '', 'manager', MINIMAL_NOTICE);
    expect(secretariatNoState.json().errors).toMatchObject([{ field: 'body.state' }]);
    expect((await w.api('POST', '', 'viewerGrc', MINIMAL_NOTICE)).statusCode).toBe(403);
    expect((await w.api('POST', '', 'observer', MINIMAL_NOTICE)).statusCode).toBe(403);
    expect((await w.api('POST', '', 'outsider', MINIMAL_NOTICE)).statusCode).toBe(404);
    expect((await w.api('POST', '', undefined, MINIMAL_NOTICE)).statusCode).toBe(401);
    expect(await counts()).toEqual(before);

    const onBehalf = await post({ ...MINIMAL_NOTICE, state: 'AUT', send: true }, 'manager');
    expect(onBehalf).toMatchObject({ state: 'AUT', status: 'sent' });
  });

  it('keeps every change as a revision; a stale revision and other states are refused', async () => {
    const n = await post({ ...MINIMAL_NOTICE, send: true });
    const edited = await w.api('PATCH', `/${n.id}`, 'analystGrc', {
      effectiveOn: '2026-03-01',
      legalReference: 'Law 5100/2026',
      expectedRevision: 1,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      revision: 2,
      effectiveOn: '2026-03-01',
      title: MINIMAL_NOTICE.title,
    });
    const stale = await w.api('PATCH', `/${n.id}`, 'analystGrc', {
      title: 'Lost update',
      expectedRevision: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CONFLICT', current: { revision: 2 } });
    const notMine = await w.api('PATCH', `/${n.id}`, 'analystIta', {
      title: 'Not mine',
      expectedRevision: 2,
    });
    expect(notMine.statusCode, notMine.body).toBe(403);
    const bad = await w.api('PATCH', `/${n.id}`, 'analystGrc', {
      adoptedOn: '2026-04-01',
      expectedRevision: 2,
    });
    expect(bad.json().errors).toMatchObject([{ field: 'body.effectiveOn' }]);
    const history = (await w.api('GET', `/${n.id}/history`, 'analystIta')).json().items;
    expect(history.map((h: { event: string }) => h.event)).toEqual(['sent', 'edited']);
    expect(history[1].changed.sort()).toEqual(['effectiveOn', 'legalReference']);
    expect(history[0].content.effectiveOn).toBeNull();
    expect(history[0].organisation).toMatch(/^Hellenic Ministry/);
  });

  it('shows who acknowledged and who has not; refuses acknowledging one’s own notice or twice', async () => {
    const n = await post({ ...MINIMAL_NOTICE, classification: 'public', send: true });
    const before = await counts();
    const own = await w.api('POST', `/${n.id}/acknowledge`, 'analystGrc');
    expect(own.statusCode).toBe(409);
    expect(own.json().code).toBe('NOTICE_OWN');
    expect((await w.api('POST', `/${n.id}/acknowledge`, 'outsider')).statusCode).toBe(404);
    expect((await w.api('POST', `/${n.id}/acknowledge`)).statusCode).toBe(401);
    // A viewer reads; it does not acknowledge for its organisation (docs/identity.md).
    const viewer = await w.api('POST', `/${n.id}/acknowledge`, 'viewerAut');
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().detail).toContain('notices.respond');
    expect(await counts()).toEqual(before);

    const ack = await w.api('POST', `/${n.id}/acknowledge`, 'analystIta');
    expect(ack.statusCode, ack.body).toBe(200);
    const view = ack.json();
    expect(view.acknowledgements.acknowledged.map((o: { id: number }) => o.id)).toEqual([w.orgs.ita]);
    expect(view.acknowledgements.pending.map((o: { id: number }) => o.id)).toEqual([w.orgs.aut]);
    expect(view.abilities.canAcknowledge).toBe(false);
    const twice = await w.api('POST', `/${n.id}/acknowledge`, 'analystIta');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('NOTICE_ALREADY_ACKNOWLEDGED');
    expect((await counts()).acks).toBe(before.acks + 1);
    // Anonymous readers of a public dialogue see the notice, not who acknowledged it or the comments.
    const anon = (await w.api('GET', `/${n.id}`)).json();
    expect(anon.acknowledgements).toEqual({ acknowledged: [], pending: [] });
  });

  it('takes comments and concerns until the deadline, answers from the notifying state, then the outcome', async () => {
    const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const n = await post({ ...MINIMAL_NOTICE, stage: 'planned', commentsUntil: deadline, send: true });
    const comment = await w.api('POST', `/${n.id}/comments`, 'analystIta', {
      body: 'Will transit passengers need one?',
    });
    expect(comment.statusCode, comment.body).toBe(200);
    expect((await w.api('POST', `/${n.id}/comments`, 'viewerAut', { body: 'x' })).statusCode).toBe(403);
    const concern = await w.api('POST', `/${n.id}/comments`, 'analystAut', {
      kind: 'concern',
      body: 'The measure may shift flows to our land border.',
    });
    expect(concern.json().comments.map((c: { kind: string }) => c.kind)).toEqual(['comment', 'concern']);
    const own = await w.api('POST', `/${n.id}/comments`, 'analystGrc', { body: 'self' });
    expect(own.json().code).toBe('NOTICE_OWN');
    const commentId = comment.json().comments[0].id;
    const notMine = await w.api('POST', `/${n.id}/comments/${commentId}/answer`, 'analystIta', {
      body: 'not mine',
    });
    expect(notMine.statusCode, notMine.body).toBe(403);
    const answer = await w.api('POST', `/${n.id}/comments/${commentId}/answer`, 'analystGrc', {
      body: 'No: airside transit is exempt.',
    });
    expect(answer.json().comments[2]).toMatchObject({ kind: 'answer', replyTo: commentId });

    await t.db.query(sql`UPDATE notices SET comments_until = current_date - 1 WHERE id = ${n.id}`);
    const before = await counts();
    const late = await w.api('POST', `/${n.id}/comments`, 'analystIta', { body: 'too late' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('NOTICE_COMMENTS_CLOSED');
    expect(await counts()).toEqual(before);

    const noRequest = await post({ ...MINIMAL_NOTICE, send: true });
    const concernWithout = await w.api('POST', `/${noRequest.id}/comments`, 'analystIta', {
      kind: 'concern',
      body: 'x',
    });
    expect(concernWithout.json().errors).toMatchObject([{ field: 'body.kind' }]);

    expect(
      (await w.api('POST', `/${n.id}/outcome`, 'analystIta', { outcome: 'changed', expectedRevision: 1 }))
        .statusCode,
    ).toBe(403);
    const outcome = await w.api('POST', `/${n.id}/outcome`, 'analystGrc', {
      outcome: 'changed',
      note: 'Airside transit exempted after comments.',
      adoptedOn: '2026-02-01',
      expectedRevision: 1,
    });
    expect(outcome.statusCode, outcome.body).toBe(200);
    expect(outcome.json()).toMatchObject({ outcome: 'changed', stage: 'adopted', revision: 2 });
    const events = (await w.api('GET', `/${n.id}/history`, 'analystIta'))
      .json()
      .items.map((h: { event: string }) => h.event);
    expect(events).toEqual(['sent', 'comment', 'concern', 'answer', 'outcome']);
  });

  it('filters the feed and serves Atom and iCalendar to a notices:read token, which parse', async () => {
    const border = await post({
      ...MINIMAL_NOTICE,
      title: 'Fence extension on the Evros border',
      measureType: 'border_management',
      summary: 'A further 35 km of fence along the land border.',
      stage: 'in_force',
      effectiveOn: '2025-09-01',
      countries: ['TUR'],
      routes: ['EMR'],
      classification: 'public',
      send: true,
    });
    await post({ ...MINIMAL_NOTICE, title: 'Draft on labour permits', measureType: 'labour_migration' });
    const ids = async (query: string, who: Parameters<NoticesWorld['api']>[2] = 'analystIta') =>
      (await w.api('GET', query, who)).json().items.map((n: { id: number }) => n.id);
    expect(await ids('?type=border_management')).toEqual([border.id]);
    expect(await ids('?country=TUR')).toEqual([border.id]);
    expect(await ids('?route=EMR')).toEqual([border.id]);
    expect(await ids('?stage=in_force')).toEqual([border.id]);
    expect(await ids('?from=2025-08-01&to=2025-09-30')).toEqual([border.id]);
    expect(await ids('?q=fence')).toEqual([border.id]);
    expect(await ids('?q=labour')).toEqual([]);
    const anonymous: { id: number; classification: string }[] = (await w.api('GET', '')).json().items;
    expect(anonymous.map((n) => n.id)).toContain(border.id);
    expect(new Set(anonymous.map((n) => n.classification))).toEqual(new Set(['public']));
    expect((await w.api('GET', '?stage=repealed', 'analystIta')).json().errors[0].field).toBe(
      'querystring.stage',
    );

    const token = async (scopes: string[]) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: sessionHeaders(w.cookies.analystIta),
        payload: { name: scopes.join(' '), dialogueId: w.dialogueId, scopes, expiresInDays: 1 },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().secret as string;
    };
    const read = await token(['notices:read']);
    const get = (path: string, secret: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/dialogues/${w.slug}/notices${path}`,
        headers: { authorization: `Bearer ${secret}` },
      });
    const atom = await get('/feed.atom?type=border_management', read);
    expect(atom.statusCode, atom.body).toBe(200);
    expect(atom.headers['content-type']).toMatch(/application\/atom\+xml/);
    // xml2js returns an untyped tree; the shape below is what its compact form makes of an Atom feed.
    const doc = xml2js(atom.body, { compact: true }) as {
      feed: { entry: { title: { _cdata: string }; link: { _attributes: { href: string } } } | unknown[] };
    };
    const entries = Array.isArray(doc.feed.entry) ? doc.feed.entry : [doc.feed.entry];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      title: { _cdata: '[GRC] Fence extension on the Evros border' },
      link: {
        _attributes: { href: expect.stringMatching(new RegExp(`/d/${w.slug}/notices/${border.id}$`)) },
      },
    });

    const ics = await get('/effective.ics', read);
    expect(ics.statusCode, ics.body).toBe(200);
    expect(ics.headers['content-type']).toMatch(/text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(ics.body));
    const events = cal.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const fence = events.find((e) => e.summary === '[GRC] Fence extension on the Evros border');
    expect(fence?.startDate.toString()).toBe('2025-09-01');
    expect(fence?.startDate.isDate).toBe(true);

    const wrongScope = await get('/feed.atom', await token(['observations:read']));
    expect(wrongScope.statusCode).toBe(403);
    expect(wrongScope.json()).toMatchObject({ code: 'TOKEN_SCOPE_MISSING', requiredScope: 'notices:read' });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/dialogues/nope/notices/feed.atom' })).statusCode,
    ).toBe(404);
  });

  it('shows a restricted notice only to the organisations it is shared with (and the secretariat)', async () => {
    const noList = await w.api('POST', '', 'analystGrc', { ...MINIMAL_NOTICE, classification: 'restricted' });
    expect(noList.json().errors).toMatchObject([{ field: 'body.sharedWithOrgIds' }]);
    const n = await post({
      ...MINIMAL_NOTICE,
      title: 'Restricted: liaison arrangement',
      classification: 'restricted',
      sharedWithOrgIds: [w.orgs.ita],
      send: true,
    });
    expect((await w.api('GET', `/${n.id}`, 'analystIta')).statusCode).toBe(200);
    expect((await w.api('GET', `/${n.id}`, 'manager')).statusCode).toBe(200);
    expect((await w.api('GET', `/${n.id}`, 'viewerAut')).statusCode).toBe(404);
    expect((await w.api('POST', `/${n.id}/acknowledge`, 'analystAut')).statusCode).toBe(404);
    expect((await w.api('GET', `/${n.id}/history`, 'viewerAut')).statusCode).toBe(404);
    const autList = (await w.api('GET', '?q=liaison', 'viewerAut')).json().items;
    expect(autList).toEqual([]);
    expect(
      (await w.api('GET', '?q=liaison', 'analystIta')).json().items.map((x: { id: number }) => x.id),
    ).toEqual([n.id]);
  });

  it('reminds organisations that have not acknowledged after the configured days, once', async () => {
    const n = await post({ ...MINIMAL_NOTICE, send: true });
    await w.api('POST', `/${n.id}/acknowledge`, 'analystIta');
    await t.db.query(sql`UPDATE notices SET sent_at = now() - interval '8 days' WHERE id = ${n.id}`);
    await runNoticeRemindJob(t.db);
    await runNoticeRemindJob(t.db);
    const aut = (await notificationsOf(w.users.viewerAut, 'notice.reminder')).filter(
      (r) => r.payload.noticeId === n.id,
    );
    expect(aut).toHaveLength(1);
    const ita = (await notificationsOf(w.users.analystIta, 'notice.reminder')).filter(
      (r) => r.payload.noticeId === n.id,
    );
    expect(ita).toHaveLength(0);
    const grc = (await notificationsOf(w.users.viewerGrc, 'notice.reminder')).filter(
      (r) => r.payload.noticeId === n.id,
    );
    expect(grc).toHaveLength(0);
  });
});
