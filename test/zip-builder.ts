/**
 * Builds zip archives and minimal XLSX workbooks byte by byte, for tests of hostile uploads: entries may be
 * huge (content given as a generator of chunks, deflated as a stream, so a 400 MB entry never sits in memory)
 * and an entry's header may lie about its unpacked size (`declaredSize`, written in both the local header and
 * the central directory). No library would write such files, which is the point.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  /** The content, or chunks of it. */
  data: string | Buffer | (() => Iterable<Buffer>);
  /** Unpacked size written in the headers instead of the true one. */
  declaredSize?: number;
}

interface Packed {
  name: Buffer;
  crc: number;
  compressed: Buffer;
  size: number;
}

async function pack(e: ZipEntrySpec): Promise<Packed> {
  const chunks =
    typeof e.data === 'function' ? e.data : () => [typeof e.data === 'string' ? Buffer.from(e.data) : e.data];
  let crc = 0;
  let size = 0;
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(
      (function* () {
        // Narrowed above: a function yielding chunks (TypeScript loses it inside the generator).
        for (const c of (chunks as () => Iterable<Buffer>)()) {
          crc = zlib.crc32(c, crc);
          size += c.length;
          yield c;
        }
      })(),
    ),
    zlib.createDeflateRaw({ level: 9 }),
    async (source: AsyncIterable<Buffer>) => {
      for await (const c of source) out.push(c);
    },
  );
  return { name: Buffer.from(e.name), crc, compressed: Buffer.concat(out), size: e.declaredSize ?? size };
}

/** A zip archive (deflate, no data descriptors) of the entries, in order. */
export async function buildZip(entries: ZipEntrySpec[]): Promise<Buffer> {
  const packed = await Promise.all(entries.map(pack));
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of packed) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.compressed.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(p.name.length, 26);
    parts.push(local, p.name, p.compressed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(p.crc >>> 0, 16);
    dir.writeUInt32LE(p.compressed.length, 20);
    dir.writeUInt32LE(p.size, 24);
    dir.writeUInt16LE(p.name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, p.name);
    offset += 30 + p.name.length + p.compressed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(packed.length, 8);
  end.writeUInt16LE(packed.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface XlsxSpec {
  /** The <sheetData> content of the first sheet, or chunks of the whole sheet part. */
  sheetData?: string;
  sheet?: ZipEntrySpec['data'];
  sheetDeclaredSize?: number;
  /** The whole sharedStrings.xml part (or chunks of it); omitted: no shared strings. */
  sharedStrings?: ZipEntrySpec['data'];
  sheetName?: string;
  extraEntries?: ZipEntrySpec[];
}

/** A minimal XLSX workbook (as Excel writes it, without the optional parts) with one sheet. */
export function buildXlsx(spec: XlsxSpec): Promise<Buffer> {
  const sheet =
    spec.sheet ??
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}"><sheetData>${spec.sheetData ?? ''}</sheetData></worksheet>`;
  return buildZip([
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>${spec.sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ''}</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${spec.sheetName ?? 'data'}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>${spec.sharedStrings ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: sheet,
      ...(spec.sheetDeclaredSize !== undefined && { declaredSize: spec.sheetDeclaredSize }),
    },
    ...(spec.sharedStrings ? [{ name: 'xl/sharedStrings.xml', data: spec.sharedStrings }] : []),
    ...(spec.extraEntries ?? []),
  ]);
}

/** `total` bytes made of `unit` repeated, in chunks of about 1 MiB. */
export function repeated(unit: string, total: number): () => Iterable<Buffer> {
  return function* () {
    const chunk = Buffer.from(unit.repeat(Math.max(1, Math.floor((1024 * 1024) / unit.length))));
    let left = total;
    while (left > 0) {
      const c = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= c.length;
      yield c;
    }
  };
}

/** A sharedStrings.xml part with `n` distinct strings (distinct, so it does not compress like a bomb). */
export function manySharedStrings(n: number): () => Iterable<Buffer> {
  return function* () {
    yield Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">`);
    const per = 50_000;
    for (let i = 0; i < n; i += per) {
      let s = '';
      for (let j = i; j < Math.min(n, i + per); j++) s += `<si><t>s${(j * 7919).toString(36)}</t></si>`;
      yield Buffer.from(s);
    }
    yield Buffer.from('</sst>');
  };
}
