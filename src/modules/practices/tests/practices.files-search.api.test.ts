/**
 * Practice files in the one search and on the portal (issue 16): a word found only in a practice's PDF or DOCX
 * finds the practice, for exactly those who see the practice (results, total and facets): never while it is a
 * draft, only its organisation and the secretariat for a restricted one, the public once a public one is
 * published; a reclassification and a file added later follow; the reindex keeps it, reads a file stored
 * before its text was kept, and keeps an unreadable one attached. The portal lists a public practice's files
 * and serves them anonymously, 404 for a draft's or a restricted practice's file and for another practice's.
 */
import { createHash } from 'node:crypto';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makePersonas, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation } from '../../../../test/factories';
import { makePng } from '../../../../test/images';
import { makeDocx, makePdf } from '../../../../test/library-files';
import { reindexSearch } from '../../search/search.service';

type Who = 'manager' | 'analystGrc' | 'analystIta';

/** A word of letters only, found nowhere else (a lexeme of its own in every configuration). */
const word = (stem: string) =>
  `${stem}${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;

describe.each(testDatabases())('practice files in the search and on the portal [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  let cookies: Record<Who, string>;
  let users: Record<Who, number>;
  let grcOrg: number;
  const pdfWord = word('zephyrwort');
  const docxWord = word('quillmoss');
  const restrictedWord = word('brackenfell');
  const draftWord = word('marrowdune');
  const laterWord = word('thistlegate');
  const legacyWord = word('cobblewick');
  let pdf: Buffer;
  let publicId: number;
  let restrictedId: number;
  let draftId: number;
  const fileIds: Record<'pdf' | 'docx' | 'png' | 'restricted' | 'draft', number> = {
    pdf: 0,
    docx: 0,
    png: 0,
    restricted: 0,
    draft: 0,
  };

  const headersOf = (who: Who | null) => (who ? sessionHeaders(cookies[who]) : {});
  const practices = () => `/api/dialogues/${slug}/practices`;

  async function create(classification: string, title: string): Promise<number> {
    const res = await t.app.inject({
      method: 'POST',
      url: practices(),
      headers: headersOf('analystGrc'),
      payload: {
        title,
        area: 'irregular_migration',
        summary: 'Joint desks at the border crossings.',
        countries: ['GRC'],
        periodFrom: '2022-01',
        classification,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  async function attach(who: Who, id: number, body: Buffer, fileName: string): Promise<number> {
    const current = await t.app.inject({ url: `${practices()}/${id}`, headers: headersOf(who) });
    const res = await t.app.inject({
      method: 'POST',
      url: `${practices()}/${id}/attachments?fileName=${encodeURIComponent(fileName)}&expectedRevision=${current.json().revision}`,
      headers: { ...headersOf(who), 'content-type': 'application/octet-stream' },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().items.at(-1).id;
  }
  async function publish(id: number): Promise<void> {
    const p = await t.app.inject({ url: `${practices()}/${id}`, headers: headersOf('analystGrc') });
    const submit = await t.app.inject({
      method: 'POST',
      url: `${practices()}/${id}/submit`,
      headers: headersOf('analystGrc'),
      payload: { expectedRevision: p.json().revision },
    });
    expect(submit.statusCode, submit.body).toBe(200);
    const verify = await t.app.inject({
      method: 'POST',
      url: `${practices()}/${id}/verify`,
      headers: headersOf('manager'),
      payload: { decision: 'publish', expectedRevision: submit.json().revision },
    });
    expect(verify.statusCode, verify.body).toBe(200);
  }
  /** The one search as `who` (null: anonymous): the practices found, the total and the type facet. */
  async function search(who: Who | null, q: string) {
    const res = await t.app.inject({
      url: `/api/search?q=${encodeURIComponent(q)}`,
      headers: headersOf(who),
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    return {
      found: r.items.map((i: { type: string; id: string }) => `${i.type}:${i.id}`),
      total: r.total,
      types: r.facets.type,
      links: r.items.map((i: { link: string }) => i.link),
    };
  }
  const nothing = { found: [], total: 0, types: [], links: [] };
  const finds = (id: number) => ({
    found: [`practice:${id}`],
    total: 1,
    types: [{ value: 'practice', count: 1 }],
    links: [`/d/${slug}/practices/${id}`],
  });

  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA'] });
    slug = d.slug;
    const grc = await makeOrganisation(t.db, { country: 'GRC', name: `Hellenic Ministry ${d.slug}` });
    const ita = await makeOrganisation(t.db, { country: 'ITA', name: `Ministero ${d.slug}` });
    grcOrg = grc.id;
    ({ cookies, users } = await makePersonas<Who>(t, {
      manager: { orgId: d.secretariatOrgId, dialogueId: d.id, role: 'data_manager' },
      analystGrc: { orgId: grc.id, dialogueId: d.id, role: 'analyst' },
      analystIta: { orgId: ita.id, dialogueId: d.id, role: 'analyst' },
    }));
    pdf = await makePdf(['Evaluation of the desks', `The ${pdfWord} method halved the waiting time`]);
    publicId = await create('public', 'Border desks for returnees');
    restrictedId = await create('restricted', 'Document checks with liaison officers');
    draftId = await create('public', 'Reception centre counselling');
  });
  afterAll(() => t?.close());

  it('stores the text of a PDF and a DOCX (an image has none) and says which files are searchable', async () => {
    fileIds.pdf = await attach('analystGrc', publicId, pdf, 'Evaluation 2023.pdf');
    fileIds.docx = await attach(
      'analystGrc',
      publicId,
      await makeDocx(['Leaflet for returnees', `Ask for the ${docxWord} desk`]),
      'Leaflet.docx',
    );
    fileIds.png = await attach('analystGrc', publicId, makePng(4, 4), 'desk.png');
    const list = await t.app.inject({
      url: `${practices()}/${publicId}/attachments`,
      headers: headersOf('analystGrc'),
    });
    expect(
      list.json().items.map((f: { fileName: string; isSearchable: boolean }) => [f.fileName, f.isSearchable]),
    ).toEqual([
      ['Evaluation 2023.pdf', true],
      ['Leaflet.docx', true],
      ['desk.png', false],
    ]);
    const [stored] = await t.db.query<{ text: string }>(
      sql`SELECT text FROM practice_attachments WHERE id = ${fileIds.pdf}`,
    );
    expect(stored!.text).toContain(pdfWord);
    fileIds.restricted = await attach(
      'analystGrc',
      restrictedId,
      await makePdf([`Checks of the ${restrictedWord} series`]),
      'Checks.pdf',
    );
    fileIds.draft = await attach('analystGrc', draftId, await makePdf([`A ${draftWord} draft`]), 'Draft.pdf');
  });

  it('finds nothing of a practice before publication, not even for its organisation or the secretariat', async () => {
    for (const who of ['analystGrc', 'manager', 'analystIta', null] as const) {
      expect(await search(who, pdfWord)).toEqual(nothing);
      expect(await search(who, docxWord)).toEqual(nothing);
      expect(await search(who, draftWord)).toEqual(nothing);
    }
  });

  it('once published, a word only in a file finds the practice for exactly those who see it', async () => {
    await publish(publicId);
    await publish(restrictedId);
    for (const who of ['analystGrc', 'manager', 'analystIta', null] as const) {
      expect(await search(who, pdfWord), `${who} / pdf`).toEqual(finds(publicId));
      expect(await search(who, docxWord), `${who} / docx`).toEqual(finds(publicId));
      expect(await search(who, draftWord), `${who} / draft`).toEqual(nothing);
    }
    expect(await search('analystGrc', restrictedWord)).toEqual(finds(restrictedId));
    expect(await search('manager', restrictedWord)).toEqual(finds(restrictedId));
    expect(await search('analystIta', restrictedWord)).toEqual(nothing);
    expect(await search(null, restrictedWord)).toEqual(nothing);
    // The public search shows where the word is: the snippet comes from the file's text.
    const res = await t.app.inject({ url: `/api/search?q=${pdfWord}` });
    const snippet: { text: string; mark: boolean }[] = res.json().items[0].snippet;
    expect(snippet.filter((p) => p.mark).map((p) => p.text.toLowerCase())).toContain(pdfWord);
  });

  it('a file added to a published practice is found at once; a reclassification takes the files along', async () => {
    await attach('manager', publicId, await makePdf([`Follow-up: ${laterWord}`]), 'Follow-up.pdf');
    expect(await search(null, laterWord)).toEqual(finds(publicId));
    const p = await t.app.inject({ url: `${practices()}/${restrictedId}`, headers: headersOf('manager') });
    const reclassified = await t.app.inject({
      method: 'PATCH',
      url: `${practices()}/${restrictedId}`,
      headers: headersOf('manager'),
      payload: { classification: 'dialogue', expectedRevision: p.json().revision },
    });
    expect(reclassified.statusCode, reclassified.body).toBe(200);
    expect(await search('analystIta', restrictedWord)).toEqual(finds(restrictedId));
    expect(await search(null, restrictedWord)).toEqual(nothing);
  });

  it('the reindex keeps the files, reads one stored without its text, and keeps an unreadable one attached', async () => {
    const legacy = await makePdf([`An older ${legacyWord} report`]);
    const broken = Buffer.from('%PDF-1.4\nthis is not a readable PDF at all\n%%EOF\n');
    for (const [name, bytes] of [
      ['Older.pdf', legacy],
      ['Broken.pdf', broken],
    ] as const)
      await t.db.query(sql`INSERT INTO practice_attachments (practice_id, dialogue_id, revision, file_name,
          content_type, format, byte_size, sha256, content, user_id, organisation_id)
        SELECT id, dialogue_id, revision, ${name}, 'application/pdf', 'pdf', ${bytes.length},
          ${createHash('sha256').update(bytes).digest('hex')}, ${bytes}, ${users.analystGrc}, ${grcOrg}
        FROM practices WHERE id = ${publicId}`);
    await t.db.transaction(async (tx) => {
      const n = await reindexSearch(tx);
      expect(n.practice).toBeGreaterThanOrEqual(2);
    });
    expect(await search(null, legacyWord)).toEqual(finds(publicId));
    expect(await search(null, pdfWord)).toEqual(finds(publicId));
    expect(await search('analystIta', restrictedWord)).toEqual(finds(restrictedId));
    expect(await search(null, restrictedWord)).toEqual(nothing);
    expect(await search(null, draftWord)).toEqual(nothing);
    const list = await t.app.inject({ url: `${practices()}/${publicId}/attachments` });
    expect(list.json().items.map((f: { fileName: string }) => f.fileName)).toContain('Broken.pdf');
  });

  it("the portal lists a public practice's files and serves them anonymously, with the library's headers", async () => {
    const res = await t.app.inject({ url: `/api/portal/${slug}/practices/${publicId}` });
    expect(res.statusCode, res.body).toBe(200);
    const files: { id: number; fileName: string; url: string }[] = res.json().files;
    expect(files.slice(0, 3)).toEqual([
      {
        id: fileIds.pdf,
        fileName: 'Evaluation 2023.pdf',
        format: 'pdf',
        contentType: 'application/pdf',
        byteSize: pdf.length,
        url: `/api/portal/${slug}/practices/${publicId}/files/${fileIds.pdf}`,
      },
      expect.objectContaining({ id: fileIds.docx, fileName: 'Leaflet.docx', format: 'docx' }),
      expect.objectContaining({ id: fileIds.png, fileName: 'desk.png', contentType: 'image/png' }),
    ]);
    // A member reads the portal as the public does.
    const asMember = await t.app.inject({
      url: `/api/portal/${slug}/practices/${publicId}`,
      headers: headersOf('analystIta'),
    });
    expect(asMember.body).toBe(res.body);
    const file = await t.app.inject({ url: files[0]!.url });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('filename="Evaluation 2023.pdf"');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['cache-control']).toBe('public, max-age=300');
    expect(Buffer.compare(file.rawPayload, pdf)).toBe(0);
  });

  it('the portal answers 404 alike for a restricted or draft practice, another practice and nothing at all', async () => {
    const notFound = async (url: string) => {
      const res = await t.app.inject({ url, headers: headersOf('manager') });
      expect(res.statusCode, url).toBe(404);
      return res.json().code;
    };
    const base = `/api/portal/${slug}/practices`;
    const codes = [
      await notFound(`${base}/${restrictedId}/files/${fileIds.restricted}`), // members only (denied)
      await notFound(`${base}/${draftId}/files/${fileIds.draft}`), // a public draft
      await notFound(`${base}/${publicId}/files/${fileIds.restricted}`), // another practice's file
      await notFound(`${base}/${publicId}/files/999999`),
      await notFound(`${base}/999999/files/${fileIds.pdf}`),
      await notFound(`${base}/${draftId}`),
    ];
    expect(new Set(codes).size).toBe(1);
    const bad = await t.app.inject({ url: `${base}/${publicId}/files/abc` });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('fileId');
  });
});
