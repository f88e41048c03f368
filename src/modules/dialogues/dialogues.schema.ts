import { z } from 'zod';
import { CLASSIFICATIONS } from '../../shared/classification';
import { ROLES } from '../../shared/roles';
import { TranslatedText } from '../translations/translations.schema';

export const Translated = z.object({ en: z.string(), fr: z.string().optional(), ru: z.string().optional() });

export const DialogueSummary = z.object({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  classification: z.enum(CLASSIFICATIONS),
  myRoles: z.array(z.enum(ROLES)),
  /** Archived: read-only, and left out of the list of dialogues (its home stays readable). */
  isArchived: z.boolean(),
});
export type DialogueSummary = z.infer<typeof DialogueSummary>;

export const RouteView = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  countries: z.array(z.string()),
  geometry: z.record(z.string(), z.unknown()),
  /** name/description above are the original texts; these carry every translation. */
  nameText: TranslatedText,
  descriptionText: TranslatedText,
  validFrom: z.string(),
  validTo: z.string().nullable(),
  classification: z.enum(CLASSIFICATIONS),
});
export type RouteView = z.infer<typeof RouteView>;

export const DialogueHome = DialogueSummary.extend({
  nameText: TranslatedText,
  descriptionText: TranslatedText,
  workingLanguages: z.array(z.string()),
  secretariat: z.object({ id: z.number(), name: z.string(), acronym: z.string().nullable() }),
  memberStates: z.array(
    z.object({
      iso3: z.string(),
      numeric: z.string().nullable(),
      name: Translated,
      joinedOn: z.string().nullable(),
    }),
  ),
  observers: z.array(z.object({ id: z.number(), name: z.string(), acronym: z.string().nullable() })),
  routes: z.array(RouteView),
  indicators: z.array(
    z.object({
      code: z.string(),
      name: Translated,
      nameText: TranslatedText,
      unit: z.string(),
      breakdowns: z.array(z.string()),
    }),
  ),
});
export type DialogueHome = z.infer<typeof DialogueHome>;

export const SlugParams = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lowercase letters, digits and dashes'),
});
