/**
 * A template upload (`POST /imports`: CSV, SDMX-CSV or XLSX) whose header is not the template's but fits a
 * mapping saved for the dialogue is imported through that mapping: next month's file in the state's own layout
 * goes in without the mapping step (issue 22, "applied automatically when the same header comes back"). The
 * saved mappings belong to the import-mappings module, which depends on this one; it registers the lookup at the
 * composition root (src/server/events.ts), so this module never imports it.
 *
 * CSV and SDMX-CSV: the first line is read ahead and given back (peekHeader). XLSX: the header is the first
 * row of the first sheet, which only a whole workbook tells (a zip's directory is at its end), so the upload is
 * spooled to a temp file (counted against the upload limit, macros refused, as the importer does), its first
 * row read, and whichever importer takes it reads the file from there; the file is removed at the end.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { mapHeader } from '../../domain/observations/parse-csv-row';
import { mapSdmxHeader } from '../../domain/sdmx/sdmx-csv';
import { readUploadLimits } from '../../domain/upload-limits';
import type { Ctx } from '../../shared/ctx';
import { readXlsxFile } from '../../shared/xlsx-reader';
import { spoolToTempFile } from '../../shared/zip-guard';
import {
  csvRecords,
  type ImportInput,
  type ImportResult,
  importObservations,
  maxImportBytes,
  UploadGuard,
} from './observations.import';
import type { ImportFormat } from './observations.schema';

/**
 * Imports the upload through a saved mapping that fits `header`, or answers undefined without reading the
 * stream when none fits (or the caller may not use mappings).
 */
export type SavedMappingImport = (
  ctx: Ctx,
  input: ImportInput & { header: readonly string[] },
) => Promise<ImportResult | undefined>;

let savedMappingImport: SavedMappingImport | undefined;

export function registerSavedMappingImport(fn: SavedMappingImport | undefined): void {
  savedMappingImport = fn;
}

/** The header line is looked for in the first bytes only; a longer one is left to the template importer. */
const MAX_HEADER_BYTES = 256 * 1024;

/** Whether a header is one the format's own importer reads (then no saved mapping is looked for). */
function isTemplateHeader(format: ImportFormat, header: readonly string[]): boolean {
  return (format === 'sdmx-csv' ? mapSdmxHeader(header) : mapHeader(header)).errors.length === 0;
}

/** The upload route's use case: the template importer, or a saved mapping when the header fits one. */
export async function importUpload(ctx: Ctx, input: ImportInput): Promise<ImportResult> {
  if (!savedMappingImport) return importObservations(ctx, input);
  if (input.format === 'xlsx')
    // An old Excel format is refused by name before anything is read (the template importer says so).
    return /\.(xlsm|xlsb|xls|xltm)$/i.test(input.fileName ?? '')
      ? importObservations(ctx, input)
      : importXlsxUpload(ctx, input, savedMappingImport);
  const { header, replay } = await peekHeader(input.stream);
  const rest = { ...input, stream: replay };
  if (header && !isTemplateHeader(input.format, header)) {
    const mapped = await savedMappingImport(ctx, { ...rest, header });
    if (mapped) return mapped;
  }
  return importObservations(ctx, rest);
}

/**
 * An XLSX upload: spooled, its first row read; through the saved mapping that fits it, else the template
 * importer (which also reports a workbook that cannot be read, with its own errors).
 */
async function importXlsxUpload(
  ctx: Ctx,
  input: ImportInput,
  mappedImport: SavedMappingImport,
): Promise<ImportResult> {
  const guard = new UploadGuard(input.maxBytes ?? maxImportBytes(), true);
  input.stream.on('error', (e) => guard.destroy(e));
  guard.on('error', () => {}); // kept in guard.failure and thrown below
  const spooled = await spoolToTempFile(input.stream.pipe(guard)).catch((e: unknown) => {
    throw guard.failure ?? e;
  });
  try {
    const again = () => createReadStream(spooled.path, { highWaterMark: 256 * 1024 });
    const header = await firstXlsxRow(spooled.path, input.fileName ?? 'upload.xlsx');
    if (header && !isTemplateHeader('xlsx', header)) {
      const stream = again();
      const mapped = await mappedImport(ctx, { ...input, stream, header }).finally(() => stream.destroy());
      if (mapped) return mapped;
    }
    return await importObservations(ctx, { ...input, stream: again() });
  } finally {
    await spooled.remove();
  }
}

/** The first row with a value of an XLSX file's first sheet; undefined when there is none or it cannot be read. */
async function firstXlsxRow(path: string, fileName: string): Promise<string[] | undefined> {
  const rows = readXlsxFile(path, { limits: readUploadLimits(), fileName });
  try {
    for await (const r of rows) if (r.values.some((v) => v.trim() !== '')) return r.values;
  } catch {
    // A workbook that cannot be read is the template importer's to report, with its own words.
  } finally {
    await rows.return(undefined);
  }
  return undefined;
}

/**
 * The first line's cells (parsed as the importer parses them: delimiter from the line, BOM, quotes) and a
 * stream that gives every byte again, the ones read here first. Reading errors surface on the replay.
 */
export async function peekHeader(
  stream: Readable,
): Promise<{ header: string[] | undefined; replay: Readable }> {
  // Not destroyed when the importer stops reading half-way (a refused header, a file too large): the rest of
  // the body is the drain hook's to discard, so the keep-alive connection stays usable (src/server/plugins).
  const it = stream.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let size = 0;
  let failure: unknown;
  let isDone = false;
  try {
    while (size < MAX_HEADER_BYTES) {
      const r = await it.next();
      if (r.done) {
        isDone = true;
        break;
      }
      head.push(r.value);
      size += r.value.length;
      if (r.value.includes(0x0a)) break;
    }
  } catch (e) {
    failure = e;
  }
  const replay = Readable.from(
    (async function* () {
      yield* head;
      if (failure) throw failure;
      if (isDone) return;
      try {
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      } finally {
        // Ends the iterator when the importer stops early, which takes its 'readable' listener off the request:
        // while it is there, the drain hook's resume() does nothing and the client's upload hangs.
        await it.return?.();
      }
    })(),
    { objectMode: false },
  );
  const bytes = Buffer.concat(head);
  const end = bytes.indexOf(0x0a);
  if (failure || end < 0) return { header: undefined, replay };
  return { header: await firstRecord(bytes.subarray(0, end + 1)), replay };
}

async function firstRecord(line: Buffer): Promise<string[] | undefined> {
  try {
    for await (const r of csvRecords(Readable.from([line], { objectMode: false }))) return r.values;
  } catch {
    // An unreadable header is the template importer's to report, with its row and column.
  }
  return undefined;
}
