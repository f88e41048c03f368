/**
 * A streaming XML tokenizer for the machine-written parts of an OOXML package (SpreadsheetML). Text in, events
 * out; memory bounded whatever the input: only an unfinished tag (at most `maxTagChars`) or an unfinished entity
 * is carried from one chunk to the next, and text is handed out piece by piece as it arrives (a consumer that
 * keeps it caps it). General-purpose parsers gather a whole text node first, which a hostile file can make as
 * large as it likes.
 *
 * Enough of XML for these parts: elements and attributes (names without their namespace prefix), text with the
 * five predefined entities and character references, CDATA, comments and processing instructions skipped.
 * A document type declaration is refused (OOXML has none; it is how entity-expansion bombs are built). Pure.
 */

export type XmlEvent =
  | { type: 'open'; name: string; attrs: Record<string, string>; isSelfClosing: boolean }
  | { type: 'close'; name: string }
  | { type: 'text'; text: string };

export class XmlError extends Error {}

/** Thrown when a tag is longer than the scanner's bound; the caller turns it into its own limit error. */
export class XmlTagTooLong extends XmlError {
  constructor(readonly limit: number) {
    super(`an XML tag is longer than ${limit} characters`);
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY_RE = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/g;
const ATTR_RE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** Longest entity or character reference carried over a chunk boundary ("&#x10FFFF;" is 10). */
const MAX_ENTITY_CHARS = 34;

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY_RE, (_m, ref: string) => {
    if (ref[0] !== '#') {
      const v = ENTITIES[ref];
      if (v === undefined) throw new XmlError(`unknown entity &${ref};`);
      return v;
    }
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    if (!(code >= 0 && code <= 0x10ffff)) throw new XmlError(`invalid character reference &${ref};`);
    return String.fromCodePoint(code);
  });
}

/** The name without its namespace prefix: `x:row` → `row`. */
function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

export class XmlScanner {
  private carry = '';

  constructor(private readonly maxTagChars: number) {}

  /** Scans the next piece of text; appends the events of every complete token to `out`. */
  push(chunk: string, out: XmlEvent[]): void {
    const s = this.carry.length ? this.carry + chunk : chunk;
    const end = this.scan(s, out);
    this.carry = s.slice(end);
    if (this.carry.length > this.maxTagChars) throw new XmlTagTooLong(this.maxTagChars);
  }

  /** The end of the document: nothing may be left unfinished. */
  end(out: XmlEvent[]): void {
    if (this.carry.trim() !== '') {
      if (this.carry.includes('<')) throw new XmlError('the XML ends inside a tag');
      out.push({ type: 'text', text: decodeEntities(this.carry) });
    }
    this.carry = '';
  }

  /** Emits what is complete in s; returns where the unfinished rest starts. */
  private scan(s: string, out: XmlEvent[]): number {
    const n = s.length;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) return this.text(s, i, n, out);
      if (lt > i) out.push({ type: 'text', text: decodeEntities(s.slice(i, lt)) });
      const next = this.markup(s, lt, out);
      if (next < 0) return lt; // unfinished: wait for more
      i = next;
    }
    return n;
  }

  /** Text up to the end of the chunk, keeping back an entity cut in two. */
  private text(s: string, from: number, n: number, out: XmlEvent[]): number {
    let end = n;
    const amp = s.lastIndexOf('&', n - 1);
    if (amp >= from && s.indexOf(';', amp) < 0 && n - amp < MAX_ENTITY_CHARS) end = amp;
    if (end > from) out.push({ type: 'text', text: decodeEntities(s.slice(from, end)) });
    return end;
  }

  /** The markup starting at `lt`: returns the index after it, or -1 when it is not complete yet. */
  private markup(s: string, lt: number, out: XmlEvent[]): number {
    const c = s[lt + 1];
    if (c === undefined) return -1;
    if (c === '?') {
      const end = s.indexOf('?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (c === '!') {
      if (s.length - lt < 9) return -1; // not enough to tell a comment, CDATA and a DOCTYPE apart
      if (s.startsWith('<!--', lt)) {
        const end = s.indexOf('-->', lt + 4);
        return end < 0 ? -1 : end + 3;
      }
      if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        if (end < 0) return -1;
        out.push({ type: 'text', text: s.slice(lt + 9, end) });
        return end + 3;
      }
      throw new XmlError('document type declarations are not accepted');
    }
    const end = tagEnd(s, lt + 1);
    if (end < 0) return -1;
    out.push(parseTag(s.slice(lt + 1, end)));
    return end + 1;
  }
}

/** Index of the `>` closing a tag that starts at `from`, outside quoted attribute values; -1 if not there yet. */
function tagEnd(s: string, from: number): number {
  let quote = 0;
  for (let j = from; j < s.length; j++) {
    const ch = s.charCodeAt(j);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 0x22 || ch === 0x27) quote = ch;
    else if (ch === 0x3e) return j;
  }
  return -1;
}

function parseTag(body: string): XmlEvent {
  if (body[0] === '/') return { type: 'close', name: localName(body.slice(1).trim()) };
  const isSelfClosing = body.endsWith('/');
  const inner = isSelfClosing ? body.slice(0, -1) : body;
  const space = inner.search(/\s/);
  const name = localName(space < 0 ? inner : inner.slice(0, space));
  if (!name) throw new XmlError('a tag without a name');
  const attrs: Record<string, string> = {};
  if (space >= 0) {
    ATTR_RE.lastIndex = space;
    for (let m = ATTR_RE.exec(inner); m; m = ATTR_RE.exec(inner))
      attrs[localName(m[1]!)] = decodeEntities(m[2] ?? m[3] ?? '');
  }
  return { type: 'open', name, attrs, isSelfClosing };
}
