import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import { TOKEN_SCOPE_NAMES } from '../../../shared/token-scopes';

/**
 * What the user may do in one dialogue, computed from the modules' policies (session-abilities.ts), so the web
 * app shows or hides actions without re-deriving a role. The server still checks every request.
 */
export const DialogueAbilities = z.object({
  /** Open drafts, enter and upload figures (for their own state, or any state for data managers). */
  canSubmit: z.boolean(),
  /** …for any member state of the dialogue (else only for their own). */
  canSubmitForAnyState: z.boolean(),
  /** Validate, return and publish submissions. */
  canReview: z.boolean(),
  /** Define validation rules. */
  canManageValidationRules: z.boolean(),
  /** Define indicators, routes and the reporting calendar; see the definitions desk and overdue list. */
  canManageDefinitions: z.boolean(),
  /** Translate names and descriptions. */
  canTranslate: z.boolean(),
  canRefreshForecasts: z.boolean(),
  /** Evaluate every alert rule of the dialogue at once. */
  canEvaluateAlerts: z.boolean(),
  /** Define alert rules (every role but viewer). */
  canCreateAlertRules: z.boolean(),
  /** Comment on alerts and respond to notices (every role but viewer). */
  canComment: z.boolean(),
  canGenerateReports: z.boolean(),
  canScheduleReports: z.boolean(),
  /** Manage the dialogue's users and roles. */
  canAdministerUsers: z.boolean(),
  canReadAudit: z.boolean(),
  /** Post notices of new national measures (a state's analysts; the secretariat for any member state). */
  canPostNotices: z.boolean(),
  /** …for any member state (the secretariat), so the form asks which state notifies. */
  canPostNoticesForAnyState: z.boolean(),
  /** The API-token scopes the user's roles allow in this dialogue. */
  tokenScopes: z.array(z.enum(TOKEN_SCOPE_NAMES)),
});
export type DialogueAbilities = z.infer<typeof DialogueAbilities>;

/** What the user may do beyond one dialogue. */
export const SessionAbilities = z.object({
  /** The administration page: users of some dialogue, organisations. */
  canAdminister: z.boolean(),
  /** The dialogues' administration (create dialogues, their members and invitations). */
  canAdministerDialogues: z.boolean(),
  /** The audit log (of the dialogues they administer). */
  canReadAudit: z.boolean(),
  /** The system page: readiness, jobs, the server process (src/modules/operations). */
  canReadOperations: z.boolean(),
});
export type SessionAbilities = z.infer<typeof SessionAbilities>;

/** The shortest password accepted (new accounts, password changes). */
// The password rule (src/domain/password-rule.ts) owns the minimum; schemas only reject the obviously short.
export { MIN_PASSWORD_LENGTH } from '../../../domain/password-rule';

export const LoginBody = z
  .object({
    email: z.email().max(320),
    password: z.string().min(1).max(1000),
  })
  .strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const SessionView = z.object({
  user: z.object({
    id: z.number(),
    email: z.string(),
    name: z.string(),
    locale: z.string(),
    /** Administers the installation: may create dialogues (migration 0018). */
    isPlatformAdmin: z.boolean(),
    organisation: z.object({
      id: z.number(),
      name: z.string(),
      kind: z.enum(['state', 'secretariat', 'international']),
      countryIso3: z.string().nullable(),
    }),
  }),
  memberships: z.array(
    z.object({ dialogueId: z.number(), roles: z.array(z.enum(ROLES)), abilities: DialogueAbilities }),
  ),
  abilities: SessionAbilities,
});
export type SessionView = z.infer<typeof SessionView>;

/** The login answer for a user with two-factor authentication: no session yet, a code is needed. */
export const TotpRequired = z.object({
  requiresTotp: z.literal(true),
  /** Seconds the password stays good for while waiting for the code. */
  expiresInSeconds: z.number(),
});
export type TotpRequired = z.infer<typeof TotpRequired>;
