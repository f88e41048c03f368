import { describe, expect, it } from 'vitest';
import { LOCKOUT_DURATION_MS, lockedUntil } from './login-lockout';

const t0 = new Date('2025-03-01T10:00:00Z').getTime();
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

describe('lockedUntil', () => {
  it('locks after 5 failures within 15 minutes, for 15 minutes after the last', () => {
    const failures = [0, 1, 2, 3, 4].map(at);
    expect(lockedUntil(failures.slice(0, 4), at(5))).toBeNull();
    expect(lockedUntil(failures, at(5))).toEqual(new Date(at(4).getTime() + LOCKOUT_DURATION_MS));
    expect(lockedUntil(failures, at(18.9))).not.toBeNull();
    expect(lockedUntil(failures, at(19))).toBeNull();
  });

  it('does not lock when the failures are spread over more than 15 minutes', () => {
    expect(lockedUntil([0, 5, 10, 15, 20].map(at), at(21))).toBeNull();
  });

  it('finds an older burst that still locks, whatever order the times come in', () => {
    const failures = [3, 0, 2, 1, 4, 40].map(at);
    expect(lockedUntil(failures, at(10))).toEqual(new Date(at(4).getTime() + LOCKOUT_DURATION_MS));
  });

  it('does not lock with no failures', () => {
    expect(lockedUntil([], at(0))).toBeNull();
  });
});
