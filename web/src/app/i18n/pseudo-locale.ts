/**
 * A right-to-left pseudo-locale for tests and development ("ar-XB", as Android names its bidi pseudo-locale).
 * Every English message is kept but each run of Latin letters is wrapped in RIGHT-TO-LEFT OVERRIDE … POP
 * DIRECTIONAL FORMATTING, so it reads mirrored, and the page is laid out right to left (dir="rtl"). Text that
 * is not mirrored on screen did not come from the message files; a layout that breaks is not RTL-ready.
 * Placeholders ({{count}}), nesting ($t(…)) and markup stay as they are.
 */

export const PSEUDO_LANGUAGE = 'ar-XB';

const RLO = '\u202E';
const PDF = '\u202C';
const PROTECTED = /(\{\{[^}]*\}\}|\$t\([^)]*\)|<[^>]*>)/;

/** One message in the pseudo-locale. */
export function pseudoMessage(text: string): string {
  return text
    .split(PROTECTED)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[A-Za-z]+/g, (word) => `${RLO}${word}${PDF}`)))
    .join('');
}

type Messages = { [key: string]: string | Messages };

const PLURAL = /_(zero|one|two|few|many|other)$/;

/**
 * The whole English catalogue in the pseudo-locale. Arabic has six plural forms (zero, one, two, few, many,
 * other): each plural key gets all of them, from the English "one" (for one) or "other" form.
 */
export function pseudoMessages(en: Messages): Messages {
  const categories = new Intl.PluralRules(PSEUDO_LANGUAGE).resolvedOptions().pluralCategories;
  const out: Messages = {};
  for (const [key, value] of Object.entries(en)) {
    if (typeof value !== 'string') {
      out[key] = pseudoMessages(value);
      continue;
    }
    const plural = PLURAL.exec(key);
    if (!plural) {
      out[key] = pseudoMessage(value);
      continue;
    }
    const base = key.replace(PLURAL, '');
    for (const category of categories) {
      const source = category === 'one' ? (en[`${base}_one`] ?? value) : (en[`${base}_other`] ?? value);
      if (typeof source === 'string') out[`${base}_${category}`] = pseudoMessage(source);
    }
  }
  return out;
}
