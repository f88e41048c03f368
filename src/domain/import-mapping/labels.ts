/**
 * Matching the labels of a file (country names in the working languages, ISO-2 / ISO-3 / numeric codes,
 * common variants, "Total", "Stateless", "Unknown") to Passage codes. A label matches when its simplified form
 * (case, accents, spaces and punctuation ignored) is one of a code's labels. Nothing is guessed: a label
 * that is no code's, or several codes', is reported; codes whose labels are similar are offered as
 * suggestions for the user to confirm, never applied.
 */

export interface CodeLabels {
  code: string;
  labels: readonly string[];
}

export type LabelMatch =
  | { kind: 'code'; code: string }
  | { kind: 'ambiguous'; codes: string[] }
  | { kind: 'unknown'; suggestions: string[] };

/** "  Congo, the Democratic Republic of  " -> "congo the democratic republic of". */
export function simplifyLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`´]/g, '')
    .replace(/[^\p{L}\p{N}_]+/gu, ' ')
    .trim();
}

export class LabelMatcher {
  private readonly byLabel = new Map<string, Set<string>>();
  private readonly words: { code: string; words: Set<string> }[] = [];

  constructor(entries: readonly CodeLabels[]) {
    for (const e of entries) {
      const words = new Set<string>();
      for (const l of [e.code, ...e.labels]) {
        const s = simplifyLabel(l);
        if (!s) continue;
        const set = this.byLabel.get(s) ?? new Set<string>();
        this.byLabel.set(s, set);
        set.add(e.code);
        for (const w of s.split(' ')) if (w.length > 3) words.add(w);
      }
      this.words.push({ code: e.code, words });
    }
  }

  /** The code of a label, the codes it could be, or none (with similar codes as suggestions). */
  match(label: string): LabelMatch {
    const s = simplifyLabel(label);
    const codes = this.byLabel.get(s);
    if (codes?.size === 1) return { kind: 'code', code: [...codes][0]! };
    if (codes && codes.size > 1) return { kind: 'ambiguous', codes: [...codes].sort() };
    return { kind: 'unknown', suggestions: this.similar(s) };
  }

  /** Codes sharing a significant word with the label (at most 5), for confirmation only. */
  private similar(s: string): string[] {
    const words = s.split(' ').filter((w) => w.length > 3);
    if (!words.length) return [];
    const scored = this.words
      .map((e) => ({ code: e.code, n: words.filter((w) => e.words.has(w)).length }))
      .filter((e) => e.n > 0);
    const best = Math.max(0, ...scored.map((e) => e.n));
    return scored
      .filter((e) => e.n === best)
      .map((e) => e.code)
      .slice(0, 5);
  }

  /** Whether the label is some code's (exactly or ambiguously). */
  knows(label: string): boolean {
    return this.byLabel.has(simplifyLabel(label));
  }
}

/** Labels that mean "not broken down" in any dimension. */
export const TOTAL_LABELS: readonly string[] = [
  '_T',
  'T',
  'TOTAL',
  'Total',
  'All',
  'Всего',
  'Итого',
  'Ensemble',
];

/**
 * Variants of country names seen in published migration statistics (Eurostat, UNHCR, national offices) that
 * are not among the registry's names, and Eurostat's own two-letter codes (EL Greece, UK United Kingdom).
 */
export const COUNTRY_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  COD: [
    'DR Congo',
    'DRC',
    'Congo (Kinshasa)',
    'Congo-Kinshasa',
    'Democratic Republic of the Congo',
    'Congo, Dem. Rep.',
  ],
  COG: ['Congo (Brazzaville)', 'Congo-Brazzaville', 'Republic of the Congo'],
  GRC: ['EL'],
  GBR: ['UK', 'Great Britain', 'United Kingdom of Great Britain and Northern Ireland'],
  XKX: [
    'Kosovo',
    'Kosovo (UNSCR 1244/99)',
    'Kosovo (under United Nations Security Council Resolution 1244/99)',
    'XK',
    'XKK',
  ],
  TUR: ['Türkiye', 'Turkiye', 'Turkey'],
  RUS: ['Russia', 'Russian Federation'],
  SYR: ['Syria', 'Syrian Arab Republic'],
  IRN: ['Iran', 'Iran (Islamic Republic of)'],
  CIV: ["Côte d'Ivoire", 'Ivory Coast', 'Cote dIvoire'],
  PSE: ['Palestine', 'State of Palestine', 'Occupied Palestinian Territory'],
  VEN: ['Venezuela', 'Venezuela (Bolivarian Republic of)'],
  BOL: ['Bolivia', 'Bolivia (Plurinational State of)'],
  TZA: ['Tanzania', 'United Republic of Tanzania'],
  MDA: ['Moldova', 'Republic of Moldova'],
  PRK: ['North Korea', "Democratic People's Republic of Korea"],
  KOR: ['South Korea', 'Republic of Korea'],
  LAO: ['Laos', "Lao People's Democratic Republic"],
  VNM: ['Vietnam', 'Viet Nam'],
  CZE: ['Czechia', 'Czech Republic'],
  MKD: ['North Macedonia', 'Macedonia', 'Republic of North Macedonia'],
  DEU: ['Germany (until 1990 former territory of the FRG)'],
  STL: ['Stateless', 'Stateless persons', 'Apatrides', 'Лица без гражданства', 'Без гражданства'],
  UNK: [
    'Unknown',
    'Not specified',
    'Unspecified',
    'Inconnu',
    'Inconnue',
    'Non spécifié',
    'Неизвестно',
    'Не указано',
  ],
};

/** A country as the reference list gives it (src/reference/countries.ts). */
export interface CountryNames {
  iso3: string;
  iso2: string | null;
  numeric: string | null;
  names: readonly string[];
}

/** The label entries of countries: codes, numeric codes with and without leading zeros, names, variants. */
export function countryLabels(countries: readonly CountryNames[]): CodeLabels[] {
  return countries.map((c) => ({
    code: c.iso3,
    labels: [
      ...(c.iso2 ? [c.iso2] : []),
      ...(c.numeric ? [c.numeric, String(Number(c.numeric))] : []),
      ...c.names,
      ...(COUNTRY_VARIANTS[c.iso3] ?? []),
    ],
  }));
}
