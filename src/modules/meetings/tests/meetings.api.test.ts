/**
 * Meetings (issue 17): the secretariat plans a meeting with agenda and delegations (organisations only),
 * changes it (revisions, lost updates refused), assigns follow-up actions that appear in the owner
 * organisation's task list and that only the owner (or the secretariat) marks done; bad dates and unknown
 * delegations are refused naming the field and writing nothing; the iCalendar feed parses with ical.js.
 */
import ICAL from 'ical.js';
import sql, { raw } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation, makeUser } from '../../../../test/factories';

type Who = 'manager' | 'analystGrc' | 'viewerIta' | 'outsider';

describe.each(testDatabases())('meetings [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  const cookies = {} as Record<Who, string>;
  const orgs = {} as Record<'grc' | 'ita' | 'stranger', number>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA'] });
    const other = await makeDialogue(t.db, { states: ['TUR'] });
    slug = d.slug;
    orgs.grc = (await makeOrganisation(t.db, { country: 'GRC', name: `Hellenic Ministry ${slug}` })).id;
    orgs.ita = (await makeOrganisation(t.db, { country: 'ITA', name: `Italian Ministry ${slug}` })).id;
    orgs.stranger = (await makeOrganisation(t.db, { country: 'TUR', name: `Turkish Ministry ${slug}` })).id;
    const spec: [Who, number, number, 'data_manager' | 'analyst' | 'viewer'][] = [
      ['manager', d.secretariatOrgId, d.id, 'data_manager'],
      ['analystGrc', orgs.grc, d.id, 'analyst'],
      ['viewerIta', orgs.ita, d.id, 'viewer'],
      ['outsider', orgs.stranger, other.id, 'analyst'],
    ];
    for (const [who, orgId, dialogueId, role] of spec) {
      const u = await makeUser(t.db, { orgId, roles: [{ dialogueId, role }] });
      cookies[who] = await loginCookie(t.app, u.email, u.password);
    }
  });
  afterAll(() => t?.close());

  const api = (method: 'GET' | 'POST' | 'PATCH', path: string, who?: Who, body?: object) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${slug}/meetings${path}`,
      headers: who ? sessionHeaders(cookies[who]) : {},
      ...(body ? { payload: body } : {}),
    });
  const count = async (table: string) =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${raw(table)}`))[0]!.n;
  const counts = async () => ({
    meetings: await count('meetings'),
    revisions: await count('meeting_revisions'),
    actions: await count('meeting_actions'),
  });
  const SOM = {
    kind: 'som',
    title: '26th Senior Officials’ Meeting',
    startsOn: '2026-10-14',
    endsOn: '2026-10-15',
    place: 'Istanbul',
    agenda: ['Opening', 'Implementation of the Istanbul commitments', 'Any other business'],
  };

  it('plans, changes and lists meetings, refusing bad input and others, writing nothing', async () => {
    const before = await counts();
    const late = await api('POST', '', 'manager', { ...SOM, endsOn: '2026-10-13' });
    expect(late.statusCode).toBe(400);
    expect(late.json().errors).toEqual([
      { field: 'body.endsOn', message: 'the meeting ends 2026-10-13, before it starts 2026-10-14' },
    ]);
    const stranger = await api('POST', '', 'manager', {
      ...SOM,
      participantOrgIds: [orgs.grc, orgs.stranger],
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors[0].field).toBe('body.participantOrgIds[1]');
    expect((await api('POST', '', 'manager', { ...SOM, kind: 'summit' })).json().errors[0].field).toBe(
      'body.kind',
    );
    expect((await api('POST', '', 'analystGrc', SOM)).statusCode).toBe(403);
    expect((await api('POST', '', 'outsider', SOM)).statusCode).toBe(404);
    expect(await counts()).toEqual(before);

    const res = await api('POST', '', 'manager', { ...SOM, participantOrgIds: [orgs.ita, orgs.grc] });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    expect(m).toMatchObject({ kind: 'som', revision: 1, agenda: SOM.agenda, abilities: { canEdit: true } });
    expect(m.participants.map((p: { country: string }) => p.country)).toEqual(['GRC', 'ITA']);

    const minutes = await api('PATCH', `/${m.id}`, 'manager', {
      minutes: 'The delegations agreed…',
      expectedRevision: 1,
    });
    expect(minutes.json()).toMatchObject({ revision: 2, minutes: 'The delegations agreed…' });
    expect(
      (await api('PATCH', `/${m.id}`, 'manager', { place: 'Ankara', expectedRevision: 1 })).statusCode,
    ).toBe(409);
    expect(
      (await api('PATCH', `/${m.id}`, 'analystGrc', { place: 'Ankara', expectedRevision: 2 })).statusCode,
    ).toBe(403);
    const history = (await api('GET', `/${m.id}/history`, 'viewerIta')).json();
    expect(history.items.map((h: { revision: number }) => h.revision)).toEqual([1, 2]);
    expect(history.items[0].content.minutes).toBe('');
    const list = (await api('GET', '', 'viewerIta')).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([m.id]);
    expect(list.abilities.canCreate).toBe(false);
    expect((await api('GET', '')).statusCode).toBe(401);
  });

  it('assigns follow-up actions to an owner, lists them in its task list, and lets only the owner mark them done', async () => {
    const m = (await api('GET', '', 'manager')).json().items[0];
    const before = await counts();
    const early = await api('POST', `/${m.id}/actions`, 'manager', {
      title: 'Send the national report',
      ownerOrgId: orgs.grc,
      dueOn: '2026-01-01',
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].field).toBe('body.dueOn');
    const foreign = await api('POST', `/${m.id}/actions`, 'manager', {
      title: 'Send the national report',
      ownerOrgId: orgs.stranger,
      dueOn: '2026-12-01',
    });
    expect(foreign.json().errors[0].field).toBe('body.ownerOrgId');
    expect(
      (
        await api('POST', `/${m.id}/actions`, 'analystGrc', {
          title: 'Send it',
          ownerOrgId: orgs.grc,
          dueOn: '2026-12-01',
        })
      ).statusCode,
    ).toBe(403);
    expect(await counts()).toEqual(before);

    const added = await api('POST', `/${m.id}/actions`, 'manager', {
      title: 'Send the national report',
      ownerOrgId: orgs.grc,
      dueOn: '2026-12-01',
    });
    expect(added.statusCode, added.body).toBe(201);
    const action = added.json().actions[0];
    expect(action).toMatchObject({
      owner: { id: orgs.grc, country: 'GRC' },
      status: 'open',
      dueOn: '2026-12-01',
    });
    const mine = (await api('GET', '/actions/mine', 'analystGrc')).json();
    expect(mine.items).toEqual([
      expect.objectContaining({ id: action.id, meetingTitle: SOM.title, canComplete: true }),
    ]);
    expect((await api('GET', '/actions/mine', 'viewerIta')).json().items).toEqual([]);

    const notOwner = await api('POST', `/${m.id}/actions/${action.id}/done`, 'viewerIta');
    expect(notOwner.statusCode).toBe(403);
    expect(notOwner.json().detail).toContain('Hellenic Ministry');
    const done = await api('POST', `/${m.id}/actions/${action.id}/done`, 'analystGrc');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().actions[0].status).toBe('done');
    expect((await api('POST', `/${m.id}/actions/${action.id}/done`, 'analystGrc')).statusCode).toBe(409);
    expect((await api('GET', '/actions/mine', 'analystGrc')).json().items).toEqual([]);
  });

  it('serves the meetings as an iCalendar feed that a maintained parser reads', async () => {
    const res = await api('GET', '/calendar.ics', 'viewerIta');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const cal = new ICAL.Component(ICAL.parse(res.body));
    const [event] = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(event!.summary).toBe(SOM.title);
    expect(event!.location).toBe('Istanbul');
    expect(event!.startDate.toString()).toBe('2026-10-14');
    expect(event!.endDate.toString()).toBe('2026-10-16');
    expect(event!.description).toContain('2. Implementation of the Istanbul commitments');
    expect((await api('GET', '/calendar.ics', 'outsider')).statusCode).toBe(404);
  });
});
