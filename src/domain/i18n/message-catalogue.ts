/**
 * A catalogue of coded messages in English, French and Russian, the shape of the importer's and the mapping
 * step's (src/domain/observations/row-messages.ts, src/domain/import-mapping/messages.ts) for the smaller sets
 * of other use cases (scheduling a release, re-running the rules). A FieldError built from one carries `code`
 * and `params`, and the API's error handler words it in the caller's language (field-messages.ts); a sentence
 * without parameters used as a refusal's detail is translated by its English text (error-messages.ts).
 */
import type { MessageParams } from '../import-mapping/messages';

export type CatalogueLanguage = 'en' | 'fr' | 'ru';
export type MessageTemplate = Readonly<Record<CatalogueLanguage, (p: MessageParams) => string>>;

export interface CodedMessage<C extends string> {
  message: string;
  code: C;
  params: MessageParams;
}

export interface MessageCatalogue<C extends string> {
  readonly messages: Readonly<Record<C, MessageTemplate>>;
  /** The English message of a code, with the code and parameters (spread it into a FieldError). */
  message(code: C, params?: MessageParams): CodedMessage<C>;
  /** The message of a code in a language, or undefined for a code that is not this catalogue's. */
  translate(code: string, params: MessageParams, lang: 'fr' | 'ru'): string | undefined;
  /** The sentences without parameters, by their English text (for details, which carry no code). */
  sentences(): Record<string, Record<'fr' | 'ru', string>>;
}

export function messageCatalogue<C extends string>(
  messages: Readonly<Record<C, MessageTemplate>>,
): MessageCatalogue<C> {
  const byCode: Readonly<Record<string, MessageTemplate | undefined>> = messages;
  return {
    messages,
    message: (code, params = {}) => ({ message: messages[code].en(params), code, params }),
    translate: (code, params, lang) => byCode[code]?.[lang](params),
    sentences: () =>
      Object.fromEntries(
        Object.values<MessageTemplate>(messages)
          .filter((t) => t.en.length === 0)
          .map((t) => [t.en({}), { fr: t.fr({}), ru: t.ru({}) }]),
      ),
  };
}
