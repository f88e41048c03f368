/**
 * Issue 13, item 1: XLSX bombs. Hostile workbooks are generated here (test/zip-builder.ts), posted through the
 * real upload API and refused with 413 UPLOAD_LIMIT_EXCEEDED naming the file, the limit and the entry, with
 * nothing written and no temp file left. A child process with a small heap shows that memory stays bounded:
 * main's reader (ExcelJS, every shared string kept) died there of "Reached heap limit".
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'sql-template-tag';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createTestApp, sessionHeaders, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { countObservations, type ExchangeWorld, makeExchangeWorld } from '../../../../test/exchange-world';
import { buildXlsx, manySharedStrings, repeated } from '../../../../test/zip-builder';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';
const MiB = 1024 * 1024;

/** A sheet part of `bytes` of the same row over and over. */
const repeatedRows = (bytes: number) => () => [
  Buffer.from(SHEET_HEAD),
  ...repeated('<row><c><v>1</v></c></row>', bytes)(),
  Buffer.from(SHEET_TAIL),
];

/** Inline-string cells of one row: `<c r="A2" t="inlineStr"><is><t>IBC</t></is></c>…` */
function row(n: number, cells: (string | number)[]): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const cs = cells.map((v, i) =>
    typeof v === 'number'
      ? `<c r="${letters[i]}${n}"><v>${v}</v></c>`
      : `<c r="${letters[i]}${n}" t="inlineStr"><is><t>${v}</t></is></c>`,
  );
  return `<row r="${n}">${cs.join('')}</row>`;
}
const HEADER = ['indicator', 'period', 'citizenship', 'value', 'comment'];

let bombs: { repeatedCells: Buffer; sharedStrings: Buffer; lyingHeader: Buffer };
beforeAll(async () => {
  bombs = {
    repeatedCells: await buildXlsx({ sheet: repeatedRows(400 * MiB) }),
    sharedStrings: await buildXlsx({
      sheetData: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
      sharedStrings: manySharedStrings(2_000_000),
    }),
    lyingHeader: await buildXlsx({ sheet: repeatedRows(50 * MiB), sheetDeclaredSize: 10_000 }),
  };
}, 120_000);

