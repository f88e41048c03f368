/**
 * Implementation monitoring (issue 17): the proposed split of a declaration and its checked import, actions,
 * reporting cycles, a state's reports (drafts private to the organisation, revisions, submit, questions,
 * acceptance), the refusals (another delegation's report, after the deadline, a closed cycle, a split that
 * loses text or numbers a commitment twice) writing nothing, the dashboard and its XLSX export read back.
 */
import ExcelJS from 'exceljs';
import sql, { raw } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type MonitoringWorld, makeMonitoringWorld, SMALL_DECLARATION } from './monitoring-world';

const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;

describe.each(testDatabases())('monitoring [%s]', (kind) => {
  let t: TestApp;
  let w: MonitoringWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeMonitoringWorld(t);
  });
  afterAll(() => t?.close());

  const count = async (table: string) =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${raw(table)}`))[0]!.n;
  const counts = async () => ({
    declarations: await count('monitoring_declarations'),
    commitments: await count('monitoring_commitments'),
    cycles: await count('monitoring_cycles'),
    reports: await count('monitoring_reports'),
    revisions: await count('monitoring_report_revisions'),
  });
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    // biome-ignore lint/suspicious/noExplicitAny: test answers are read field by field
    return r.json() as any;
  };

  let declarationId: number;
  let commitments: { id: number; number: string }[];
  let cycleId: number;

  it('proposes a split, refuses a split that loses text or numbers a commitment twice, then imports it', async () => {
    const split = await ok(w.api('POST', '/split', 'manager', { text: SMALL_DECLARATION }));
    expect(split.commitments).toBe(6);
    expect(split.problems).toEqual([]);
    expect(
      split.segments
        .filter((s: { kind: string }) => s.kind === 'commitment')
        .map((s: { number: string }) => s.number),
    ).toEqual(['1', '2', '2 a', '2 b', 'I a', 'I b']);
    expect((await w.api('POST', '/split', 'analystGrc', { text: SMALL_DECLARATION })).statusCode).toBe(403);
    const empty = await w.api('POST', '/split', 'manager', { text: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('body.text');

    const before = await counts();
    const base = {
      title: 'Small declaration',
      place: 'Istanbul',
      adoptedOn: '2013-04-19',
      text: SMALL_DECLARATION,
    };
    const lost = await w.api('POST', '/declarations', 'manager', {
      ...base,
      segments: split.segments.map((s: { text: string }, i: number) =>
        i === 3 ? { ...s, text: 'a) Implement' } : s,
      ),
    });
    expect(lost.statusCode).toBe(400);
    expect(lost.json().code).toBe('SPLIT_REJECTED');
    expect(lost.json().errors).toEqual([
      {
        field: 'body.segments[4].text',
        message:
          'segment 5 does not continue the text: expected "the objectives, b) Oversee the implementation through yearl…", found "b) Oversee the implementation through yearly Senior Official…"',
      },
    ]);
    const twice = await w.api('POST', '/declarations', 'manager', {
      ...base,
      segments: split.segments.map((s: { number: string }, i: number) =>
        i === 4 ? { ...s, number: '2 a' } : s,
      ),
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors).toEqual([
      {
        field: 'body.segments[4].number',
        message: 'commitment number "2 a" is used twice (segments 4 and 5)',
      },
    ]);
    const fr = await w.api('POST', '/declarations', 'manager', { ...base, segments: [] });
    expect(fr.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
    expect(
      (await w.api('POST', '/declarations', 'analystGrc', { ...base, segments: split.segments })).statusCode,
    ).toBe(403);

    // the secretariat corrects the proposal: moves the area of 1 and renumbers nothing
    const corrected = split.segments.map((s: { number: string }) =>
      s.number === '1' ? { ...s, area: 'General' } : s,
    );
    const decl = await ok(w.api('POST', '/declarations', 'manager', { ...base, segments: corrected }), 201);
    declarationId = decl.id;
    commitments = decl.commitmentList;
    expect(decl).toMatchObject({
      title: 'Small declaration',
      place: 'Istanbul',
      adoptedOn: '2013-04-19',
      commitments: 6,
    });
    expect(decl.commitmentList[0]).toMatchObject({
      number: '1',
      area: 'General',
      text: '(1) Establish a partnership for migration.',
    });
    expect(decl.commitmentList[5]).toMatchObject({ number: 'I b', area: 'I. Irregular Migration' });
    expect(decl.text).toBe(SMALL_DECLARATION);

    expect(
      (await ok(w.api('GET', '/declarations', 'viewerGrc'))).items.map((d: { id: number }) => d.id),
    ).toEqual([declarationId]);
    expect((await w.api('GET', '/declarations', 'outsider')).statusCode).toBe(404);
    expect((await w.api('GET', '/declarations')).statusCode).toBe(401);
  });

  it('adds actions to a commitment (secretariat only)', async () => {
    const path = `/declarations/${declarationId}/commitments/${commitments[5]!.id}/actions`;
    const action = {
      title: 'Network of contact points',
      lead: 'Greece',
      partners: 'Italy, Austria',
      period: '2026–2027',
    };
    const d = await ok(w.api('POST', path, 'manager', action), 201);
    expect(d.commitmentList[5].actions).toEqual([
      expect.objectContaining({ title: 'Network of contact points', lead: 'Greece', status: 'planned' }),
    ]);
    expect((await w.api('POST', path, 'analystGrc', action)).statusCode).toBe(403);
    expect((await w.api('POST', path, 'manager', { ...action, status: 'finished' })).statusCode).toBe(400);
    expect(
      (await w.api('POST', `/declarations/${declarationId}/commitments/999999/actions`, 'manager', action))
        .statusCode,
    ).toBe(404);
  });

  it('opens a cycle with a deadline (not in the past; secretariat only)', async () => {
    const past = await w.api('POST', `/declarations/${declarationId}/cycles`, 'manager', {
      title: 'Cycle 2025',
      deadline: '2020-01-01',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors).toEqual([
      { field: 'body.deadline', message: 'the deadline 2020-01-01 is in the past' },
    ]);
    expect(
      (
        await w.api('POST', `/declarations/${declarationId}/cycles`, 'analystGrc', {
          title: 'Cycle',
          deadline: nextYear,
        })
      ).statusCode,
    ).toBe(403);
    const c = await ok(
      w.api('POST', `/declarations/${declarationId}/cycles`, 'manager', {
        title: 'First cycle',
        deadline: nextYear,
      }),
      201,
    );
    cycleId = c.id;
    expect(c).toMatchObject({
      status: 'open',
      isOpenForReports: true,
      abilities: { canClose: true, canReport: false },
    });
    const asGrc = await ok(w.api('GET', `/cycles/${cycleId}`, 'analystGrc'));
    expect(asGrc).toMatchObject({ myState: 'GRC', abilities: { canReport: true, canClose: false } });
    expect((await ok(w.api('GET', `/cycles/${cycleId}`, 'viewerGrc'))).abilities.canReport).toBe(false);
  });

  it('keeps drafts with the organisation, refuses another delegation and bad input, and walks draft → submitted → questions → accepted with revisions', async () => {
    const c1 = commitments[0]!.id;
    const report = `/cycles/${cycleId}/reports/${c1}`;
    const bad = await w.api('PUT', report, 'analystGrc', { progress: 'done' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.progress');
    const badLink = await w.api('PUT', report, 'analystGrc', {
      progress: 'in_progress',
      evidence: ['not a link'],
    });
    expect(badLink.json().errors[0]).toMatchObject({
      field: 'body.evidence[0]',
      message: 'expected an http(s) address',
    });
    expect((await w.api('PUT', report, 'viewerGrc', { progress: 'in_progress' })).statusCode).toBe(403);
    expect((await w.api('PUT', report, 'manager', { progress: 'in_progress' })).statusCode).toBe(403);

    const draft = await ok(
      w.api('PUT', report, 'analystGrc', {
        progress: 'in_progress',
        narrative: 'Law in parliament',
        evidence: ['https://example.org/law'],
      }),
    );
    expect(draft).toMatchObject({
      state: 'GRC',
      status: 'draft',
      revision: 1,
      abilities: { canEdit: true, canSubmit: true },
    });
    // the draft is the organisation's: Italy and the secretariat do not see it, another Greek ministry may not change it
    expect((await ok(w.api('GET', `/cycles/${cycleId}`, 'providerIta'))).reports).toEqual([]);
    expect((await ok(w.api('GET', `/cycles/${cycleId}`, 'manager'))).reports).toEqual([]);
    expect((await ok(w.api('GET', `/cycles/${cycleId}`, 'viewerGrc'))).reports).toHaveLength(1);
    const before = await counts();
    expect((await w.api('PUT', report, 'analystGrc2', { progress: 'implemented' })).statusCode).toBe(403);
    expect(
      (
        await w.api('PATCH', `/reports/${draft.id}`, 'providerIta', {
          progress: 'implemented',
          expectedRevision: 1,
        })
      ).statusCode,
    ).toBe(404);
    const stale = await w.api('PUT', report, 'analystGrc', { progress: 'implemented', expectedRevision: 7 });
    expect(stale.statusCode).toBe(409);
    expect(await counts()).toEqual(before);

    const edited = await ok(
      w.api('PATCH', `/reports/${draft.id}`, 'analystGrc', {
        progress: 'implemented',
        narrative: 'Law adopted',
        expectedRevision: 1,
      }),
    );
    expect(edited).toMatchObject({ progress: 'implemented', revision: 2, evidence: [] });
    const submitted = await ok(
      w.api('POST', `/reports/${draft.id}/submit`, 'analystGrc', { expectedRevision: 2 }),
    );
    expect(submitted).toMatchObject({ status: 'submitted', revision: 3, abilities: { canEdit: false } });
    expect(submitted.submittedAt).not.toBeNull();
    // now every member sees it; another delegation still may not change it
    const other = await w.api('PATCH', `/reports/${draft.id}`, 'providerIta', {
      progress: 'not_started',
      expectedRevision: 3,
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().detail).toContain('belongs to Hellenic Ministry');
    const afterSubmit = await w.api('PATCH', `/reports/${draft.id}`, 'analystGrc', {
      progress: 'not_started',
      expectedRevision: 3,
    });
    expect(afterSubmit.json().code).toBe('REPORT_WRONG_STATUS');

    const noNote = await w.api('POST', `/reports/${draft.id}/review`, 'manager', {
      decision: 'questions',
      expectedRevision: 3,
    });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0].field).toBe('body.note');
    expect(
      (
        await w.api('POST', `/reports/${draft.id}/review`, 'analystGrc', {
          decision: 'accepted',
          expectedRevision: 3,
        })
      ).statusCode,
    ).toBe(403);
    const asked = await ok(
      w.api('POST', `/reports/${draft.id}/review`, 'manager', {
        decision: 'questions',
        note: 'Which law?',
        expectedRevision: 3,
      }),
    );
    expect(asked).toMatchObject({ status: 'questions', reviewNote: 'Which law?' });
    const answered = await ok(
      w.api('PATCH', `/reports/${draft.id}`, 'analystGrc', {
        progress: 'implemented',
        narrative: 'Law 5000/2026',
        expectedRevision: 4,
      }),
    );
    expect(answered.status).toBe('draft');
    await ok(w.api('POST', `/reports/${draft.id}/submit`, 'analystGrc', { expectedRevision: 5 }));
    const accepted = await ok(
      w.api('POST', `/reports/${draft.id}/review`, 'manager', { decision: 'accepted', expectedRevision: 6 }),
    );
    expect(accepted).toMatchObject({ status: 'accepted', revision: 7 });

    const history = await ok(w.api('GET', `/reports/${draft.id}/history`, 'viewerGrc'));
    expect(history.items.map((h: { change: string }) => h.change)).toEqual([
      'saved',
      'saved',
      'submitted',
      'questions',
      'saved',
      'submitted',
      'accepted',
    ]);
    expect(history.items[0].content).toMatchObject({
      progress: 'in_progress',
      narrative: 'Law in parliament',
    });

    // Italy reports two commitments and submits one
    const ita1 = await ok(
      w.api('PUT', `/cycles/${cycleId}/reports/${commitments[0]!.id}`, 'providerIta', {
        progress: 'not_started',
      }),
    );
    await ok(w.api('POST', `/reports/${ita1.id}/submit`, 'providerIta', { expectedRevision: 1 }));
    await ok(
      w.api('PUT', `/cycles/${cycleId}/reports/${commitments[1]!.id}`, 'providerIta', {
        progress: 'in_progress',
      }),
    );
  });

  it('shows the dashboard (drafts not counted) and exports it as XLSX', async () => {
    const d = await ok(w.api('GET', `/cycles/${cycleId}/dashboard`, 'viewerGrc'));
    expect(d.states).toEqual(['AUT', 'GRC', 'ITA']);
    expect(d.commitments).toHaveLength(6);
    const cell = (state: string, i: number) =>
      d.cells.find(
        (c: { state: string; commitmentId: number }) =>
          c.state === state && c.commitmentId === commitments[i]!.id,
      );
    expect(cell('GRC', 0)).toMatchObject({ progress: 'implemented', status: 'accepted', change: 'new' });
    expect(cell('ITA', 0)).toMatchObject({ progress: 'not_started', status: 'submitted' });
    expect(cell('ITA', 1)).toMatchObject({ progress: null });
    expect(d.completeness).toEqual([
      { state: 'AUT', reported: 0, total: 6, percent: 0 },
      { state: 'GRC', reported: 1, total: 6, percent: 17 },
      { state: 'ITA', reported: 1, total: 6, percent: 17 },
    ]);
    expect((await w.api('GET', `/cycles/${cycleId}/dashboard`, 'outsider')).statusCode).toBe(404);

    const xlsx = await w.api('GET', `/cycles/${cycleId}/dashboard.xlsx`, 'viewerGrc');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    // ExcelJS's types want an ArrayBuffer; it reads a Buffer as well (as the other export tests do).
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const progress = wb.getWorksheet('progress')!;
    expect(progress.getRow(1).values).toEqual([undefined, 'commitment', 'area', 'AUT', 'GRC', 'ITA']);
    expect(progress.getRow(2).values).toEqual([undefined, '1', 'General', '', 'implemented', 'not_started']);
    expect(progress.rowCount).toBe(7);
    expect(wb.getWorksheet('completeness')!.getRow(3).values).toEqual([undefined, 'GRC', 1, 6, 17]);

    const pdf = await w.api('GET', `/cycles/${cycleId}/dashboard.pdf`, 'manager');
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { PDFParse } = await import('pdf-parse');
    const parser = new PDFParse({ data: new Uint8Array(pdf.rawPayload) });
    const text = (await parser.getText()).text;
    await parser.destroy();
    expect(text).toContain('Implementation of Small declaration');
    expect(text).toMatch(/1\s+General\s+—\s+implemented\s+not started/);
    expect(text).toContain('1 / 6');
    expect((await w.api('GET', `/cycles/${cycleId}/dashboard.pdf`, 'outsider')).statusCode).toBe(404);
  });

  it('refuses reports after the deadline and in a closed cycle, writing nothing; the next cycle shows the change', async () => {
    await t.db.query(sql`UPDATE monitoring_cycles SET deadline = current_date - 1 WHERE id = ${cycleId}`);
    let before = await counts();
    const late = await w.api('PUT', `/cycles/${cycleId}/reports/${commitments[0]!.id}`, 'analystAut', {
      progress: 'implemented',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('CYCLE_DEADLINE_PASSED');
    expect(await counts()).toEqual(before);
    expect((await ok(w.api('GET', `/cycles/${cycleId}`, 'analystAut'))).abilities.canReport).toBe(false);
    await t.db.query(sql`UPDATE monitoring_cycles SET deadline = ${nextYear} WHERE id = ${cycleId}`);

    expect((await w.api('POST', `/cycles/${cycleId}/close`, 'analystGrc')).statusCode).toBe(403);
    const closed = await ok(w.api('POST', `/cycles/${cycleId}/close`, 'manager'));
    expect(closed).toMatchObject({ status: 'closed', isOpenForReports: false });
    expect(closed.closedAt).not.toBeNull();
    before = await counts();
    const [ita1] = (await ok(w.api('GET', `/cycles/${cycleId}`, 'providerIta'))).reports.filter(
      (r: { state: string; status: string }) => r.state === 'ITA' && r.status === 'submitted',
    );
    for (const res of [
      await w.api('PUT', `/cycles/${cycleId}/reports/${commitments[2]!.id}`, 'analystAut', {
        progress: 'implemented',
      }),
      await w.api('PATCH', `/reports/${ita1.id}`, 'providerIta', {
        progress: 'implemented',
        expectedRevision: 2,
      }),
      await w.api('POST', `/reports/${ita1.id}/review`, 'manager', {
        decision: 'accepted',
        expectedRevision: 2,
      }),
      await w.api('POST', `/cycles/${cycleId}/close`, 'manager'),
    ]) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().code).toBe('CYCLE_CLOSED');
    }
    expect(await counts()).toEqual(before);

    const next = await ok(
      w.api('POST', `/declarations/${declarationId}/cycles`, 'manager', {
        title: 'Second cycle',
        deadline: nextYear,
      }),
      201,
    );
    const r = await ok(
      w.api('PUT', `/cycles/${next.id}/reports/${commitments[0]!.id}`, 'providerIta', {
        progress: 'in_progress',
      }),
    );
    await ok(w.api('POST', `/reports/${r.id}/submit`, 'providerIta', { expectedRevision: 1 }));
    const d = await ok(w.api('GET', `/cycles/${next.id}/dashboard`, 'manager'));
    const progress = await ok(w.api('GET', `/declarations/${declarationId}/progress`, 'viewerGrc'));
    expect(progress).toMatchObject({ commitments: 6, states: 3 });
    expect(
      progress.cycles.map((c: { title: string; implemented: number; reported: number; expected: number }) => [
        c.title,
        c.implemented,
        c.reported,
        c.expected,
      ]),
    ).toEqual([
      ['First cycle', 1, 2, 18],
      ['Second cycle', 0, 1, 18],
    ]);
    expect(d.previousCycle.id).toBe(cycleId);
    expect(
      d.cells.find(
        (c: { state: string; commitmentId: number }) =>
          c.state === 'ITA' && c.commitmentId === commitments[0]!.id,
      ),
    ).toMatchObject({
      progress: 'in_progress',
      previous: 'not_started',
      change: 'better',
    });
  });
});
