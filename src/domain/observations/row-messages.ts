/**
 * The messages of the template importer (src/domain/observations/parse-csv-row.ts: the header and each row),
 * each with a stable code and its parameters, in English, French and Russian, in the style of the mapping
 * step's messages (src/domain/import-mapping/messages.ts). The English text is the FieldError's `message`;
 * the API's error handler words it in the caller's language (src/domain/i18n/field-messages.ts).
 */
import { NUL_MESSAGE } from '../../shared/nul-text';
import type { MessageParams } from '../import-mapping/messages';
import { MAX_ABS_VALUE, MAX_DECIMALS, VALUE_RANGE_MESSAGE } from './value-range';

type Lang = 'en' | 'fr' | 'ru';
type Template = Readonly<Record<Lang, (p: MessageParams) => string>>;

const s = (p: MessageParams, k: string) => String(p[k] ?? '');
export const UTF8_MESSAGE =
  'is not valid UTF-8 text (the file has a broken encoding): save it as UTF-8 and retry';
/** The largest figure as written in French and Russian (spaces between thousands). */
const MAX_GROUPED = MAX_ABS_VALUE.toLocaleString('en').replaceAll(',', ' ');

/**
 * " (N figures)" or, for a file, " (N figures of IND for P; the first on this row)": the suffix of the
 * calendar and lock messages when `figures` is given.
 */
const count: Readonly<Record<Lang, (p: MessageParams) => string>> = {
  en: (p) =>
    p.figures === undefined
      ? ''
      : ` (${p.figures} figure${Number(p.figures) === 1 ? '' : 's'}${p.firstRow ? ` of ${p.indicator} for ${p.period}; the first on this row` : ''})`,
  fr: (p) =>
    p.figures === undefined
      ? ''
      : ` (${p.figures} chiffre${Number(p.figures) === 1 ? '' : 's'}${p.firstRow ? ` de ${p.indicator} pour ${p.period} ; le premier sur cette ligne` : ''})`,
  ru: (p) =>
    p.figures === undefined
      ? ''
      : ` (значений: ${p.figures}${p.firstRow ? ` — ${p.indicator} за ${p.period}; первое в этой строке` : ''})`,
};

