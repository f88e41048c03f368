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
import { portalMapMessages } from '../portal/map-messages';
import { ruleRunMessages } from '../rules/run-messages';
import { releaseMessages } from '../submissions/release-messages';
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

const FIELD_MESSAGES: Record<string, Record<MessageLanguage, string>> = {
  ...Object.fromEntries(
    (Object.keys(PASSWORD_PROBLEM_MESSAGES) as PasswordProblem[]).map((p) => [
      PASSWORD_PROBLEM_MESSAGES[p],
      PASSWORD_PROBLEM_TRANSLATIONS[p],
    ]),
  ),
  // A schema's own message (the release's date-time without its offset) has no code on its way out.
  ...releaseMessages.sentences(),
  // The portal map's period format (a schema's message, also without its code on the way out).
  ...portalMapMessages.sentences(),
};

/** The catalogues of coded messages besides the importer's and the mapping step's. */
const CATALOGUES = [releaseMessages, ruleRunMessages, portalMapMessages];

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
 * is a stock field message, or the first error's message when that has a code (`first`), in `lang`;
 * undefined otherwise.
 */
export function translateFieldDetail(
  detail: string,
  lang: MessageLanguage,
  first?: Parameters<typeof translateFieldError>[0] & { field: string },
): string | undefined {
  if (first?.code && detail.startsWith(`${first.field}: ${first.message}`)) {
    const rest = detail.slice(`${first.field}: ${first.message}`.length);
    const more = /^ \(and (\d+) more\)$/.exec(rest);
    if (rest === '' || more) {
      const translated = translateFieldError(first, lang);
      if (translated !== first.message)
        return `${first.field}: ${translated}${more ? AND_MORE[lang](more[1]!) : ''}`;
    }
  }
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
  const code = e.code;
  const params = e.params ?? {};
  return (
    (code && translateMappingMessage(code, params, lang)) ||
    (code && translateRowMessage(code, params, lang)) ||
    (code && CATALOGUES.map((c) => c.translate(code, params, lang)).find((m) => m !== undefined)) ||
    translateFieldMessage(e.message, lang)
  );
}
