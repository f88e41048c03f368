/**
 * Passwords of the demo accounts. There is no default: the seeder draws a random password per account,
 * prints it once (the server's start-up banner, `passage seed-demo`) and stores only its argon2id hash, so
 * a demo reachable on a network is not open to anyone who read the README. Tests and scripted demos that must
 * know the password in advance pass one explicitly (PASSAGE_DEMO_PASSWORD, or `seedDemo(db, { password })`).
 */
import { randomInt } from 'node:crypto';
import { MIN_PASSWORD_LENGTH } from '../modules/identity/auth/passwords';
import type { Role } from '../shared/roles';

/** Lower-case letters and digits without look-alikes (0/o, 1/l/i), so a printed password is easy to type. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** A random password such as `k7dm-x3qa-9fne-tr2w`: 16 characters from 31, about 79 bits. */
export function generateDemoPassword(): string {
  const group = () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return Array.from({ length: GROUPS }, group).join('-');
}

export interface DemoCredentials {
  email: string;
  role: Role;
  password: string;
}

/**
 * One password per account: `fixed` for every account when given (it must pass the minimum length, like
 * any password), otherwise a fresh random one each.
 */
export function demoCredentials(
  users: readonly { email: string; role: Role }[],
  fixed?: string,
): DemoCredentials[] {
  if (fixed !== undefined && fixed.length < MIN_PASSWORD_LENGTH)
    throw new Error(`PASSAGE_DEMO_PASSWORD must have at least ${MIN_PASSWORD_LENGTH} characters`);
  return users.map((u) => ({ email: u.email, role: u.role, password: fixed ?? generateDemoPassword() }));
}
