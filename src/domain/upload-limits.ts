/**
 * Limits of what an uploaded archive may unpack to, and the error that names the limit a file broke. The upload
 * limit (PASSAGE_IMPORT_MAX_BYTES) counts the bytes sent; a zip bomb is small when sent and huge once inflated,
 * and a workbook's shared strings are all kept in memory while its sheet is read, so an XLSX file (and any other
 * zip-based format: DOCX, ODT …) is also bounded by what it unpacks to (src/shared/zip-guard.ts) and by what
 * its content holds (src/shared/xlsx-reader.ts). Each limit is an environment variable with a default sized for
 * real workbooks; the message of each is in English, French and Russian (the API's `detail`, translated by
 * src/domain/i18n/error-messages.ts). Pure: reads only the environment object it is given.
 */
import { AppError, type FieldError } from '../shared/errors';

export type MessageLanguage = 'en' | 'fr' | 'ru';

interface LimitSpec {
  /** Environment variable, or null for a limit that is fixed (the format's own bound). */
  env: string | null;
  defaultValue: number;
  /** What was exceeded; `{limit}` is the value, `{entry}` the archive entry (where there is one). */
  message: Record<MessageLanguage, string>;
}

const MiB = 1024 * 1024;

export const UPLOAD_LIMITS = {
  zipEntries: {
    env: 'PASSAGE_ZIP_MAX_ENTRIES',
    defaultValue: 1000,
    message: {
      en: 'the archive holds more than {limit} entries',
      fr: 'l’archive contient plus de {limit} éléments',
      ru: 'архив содержит более {limit} элементов',
    },
  },
  zipEntryBytes: {
    env: 'PASSAGE_ZIP_MAX_ENTRY_BYTES',
    defaultValue: 1024 * MiB,
    message: {
      en: 'the entry {entry} unpacks to more than {limit} bytes',
      fr: 'l’élément {entry} dépasse {limit} octets une fois décompressé',
      ru: 'элемент {entry} после распаковки больше {limit} байт',
    },
  },
  zipTotalBytes: {
    env: 'PASSAGE_ZIP_MAX_TOTAL_BYTES',
    defaultValue: 1024 * MiB,
    message: {
      en: 'the archive unpacks to more than {limit} bytes in all',
      fr: 'l’archive dépasse {limit} octets au total une fois décompressée',
      ru: 'архив после распаковки больше {limit} байт в сумме',
    },
  },
  zipRatio: {
    env: 'PASSAGE_ZIP_MAX_RATIO',
    defaultValue: 100,
    message: {
      en: 'the entry {entry} is compressed more than {limit} times (a zip bomb?)',
      fr: 'l’élément {entry} est compressé plus de {limit} fois (une bombe de décompression ?)',
      ru: 'элемент {entry} сжат более чем в {limit} раз (zip-бомба?)',
    },
  },
  zipDeclaredSize: {
    env: null,
    defaultValue: 0,
    message: {
      en: 'the entry {entry} unpacks to more than the {limit} bytes its header declares',
      fr: 'l’élément {entry} dépasse, une fois décompressé, les {limit} octets déclarés dans son en-tête',
      ru: 'элемент {entry} после распаковки больше {limit} байт, указанных в его заголовке',
    },
  },
  xlsxRows: {
    env: 'PASSAGE_XLSX_MAX_ROWS',
    defaultValue: 1_048_576,
    message: {
      en: 'the sheet has more than {limit} rows',
      fr: 'la feuille a plus de {limit} lignes',
      ru: 'на листе более {limit} строк',
    },
  },
  xlsxColumns: {
    env: 'PASSAGE_XLSX_MAX_COLUMNS',
    defaultValue: 1024,
    message: {
      en: 'a row has a cell beyond column {limit}',
      fr: 'une ligne a une cellule au-delà de la colonne {limit}',
      ru: 'в строке есть ячейка за пределами столбца {limit}',
    },
  },
  xlsxCells: {
    env: 'PASSAGE_XLSX_MAX_CELLS',
    defaultValue: 20_000_000,
    message: {
      en: 'the sheet has more than {limit} cells',
      fr: 'la feuille a plus de {limit} cellules',
      ru: 'на листе более {limit} ячеек',
    },
  },
  xlsxSharedStrings: {
    env: 'PASSAGE_XLSX_MAX_SHARED_STRINGS',
    defaultValue: 500_000,
    message: {
      en: 'the workbook has more than {limit} shared strings',
      fr: 'le classeur a plus de {limit} chaînes partagées',
      ru: 'в книге более {limit} общих строк',
    },
  },
  xlsxSharedStringChars: {
    env: 'PASSAGE_XLSX_MAX_SHARED_STRING_CHARS',
    defaultValue: 16 * MiB,
    message: {
      en: 'the shared strings of the workbook hold more than {limit} characters in all',
      fr: 'les chaînes partagées du classeur dépassent {limit} caractères au total',
      ru: 'общие строки книги содержат более {limit} символов в сумме',
    },
  },
  xlsxCellChars: {
    env: null,
    defaultValue: 32_767, // Excel's own limit of a cell
    message: {
      en: 'a cell holds more than {limit} characters',
      fr: 'une cellule contient plus de {limit} caractères',
      ru: 'ячейка содержит более {limit} символов',
    },
  },
  xlsxRowChars: {
    env: null,
    defaultValue: MiB, // as a CSV record (csv-parse max_record_size)
    message: {
      en: 'a row holds more than {limit} characters',
      fr: 'une ligne contient plus de {limit} caractères',
      ru: 'строка содержит более {limit} символов',
    },
  },
  xlsxStyles: {
    env: null,
    defaultValue: 100_000,
    message: {
      en: 'the workbook defines more than {limit} cell styles',
      fr: 'le classeur définit plus de {limit} styles de cellule',
      ru: 'в книге определено более {limit} стилей ячеек',
    },
  },
  xmlTagChars: {
    env: null,
    defaultValue: 64 * 1024,
    message: {
      en: 'the entry {entry} has an XML tag longer than {limit} characters',
      fr: 'l’élément {entry} a une balise XML de plus de {limit} caractères',
      ru: 'в элементе {entry} есть XML-тег длиннее {limit} символов',
    },
  },
} as const satisfies Record<string, LimitSpec>;

