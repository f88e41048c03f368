/**
 * The login lock-out rule. Failed logins are counted per (account, source address), so an attacker can slow
 * down only their own guesses: the real user, from another address, always gets in with the right password.
 * The lock grows with each further failure (1, 2, 4 … minutes, at most an hour) instead of a fixed wall.
 * A second, coarser count per address (any account) stops one address from trying many accounts (password
 * spraying). Accounts are named by the e-mail typed, known or not, so an unknown e-mail is locked exactly
 * like a known one and the answer does not reveal which accounts exist.
 *
 * Pure: the caller reads the failures from the database (src/modules/auth/login-attempts.ts).
 */

export interface LockoutPolicy {
  /** Failures of one account from one address (since its last success there) before the first lock. */
  freeFailures: number;
  /** The first lock; each further failure doubles it… */
  firstLockMs: number;
  /** …up to this. */
  maxLockMs: number;
  /** Failures older than this are forgotten. */
  memoryMs: number;
  /** Failures from one address, any accounts, within addressWindowMs that lock the address… */
  addressFailures: number;
  addressWindowMs: number;
  /** …for this long after the last of them. */
  addressLockMs: number;
}

export const LOGIN_LOCKOUT: LockoutPolicy = {
  freeFailures: 5,
  firstLockMs: 60_000,
  maxLockMs: 60 * 60_000,
  memoryMs: 24 * 3600_000,
  addressFailures: 30,
  addressWindowMs: 15 * 60_000,
  addressLockMs: 15 * 60_000,
};

export interface LoginFailures {
  /** Failed logins of this account from this address since its last successful login from there. */
  account: readonly Date[];
  /** Failed logins from this address, any account. */
  address: readonly Date[];
}

export type LoginLock = { scope: 'account' | 'address'; until: Date } | null;

const newestFirst = (dates: readonly Date[]) => dates.map((d) => d.getTime()).sort((a, b) => b - a);

/** How long the n-th failure (1-based) locks the account at that address: 0 while still free. */
export function accountLockMs(n: number, policy: LockoutPolicy = LOGIN_LOCKOUT): number {
  if (n < policy.freeFailures) return 0;
  const doublings = Math.min(n - policy.freeFailures, 30);
  return Math.min(policy.firstLockMs * 2 ** doublings, policy.maxLockMs);
}

function accountLock(failures: readonly Date[], now: number, p: LockoutPolicy): Date | null {
  const times = newestFirst(failures).filter((t) => t > now - p.memoryMs);
  const lockMs = accountLockMs(times.length, p);
  if (lockMs === 0) return null;
  const until = times[0]! + lockMs;
  return until > now ? new Date(until) : null;
}

function addressLock(failures: readonly Date[], now: number, p: LockoutPolicy): Date | null {
  const times = newestFirst(failures);
  const nth = times[p.addressFailures - 1];
  if (nth === undefined || times[0]! - nth > p.addressWindowMs) return null;
  const until = times[0]! + p.addressLockMs;
  return until > now ? new Date(until) : null;
}

/**
 * Whether a login for this account from this address is refused at `now`, and until when. An address lock
 * wins over an account lock (it is the broader one, and usually the later).
 */
export function loginLock(
  failures: LoginFailures,
  now: Date,
  policy: LockoutPolicy = LOGIN_LOCKOUT,
): LoginLock {
  const address = addressLock(failures.address, now.getTime(), policy);
  if (address) return { scope: 'address', until: address };
  const account = accountLock(failures.account, now.getTime(), policy);
  return account ? { scope: 'account', until: account } : null;
}
