/**
 * Files of best practices (issue 16): the originator attaches a PDF and a PNG to a draft, each a revision of
 * the practice; who sees the practice lists and downloads them by name (the public once it is published and
 * public); nothing is written for a stale revision, a forbidden type, a file over the limit, a submitted
 * practice, a viewer, another organisation or an anonymous caller; once published the secretariat adds files.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makePersonas, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation } from '../../../../test/factories';
import { makePng } from '../../../../test/images';
import { makePdf } from '../../../../test/library-files';

type Who = 'manager' | 'analystGrc' | 'analystGrc2' | 'viewerGrc';

const PRACTICE = {
  title: 'Joint return counselling desks',
  area: 'migration_development',
  summary: 'Counselling desks for returnees at the main border crossings.',
  countries: ['GRC'],
  periodFrom: '2022-01',
  classification: 'public',
};

describe.each(testDatabases())('practice files [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  let cookies: Record<Who, string>;
  let pdf: Buffer;
  let id: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA'] });
    slug = d.slug;
    const grc = await makeOrganisation(t.db, { country: 'GRC', name: `Hellenic Ministry ${d.slug}` });
    const grc2 = await makeOrganisation(t.db, { country: 'GRC', name: `Hellenic Police ${d.slug}` });
    ({ cookies } = await makePersonas<Who>(t, {
      manager: { orgId: d.secretariatOrgId, dialogueId: d.id, role: 'data_manager' },
      analystGrc: { orgId: grc.id, dialogueId: d.id, role: 'analyst' },
      analystGrc2: { orgId: grc2.id, dialogueId: d.id, role: 'analyst' },
      viewerGrc: { orgId: grc.id, dialogueId: d.id, role: 'viewer' },
    }));
    pdf = await makePdf(['Evaluation report of the counselling desks']);
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${slug}/practices`,
      headers: sessionHeaders(cookies.analystGrc),
      payload: PRACTICE,
    });
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
  });
  afterAll(() => t?.close());

  const base = () => `/api/dialogues/${slug}/practices/${id}`;
  const upload = (who: Who | null, body: Buffer, fileName: string, expectedRevision: number) =>
    t.app.inject({
      method: 'POST',
      url: `${base()}/attachments?fileName=${encodeURIComponent(fileName)}&expectedRevision=${expectedRevision}`,
      headers: {
        ...(who ? sessionHeaders(cookies[who]) : {}),
        'content-type': 'application/octet-stream',
      },
      payload: body,
    });
  const stored = async () =>
    (
      await t.db.query<{ files: number; revisions: number }>(sql`SELECT
        (SELECT count(*)::int FROM practice_attachments WHERE practice_id = ${id}) AS files,
        (SELECT count(*)::int FROM practice_revisions WHERE practice_id = ${id}) AS revisions`)
    )[0]!;

  it('attaches a PDF and a PNG to a draft as revisions; lists and downloads them by name', async () => {
    const first = await upload('analystGrc', pdf, 'Évaluation 2023.pdf', 1);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      revision: 2,
      canAttach: true,
      items: [
        { fileName: 'Évaluation 2023.pdf', format: 'pdf', contentType: 'application/pdf', revision: 2 },
      ],
    });
    const png = makePng(4, 4);
    const second = await upload('analystGrc', png, 'desk.png', 2);
    expect(second.statusCode, second.body).toBe(201);
    const [a, b] = second.json().items;
    expect(b).toMatchObject({ fileName: 'desk.png', format: 'png', byteSize: png.length, revision: 3 });
    const file = await t.app.inject({
      url: `${base()}/attachments/${a.id}`,
      headers: sessionHeaders(cookies.analystGrc),
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain("filename*=UTF-8''%C3%89valuation%202023.pdf");
    expect(Buffer.compare(file.rawPayload, pdf)).toBe(0);
    const history = await t.app.inject({
      url: `${base()}/history`,
      headers: sessionHeaders(cookies.manager),
    });
    expect(history.json().items.map((h: { change: string }) => h.change)).toEqual([
      'saved',
      'attached',
      'attached',
    ]);
    expect(history.json().items[1].comment).toBe('Évaluation 2023.pdf');
  });

  it('writes nothing for a stale revision, a forbidden type, a file over the limit, or someone not allowed', async () => {
    const before = await stored();
    const stale = await upload('analystGrc', pdf, 'again.pdf', 1);
    expect(stale.statusCode).toBe(409);
    const exe = await upload('analystGrc', Buffer.from('MZ\x90\x00 this is a program'), 'report.pdf', 3);
    expect(exe.statusCode).toBe(415);
    expect(exe.json().errors[0]).toMatchObject({ field: 'file', file: 'report.pdf' });
    process.env.PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES = '1000';
    try {
      const big = await upload('analystGrc', Buffer.concat([pdf, Buffer.alloc(2000)]), 'big.pdf', 3);
      expect(big.statusCode).toBe(413);
    } finally {
      delete process.env.PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES;
    }
    // A viewer (the door), another organisation (the draft is not theirs to see), an anonymous caller.
    expect((await upload('viewerGrc', pdf, 'v.pdf', 3)).statusCode).toBe(403);
    expect((await upload('analystGrc2', pdf, 'o.pdf', 3)).statusCode).toBe(404);
    expect((await upload(null, pdf, 'a.pdf', 3)).statusCode).toBe(401);
    const anonList = await t.app.inject({ url: `${base()}/attachments` });
    expect(anonList.statusCode).toBe(404); // a draft is nobody's but its organisation's and the secretariat's
    const bad = await t.app.inject({
      method: 'POST',
      url: `${base()}/attachments?expectedRevision=3`,
      headers: { ...sessionHeaders(cookies.analystGrc), 'content-type': 'application/octet-stream' },
      payload: pdf,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('fileName');
    expect(await stored()).toEqual(before);
  });

  it('a submitted practice waits; once published the public downloads its files and the secretariat adds one', async () => {
    const submit = await t.app.inject({
      method: 'POST',
      url: `${base()}/submit`,
      headers: sessionHeaders(cookies.analystGrc),
      payload: { expectedRevision: 3 },
    });
    expect(submit.statusCode, submit.body).toBe(200);
    const waiting = await upload('analystGrc', pdf, 'late.pdf', 4);
    expect(waiting.statusCode).toBe(409);
    expect(waiting.json().code).toBe('PRACTICE_WRONG_STATUS');
    const publish = await t.app.inject({
      method: 'POST',
      url: `${base()}/verify`,
      headers: sessionHeaders(cookies.manager),
      payload: { decision: 'publish', expectedRevision: 4 },
    });
    expect(publish.statusCode, publish.body).toBe(200);
    const list = await t.app.inject({ url: `${base()}/attachments` });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ canAttach: false });
    expect(list.json().items.map((f: { fileName: string }) => f.fileName)).toEqual([
      'Évaluation 2023.pdf',
      'desk.png',
    ]);
    const png = await t.app.inject({ url: `${base()}/attachments/${list.json().items[1].id}` });
    expect(png.headers['content-type']).toBe('image/png');
    expect((await t.app.inject({ url: `${base()}/attachments/999999` })).statusCode).toBe(404);
    expect((await upload('analystGrc', pdf, 'after.pdf', 5)).statusCode).toBe(403);
    const corrected = await upload('manager', pdf, 'Final evaluation.pdf', 5);
    expect(corrected.statusCode, corrected.body).toBe(201);
    expect(corrected.json().items).toHaveLength(3);
  });
});