export type UploadLimitId = keyof typeof UPLOAD_LIMITS;

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxRatio: number;
  /** Entries smaller than this are not held to maxRatio (a small XML part may compress very well). */
  ratioFloorBytes: number;
}

export interface XlsxLimits {
  maxRows: number;
  maxColumns: number;
  maxCells: number;
  maxSharedStrings: number;
  maxSharedStringChars: number;
  maxCellChars: number;
  maxRowChars: number;
  maxStyles: number;
  maxTagChars: number;
}

export interface UploadLimits {
  zip: ZipLimits;
  xlsx: XlsxLimits;
}

/** The value of a limit: its environment variable when set to a positive number, else the default. */
export function limitValue(id: UploadLimitId, env: NodeJS.ProcessEnv = process.env): number {
  const spec: LimitSpec = UPLOAD_LIMITS[id];
  const n = spec.env ? Number(env[spec.env]) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : spec.defaultValue;
}

export function readUploadLimits(env: NodeJS.ProcessEnv = process.env): UploadLimits {
  const v = (id: UploadLimitId) => limitValue(id, env);
  return {
    zip: {
      maxEntries: v('zipEntries'),
      maxEntryBytes: v('zipEntryBytes'),
      maxTotalBytes: v('zipTotalBytes'),
      maxRatio: v('zipRatio'),
      ratioFloorBytes: MiB,
    },
    xlsx: {
      maxRows: v('xlsxRows'),
      maxColumns: v('xlsxColumns'),
      maxCells: v('xlsxCells'),
      maxSharedStrings: v('xlsxSharedStrings'),
      maxSharedStringChars: v('xlsxSharedStringChars'),
      maxCellChars: v('xlsxCellChars'),
      maxRowChars: v('xlsxRowChars'),
      maxStyles: v('xlsxStyles'),
      maxTagChars: v('xmlTagChars'),
    },
  };
}

