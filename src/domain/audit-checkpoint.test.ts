import { describe, expect, it } from 'vitest';
import {
  compareWithCheckpoint,
  isCheckpointAuthentic,
  lastCheckpointLine,
  parseCheckpointLine,
  signCheckpoint,
} from './audit-checkpoint';

const key = Buffer.from('k'.repeat(32));
const head = { id: 41, hash: 'a'.repeat(64), count: 41, at: '2026-12-01T10:00:00.000Z' };

describe('audit checkpoints', () => {
  it('signs with the key: the same key verifies, another key or a changed member does not', () => {
    const signed = signCheckpoint(head, key);
    expect(isCheckpointAuthentic(signed, key)).toBe(true);
    expect(isCheckpointAuthentic(signed, Buffer.from('x'.repeat(32)))).toBe(false);
    expect(isCheckpointAuthentic({ ...signed, id: 40 }, key)).toBe(false);
    expect(isCheckpointAuthentic({ ...signed, hash: 'b'.repeat(64) }, key)).toBe(false);
  });

  it('reads the last non-blank line of a file, and refuses a malformed one', () => {
    const line = JSON.stringify(signCheckpoint(head, key));
    const older = JSON.stringify(signCheckpoint({ ...head, id: 3, count: 3 }, key));
    expect(lastCheckpointLine(`${older}\n${line}\n\n`)).toEqual({
      line: 2,
      checkpoint: signCheckpoint(head, key),
    });
    expect(lastCheckpointLine('')).toBeNull();
    expect(lastCheckpointLine(`${line}\n{"id": 42}`)).toEqual({ line: 2, checkpoint: null });
    expect(parseCheckpointLine('not json')).toBeNull();
  });

  it('passes when the checkpointed entry is there with its hash, whatever came after', () => {
    expect(compareWithCheckpoint(head, { entry: { hash: head.hash }, headId: 50 })).toEqual({ ok: true });
  });

  it('reports a truncation: the checkpointed entry is gone', () => {
    const r = compareWithCheckpoint(head, { entry: undefined, headId: 39 });
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('newest entry is now 39') });
    expect(compareWithCheckpoint(head, { entry: undefined, headId: null })).toMatchObject({ ok: false });
  });

  it('reports a rewritten log: the checkpointed entry has another hash', () => {
    const r = compareWithCheckpoint(head, { entry: { hash: 'c'.repeat(64) }, headId: 41 });
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('rewritten') });
  });
});
