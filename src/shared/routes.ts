/**
 * One declaration per route: `routesOf(app, tags)` gives `get`, `post`, `put`, `patch` and `delete` that take
 * the URL, the access rule (config.access, src/shared/access.ts) and the route's OpenAPI summary, zod schemas
 * and handler in one object. The handler is typed from the schemas as with `app.get` (zod type provider).
 * What it saves is the frame every route repeated: `schema: { tags, … }, config: { access }` around the handler.
 */
import type {
  ContextConfigDefault,
  FastifyBaseLogger,
  FastifySchema,
  HTTPMethods,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
} from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AccessRule } from './access';

/** The Fastify instance a zod route plugin receives. */
export type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

/** A route handler typed from the schemas `S` (params, querystring, body, response) by the zod type provider. */
export type ZodHandler<S extends FastifySchema> = RouteHandlerMethod<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  RouteGenericInterface,
  ContextConfigDefault,
  S,
  ZodTypeProvider,
  FastifyBaseLogger
>;

/**
 * The OpenAPI summary and zod schemas of a route (tags come from `routesOf`), and its handler. `responseCache`:
 * its 200 answers may be kept by the response cache (src/shared/response-cache.ts) — only for a GET whose
 * answer depends on nothing but the URL, the language, Accept, the caller and the database.
 */
export type RouteSpec<S extends FastifySchema> = {
  schema: S & { summary: string };
  handler: ZodHandler<S>;
  responseCache?: true;
};

type Declare = <S extends FastifySchema>(url: string, access: AccessRule, spec: RouteSpec<S>) => void;

/** Route declarations of one plugin, every route tagged `tags` in the OpenAPI document. */
export function routesOf(
  app: ZodApp,
  tags: readonly string[],
): Record<'get' | 'post' | 'put' | 'patch' | 'delete', Declare> {
  const declare =
    (method: HTTPMethods): Declare =>
    (url, access, { schema, handler, responseCache }) => {
      const config = responseCache ? { access, responseCache } : { access };
      app.route({ method, url, schema: { tags: [...tags], ...schema }, config, handler });
    };
  return {
    get: declare('GET'),
    post: declare('POST'),
    put: declare('PUT'),
    patch: declare('PATCH'),
    delete: declare('DELETE'),
  };
}
