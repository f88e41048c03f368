import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import {
  assertCanTake,
  canTake,
  SUBMISSION_ACTIONS,
  SUBMISSION_STATUSES,
  type SubmissionStatus,
  statusAfter,
  workflowAbilities,
} from './workflow';

/** Every status reachable from a draft by taking allowed actions, with the path taken. */
function reachable(): Map<SubmissionStatus, string[]> {
  const seen = new Map<SubmissionStatus, string[]>([['draft', []]]);
  const queue: SubmissionStatus[] = ['draft'];
  while (queue.length) {
    const s = queue.shift()!;
    for (const a of SUBMISSION_ACTIONS) {
      if (!canTake(a, s)) continue;
      const next = statusAfter(a, s);
      if (!seen.has(next)) {
        seen.set(next, [...seen.get(s)!, a]);
        queue.push(next);
      }
    }
  }
  return seen;
}

describe('submission workflow', () => {
  it('leads draft → submitted → validated | returned → published, and nothing follows publication', () => {
    expect(statusAfter('submit', 'draft')).toBe('submitted');
    expect(statusAfter('validate', 'submitted')).toBe('validated');
    expect(statusAfter('return', 'submitted')).toBe('returned');
    expect(statusAfter('return', 'validated')).toBe('returned');
    expect(statusAfter('publish', 'validated')).toBe('published');
    expect(statusAfter('edit', 'returned')).toBe('returned');
    expect(SUBMISSION_ACTIONS.filter((a) => canTake(a, 'published'))).toEqual([]);
    expect(reachable().get('published')).toEqual(['submit', 'validate', 'publish']);
    expect([...reachable().keys()].sort()).toEqual([...SUBMISSION_STATUSES].sort());
  });

  it('lets a returned submission be edited and submitted again, but not published without review', () => {
    expect(canTake('edit', 'returned')).toBe(true);
    expect(canTake('submit', 'returned')).toBe(true);
    expect(canTake('publish', 'returned')).toBe(false);
    expect(canTake('publish', 'submitted')).toBe(false);
    expect(canTake('edit', 'submitted')).toBe(false);
  });

  it('refuses an action from the wrong status with 409 and says when it is possible', () => {
    let error: unknown;
    try {
      assertCanTake('return', { id: 7, status: 'draft' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'SUBMISSION_WRONG_STATUS',
      status: 409,
      message: 'Submission 7 is draft; it can be returned only when submitted or validated',
    });
    expect(() => assertCanTake('edit', { id: 7, status: 'draft' })).not.toThrow();
  });

  it('derives the abilities from the same table and the side of the actor', () => {
    expect(workflowAbilities('submitted', { writer: true, reviewer: false })).toEqual({
      edit: false,
      submit: false,
      validate: false,
      return: false,
      publish: false,
    });
    expect(workflowAbilities('submitted', { writer: false, reviewer: true })).toEqual({
      edit: false,
      submit: false,
      validate: true,
      return: true,
      publish: false,
    });
    expect(workflowAbilities('returned', { writer: true, reviewer: true })).toEqual({
      edit: true,
      submit: true,
      validate: false,
      return: false,
      publish: false,
    });
  });
});
