import { z } from 'zod';

/** A BCP 47 language tag as stored in the translation maps: "en", "fr", "ar", "pt-BR". */
export const LanguageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language tag such as "fr" or "pt-BR"');

/**
 * A text people write that may carry translations: the original (`values[source]`) and its translations,
 * one per language tag. The one representation of translatable content in the API and the web app.
 */
export const TranslatedText = z.object({
  source: z.string().describe('language of the original text'),
  values: z
    .record(z.string(), z.string())
    .describe('language tag → text; a missing tag is not translated yet'),
});
export type TranslatedText = z.infer<typeof TranslatedText>;

export const TranslationEntity = z.enum(['dialogue', 'route', 'indicator']);
export type TranslationEntity = z.infer<typeof TranslationEntity>;
export const TranslationField = z.enum(['name', 'description']);
export type TranslationField = z.infer<typeof TranslationField>;

export const TranslationCell = z.object({
  text: z.string().nullable(),
  /** Edits made through the API so far (0: only the text the record was created with, or none). */
  revision: z.number().int(),
  editedAt: z.string().nullable(),
  /** The original changed after this translation was last edited. */
  isOutdated: z.boolean(),
});

export const TranslationItem = z.object({
  entity: TranslationEntity,
  id: z.number().int(),
  /** Route or indicator code; the dialogue's slug. */
  code: z.string(),
  field: TranslationField,
  sourceLanguage: z.string(),
  cells: z.record(z.string(), TranslationCell),
});
export type TranslationItem = z.infer<typeof TranslationItem>;

export const TranslationCoverage = z.object({
  language: z.string(),
  /** Texts with an original (non-empty source text). */
  total: z.number().int(),
  translated: z.number().int(),
  outdated: z.number().int(),
});
export type TranslationCoverage = z.infer<typeof TranslationCoverage>;

export const TranslationsView = z.object({
  languages: z.array(z.string()),
  items: z.array(TranslationItem),
  coverage: z.array(TranslationCoverage),
});
export type TranslationsView = z.infer<typeof TranslationsView>;

export const TranslationEditBody = z
  .object({
    entity: TranslationEntity,
    id: z.number().int().positive(),
    field: TranslationField,
    language: LanguageTag,
    /** The new text; null or "" removes the translation (not allowed for the original name). */
    text: z.string().max(5000).nullable(),
    /** The revision the editor started from (`cells[language].revision`): a newer one answers 409. */
    baseRevision: z.number().int().min(0),
  })
  .strict();
export type TranslationEditBody = z.infer<typeof TranslationEditBody>;

export const TranslationHistoryQuery = z
  .object({
    entity: TranslationEntity,
    id: z.coerce.number().int().positive(),
    field: TranslationField,
    language: LanguageTag,
  })
  .strict();
export type TranslationHistoryQuery = z.infer<typeof TranslationHistoryQuery>;

export const TranslationRevisionView = z.object({
  revision: z.number().int(),
  text: z.string().nullable(),
  previousText: z.string().nullable(),
  editedAt: z.string(),
  editedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
});
export type TranslationRevisionView = z.infer<typeof TranslationRevisionView>;

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });
