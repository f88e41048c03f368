import { describe, expect, it } from 'vitest';
import en from '../web/src/app/i18n/en.json';
import { PSEUDO_LANGUAGE, pseudoMessage, pseudoMessages } from '../web/src/app/i18n/pseudo-locale';

const RLO = '\u202E';
const PDF = '\u202C';

describe('right-to-left pseudo-locale', () => {
  it('mirrors each run of letters and leaves placeholders, nesting and markup alone', () => {
    expect(pseudoMessage('Sign in')).toBe(`${RLO}Sign${PDF} ${RLO}in${PDF}`);
    expect(pseudoMessage('{{count}} member states')).toBe(`{{count}} ${RLO}member${PDF} ${RLO}states${PDF}`);
    expect(pseudoMessage('<b>x</b> $t(app.name)')).toBe(`<b>${RLO}x${PDF}</b> $t(app.name)`);
  });

  it('is an Arabic locale written right to left, with every Arabic plural form', () => {
    expect(new Intl.Locale(PSEUDO_LANGUAGE).language).toBe('ar');
    const messages = pseudoMessages(en) as Record<string, Record<string, string>>;
    const categories = new Intl.PluralRules(PSEUDO_LANGUAGE).resolvedOptions().pluralCategories;
    expect(categories).toContain('few');
    for (const c of categories) expect(messages.dialogue?.[`memberStatesCount_${c}`]).toContain('{{count}}');
    expect(messages.login?.title).toContain(RLO);
  });
});
