/**
 * One-line summaries of alerts for e-mails and webhooks, in the three interface languages. The web app words
 * alerts from its own i18n files; these are the server's.
 */
export type AlertLanguage = 'en' | 'fr' | 'ru';

export interface AlertSummaryInput {
  kind: string;
  ruleName: string;
  indicator: string;
  route: string;
  seriesKey: string;
  period: string;
  value: number | null;
  reference: number | null;
  details: Record<string, unknown>;
}

type Texts = Record<string, (a: AlertSummaryInput, n: (x: number | null) => string) => string>;

const where = (a: AlertSummaryInput) =>
  `${a.indicator} ${a.route === '_T' ? '' : `/ ${a.route} `}${a.period}`.trim();

const TEXTS: Record<
  AlertLanguage,
  { subject: (a: AlertSummaryInput) => string; open: string; kinds: Texts }
> = {
  en: {
    subject: (a) => `[Passage] Alert: ${a.ruleName} (${a.period})`,
    open: 'Open the alert feed',
    kinds: {
      threshold: (a, n) => `${where(a)}: ${n(a.value)} is above the threshold of ${n(a.reference)}.`,
      yoy: (a, n) =>
        `${where(a)}: ${n(a.value)}, ${String(a.details.changePct)} % more than a year earlier (${n(a.reference)}).`,
      mom: (a, n) =>
        `${where(a)}: ${n(a.value)}, ${String(a.details.changePct)} % more than the month before (${n(a.reference)}).`,
      forecast_interval: (a, n) =>
        `${where(a)}: ${n(a.value)} is outside the 95 % forecast interval (${n(a.details.lo95 as number)}–${n(a.details.hi95 as number)}).`,
      level_shift: (a, n) =>
        `${where(a)}: level shift from about ${n(a.reference)} to about ${n(a.value)} a month.`,
      route_shift: (a, n) =>
        `${where(a)}: the share of ${a.seriesKey} rose to ${n(a.value)} % (12-month average ${n(a.reference)} %).`,
    },
  },
  fr: {
    subject: (a) => `[Passage] Alerte : ${a.ruleName} (${a.period})`,
    open: 'Ouvrir le fil des alertes',
    kinds: {
      threshold: (a, n) => `${where(a)} : ${n(a.value)} dépasse le seuil de ${n(a.reference)}.`,
      yoy: (a, n) =>
        `${where(a)} : ${n(a.value)}, soit ${String(a.details.changePct)} % de plus qu’un an plus tôt (${n(a.reference)}).`,
      mom: (a, n) =>
        `${where(a)} : ${n(a.value)}, soit ${String(a.details.changePct)} % de plus que le mois précédent (${n(a.reference)}).`,
      forecast_interval: (a, n) =>
        `${where(a)} : ${n(a.value)} sort de l’intervalle de prévision à 95 % (${n(a.details.lo95 as number)}–${n(a.details.hi95 as number)}).`,
      level_shift: (a, n) =>
        `${where(a)} : changement de niveau d’environ ${n(a.reference)} à environ ${n(a.value)} par mois.`,
      route_shift: (a, n) =>
        `${where(a)} : la part de ${a.seriesKey} atteint ${n(a.value)} % (moyenne sur 12 mois : ${n(a.reference)} %).`,
    },
  },
  ru: {
    subject: (a) => `[Passage] Оповещение: ${a.ruleName} (${a.period})`,
    open: 'Открыть ленту оповещений',
    kinds: {
      threshold: (a, n) => `${where(a)}: ${n(a.value)} — выше порога ${n(a.reference)}.`,
      yoy: (a, n) =>
        `${where(a)}: ${n(a.value)}, на ${String(a.details.changePct)} % больше, чем годом ранее (${n(a.reference)}).`,
      mom: (a, n) =>
        `${where(a)}: ${n(a.value)}, на ${String(a.details.changePct)} % больше, чем в предыдущем месяце (${n(a.reference)}).`,
      forecast_interval: (a, n) =>
        `${where(a)}: ${n(a.value)} — вне 95-процентного интервала прогноза (${n(a.details.lo95 as number)}–${n(a.details.hi95 as number)}).`,
      level_shift: (a, n) =>
        `${where(a)}: сдвиг уровня примерно с ${n(a.reference)} до ${n(a.value)} в месяц.`,
      route_shift: (a, n) =>
        `${where(a)}: доля ${a.seriesKey} выросла до ${n(a.value)} % (среднее за 12 месяцев — ${n(a.reference)} %).`,
    },
  },
};

export function asLanguage(locale: string | null | undefined): AlertLanguage {
  return locale === 'fr' || locale === 'ru' ? locale : 'en';
}

function numberFormat(lang: AlertLanguage) {
  const f = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : lang, { maximumFractionDigits: 1 });
  return (x: number | null) => (x === null || Number.isNaN(x) ? '—' : f.format(x));
}

/** Subject and one-sentence summary of an alert in a language. */
export function summariseAlert(
  a: AlertSummaryInput,
  lang: AlertLanguage,
): { subject: string; summary: string; openLabel: string } {
  const t = TEXTS[lang];
  const text = t.kinds[a.kind];
  const n = numberFormat(lang);
  return {
    subject: t.subject(a),
    summary: text ? text(a, n) : `${where(a)}: ${n(a.value)}`,
    openLabel: t.open,
  };
}
