/** Meetings of a dialogue, under /api/dialogues/:slug/meetings. HTTP only (meetings.service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { meetingsCalendar } from './meetings.feeds';
import { meetingsPolicy } from './meetings.policy';
import {
  ActionBody,
  ActionParams,
  MeetingCreateBody,
  MeetingHistory,
  MeetingList,
  MeetingParams,
  MeetingUpdateBody,
  MeetingView,
  MyActions,
  SlugParams,
} from './meetings.schema';
import {
  addMeetingAction,
  completeMeetingAction,
  createMeeting,
  getMeeting,
  getMeetingHistory,
  listMeetings,
  listMyActions,
  updateMeeting,
} from './meetings.service';

export const meetingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['meetings']);

  api.get('/', meetingsPolicy.read, {
    schema: {
      summary: "The dialogue's meetings, latest first",
      params: SlugParams,
      response: { 200: MeetingList },
    },
    handler: (req) => listMeetings(req.ctx, req.params.slug),
  });

  api.post('/', meetingsPolicy.manage, {
    schema: {
      summary:
        "Plan a meeting (senior officials', ministerial, working group): dates, place, agenda, delegations",
      params: SlugParams,
      body: MeetingCreateBody,
      response: { 201: MeetingView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createMeeting(req.ctx, req.params.slug, req.body)),
  });

  api.get('/calendar.ics', meetingsPolicy.read, {
    schema: {
      summary: 'The meetings as an iCalendar feed (an API token needs meetings:read)',
      params: SlugParams,
    },
    handler: async (req, reply) => {
      const body = await meetingsCalendar(req.ctx, req.params.slug, `${req.protocol}://${req.host}`);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${req.params.slug}-meetings.ics"`)
        .send(body);
    },
  });

  api.get('/actions/mine', meetingsPolicy.read, {
    schema: {
      summary: "Your organisation's open follow-up actions from the meetings, soonest due first",
      params: SlugParams,
      response: { 200: MyActions },
    },
    handler: (req) => listMyActions(req.ctx, req.params.slug),
  });

  api.get('/:id', meetingsPolicy.read, {
    schema: {
      summary: 'A meeting with its agenda, delegations, minutes and follow-up actions',
      params: MeetingParams,
      response: { 200: MeetingView },
    },
    handler: (req) => getMeeting(req.ctx, req.params.slug, req.params.id),
  });

  api.patch('/:id', meetingsPolicy.manage, {
    schema: {
      summary:
        'Change a meeting (minutes, agenda, …): a new revision (expectedRevision guards against lost updates)',
      params: MeetingParams,
      body: MeetingUpdateBody,
      response: { 200: MeetingView },
    },
    handler: (req) => updateMeeting(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.get('/:id/history', meetingsPolicy.read, {
    schema: {
      summary: "A meeting's revisions, oldest first",
      params: MeetingParams,
      response: { 200: MeetingHistory },
    },
    handler: (req) => getMeetingHistory(req.ctx, req.params.slug, req.params.id),
  });

  api.post('/:id/actions', meetingsPolicy.manage, {
    schema: {
      summary: 'Assign a follow-up action to an organisation of the dialogue, with a due date',
      params: MeetingParams,
      body: ActionBody,
      response: { 201: MeetingView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await addMeetingAction(req.ctx, req.params.slug, req.params.id, req.body)),
  });

  api.post('/:id/actions/:actionId/done', meetingsPolicy.completeAction, {
    schema: {
      summary: 'Mark a follow-up action done (its owner organisation or the secretariat)',
      params: ActionParams,
      response: { 200: MeetingView },
    },
    handler: (req) => completeMeetingAction(req.ctx, req.params.slug, req.params.id, req.params.actionId),
  });
};
