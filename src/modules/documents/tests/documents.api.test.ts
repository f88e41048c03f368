/**
 * The document library and the search across Passage (issue 16): real PDF and DOCX files made in the test,
 * uploaded, their text extracted and found by the search in English, French and Russian (expected top
 * result), versions and language versions, downloads with the original name; the five seed texts as library
 * documents; visibility (another dialogue, restricted, originator) in results, counts and facets; bad input
 * (corrupt, encrypted, unsupported, too large, a zip bomb) writes nothing; FTS operators and SQL characters
 * are safe; a typo and a prefix still find.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import sql, { raw } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makePersonas, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeOrganisation, makeRoute } from '../../../../test/factories';
import { makeDocx, makeEncryptedPdf, makeOdt, makePdf } from '../../../../test/library-files';
import { SEEDS_DIR } from '../../../../test/shared-data';
import { buildZip, repeated } from '../../../../test/zip-builder';
import { reindexSearch } from '../../search/search.service';

type Who = 'manager' | 'analystGrc' | 'viewerIta' | 'viewerAut' | 'outsider';

const SEEDS = SEEDS_DIR;
const PDF_TYPE = 'application/pdf';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe.each(testDatabases())('document library and search [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  let dialogueId: number;
  const cookies = {} as Record<Who, string>;
  const orgs = {} as Record<'grc' | 'ita' | 'aut', number>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'dialogue', states: ['GRC', 'ITA', 'AUT'] });
    const other = await makeDialogue(t.db, { classification: 'dialogue', states: ['TUR'] });
    slug = d.slug;
    dialogueId = d.id;
    orgs.grc = (await makeOrganisation(t.db, { country: 'GRC' })).id;
    orgs.ita = (await makeOrganisation(t.db, { country: 'ITA' })).id;
    orgs.aut = (await makeOrganisation(t.db, { country: 'AUT' })).id;
    const made = await makePersonas<Who>(t, {
      manager: { orgId: d.secretariatOrgId, dialogueId: d.id, role: 'data_manager' },
      analystGrc: { orgId: orgs.grc, dialogueId: d.id, role: 'analyst' },
      viewerIta: { orgId: orgs.ita, dialogueId: d.id, role: 'viewer' },
      viewerAut: { orgId: orgs.aut, dialogueId: d.id, role: 'viewer' },
      outsider: { orgId: orgs.ita, dialogueId: other.id, role: 'analyst' },
    });
    Object.assign(cookies, made.cookies);
  });
  afterAll(() => t?.close());

  const upload = (
    query: Record<string, string | number>,
    body: Buffer,
    who: Who = 'analystGrc',
    type = 'application/octet-stream',
    path = '',
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${slug}/documents${path}?${new URLSearchParams(
        Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
      )}`,
      headers: { ...sessionHeaders(cookies[who]), 'content-type': type, ...headers },
      payload: body,
    });
  const get = (url: string, who?: Who) =>
    t.app.inject({ method: 'GET', url, headers: who ? sessionHeaders(cookies[who]) : {} });
  const search = async (q: string, who?: Who, extra = '') => {
    const res = await get(`/api/search?q=${encodeURIComponent(q)}&dialogue=${slug}${extra}`, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const titles = (r: { items: { title: string }[] }) => r.items.map((i) => i.title);
  const count = async (table: string) =>
    (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${raw(table)}`))[0]!.n;
  const counts = async () => ({
    documents: await count('documents'),
    files: await count('document_files'),
    items: await count('search_items'),
  });

  it('uploads a real PDF, DOCX and text file, extracts their text and finds each in its language, top first', async () => {
    const pdf = await makePdf([
      'Review of readmission agreements',
      'The parties reviewed the implementation of readmission agreements',
      'and visa facilitation between the partner countries.',
    ]);
    const r1 = await upload(
      {
        title: 'Readmission agreements review',
        kind: 'report',
        language: 'en',
        date: '2024-03-01',
        fileName: 'review 2024.pdf',
      },
      pdf,
      'analystGrc',
      PDF_TYPE,
    );
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r1.json()).toMatchObject({
      format: 'pdf',
      revision: 1,
      fileName: 'review 2024.pdf',
      classification: 'dialogue',
    });
    expect(r1.json().excerpt).toContain('visa facilitation');

    const docx = await makeDocx([
      'Coopération frontalière entre les États membres',
      'Les ministres ont renforcé la coopération frontalière et l’échange d’informations.',
    ]);
    const r2 = await upload(
      {
        title: 'Déclaration sur la coopération',
        kind: 'declaration',
        language: 'fr',
        date: '2023-06-10',
        fileName: 'déclaration.docx',
      },
      docx,
      'manager',
      DOCX_TYPE,
    );
    expect(r2.statusCode, r2.body).toBe(201);
    expect(r2.json().format).toBe('docx');

    const ru = Buffer.from(
      'Совещание старших должностных лиц\nАнализ миграционных потоков на Шёлковом пути',
      'utf8',
    );
    const r3 = await upload(
      {
        title: 'Протокол совещания',
        kind: 'meeting_document',
        language: 'ru',
        date: '2022-11-27',
        fileName: 'протокол.txt',
      },
      ru,
      'manager',
      'text/plain',
    );
    expect(r3.statusCode, r3.body).toBe(201);

    // English: stemmed (agreement ~ agreements), French: coopérations ~ coopération, Russian: потоки ~ потоков.
    const en = await search('readmission agreement', 'viewerIta');
    expect(en.mode).toBe('fulltext');
    expect(en.items[0]).toMatchObject({
      type: 'document',
      title: 'Readmission agreements review',
      language: 'en',
    });
    expect(en.items[0].link).toBe(`/d/${slug}/documents/${r1.json().id}`);
    expect(
      en.items[0].snippet.some((p: { mark: boolean; text: string }) => p.mark && /readmission/i.test(p.text)),
    ).toBe(true);

    const fr = await search('coopérations frontalières', 'viewerIta');
    expect(fr.items[0]).toMatchObject({ title: 'Déclaration sur la coopération', language: 'fr' });

    const rus = await search('миграционные потоки', 'viewerIta');
    expect(rus.items[0]).toMatchObject({ title: 'Протокол совещания', language: 'ru' });
    expect(rus.facets.language).toEqual([{ value: 'ru', count: 1 }]);

    // Facets and filters: type, year, language.
    const all = await search('agreements OR coopération OR совещание', 'viewerIta');
    expect(all.total).toBe(3);
    expect(all.facets.year.map((y: { value: string }) => y.value).sort()).toEqual(['2022', '2023', '2024']);
    expect(
      (await search('agreements OR coopération', 'viewerIta', '&year=2023')).items.map(
        (i: { title: string }) => i.title,
      ),
    ).toEqual(['Déclaration sur la coopération']);

    // Download with the original name and type.
    const dl = await get(`/api/dialogues/${slug}/documents/${r2.json().id}/file`, 'viewerIta');
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe(DOCX_TYPE);
    expect(dl.headers['content-disposition']).toBe(
      `attachment; filename="d_claration.docx"; filename*=UTF-8''d%C3%A9claration.docx`,
    );
    expect(Buffer.compare(dl.rawPayload, docx)).toBe(0);
  });

  it('keeps earlier versions, links language versions, and the search follows the current text', async () => {
    const first = await upload(
      { title: 'Senior officials agenda', kind: 'meeting_document', language: 'en', fileName: 'agenda.odt' },
      await makeOdt(['Agenda item: lighthouse procedures']),
    );
    expect(first.statusCode, first.body).toBe(201);
    const id = first.json().id;
    expect(first.json().format).toBe('odt');
    expect(titles(await search('lighthouse', 'viewerIta'))).toEqual(['Senior officials agenda']);

    const second = await upload(
      { fileName: 'agenda-v2.docx', note: 'revised' },
      await makeDocx(['Agenda item: harbour procedures']),
      'manager',
      DOCX_TYPE,
      `/${id}/revisions`,
    );
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ revision: 2, fileName: 'agenda-v2.docx', format: 'docx' });
    expect(second.json().revisions.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
    expect(titles(await search('lighthouse', 'viewerIta'))).toEqual([]);
    expect(titles(await search('harbour', 'viewerIta'))).toEqual(['Senior officials agenda']);
    const old = await get(`/api/dialogues/${slug}/documents/${id}/file?revision=1`, 'viewerIta');
    expect(old.headers['content-disposition']).toContain('filename="agenda.odt"');

    // Another organisation's analyst may not add a version (the originator or the secretariat does).
    const ita = await upload({}, Buffer.from('x'), 'viewerIta', 'text/plain', `/${id}/revisions`);
    expect(ita.statusCode).toBe(403);

    const fr = await upload(
      { title: 'Ordre du jour', kind: 'meeting_document', language: 'fr', translationOf: id },
      Buffer.from('Point de l’ordre du jour : procédures portuaires'),
      'analystGrc',
      'text/plain',
    );
    expect(fr.statusCode, fr.body).toBe(201);
    expect(fr.json().languages).toEqual([{ id, language: 'en', title: 'Senior officials agenda' }]);
    const en = await get(`/api/dialogues/${slug}/documents/${id}`, 'viewerIta');
    expect(en.json().languages).toEqual([{ id: fr.json().id, language: 'fr', title: 'Ordre du jour' }]);
  });

  it('never shows a record the caller may not see: results, counts and facets', async () => {
    const restricted = await upload(
      {
        title: 'Restricted quokka assessment',
        kind: 'report',
        language: 'en',
        classification: 'restricted',
        sharedWith: orgs.ita,
      },
      Buffer.from('The quokka assessment names smuggling networks.'),
    );
    expect(restricted.statusCode, restricted.body).toBe(201);
    const own = await upload(
      { title: 'Originator quokka notes', kind: 'other', language: 'en', classification: 'originator' },
      Buffer.from('Quokka notes of the Greek ministry only.'),
    );
    expect(own.statusCode, own.body).toBe(201);

    const grc = await search('quokka', 'analystGrc');
    expect(grc.total).toBe(2);
    const ita = await search('quokka', 'viewerIta');
    expect(titles(ita)).toEqual(['Restricted quokka assessment']);
    expect(ita.total).toBe(1);
    expect(ita.facets.type).toEqual([{ value: 'document', count: 1 }]);
    const aut = await search('quokka', 'viewerAut');
    expect(aut).toMatchObject({ total: 0, items: [] });
    expect(aut.facets.type).toEqual([]);
    expect(aut.suggestions).not.toContain('Restricted quokka assessment');
    expect(aut.suggestions).not.toContain('Originator quokka notes');
    expect(
      (await get(`/api/dialogues/${slug}/documents/${restricted.json().id}`, 'viewerAut')).statusCode,
    ).toBe(404);
    expect(
      (await get(`/api/dialogues/${slug}/documents/${own.json().id}/file`, 'viewerIta')).statusCode,
    ).toBe(404);

    // Another dialogue's member and anonymous callers see nothing of this dialogue (global search too).
    const outsider = await get('/api/search?q=quokka', 'outsider');
    expect(outsider.json()).toMatchObject({ total: 0, items: [] });
    expect((await get('/api/search?q=readmission', 'outsider')).json().total).toBe(0);
    expect((await get('/api/search?q=quokka')).json().total).toBe(0);
    expect((await get(`/api/dialogues/${slug}/documents`, 'outsider')).statusCode).toBe(404);
    expect(
      (await upload({ title: 'x', kind: 'other', language: 'en' }, Buffer.from('x'), 'outsider')).statusCode,
    ).toBe(404);
    expect(
      (await upload({ title: 'x', kind: 'other', language: 'en' }, Buffer.from('x'), 'viewerIta')).statusCode,
    ).toBe(403);

    const list = await get(`/api/dialogues/${slug}/documents`, 'viewerAut');
    expect(list.json().items.map((d: { title: string }) => d.title)).not.toContain(
      'Restricted quokka assessment',
    );
    expect(list.json().canUpload).toBe(false);
  });

  it('refuses corrupt, encrypted, unsupported, oversized and zip-bomb files with a clear error, writing nothing', async () => {
    const before = await counts();
    const meta = { title: 'Bad file', kind: 'other', language: 'en' };
    const corrupt = await upload(meta, Buffer.from('%PDF-1.7\nthis is not a PDF'), 'analystGrc', PDF_TYPE);
    expect(corrupt.statusCode).toBe(422);
    expect(corrupt.json()).toMatchObject({ code: 'DOCUMENT_UNREADABLE', errors: [{ field: 'file' }] });
    const encrypted = await upload(meta, await makeEncryptedPdf(), 'analystGrc', PDF_TYPE, '', {
      'accept-language': 'fr',
    });
    expect(encrypted.json()).toMatchObject({ code: 'DOCUMENT_ENCRYPTED' });
    expect(encrypted.json().title).toContain('mot de passe');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 0]);
    const unsupported = await upload({ ...meta, fileName: 'report.pdf' }, png, 'analystGrc', PDF_TYPE, '', {
      'accept-language': 'ru',
    });
    expect(unsupported.statusCode).toBe(415);
    expect(unsupported.json().code).toBe('DOCUMENT_UNSUPPORTED');
    expect(unsupported.json().title).toContain('PDF');
    const bomb = await buildZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: repeated('0', 40 * 1024 * 1024) },
    ]);
    const zipBomb = await upload({ ...meta, fileName: 'bomb.docx' }, bomb, 'analystGrc', DOCX_TYPE);
    expect(zipBomb.statusCode).toBe(413);
    expect(zipBomb.json()).toMatchObject({
      code: 'UPLOAD_LIMIT_EXCEEDED',
      limit: 'zipRatio',
      entry: 'word/document.xml',
    });
    process.env.PASSAGE_DOCUMENT_MAX_BYTES = '1000';
    try {
      const big = await upload(meta, Buffer.alloc(5000, 0x41), 'analystGrc', 'text/plain');
      expect(big.statusCode).toBe(413);
      expect(big.json().code).toBe('FILE_TOO_LARGE');
    } finally {
      delete process.env.PASSAGE_DOCUMENT_MAX_BYTES;
    }
    const noTitle = await upload(
      { kind: 'other', language: 'en' },
      Buffer.from('x'),
      'analystGrc',
      'text/plain',
    );
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.body).toContain('title');
    const unshared = await upload(
      { ...meta, classification: 'restricted' },
      Buffer.from('x'),
      'analystGrc',
      'text/plain',
    );
    expect(unshared.json().errors[0].field).toBe('querystring.sharedWith');
    const empty = await upload(meta, Buffer.alloc(0), 'analystGrc', 'text/plain');
    expect(empty.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('is safe with FTS operators and SQL characters, finds typos and prefixes, suggests for empty or nonsense queries', async () => {
    for (const q of [
      `'; DROP TABLE documents; --`,
      '"readmission agreements" -visa OR (',
      '!!! & | <-> :* \\ %_',
      'а&б|в!',
    ]) {
      const r = await search(q, 'viewerIta');
      expect(['fulltext', 'similar', 'empty']).toContain(r.mode);
    }
    expect(await count('documents')).toBeGreaterThan(0);
    const phrase = await search('"readmission agreements" -quokka', 'viewerIta');
    expect(titles(phrase)[0]).toBe('Readmission agreements review');

    const typo = await search('readmision', 'viewerIta');
    expect(typo.mode).toBe('similar');
    expect(titles(typo)).toContain('Readmission agreements review');
    const prefix = await search('readmis', 'viewerIta');
    expect(prefix.mode).toBe('fulltext');
    expect(titles(prefix)[0]).toBe('Readmission agreements review');

    const empty = await search('', 'viewerIta');
    expect(empty).toMatchObject({ mode: 'empty', total: 0, items: [] });
    expect(empty.suggestions.length).toBeGreaterThan(0);
    const nonsense = await search('xqzvvbw', 'viewerIta');
    expect(nonsense).toMatchObject({ total: 0, items: [] });
    expect(nonsense.suggestions.length).toBeGreaterThan(0);
    const bad = await get('/api/search?q=x&pageSize=500', 'viewerIta');
    expect(bad.statusCode).toBe(400);
  });

  it('indexes notices when sent, and routes and indicators on reindex', async () => {
    const notice = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${slug}/notices`,
      headers: sessionHeaders(cookies.analystGrc),
      payload: {
        title: 'Visa requirement for nationals of Freedonia',
        measureType: 'visa_regime',
        summary: 'Nationals of Freedonia will need a short-stay visa.',
        stage: 'adopted',
        send: true,
      },
    });
    expect(notice.statusCode, notice.body).toBe(201);
    const found = await search('Freedonia', 'viewerIta');
    expect(found.items[0]).toMatchObject({ type: 'notice', country: 'GRC' });
    expect(found.items[0].link).toBe(`/d/${slug}/notices/${notice.json().id}`);

    const route = await makeRoute(t.db, { dialogueId, originatorOrgId: orgs.grc, code: 'ZEBRA' });
    await t.db.transaction(async (tx) => {
      const n = await reindexSearch(tx);
      expect(n.route).toBeGreaterThan(0);
      expect(n.document).toBeGreaterThan(0);
    });
    const r = await search('ZEBRA', 'viewerIta', '&type=route');
    expect(r.items.map((i: { id: string }) => i.id)).toEqual([String(route.id)]);
    expect(titles(await search('Freedonia', 'viewerIta'))).toEqual([
      'Visa requirement for nationals of Freedonia',
    ]);
  });

  const seeds = existsSync(SEEDS)
    ? readdirSync(SEEDS)
        .filter((f) => /^\d{3}_.*\.txt$/.test(f))
        .sort()
    : [];
  it.skipIf(seeds.length < 5)(
    `loads the five seed declarations as library documents and finds them (skips when ${SEEDS} is absent)`,
    async () => {
      const titlesOf = [
        'ASEM Lanzarote declaration',
        'Prague joint declaration',
        'Istanbul declaration',
        'Budapest Process 25th SOM summary',
        'SEECP Sofia joint statement',
      ];
      for (const [i, f] of seeds.entries()) {
        const res = await upload(
          {
            title: titlesOf[i]!,
            kind: i === 3 ? 'meeting_document' : 'declaration',
            language: 'en',
            fileName: f,
          },
          readFileSync(join(SEEDS, f)),
          'manager',
          'text/plain',
        );
        expect(res.statusCode, res.body).toBe(201);
      }
      expect(titles(await search('Lanzarote', 'viewerIta'))[0]).toBe('ASEM Lanzarote declaration');
      expect(titles(await search('Silk Routes Partnership', 'viewerIta'))[0]).toBe('Istanbul declaration');
      expect(titles(await search('Sofia migration challenges', 'viewerIta'))[0]).toBe(
        'SEECP Sofia joint statement',
      );
      expect(titles(await search('"Building Migration Partnerships"', 'viewerIta'))[0]).toBe(
        'Prague joint declaration',
      );
    },
  );
});
