/**
 * Refuses U+0000 anywhere in a request's path parameters, query or JSON body with 400 VALIDATION_FAILED naming
 * the field, before the route's own validation runs, so no schema of any module has to remember it (the rule
 * is src/shared/nul-text.ts). Registered after the auth plugin: anonymous callers of a protected route still
 * get their 401 first.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Invalid } from '../../shared/errors';
import { findNul } from '../../shared/nul-text';

export const rejectNulPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (req) => {
    const found =
      findNul(req.params, 'params') ?? findNul(req.query, 'querystring') ?? findNul(req.body, 'body');
    if (found) throw new Invalid([found]);
  });
});
