import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, makeExchangeWorld } from '../../../../test/exchange-world';

const name = (en: string, more: Record<string, string> = {}) => ({ source: 'en', values: { en, ...more } });

describe.each(testDatabases())('secretariat definitions API [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  const base = () => `/api/dialogues/${w.slug}/definitions`;
  const call = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: object) =>
    t.app.inject({
      method,
      url: `${base()}${path}`,
      headers: sessionHeaders(cookie),
      ...(payload ? { payload } : {}),
    });
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
  });
  afterAll(() => t?.close());

  describe('indicators', () => {
    it('creates an indicator that then shows on the dialogue home, audited and kept as revision 1', async () => {
      const res = await call(w.cookies.manager, 'POST', '/indicators', {
        code: 'VISA_OVERSTAY',
        name: name('Visa overstays', { fr: 'Dépassements de visa', ru: 'Превышения срока визы' }),
        unit: 'persons',
        breakdowns: ['citizenship', 'sex'],
        additiveBreakdowns: ['sex'],
      });
      expect(res.statusCode, res.body).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({
        code: 'VISA_OVERSTAY',
        revision: 1,
        additiveBreakdowns: ['sex'],
        classification: 'dialogue',
        validTo: null,
        hasObservations: false,
      });
      const home = await t.app.inject({
        method: 'GET',
        url: `/api/dialogues/${w.slug}`,
        headers: sessionHeaders(w.cookies.analystIta),
      });
      const shown = home.json().indicators.find((i: { code: string }) => i.code === 'VISA_OVERSTAY');
      expect(shown).toMatchObject({ unit: 'persons', name: { fr: 'Dépassements de visa' } });
      const audit = await t.db.query<{ action: string }>(
        sql`SELECT action FROM audit_log WHERE target_type = 'indicator' AND target_id = ${String(created.id)}`,
      );
      expect(audit.map((a) => a.action)).toEqual(['indicator.create']);
      const history = await call(w.cookies.manager, 'GET', `/history?entity=indicator&id=${created.id}`);
      expect(history.json()).toHaveLength(1);
    });

    it('refuses members outside the secretariat (403) and non-members of a closed dialogue (404)', async () => {
      const body = { code: 'NOPE', name: name('Nope') };
      expect((await call(w.cookies.analystIta, 'POST', '/indicators', body)).statusCode).toBe(403);
      expect((await call(w.cookies.providerIta, 'GET', '')).statusCode).toBe(403);
      expect((await call(w.cookies.outsider, 'POST', '/indicators', body)).statusCode).toBe(404);
      const [n] = await t.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM indicators WHERE code = 'NOPE'`,
      );
      expect(n!.n).toBe(0);
    });

    it('rejects bad input with field paths and writes nothing', async () => {
      const bad = await call(w.cookies.manager, 'POST', '/indicators', {
        code: 'X1',
        name: name('x'),
        breakdowns: ['colour'],
      });
      expect(bad.statusCode).toBe(400);
      expect(fields(bad.json())).toEqual(['body.breakdowns[0]']);
      const notAdditive = await call(w.cookies.manager, 'POST', '/indicators', {
        code: 'X2',
        name: name('x'),
        breakdowns: ['citizenship'],
        additiveBreakdowns: ['sex'],
      });
      expect(notAdditive.statusCode).toBe(400);
      expect(fields(notAdditive.json())).toEqual(['body.additiveBreakdowns[0]']);
      const noName = await call(w.cookies.manager, 'POST', '/indicators', {
        code: 'X3',
        name: { source: 'en', values: { fr: 'x' } },
      });
      expect(noName.statusCode).toBe(400);
      expect(fields(noName.json())[0]).toMatch(/^body\.name/);
      const dup = await call(w.cookies.manager, 'POST', '/indicators', { code: 'IBC', name: name('Again') });
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ code: 'ALREADY_EXISTS', errors: [{ field: 'body.code' }] });
      const rows = await t.db.query(
        sql`SELECT 1 FROM indicators WHERE dialogue_id = ${w.dialogueId} AND code IN ('X1', 'X2', 'X3')`,
      );
      expect(rows).toEqual([]);
    });

    it('edits as a new revision, records name changes as translations, and answers 409 on a stale revision', async () => {
      const [ind] = await t.db.query<{ id: number }>(
        sql`SELECT id FROM indicators WHERE dialogue_id = ${w.dialogueId} AND code = 'VISA_OVERSTAY'`,
      );
      const ok = await call(w.cookies.manager, 'PUT', `/indicators/${ind!.id}`, {
        name: name('Visa overstays', { fr: 'Séjours au-delà du visa', ru: 'Превышения срока визы' }),
        unit: 'detections',
        expectedRevision: 1,
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({
        revision: 2,
        unit: 'detections',
        name: { values: { fr: 'Séjours au-delà du visa' } },
      });
      const translations = await t.db.query<{ language: string; text: string; previous_text: string }>(
        sql`SELECT language, text, previous_text FROM translation_revisions
          WHERE entity = 'indicator' AND entity_id = ${ind!.id}`,
      );
      expect(translations).toEqual([
        { language: 'fr', text: 'Séjours au-delà du visa', previous_text: 'Dépassements de visa' },
      ]);
      const stale = await call(w.cookies.manager, 'PUT', `/indicators/${ind!.id}`, {
        unit: 'persons',
        expectedRevision: 1,
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ code: 'CONFLICT', current: { revision: 2, unit: 'detections' } });
      const history = await call(w.cookies.manager, 'GET', `/history?entity=indicator&id=${ind!.id}`);
      expect(history.json().map((h: { revision: number }) => h.revision)).toEqual([2, 1]);
    });

    it('keeps the code once figures exist, and retires rather than deletes such an indicator', async () => {
      const [ibc] = await t.db.query<{ id: number; revision: number }>(
        sql`SELECT id, revision FROM indicators WHERE dialogue_id = ${w.dialogueId} AND code = 'RET_EFF'`,
      );
      await t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, value)
        VALUES (${w.dialogueId}, ${ibc!.id}, 'ITA', '2024-01-01', 5)`);
      const rename = await call(w.cookies.manager, 'PUT', `/indicators/${ibc!.id}`, {
        code: 'RET_EFFECTIVE',
        expectedRevision: ibc!.revision,
      });
      expect(rename.statusCode).toBe(400);
      expect(fields(rename.json())).toEqual(['body.code']);
      const del = await call(
        w.cookies.manager,
        'DELETE',
        `/indicators/${ibc!.id}?expectedRevision=${ibc!.revision}`,
      );
      expect(del.statusCode).toBe(409);
      const retire = await call(w.cookies.manager, 'PUT', `/indicators/${ibc!.id}`, {
        validTo: '2025-12-31',
        expectedRevision: ibc!.revision,
      });
      expect(retire.statusCode).toBe(200);
      expect(retire.json()).toMatchObject({ validTo: '2025-12-31', hasObservations: true });
      const [audit] = await t.db.query<{ action: string }>(
        sql`SELECT action FROM audit_log WHERE target_type = 'indicator' AND target_id = ${String(ibc!.id)}
          ORDER BY id DESC LIMIT 1`,
      );
      expect(audit!.action).toBe('indicator.retire');
      // Without figures, deleting works.
      const made = (
        await call(w.cookies.manager, 'POST', '/indicators', { code: 'TMP', name: name('Temporary') })
      ).json();
      const gone = await call(w.cookies.manager, 'DELETE', `/indicators/${made.id}?expectedRevision=1`);
      expect(gone.statusCode).toBe(204);
      expect(await t.db.query(sql`SELECT 1 FROM indicators WHERE id = ${made.id}`)).toEqual([]);
    });
  });

  describe('routes', () => {
    it('creates a route with a default line through the countries’ centroids', async () => {
      const res = await call(w.cookies.manager, 'POST', '/routes', {
        code: 'ADRIATIC',
        name: name('Adriatic', { fr: 'Adriatique' }),
        countries: ['alb', 'ITA'],
        validFrom: '2024-01-01',
      });
      expect(res.statusCode, res.body).toBe(201);
      const r = res.json();
      expect(r).toMatchObject({ code: 'ADRIATIC', countries: ['ALB', 'ITA'], revision: 1, validTo: null });
      expect(r.geometry.type).toBe('LineString');
      const [alb, ita] = r.geometry.coordinates as [number, number][];
      // Albania's centroid lies east of Italy's and both are in southern Europe.
      expect(alb![0]).toBeGreaterThan(19);
      expect(alb![0]).toBeLessThan(21);
      expect(ita![0]).toBeLessThan(alb![0]);
      expect(ita![1]).toBeGreaterThan(38);
    });

    it('rejects an unknown country, inverted dates and a bad geometry with field paths', async () => {
      const base = { code: 'BAD', name: name('Bad'), validFrom: '2024-01-01' };
      const unknown = await call(w.cookies.manager, 'POST', '/routes', {
        ...base,
        countries: ['GRC', 'XXX'],
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors).toEqual([
        { field: 'body.countries[1]', message: 'unknown country "XXX"' },
      ]);
      const inverted = await call(w.cookies.manager, 'POST', '/routes', {
        ...base,
        countries: ['GRC', 'ITA'],
        validTo: '2023-12-31',
      });
      expect(inverted.statusCode).toBe(400);
      expect(fields(inverted.json())).toEqual(['body.validTo']);
      const point = await call(w.cookies.manager, 'POST', '/routes', {
        ...base,
        countries: ['GRC', 'ITA'],
        geometry: { type: 'Point', coordinates: [1, 2] },
      });
      expect(point.statusCode).toBe(400);
      expect(fields(point.json())).toEqual(['body.geometry.type']);
      expect(await t.db.query(sql`SELECT 1 FROM routes WHERE code = 'BAD'`)).toEqual([]);
      expect(
        (await call(w.cookies.analystIta, 'POST', '/routes', { ...base, countries: ['GRC', 'ITA'] }))
          .statusCode,
      ).toBe(403);
    });

    it('edits with a given geometry, and answers 409 on a stale revision', async () => {
      const [route] = await t.db.query<{ id: number }>(
        sql`SELECT id FROM routes WHERE dialogue_id = ${w.dialogueId} AND code = 'ADRIATIC'`,
      );
      const line = {
        type: 'MultiLineString',
        coordinates: [
          [
            [19.8, 41.3],
            [16.9, 41.1],
          ],
        ],
      };
      const ok = await call(w.cookies.manager, 'PUT', `/routes/${route!.id}`, {
        geometry: line,
        validTo: '2026-06-30',
        expectedRevision: 1,
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ revision: 2, geometry: line, validTo: '2026-06-30' });
      const stale = await call(w.cookies.manager, 'PUT', `/routes/${route!.id}`, {
        name: name('Adriatic Sea'),
        expectedRevision: 1,
      });
      expect(stale.statusCode).toBe(409);
      const [row] = await t.db.query<{ name: string }>(sql`SELECT name FROM routes WHERE id = ${route!.id}`);
      expect(row!.name).toBe('Adriatic');
    });
  });

  describe('reporting calendar and submissions', () => {
    it('accepts any period while the dialogue has no calendar', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/dialogues/${w.slug}/submissions`,
        headers: sessionHeaders(w.cookies.providerIta),
        payload: { observations: [{ indicator: 'ASY', period: '2019-01', value: 3 }] },
      });
      expect(res.statusCode, res.body).toBe(201);
    });

    it('edits the calendar with field paths for bad entries and 409 on a stale revision', async () => {
      const bad = await call(w.cookies.manager, 'PUT', '/calendar', {
        entries: [
          { reporter: 'FRA', indicator: 'IBC', from: '2024-01', expectedRevision: 0 },
          { reporter: 'ITA', indicator: 'NOPE', from: '2024-01', expectedRevision: 0 },
          { reporter: 'ITA', indicator: 'IBC', from: '2024-05', to: '2024-01', expectedRevision: 0 },
        ],
      });
      expect(bad.statusCode).toBe(400);
      expect(fields(bad.json())).toEqual([
        'body.entries[0].reporter',
        'body.entries[1].indicator',
        'body.entries[2].to',
      ]);
      // The access rule is checked before the body (calendars.policy.ts): a caller who may not edit learns
      // nothing about the schema.
      expect((await call(w.cookies.analystIta, 'PUT', '/calendar', { entries: [] })).statusCode).toBe(403);
      expect(
        (
          await call(w.cookies.analystIta, 'PUT', '/calendar', {
            entries: [{ reporter: 'ITA', indicator: 'IBC', from: '2024-01', expectedRevision: 0 }],
          })
        ).statusCode,
      ).toBe(403);
      const entries = ['ITA', 'GRC'].flatMap((reporter) =>
        ['ASY', 'IBC'].map((indicator) => ({
          reporter,
          indicator,
          from: '2024-01',
          deadlineDay: 15,
          expectedRevision: 0,
        })),
      );
      const ok = await call(w.cookies.manager, 'PUT', '/calendar', { entries });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ isOpen: false });
      expect(ok.json().entries).toHaveLength(4);
      const stale = await call(w.cookies.manager, 'PUT', '/calendar', {
        entries: [{ reporter: 'ITA', indicator: 'ASY', from: '2023-01', expectedRevision: 0 }],
      });
      expect(stale.statusCode).toBe(409);
      const moved = await call(w.cookies.manager, 'PUT', '/calendar', {
        entries: [
          { reporter: 'ITA', indicator: 'ASY', from: '2023-06', deadlineDay: 20, expectedRevision: 1 },
        ],
      });
      expect(
        moved
          .json()
          .entries.find(
            (e: { reporter: string; indicator: string }) => e.reporter === 'ITA' && e.indicator === 'ASY',
          ),
      ).toMatchObject({
        from: '2023-06',
        deadlineDay: 20,
        revision: 2,
      });
      // Every member reads it; an outsider does not see the dialogue.
      expect((await call(w.cookies.providerIta, 'GET', '/calendar')).statusCode).toBe(200);
      expect((await call(w.cookies.outsider, 'GET', '/calendar')).statusCode).toBe(404);
    });

    it('rejects figures for periods outside the reporter’s calendar, for JSON and at submission', async () => {
      const post = (observations: object[]) =>
        t.app.inject({
          method: 'POST',
          url: `/api/dialogues/${w.slug}/submissions`,
          headers: sessionHeaders(w.cookies.providerIta),
          payload: { observations },
        });
      const before = await post([
        { indicator: 'IBC', period: '2024-02', value: 3 },
        { indicator: 'IBC', period: '2023-12', value: 3 },
        { indicator: 'FAC', period: '2024-02', value: 3 },
      ]);
      expect(before.statusCode).toBe(400);
      expect(before.json().errors).toEqual([
        expect.objectContaining({
          field: 'body.observations[1].period',
          message: expect.stringContaining('before ITA reports IBC (from 2024-01'),
        }),
        expect.objectContaining({
          field: 'body.observations[2].period',
          message: "ITA does not report FAC in this dialogue's reporting calendar",
        }),
      ]);
      // A draft made while the period was still expected is stopped at submission once the calendar moves.
      const draft = await post([{ indicator: 'ASY', period: '2023-07', value: 3 }]);
      expect(draft.statusCode, draft.body).toBe(201);
      const cal = await call(w.cookies.manager, 'PUT', '/calendar', {
        entries: [{ reporter: 'ITA', indicator: 'ASY', from: '2024-01', expectedRevision: 2 }],
      });
      expect(cal.statusCode).toBe(200);
      const submit = await t.app.inject({
        method: 'POST',
        url: `/api/dialogues/${w.slug}/submissions/${draft.json().id}/submit`,
        headers: sessionHeaders(w.cookies.providerIta),
        payload: {},
      });
      expect(submit.statusCode).toBe(400);
      expect(submit.json()).toMatchObject({
        code: 'PERIOD_OUTSIDE_CALENDAR',
        errors: [{ field: 'observations[ASY 2023-07]' }],
      });
      const [s] = await t.db.query<{ status: string }>(
        sql`SELECT status FROM submissions WHERE id = ${draft.json().id}`,
      );
      expect(s!.status).toBe('draft');
      // Editing one figure of the draft into a month outside the calendar is refused as well.
      const edit = await t.app.inject({
        method: 'PUT',
        url: `/api/dialogues/${w.slug}/submissions/${draft.json().id}/figures`,
        headers: sessionHeaders(w.cookies.providerIta),
        payload: { indicator: 'ASY', period: '2023-08', value: 4, expectedRevision: 0 },
      });
      expect(edit.statusCode).toBe(400);
      expect(edit.json()).toMatchObject({
        code: 'PERIOD_OUTSIDE_CALENDAR',
        errors: [{ field: 'body.period' }],
      });
    });

    it('checks "total = sum of breakdowns" for an indicator that declares an additive breakdown', async () => {
      // The dialogue's own rules replace the defaults; the indicator's definition still brings its sum rule.
      await t.db.query(sql`INSERT INTO validation_rules (dialogue_id, name, kind, expression, severity)
        VALUES (${w.dialogueId}, 'Non-negative', 'non_negative', 'value >= 0', 'error')`);
      const [asy] = await t.db.query<{ id: number; revision: number }>(
        sql`SELECT id, revision FROM indicators WHERE dialogue_id = ${w.dialogueId} AND code = 'ASY'`,
      );
      const set = await call(w.cookies.manager, 'PUT', `/indicators/${asy!.id}`, {
        additiveBreakdowns: ['sex'],
        expectedRevision: asy!.revision,
      });
      expect(set.statusCode, set.body).toBe(200);
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/dialogues/${w.slug}/submissions`,
        headers: sessionHeaders(w.cookies.providerIta),
        payload: {
          observations: [
            { indicator: 'ASY', period: '2024-03', value: 10 },
            { indicator: 'ASY', period: '2024-03', breakdowns: { sex: 'F' }, value: 4 },
            { indicator: 'ASY', period: '2024-03', breakdowns: { sex: 'M' }, value: 5 },
          ],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const submit = await t.app.inject({
        method: 'POST',
        url: `/api/dialogues/${w.slug}/submissions/${created.json().id}/submit`,
        headers: sessionHeaders(w.cookies.providerIta),
        payload: {},
      });
      expect(submit.statusCode).toBe(422);
      expect(submit.json().code).toBe('RULES_FAILED');
      expect(submit.json().findings[0].rule).toBe('ASY: total equals the sum of its sex breakdown');
    });

    it('lists overdue reporters per indicator and month for the secretariat', async () => {
      const [ibc] = await t.db.query<{ id: number }>(
        sql`SELECT id FROM indicators WHERE dialogue_id = ${w.dialogueId} AND code = 'IBC'`,
      );
      await t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, value)
        VALUES (${w.dialogueId}, ${ibc!.id}, 'ITA', '2024-01-01', 7)`);
      const res = await call(w.cookies.manager, 'GET', '/overdue?asOf=2024-03-20&since=2024-01');
      expect(res.statusCode, res.body).toBe(200);
      const items = res
        .json()
        .items.filter((i: { indicator: string }) => i.indicator === 'IBC')
        .map(
          (i: { reporter: string; period: string; daysLate: number }) =>
            `${i.reporter} ${i.period} ${i.daysLate}`,
        );
      expect(items).toEqual(['GRC 2024-01 34', 'GRC 2024-02 5', 'ITA 2024-02 5']);
      expect(res.json().byReporter[0]).toMatchObject({ reporter: 'GRC' });
      expect((await call(w.cookies.analystIta, 'GET', '/overdue')).statusCode).toBe(403);
      const inverted = await call(w.cookies.manager, 'GET', '/overdue?asOf=2024-03-20&since=2024-06');
      expect(inverted.statusCode).toBe(400);
      expect(fields(inverted.json())).toEqual(['querystring.since']);
    });
  });
});
