/** Implementation monitoring of declarations, under /api/dialogues/:slug/monitoring. HTTP only (monitoring.service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { dashboardWorkbook } from './monitoring.export';
import { monitoringPolicy } from './monitoring.policy';
import {
  ActionBody,
  CommitmentParams,
  CycleBody,
  CycleCommitmentParams,
  CycleParams,
  CycleView,
  DashboardView,
  DeclarationCreateBody,
  DeclarationList,
  DeclarationParams,
  DeclarationProgressView,
  DeclarationView,
  ReportBody,
  ReportHistory,
  ReportParams,
  ReportView,
  ReviewBody,
  SlugParams,
  SplitBody,
  SplitView,
  SubmitBody,
} from './monitoring.schema';
import {
  addAction,
  closeCycle,
  createDeclaration,
  editReport,
  getCycle,
  getDashboard,
  getDashboardPdf,
  getDeclaration,
  getDeclarationProgress,
  getReportHistory,
  listDeclarations,
  openCycle,
  proposeDeclarationSplit,
  reviewReport,
  saveReport,
  submitReport,
} from './monitoring.service';

const tags = ['monitoring'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const monitoringRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.post('/split', monitoringPolicy.manage, {
    schema: {
      summary:
        "Propose the split of a declaration's text into commitments by its numbering (nothing is written)",
      params: SlugParams,
      body: SplitBody,
      response: { 200: SplitView },
    },
    handler: (req) => proposeDeclarationSplit(req.ctx, req.params.slug, req.body),
  });

  api.get('/declarations', monitoringPolicy.read, {
    schema: {
      summary: 'The declarations monitored in the dialogue, newest first',
      params: SlugParams,
      response: { 200: DeclarationList },
    },
    handler: (req) => listDeclarations(req.ctx, req.params.slug),
  });

  api.post('/declarations', monitoringPolicy.manage, {
    schema: {
      summary:
        'Import a declaration with its corrected split (it must join back to the text; each commitment number once)',
      params: SlugParams,
      body: DeclarationCreateBody,
      response: { 201: DeclarationView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createDeclaration(req.ctx, req.params.slug, req.body)),
  });

  api.get('/declarations/:id', monitoringPolicy.read, {
    schema: {
      summary: 'A declaration: its text, commitments with their actions, and its reporting cycles',
      params: DeclarationParams,
      response: { 200: DeclarationView },
    },
    handler: (req) => getDeclaration(req.ctx, req.params.slug, req.params.id),
  });

  api.get('/declarations/:id/progress', monitoringPolicy.read, {
    schema: {
      summary:
        'The ministerial view: progress of the declaration in every reporting cycle since its adoption',
      params: DeclarationParams,
      response: { 200: DeclarationProgressView },
    },
    handler: (req) => getDeclarationProgress(req.ctx, req.params.slug, req.params.id),
  });

  api.post('/declarations/:id/commitments/:commitmentId/actions', monitoringPolicy.manage, {
    schema: {
      summary: 'Add an action or project to a commitment (lead, partners, funding, period, status)',
      params: CommitmentParams,
      body: ActionBody,
      response: { 201: DeclarationView },
    },
    handler: async (req, reply) =>
      reply
        .code(201)
        .send(await addAction(req.ctx, req.params.slug, req.params.id, req.params.commitmentId, req.body)),
  });

  api.post('/declarations/:id/cycles', monitoringPolicy.manage, {
    schema: {
      summary: 'Open a reporting cycle on the declaration with a deadline',
      params: DeclarationParams,
      body: CycleBody,
      response: { 201: CycleView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await openCycle(req.ctx, req.params.slug, req.params.id, req.body)),
  });

  api.get('/cycles/:id', monitoringPolicy.read, {
    schema: {
      summary:
        "A reporting cycle: the commitments, the reports you see (your organisation's drafts too), what you may do",
      params: CycleParams,
      response: { 200: CycleView },
    },
    handler: (req) => getCycle(req.ctx, req.params.slug, req.params.id),
  });

  api.post('/cycles/:id/close', monitoringPolicy.manage, {
    schema: {
      summary: 'Close a reporting cycle: it becomes read-only',
      params: CycleParams,
      response: { 200: CycleView },
    },
    handler: (req) => closeCycle(req.ctx, req.params.slug, req.params.id),
  });

  api.put('/cycles/:id/reports/:commitmentId', monitoringPolicy.report, {
    schema: {
      summary:
        "Save your state's report on a commitment as a draft (status, narrative, evidence links): new, or a new revision",
      params: CycleCommitmentParams,
      body: ReportBody,
      response: { 200: ReportView },
    },
    handler: (req) => saveReport(req.ctx, req.params.slug, req.params.id, req.params.commitmentId, req.body),
  });

  api.get('/cycles/:id/dashboard', monitoringPolicy.read, {
    schema: {
      summary: 'Progress: commitment × state matrix, completeness per state, change since the previous cycle',
      params: CycleParams,
      response: { 200: DashboardView },
    },
    handler: (req) => getDashboard(req.ctx, req.params.slug, req.params.id),
  });

  api.get('/cycles/:id/dashboard.xlsx', monitoringPolicy.read, {
    schema: { summary: 'The progress dashboard as an XLSX workbook', params: CycleParams },
    handler: async (req, reply) => {
      const body = await dashboardWorkbook(await getDashboard(req.ctx, req.params.slug, req.params.id));
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="${req.params.slug}-monitoring-${req.params.id}.xlsx"`,
        )
        .send(body);
    },
  });

  api.get('/cycles/:id/dashboard.pdf', monitoringPolicy.read, {
    schema: {
      summary:
        "The progress dashboard as a PDF for the senior officials' meeting (through the report rendering)",
      params: CycleParams,
    },
    handler: async (req, reply) => {
      const body = await getDashboardPdf(req.ctx, req.params.slug, req.params.id);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="${req.params.slug}-monitoring-${req.params.id}.pdf"`,
        )
        .send(body);
    },
  });

  api.patch('/reports/:id', monitoringPolicy.report, {
    schema: {
      summary: "Change your organisation's report (a new revision; another delegation's report is refused)",
      params: ReportParams,
      body: ReportBody,
      response: { 200: ReportView },
    },
    handler: (req) => editReport(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.post('/reports/:id/submit', monitoringPolicy.report, {
    schema: {
      summary: 'Submit the report to the secretariat',
      params: ReportParams,
      body: SubmitBody,
      response: { 200: ReportView },
    },
    handler: (req) => submitReport(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.post('/reports/:id/review', monitoringPolicy.manage, {
    schema: {
      summary: 'Accept a submitted report, or ask the state questions (it can then change and resubmit it)',
      params: ReportParams,
      body: ReviewBody,
      response: { 200: ReportView },
    },
    handler: (req) => reviewReport(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.get('/reports/:id/history', monitoringPolicy.read, {
    schema: {
      summary: 'Every revision of a report, oldest first',
      params: ReportParams,
      response: { 200: ReportHistory },
    },
    handler: (req) => getReportHistory(req.ctx, req.params.slug, req.params.id),
  });
};
