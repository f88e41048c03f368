/**
 * Unique-key violations (two editors creating the same code at once, a key twice in one statement) as what
 * they mean to the caller, written once: PostgreSQL's SQLSTATE 23505 on both databases.
 */
import { AppError } from '../shared/errors';

export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;
}

/** Runs `fn`; a unique-key violation becomes the error `onDuplicate` builds, anything else passes through. */
export async function uniqueOr<T>(fn: () => Promise<T>, onDuplicate: () => AppError): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e)) throw onDuplicate();
    throw e;
  }
}

/** 409 ALREADY_EXISTS for a code taken in the dialogue, naming the field `body.code`. */
export function alreadyExists(what: string, code: string): AppError {
  return new AppError('ALREADY_EXISTS', 409, `${what} with code "${code}" exists already in this dialogue`, {
    errors: [{ field: 'body.code', message: `"${code}" is already used by another ${what.toLowerCase()}` }],
  });
}
