import type { Language } from '../../app/i18n/i18n';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count in the interface language ("12,345"); "–" for no value. */
export function formatNumber(value: number | null | undefined, lng: Language): string {
  if (value === null || value === undefined) return '–';
  let f = numberFormats.get(lng);
  if (!f) {
    f = new Intl.NumberFormat(lng, { maximumFractionDigits: 1 });
    numberFormats.set(lng, f);
  }
  return f.format(value);
}

/** A change in % with its sign ("+12.5 %"); "–" when there is nothing to compare with. */
export function formatPct(value: number | null | undefined, lng: Language): string {
  if (value === null || value === undefined) return '–';
  return `${value > 0 ? '+' : ''}${formatNumber(value, lng)} %`;
}

/** A share 0–1 as a percentage ("42 %"). */
export function formatShare(value: number, lng: Language): string {
  return `${formatNumber(Math.round(value * 1000) / 10, lng)} %`;
}

/** Today as YYYY-MM-DD (UTC): the date current figures are "as published on". */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
