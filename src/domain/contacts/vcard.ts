/**
 * vCard 4.0 (RFC 6350) of directory entries, built with ical.js's vCard support so that escaping (\\ \, \; \n
 * in text and in the components of ORG), line folding and CRLF line ends follow the RFC without a home-made
 * serializer. One card per entry; several cards are concatenated (RFC 6350 §3.3: a vCard stream). Pure.
 */
import ICAL from 'ical.js';

export interface CardInput {
  /** A stable URI for the entry (RFC 6350 §6.7.6), e.g. urn:passage:contact:demo:12. */
  uid: string;
  name: string;
  function: string;
  organisation: string;
  /** Topic label in the exporting user's language, e.g. "National contact point". */
  role: string;
  languages: readonly string[];
  email: string;
  phone: string | null;
  note: string;
  revisedAt: Date;
}

/** A phone number as a tel: URI (RFC 3966): spaces become the visual separator "-". */
export function telUri(phone: string): string {
  return `tel:${phone.trim().replace(/\s+/g, '-')}`;
}

function text(card: ICAL.Component, name: string, value: string): void {
  if (value) card.addPropertyWithValue(name, value);
}

export function buildVcard(c: CardInput): string {
  const card = new ICAL.Component('vcard');
  card.addPropertyWithValue('version', '4.0');
  card.addPropertyWithValue('kind', 'individual');
  card.addPropertyWithValue('uid', c.uid);
  card.addPropertyWithValue('fn', c.name);
  if (c.organisation) {
    const org = new ICAL.Property('org');
    // One component: a semicolon in the name is escaped, not read as an organisational unit.
    org.setValue([c.organisation]);
    card.addProperty(org);
  }
  text(card, 'title', c.function);
  text(card, 'role', c.role);
  const email = new ICAL.Property('email');
  email.setParameter('type', 'work');
  email.setValue(c.email);
  card.addProperty(email);
  if (c.phone) {
    const tel = new ICAL.Property('tel');
    tel.setParameter('value', 'uri');
    tel.setParameter('type', ['work', 'voice']);
    tel.setValue(telUri(c.phone));
    card.addProperty(tel);
  }
  c.languages.forEach((lang, i) => {
    const p = new ICAL.Property('lang');
    p.setParameter('pref', String(i + 1));
    p.setValue(lang);
    card.addProperty(p);
  });
  text(card, 'note', c.note);
  card.addPropertyWithValue('rev', `${c.revisedAt.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`);
  return `${card.toString()}\r\n`;
}

export function buildVcards(cards: readonly CardInput[]): string {
  return cards.map(buildVcard).join('');
}
