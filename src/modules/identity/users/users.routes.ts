import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { usersPolicy } from './users.policy';
import { LocaleBody } from './users.schema';
import { setOwnLocale } from './users.service';

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/me/locale',
    {
      schema: {
        tags: ['users'],
        summary: 'Remember the interface language of the logged-in user',
        body: LocaleBody,
        response: { 200: LocaleBody },
      },
      config: { access: usersPolicy.self },
    },
    (req) => setOwnLocale(req.ctx, req.body),
  );
};
