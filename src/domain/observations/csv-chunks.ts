/**
 * Cuts a CSV byte stream into pieces that end on record boundaries, for a bulk load with COPY (PostgreSQL
 * parses the fields; PGlite runs one COPY per piece, so a piece must never end inside a record). On the way
 * it takes the header record off, drops blank lines, sets aside records that are not valid UTF-8 (or carry
 * U+FFFD, the mark of text that was already decoded wrongly, or a NUL byte, which PostgreSQL cannot store) so
 * the import can name them, and keeps the map
 * from the n-th record sent to its line in the file. Pure: bytes in, bytes out; no I/O.
 */
import { isUtf8 } from 'node:buffer';

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const REPLACEMENT = Buffer.from('\uFFFD', 'utf8');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface BadLine {
  /** Line of the file (1 = header). */
  line: number;
  /** The record decoded with replacement characters where the bytes are not UTF-8. */
  text: string;
}

export class RecordTooLong extends Error {
  constructor(
    readonly line: number,
    limit: number,
  ) {
    super(
      `a record starting on line ${line} is longer than ${Math.round(limit / 1024)} KiB: is a quote (") left open?`,
    );
  }
}

export interface CsvChunkerOptions {
  /** Pieces are gathered up to about this many bytes before they are handed out. */
  pieceBytes?: number;
  /** Longest record accepted (a quote left open would otherwise swallow the whole file). */
  maxRecordBytes?: number;
  /** Bad records listed at most (the rest are still dropped). */
  maxBadLines?: number;
  /** Line number the first record sent gets in `rowOfRecord` (the header is line 1). */
  firstRow?: number;
}

export class CsvChunker {
  /** The header record (without BOM and line end), once read; undefined while none has been seen. */
  header: string | undefined;
  readonly badLines: BadLine[] = [];
  /** Records sent so far. */
  records = 0;
  private badLineCount = 0;
  private carry: Buffer = Buffer.alloc(0);
  /** Line of the file at the start of `carry`. */
  private line = 1;
  private isInQuotes = false;
  private isFirst = true;
  /** Lines end with CR LF (taken from the header; COPY wants one style throughout). */
  private isCrlf = false;
  private out: Buffer[] = [];
  private outBytes = 0;
  /** (record index, file line - record index) wherever the difference changes: blank, bad or multi-line records. */
  private readonly breaks: { record: number; offset: number }[] = [];
  private readonly pieceBytes: number;
  private readonly maxRecordBytes: number;
  private readonly maxBadLines: number;

  constructor(opts: CsvChunkerOptions = {}) {
    this.pieceBytes = opts.pieceBytes ?? 2 * 1024 * 1024;
    this.maxRecordBytes = opts.maxRecordBytes ?? 1024 * 1024;
    this.maxBadLines = opts.maxBadLines ?? 1000;
    this.breaks.push({ record: 0, offset: 2 }); // record 0 is on line 2, after the header
  }

  /** Records dropped because their text is not valid UTF-8 (all of them, also beyond maxBadLines). */
  get badRecordCount(): number {
    return this.badLineCount;
  }

