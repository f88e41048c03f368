import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tokensPolicy } from './tokens.policy';
import { TokenCreateBody, TokenCreated, TokenParams, TokenView } from './tokens.schema';
import { createToken, listTokens, revokeToken } from './tokens.service';

const tags = ['tokens'];

/** The logged-in user's API tokens (`/api/tokens`). Use one as `Authorization: Bearer psg_…`. */
export const tokensRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Your API tokens (never their secrets)',
        response: { 200: z.array(TokenView) },
      },
      config: { access: tokensPolicy.self },
    },
    (req) => listTokens(req.ctx),
  );

  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Create an API token for one dialogue with scopes; the secret is shown this once',
        body: TokenCreateBody,
        response: { 201: TokenCreated },
      },
      config: { access: tokensPolicy.self },
    },
    async (req, reply) => reply.code(201).send(await createToken(req.ctx, req.body)),
  );

  app.delete(
    '/:tokenId',
    {
      schema: {
        tags,
        summary: 'Revoke one of your API tokens',
        params: TokenParams,
        response: { 200: TokenView },
      },
      config: { access: tokensPolicy.self },
    },
    (req) => revokeToken(req.ctx, req.params.tokenId),
  );
};
