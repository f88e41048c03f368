import { hash, verify } from '@node-rs/argon2';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblems } from '../../../domain/password-rule';
import { Invalid } from '../../../shared/errors';

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../../domain/password-rule';

// Argon2id (the package default) with OWASP's recommended minimum cost: 19 MiB, 2 iterations.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, compared against when the e-mail is unknown so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`no-such-user-${Math.random()}`);
  return dummyHash;
}

/**
 * Refuses (400 PASSWORD_REJECTED, every reason on the named field) a password that breaks the password rule
 * (src/domain/password-rule.ts). Called wherever a password is set, before it is hashed.
 */
export function assertPasswordAcceptable(password: string, opts: { email: string; field: string }): void {
  const problems = passwordProblems(password, { email: opts.email });
  if (problems.length === 0) return;
  throw new Invalid(
    problems.map((p) => ({ field: opts.field, message: PASSWORD_PROBLEM_MESSAGES[p] })),
    undefined,
    'PASSWORD_REJECTED',
  );
}
