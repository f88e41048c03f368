/**
 * SDMX REST 3.0 web service (SDMX REST API 2.x), mounted at /api/sdmx/3.0 beside the 2.1 one and answered by the
 * same use cases (sdmx.service.ts: the same figures, disclosure control, embargo and access): structure resources
 * `/structure/{dataflow|datastructure|codelist|conceptscheme}/{agency}/{id}/{version}` as SDMX-JSON 2.0, the data
 * resource `/data/{context}/{agency}/{flow}/{version}/{key}` with `c[…]` filters as SDMX-JSON 2.0 or SDMX-CSV 2.0
 * by Accept. ETag / Last-Modified / Cache-Control as the 2.1 routes. Errors are SDMX-JSON 2.0 error messages
 * rendered by this plugin's own error handler; the door's refusals (401, 403, 429) stay problem+json like the rest
 * of the API. HTTP only.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { SdmxFault } from '../../domain/sdmx/sdmx-query';
import { toSdmxJson2Error } from '../../domain/sdmx/sdmx3-data';
import { negotiateData3, negotiateStructure3 } from '../../domain/sdmx/sdmx3-query';
import { publicRateLimit } from '../../shared/config';
import { AppError } from '../../shared/errors';
import { sdmxPolicy } from './sdmx.policy';
import { sendSdmx } from './sdmx.reply';
import { Data3Path, Data3Query, STRUCTURE_RESOURCES, Structure3Query, StructureParams } from './sdmx.schema';
import { readData3, readStructures3 } from './sdmx.service';

const tags = ['sdmx'];

function sendSdmx3Error(reply: FastifyReply, status: number, message: string) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(toSdmxJson2Error(status, message, new Date())));
}

export const sdmx3Routes: FastifyPluginAsyncZod = async (app) => {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply) => {
    if (err instanceof SdmxFault) return sendSdmx3Error(reply, err.status, err.message);
    // The door's answers (401, 403 token scope, 429 rate limit) stay problem+json like the rest of the API.
    if (err instanceof AppError && [401, 403, 429].includes(err.status)) throw err;
    if (err instanceof AppError) return sendSdmx3Error(reply, err.status, err.message);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const where = `${err.validationContext ?? 'query'}${first?.instancePath.replaceAll('/', '.') ?? ''}`;
      return sendSdmx3Error(reply, 400, `Syntax error: ${where}: ${first?.message ?? 'is invalid'}`);
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return sendSdmx3Error(reply, err.statusCode, err.message);
    req.log.error({ err }, 'unhandled error');
    return sendSdmx3Error(reply, 500, 'Internal server error; the error was logged');
  });

  for (const resource of STRUCTURE_RESOURCES)
    for (const path of ['', '/:agency', '/:agency/:id', '/:agency/:id/:version'])
      app.get(
        `/structure/${resource}${path}`,
        {
          schema: {
            tags,
            summary: `SDMX ${resource} query (SDMX REST 3.0 structure resource)`,
            description:
              'agency: PASSAGE or *; id: an id or *; version: 1.0, ~ (latest), + (latest stable) or *. ' +
              'SDMX-JSON 2.0 (application/vnd.sdmx.structure+json;version=2.0.0). ' +
              'references=none (default)|parents|ancestors|children|descendants|all; detail=full. See docs/sdmx.md.',
            params: StructureParams,
            querystring: Structure3Query,
          },
          config: { access: sdmxPolicy.read, rateLimit: publicRateLimit() },
        },
        async (req, reply) => {
          negotiateStructure3(req.headers.accept);
          return sendSdmx(req, reply, await readStructures3(req.ctx, resource, req.params, req.query));
        },
      );

  for (const path of [
    '/data/:context/:agencyID/:resourceID',
    '/data/:context/:agencyID/:resourceID/:version',
    '/data/:context/:agencyID/:resourceID/:version/:key',
  ])
    app.get(
      path,
      {
        schema: {
          tags,
          summary: 'SDMX data query (SDMX REST 3.0 data resource)',
          description:
            'context: dataflow; agencyID: PASSAGE or *; resourceID: DF_<DIALOGUE>; version: 1.0, ~, + or *. ' +
            'key: codes in DSD order separated by dots, * for every code, + for OR, several keys separated by ' +
            'commas, * for everything. c[COMPONENT]=A,B (OR), c[TIME_PERIOD]=ge:2024-01+le:2024-12 (AND), ' +
            'operators eq ne lt le gt ge co nc sw ew. Formats by Accept: SDMX-JSON 2.0 ' +
            '(application/vnd.sdmx.data+json;version=2.0.0, default) or SDMX-CSV 2.0 ' +
            '(application/vnd.sdmx.data+csv;version=2.0.0). Callers who are not members of the dialogue get ' +
            'figures after disclosure control (CONF_STATUS C/D, no value). See docs/sdmx.md.',
          params: Data3Path,
          querystring: Data3Query,
        },
        config: { access: sdmxPolicy.read, rateLimit: publicRateLimit() },
      },
      async (req, reply) =>
        sendSdmx(
          req,
          reply,
          await readData3(req.ctx, req.params, req.query, negotiateData3(req.headers.accept)),
        ),
    );
};