/** What was exceeded, in a language: "the sheet has more than 1,048,576 rows". */
export function limitSentence(
  id: UploadLimitId,
  lang: MessageLanguage,
  limit: number,
  entry: string | undefined,
): string {
  const number = limit.toLocaleString(lang === 'en' ? 'en' : lang);
  return UPLOAD_LIMITS[id].message[lang].replace('{limit}', number).replace('{entry}', entry ?? '?');
}

const SETTING_SUFFIX: Record<MessageLanguage, string> = {
  en: 'nothing was written',
  fr: 'rien n’a été enregistré',
  ru: 'ничего не записано',
};

/** The problem's detail: "<file>: <what was exceeded> (<setting>); nothing was written". */
export function uploadLimitDetail(
  lang: MessageLanguage,
  p: { id: UploadLimitId; limit: number; file: string; entry?: string | undefined },
): string {
  const env = UPLOAD_LIMITS[p.id].env;
  return `${p.file}: ${limitSentence(p.id, lang, p.limit, p.entry)}${env ? ` (${env})` : ''}; ${SETTING_SUFFIX[lang]}`;
}

/**
 * A file that breaks one of the limits: 413 UPLOAD_LIMIT_EXCEEDED, naming the file, the limit (`limit`: its id,
 * `limitValue`, `setting`: the environment variable) and, for an archive, the entry; also as `errors[0]` so the
 * upload page lists it like any other problem of the file.
 */
export class UploadLimitExceeded extends AppError {
  constructor(readonly p: { id: UploadLimitId; limit: number; file: string; entry?: string | undefined }) {
    const message = limitSentence(p.id, 'en', p.limit, p.entry);
    const error: FieldError = { file: p.file, field: 'file', message };
    super('UPLOAD_LIMIT_EXCEEDED', 413, uploadLimitDetail('en', p), {
      limit: p.id,
      limitValue: p.limit,
      ...(UPLOAD_LIMITS[p.id].env && { setting: UPLOAD_LIMITS[p.id].env }),
      ...(p.entry !== undefined && { entry: p.entry }),
      errors: [error],
    });
  }
}

/** The detail of an UPLOAD_LIMIT_EXCEEDED problem in another language (it is built by uploadLimitDetail). */
export function translateUploadLimitDetail(detail: string, lang: MessageLanguage): string {
  // Object.keys types its result as string[]; these are the table's own keys.
  for (const id of Object.keys(UPLOAD_LIMITS) as UploadLimitId[]) {
    const env = UPLOAD_LIMITS[id].env;
    const pattern = escapeRegExp(UPLOAD_LIMITS[id].message.en)
      .replace('\\{limit\\}', '([\\d,]+)')
      .replace('\\{entry\\}', '(.*)');
    const re = new RegExp(
      `^(.*): ${pattern}${env ? ` \\(${escapeRegExp(env)}\\)` : ''}; ${SETTING_SUFFIX.en}$`,
      's',
    );
    const m = re.exec(detail);
    if (!m) continue;
    const hasEntry = UPLOAD_LIMITS[id].message.en.includes('{entry}');
    const limitAt = UPLOAD_LIMITS[id].message.en.indexOf('{limit}');
    const entryAt = UPLOAD_LIMITS[id].message.en.indexOf('{entry}');
    const [limitText, entry] = !hasEntry
      ? [m[2]!, undefined]
      : entryAt < limitAt
        ? [m[3]!, m[2]!]
        : [m[2]!, m[3]!];
    return uploadLimitDetail(lang, { id, limit: Number(limitText.replaceAll(',', '')), file: m[1]!, entry });
  }
  return detail;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
