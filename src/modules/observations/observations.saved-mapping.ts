/**
 * A template upload (`POST /imports`, CSV) whose header is not the template's but fits a mapping saved for the
 * dialogue is imported through that mapping: next month's file in the state's own layout goes in without the
 * mapping step (issue 22, "applied automatically when the same header comes back"). The saved mappings belong
 * to the import-mappings module, which depends on this one; it registers the lookup at the composition root
 * (src/server/events.ts), so this module never imports it.
 */
import { Readable } from 'node:stream';
import { mapHeader } from '../../domain/observations/parse-csv-row';
import type { Ctx } from '../../shared/ctx';
import { csvRecords, type ImportInput, type ImportResult, importObservations } from './observations.import';

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

/** The upload route's use case: the template importer, or a saved mapping when the header fits one. */
export async function importUpload(ctx: Ctx, input: ImportInput): Promise<ImportResult> {
  if (input.format !== 'csv' || !savedMappingImport) return importObservations(ctx, input);
  const { header, replay } = await peekHeader(input.stream);
  const rest = { ...input, stream: replay };
  if (header && mapHeader(header).errors.length > 0) {
    const mapped = await savedMappingImport(ctx, { ...rest, header });
    if (mapped) return mapped;
  }
  return importObservations(ctx, rest);
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
