import { describe, expect, it } from 'vitest';
import { MAX_PASSWORD_LENGTH, PASSWORD_PROBLEM_MESSAGES, passwordProblems } from './password-rule';

describe('passwordProblems', () => {
  it('accepts long, uncommon passphrases (the test and demo passwords among them)', () => {
    for (const p of ['correct horse battery', 'a brand new password', 'passage-demo', 'Tr0ub4dor&3xx!'])
      expect({ p, problems: passwordProblems(p) }).toEqual({ p, problems: [] });
  });

  it('refuses ten spaces, and any password of spaces only', () => {
    expect(passwordProblems(' '.repeat(10))).toEqual(['too_short', 'blank']);
    expect(passwordProblems(' '.repeat(20))).toEqual(['blank']);
    expect(passwordProblems('\t \u00a0'.repeat(6))).toEqual(['blank']);
  });

  it('refuses fewer than 12 characters, counting characters not bytes', () => {
    expect(passwordProblems('k7#Qz!pL2x')).toEqual(['too_short']);
    // 12 Cyrillic letters are 24 bytes but 12 characters: long enough.
    expect(passwordProblems('щёлкнизамокъ')).not.toContain('too_short');
    expect(passwordProblems('x'.repeat(MAX_PASSWORD_LENGTH + 1))).toEqual(['too_long']);
  });

  it('refuses passwords on the common list, whatever their case or surrounding spaces', () => {
    for (const p of ['qwerty123456', '1qaz2wsx3edc', 'QWERTY123456', '  123456654321 ', 'passwordpassword'])
      expect({ p, problems: passwordProblems(p) }).toEqual({ p, problems: ['common'] });
  });

  it('refuses guessable patterns the list does not have: repetitions, words with digits, keyboard rows', () => {
    for (const p of ['xxxxxxxxxxxx', 'iloveyou1234', 'monkey123456', 'qwertyuiopasdfgh', 'sunshine2024!'])
      expect({ p, problems: passwordProblems(p) }).toEqual({ p, problems: ['guessable'] });
  });

  it("refuses the user's e-mail address, alone or inside the password", () => {
    const email = 'maria.rossi@interno.example';
    expect(passwordProblems(email, { email })).toEqual(['email']);
    expect(passwordProblems(`${email.toUpperCase()}!`, { email })).toEqual(['email']);
    expect(passwordProblems('maria.rossi', { email })).toEqual(['too_short', 'email']);
    // zxcvbn is told the e-mail's parts too, so variations of it are guessable.
    expect(passwordProblems('maria.rossi2024', { email })).toEqual(['guessable']);
    expect(passwordProblems('maria.rossi2024', {})).toEqual([]);
  });

  it('has a message for every problem', () => {
    for (const m of Object.values(PASSWORD_PROBLEM_MESSAGES)) expect(m.length).toBeGreaterThan(10);
  });
});
