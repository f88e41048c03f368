/**
 * SDMX REST 2.1 web service, mounted at /api/sdmx/2.1: structure resources (`/dataflow`, `/datastructure`,
 * `/codelist`, `/conceptscheme`, each `/{agency}/{id}/{version}` with `all`/`latest`), the data resource
 * `/data/{flow}/{key}/{provider}`. Formats by Accept
 * or `format=`; ETag / Last-Modified / Cache-Control with 304 on If-None-Match. Errors are SDMX error messages
 * (SDMX-ML `mes:Error`, or SDMX-JSON `errors` when JSON was asked for), rendered by this plugin's own error
 * handler; the door's refusals (401, 403, 429) stay problem+json like the rest of the API. HTTP only: the use cases are in sdmx.service.ts.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { toSdmxJsonError, toSdmxMlError } from '../../domain/sdmx/sdmx-data';
import { errorFormat, negotiateData, negotiateStructure, SdmxFault } from '../../domain/sdmx/sdmx-query';
import { publicRateLimit } from '../../shared/config';
import { AppError } from '../../shared/errors';
import { sdmxPolicy } from './sdmx.policy';
import { sendSdmx } from './sdmx.reply';
import { DataParams, DataQuery, STRUCTURE_RESOURCES, StructureParams, StructureQuery } from './sdmx.schema';
import { readData, readStructures } from './sdmx.service';

const tags = ['sdmx'];

/** SDMX standard error code of an HTTP status (SDMX REST 2.1 error handling). */
const SDMX_CODE_OF: Record<number, number> = {
  400: 140,
  401: 110,
  403: 110,
  404: 100,
  406: 406,
  413: 130,
  429: 503,
  501: 501,
};

function sendSdmxError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: number,
  message: string,
) {
  const q = req.query as { format?: string } | undefined;
  const asJson =
    errorFormat(req.headers.accept, typeof q?.format === 'string' ? q.format : undefined) === 'json';
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type(asJson ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8')
    .send(asJson ? JSON.stringify(toSdmxJsonError(code, message)) : toSdmxMlError(code, message));
}

export const sdmxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof SdmxFault) return sendSdmxError(req, reply, err.status, err.sdmxCode, err.message);
    // The door's answers (401, 403 token scope, 429 rate limit) stay problem+json like the rest of the API: the
    // parent handler renders them, with their stable codes (TOKEN_SCOPE_MISSING …) and Retry-After.
    if (err instanceof AppError && [401, 403, 429].includes(err.status)) throw err;
    if (err instanceof AppError) {
      if (typeof err.extra.retryAfterSeconds === 'number')
        reply.header('retry-after', String(err.extra.retryAfterSeconds));
      return sendSdmxError(req, reply, err.status, SDMX_CODE_OF[err.status] ?? 500, err.message);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const where = `${err.validationContext ?? 'query'}${first?.instancePath.replaceAll('/', '.') ?? ''}`;
      return sendSdmxError(req, reply, 400, 140, `Syntax error: ${where}: ${first?.message ?? 'is invalid'}`);
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return sendSdmxError(req, reply, err.statusCode, SDMX_CODE_OF[err.statusCode] ?? 140, err.message);
    req.log.error({ err }, 'unhandled error');
    return sendSdmxError(req, reply, 500, 500, 'Internal server error; the error was logged');
  });

  for (const resource of STRUCTURE_RESOURCES)
    for (const path of ['', '/:agency', '/:agency/:id', '/:agency/:id/:version'])
      app.get(
        `/${resource}${path}`,
        {
          schema: {
            tags,
            summary: `SDMX ${resource} query (SDMX REST 2.1 structure resource)`,
            description:
              'agency: PASSAGE or all; id: an id or all; version: 1.0, latest or all. format=structure (SDMX-ML 2.1, ' +
              'default) or sdmx-json (SDMX-JSON 1.0), or by Accept. references=none|children|descendants|all ' +
              '(a datastructure comes with its codelists and concepts unless references=none).',
            params: StructureParams,
            querystring: StructureQuery,
          },
          config: { access: sdmxPolicy.read, rateLimit: publicRateLimit() },
        },
        async (req, reply) =>
          sendSdmx(
            req,
            reply,
            await readStructures(
              req.ctx,
              resource,
              req.params,
              req.query,
              negotiateStructure(req.headers.accept, req.query.format),
            ),
          ),
      );

  for (const path of ['/data/:flow', '/data/:flow/:key', '/data/:flow/:key/:provider'])
    app.get(
      path,
      {
        schema: {
          tags,
          summary: 'SDMX data query (SDMX REST 2.1 data resource)',
          description:
            'flow: DF_<DIALOGUE> or PASSAGE,DF_<DIALOGUE>,1.0. key: codes in DSD order separated by dots, + for ' +
            'OR, an empty position or "all" for every code. Formats: genericdata (default), ' +
            'structurespecificdata, jsondata (SDMX-JSON 1.0), csv (SDMX-CSV 1.0), by format= or Accept. ' +
            'Callers who are not members of the dialogue get figures after disclosure control (CONF_STATUS C/D, ' +
            'no value). See docs/sdmx.md.',
          params: DataParams,
          querystring: DataQuery,
        },
        // Kept by the response cache per Accept and caller (src/shared/response-cache.ts).
        config: { access: sdmxPolicy.read, rateLimit: publicRateLimit(), responseCache: true },
      },
      async (req, reply) =>
        sendSdmx(
          req,
          reply,
          await readData(req.ctx, req.params, req.query, negotiateData(req.headers.accept, req.query.format)),
        ),
    );
};
