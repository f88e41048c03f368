import { describe, expect, it } from 'vitest';
import { signConfirmToken, tokenRequestId, verifyConfirmToken } from './confirm-token';
import { isConfirmationDue, isStale, staleFrom } from './staleness';

const now = new Date('2026-06-01T00:00:00Z');
const later = new Date('2026-07-01T00:00:00Z');

describe('confirmation tokens', () => {
  it('verifies what it signed until it expires', () => {
    const t = signConfirmToken('k1', { requestId: 42, expiresAt: later });
    expect(tokenRequestId(t)).toBe(42);
    expect(verifyConfirmToken('k1', t, now)).toEqual({
      ok: true,
      claims: { requestId: 42, expiresAt: later },
    });
    expect(verifyConfirmToken('k1', t, later)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses another key, an altered id or expiry, and malformed text', () => {
    const t = signConfirmToken('k1', { requestId: 42, expiresAt: later });
    expect(verifyConfirmToken('k2', t, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyConfirmToken('k1', t.replace(/^42/, '43'), now)).toEqual({ ok: false, reason: 'forged' });
    const [id, exp, sig] = t.split('.');
    expect(verifyConfirmToken('k1', `${id}.${Number(exp) + 86400}.${sig}`, now).ok).toBe(false);
    expect(verifyConfirmToken('k1', 'not-a-token', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(tokenRequestId('x.y.z')).toBeNull();
  });
});

describe('staleness', () => {
  const s = { confirmEveryDays: 365, graceDays: 30 };
  const confirmed = new Date('2025-01-01T00:00:00Z');
  it('is due a year after confirmation and stale after the grace period', () => {
    expect(isConfirmationDue(confirmed, s, new Date('2025-12-31T00:00:00Z'))).toBe(false);
    expect(isConfirmationDue(confirmed, s, new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isStale(confirmed, s, new Date('2026-01-30T00:00:00Z'))).toBe(false);
    expect(isStale(confirmed, s, new Date('2026-01-31T00:00:00Z'))).toBe(true);
    expect(staleFrom(confirmed, s).toISOString()).toBe('2026-01-31T00:00:00.000Z');
  });
});
