/**
 * Zod schemas of member administration (`/api/admin/dialogues/{id}/members`, `…/invitations`): the contract of the
 * API, the OpenAPI document and the web app (web/src/features/admin/members-api.ts imports these types).
 */
import { z } from 'zod';
import { ROLES } from '../../shared/roles';
import { DialogueIdParams } from '../dialogues/dialogue-admin.schema';

export { DialogueIdParams };

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a valid date');
const Country = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'expected an ISO 3166-1 alpha-3 code')
  .transform((s) => s.toUpperCase());

export const StateParams = DialogueIdParams.extend({ country: Country });
export const ObserverParams = DialogueIdParams.extend({ organisationId: z.coerce.number().int().positive() });

export const AddStateBody = z.object({ country: Country, joinedOn: Day }).strict();
export type AddStateBody = z.infer<typeof AddStateBody>;
export const AddObserverBody = z
  .object({ organisationId: z.number().int().positive(), joinedOn: Day })
  .strict();
export type AddObserverBody = z.infer<typeof AddObserverBody>;
export const RemoveMemberBody = z
  .object({ leftOn: Day, reason: z.string().trim().max(1000).optional() })
  .strict();
export type RemoveMemberBody = z.infer<typeof RemoveMemberBody>;

const Person = z.object({ id: z.number(), name: z.string() });

export const MemberPeriod = z.object({
  id: z.number(),
  joinedOn: z.string(),
  /** Null while the membership lasts. */
  leftOn: z.string().nullable(),
  addedBy: Person.nullable(),
  addedAt: z.string(),
  removedBy: Person.nullable(),
  removedAt: z.string().nullable(),
  reason: z.string().nullable(),
});
export type MemberPeriod = z.infer<typeof MemberPeriod>;

export const MemberUser = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  isActive: z.boolean(),
  /** Has not set a password yet (invited). */
  isInvited: z.boolean(),
  roles: z.array(z.enum(ROLES)),
});
export type MemberUser = z.infer<typeof MemberUser>;

export const MemberOrganisation = z.object({
  id: z.number(),
  name: z.string(),
  acronym: z.string().nullable(),
  users: z.array(MemberUser),
});
export type MemberOrganisation = z.infer<typeof MemberOrganisation>;

export const MemberStateView = z.object({
  iso3: z.string(),
  name: z.object({ en: z.string(), fr: z.string(), ru: z.string() }),
  isCurrent: z.boolean(),
  periods: z.array(MemberPeriod),
  /** Figures the state reported in this dialogue: kept when it leaves. */
  figures: z.number(),
  /** Its authorities (ministries, border police …) with their users in this dialogue. */
  organisations: z.array(MemberOrganisation),
});
export type MemberStateView = z.infer<typeof MemberStateView>;

export const ObserverView = z.object({
  organisation: MemberOrganisation,
  isCurrent: z.boolean(),
  periods: z.array(MemberPeriod),
});
export type ObserverView = z.infer<typeof ObserverView>;

export const MembersView = z.object({
  dialogueId: z.number(),
  slug: z.string(),
  /** The dialogue's name in its source language. */
  name: z.string(),
  isArchived: z.boolean(),
  secretariat: MemberOrganisation,
  /** Current members first, then former ones, by name. */
  states: z.array(MemberStateView),
  observers: z.array(ObserverView),
});
export type MembersView = z.infer<typeof MembersView>;

export const MemberChange = z.object({
  members: MembersView,
  /** Roles of the leaving member's users in this dialogue that were revoked. */
  rolesRevoked: z.number(),
});
export type MemberChange = z.infer<typeof MemberChange>;

// ---------- bulk invitation ----------

export const InvitationQuery = z
  .object({
    /** true: check the file and report, write nothing. */
    dryRun: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => v === 'true'),
    fileName: z.string().max(200).optional(),
  })
  .strict();

export const INVITATION_ACTIONS = ['invite', 'grant', 'none'] as const;

export const InvitationRow = z.object({
  row: z.number(),
  email: z.string(),
  name: z.string(),
  organisation: z.string(),
  role: z.string(),
  /** invite: a new account and an e-mail; grant: an existing account gets the role; none: it has it already. */
  action: z.enum(INVITATION_ACTIONS).nullable(),
  /** After a real run: whether the invitation e-mail went out. */
  emailStatus: z.enum(['sent', 'failed', 'not_configured']).nullable(),
  /** When the e-mail did not go out: the link to hand over (shown this once). */
  invitationUrl: z.string().nullable(),
});
export type InvitationRow = z.infer<typeof InvitationRow>;

export const InvitationReport = z.object({
  dryRun: z.boolean(),
  rows: z.array(InvitationRow),
  /** Every problem, with its row and field; a real run with any writes nothing (400 IMPORT_REJECTED). */
  errors: z.array(
    z.object({
      row: z.number().optional(),
      column: z.string().optional(),
      field: z.string(),
      message: z.string(),
      file: z.string().optional(),
    }),
  ),
  invited: z.number(),
  granted: z.number(),
  emailsSent: z.number(),
});
export type InvitationReport = z.infer<typeof InvitationReport>;

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });

/** An organisation taking part in a dialogue: what a restricted record can be shared with. */
export const DialogueOrganisation = z.object({
  id: z.number().int(),
  name: z.string(),
  acronym: z.string().nullable(),
  kind: z.enum(['state', 'secretariat', 'international']),
  /** The member state an authority belongs to; null for the secretariat and observers. */
  country: z.string().nullable(),
});
export type DialogueOrganisation = z.infer<typeof DialogueOrganisation>;
export const DialogueOrganisations = z.array(DialogueOrganisation);
