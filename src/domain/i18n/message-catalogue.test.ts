import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../shared/errors';
import { portalMapMessages } from '../portal/map-messages';
import { ruleRunMessages } from '../rules/run-messages';
import { releaseMessages } from '../submissions/release-messages';
import { translateDetail } from './error-messages';
import { translateFieldError } from './field-messages';
import type { MessageCatalogue } from './message-catalogue';

const PARAMS = ['now', 'timeZone', 'from', 'to', 'months', 'max', 'indicator', 'known'];
const sample = Object.fromEntries(PARAMS.map((k, i) => [k, `⟦${k}${i}⟧`]));
const shown = (text: string) => PARAMS.filter((k) => text.includes(String(sample[k])));

const CATALOGUES: [string, MessageCatalogue<string>][] = [
  ['release scheduling', releaseMessages],
  ['rule runs', ruleRunMessages],
  ['portal map', portalMapMessages],
];

describe.each(CATALOGUES)('the %s messages', (_name, catalogue) => {
  it.each(['fr', 'ru'] as const)('words every code in %s with the same parameters as in English', (lang) => {
    for (const code of Object.keys(catalogue.messages)) {
      const en = catalogue.message(code, sample).message;
      const other = catalogue.translate(code, sample, lang);
      expect(other, code).toBeTruthy();
      expect(other, code).not.toBe(en);
      expect(shown(other!), code).toEqual(shown(en));
      expect(other, code).not.toMatch(/undefined|\$\{/);
    }
  });

  it('leaves a code of another catalogue alone', () => {
    expect(catalogue.translate('ROW_VALUE_NOT_NUMBER', {}, 'fr')).toBeUndefined();
  });
});

describe('coded messages through the error handler’s translators', () => {
  it('words a coded field error and the detail Invalid makes of it', () => {
    const e: FieldError = {
      field: 'releaseAt',
      ...releaseMessages.message('RELEASE_AT_PAST', { now: '2026-12-03T09:00:00.000Z' }),
    };
    expect(e.message).toBe('is in the past (now is 2026-12-03T09:00:00.000Z)');
    expect(translateFieldError(e, 'fr')).toBe(
      'est dans le passé (il est maintenant 2026-12-03T09:00:00.000Z)',
    );
    expect(translateDetail('VALIDATION_FAILED', `releaseAt: ${e.message} (and 1 more)`, 'ru', [e])).toBe(
      'releaseAt: уже в прошлом (сейчас 2026-12-03T09:00:00.000Z) (и ещё 1)',
    );
  });

  it('words the refusals, which carry no code of their own, by their sentence', () => {
    const denied = ruleRunMessages.message('RULE_RUN_DENIED').message;
    expect(translateDetail('FORBIDDEN', denied, 'fr')).toBe(
      'Seuls les gestionnaires de données du secrétariat relancent les règles de validation',
    );
    expect(
      translateDetail('FORBIDDEN', releaseMessages.message('RELEASE_SCHEDULE_DENIED').message, 'ru'),
    ).toBe('Планировать публикации могут только менеджеры данных секретариата');
  });
});
