import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  type AuditEntryContent,
  canonicalJson,
  GENESIS_HASH,
  hashAuditEntry,
  verifyAuditChain,
} from './audit-chain';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content: AuditEntryContent = {
      id: i * 10,
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
      actorUserId: i,
      actorOrgId: 1,
      action: 'auth.login',
      targetType: 'user',
      targetId: String(i),
      dialogueId: null,
      details: { b: 1, a: [i, { y: true, x: null }] },
      ip: '127.0.0.1',
      prevHash: prev,
    };
    prev = hashAuditEntry(content);
    out.push({ ...content, hash: prev });
  }
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: undefined, b: null } })).toBe(
      '{"a":{"b":null,"d":[1,"x"]},"b":1}',
    );
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('refuses values JSON cannot represent', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('verifyAuditChain', () => {
  it('accepts an intact chain and an empty one', () => {
    const c = chain(5);
    expect(verifyAuditChain(c)).toEqual({ ok: true, count: 5, headHash: c[4]!.hash });
    expect(verifyAuditChain([])).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it('names the altered entry when a field changes', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, details: { ...c[2]!.details, b: 2 } };
    expect(verifyAuditChain(c)).toMatchObject({
      ok: false,
      brokenId: 30,
      reason: expect.stringMatching(/altered/),
    });
  });

  it('names the entry after a deleted one', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verifyAuditChain(c)).toMatchObject({
      ok: false,
      brokenId: 30,
      reason: expect.stringMatching(/deleted/),
    });
  });

  it('detects a rewritten entry even when its own hash was recomputed', () => {
    const c = chain(4);
    const forged = { ...c[1]!, action: 'auth.logout' };
    const { hash: _old, ...content } = forged;
    c[1] = { ...content, hash: hashAuditEntry(content) };
    expect(verifyAuditChain(c)).toMatchObject({ ok: false, brokenId: 30 });
  });

  it('detects a changed id (entries are hashed with their id)', () => {
    const c = chain(3);
    c[0] = { ...c[0]!, id: 11 };
    expect(verifyAuditChain(c)).toMatchObject({ ok: false, brokenId: 11 });
  });
});
