import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors';
import { COLUMN_LABELS, columnLabels } from './column-labels';
import { ERROR_TITLES, translateDetail, translateTitle } from './error-messages';

/** The codes every client meets; they must be translated (other codes fall back to English). */
const MAIN_CODES: ErrorCode[] = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'CONFLICT',
  'ALREADY_EXISTS',
  'ACCOUNT_LOCKED',
  'RATE_LIMITED',
  'CSRF_REJECTED',
  'IMPORT_REJECTED',
  'INTERNAL',
];

describe('API error messages in French and Russian', () => {
  it('translates the title of every main code, and only known codes', () => {
    for (const lang of ['fr', 'ru'] as const) {
      for (const code of MAIN_CODES) expect(ERROR_TITLES[lang][code], `${lang} ${code}`).toBeTruthy();
      for (const code of Object.keys(ERROR_TITLES[lang])) expect(ERROR_CODES).toHaveProperty(code);
    }
  });

  it('falls back to English for a code without a translation', () => {
    const untranslated = (Object.keys(ERROR_CODES) as ErrorCode[]).find((c) => !ERROR_TITLES.fr[c]);
    if (untranslated) expect(translateTitle(untranslated, 'fr')).toBe(ERROR_CODES[untranslated]);
    expect(translateTitle('NOT_FOUND', 'ru')).toBe('Ресурс не существует или недоступен вам');
  });

  it('translates stock details and "… was not found", and keeps other details as they are', () => {
    expect(translateDetail('FORBIDDEN', 'You are not allowed to do this', 'fr')).toBe(
      'Vous n’êtes pas autorisé à faire ceci',
    );
    expect(translateDetail('NOT_FOUND', 'Dialogue "x" was not found', 'ru')).toBe('Не найдено: Dialogue "x"');
    expect(translateDetail('CSRF_REJECTED', ERROR_CODES.CSRF_REJECTED, 'fr')).toBe(
      'Requête intersite refusée',
    );
    expect(translateDetail('VALIDATION_FAILED', 'body.email: Invalid email address', 'fr')).toBe(
      'body.email: Invalid email address',
    );
  });

  it('labels every export column in every language', () => {
    const fields = Object.keys(COLUMN_LABELS.en);
    for (const lang of ['fr', 'ru'] as const)
      expect(Object.keys(COLUMN_LABELS[lang]).sort()).toEqual([...fields].sort());
    expect(columnLabels(['indicator', 'value', 'extra'], 'fr')).toEqual(['Indicateur', 'Valeur', 'extra']);
  });
});
