import type { Translated } from '@passage/contract';
import type { Language } from '../app/i18n/i18n';
import { dateTimeFormat } from './dates';

export { dateTimeFormat, intlLocale } from './dates';

/** The text in `lng`, else English. */
export function pickTranslated(text: Translated, lng: Language): string {
  return text[lng] ?? text.en;
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
