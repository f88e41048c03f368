/**
 * Field messages (`errors[].message` of a problem+json answer) that are stock sentences, in French and
 * Russian. Most field messages are built from data and stay in English; the ones a person meets while
 * choosing a password are fixed sentences and are translated here, keyed by the English text so the error
 * handler can translate any answer without knowing which service built it.
 */

import { translateMappingMessage } from '../import-mapping/messages';
import { translateRowMessage } from '../observations/row-messages';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_PROBLEM_MESSAGES,
  type PasswordProblem,
} from '../password-rule';
import type { MessageLanguage } from './message-language';

const PASSWORD_PROBLEM_TRANSLATIONS: Record<PasswordProblem, Record<MessageLanguage, string>> = {
  too_short: {
    fr: `doit comporter au moins ${MIN_PASSWORD_LENGTH} caractères`,
    ru: `должен содержать не менее ${MIN_PASSWORD_LENGTH} символов`,
  },
  too_long: {
    fr: `doit comporter au plus ${MAX_PASSWORD_LENGTH} caractères`,
    ru: `должен содержать не более ${MAX_PASSWORD_LENGTH} символов`,
  },
  blank: {
    fr: 'ne doit pas être composé uniquement d’espaces',
    ru: 'не должен состоять только из пробелов',
  },
  email: {
    fr: 'ne doit pas être ni contenir votre adresse e-mail',
    ru: 'не должен совпадать с вашим адресом электронной почты или содержать его',
  },
  common: {
    fr: 'est un mot de passe courant ; choisissez-en un autre',
    ru: 'слишком распространённый пароль; выберите другой',
  },
  guessable: {
    fr: 'est trop facile à deviner (mots courants, noms, suites du clavier, caractères répétés ou dates)',
    ru: 'слишком легко угадать (распространённые слова, имена, последовательности клавиш, повторы или даты)',
  },
};

const FIELD_MESSAGES: Record<string, Record<MessageLanguage, string>> = Object.fromEntries(
  (Object.keys(PASSWORD_PROBLEM_MESSAGES) as PasswordProblem[]).map((p) => [
    PASSWORD_PROBLEM_MESSAGES[p],
    PASSWORD_PROBLEM_TRANSLATIONS[p],
  ]),
);

/** A stock field message in `lang`; any other message is returned as it is. */
export function translateFieldMessage(message: string, lang: MessageLanguage): string {
  return FIELD_MESSAGES[message]?.[lang] ?? message;
}

const AND_MORE: Record<MessageLanguage, (n: string) => string> = {
  fr: (n) => ` (et ${n} de plus)`,
  ru: (n) => ` (и ещё ${n})`,
};

/**
 * A detail of the form `field: message` or `field: message (and N more)` (what Invalid writes) whose message
 * is a stock field message, in `lang`; undefined otherwise.
 */
export function translateFieldDetail(detail: string, lang: MessageLanguage): string | undefined {
  const m = /^([\w.[\]]+): (.+?)(?: \(and (\d+) more\))?$/.exec(detail);
  if (!m) return undefined;
  const translated = translateFieldMessage(m[2]!, lang);
  if (translated === m[2]) return undefined;
  return `${m[1]}: ${translated}${m[3] ? AND_MORE[lang](m[3]) : ''}`;
}

/**
 * A field error's message in `lang`: by its code and parameters when it has them (the mapping step's
 * messages, src/domain/import-mapping/messages.ts, and the template importer's,
 * src/domain/observations/row-messages.ts), else a stock sentence, else as it is.
 */
export function translateFieldError(
  e: {
    message: string;
    code?: string | undefined;
    params?: Readonly<Record<string, string | number>> | undefined;
  },
  lang: MessageLanguage,
): string {
  return (
    (e.code && translateMappingMessage(e.code, e.params ?? {}, lang)) ||
    (e.code && translateRowMessage(e.code, e.params ?? {}, lang)) ||
    translateFieldMessage(e.message, lang)
  );
}
