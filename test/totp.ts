import { generate } from 'otplib';

/** TOTP secrets of the users the factories made (by lower-case e-mail), so tests can log them in. */
export const totpSecrets = new Map<string, string>();

const PERIOD = 30;
const lastStepUsed = new Map<string, number>();

/**
 * A valid code for the secret that the server has not seen yet. The server accepts each time step once
 * (no replay) and one step of clock drift, so two logins of the same user within 30 s use the current and
 * the next step; a third waits for the clock.
 */
export async function nextTotpCode(secret: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000 / PERIOD);
  const step = Math.max(now, (lastStepUsed.get(secret) ?? -1) + 1);
  if (step > now + 1) await new Promise((r) => setTimeout(r, ((step - 1) * PERIOD + 1) * 1000 - Date.now()));
  lastStepUsed.set(secret, step);
  return generate({ secret, epoch: step * PERIOD });
}
