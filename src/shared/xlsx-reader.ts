/**
 * Rows of the first worksheet of an XLSX upload, with memory bounded by the XLSX limits whatever the file: the
 * upload is spooled to a temp file, its zip checked by the zip guard (entry sizes and ratios, counted again as
 * they inflate), then the workbook, its relationships, its styles and its shared strings are read (counted and
 * capped), and the sheet is streamed row by row (rows, cells and columns capped). ExcelJS's streaming reader,
 * used before, kept every shared string, counted nothing it inflated and spooled sheets it met before the
 * shared strings to unbounded temp files; a 1 MB file could take gigabytes. The temp file is removed when the
 * rows are done, or when the consumer stops early (return() of the generator).
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { UploadLimitExceeded, type UploadLimits } from '../domain/upload-limits';
import {
  type Relationship,
  RelationshipsCollector,
  resolvePartPath,
  SharedStringsCollector,
  SheetRowReader,
  StylesCollector,
  WorkbookCollector,
  XlsxFormatError,
  XlsxLimitHit,
  type XlsxRow,
} from '../domain/xlsx/spreadsheet-ml';
import { XmlError, type XmlEvent, XmlScanner, XmlTagTooLong } from '../domain/xlsx/xml-scanner';
import { GuardedZip, spoolToTempFile, ZipRejected } from './zip-guard';

export interface XlsxSheetRow extends XlsxRow {
  sheet: string;
}

/** A workbook that cannot be read as one (not a zip, no workbook part, macros, encrypted …). */
export class XlsxRejected extends Error {}

export interface XlsxReadOptions {
  limits: UploadLimits;
  /** The upload's name, for errors. */
  fileName: string;
}

const OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_TYPE = (name: string) => new RegExp(`/${name}$`);

/** Spools the upload, then yields the first worksheet's rows; the temp file goes when the generator ends. */
export async function* readXlsxUpload(
  input: AsyncIterable<Buffer> | Readable,
  opts: XlsxReadOptions,
): AsyncGenerator<XlsxSheetRow> {
  const spooled = await spoolToTempFile(input);
  try {
    yield* readXlsxFile(spooled.path, opts);
  } finally {
    await spooled.remove();
  }
}

/** The first worksheet's rows of the XLSX file at `path` (sheets in workbook order, as the user sees them). */
export async function* readXlsxFile(path: string, opts: XlsxReadOptions): AsyncGenerator<XlsxSheetRow> {
  const zip = await openZip(path, opts);
  try {
    refuseMacros(zip);
    const workbookPath = await findWorkbookPart(zip, opts);
    const book = new WorkbookCollector();
    await readPart(zip, workbookPath, opts, (e) => book.on(e));
    const rels = await readRelationships(zip, workbookPath, opts);
    const first = book.sheets[0];
    if (!first) return;
    const sheetRel = rels.find((r) => r.id === first.relationshipId);
    const sheetPath = sheetRel && zip.find(resolvePartPath(workbookPath, sheetRel.target));
    if (!sheetPath) throw new XlsxRejected(`the workbook's first sheet "${first.name}" is missing`);
    const styles = new StylesCollector(opts.limits.xlsx);
    const stylesPath = partOf(zip, workbookPath, rels, 'styles');
    if (stylesPath) await readPart(zip, stylesPath, opts, (e) => styles.on(e));
    const strings = new SharedStringsCollector(opts.limits.xlsx);
    const stringsPath = partOf(zip, workbookPath, rels, 'sharedStrings');
    if (stringsPath) await readPart(zip, stringsPath, opts, (e) => strings.on(e));
    const reader = new SheetRowReader(
      { sharedStrings: strings.strings, dateStyles: styles.dateStyles(), isDate1904: book.isDate1904 },
      opts.limits.xlsx,
    );
    for await (const events of partEvents(zip, sheetPath, opts)) {
      for (const e of events) {
        const row = guarded(opts, sheetPath, () => reader.on(e));
        if (row) yield { ...row, sheet: first.name };
      }
    }
  } finally {
    zip.close();
  }
}

