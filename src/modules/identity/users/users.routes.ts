import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../../shared/routes';
import { usersPolicy } from './users.policy';
import { LocaleBody } from './users.schema';
import { setOwnLocale } from './users.service';

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['users']);

  api.put('/me/locale', usersPolicy.self, {
    schema: {
      summary: 'Remember the interface language of the logged-in user',
      body: LocaleBody,
      response: { 200: LocaleBody },
    },
    handler: (req) => setOwnLocale(req.ctx, req.body),
  });
};
