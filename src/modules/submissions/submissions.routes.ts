/**
 * The submission workflow of a dialogue, mounted at /api/dialogues/:slug: drafts, their figures and findings,
 * submit, validate, return, publish, and the diff against the published figures. HTTP only
 * (submissions.service.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routesOf } from '../../shared/routes';
import { ObservationView, SlugParams } from '../observations/observations.schema';
import { submissionsPolicy } from './submissions.policy';
import { cancelRelease, scheduleRelease } from './submissions.release';
import {
  DecisionBody,
  DiffQuery,
  DiffView,
  FigureEditBody,
  FigureRemoveBody,
  FigureRemovedView,
  FindingView,
  ReleaseView,
  ReturnBody,
  ScheduleReleaseBody,
  SubmissionCreateBody,
  SubmissionDetail,
  SubmissionListQuery,
  SubmissionObservationsQuery,
  SubmissionParams,
  SubmissionView,
  SubmitBody,
} from './submissions.schema';
import {
  checkSubmission,
  createSubmission,
  diffSubmission,
  editFigure,
  getSubmission,
  listSubmissionObservations,
  listSubmissions,
  publishSubmission,
  removeFigure,
  returnSubmission,
  submitSubmission,
  validateSubmission,
} from './submissions.service';

const tags = ['submissions'];

export const submissionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/submissions', submissionsPolicy.read, {
    schema: {
      summary: "Submissions the caller may see (own state's, or all for the secretariat)",
      params: SlugParams,
      querystring: SubmissionListQuery,
      response: { 200: z.array(SubmissionView) },
    },
    handler: (req) => listSubmissions(req.ctx, req.params.slug, req.query),
    responseCache: true,
  });

  api.post('/submissions', submissionsPolicy.create, {
    schema: {
      summary: 'Create a draft submission, empty or with observations as JSON',
      params: SlugParams,
      body: SubmissionCreateBody,
      response: { 201: SubmissionDetail },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createSubmission(req.ctx, req.params.slug, req.body)),
  });

  api.get('/submissions/:id', submissionsPolicy.read, {
    schema: {
      summary: 'A submission with its comments and findings',
      params: SubmissionParams,
      response: { 200: SubmissionDetail },
    },
    handler: (req) => getSubmission(req.ctx, req.params.slug, req.params.id),
  });

  api.get('/submissions/:id/observations', submissionsPolicy.read, {
    schema: {
      summary: "A submission's current figures",
      params: SubmissionParams,
      querystring: SubmissionObservationsQuery,
      response: { 200: z.array(ObservationView) },
    },
    handler: (req) => listSubmissionObservations(req.ctx, req.params.slug, req.params.id, req.query),
  });

  api.get('/submissions/:id/findings', submissionsPolicy.read, {
    schema: {
      summary:
        'Run the validation rules on the submission now (errors block submitting; warnings need a comment)',
      params: SubmissionParams,
      response: { 200: z.array(FindingView) },
    },
    handler: (req) => checkSubmission(req.ctx, req.params.slug, req.params.id),
  });

  api.get('/submissions/:id/diff', submissionsPolicy.read, {
    schema: {
      summary: 'Each figure against the current published value and the same month last year',
      params: SubmissionParams,
      querystring: DiffQuery,
      response: { 200: DiffView },
    },
    handler: (req) =>
      diffSubmission(req.ctx, req.params.slug, req.params.id, {
        onlyChanged: req.query.onlyChanged === 'true',
        limit: req.query.limit,
        offset: req.query.offset,
      }),
  });

  api.put('/submissions/:id/figures', submissionsPolicy.change, {
    schema: {
      summary: 'Set one figure of a draft or returned submission (optimistic concurrency: expectedRevision)',
      description:
        'If the figure changed since the caller read it, 409 CONFLICT with the current version in `current`.',
      params: SubmissionParams,
      body: FigureEditBody,
      response: { 200: ObservationView },
    },
    handler: (req) => editFigure(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.delete('/submissions/:id/figures', submissionsPolicy.change, {
    schema: {
      summary:
        'Take one figure out of a draft or returned submission (optimistic concurrency: expectedRevision)',
      description:
        'The pending revision is kept in the figure history as superseded. 409 CONFLICT if the figure changed since the caller read it.',
      params: SubmissionParams,
      body: FigureRemoveBody,
      response: {
        200: FigureRemovedView,
      },
    },
    handler: (req) => removeFigure(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.post('/submissions/:id/submit', submissionsPolicy.change, {
    schema: {
      summary: 'Submit for review: rules run; errors block, each warning needs a comment (warningComments)',
      params: SubmissionParams,
      body: SubmitBody,
      response: { 200: SubmissionDetail },
    },
    handler: (req) => submitSubmission(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.post('/submissions/:id/validate', submissionsPolicy.decide, {
    schema: {
      summary: 'Validate a submitted submission (data manager)',
      params: SubmissionParams,
      body: DecisionBody,
      response: { 200: SubmissionDetail },
    },
    handler: (req) => validateSubmission(req.ctx, req.params.slug, req.params.id, req.body.comment),
  });

  api.post('/submissions/:id/return', submissionsPolicy.decide, {
    schema: {
      summary: 'Return a submission to its reporter with a comment (data manager)',
      params: SubmissionParams,
      body: ReturnBody,
      response: { 200: SubmissionDetail },
    },
    handler: (req) => returnSubmission(req.ctx, req.params.slug, req.params.id, req.body.comment),
  });

  api.post('/submissions/:id/publish', submissionsPolicy.decide, {
    schema: {
      summary:
        'Publish a validated submission: its figures become the current published revisions (data manager)',
      params: SubmissionParams,
      body: DecisionBody,
      response: { 200: SubmissionDetail },
    },
    handler: (req) => publishSubmission(req.ctx, req.params.slug, req.params.id, req.body.comment),
  });

  api.post('/submissions/:id/release', submissionsPolicy.decide, {
    schema: {
      summary:
        'Schedule a validated submission for publication at a date-time with its UTC offset and time zone (embargo; data manager)',
      params: SubmissionParams,
      body: ScheduleReleaseBody,
      response: { 201: ReleaseView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await scheduleRelease(req.ctx, req.params.slug, req.params.id, req.body)),
  });

  api.delete('/submissions/:id/release', submissionsPolicy.decide, {
    schema: {
      summary: 'Cancel the scheduled release of a submission (data manager)',
      params: SubmissionParams,
      response: { 200: ReleaseView },
    },
    handler: (req) => cancelRelease(req.ctx, req.params.slug, req.params.id),
  });
};
