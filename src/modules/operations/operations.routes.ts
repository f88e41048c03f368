/** Health for load balancers and the Prometheus metrics, under /api. HTTP only (operations.service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import type { PassageMetrics } from './operations.metrics';
import { operationsPolicy } from './operations.policy';
import { HealthView, Liveness, ReadinessView, SystemStatusView } from './operations.schema';
import { readiness, systemStatus } from './operations.service';
import { pingDatabase } from './operations.sql';

export const operationsRoutes: FastifyPluginAsyncZod<{ metrics: PassageMetrics }> = async (app, opts) => {
  const api = routesOf(app, ['system']);

  api.get('/health', operationsPolicy.health, {
    schema: { summary: 'Liveness and which database is in use', response: { 200: HealthView } },
    handler: async (req) => {
      await pingDatabase(req.ctx.db);
      return { status: 'ok' as const, database: req.ctx.db.kind };
    },
  });
  api.get('/health/live', operationsPolicy.health, {
    schema: {
      summary: 'Liveness: the process answers (no database call), for restarts by an orchestrator',
      response: { 200: Liveness },
    },
    handler: async () => ({ status: 'ok' as const }),
  });
  api.get('/health/ready', operationsPolicy.health, {
    schema: {
      summary:
        'Readiness: the database answers, its migrations match this build, the job queue moves; 503 otherwise',
      response: { 200: ReadinessView, 503: ReadinessView },
    },
    handler: async (req, reply) => {
      const r = await readiness(req.ctx.db);
      reply.header('cache-control', 'no-store');
      return reply.code(r.status === 'ready' ? 200 : 503).send(r);
    },
  });
  api.get('/operations/status', operationsPolicy.status, {
    schema: {
      summary: 'The system page: readiness, jobs by status, this server process (administrators)',
      response: { 200: SystemStatusView },
    },
    handler: (req) => systemStatus(req.ctx.db),
  });
  api.get('/metrics', operationsPolicy.metrics, {
    schema: {
      // No response schema: the body is Prometheus's text format, not JSON.
      summary: 'Prometheus metrics: request latency per route template, job queue, database pool, process',
    },
    handler: async (_req, reply) => {
      const { contentType, body } = await opts.metrics.exposition();
      return reply.type(contentType).header('cache-control', 'no-store').send(body);
    },
  });
};
