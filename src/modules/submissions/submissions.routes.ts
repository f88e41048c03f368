/**
 * The submission workflow of a dialogue, mounted at /api/dialogues/:slug: drafts, their figures and findings,
 * submit, validate, return, publish, and the diff against the published figures. HTTP only
 * (submissions.service.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ObservationView, SlugParams } from '../observations/observations.schema';
import { submissionsPolicy } from './submissions.policy';
import {
  DecisionBody,
  DiffQuery,
  DiffView,
  FigureEditBody,
  FigureRemoveBody,
  FigureRemovedView,
  FindingView,
  ReturnBody,
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
  app.get(
    '/submissions',
    {
      schema: {
        tags,
        summary: "Submissions the caller may see (own state's, or all for the secretariat)",
        params: SlugParams,
        querystring: SubmissionListQuery,
        response: { 200: z.array(SubmissionView) },
      },
      config: { access: submissionsPolicy.read },
    },
    (req) => listSubmissions(req.ctx, req.params.slug, req.query),
  );

  app.post(
    '/submissions',
    {
      schema: {
        tags,
        summary: 'Create a draft submission, empty or with observations as JSON',
        params: SlugParams,
        body: SubmissionCreateBody,
        response: { 201: SubmissionDetail },
      },
      config: { access: submissionsPolicy.create },
    },
    async (req, reply) => reply.code(201).send(await createSubmission(req.ctx, req.params.slug, req.body)),
  );

  app.get(
    '/submissions/:id',
    {
      schema: {
        tags,
        summary: 'A submission with its comments and findings',
        params: SubmissionParams,
        response: { 200: SubmissionDetail },
      },
      config: { access: submissionsPolicy.read },
    },
    (req) => getSubmission(req.ctx, req.params.slug, req.params.id),
  );

  app.get(
    '/submissions/:id/observations',
    {
      schema: {
        tags,
        summary: "A submission's current figures",
        params: SubmissionParams,
        querystring: SubmissionObservationsQuery,
        response: { 200: z.array(ObservationView) },
      },
      config: { access: submissionsPolicy.read },
    },
    (req) => listSubmissionObservations(req.ctx, req.params.slug, req.params.id, req.query),
  );

  app.get(
    '/submissions/:id/findings',
    {
      schema: {
        tags,
        summary:
          'Run the validation rules on the submission now (errors block submitting; warnings need a comment)',
        params: SubmissionParams,
        response: { 200: z.array(FindingView) },
      },
      config: { access: submissionsPolicy.read },
    },
    (req) => checkSubmission(req.ctx, req.params.slug, req.params.id),
  );

  app.get(
    '/submissions/:id/diff',
    {
      schema: {
        tags,
        summary: 'Each figure against the current published value and the same month last year',
        params: SubmissionParams,
        querystring: DiffQuery,
        response: { 200: DiffView },
      },
      config: { access: submissionsPolicy.read },
    },
    (req) =>
      diffSubmission(req.ctx, req.params.slug, req.params.id, {
        onlyChanged: req.query.onlyChanged === 'true',
        limit: req.query.limit,
        offset: req.query.offset,
      }),
  );

  app.put(
    '/submissions/:id/figures',
    {
      schema: {
        tags,
        summary:
          'Set one figure of a draft or returned submission (optimistic concurrency: expectedRevision)',
        description:
          'If the figure changed since the caller read it, 409 CONFLICT with the current version in `current`.',
        params: SubmissionParams,
        body: FigureEditBody,
        response: { 200: ObservationView },
      },
      config: { access: submissionsPolicy.change },
    },
    (req) => editFigure(req.ctx, req.params.slug, req.params.id, req.body),
  );

  app.delete(
    '/submissions/:id/figures',
    {
      schema: {
        tags,
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
      config: { access: submissionsPolicy.change },
    },
    (req) => removeFigure(req.ctx, req.params.slug, req.params.id, req.body),
  );

  app.post(
    '/submissions/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit for review: rules run; errors block, each warning needs a comment (warningComments)',
        params: SubmissionParams,
        body: SubmitBody,
        response: { 200: SubmissionDetail },
      },
      config: { access: submissionsPolicy.change },
    },
    (req) => submitSubmission(req.ctx, req.params.slug, req.params.id, req.body),
  );

  app.post(
    '/submissions/:id/validate',
    {
      schema: {
        tags,
        summary: 'Validate a submitted submission (data manager)',
        params: SubmissionParams,
        body: DecisionBody,
        response: { 200: SubmissionDetail },
      },
      config: { access: submissionsPolicy.decide },
    },
    (req) => validateSubmission(req.ctx, req.params.slug, req.params.id, req.body.comment),
  );

  app.post(
    '/submissions/:id/return',
    {
      schema: {
        tags,
        summary: 'Return a submission to its reporter with a comment (data manager)',
        params: SubmissionParams,
        body: ReturnBody,
        response: { 200: SubmissionDetail },
      },
      config: { access: submissionsPolicy.decide },
    },
    (req) => returnSubmission(req.ctx, req.params.slug, req.params.id, req.body.comment),
  );

  app.post(
    '/submissions/:id/publish',
    {
      schema: {
        tags,
        summary:
          'Publish a validated submission: its figures become the current published revisions (data manager)',
        params: SubmissionParams,
        body: DecisionBody,
        response: { 200: SubmissionDetail },
      },
      config: { access: submissionsPolicy.decide },
    },
    (req) => publishSubmission(req.ctx, req.params.slug, req.params.id, req.body.comment),
  );
};
