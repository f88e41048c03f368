/**
 * The one gate for every zip-based upload (XLSX now; DOCX, ODT … later). An upload is first spooled to a temp
 * file (the caller bounds its bytes, e.g. the importer's PASSAGE_IMPORT_MAX_BYTES); then, before anything is
 * inflated, the zip's central directory is checked: the number of entries, each entry's declared unpacked size
 * and compression ratio, and the declared total (src/domain/upload-limits.ts). Declared sizes can lie, so every
 * entry read through `openEntry` is also counted as it inflates, against its declared size and the total, and
 * the read stops the moment either is passed. Each refusal is an UploadLimitExceeded naming the file, the entry
 * and the limit. Entries are read by random access (yauzl), in whatever order the reader needs.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { UploadLimitExceeded, type ZipLimits } from '../domain/upload-limits';

/** A zip that is not one, or uses what an upload may not (encryption). */
export class ZipRejected extends Error {}

export interface SpooledFile {
  path: string;
  bytes: number;
  /** Deletes the file and its directory; safe to call twice. */
  remove(): Promise<void>;
}

/** Writes a stream to a fresh private temp file (only its owner may read it). The caller bounds the stream. */
export async function spoolToTempFile(input: AsyncIterable<Buffer> | Readable): Promise<SpooledFile> {
  const dir = await mkdtemp(join(tmpdir(), 'passage-upload-'));
  const path = join(dir, 'upload');
  const remove = () => rm(dir, { recursive: true, force: true });
  let bytes = 0;
  try {
    await pipeline(
      input,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          bytes += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(path, { mode: 0o600 }),
    );
  } catch (e) {
    await remove();
    throw e;
  }
  return { path, bytes, remove };
}

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

/** A zip whose central directory passed the limits; entries open as counted, inflated streams. */
export class GuardedZip {
  private inflated = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly byName: ReadonlyMap<string, yauzl.Entry>,
    private readonly limits: ZipLimits,
    private readonly fileName: string,
  ) {}

  /** Opens the zip at `path` and checks its central directory; `fileName` names the upload in errors. */
  static async open(path: string, limits: ZipLimits, fileName: string): Promise<GuardedZip> {
    let zip: yauzl.ZipFile;
    try {
      // Sizes are checked here, as the entries inflate (yauzl's own check would word it differently).
      zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: false });
    } catch (e) {
      // yauzl rejects with an Error (no end-of-central-directory record, bad signature …).
      throw new ZipRejected(`the file is not a zip archive (${(e as Error).message})`);
    }
    try {
      const byName = await readDirectory(zip, limits, fileName);
      return new GuardedZip(zip, byName, limits, fileName);
    } catch (e) {
      zip.close();
      throw e;
    }
  }

  get entries(): ZipEntryInfo[] {
    return [...this.byName.values()].map((e) => ({
      name: e.fileName,
      compressedSize: e.compressedSize,
      uncompressedSize: e.uncompressedSize,
    }));
  }

  /** The entry's name as stored: exact, else the one that differs only in case. */
  find(name: string): string | undefined {
    if (this.byName.has(name)) return name;
    const lower = name.toLowerCase();
    return [...this.byName.keys()].find((k) => k.toLowerCase() === lower);
  }

  /** The entry's inflated bytes, counted: more than it declares, or than the archive may hold in all, stops it. */
  async *openEntry(name: string): AsyncGenerator<Buffer> {
    const entry = this.byName.get(name);
    if (!entry) throw new ZipRejected(`the archive has no entry ${name}`);
    const stream = await this.zip.openReadStreamPromise(entry);
    let bytes = 0;
    try {
      // yauzl's inflated stream yields Buffers (no encoding is set on it).
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        this.inflated += chunk.length;
        if (bytes > entry.uncompressedSize)
          throw this.limit('zipDeclaredSize', entry.uncompressedSize, entry.fileName);
        if (this.inflated > this.limits.maxTotalBytes)
          throw this.limit('zipTotalBytes', this.limits.maxTotalBytes, entry.fileName);
        yield chunk;
      }
    } finally {
      stream.destroy();
    }
  }

  close(): void {
    this.zip.close();
  }

  private limit(id: 'zipDeclaredSize' | 'zipTotalBytes', limit: number, entry: string) {
    return new UploadLimitExceeded({ id, limit, file: this.fileName, entry });
  }
}

async function readDirectory(
  zip: yauzl.ZipFile,
  limits: ZipLimits,
  file: string,
): Promise<Map<string, yauzl.Entry>> {
  if (zip.entryCount > limits.maxEntries)
    throw new UploadLimitExceeded({ id: 'zipEntries', limit: limits.maxEntries, file });
  const byName = new Map<string, yauzl.Entry>();
  let total = 0;
  for await (const entry of zip.eachEntry()) {
    const name = entry.fileName;
    if (entry.isEncrypted()) throw new ZipRejected(`the entry ${name} is encrypted`);
    if (entry.uncompressedSize > limits.maxEntryBytes)
      throw new UploadLimitExceeded({ id: 'zipEntryBytes', limit: limits.maxEntryBytes, file, entry: name });
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize >= limits.ratioFloorBytes && ratio > limits.maxRatio)
      throw new UploadLimitExceeded({ id: 'zipRatio', limit: limits.maxRatio, file, entry: name });
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes)
      throw new UploadLimitExceeded({ id: 'zipTotalBytes', limit: limits.maxTotalBytes, file, entry: name });
    byName.set(name, entry);
  }
  return byName;
}
