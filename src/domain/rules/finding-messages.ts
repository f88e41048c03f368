/**
 * The sentences of rule findings, each with a stable code and its parameters, in English, French and Russian.
 * The built-in rule kinds (builtin.ts) get a plain sentence; the rule's expression and the values it used are
 * a separate detail, never in the sentence. A rule with its own message keeps it (the secretariat wrote it).
 *
 * A finding stored with a submission keeps its English sentence and, after a separator, its code, parameters
 * and detail (storedFindingMessage), so it can be worded in the reader's language later (readStoredFinding).
 */
import type { MessageParams } from '../import-mapping/messages';

type Lang = 'en' | 'fr' | 'ru';
type Template = Readonly<Record<Lang, (p: MessageParams) => string>>;

const s = (p: MessageParams, k: string) => String(p[k] ?? '');
const TOTAL: Record<Lang, string> = { en: 'total', fr: 'total', ru: 'итог' };
/** Where the figure sits: `IBC 2024-01 (citizenship=SYR)`, or `(total)` for the total. */
const where = (p: MessageParams, lang: Lang) =>
  `${s(p, 'indicator')} ${s(p, 'period')} (${p.breakdowns ? s(p, 'breakdowns') : TOTAL[lang]})`;

export const FINDING_MESSAGES = {
  RULE_NON_NEGATIVE: {
    en: (p) => `The figure is negative (${p.value}) for ${where(p, 'en')}`,
    fr: (p) => `Le chiffre est négatif (${p.value}) pour ${where(p, 'fr')}`,
    ru: (p) => `Значение отрицательное (${p.value}) для ${where(p, 'ru')}`,
  },
  RULE_TOTAL_EQUALS_SUM: {
    en: (p) =>
      `The total (${p.value}) differs from the sum of its ${p.dimension} breakdown (${p.sum}) for ${where(p, 'en')}`,
    fr: (p) =>
      `Le total (${p.value}) diffère de la somme de sa ventilation par ${p.dimension} (${p.sum}) pour ${where(p, 'fr')}`,
    ru: (p) => `Итог (${p.value}) не равен сумме разбивки по ${p.dimension} (${p.sum}) для ${where(p, 'ru')}`,
  },
  RULE_YOY_CHANGE: {
    en: (p) =>
      `The figure changed by ${p.pct}% against the same month last year (${p.lastYear} then, ${p.value} now) for ${where(p, 'en')}: explain it in a comment`,
    fr: (p) =>
      `Le chiffre a varié de ${p.pct} % par rapport au même mois de l’an dernier (${p.lastYear} alors, ${p.value} maintenant) pour ${where(p, 'fr')} : expliquez-le dans un commentaire`,
    ru: (p) =>
      `Значение изменилось на ${p.pct}% по сравнению с тем же месяцем прошлого года (тогда ${p.lastYear}, сейчас ${p.value}) для ${where(p, 'ru')}: поясните это в комментарии`,
  },
  RULE_OUTLIER: {
    en: (p) =>
      `The figure ${p.value} is far from the series' own history (median ${p.median} over the last 36 months) for ${where(p, 'en')}: check it or explain it in a comment`,
    fr: (p) =>
      `Le chiffre ${p.value} s’écarte fortement de l’historique de la série (médiane ${p.median} sur les 36 derniers mois) pour ${where(p, 'fr')} : vérifiez-le ou expliquez-le dans un commentaire`,
    ru: (p) =>
      `Значение ${p.value} сильно отличается от истории ряда (медиана ${p.median} за последние 36 месяцев) для ${where(p, 'ru')}: проверьте его или поясните в комментарии`,
  },
  RULE_CUSTOM: {
    en: (p) => `${s(p, 'rule')}: the rule does not hold for ${where(p, 'en')}`,
    fr: (p) => `${s(p, 'rule')} : la règle n’est pas respectée pour ${where(p, 'fr')}`,
    ru: (p) => `${s(p, 'rule')}: правило не выполняется для ${where(p, 'ru')}`,
  },
  /** A rule with a message of its own: the message is the secretariat's, in the words it chose. */
  RULE_OWN_MESSAGE: {
    en: (p) => `${s(p, 'text')} for ${where(p, 'en')}; ${s(p, 'values')}`,
    fr: (p) => `${s(p, 'text')} pour ${where(p, 'fr')} ; ${s(p, 'values')}`,
    ru: (p) => `${s(p, 'text')} для ${where(p, 'ru')}; ${s(p, 'values')}`,
  },
} satisfies Record<string, Template>;

export type FindingCode = keyof typeof FINDING_MESSAGES;

/**
 * The code of each built-in rule kind, by its expression (builtin.ts RULE_KINDS; the test checks they agree).
 * By expression, so a stored rule of a kind gets the kind's sentence too.
 */
export const FINDING_CODE_BY_EXPRESSION: Readonly<Record<string, FindingCode>> = {
  'value >= 0': 'RULE_NON_NEGATIVE',
  'value == breakdown_sum': 'RULE_TOTAL_EQUALS_SUM',
  'last_year < min_base or abs(yoy_pct) <= threshold': 'RULE_YOY_CHANGE',
  'abs(robust_z) <= threshold': 'RULE_OUTLIER',
};

/** The sentence of a finding code in a language, or undefined for an unknown code. */
export function findingMessage(code: string, params: MessageParams, lang: Lang): string | undefined {
  const t = (FINDING_MESSAGES as Record<string, Template>)[code];
  return t?.[lang](params);
}

/** What a submission keeps of a finding besides its English sentence (submission_findings.wording). */
export interface FindingWording {
  code: string;
  params: MessageParams;
  detail: string;
}

/**
 * A stored finding in `lang`: its sentence and its detail (the expression and values). A finding stored before
 * findings had codes (no wording) is its English text, with no detail.
 */
export function readStoredFinding(
  english: string,
  wording: FindingWording | null,
  lang: Lang,
): { message: string; detail: string | null } {
  if (!wording) return { message: english, detail: null };
  return {
    message: (lang !== 'en' && findingMessage(wording.code, wording.params, lang)) || english,
    detail: wording.detail,
  };
}
