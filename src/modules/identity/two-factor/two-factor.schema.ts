import { z } from 'zod';

/** A 6-digit code from the authenticator app, or a recovery code (xxxxx-xxxxx). */
export const CodeBody = z
  .object({
    code: z
      .string()
      .trim()
      .min(6)
      .max(20)
      .regex(
        /^(\d{6}|[a-z2-7]{5}-?[a-z2-7]{5})$/i,
        'must be a 6-digit code or a recovery code (xxxxx-xxxxx)',
      ),
  })
  .strict();
export type CodeBody = z.infer<typeof CodeBody>;

export const TotpCodeBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app'),
  })
  .strict();
export type TotpCodeBody = z.infer<typeof TotpCodeBody>;

export const TwoFactorStatus = z.object({
  enrolled: z.boolean(),
  /** Your roles require two-factor authentication (PASSAGE_REQUIRE_2FA_ROLES). */
  required: z.boolean(),
  /** Required and not yet enrolled: until enrolment only enrolment, session and logout are reachable. */
  isRestricted: z.boolean(),
  recoveryCodesRemaining: z.number(),
});
export type TwoFactorStatus = z.infer<typeof TwoFactorStatus>;

export const EnrolmentStart = z.object({
  /** Base32 secret, for typing into an app that cannot scan. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** The otpauth URI as a QR code (PNG data URL), made on the server: no third-party service. */
  qrCodeDataUrl: z.string(),
});
export type EnrolmentStart = z.infer<typeof EnrolmentStart>;

export const RecoveryCodes = z.object({
  /** Ten single-use codes, shown this once (stored hashed). */
  recoveryCodes: z.array(z.string()),
});
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;
