/** Failed logins for one e-mail that lock it. */
export const LOCKOUT_FAILURES = 5;
/** …within this window… */
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
/** …lock it for this long after the last of them. */
export const LOCKOUT_DURATION_MS = 15 * 60_000;

/**
 * When the account is locked until, given the times of its failed logins since its last successful one:
 * LOCKOUT_FAILURES failures within LOCKOUT_WINDOW_MS lock it for LOCKOUT_DURATION_MS after the last of them.
 * Returns null when not locked at `now`.
 */
export function lockedUntil(failures: readonly Date[], now: Date): Date | null {
  const times = failures.map((d) => d.getTime()).sort((a, b) => b - a); // newest first
  for (let i = 0; i + LOCKOUT_FAILURES - 1 < times.length; i++) {
    const last = times[i]!;
    const until = last + LOCKOUT_DURATION_MS;
    if (until <= now.getTime()) return null; // older bursts have expired too
    if (last - times[i + LOCKOUT_FAILURES - 1]! <= LOCKOUT_WINDOW_MS) return new Date(until);
  }
  return null;
}
