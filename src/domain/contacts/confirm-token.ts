/**
 * The signed, expiring token of a confirmation link (src/modules/contacts): `<request id>.<expiry>.<HMAC>`,
 * the HMAC-SHA256 of `<request id>.<expiry>` under the dialogue's key, base64url. The token is the only
 * credential of the public confirm endpoint, so it is checked in constant time and its expiry is part of
 * what is signed. Pure: the key and the clock are given.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  requestId: number;
  expiresAt: Date;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

const SHAPE = /^(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function mac(key: string, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}

export function signConfirmToken(key: string, c: TokenClaims): string {
  const body = `${c.requestId}.${Math.floor(c.expiresAt.getTime() / 1000)}`;
  return `${body}.${mac(key, body)}`;
}

/** The request id a well-shaped token names (to find its dialogue's key), before the signature is checked. */
export function tokenRequestId(token: string): number | null {
  const m = SHAPE.exec(token);
  return m ? Number(m[1]) : null;
}

export function verifyConfirmToken(key: string, token: string, now: Date): TokenCheck {
  const m = SHAPE.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(key, `${m[1]}.${m[2]}`));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'forged' };
  const expiresAt = new Date(Number(m[2]) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { requestId: Number(m[1]), expiresAt } };
}
