/**
 * The reference countries as the dialogue map takes them: names by code and states to highlight. Kept apart
 * from map-data.ts (outlines, topojson) so that pages load it without the map's code, which they load lazily.
 */
import type { Language } from '../../../app/i18n/i18n';
import { pickTranslated } from '../../../ui/format';
import type { CountryView } from '../../reference/api';
import type { MemberState } from '../api';

/** "40" and "040" are the same ISO numeric code; world-atlas uses three digits. */
export function normaliseNumeric(code: string | number | null | undefined): string {
  if (code === null || code === undefined) return '';
  const text = String(code).trim();
  return /^\d{1,3}$/.test(text) ? text.padStart(3, '0') : text;
}

/** Country names in the interface language by ISO alpha-3 and by ISO numeric code (the map's `countryNames`). */
export function countryNamesOf(
  countries: readonly Pick<CountryView, 'iso3' | 'numeric' | 'name'>[],
  lng: Language,
): Map<string, string> {
  const names = new Map<string, string>();
  for (const c of countries) {
    const name = pickTranslated(c.name, lng);
    names.set(c.iso3, name);
    const numeric = normaliseNumeric(c.numeric);
    if (numeric !== '') names.set(numeric, name);
  }
  return names;
}

/** The countries of the reference list with these ISO alpha-3 codes, as states the map highlights. */
export function mapStatesOf(countries: readonly CountryView[], iso3s: Iterable<string>): MemberState[] {
  const byIso3 = new Map(countries.map((c) => [c.iso3, c]));
  return [...iso3s].flatMap((iso3) => {
    const c = byIso3.get(iso3);
    return c ? [{ iso3: c.iso3, numeric: c.numeric, name: c.name, joinedOn: null }] : [];
  });
}
