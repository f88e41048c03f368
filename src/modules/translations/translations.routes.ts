import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LOCALES } from '../../shared/locales';
import { requestLanguage } from '../../shared/request-language';
import { routesOf } from '../../shared/routes';
import { translationsPolicy } from './translations.policy';
import {
  SlugParams,
  TranslationEditBody,
  TranslationHistoryQuery,
  TranslationItem,
  TranslationRevisionView,
  TranslationsView,
} from './translations.schema';
import { editTranslation, listTranslations, translationHistory } from './translations.service';

/** Content translations of a dialogue, under /api/dialogues/:slug/translations. The secretariat only. */
export const translationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['translations']);

  api.get('/', translationsPolicy.read, {
    schema: {
      summary: 'Every translatable text of the dialogue per language, with coverage (secretariat)',
      params: SlugParams,
      response: { 200: TranslationsView },
    },
    handler: (req) => listTranslations(req.ctx, req.params.slug),
  });

  api.put('/', translationsPolicy.edit, {
    schema: {
      summary:
        'Set or remove one language of one text as a new revision; 409 when it changed since baseRevision (secretariat)',
      params: SlugParams,
      body: TranslationEditBody,
      response: { 200: TranslationItem },
    },
    handler: (req) => editTranslation(req.ctx, req.params.slug, req.body),
  });

  api.get('/history', translationsPolicy.read, {
    schema: {
      summary: 'Every revision of one text in one language, newest first (secretariat)',
      params: SlugParams,
      querystring: TranslationHistoryQuery,
      response: { 200: z.array(TranslationRevisionView) },
    },
    handler: (req) => translationHistory(req.ctx, req.params.slug, req.query),
  });
};

/** GET /api/i18n/language: the interface language the server picks for this caller. */
export const languageRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['i18n']);

  api.get('/language', 'public', {
    schema: {
      summary:
        'The language negotiated for this caller: ?lang=, else Accept-Language, else the account, else English',
      querystring: z.object({ lang: z.string().max(100).optional() }).strict(),
      response: {
        200: z.object({
          language: z.enum(LOCALES),
          source: z.enum(['query', 'accept-language', 'account', 'default']),
          available: z.array(z.enum(LOCALES)),
        }),
      },
    },
    handler: async (req, reply) => {
      const negotiated = requestLanguage(req);
      // The answer depends on these request headers (and the session cookie).
      reply.header('vary', 'Accept-Language, Cookie');
      return { ...negotiated, available: [...LOCALES] };
    },
  });
};
