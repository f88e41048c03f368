/**
 * Zod schemas of dialogue administration (`/api/admin/dialogues`): the one contract of the API, the OpenAPI
 * document and the web app (web/src/features/dialogues/admin-api.ts imports these types).
 */
import { z } from 'zod';
import { CLASSIFICATIONS } from '../../shared/classification';
import { ROLES } from '../../shared/roles';
import { LanguageTag, TranslatedText } from '../translations/translations.schema';

export const DialogueIdParams = z.object({ dialogueId: z.coerce.number().int().positive() });
export const LogoParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,64}$/) });

export const DialogueSlug = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])$/,
    'expected 2–64 lowercase letters, digits and dashes, starting and ending with a letter or digit',
  );

const Revision = z
  .number()
  .int()
  .min(1)
  .describe('the revision the editor started from; a newer one answers 409 with the current settings');

/** The name in the source language is required. */
const Name = TranslatedText.refine((t) => !!t.values[t.source]?.trim(), {
  message: 'the name in the source language is required',
  path: ['values'],
});

const OrganisationRef = z.object({ id: z.number(), name: z.string(), acronym: z.string().nullable() });

export const LogoView = z.object({
  url: z.string(),
  contentType: z.string(),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  uploadedAt: z.string(),
});

export const DialogueAdminSummary = z.object({
  id: z.number(),
  slug: z.string(),
  name: TranslatedText,
  classification: z.enum(CLASSIFICATIONS),
  workingLanguages: z.array(z.string()),
  secretariat: OrganisationRef,
  archivedAt: z.string().nullable(),
  memberStates: z.number(),
  observers: z.number(),
  /** The caller's roles in it (an installation administrator sees dialogues without holding one). */
  myRoles: z.array(z.enum(ROLES)),
});
export type DialogueAdminSummary = z.infer<typeof DialogueAdminSummary>;

export const DialogueSettings = z.object({
  id: z.number(),
  slug: z.string(),
  name: TranslatedText,
  description: TranslatedText,
  workingLanguages: z.array(z.string()),
  classification: z.enum(CLASSIFICATIONS),
  /** Disclosure control: counts 0 < value < threshold are withheld from non-members (docs/sdmx.md). */
  disclosureThreshold: z.number(),
  secretariat: OrganisationRef,
  logo: LogoView.nullable(),
  revision: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
});
export type DialogueSettings = z.infer<typeof DialogueSettings>;

export const DialogueCreateBody = z
  .object({
    slug: DialogueSlug,
    name: Name,
    description: TranslatedText.optional(),
    /** Languages the dialogue works in; names and descriptions may only use these. Default: the name's. */
    workingLanguages: z.array(LanguageTag).min(1).max(20).optional(),
    /** A secretariat organisation; default: the creator's own, when it is one. */
    secretariatOrgId: z.number().int().positive().optional(),
    /** Who may see the dialogue at all: `public` (anyone) or `dialogue` (members only, the default). */
    classification: z.enum(['public', 'dialogue']).optional(),
    /** Start with the nine standard indicators of the data standard (default true). */
    withStandardIndicators: z.boolean().optional(),
  })
  .strict();
export type DialogueCreateBody = z.infer<typeof DialogueCreateBody>;

export const DialogueUpdateBody = z
  .object({
    expectedRevision: Revision,
    name: Name.optional(),
    description: TranslatedText.optional(),
    workingLanguages: z.array(LanguageTag).min(1).max(20).optional(),
    secretariatOrgId: z.number().int().positive().optional(),
    classification: z.enum(['public', 'dialogue']).optional(),
    /** Disclosure control for non-members: the smallest count published (0 or 1: no small-count suppression). */
    disclosureThreshold: z.number().int().min(0).max(1000).optional(),
  })
  .strict();
export type DialogueUpdateBody = z.infer<typeof DialogueUpdateBody>;

export const ArchiveBody = z
  .object({ expectedRevision: Revision, reason: z.string().trim().max(1000).optional() })
  .strict();
export type ArchiveBody = z.infer<typeof ArchiveBody>;

export const DialogueRevisionView = z.object({
  revision: z.number(),
  action: z.enum(['create', 'update', 'archive', 'unarchive', 'logo']),
  data: z.record(z.string(), z.unknown()),
  editedAt: z.string(),
  editedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
});
export type DialogueRevisionView = z.infer<typeof DialogueRevisionView>;

/** Secretariat organisations a dialogue may be run by (for the create and edit forms). */
export const SecretariatOption = OrganisationRef;
export type SecretariatOption = z.infer<typeof SecretariatOption>;
