import { z } from 'zod';
import { ROLES } from '../../../shared/roles';

export const DialogueParams = z.object({ dialogueId: z.coerce.number().int().positive() });
export const DialogueUserParams = DialogueParams.extend({ userId: z.coerce.number().int().positive() });
export const RoleParams = DialogueUserParams.extend({ role: z.enum(ROLES) });
export const OrganisationParams = z.object({ organisationId: z.coerce.number().int().positive() });

export const OrganisationView = z.object({
  id: z.number(),
  kind: z.enum(['state', 'secretariat', 'international']),
  name: z.string(),
  acronym: z.string().nullable(),
  countryIso3: z.string().nullable(),
});
export type OrganisationView = z.infer<typeof OrganisationView>;

export const AdminUserView = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  isActive: z.boolean(),
  hasTwoFactor: z.boolean(),
  hasPassword: z.boolean(),
  organisation: z.object({ id: z.number(), name: z.string() }),
  roles: z.array(z.enum(ROLES)),
});
export type AdminUserView = z.infer<typeof AdminUserView>;

export const AddUserBody = z
  .object({
    organisationId: z.number().int().positive(),
    email: z.email().max(320),
    name: z.string().trim().min(1).max(200),
    /**
     * Initial password (the user should change it), or leave it out to get an invitation token instead.
     * Checked against the password rule by the service (src/domain/password-rule.ts).
     */
    password: z.string().min(1).max(1000).optional(),
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  })
  .strict();
export type AddUserBody = z.infer<typeof AddUserBody>;

export const AddUserResult = z.object({
  user: AdminUserView,
  /** Only when no password was given: hand it to the user (shown once; valid 7 days). */
  invitationToken: z.string().optional(),
});
export type AddUserResult = z.infer<typeof AddUserResult>;

export const OrganisationCreateBody = z
  .object({
    kind: z.enum(['state', 'secretariat', 'international']),
    name: z.string().trim().min(2).max(200),
    acronym: z.string().trim().min(1).max(30).optional(),
    countryIso3: z
      .string()
      .regex(/^[A-Z]{3}$/, 'three capital letters (ISO 3166-1 alpha-3)')
      .optional(),
  })
  .strict();
export type OrganisationCreateBody = z.infer<typeof OrganisationCreateBody>;

export const OrganisationRenameBody = z
  .object({
    name: z.string().trim().min(2).max(200).optional(),
    acronym: z.string().trim().min(1).max(30).nullable().optional(),
  })
  .strict();
export type OrganisationRenameBody = z.infer<typeof OrganisationRenameBody>;

export const AcceptInvitationBody = z
  .object({ token: z.string().min(10).max(200), password: z.string().min(1).max(1000) })
  .strict();
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBody>;
