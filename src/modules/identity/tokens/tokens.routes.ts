import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routesOf } from '../../../shared/routes';
import { tokensPolicy } from './tokens.policy';
import { TokenCreateBody, TokenCreated, TokenParams, TokenView } from './tokens.schema';
import { createToken, listTokens, revokeToken } from './tokens.service';

const tags = ['tokens'];

/** The logged-in user's API tokens (`/api/tokens`). Use one as `Authorization: Bearer psg_…`. */
export const tokensRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/', tokensPolicy.self, {
    schema: { summary: 'Your API tokens (never their secrets)', response: { 200: z.array(TokenView) } },
    handler: (req) => listTokens(req.ctx),
  });

  api.post('/', tokensPolicy.self, {
    schema: {
      summary: 'Create an API token for one dialogue with scopes; the secret is shown this once',
      body: TokenCreateBody,
      response: { 201: TokenCreated },
    },
    handler: async (req, reply) => reply.code(201).send(await createToken(req.ctx, req.body)),
  });

  api.delete('/:tokenId', tokensPolicy.self, {
    schema: { summary: 'Revoke one of your API tokens', params: TokenParams, response: { 200: TokenView } },
    handler: (req) => revokeToken(req.ctx, req.params.tokenId),
  });
};
