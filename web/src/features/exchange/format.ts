import type { Language } from '../../app/i18n/i18n';
import { dateTimeFormat } from '../../ui/format';

/** A figure in the interface language ("12 345" in French, "12,345" in English). */
export function formatNumber(value: number, lng: Language): string {
  return new Intl.NumberFormat(lng, { maximumFractionDigits: 2 }).format(value);
}

/** A change in percent with its sign, e.g. "+12.5 %". */
export function formatPercent(value: number, lng: Language): string {
  return new Intl.NumberFormat(lng, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(value / 100);
}

/** Date and time in UTC, e.g. "23 Nov 2026, 16:32 UTC". */
export function formatDateTime(value: string, lng: Language): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  // dateStyle/timeStyle cannot be combined with timeZoneName: the fields are named one by one.
  return dateTimeFormat(lng, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(date);
}
