/** zod schemas of the reference data shipped with Passage: countries (ISO 3166-1, UN M49) and codelists. */
import { z } from 'zod';
import { Translated } from '../dialogues/dialogues.schema';

export const CountryView = z.object({
  iso3: z.string(),
  iso2: z.string().nullable(),
  numeric: z.string().nullable(),
  name: Translated,
  region: z.string().nullable(),
  subregion: z.string().nullable(),
  m49Region: z.string().nullable(),
  m49Subregion: z.string().nullable(),
  isSpecial: z.boolean(),
});
export type CountryView = z.infer<typeof CountryView>;

export const CodelistView = z.object({
  id: z.string(),
  name: Translated,
  codes: z.array(z.object({ code: z.string(), name: Translated })),
});
export type CodelistView = z.infer<typeof CodelistView>;
