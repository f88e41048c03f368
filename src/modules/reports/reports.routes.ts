import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routesOf } from '../../shared/routes';
import { reportsPolicy } from './reports.policy';
import {
  ReportCreateBody,
  ReportParams,
  ReportView,
  ScheduleCreateBody,
  ScheduleView,
  SlugParams,
} from './reports.schema';
import {
  createReportSchedule,
  deleteReportSchedule,
  generateReport,
  getReport,
  listReportSchedules,
  listReports,
  readReportFile,
} from './reports.service';

const tags = ['reports'];

/** The stored HTML is self-contained: inline styles and SVG, no scripts, nothing loaded from anywhere. */
const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox";

/**
 * Situation reports under /api/dialogues/:slug/reports. Any logged-in user at the door; the service lets
 * members read reports by classification, and analysts and the secretariat generate them (else 404 / 403).
 */
export const reportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/reports', reportsPolicy.read, {
    schema: {
      summary: 'Stored situation reports I may see, newest first',
      params: SlugParams,
      response: { 200: z.array(ReportView) },
    },
    handler: (req) => listReports(req.ctx, req.params.slug),
  });

  api.post('/reports', reportsPolicy.generate, {
    schema: {
      summary: 'Generate a situation report (HTML and PDF) for a route or the whole dialogue and a month',
      params: SlugParams,
      body: ReportCreateBody,
      response: { 201: ReportView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await generateReport(req.ctx, req.params.slug, req.body)),
  });

  api.get('/reports/:id', reportsPolicy.read, {
    schema: { summary: 'One report (metadata)', params: ReportParams, response: { 200: ReportView } },
    handler: (req) => getReport(req.ctx, req.params.slug, req.params.id),
  });

  api.get('/reports/:id/html', reportsPolicy.read, {
    schema: { summary: 'The report as a self-contained HTML page', params: ReportParams },
    handler: async (req, reply) => {
      const f = await readReportFile(req.ctx, req.params.slug, req.params.id, 'html');
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', REPORT_CSP)
        .header('content-disposition', `inline; filename="${f.fileName}"`)
        .send(f.body);
    },
  });

  api.get('/reports/:id/pdf', reportsPolicy.read, {
    schema: { summary: 'The report as PDF', params: ReportParams },
    handler: async (req, reply) => {
      const f = await readReportFile(req.ctx, req.params.slug, req.params.id, 'pdf');
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .send(f.body);
    },
  });

  api.get('/reports/schedules', reportsPolicy.readSchedules, {
    schema: {
      summary: 'Monthly report schedules of the dialogue (secretariat)',
      params: SlugParams,
      response: { 200: z.array(ScheduleView) },
    },
    handler: (req) => listReportSchedules(req.ctx, req.params.slug),
  });

  api.post('/reports/schedules', reportsPolicy.schedule, {
    schema: {
      summary: 'Generate this report for every new month published (secretariat)',
      params: SlugParams,
      body: ScheduleCreateBody,
      response: { 201: ScheduleView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createReportSchedule(req.ctx, req.params.slug, req.body)),
  });

  api.delete('/reports/schedules/:id', reportsPolicy.schedule, {
    schema: { summary: 'Stop a monthly report', params: ReportParams },
    handler: async (req, reply) => {
      await deleteReportSchedule(req.ctx, req.params.slug, req.params.id);
      return reply.code(204).send();
    },
  });
};
