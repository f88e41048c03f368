import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities, XmlError, type XmlEvent, XmlScanner, XmlTagTooLong } from './xml-scanner';

/** Scans `xml` cut into the given pieces; adjacent text events are merged (their split is arbitrary). */
function scan(pieces: string[], maxTagChars = 1000): XmlEvent[] {
  const s = new XmlScanner(maxTagChars);
  const out: XmlEvent[] = [];
  for (const p of pieces) s.push(p, out);
  s.end(out);
  const merged: XmlEvent[] = [];
  for (const e of out) {
    const last = merged[merged.length - 1];
    if (e.type === 'text' && last?.type === 'text') last.text += e.text;
    else merged.push(e.type === 'text' ? { ...e } : e);
  }
  return merged.filter((e) => e.type !== 'text' || e.text !== '');
}

const DOC =
  '<?xml version="1.0"?><x:sst xmlns:x="urn:x" count="2"><!-- a comment --><x:si><x:t xml:space="preserve">a &amp; b &lt;&#233;&#x263A;&gt;</x:t></x:si>' +
  '<x:si><x:t><![CDATA[<raw> & ]]></x:t></x:si><c r="A1" s=\'2\' note="1 > 0"/></x:sst>';

describe('XmlScanner', () => {
  it('reads elements without their prefixes, attributes, entities, CDATA; skips comments and declarations', () => {
    expect(scan([DOC])).toEqual([
      { type: 'open', name: 'sst', attrs: { x: 'urn:x', count: '2' }, isSelfClosing: false },
      { type: 'open', name: 'si', attrs: {}, isSelfClosing: false },
      { type: 'open', name: 't', attrs: { space: 'preserve' }, isSelfClosing: false },
      { type: 'text', text: 'a & b <é☺>' },
      { type: 'close', name: 't' },
      { type: 'close', name: 'si' },
      { type: 'open', name: 'si', attrs: {}, isSelfClosing: false },
      { type: 'open', name: 't', attrs: {}, isSelfClosing: false },
      { type: 'text', text: '<raw> & ' },
      { type: 'close', name: 't' },
      { type: 'close', name: 'si' },
      { type: 'open', name: 'c', attrs: { r: 'A1', s: '2', note: '1 > 0' }, isSelfClosing: true },
      { type: 'close', name: 'sst' },
    ]);
  });

  it('gives the same events however the text is cut into chunks', () => {
    const whole = scan([DOC]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: DOC.length - 1 }), { maxLength: 12 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), DOC.length];
        const pieces = at.slice(1).map((end, i) => DOC.slice(at[i], end));
        expect(scan(pieces)).toEqual(whole);
      }),
    );
  });

  it('refuses a document type declaration (entity expansion) and unknown entities', () => {
    expect(() => scan(['<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'])).toThrow(XmlError);
    expect(() => decodeEntities('&bomb;')).toThrow(/unknown entity/);
    expect(decodeEntities('&#0;')).toBe('\u0000'); // passed on: the row validator names the cell
  });

  it('bounds what it carries: a tag longer than the limit is an error, long text is handed out in pieces', () => {
    expect(() => scan([`<c r="${'A'.repeat(2000)}`])).toThrow(XmlTagTooLong);
    const s = new XmlScanner(100);
    const out: XmlEvent[] = [];
    s.push('<t>', out);
    for (let i = 0; i < 1000; i++) s.push('x'.repeat(1000), out);
    s.push('</t>', out);
    expect(out.filter((e) => e.type === 'text')).toHaveLength(1000);
  });
});