  /** Line of the file of the n-th record sent (0-based). */
  lineOfRecord(n: number): number {
    let lo = 0;
    let hi = this.breaks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.breaks[mid]!.record <= n) lo = mid;
      else hi = mid - 1;
    }
    return n + this.breaks[lo]!.offset;
  }

  /** Takes the next bytes; returns the pieces that are ready (each ends with a complete record). */
  push(chunk: Buffer): Buffer[] {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = this.scan(buf, false);
    this.carry = buf.subarray(end);
    if (this.carry.length > this.maxRecordBytes) throw new RecordTooLong(this.line, this.maxRecordBytes);
    return this.take(false);
  }

  /** The end of the input: the last record (even without a line end) and whatever is left. */
  end(): Buffer[] {
    if (this.carry.length) {
      const buf =
        this.carry[this.carry.length - 1] === NL
          ? this.carry
          : Buffer.concat([this.carry, Buffer.from(this.isCrlf ? '\r\n' : '\n')]);
      this.carry = Buffer.alloc(0);
      this.scan(buf, true);
    }
    return this.take(true);
  }

  private take(all: boolean): Buffer[] {
    if (!this.out.length || (!all && this.outBytes < this.pieceBytes)) return [];
    const piece = this.out.length === 1 ? this.out[0]! : Buffer.concat(this.out);
    this.out = [];
    this.outBytes = 0;
    return [piece];
  }

  /** Walks the complete records of buf; returns where the unfinished one starts. */
  private scan(buf: Buffer, isLast: boolean): number {
    const lastNl = buf.lastIndexOf(NL);
    if (lastNl < 0) return 0;
    // Fast check of the whole stretch; only a stretch with bad text is checked record by record.
    const stretch = buf.subarray(0, lastNl + 1);
    const isClean = isGoodText(stretch);
    let pos = 0;
    let recStart = 0;
    let recLine = this.line;
    let keptFrom = -1; // start of the run of kept records not yet moved to out
    let nextQuote = buf.indexOf(QUOTE, 0);
    const flush = (upTo: number) => {
      if (keptFrom >= 0 && upTo > keptFrom) {
        this.out.push(buf.subarray(keptFrom, upTo));
        this.outBytes += upTo - keptFrom;
      }
      keptFrom = -1;
    };
    for (;;) {
      const nl = buf.indexOf(NL, pos);
      if (nl < 0 || nl > lastNl) break;
      while (nextQuote >= 0 && nextQuote < nl) {
        this.isInQuotes = !this.isInQuotes;
        nextQuote = buf.indexOf(QUOTE, nextQuote + 1);
      }
      this.line++;
      pos = nl + 1;
      if (this.isInQuotes && !isLast) continue; // a line break inside a quoted cell
      const record = buf.subarray(recStart, pos);
      const lines = this.line - recLine;
      if (this.isFirst) {
        this.isFirst = false;
        this.isCrlf = record.length > 1 && record[record.length - 2] === CR;
        let head = record;
        if (head.subarray(0, 3).equals(BOM)) head = head.subarray(3);
        this.header = head.toString('utf8').replace(/\r?\n$/, '');
        // A header over several lines moves the data down.
        if (lines > 1) this.breaks[0] = { record: 0, offset: 1 + lines };
      } else if (isBlank(record)) {
        flush(recStart);
        this.shift(lines);
      } else if (!isClean && !isGoodText(record)) {
        flush(recStart);
        this.badLineCount++;
        if (this.badLines.length < this.maxBadLines)
          this.badLines.push({ line: recLine, text: record.toString('utf8').replace(/\r?\n$/, '') });
        this.shift(lines);
      } else {
        if (keptFrom < 0) keptFrom = recStart;
        this.records++;
        if (lines > 1) this.shift(lines - 1, this.records);
      }
      recStart = pos;
      recLine = this.line;
    }
    flush(recStart);
    // The unfinished record is scanned again with the next bytes: start it afresh.
    this.line = recLine;
    this.isInQuotes = false;
    return recStart;
  }

  /** The records from `record` on sit `by` lines further down the file. */
  private shift(by: number, record = this.records) {
    const last = this.breaks[this.breaks.length - 1]!;
    const offset = last.offset + by;
    if (last.record === record) last.offset = offset;
    else this.breaks.push({ record, offset });
  }
}

/** Valid UTF-8 without U+FFFD and without NUL bytes. */
function isGoodText(b: Buffer): boolean {
  return isUtf8(b) && b.indexOf(REPLACEMENT) < 0 && b.indexOf(0) < 0;
}

function isBlank(record: Buffer): boolean {
  for (const b of record) if (b !== NL && b !== CR) return false;
  return true;
}
