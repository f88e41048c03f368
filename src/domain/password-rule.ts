/**
 * The password rule, in one place for every path that sets a password (invitation, password change, an
 * admin's initial password, `passage user add`). Shaped after NIST SP 800-63B §3.1.1.2: a minimum length, no
 * composition rules, and a check against passwords known to be common, which runs offline against the
 * ranked common-password list and keyboard-pattern graphs shipped in @zxcvbn-ts/language-common (zxcvbn
 * also catches repetitions, sequences, dates and the user's own e-mail, which a plain list lookup misses).
 *
 * Pure: it returns every reason a password is refused, so one answer can name them all.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** Fewer characters than this are refused (NIST asks for at least 8; Passage has asked for more). */
export const MIN_PASSWORD_LENGTH = 12;
/** Longer passwords are refused before any work is done on them (NIST: allow at least 64). */
export const MAX_PASSWORD_LENGTH = 1000;
/**
 * zxcvbn score a password must reach: 3 = about 10^8 guesses or more ("safely unguessable" against an
 * online attack and reasonable against an offline one on a slow hash such as Argon2id).
 */
export const MIN_PASSWORD_SCORE = 3;
/** zxcvbn reads at most this many characters (its matching is quadratic; longer passwords are not weak). */
const SCORED_PREFIX = 100;

export type PasswordProblem = 'too_short' | 'too_long' | 'blank' | 'email' | 'common' | 'guessable';

/** The sentence each problem is reported with (field message; translated in src/domain/i18n). */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `must have at least ${MIN_PASSWORD_LENGTH} characters`,
  too_long: `must have at most ${MAX_PASSWORD_LENGTH} characters`,
  blank: 'must not consist of spaces only',
  email: 'must not be or contain your e-mail address',
  common: 'is a commonly used password; choose another',
  guessable: 'is too easy to guess (common words, names, keyboard patterns, repeated characters or dates)',
};

const commonPasswords = new Set(dictionary['passwords-common']);
let zxcvbn: ZxcvbnFactory | undefined;

function scorer(): ZxcvbnFactory {
  zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...dictionary },
    graphs: adjacencyGraphs,
    maxLength: SCORED_PREFIX,
  });
  return zxcvbn;
}

/** Whether the password is, ignoring case and surrounding spaces, on the common-password list. */
function isCommon(password: string): boolean {
  const p = password.trim().toLowerCase();
  return commonPasswords.has(p) || commonPasswords.has(p.replace(/\s+/g, ''));
}

function containsEmail(password: string, email: string | undefined): boolean {
  if (!email) return false;
  const p = password.toLowerCase().replace(/\s+/g, '');
  const e = email.trim().toLowerCase();
  const local = e.split('@')[0] ?? '';
  return p.includes(e) || (local.length >= 4 && p === local);
}

/**
 * Every reason `password` is refused for the account with this e-mail (empty: accepted). Length counts
 * characters (code points), not bytes, so any script is treated alike.
 */
export function passwordProblems(password: string, opts: { email?: string } = {}): PasswordProblem[] {
  const length = [...password].length;
  if (length > MAX_PASSWORD_LENGTH) return ['too_long'];
  const problems: PasswordProblem[] = [];
  if (password.trim() === '') return length < MIN_PASSWORD_LENGTH ? ['too_short', 'blank'] : ['blank'];
  if (length < MIN_PASSWORD_LENGTH) problems.push('too_short');
  if (containsEmail(password, opts.email)) problems.push('email');
  if (isCommon(password)) problems.push('common');
  else if (problems.length === 0) {
    const userInputs = opts.email
      ? [opts.email, opts.email.split('@')[0] ?? '', ...opts.email.split(/[@.]/)]
      : [];
    if (scorer().check(password, userInputs).score < MIN_PASSWORD_SCORE) problems.push('guessable');
  }
  return problems;
}
