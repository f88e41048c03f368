import { describe, expect, it } from 'vitest';
import { accountLockMs, LOGIN_LOCKOUT, type LoginFailures, loginLock } from './login-lockout';

const t0 = new Date('2025-03-01T10:00:00Z').getTime();
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
const minutes = (n: number) => n * 60_000;
const none: LoginFailures = { account: [], address: [] };

describe('accountLockMs', () => {
  it('lets the first four failures pass, then locks 1, 2, 4 … minutes, at most an hour', () => {
    expect([1, 2, 3, 4].map((n) => accountLockMs(n))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map((n) => accountLockMs(n))).toEqual([1, 2, 4, 8].map(minutes));
    expect(accountLockMs(11)).toBe(minutes(60));
    expect(accountLockMs(1000)).toBe(LOGIN_LOCKOUT.maxLockMs);
  });
});

describe('loginLock', () => {
  it('does not lock without failures, or with four', () => {
    expect(loginLock(none, at(0))).toBeNull();
    const four = [0, 1, 2, 3].map(at);
    expect(loginLock({ account: four, address: four }, at(4))).toBeNull();
  });

  it('locks the account at this address after the fifth failure, for a minute after it', () => {
    const five = [0, 1, 2, 3, 4].map(at);
    const failures = { account: five, address: five };
    expect(loginLock(failures, at(4.5))).toEqual({ scope: 'account', until: at(5) });
    expect(loginLock(failures, at(5))).toBeNull();
  });

  it('grows the lock with each further failure, whatever order the times come in', () => {
    const eight = [7, 0, 2, 1, 3, 4, 5, 6].map(at);
    expect(loginLock({ account: eight, address: [] }, at(7))).toEqual({ scope: 'account', until: at(15) });
  });

  it('forgets failures older than a day', () => {
    const old = [0, 1, 2, 3].map(at);
    expect(loginLock({ account: [...old, at(24 * 60 + 10)], address: [] }, at(24 * 60 + 10))).toBeNull();
  });

  it('locks the address after 30 failures within 15 minutes, over any accounts', () => {
    const spray = Array.from({ length: 30 }, (_, i) => at(i * 0.4));
    const lock = loginLock({ account: [], address: spray }, at(12));
    expect(lock).toEqual({ scope: 'address', until: new Date(at(11.6).getTime() + minutes(15)) });
    // Spread over more than 15 minutes: no lock.
    const slow = Array.from({ length: 30 }, (_, i) => at(i));
    expect(loginLock({ account: [], address: slow }, at(30))).toBeNull();
  });
});
