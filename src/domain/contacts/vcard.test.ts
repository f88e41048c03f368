import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildVcard, buildVcards, type CardInput } from './vcard';

const card: CardInput = {
  uid: 'urn:passage:contact:demo:7',
  name: 'Anna, Maria; O\\Brien',
  function: 'Head of unit\nreturns',
  organisation: 'Ministry; of, Interior',
  role: 'National contact point',
  languages: ['fr', 'en'],
  email: 'anna@example.org',
  phone: '+33 1 23 45 67',
  note: 'Liaison officer of France posted in Türkiye, covering GRC, BGR',
  revisedAt: new Date('2026-03-04T05:06:07Z'),
};

describe('buildVcard', () => {
  it('writes RFC 6350 escapes and CRLF lines that ical.js parses back to the same values', () => {
    const text = buildVcard(card);
    expect(text.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n')).toBe(true);
    expect(text).toContain('FN:Anna\\, Maria; O\\\\Brien\r\n');
    expect(text).toContain('ORG:Ministry\\; of\\, Interior\r\n');
    expect(text).toContain('TITLE:Head of unit\\nreturns\r\n');
    expect(text).toContain('TEL;VALUE=uri;TYPE=work,voice:tel:+33-1-23-45-67\r\n');
    expect(text).toContain('REV:20260304T050607Z\r\n');
    expect(text.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
    const parsed = new ICAL.Component(ICAL.parse(text));
    expect(parsed.getFirstPropertyValue('fn')).toBe(card.name);
    expect(parsed.getFirstPropertyValue('org')).toBe(card.organisation);
    expect(parsed.getFirstPropertyValue('title')).toBe(card.function);
    expect(parsed.getFirstPropertyValue('email')).toBe('anna@example.org');
    expect(parsed.getAllProperties('lang').map((p) => p.getFirstValue())).toEqual(['fr', 'en']);
  });

  it('omits the empty optional properties and concatenates several cards', () => {
    const bare = buildVcard({
      ...card,
      phone: null,
      organisation: '',
      function: '',
      note: '',
      languages: [],
    });
    expect(bare).not.toMatch(/^(TEL|ORG|TITLE|NOTE|LANG)/m);
    const two = buildVcards([card, { ...card, uid: 'urn:passage:contact:demo:8', name: 'Олег Петров' }]);
    const parsed = ICAL.parse(two);
    expect(Array.isArray(parsed[0])).toBe(true);
    const names = (parsed as unknown[]).map((c) =>
      new ICAL.Component(c as unknown[]).getFirstPropertyValue('fn'),
    );
    expect(names).toEqual([card.name, 'Олег Петров']);
  });
});