async function openZip(path: string, opts: XlsxReadOptions): Promise<GuardedZip> {
  try {
    return await GuardedZip.open(path, opts.limits.zip, opts.fileName);
  } catch (e) {
    if (e instanceof ZipRejected) throw new XlsxRejected(e.message);
    throw e;
  }
}

function refuseMacros(zip: GuardedZip): void {
  if (zip.entries.some((e) => /vbaProject\.bin$/i.test(e.name)))
    throw new XlsxRejected('the workbook contains macros: save it as a plain .xlsx without macros');
}

/** The main part: from the package relationships (_rels/.rels), else the usual xl/workbook.xml. */
async function findWorkbookPart(zip: GuardedZip, opts: XlsxReadOptions): Promise<string> {
  const rootRels = zip.find('_rels/.rels');
  if (rootRels) {
    const rels = new RelationshipsCollector();
    await readPart(zip, rootRels, opts, (e) => rels.on(e));
    const main = rels.list.find((r) => OFFICE_DOCUMENT.test(r.type));
    const found = main && zip.find(resolvePartPath('', main.target));
    if (found) return found;
  }
  const fallback = zip.find('xl/workbook.xml');
  if (!fallback) throw new XlsxRejected('the file is not an XLSX workbook (it has no workbook part)');
  return fallback;
}

async function readRelationships(
  zip: GuardedZip,
  partPath: string,
  opts: XlsxReadOptions,
): Promise<Relationship[]> {
  const slash = partPath.lastIndexOf('/');
  const relsPath = zip.find(`${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`);
  if (!relsPath) return [];
  const rels = new RelationshipsCollector();
  await readPart(zip, relsPath, opts, (e) => rels.on(e));
  return rels.list;
}

/** The workbook's part of a relationship type (styles, sharedStrings), else the usual place. */
function partOf(
  zip: GuardedZip,
  workbookPath: string,
  rels: Relationship[],
  type: string,
): string | undefined {
  const rel = rels.find((r) => REL_TYPE(type).test(r.type));
  if (rel) return zip.find(resolvePartPath(workbookPath, rel.target));
  return zip.find(resolvePartPath(workbookPath, `${type}.xml`));
}

async function readPart(zip: GuardedZip, part: string, opts: XlsxReadOptions, on: (e: XmlEvent) => void) {
  for await (const events of partEvents(zip, part, opts))
    for (const e of events) guarded(opts, part, () => on(e));
}

/** The XML events of a part, a chunk's worth at a time. */
async function* partEvents(zip: GuardedZip, part: string, opts: XlsxReadOptions): AsyncGenerator<XmlEvent[]> {
  const scanner = new XmlScanner(opts.limits.xlsx.maxTagChars);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of zip.openEntry(part)) {
    const out: XmlEvent[] = [];
    guarded(opts, part, () => scanner.push(decoder.write(chunk), out));
    yield out;
  }
  const out: XmlEvent[] = [];
  guarded(opts, part, () => scanner.push(decoder.end(), out));
  guarded(opts, part, () => scanner.end(out));
  yield out;
}

/** Runs a step of reading `part`, turning limit hits and XML errors into the upload's errors. */
function guarded<T>(opts: XlsxReadOptions, part: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof XlsxLimitHit)
      throw new UploadLimitExceeded({ id: e.id, limit: e.limit, file: opts.fileName, entry: part });
    if (e instanceof XmlTagTooLong)
      throw new UploadLimitExceeded({ id: 'xmlTagChars', limit: e.limit, file: opts.fileName, entry: part });
    if (e instanceof XlsxFormatError || e instanceof XmlError)
      throw new XlsxRejected(`${part}: ${e.message}`);
    throw e;
  }
}
