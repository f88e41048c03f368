/** Notices of new national measures, under /api/dialogues/:slug/notices. HTTP only (notices.service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { noticesAtom, noticesCalendar } from './notices.feeds';
import { noticesPolicy } from './notices.policy';
import {
  AnswerBody,
  CommentBody,
  CommentParams,
  NoticeCreateBody,
  NoticeFeedQuery,
  NoticeHistory,
  NoticeList,
  NoticeParams,
  NoticeUpdateBody,
  NoticeView,
  OutcomeBody,
  SendBody,
  SlugParams,
} from './notices.schema';
import {
  acknowledgeNotice,
  answerNoticeComment,
  commentOnNotice,
  createNotice,
  getNotice,
  getNoticeHistory,
  listNoticeFeed,
  reportNoticeOutcome,
  sendNotice,
  updateNotice,
} from './notices.service';

const tags = ['notices'];

export const noticesRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/', noticesPolicy.read, {
    schema: {
      summary:
        "Notices of new national measures, newest first, filtered by type, country, route, stage, dates and text (drafts: your organisation's, with status=draft)",
      params: SlugParams,
      querystring: NoticeFeedQuery,
      response: { 200: NoticeList },
    },
    handler: (req) => listNoticeFeed(req.ctx, req.params.slug, req.query),
    responseCache: true,
  });

  api.post('/', noticesPolicy.create, {
    schema: {
      summary:
        'Post a notice (title, measure type, summary, stage; the state when the secretariat posts for one): a draft of your organisation, or sent with send=true',
      params: SlugParams,
      body: NoticeCreateBody,
      response: { 201: NoticeView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createNotice(req.ctx, req.params.slug, req.body)),
  });

  api.get('/feed.atom', noticesPolicy.read, {
    schema: {
      summary: 'The sent notices as an Atom feed (same filters as the list; an API token needs notices:read)',
      params: SlugParams,
      querystring: NoticeFeedQuery,
    },
    handler: async (req, reply) => {
      const body = await noticesAtom(req.ctx, req.params.slug, req.query, `${req.protocol}://${req.host}`);
      return reply.type('application/atom+xml; charset=utf-8').send(body);
    },
  });

  api.get('/effective.ics', noticesPolicy.read, {
    schema: {
      summary:
        'The effective dates of the sent notices as an iCalendar feed (same filters; an API token needs notices:read)',
      params: SlugParams,
      querystring: NoticeFeedQuery,
    },
    handler: async (req, reply) => {
      const body = await noticesCalendar(
        req.ctx,
        req.params.slug,
        req.query,
        `${req.protocol}://${req.host}`,
      );
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${req.params.slug}-notices.ics"`)
        .send(body);
    },
  });

  api.get('/:id', noticesPolicy.read, {
    schema: {
      summary:
        'One notice with the organisations that acknowledged it and those that have not, its comments and what you may do',
      params: NoticeParams,
      response: { 200: NoticeView },
    },
    handler: (req) => getNotice(req.ctx, req.params.slug, req.params.id),
  });

  api.get('/:id/history', noticesPolicy.read, {
    schema: {
      summary:
        "A notice's revisions (what each changed), acknowledgements, comments and answers, oldest first",
      params: NoticeParams,
      response: { 200: NoticeHistory },
    },
    handler: (req) => getNoticeHistory(req.ctx, req.params.slug, req.params.id),
  });

  api.patch('/:id', noticesPolicy.change, {
    schema: {
      summary:
        'Change a notice: a new revision (the notifying side; expectedRevision guards against lost updates)',
      params: NoticeParams,
      body: NoticeUpdateBody,
      response: { 200: NoticeView },
    },
    handler: (req) => updateNotice(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.post('/:id/send', noticesPolicy.change, {
    schema: {
      summary: "Send a draft to the dialogue's members (they are notified in-app)",
      params: NoticeParams,
      body: SendBody,
      response: { 200: NoticeView },
    },
    handler: (req) => sendNotice(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.post('/:id/acknowledge', noticesPolicy.respond, {
    schema: {
      summary: "Acknowledge receipt for your organisation (once; not your own state's notice)",
      params: NoticeParams,
      response: { 200: NoticeView },
    },
    handler: (req) => acknowledgeNotice(req.ctx, req.params.slug, req.params.id),
  });

  api.post('/:id/comments', noticesPolicy.respond, {
    schema: {
      summary:
        'Comment, or raise a formal concern when comments were requested, until the deadline (not on your own notice)',
      params: NoticeParams,
      body: CommentBody,
      response: { 200: NoticeView },
    },
    handler: (req) => commentOnNotice(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.post('/:id/comments/:commentId/answer', noticesPolicy.change, {
    schema: {
      summary: 'Answer a comment or formal concern (the notifying side)',
      params: CommentParams,
      body: AnswerBody,
      response: { 200: NoticeView },
    },
    handler: (req) =>
      answerNoticeComment(req.ctx, req.params.slug, req.params.id, req.params.commentId, req.body),
  });

  api.post('/:id/outcome', noticesPolicy.change, {
    schema: {
      summary: 'Report what became of the measure: adopted as is, changed, or abandoned (a new revision)',
      params: NoticeParams,
      body: OutcomeBody,
      response: { 200: NoticeView },
    },
    handler: (req) => reportNoticeOutcome(req.ctx, req.params.slug, req.params.id, req.body),
  });
};
