/** Dates in the interface language: the one formatter every page uses (no imports: the tests load it). */

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
