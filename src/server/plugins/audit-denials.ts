import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../db/connect';
import { recordAuditNow } from '../../modules/audit/audit.service';
import { AppError } from '../../shared/errors';

/** The dialogue a refused request was about, when its URL names one by id. */
function dialogueIdOf(req: FastifyRequest): number | null {
  const params = req.params as Record<string, unknown> | undefined;
  const id = Number(params?.dialogueId);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/**
 * Writes every authorisation denial (any 403: an access rule, a service's policy, a missing token scope,
 * CSRF, two-factor enrolment) to the audit log as `access.denied`, in one place: the onError hook sees every
 * error before the problem-json handler answers, whichever layer threw it. The entry names the route
 * pattern (not the raw URL), the code and the refusal; the response waits for it, and a failure to record is
 * logged without changing the answer.
 */
export const auditDenialsPlugin = fp(async (app: FastifyInstance, opts: { db: Db }) => {
  app.addHook('onError', async (req, _reply, err) => {
    if (!(err instanceof AppError) || err.status !== 403) return;
    const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
    const params = (req.params ?? {}) as Record<string, unknown>;
    try {
      await recordAuditNow(
        opts.db,
        req.ctx?.actor ?? null,
        'access.denied',
        { type: 'route', id: route, dialogueId: dialogueIdOf(req) },
        {
          code: err.code,
          detail: err.message,
          ...(typeof params.slug === 'string' ? { dialogue: params.slug } : {}),
        },
        { ip: req.ip },
      );
    } catch (e) {
      req.log.error({ err: e }, 'could not write the audit entry of a denied request');
    }
  });
});
