import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { describeAccess, scopeOf } from '../../shared/access';

/** OpenAPI 3 document generated from the zod route schemas; served at /api/openapi.json, rendered at /api/docs. */
export const openapiPlugin = fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Passage API',
        version: '0.1.0',
        description:
          'The one door to Passage: the web app, the CLI and machine-to-machine submissions all use it. ' +
          'Each operation states who may call it (x-access: a rule of docs/identity.md) and the scope an API ' +
          'token needs (x-token-scope; `session-only`: no token may). Errors are application/problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'passage_session' },
          token: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token (psg_…) with the scope the operation needs',
          },
        },
      },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const access = input.route.config?.access;
      if (access) {
        const schema = out.schema as Record<string, unknown>;
        schema['x-access'] = describeAccess(access);
        const scope = scopeOf(access);
        if (scope) schema['x-token-scope'] = scope;
      }
      return out;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
    app.swagger(),
  );
});
