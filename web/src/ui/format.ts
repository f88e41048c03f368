import type { Translated } from '@passage/contract';
import type { Language } from '../app/i18n/i18n';

/** The text in `lng`, else English. */
export function pickTranslated(text: Translated, lng: Language): string {
  return text[lng] ?? text.en;
}

/**
 * The Intl locale of an interface language. English is British English — day before month, "2 December
 * 2026", never the US "12/2/2026" — as in the dialogues' own documents; French and Russian are themselves.
 */
export function intlLocale(lng: string): string {
  return lng === 'en' || lng.startsWith('en-') ? 'en-GB' : lng;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The one date formatter of the web app (issue 14: dates follow the interface language): every page asks it
 * instead of building its own Intl.DateTimeFormat or calling toLocaleDateString.
 */
export function dateTimeFormat(lng: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = intlLocale(lng);
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
}

/** A calendar date (YYYY-MM-DD or ISO timestamp) in the interface language, e.g. "3 March 2016". */
export function formatDate(value: string, lng: Language): string {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return dateTimeFormat(lng, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    date,
  );
}

/** Name of a language given by its ISO 639-1 code, in the interface language ("fr" → "French"). */
export function formatLanguageName(code: string, lng: Language): string {
  try {
    return new Intl.DisplayNames([lng], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
