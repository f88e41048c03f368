/**
 * Column headings of the data exports (CSV, XLSX) in the interface languages. The machine names
 * (src/domain/observations/parse-csv-row.ts ROW_FIELDS) stay the default, since imports read them back;
 * `?lang=` asks for headings people read instead.
 */
import type { ExportField } from '../observations/parse-csv-row';

export type ColumnLanguage = 'en' | 'fr' | 'ru';

export const COLUMN_LABELS: Record<ColumnLanguage, Record<ExportField, string>> = {
  en: {
    indicator: 'Indicator',
    reporter: 'Reporting state',
    period: 'Month',
    route: 'Route',
    border_type: 'Border type',
    citizenship: 'Citizenship',
    sex: 'Sex',
    age_group: 'Age group',
    reason: 'Reason',
    place: 'Place',
    document_type: 'Document type',
    fraud_type: 'Fraud type',
    return_type: 'Return type',
    value: 'Value',
    flags: 'Flags',
    comment: 'Comment',
    derived: 'Derived total',
  },
  fr: {
    indicator: 'Indicateur',
    reporter: 'État déclarant',
    period: 'Mois',
    route: 'Route',
    border_type: 'Type de frontière',
    citizenship: 'Nationalité',
    sex: 'Sexe',
    age_group: 'Tranche d’âge',
    reason: 'Motif',
    place: 'Lieu',
    document_type: 'Type de document',
    fraud_type: 'Type de fraude',
    return_type: 'Type de retour',
    value: 'Valeur',
    flags: 'Indicateurs de qualité',
    comment: 'Commentaire',
    derived: 'Total calculé',
  },
  ru: {
    indicator: 'Показатель',
    reporter: 'Отчитывающееся государство',
    period: 'Месяц',
    route: 'Маршрут',
    border_type: 'Тип границы',
    citizenship: 'Гражданство',
    sex: 'Пол',
    age_group: 'Возрастная группа',
    reason: 'Причина',
    place: 'Место',
    document_type: 'Тип документа',
    fraud_type: 'Тип подделки',
    return_type: 'Тип возвращения',
    value: 'Значение',
    flags: 'Отметки',
    comment: 'Комментарий',
    derived: 'Расчётный итог',
  },
};

/** Headings for `fields` in `lang`; an unknown field keeps its machine name. */
export function columnLabels(fields: readonly string[], lang: ColumnLanguage): string[] {
  const labels: Partial<Record<string, string>> = COLUMN_LABELS[lang];
  return fields.map((f) => labels[f] ?? f);
}
