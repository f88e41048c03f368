/**
 * The messages of the mapping step, each with a stable code and its parameters, in English, French and
 * Russian. A FieldError built here carries `code` and `params`; the API's error handler words it in the
 * caller's language (src/domain/i18n/field-messages.ts), English being the `message` itself.
 */
export type MessageParams = Readonly<Record<string, string | number>>;
type Lang = 'en' | 'fr' | 'ru';
type Template = Readonly<Record<Lang, (p: MessageParams) => string>>;

const s = (p: MessageParams, k: string) => String(p[k] ?? '');
const rows: Template = {
  en: (p) => (Number(p.rows) > 1 ? ` (${p.rows} rows, the first here)` : ''),
  fr: (p) => (Number(p.rows) > 1 ? ` (${p.rows} lignes, la première ici)` : ''),
  ru: (p) => (Number(p.rows) > 1 ? ` (строк: ${p.rows}, первая здесь)` : ''),
};
const MONTH_EXAMPLES = '2015-01, 2015M01, Jan 2015';
const HINTS: Record<string, Record<Lang, string>> = {
  indicator: {
    en: '(map a column or fix the indicator for the file)',
    fr: '(associez une colonne ou fixez l’indicateur pour tout le fichier)',
    ru: '(сопоставьте столбец или задайте показатель для всего файла)',
  },
  period: {
    en: '(map a column, or columns whose headers are months)',
    fr: '(associez une colonne, ou des colonnes dont les en-têtes sont des mois)',
    ru: '(сопоставьте столбец или столбцы, заголовки которых — месяцы)',
  },
  value: {
    en: '(map the column holding the figures)',
    fr: '(associez la colonne qui contient les chiffres)',
    ru: '(сопоставьте столбец с данными)',
  },
  reporter: {
    en: '(map a column, or give the reporting state for the file)',
    fr: '(associez une colonne, ou indiquez l’État déclarant pour tout le fichier)',
    ru: '(сопоставьте столбец или укажите государство для всего файла)',
  },
};
const nameOf = (p: MessageParams, lang: Lang) =>
  p.name ? (lang === 'en' ? ` "${p.name}"` : lang === 'fr' ? ` « ${p.name} »` : ` «${p.name}»`) : '';

