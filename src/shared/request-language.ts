import type { FastifyRequest } from 'fastify';
import { matchLanguage, negotiateLanguage } from '../domain/i18n/negotiate-language';
import { LOCALES, type Locale } from './locales';

/** Why a language was chosen: the request asked (?lang=), the browser said (Accept-Language), the account, or none. */
export type LanguageSource = 'query' | 'accept-language' | 'account' | 'default';

/**
 * The language to answer a request in (API errors, exports, the web app's first screen):
 * `?lang=` if given and supported, else the best match of the Accept-Language header, else the logged-in
 * user's stored locale, else English. The web app sends its interface language as Accept-Language.
 */
export function requestLanguage(req: FastifyRequest): { language: Locale; source: LanguageSource } {
  const query = req.query as Record<string, unknown> | undefined;
  const asked = typeof query?.lang === 'string' ? matchLanguage(query.lang, LOCALES) : null;
  if (asked) return { language: asked as Locale, source: 'query' };
  const negotiated = negotiateLanguage(req.headers['accept-language'], LOCALES);
  if (negotiated) return { language: negotiated as Locale, source: 'accept-language' };
  const account = matchLanguage(req.sessionUser?.locale, LOCALES);
  if (account) return { language: account as Locale, source: 'account' };
  return { language: 'en', source: 'default' };
}
