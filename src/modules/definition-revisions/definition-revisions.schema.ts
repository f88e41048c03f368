/**
 * What every revisioned definition (indicator, migratory route, calendar entry) is written with: its code, its
 * translatable name, validity days, and the revision the editor started from (optimistic concurrency).
 */
import { z } from 'zod';
import { TranslatedText } from '../translations/translations.schema';

/** A day YYYY-MM-DD (validity of a definition, the day an overdue list is judged at). */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a valid date');
export const DefinitionCode = z
  .string()
  .regex(
    /^[A-Z][A-Z0-9_]{0,31}$/,
    'expected capital letters, digits and "_", starting with a letter (max 32)',
  );
/** The one representation of translatable text (see the translations module); the original must be set. */
export const DefinitionName = TranslatedText.refine((t) => !!t.values[t.source]?.trim(), {
  message: 'the name in the source language is required',
  path: ['values'],
});
export const Revision = z
  .number()
  .int()
  .min(0)
  .describe('the revision the editor started from; a newer one answers 409 (0 for a new calendar entry)');

export const RevisionQuery = z.object({ expectedRevision: z.coerce.number().int().min(0) }).strict();