describe.each(testDatabases())('exchange: XLSX bombs [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let spool: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t);
  });
  afterAll(() => t?.close());
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(spool, { recursive: true, force: true });
  });

  /** Uploads with the temp directory pointed at a fresh one, which must be empty again afterwards. */
  async function upload(body: Buffer, fileName: string, headers: Record<string, string> = {}) {
    spool = mkdtempSync(join(tmpdir(), 'passage-bomb-test-'));
    vi.stubEnv('TMPDIR', spool);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports?fileName=${fileName}`,
      headers: { ...sessionHeaders(w.cookies.providerIta), 'content-type': XLSX, ...headers },
      payload: body,
    });
    expect(readdirSync(spool), 'temp files left behind').toEqual([]);
    return res;
  }

  const countSubmissions = async () =>
    (
      await t.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM submissions WHERE dialogue_id = ${w.dialogueId}`,
      )
    )[0]!.n;

  async function expectRefused(
    res: Awaited<ReturnType<typeof upload>>,
    fileName: string,
    limit: string,
    entry?: string,
  ) {
    expect(res.statusCode, res.body).toBe(413);
    const body = res.json();
    expect(body).toMatchObject({ code: 'UPLOAD_LIMIT_EXCEEDED', limit });
    expect(body.limitValue).toBeGreaterThan(0);
    if (entry) expect(body.entry).toBe(entry);
    expect(body.detail).toMatch(new RegExp(`^${fileName}: .*nothing was written$`));
    expect(body.errors).toEqual([expect.objectContaining({ file: fileName, field: 'file' })]);
  }

  it('refuses a sheet of 400 MiB of repeated cells deflated to under 1 MiB, from the zip directory', async () => {
    expect(bombs.repeatedCells.length).toBeLessThan(MiB);
    const before = [await countObservations(t.db, w.dialogueId), await countSubmissions()];
    const res = await upload(bombs.repeatedCells, 'cells.xlsx');
    await expectRefused(res, 'cells.xlsx', 'zipRatio', 'xl/worksheets/sheet1.xml');
    expect(res.json().setting).toBe('PASSAGE_ZIP_MAX_RATIO');
    expect([await countObservations(t.db, w.dialogueId), await countSubmissions()]).toEqual(before);
  });

  it('refuses a sharedStrings.xml with two million strings once it passes the cap', async () => {
    const before = [await countObservations(t.db, w.dialogueId), await countSubmissions()];
    const res = await upload(bombs.sharedStrings, 'strings.xlsx');
    await expectRefused(res, 'strings.xlsx', 'xlsxSharedStrings', 'xl/sharedStrings.xml');
    expect(res.json().limitValue).toBe(500_000);
    expect([await countObservations(t.db, w.dialogueId), await countSubmissions()]).toEqual(before);
  });

  it('refuses an entry whose header lies about its size as soon as it inflates past the declared size', async () => {
    const before = [await countObservations(t.db, w.dialogueId), await countSubmissions()];
    const res = await upload(bombs.lyingHeader, 'liar.xlsx');
    await expectRefused(res, 'liar.xlsx', 'zipDeclaredSize', 'xl/worksheets/sheet1.xml');
    expect(res.json().limitValue).toBe(10_000);
    expect([await countObservations(t.db, w.dialogueId), await countSubmissions()]).toEqual(before);
  });

  it('says which limit in the caller’s language', async () => {
    const fr = await upload(bombs.repeatedCells, 'cells.xlsx', { 'accept-language': 'fr' });
    expect(fr.json().title).toBe(
      'Le fichier dépasse une limite une fois décompressé (taille, lignes, cellules ou chaînes)',
    );
    expect(fr.json().detail).toBe(
      'cells.xlsx: l’élément xl/worksheets/sheet1.xml est compressé plus de 100 fois (une bombe de décompression ?) (PASSAGE_ZIP_MAX_RATIO); rien n’a été enregistré',
    );
    const ru = await upload(bombs.sharedStrings, 'strings.xlsx', { 'accept-language': 'ru' });
    expect(ru.json().detail).toMatch(/^strings\.xlsx: в книге более 500\s000 общих строк/);
    expect(ru.json().code).toBe('UPLOAD_LIMIT_EXCEEDED');
  });

  it('caps rows, cells, columns and the unpacked size by the settings in the environment', async () => {
    const sheet = [
      row(1, HEADER),
      row(2, ['RET_DEC', '2021-01', 'SYR', 1]),
      row(3, ['RET_DEC', '2021-01', 'AFG', 2]),
      row(4, ['RET_DEC', '2021-01', 'IRQ', 3]),
    ].join('');
    const file = await buildXlsx({ sheetData: sheet });
    const cases: [string, string, string][] = [
      ['PASSAGE_XLSX_MAX_ROWS', '3', 'xlsxRows'],
      ['PASSAGE_XLSX_MAX_CELLS', '12', 'xlsxCells'],
      ['PASSAGE_XLSX_MAX_COLUMNS', '4', 'xlsxColumns'],
      ['PASSAGE_ZIP_MAX_ENTRY_BYTES', '500', 'zipEntryBytes'],
      ['PASSAGE_ZIP_MAX_TOTAL_BYTES', '1500', 'zipTotalBytes'],
      ['PASSAGE_ZIP_MAX_ENTRIES', '3', 'zipEntries'],
    ];
    for (const [setting, value, limit] of cases) {
      vi.stubEnv(setting, value);
      const res = await upload(file, 'small.xlsx');
      await expectRefused(res, 'small.xlsx', limit);
      expect(res.json()).toMatchObject({ setting, limitValue: Number(value) });
      vi.unstubAllEnvs();
    }
    const ok = await upload(file, 'small.xlsx');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().observations).toBe(3);
  });

  it('reads a NUL character in a cell as a row error with its row and column', async () => {
    const file = await buildXlsx({
      sheetData: [row(1, HEADER), row(2, ['RET_DEC', '2021-02', 'SYR', 1, 'a\u0000b'])].join(''),
    });
    const res = await upload(file, 'nul.xlsx');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('IMPORT_REJECTED');
    expect(res.json().errors).toEqual([
      {
        file: 'nul.xlsx',
        sheet: 'data',
        row: 2,
        column: 'E',
        field: 'comment',
        message: 'must not contain the NUL character (U+0000)',
        code: 'ROW_TEXT_NUL',
        params: {},
      },
    ]);
  });
});

describe('exchange: memory of an XLSX import', () => {
  it('stays bounded: a child process with a 192 MB heap refuses the shared-strings bomb instead of dying', () => {
    const dir = mkdtempSync(join(tmpdir(), 'passage-bomb-child-'));
    try {
      const file = join(dir, 'strings.xlsx');
      writeFileSync(file, bombs.sharedStrings);
      const child = spawnSync(
        process.execPath,
        [
          '--max-old-space-size=192',
          '--import',
          'tsx',
          join(import.meta.dirname, 'support/xlsx-import-child.ts'),
          process.cwd(),
          file,
          inject('pgliteTemplate'),
        ],
        { encoding: 'utf8', timeout: 280_000, env: { ...process.env, TMPDIR: dir } },
      );
      expect(child.status, `child died (${child.signal ?? ''}): ${child.stderr.slice(-600)}`).toBe(0);
      const out = JSON.parse(child.stdout.trim().split('\n').pop()!);
      expect(out).toMatchObject({
        outcome: 'refused',
        code: 'UPLOAD_LIMIT_EXCEEDED',
        limit: 'xlsxSharedStrings',
        observationsInDatabase: 0,
      });
      // The reader keeps at most the capped 500,000 strings: well under the 192 MB heap (about 95 MB of it is the database and the app before the import).
      expect(out.heapPeakMb - out.heapBeforeMb).toBeLessThan(64);
      console.log(`XLSX shared-strings bomb in a 192 MB heap: ${JSON.stringify(out)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