export const ROW_MESSAGES = {
  HEADER_COLUMN_UNKNOWN: {
    en: (p) => `unknown column "${s(p, 'header')}"; expected one of: ${p.expected}`,
    fr: (p) => `colonne inconnue « ${s(p, 'header')} » ; colonnes attendues : ${p.expected}`,
    ru: (p) => `неизвестный столбец «${s(p, 'header')}»; ожидается один из: ${p.expected}`,
  },
  HEADER_COLUMN_TWICE: {
    en: (p) => `column "${p.column}" appears twice`,
    fr: (p) => `la colonne « ${p.column} » apparaît deux fois`,
    ru: (p) => `столбец «${p.column}» встречается дважды`,
  },
  HEADER_COLUMN_MISSING: {
    en: (p) => `the file has no column "${p.column}"`,
    fr: (p) => `le fichier n’a pas de colonne « ${p.column} »`,
    ru: (p) => `в файле нет столбца «${p.column}»`,
  },
  ROW_TEXT_BROKEN_UTF8: {
    en: () => UTF8_MESSAGE,
    fr: () =>
      'n’est pas un texte UTF-8 valide (l’encodage du fichier est abîmé) : enregistrez-le en UTF-8 et réessayez',
    ru: () =>
      'не является корректным текстом UTF-8 (кодировка файла повреждена): сохраните его в UTF-8 и повторите',
  },
  ROW_TEXT_NUL: {
    en: () => NUL_MESSAGE,
    fr: () => 'ne doit pas contenir le caractère NUL (U+0000)',
    ru: () => 'не должно содержать символ NUL (U+0000)',
  },
  ROW_INDICATOR_MISSING: {
    en: () => 'is missing',
    fr: () => 'est manquant',
    ru: () => 'не указан',
  },
  ROW_INDICATOR_UNKNOWN: {
    en: (p) => `unknown indicator "${s(p, 'indicator')}"; expected one of: ${p.expected}`,
    fr: (p) => `indicateur inconnu « ${s(p, 'indicator')} » ; indicateurs attendus : ${p.expected}`,
    ru: (p) => `неизвестный показатель «${s(p, 'indicator')}»; ожидается один из: ${p.expected}`,
  },
  ROW_REPORTER_OTHER: {
    en: (p) => `"${s(p, 'reporter')}" is not this submission's reporter (expected ${p.expected})`,
    fr: (p) =>
      `« ${s(p, 'reporter')} » n’est pas l’État déclarant de cette transmission (attendu : ${p.expected})`,
    ru: (p) => `«${s(p, 'reporter')}» — не государство этой передачи данных (ожидается ${p.expected})`,
  },
  ROW_PERIOD_MISSING: {
    en: () => 'is missing (expected YYYY-MM)',
    fr: () => 'est manquante (format attendu : AAAA-MM)',
    ru: () => 'не указан (ожидается ГГГГ-ММ)',
  },
  ROW_PERIOD_NOT_MONTH: {
    en: (p) => `"${s(p, 'period')}" is not a month (expected YYYY-MM, e.g. 2024-03)`,
    fr: (p) => `« ${s(p, 'period')} » n’est pas un mois (format attendu : AAAA-MM, par ex. 2024-03)`,
    ru: (p) => `«${s(p, 'period')}» — не месяц (ожидается ГГГГ-ММ, например 2024-03)`,
  },
  ROW_PERIOD_FUTURE: {
    en: (p) => `${p.period} is in the future (latest is ${p.latest})`,
    fr: (p) => `${p.period} est dans le futur (le dernier mois possible est ${p.latest})`,
    ru: (p) => `${p.period} — в будущем (последний допустимый месяц: ${p.latest})`,
  },
  ROW_PERIOD_TOO_EARLY: {
    en: (p) => `${p.period} is before ${p.earliest}`,
    fr: (p) => `${p.period} est antérieur à ${p.earliest}`,
    ru: (p) => `${p.period} — раньше ${p.earliest}`,
  },
  ROW_BREAKDOWN_NOT_ALLOWED: {
    en: (p) => `indicator ${p.indicator} has no breakdown by ${p.dimension}: leave it empty or ${p.total}`,
    fr: (p) =>
      `l’indicateur ${p.indicator} n’a pas de ventilation par ${p.dimension} : laissez la cellule vide ou mettez ${p.total}`,
    ru: (p) =>
      `у показателя ${p.indicator} нет разбивки по ${p.dimension}: оставьте ячейку пустой или укажите ${p.total}`,
  },
  ROW_BREAKDOWN_NO_COLUMN: {
    en: (p) => `the file has no column "${p.dimension}", required for indicator ${p.indicator}`,
    fr: (p) => `le fichier n’a pas de colonne « ${p.dimension} », requise pour l’indicateur ${p.indicator}`,
    ru: (p) => `в файле нет столбца «${p.dimension}», обязательного для показателя ${p.indicator}`,
  },
  ROW_BREAKDOWN_MISSING: {
    en: (p) => `is missing: give a code, or ${p.total} for the total`,
    fr: (p) => `est manquant : indiquez un code, ou ${p.total} pour le total`,
    ru: (p) => `не указан: укажите код или ${p.total} для итога`,
  },
  ROW_CODE_UNKNOWN: {
    en: (p) => `unknown code "${s(p, 'code')}"${p.expected ? `; expected one of: ${p.expected}` : ''}`,
    fr: (p) => `code inconnu « ${s(p, 'code')} »${p.expected ? ` ; codes attendus : ${p.expected}` : ''}`,
    ru: (p) => `неизвестный код «${s(p, 'code')}»${p.expected ? `; ожидается один из: ${p.expected}` : ''}`,
  },
  ROW_COUNTRY_CODE_UNKNOWN: {
    en: (p) => `unknown code "${s(p, 'code')}" (expected an ISO 3166-1 alpha-3 code, or STL, UNK, XKX)`,
    fr: (p) => `code inconnu « ${s(p, 'code')} » (attendu : un code ISO 3166-1 alpha-3, ou STL, UNK, XKX)`,
    ru: (p) => `неизвестный код «${s(p, 'code')}» (ожидается код ISO 3166-1 alpha-3 или STL, UNK, XKX)`,
  },
  ROW_FLAG_UNKNOWN: {
    en: (p) => `unknown flag "${s(p, 'flag')}"; expected: ${p.expected}`,
    fr: (p) => `marqueur inconnu « ${s(p, 'flag')} » ; marqueurs attendus : ${p.expected}`,
    ru: (p) => `неизвестная отметка «${s(p, 'flag')}»; ожидается: ${p.expected}`,
  },
  ROW_VALUE_MISSING: {
    en: () => 'is missing (leave it empty only with the flag not_available)',
    fr: () => 'est manquante (ne la laissez vide qu’avec le marqueur not_available)',
    ru: () => 'не указано (оставляйте пустым только с отметкой not_available)',
  },
  ROW_VALUE_NOT_NUMBER: {
    en: (p) => `expected a number, found "${s(p, 'value')}"`,
    fr: (p) => `un nombre est attendu, trouvé « ${s(p, 'value')} »`,
    ru: (p) => `ожидается число, найдено «${s(p, 'value')}»`,
  },
  ROW_VALUE_OUT_OF_RANGE: {
    en: (p) => `"${s(p, 'value')}" ${VALUE_RANGE_MESSAGE}`,
    fr: (p) =>
      `« ${s(p, 'value')} » est hors limites : un chiffre vaut au plus ${MAX_GROUPED} en valeur absolue, avec au plus ${MAX_DECIMALS} décimales`,
    ru: (p) =>
      `«${s(p, 'value')}» вне допустимого диапазона: значение не более ${MAX_GROUPED} по модулю, не более ${MAX_DECIMALS} знаков после запятой`,
  },
  ROW_VALUE_NOT_EMPTY: {
    en: () => 'must be empty when the flag not_available is set',
    fr: () => 'doit être vide quand le marqueur not_available est posé',
    ru: () => 'должно быть пустым при отметке not_available',
  },
  ROW_DUPLICATE_KEY: {
    en: (p) => `duplicate key: the same figure is on row ${p.row} (same indicator, period and breakdowns)`,
    fr: (p) =>
      `clé en double : le même chiffre est à la ligne ${p.row} (même indicateur, période et ventilations)`,
    ru: (p) => `повтор ключа: то же значение есть в строке ${p.row} (тот же показатель, период и разбивка)`,
  },
  ROW_FORMULA: {
    en: () => 'formulas are not accepted: paste the values only',
    fr: () => 'les formules ne sont pas acceptées : collez uniquement les valeurs',
    ru: () => 'формулы не принимаются: вставьте только значения',
  },
  ROW_UNREADABLE: {
    en: () => 'the row cannot be read: check for unusual characters around the values',
    fr: () => 'la ligne ne peut pas être lue : vérifiez les caractères inhabituels autour des valeurs',
    ru: () => 'строку невозможно прочитать: проверьте необычные символы вокруг значений',
  },
  FILE_EMPTY: {
    en: () => 'the file is empty (no header row)',
    fr: () => 'le fichier est vide (pas de ligne d’en-tête)',
    ru: () => 'файл пуст (нет строки заголовка)',
  },
  FILE_NO_DATA_ROWS: {
    en: () => 'the file has no data rows',
    fr: () => 'le fichier n’a aucune ligne de données',
    ru: () => 'в файле нет строк с данными',
  },
  FILE_MACROS: {
    en: () => 'the workbook contains macros: save it as a plain .xlsx without macros',
    fr: () => 'le classeur contient des macros : enregistrez-le en .xlsx simple, sans macros',
    ru: () => 'книга содержит макросы: сохраните её как обычный .xlsx без макросов',
  },
  FILE_OLD_EXCEL: {
    en: () => 'macro-enabled or old Excel workbooks are not accepted: save the sheet as .xlsx or .csv',
    fr: () =>
      'les classeurs Excel avec macros ou d’ancien format ne sont pas acceptés : enregistrez la feuille en .xlsx ou .csv',
    ru: () => 'книги Excel с макросами или старого формата не принимаются: сохраните лист как .xlsx или .csv',
  },
  ROW_COMMENT_TOO_LONG: {
    en: (p) => `is ${p.length} characters long; at most ${p.max}`,
    fr: (p) => `compte ${p.length} caractères ; au plus ${p.max}`,
    ru: (p) => `длина ${p.length} символов; не более ${p.max}`,
  },
  ROW_REPORTER_NOT_MEMBER: {
    en: (p) =>
      `"${s(p, 'reporter')}" is not a member state of this dialogue${p.hint ? ' (give ?reporter=ISO3)' : ''}`,
    fr: (p) =>
      `« ${s(p, 'reporter')} » n’est pas un État membre de ce dialogue${p.hint ? ' (indiquez ?reporter=ISO3)' : ''}`,
    ru: (p) =>
      `«${s(p, 'reporter')}» — не государство-участник этого диалога${p.hint ? ' (укажите ?reporter=ISO3)' : ''}`,
  },
  ROW_DUPLICATE_ENTRY: {
    en: (p) => `duplicate key: same figure as observations[${p.first}]`,
    fr: (p) => `clé en double : même chiffre que observations[${p.first}]`,
    ru: (p) => `повтор ключа: то же значение, что observations[${p.first}]`,
  },
  // The reporting calendar and the locks of published months (src/domain/calendars, src/modules/period-locks),
  // for the importer, JSON submissions and single edits. `figures` (and `firstRow`) add how many figures.
  PERIOD_NOT_IN_CALENDAR: {
    en: (p) =>
      `${p.reporter} does not report ${p.indicator} in this dialogue's reporting calendar${count.en(p)}`,
    fr: (p) =>
      `${p.reporter} ne déclare pas ${p.indicator} dans le calendrier de déclaration de ce dialogue${count.fr(p)}`,
    ru: (p) => `${p.reporter} не передаёт ${p.indicator} по календарю отчётности этого диалога${count.ru(p)}`,
  },
  PERIOD_BEFORE_CALENDAR: {
    en: (p) =>
      `${p.period} is before ${p.reporter} reports ${p.indicator} (from ${p.from} in the reporting calendar)${count.en(p)}`,
    fr: (p) =>
      `${p.period} est antérieur au début des déclarations de ${p.indicator} par ${p.reporter} (à partir de ${p.from} dans le calendrier de déclaration)${count.fr(p)}`,
    ru: (p) =>
      `${p.period} — раньше, чем ${p.reporter} начинает передавать ${p.indicator} (с ${p.from} по календарю отчётности)${count.ru(p)}`,
  },
  PERIOD_AFTER_CALENDAR: {
    en: (p) =>
      `${p.period} is after ${p.reporter} stopped reporting ${p.indicator} (until ${p.to} in the reporting calendar)${count.en(p)}`,
    fr: (p) =>
      `${p.period} est postérieur à la fin des déclarations de ${p.indicator} par ${p.reporter} (jusqu’à ${p.to} dans le calendrier de déclaration)${count.fr(p)}`,
    ru: (p) =>
      `${p.period} — позже, чем ${p.reporter} прекратил передавать ${p.indicator} (до ${p.to} по календарю отчётности)${count.ru(p)}`,
  },
  PERIOD_LOCKED: {
    en: (p) =>
      `${p.reporter} ${p.indicator} ${p.period} was published on ${p.lockedOn} and is locked: ask the secretariat to reopen it${count.en(p)}`,
    fr: (p) =>
      `${p.reporter} ${p.indicator} ${p.period} a été publié le ${p.lockedOn} et est verrouillé : demandez au secrétariat de le rouvrir${count.fr(p)}`,
    ru: (p) =>
      `${p.reporter} ${p.indicator} ${p.period} опубликован ${p.lockedOn} и заблокирован: попросите секретариат открыть его снова${count.ru(p)}`,
  },
  // SDMX-CSV files (src/domain/sdmx/sdmx-csv.ts); a missing column is HEADER_COLUMN_MISSING.
  SDMX_HEADER_NO_DATAFLOW: {
    en: () => 'an SDMX-CSV file starts with a DATAFLOW (or STRUCTURE) column',
    fr: () => 'un fichier SDMX-CSV commence par une colonne DATAFLOW (ou STRUCTURE)',
    ru: () => 'файл SDMX-CSV начинается со столбца DATAFLOW (или STRUCTURE)',
  },
  SDMX_HEADER_COLUMN_UNKNOWN: {
    en: (p) => `unknown SDMX column "${s(p, 'header')}"; expected: ${p.expected}`,
    fr: (p) => `colonne SDMX inconnue « ${s(p, 'header')} » ; colonnes attendues : ${p.expected}`,
    ru: (p) => `неизвестный столбец SDMX «${s(p, 'header')}»; ожидается: ${p.expected}`,
  },
} satisfies Record<string, Template>;

export type RowMessageCode = keyof typeof ROW_MESSAGES;

/** A message in English (the FieldError's `message`) with the code and parameters that word it elsewhere. */
export interface CodedMessage {
  message: string;
  code: RowMessageCode;
  params: MessageParams;
}

/** The message of a code in English (the FieldError's `message`), with its code and parameters. */
export function rowMessage(code: RowMessageCode, params: MessageParams = {}): CodedMessage {
  return { message: ROW_MESSAGES[code].en(params), code, params };
}

/** The same message with more parameters (e.g. the count of figures a calendar or lock message is about). */
export function withParams(m: CodedMessage, more: MessageParams): CodedMessage {
  return rowMessage(m.code, { ...m.params, ...more });
}

/** The message of a code in a language, or undefined for a code that is not the importer's. */
export function translateRowMessage(
  code: string,
  params: MessageParams,
  lang: 'fr' | 'ru',
): string | undefined {
  const t = (ROW_MESSAGES as Record<string, Template>)[code];
  return t?.[lang](params);
}
