import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { databaseTroubleOf } from '../../db/database-errors';
import { translateDetail, translateTitle } from '../../domain/i18n/error-messages';
import { translateFieldError } from '../../domain/i18n/field-messages';
import { AppError, ERROR_CODES, type ErrorCode, type FieldError } from '../../shared/errors';
import { requestLanguage } from '../../shared/request-language';

interface ProblemInput {
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  /** Extra members, e.g. the current version in a conflict. */
  [key: string]: unknown;
}

function send(reply: FastifyReply, req: FastifyRequest, problem: ProblemInput) {
  // Title and stock details in the caller's language (?lang=, Accept-Language, account); `code` never changes.
  const { language } = requestLanguage(req);
  const body = {
    type: `https://passage.invalid/problems/${problem.code.toLowerCase().replaceAll('_', '-')}`,
    title: language === 'en' ? ERROR_CODES[problem.code] : translateTitle(problem.code, language),
    instance: req.id,
    ...problem,
    ...(language === 'en'
      ? {}
      : {
          detail: translateDetail(problem.code, problem.detail, language, problem.errors),
          ...(problem.errors
            ? {
                errors: problem.errors.map((e) => ({
                  ...e,
                  message: translateFieldError(e, language),
                })),
              }
            : {}),
        }),
  };
  return reply
    .code(problem.status)
    .header('content-language', language)
    .type('application/problem+json')
    .send(body);
}

/** A statement that failed on a full disk was rolled back: nothing of this request was written. */
const DISK_FULL_DETAIL =
  'The database has no space left on its disk, so nothing of this request was written. An administrator must free space; then try again.';
/** A lost connection may have cut a COMMIT: whether the change was kept is not known here. */
const UNAVAILABLE_DETAIL =
  'The database does not answer (it may be restarting). Try again in a minute; check whether your last change was kept.';

/** Turns a zod issue path into `body.members[2].email` style field names. */
function fieldPath(location: string, path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`),
    location,
  );
}

/** Renders every error as application/problem+json with a stable code; unknown errors become a logged 500. */
export const problemJsonPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      if (typeof err.extra.retryAfterSeconds === 'number')
        reply.header('retry-after', String(err.extra.retryAfterSeconds));
      return send(reply, req, { status: err.status, code: err.code, detail: err.message, ...err.extra });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const location = err.validationContext ?? 'body';
      const errors: FieldError[] = err.validation.flatMap((v) => {
        const path = v.instancePath.split('/').filter(Boolean);
        const keys = (v.params as { keys?: unknown }).keys;
        // An unknown field is reported where it is, not on its parent object.
        if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
          return keys.map((k) => ({
            field: fieldPath(location, [...path, String(k)]),
            message: 'is not a known field',
          }));
        }
        return [
          {
            field: fieldPath(
              location,
              path.map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
            ),
            message: v.message ?? 'is invalid',
          },
        ];
      });
      const first = errors[0];
      const detail = first ? `${first.field}: ${first.message}` : 'Invalid request';
      return send(reply, req, { status: 400, code: 'VALIDATION_FAILED', detail, errors });
    }
    if (
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      (err instanceof SyntaxError && err.statusCode === 400)
    ) {
      return send(reply, req, {
        status: 400,
        code: 'MALFORMED_JSON',
        detail: `Body is not valid JSON: ${err.message}`,
      });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code: ErrorCode = err.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
      return send(reply, req, { status: err.statusCode, code, detail: err.message });
    }
    const trouble = databaseTroubleOf(err);
    if (trouble) {
      req.log.error({ err }, `database ${trouble}`);
      return send(
        reply,
        req,
        trouble === 'disk-full'
          ? {
              status: 503,
              code: 'DATABASE_DISK_FULL',
              detail: DISK_FULL_DETAIL,
            }
          : { status: 503, code: 'DATABASE_UNAVAILABLE', detail: UNAVAILABLE_DETAIL },
      );
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, req, {
      status: 500,
      code: 'INTERNAL',
      detail: 'Something went wrong on our side. The error was logged.',
    });
  });
});

export function sendRouteNotFound(req: FastifyRequest, reply: FastifyReply) {
  return send(reply, req, {
    status: 404,
    code: 'ROUTE_NOT_FOUND',
    detail: `No API endpoint ${req.method} ${req.url.split('?')[0]}`,
  });
}
