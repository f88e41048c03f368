/**
 * Draft consultations (issue 17, part C) through the API on both databases: the secretariat creates a draft
 * (split into headings and numbered paragraphs), corrects the split (refused when it loses text), opens it;
 * two delegations comment per paragraph (a proposed wording shown as a diff, support, objection), edit their
 * own comments as revisions and not another's; after the deadline comments are refused; the secretariat
 * responds, reads the matrix, edits the generated summary (revisions), publishes a revised draft and compares
 * versions; the XLSX and DOCX exports are read back with ExcelJS and mammoth. Bad input writes nothing.
 */
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import mammoth from 'mammoth';
import sql, { raw } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jobHandlers, makePersonas, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation } from '../../../../test/factories';
import { runJobsNow } from '../../../jobs/worker';
import { runConsultationRemindJob } from '../consultations.jobs';

type Who = 'manager' | 'analystGrc' | 'analystIta' | 'viewerIta' | 'observer' | 'outsider';

const DRAFT = `# Call for Action

Preamble

We, the Ministers, recognising the contribution of well-managed migration,

Part 1 – Legal migration

1. We will further pathways for legal migration.
2. We will consider establishing cooperation on travel documents.

Part 2 – Monitoring

3. Senior officials will review progress every year.
`;

const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each(testDatabases())('draft consultations [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  const cookies = {} as Record<Who, string>;
  const users = {} as Record<Who, number>;
  const orgs = {} as Record<'grc' | 'ita', number>;

  const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, who?: Who, body?: unknown) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${slug}/consultations${path}`,
      headers: who ? sessionHeaders(cookies[who]) : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const ok = (res: LightMyRequestResponse, code = 200) => {
    expect(res.statusCode, res.body).toBe(code);
    return res.json();
  };
  const count = async (table: string) =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${raw(table)}`))[0]!.n;
  const counts = async () => ({
    consultations: await count('consultations'),
    versions: await count('consultation_versions'),
    comments: await count('consultation_comments'),
    revisions: await count('consultation_comment_revisions'),
    responses: await count('consultation_responses'),
    summaries: await count('consultation_summaries'),
  });
  const create = async (extra: object = {}) =>
    ok(
      await api('POST', '', 'manager', {
        title: 'Call for Action',
        text: DRAFT,
        deadline: inFuture(10),
        ...extra,
      }),
      201,
    );

  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'dialogue', states: ['GRC', 'ITA'] });
    const other = await makeDialogue(t.db, { classification: 'dialogue', states: ['TUR'] });
    slug = d.slug;
    const grc = await makeOrganisation(t.db, { country: 'GRC', name: `Hellenic Ministry ${d.slug}` });
    const ita = await makeOrganisation(t.db, { country: 'ITA', name: `Italian Ministry ${d.slug}` });
    const intl = await makeOrganisation(t.db, { kind: 'international' });
    orgs.grc = grc.id;
    orgs.ita = ita.id;
    const spec: Record<
      Who,
      { orgId: number; dialogueId: number; role: 'analyst' | 'viewer' | 'data_manager' | 'observer' }
    > = {
      manager: { orgId: d.secretariatOrgId, dialogueId: d.id, role: 'data_manager' },
      analystGrc: { orgId: grc.id, dialogueId: d.id, role: 'analyst' },
      analystIta: { orgId: ita.id, dialogueId: d.id, role: 'analyst' },
      viewerIta: { orgId: ita.id, dialogueId: d.id, role: 'viewer' },
      observer: { orgId: intl.id, dialogueId: d.id, role: 'observer' },
      outsider: { orgId: ita.id, dialogueId: other.id, role: 'analyst' },
    };
    const made = await makePersonas(t, spec);
    Object.assign(users, made.users);
    Object.assign(cookies, made.cookies);
  });
  afterAll(() => t?.close());

  it('splits the draft, lets the secretariat correct the split, and refuses a split that loses text', async () => {
    const c = await create();
    expect(c).toMatchObject({ status: 'draft', version: 1, splitRevision: 1, commentsVisible: false });
    expect(c.blocks.map((b: { key: string; kind: string }) => `${b.key}:${b.kind}`)).toEqual([
      'h1:heading',
      'h2:heading',
      'p1:paragraph',
      'h3:heading',
      'p2:paragraph',
      'p3:paragraph',
      'h4:heading',
      'p4:paragraph',
    ]);
    expect(c.blocks[4]).toMatchObject({ number: 2, section: 'Part 1 – Legal migration' });
    // A draft is the secretariat's until opened.
    expect((await api('GET', `/${c.id}`, 'analystGrc')).statusCode).toBe(404);
    expect((await api('GET', '', 'analystGrc')).json()).toEqual({
      items: [],
      abilities: { canCreate: false },
    });

    const before = await counts();
    const segments = c.blocks.map((b: { kind: string; source: string }) => ({
      kind: b.kind,
      text: b.source,
    }));
    const lost = await api('PUT', `/${c.id}/split`, 'manager', {
      blocks: segments.filter((_: unknown, i: number) => i !== 5),
      expectedSplitRevision: 1,
    });
    expect(lost.statusCode).toBe(400);
    expect(lost.json().errors).toEqual([
      {
        field: 'body.blocks[5].text',
        message: expect.stringMatching(
          /^the split departs from the draft in block 6: the draft has "2\. We will consider/,
        ),
      },
    ]);
    expect(
      (await api('PUT', `/${c.id}/split`, 'analystGrc', { blocks: segments, expectedSplitRevision: 1 }))
        .statusCode,
    ).toBe(403);
    expect(await counts()).toEqual(before);

    // Merge paragraphs 2 and 3 (the secretariat's correction): a new split revision, numbered again.
    const merged = [
      ...segments.slice(0, 4),
      { kind: 'paragraph', text: `${segments[4].text}\n${segments[5].text}` },
      ...segments.slice(6),
    ];
    const corrected = ok(
      await api('PUT', `/${c.id}/split`, 'manager', { blocks: merged, expectedSplitRevision: 1 }),
    );
    expect(corrected.splitRevision).toBe(2);
    expect(corrected.blocks.filter((b: { kind: string }) => b.kind === 'paragraph')).toHaveLength(3);
    const stale = await api('PUT', `/${c.id}/split`, 'manager', { blocks: merged, expectedSplitRevision: 1 });
    expect(stale.statusCode).toBe(409);
    ok(await api('POST', `/${c.id}/open`, 'manager'));
    const afterOpen = await api('PUT', `/${c.id}/split`, 'manager', {
      blocks: merged,
      expectedSplitRevision: 2,
    });
    expect(afterOpen.json().code).toBe('CONSULTATION_NOT_DRAFT');
  });

  it('takes comments per paragraph from two delegations, with revisions, ownership and the deadline', async () => {
    const c = await create();
    const notOpen = await api('POST', `/${c.id}/comments`, 'analystGrc', {
      paragraphKey: 'p1',
      kind: 'support',
    });
    expect(notOpen.statusCode).toBe(404); // a draft is invisible to delegations
    ok(await api('POST', `/${c.id}/open`, 'manager'));

    const wording = ok(
      await api('POST', `/${c.id}/comments`, 'analystGrc', {
        paragraphKey: 'p3',
        kind: 'proposed_wording',
        body: 'Stronger language.',
        proposedWording: 'We will establish cooperation on travel documents.',
      }),
    );
    const mine = wording.comments[0];
    expect(mine).toMatchObject({ paragraphNumber: 3, kind: 'proposed_wording', mine: true, revision: 1 });
    expect(
      mine.wordingDiff
        .filter((p: { op: string }) => p.op !== 'equal')
        .map((p: { op: string; text: string }) => `${p.op}:${p.text.trim()}`),
    ).toEqual(['delete:consider', 'insert:establish', 'delete:establishing']);
    ok(
      await api('POST', `/${c.id}/comments`, 'analystIta', {
        paragraphKey: 'p3',
        kind: 'proposed_wording',
        proposedWording: 'We will cooperate on travel documents.',
      }),
    );
    ok(
      await api('POST', `/${c.id}/comments`, 'analystIta', {
        paragraphKey: 'p1',
        kind: 'objection',
        body: 'Unbalanced.',
      }),
    );
    ok(await api('POST', `/${c.id}/comments`, 'observer', { paragraphKey: 'p4', kind: 'support' }));

    // Comments are hidden from other delegations unless the secretariat chose otherwise.
    const grcView = ok(await api('GET', `/${c.id}`, 'analystGrc'));
    expect(grcView.comments.map((k: { organisation: { id: number } }) => k.organisation.id)).toEqual([
      orgs.grc,
    ]);
    expect(ok(await api('GET', `/${c.id}`, 'manager')).comments).toHaveLength(4);
    expect(ok(await api('GET', `/${c.id}`, 'viewerIta')).abilities.canComment).toBe(false);

    const before = await counts();
    const bad = [
      await api('POST', `/${c.id}/comments`, 'analystGrc', { paragraphKey: 'p9', kind: 'support' }),
      await api('POST', `/${c.id}/comments`, 'analystGrc', { paragraphKey: 'h1', kind: 'support' }),
      await api('POST', `/${c.id}/comments`, 'analystGrc', { paragraphKey: 'p1', kind: 'proposed_wording' }),
      await api('POST', `/${c.id}/comments`, 'analystGrc', { paragraphKey: 'p1', kind: 'comment' }),
      await api('POST', `/${c.id}/comments`, 'analystGrc', { paragraphKey: 'p1', kind: 'praise', body: 'x' }),
    ];
    expect(bad.map((r) => r.statusCode)).toEqual([400, 400, 400, 400, 400]);
    expect(bad.map((r) => r.json().errors[0].field)).toEqual([
      'body.paragraphKey',
      'body.paragraphKey',
      'body.proposedWording',
      'body.body',
      'body.kind',
    ]);
    expect(bad[0]!.json().errors[0].message).toBe('version 1 of the draft has no paragraph p9');
    expect(
      (await api('POST', `/${c.id}/comments`, 'viewerIta', { paragraphKey: 'p1', kind: 'support' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await api('POST', `/${c.id}/comments`, 'outsider', { paragraphKey: 'p1', kind: 'support' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await api('POST', `/${c.id}/comments`, undefined, { paragraphKey: 'p1', kind: 'support' })).statusCode,
    ).toBe(401);
    // Another delegation's comment: Italy sees it only through the secretariat's matrix, and may not edit it.
    const notMine = await api('PATCH', `/${c.id}/comments/${mine.id}`, 'analystIta', {
      kind: 'support',
      expectedRevision: 1,
    });
    expect(notMine.statusCode).toBe(404);
    expect(await counts()).toEqual(before);

    const edited = ok(
      await api('PATCH', `/${c.id}/comments/${mine.id}`, 'analystGrc', {
        kind: 'proposed_wording',
        body: 'Stronger language, as in 2013.',
        proposedWording: 'We will establish cooperation on travel documents without delay.',
        expectedRevision: 1,
      }),
    );
    expect(edited.comments[0]).toMatchObject({ revision: 2, body: 'Stronger language, as in 2013.' });
    const stale = await api('PATCH', `/${c.id}/comments/${mine.id}`, 'analystGrc', {
      kind: 'support',
      expectedRevision: 1,
    });
    expect(stale.statusCode).toBe(409);
    const [revs] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM consultation_comment_revisions WHERE comment_id = ${mine.id}`,
    );
    expect(revs!.n).toBe(2);

    // The secretariat extends the deadline and shows comments to every delegation (a new revision).
    const view = ok(await api('GET', `/${c.id}`, 'manager'));
    expect(
      (
        await api('PATCH', `/${c.id}`, 'analystGrc', {
          deadline: inFuture(20),
          expectedRevision: view.revision,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await api('PATCH', `/${c.id}`, 'manager', { deadline: '2020-01-01', expectedRevision: view.revision })
      ).json().errors[0].field,
    ).toBe('body.deadline');
    const changed = ok(
      await api('PATCH', `/${c.id}`, 'manager', {
        deadline: inFuture(20),
        commentsVisible: true,
        expectedRevision: view.revision,
      }),
    );
    expect(changed).toMatchObject({
      deadline: inFuture(20),
      commentsVisible: true,
      revision: view.revision + 1,
    });
    expect(ok(await api('GET', `/${c.id}`, 'analystIta')).comments).toHaveLength(4);
    expect(
      (await api('PATCH', `/${c.id}`, 'manager', { commentsVisible: false, expectedRevision: view.revision }))
        .statusCode,
    ).toBe(409);
    ok(
      await api('PATCH', `/${c.id}`, 'manager', {
        commentsVisible: false,
        expectedRevision: view.revision + 1,
      }),
    );

    // After the deadline: refused with a clear error, nothing written.
    await t.db.query(sql`UPDATE consultations SET deadline = current_date - 1 WHERE id = ${c.id}`);
    const afterDeadline = await counts();
    const late = await api('POST', `/${c.id}/comments`, 'analystGrc', {
      paragraphKey: 'p1',
      kind: 'support',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'CONSULTATION_CLOSED' });
    expect(late.json().detail).toMatch(
      /^The deadline for comments on consultation \d+ was \d{4}-\d\d-\d\d: comments are closed/,
    );
    const lateEdit = await api('PATCH', `/${c.id}/comments/${mine.id}`, 'analystGrc', {
      kind: 'support',
      expectedRevision: 2,
    });
    expect(lateEdit.json().code).toBe('CONSULTATION_CLOSED');
    expect(await counts()).toEqual(afterDeadline);
  });

  it('lets delegations see each other when chosen, and refuses editing another delegation’s comment', async () => {
    const c = await create({ commentsVisible: true });
    ok(await api('POST', `/${c.id}/open`, 'manager'));
    const grc = ok(
      await api('POST', `/${c.id}/comments`, 'analystGrc', {
        paragraphKey: 'p2',
        kind: 'comment',
        body: 'Add diaspora.',
      }),
    );
    ok(await api('POST', `/${c.id}/comments`, 'analystIta', { paragraphKey: 'p2', kind: 'support' }));
    const itaView = ok(await api('GET', `/${c.id}`, 'analystIta'));
    expect(itaView.comments).toHaveLength(2);
    const res = await api('PATCH', `/${c.id}/comments/${grc.comments[0].id}`, 'analystIta', {
      kind: 'support',
      expectedRevision: 1,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/a delegation edits only its own comments/);
  });

  it('builds the matrix and the summary, keeps edits as revisions, exports XLSX and DOCX, compares versions', async () => {
    const c = await create();
    ok(await api('POST', `/${c.id}/open`, 'manager'));
    ok(
      await api('POST', `/${c.id}/comments`, 'analystGrc', {
        paragraphKey: 'p3',
        kind: 'proposed_wording',
        body: 'Stronger.',
        proposedWording: 'We will establish cooperation on travel documents.',
      }),
    );
    ok(
      await api('POST', `/${c.id}/comments`, 'analystIta', {
        paragraphKey: 'p3',
        kind: 'proposed_wording',
        proposedWording: 'We will cooperate on travel documents.',
      }),
    );
    const last = ok(
      await api('POST', `/${c.id}/comments`, 'analystIta', {
        paragraphKey: 'p1',
        kind: 'objection',
        body: 'Unbalanced.',
      }),
    );
    expect(last.comments).toHaveLength(2); // Italy sees its own two only
    const ids = ok(await api('GET', `/${c.id}`, 'manager')).comments.map((k: { id: number }) => k.id);

    const badResponse = await api('POST', `/${c.id}/comments/${ids[2]}/response`, 'manager', {
      response: 'not_accepted',
    });
    expect(badResponse.json().errors[0].field).toBe('body.reason');
    expect(
      (await api('POST', `/${c.id}/comments/${ids[0]}/response`, 'analystGrc', { response: 'accepted' }))
        .statusCode,
    ).toBe(403);
    ok(await api('POST', `/${c.id}/comments/${ids[0]}/response`, 'manager', { response: 'accepted' }));
    ok(
      await api('POST', `/${c.id}/comments/${ids[1]}/response`, 'manager', {
        response: 'partly',
        reason: 'Kept "establish".',
      }),
    );
    ok(
      await api('POST', `/${c.id}/comments/${ids[2]}/response`, 'manager', {
        response: 'not_accepted',
        reason: 'Agreed in 2013.',
      }),
    );

    const m = ok(await api('GET', `/${c.id}/matrix`, 'manager'));
    expect(m.delegations.map((x: { id: number }) => x.id).sort()).toEqual([orgs.grc, orgs.ita].sort());
    const p3 = m.rows.find((r: { key: string }) => r.key === 'p3');
    expect(p3.comments.map((k: { response: { response: string } }) => k.response.response)).toEqual([
      'accepted',
      'partly',
    ]);
    // Italy's matrix holds only Italy's comments (they are not visible to other delegations).
    const itaMatrix = ok(await api('GET', `/${c.id}/matrix`, 'analystIta'));
    expect(itaMatrix.delegations.map((x: { id: number }) => x.id)).toEqual([orgs.ita]);

    const summary = ok(await api('GET', `/${c.id}/summary`, 'manager'));
    expect(summary).toMatchObject({ revision: 0, generated: true });
    expect(summary.content.sections.map((s: { title: string }) => s.title)).toEqual([
      'Comments – Preamble',
      'Comments – Part 1 – Legal migration',
    ]);
    const wordings = summary.content.sections[1].points[0];
    expect(wordings).toMatchObject({
      number: 2,
      text: 'Several delegations proposed other wordings for paragraph 3:',
      commentIds: [ids[0], ids[1]],
    });
    expect(summary.text).toContain('1. One delegation objected to paragraph 1:');

    const edited = structuredClone(summary.content);
    edited.sections[1].points[0].text =
      'Several delegations called for stronger language on travel documents.';
    const badCite = structuredClone(edited);
    badCite.sections[0].points[0].commentIds = [999999];
    const before = await counts();
    expect(
      (await api('PUT', `/${c.id}/summary`, 'manager', { content: badCite, expectedRevision: 0 })).json()
        .errors[0].message,
    ).toMatch(/cites comments that are not comments on version 1: 999999/);
    expect(
      (await api('PUT', `/${c.id}/summary`, 'analystGrc', { content: edited, expectedRevision: 0 }))
        .statusCode,
    ).toBe(403);
    expect(await counts()).toEqual(before);
    const saved = ok(
      await api('PUT', `/${c.id}/summary`, 'manager', { content: edited, expectedRevision: 0 }),
    );
    expect(saved).toMatchObject({ revision: 1, generated: false });
    expect(
      (await api('PUT', `/${c.id}/summary`, 'manager', { content: edited, expectedRevision: 0 })).statusCode,
    ).toBe(409);
    const regenerated = ok(await api('POST', `/${c.id}/summary/generate`, 'manager'));
    expect(
      regenerated.revisions.map((r: { revision: number; generated: boolean }) => [r.revision, r.generated]),
    ).toEqual([
      [2, true],
      [1, false],
    ]);

    // XLSX, read back with ExcelJS.
    const xlsx = await api('GET', `/${c.id}/matrix.xlsx`, 'manager');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toMatch(/matrix\.xlsx/);
    const wb = new ExcelJS.Workbook();
    // ExcelJS types its input as an ArrayBuffer; inject's payload Buffer holds the same bytes.
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const grid = wb.getWorksheet('matrix')!;
    const header = (grid.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 2)).toEqual(['Paragraph', 'Text of the draft']);
    expect(header).toContain(`Hellenic Ministry ${slug}`);
    const texts: string[] = [];
    grid.eachRow((r) => texts.push((r.values as unknown[]).slice(1).join(' | ')));
    expect(texts.find((x) => x.startsWith('3 |'))).toContain(
      '[Proposed wording] “We will establish cooperation on travel documents.” Stronger. → Accepted',
    );
    const list = wb.getWorksheet('comments')!;
    expect(list.rowCount).toBe(4);
    expect((list.getRow(2).values as unknown[]).slice(1)).toEqual([
      ids[2],
      '1',
      `Italian Ministry ${slug}`,
      'Objection',
      'Unbalanced.',
      '',
      'Not accepted',
      'Agreed in 2013.',
    ]);
    // French headings.
    const fr = new ExcelJS.Workbook();
    await fr.xlsx.load(
      (await api('GET', `/${c.id}/matrix.xlsx?lang=fr`, 'manager')).rawPayload as unknown as ArrayBuffer,
    );
    expect(fr.getWorksheet('matrix')!.getRow(1).getCell(1).value).toBe('Paragraphe');

    // DOCX, read back with mammoth.
    const docx = await api('GET', `/${c.id}/matrix.docx`, 'manager');
    expect(docx.statusCode).toBe(200);
    const matrixText = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value;
    expect(matrixText).toContain('Consolidated comment matrix – version 1');
    expect(matrixText).toContain('We will cooperate on travel documents.');
    expect(matrixText).toContain('Partly accepted: Kept "establish".');
    // PDF, printed by the report browser, read back with pdf-parse.
    const pdf = await api('GET', `/${c.id}/matrix.pdf`, 'manager');
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { PDFParse } = await import('pdf-parse');
    const parser = new PDFParse({ data: new Uint8Array(pdf.rawPayload) });
    const pdfText = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(pdfText).toContain('Consolidated comment matrix – version 1');
    expect(pdfText).toContain('Not accepted: Agreed in 2013.');
    const summaryDoc = await api('GET', `/${c.id}/summary.docx`, 'manager');
    const summaryText = (await mammoth.extractRawText({ buffer: summaryDoc.rawPayload })).value;
    expect(summaryText).toContain('Summary of comments');
    expect(summaryText).toContain('2. Several delegations proposed other wordings for paragraph 3:');
    expect(summaryText).toContain('i. “We will establish cooperation on travel documents.” – Stronger.');

    // A revised draft: a new version; the comparison shows the change and what became of each comment.
    const revised = DRAFT.replace('consider establishing', 'establish');
    expect((await api('POST', `/${c.id}/versions`, 'analystGrc', { text: revised })).statusCode).toBe(403);
    expect((await api('POST', `/${c.id}/versions`, 'manager', { text: '   ' })).json().errors[0].field).toBe(
      'body.text',
    );
    const v2 = ok(
      await api('POST', `/${c.id}/versions`, 'manager', { text: revised, note: 'After the SOM' }),
    );
    expect(v2).toMatchObject({ version: 2, currentVersion: 2 });
    expect(v2.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const cmp = ok(await api('GET', `/${c.id}/compare`, 'analystIta'));
    expect(cmp).toMatchObject({ from: 1, to: 2 });
    const changed = cmp.rows.filter((r: { status: string }) => r.status === 'changed');
    expect(changed).toHaveLength(1);
    expect(changed[0].from.key).toBe('p3');
    expect(
      changed[0].diff
        .filter((p: { op: string }) => p.op === 'insert')
        .map((p: { text: string }) => p.text.trim()),
    ).toEqual(['establish']);
    expect(
      cmp.comments.map((k: { paragraphKey: string; treatment: { status: string } }) => [
        k.paragraphKey,
        k.treatment.status,
      ]),
    ).toEqual([
      ['p3', 'changed'],
      ['p1', 'unchanged'],
    ]);
    expect(
      ok(await api('GET', `/${c.id}`, 'manager')).comments.find((k: { id: number }) => k.id === ids[0])
        .treatment,
    ).toEqual({
      version: 2,
      status: 'changed',
      newKey: 'p3',
    });
    // Comments on version 1 no longer change.
    const old = await api('PATCH', `/${c.id}/comments/${ids[1]}`, 'analystIta', {
      kind: 'support',
      expectedRevision: 1,
    });
    expect(old.json().code).toBe('CONSULTATION_OLD_VERSION');
  });

  it('notifies the delegations when a consultation opens and reminds those without a comment before the deadline', async () => {
    const c = await create({ deadline: inFuture(2) });
    const notificationsOf = (userId: number, kind: string) =>
      t.db.query<{ link: string; payload: { consultationId: number } }>(
        sql`SELECT link, payload FROM notifications WHERE user_id = ${userId} AND kind = ${kind}`,
      );
    const about = async (who: Who, kind: string) =>
      (await notificationsOf(users[who], kind)).filter((n) => n.payload.consultationId === c.id);
    ok(await api('POST', `/${c.id}/open`, 'manager'));
    await runJobsNow(t.db, jobHandlers());
    const grc = await about('analystGrc', 'consultation.opened');
    expect(grc).toHaveLength(1);
    expect(grc[0]!.link).toBe(`/d/${slug}/consultations/${c.id}`);
    expect(await about('observer', 'consultation.opened')).toHaveLength(1);
    expect(await about('viewerIta', 'consultation.opened')).toHaveLength(0);
    expect(await about('manager', 'consultation.opened')).toHaveLength(0);
    expect(await about('outsider', 'consultation.opened')).toHaveLength(0);

    ok(await api('POST', `/${c.id}/comments`, 'analystGrc', { paragraphKey: 'p1', kind: 'support' }));
    await runConsultationRemindJob(t.db);
    await runConsultationRemindJob(t.db); // once per deadline
    expect(await about('analystGrc', 'consultation.reminder')).toHaveLength(0);
    expect(await about('analystIta', 'consultation.reminder')).toHaveLength(1);
    expect(await about('observer', 'consultation.reminder')).toHaveLength(1);
  });

  it('refuses bad input on creation naming the field, and creation by delegations, writing nothing', async () => {
    const before = await counts();
    const past = await api('POST', '', 'manager', { title: 'Old', text: DRAFT, deadline: '2020-01-01' });
    expect(past.json().errors).toEqual([
      { field: 'body.deadline', message: 'the deadline 2020-01-01 is in the past' },
    ]);
    expect(
      (await api('POST', '', 'manager', { title: 'No text', text: '  ', deadline: inFuture(3) })).json()
        .errors[0].field,
    ).toBe('body.text');
    expect(
      (await api('POST', '', 'manager', { title: 'Bad date', text: DRAFT, deadline: '2026-13-01' })).json()
        .errors[0].field,
    ).toBe('body.deadline');
    expect(
      (
        await api('POST', '', 'manager', {
          title: 'Headings',
          text: '# Only\n\n# Headings',
          deadline: inFuture(3),
        })
      ).json().errors[0].message,
    ).toBe('the draft has no paragraph (only headings)');
    expect(
      (
        await api('POST', '', 'manager', {
          title: 'Restricted',
          text: DRAFT,
          deadline: inFuture(3),
          classification: 'restricted',
        })
      ).json().errors[0].field,
    ).toBe('body.sharedWithOrgIds');
    expect(
      (await api('POST', '', 'analystGrc', { title: 'Mine', text: DRAFT, deadline: inFuture(3) })).statusCode,
    ).toBe(403);
    expect(
      (await api('POST', '', 'outsider', { title: 'Mine', text: DRAFT, deadline: inFuture(3) })).statusCode,
    ).toBe(404);
    expect(
      (await api('POST', '', undefined, { title: 'Mine', text: DRAFT, deadline: inFuture(3) })).statusCode,
    ).toBe(401);
    expect(await counts()).toEqual(before);
  });
});