export const MAPPING_MESSAGES = {
  MAPPING_COLUMN_COUNT: {
    en: (p) => `the mapping describes ${p.columns} columns but the header has ${p.header}`,
    fr: (p) => `l’association décrit ${p.columns} colonnes mais l’en-tête en a ${p.header}`,
    ru: (p) => `сопоставление описывает столбцов: ${p.columns}, а в заголовке их ${p.header}`,
  },
  MAPPING_PERIOD_HEADER: {
    en: (p) =>
      `the header "${s(p, 'header')}" of column ${p.column} cannot be read as a month (e.g. ${MONTH_EXAMPLES})`,
    fr: (p) =>
      `l’en-tête « ${s(p, 'header')} » de la colonne ${p.column} ne se lit pas comme un mois (par ex. ${MONTH_EXAMPLES})`,
    ru: (p) =>
      `заголовок «${s(p, 'header')}» столбца ${p.column} не читается как месяц (например, ${MONTH_EXAMPLES})`,
  },
  MAPPING_TWO_COLUMNS: {
    en: (p) => `columns ${p.columns} are both mapped to the field "${p.field}"`,
    fr: (p) => `les colonnes ${p.columns} sont toutes deux associées au champ « ${p.field} »`,
    ru: (p) => `столбцы ${p.columns} оба сопоставлены полю «${p.field}»`,
  },
  MAPPING_TWO_COLUMNS_CODE: {
    en: (p) => `columns ${p.columns} are both mapped to ${p.target}`,
    fr: (p) => `les colonnes ${p.columns} sont toutes deux associées à ${p.target}`,
    ru: (p) => `столбцы ${p.columns} оба сопоставлены ${p.target}`,
  },
  MAPPING_PERIOD_AND_MONTHS: {
    en: (p) => `column ${p.columns} is mapped to the period while other columns are months`,
    fr: (p) => `la colonne ${p.columns} est associée à la période alors que d’autres colonnes sont des mois`,
    ru: (p) => `столбец ${p.columns} сопоставлен периоду, хотя другие столбцы — месяцы`,
  },
  MAPPING_WIDE_BOTH: {
    en: () => 'a table cannot be wide by period and by breakdown at once: map the months or the codes',
    fr: () =>
      'un tableau ne peut pas avoir à la fois les mois et les codes de ventilation en colonnes : associez les mois ou les codes',
    ru: () =>
      'в таблице не могут быть одновременно месяцы и коды разбивки по столбцам: сопоставьте месяцы или коды',
  },
  MAPPING_DIMENSION_BOTH: {
    en: (p) => `${p.dimension} is both a column (${p.columns}) and the header of value columns`,
    fr: (p) => `${p.dimension} est à la fois une colonne (${p.columns}) et l’en-tête de colonnes de valeurs`,
    ru: (p) => `${p.dimension} — одновременно столбец (${p.columns}) и заголовок столбцов со значениями`,
  },
  MAPPING_VALUE_AND_WIDE: {
    en: (p) => `column ${p.columns} is mapped to the value while other columns hold values`,
    fr: (p) =>
      `la colonne ${p.columns} est associée à la valeur alors que d’autres colonnes contiennent des valeurs`,
    ru: (p) => `столбец ${p.columns} сопоставлен значению, хотя значения содержатся в других столбцах`,
  },
  MAPPING_FIELD_UNASSIGNED: {
    en: (p) => `no column is mapped to the field "${p.field}" ${HINTS[s(p, 'field')]?.en ?? ''}`.trim(),
    fr: (p) =>
      `aucune colonne n’est associée au champ « ${p.field} » ${HINTS[s(p, 'field')]?.fr ?? ''}`.trim(),
    ru: (p) => `ни один столбец не сопоставлен полю «${p.field}» ${HINTS[s(p, 'field')]?.ru ?? ''}`.trim(),
  },
  MAPPING_INDICATOR_TWICE: {
    en: (p) => `the indicator is fixed to ${p.indicator} and also mapped to column ${p.columns}`,
    fr: (p) => `l’indicateur est fixé à ${p.indicator} et aussi associé à la colonne ${p.columns}`,
    ru: (p) => `показатель задан как ${p.indicator} и также сопоставлен столбцу ${p.columns}`,
  },
  MAPPING_LABEL_TWO_CODES: {
    en: (p) => `the label "${s(p, 'label')}" is mapped to two codes: ${p.first} and ${p.second}`,
    fr: (p) => `le libellé « ${s(p, 'label')} » est associé à deux codes : ${p.first} et ${p.second}`,
    ru: (p) => `подпись «${s(p, 'label')}» сопоставлена двум кодам: ${p.first} и ${p.second}`,
  },
  MAPPING_HEADER_UNKNOWN: {
    en: (p) =>
      `the column "${s(p, 'header')}" is not in the saved mapping${nameOf(p, 'en')}: the header no longer matches it (map the file again)`,
    fr: (p) =>
      `la colonne « ${s(p, 'header')} » n’est pas dans l’association enregistrée${nameOf(p, 'fr')} : l’en-tête ne correspond plus (associez à nouveau le fichier)`,
    ru: (p) =>
      `столбца «${s(p, 'header')}» нет в сохранённом сопоставлении${nameOf(p, 'ru')}: заголовок больше не совпадает (сопоставьте файл заново)`,
  },
  MAPPING_HEADER_MISSING: {
    en: (p) =>
      `the column "${s(p, 'header')}" of the saved mapping${nameOf(p, 'en')} is missing from the file: the header no longer matches it`,
    fr: (p) =>
      `la colonne « ${s(p, 'header')} » de l’association enregistrée${nameOf(p, 'fr')} manque dans le fichier : l’en-tête ne correspond plus`,
    ru: (p) =>
      `столбец «${s(p, 'header')}» сохранённого сопоставления${nameOf(p, 'ru')} отсутствует в файле: заголовок больше не совпадает`,
  },
  LABEL_PERIOD_UNREADABLE: {
    en: (p) => `"${s(p, 'label')}" cannot be read as a month (e.g. ${MONTH_EXAMPLES})${rows.en(p)}`,
    fr: (p) => `« ${s(p, 'label')} » ne se lit pas comme un mois (par ex. ${MONTH_EXAMPLES})${rows.fr(p)}`,
    ru: (p) => `«${s(p, 'label')}» не читается как месяц (например, ${MONTH_EXAMPLES})${rows.ru(p)}`,
  },
  LABEL_AMBIGUOUS: {
    en: (p) =>
      `"${s(p, 'label')}" could be ${s(p, 'codes').replaceAll(',', ' or ')}: confirm which code it is${rows.en(p)}`,
    fr: (p) =>
      `« ${s(p, 'label')} » peut être ${s(p, 'codes').replaceAll(',', ' ou ')} : confirmez le code${rows.fr(p)}`,
    ru: (p) =>
      `«${s(p, 'label')}» может быть ${s(p, 'codes').replaceAll(',', ' или ')}: подтвердите код${rows.ru(p)}`,
  },
  LABEL_UNKNOWN: {
    en: (p) =>
      `"${s(p, 'label')}" is not a known ${p.field} label${p.similar ? ` (similar: ${s(p, 'similar').replaceAll(',', ', ')})` : ''}: confirm its code or leave it out${rows.en(p)}`,
    fr: (p) =>
      `« ${s(p, 'label')} » n’est pas un libellé connu pour ${p.field}${p.similar ? ` (proches : ${s(p, 'similar').replaceAll(',', ', ')})` : ''} : confirmez son code ou laissez ces lignes de côté${rows.fr(p)}`,
    ru: (p) =>
      `«${s(p, 'label')}» — неизвестная подпись для ${p.field}${p.similar ? ` (похожие: ${s(p, 'similar').replaceAll(',', ', ')})` : ''}: подтвердите код или не учитывайте эти строки${rows.ru(p)}`,
  },
} satisfies Record<string, Template>;

export type MappingMessageCode = keyof typeof MAPPING_MESSAGES;

/** The message of a code in English (the FieldError's `message`), with its code and parameters. */
export function mappingMessage(
  code: MappingMessageCode,
  params: MessageParams = {},
): { message: string; code: MappingMessageCode; params: MessageParams } {
  return { message: MAPPING_MESSAGES[code].en(params), code, params };
}

/** The message of a code in a language, or undefined for a code that is not the mapping step's. */
export function translateMappingMessage(
  code: string,
  params: MessageParams,
  lang: 'fr' | 'ru',
): string | undefined {
  const t = (MAPPING_MESSAGES as Record<string, Template>)[code];
  return t?.[lang](params);
}
