import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readMailConfig } from '../../shared/config';
import { Invalid } from '../../shared/errors';
import { requestLanguage } from '../../shared/request-language';
import { routesOf } from '../../shared/routes';
import { operatorOf } from '../dialogues/dialogue-admin.service';
import { INVITATION_DAYS, inviteFromFile, MAX_INVITATION_BYTES } from './members.invitations';
import { membersPolicy } from './members.policy';
import {
  AddObserverBody,
  AddStateBody,
  DialogueIdParams,
  DialogueOrganisations,
  InvitationQuery,
  InvitationReport,
  MemberChange,
  MembersView,
  ObserverParams,
  RemoveMemberBody,
  SlugParams,
  StateParams,
} from './members.schema';
import {
  addMemberState,
  addObserver,
  listDialogueOrganisations,
  listMembers,
  removeMemberState,
  removeObserver,
} from './members.service';

const tags = ['members'];
const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];

/**
 * Members of a dialogue (`/api/admin/dialogues/{dialogueId}/members`) and bulk invitation
 * (`…/invitations`): for the dialogue's admins only (users' names and e-mails are personal data).
 */
export const membersRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  app.addContentTypeParser(
    CSV_TYPES,
    { parseAs: 'string', bodyLimit: MAX_INVITATION_BYTES },
    (_req, body, done) => done(null, body),
  );

  api.get('/:dialogueId/members', membersPolicy.manage, {
    schema: {
      summary: 'Member states and observers with their periods, organisations and users',
      params: DialogueIdParams,
      response: { 200: MembersView },
    },
    handler: (req) => listMembers(operatorOf(req.ctx), req.params.dialogueId),
  });

  api.post('/:dialogueId/members/states', membersPolicy.manage, {
    schema: {
      summary: 'Add a member state from a day (not twice, not overlapping an earlier period)',
      params: DialogueIdParams,
      body: AddStateBody,
      response: { 201: MemberChange },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await addMemberState(operatorOf(req.ctx), req.params.dialogueId, req.body)),
  });

  api.post('/:dialogueId/members/states/:country/remove', membersPolicy.manage, {
    schema: {
      summary: "End a member state's membership on a day: its figures stay, its users' roles end",
      params: StateParams,
      body: RemoveMemberBody,
      response: { 200: MemberChange },
    },
    handler: (req) =>
      removeMemberState(operatorOf(req.ctx), req.params.dialogueId, req.params.country, req.body),
  });

  api.post('/:dialogueId/members/observers', membersPolicy.manage, {
    schema: {
      summary: 'Add an observer organisation from a day',
      params: DialogueIdParams,
      body: AddObserverBody,
      response: { 201: MemberChange },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await addObserver(operatorOf(req.ctx), req.params.dialogueId, req.body)),
  });

  api.post('/:dialogueId/members/observers/:organisationId/remove', membersPolicy.manage, {
    schema: {
      summary: "End an observer's membership on a day",
      params: ObserverParams,
      body: RemoveMemberBody,
      response: { 200: MemberChange },
    },
    handler: (req) =>
      removeObserver(operatorOf(req.ctx), req.params.dialogueId, req.params.organisationId, req.body),
  });

  api.post('/:dialogueId/invitations', membersPolicy.manage, {
    schema: {
      summary: `Invite users from a CSV (email, name, organisation, role[, language]); ?dryRun=true checks only`,
      description:
        `Send the file as the body (Content-Type text/csv, at most ${MAX_INVITATION_BYTES / 1024} KB). A dry run ` +
        'reports every problem with its row and field and writes nothing. A real run writes all or nothing ' +
        `(400 IMPORT_REJECTED), then e-mails each new user a link to set a password (valid ${INVITATION_DAYS} days).`,
      params: DialogueIdParams,
      querystring: InvitationQuery,
      response: { 200: InvitationReport },
    },
    handler: (req) => {
      if (typeof req.body !== 'string')
        throw new Invalid([
          { field: 'body', message: 'send the CSV file as the request body with Content-Type text/csv' },
        ]);
      const mail = readMailConfig();
      return inviteFromFile(operatorOf(req.ctx), req.params.dialogueId, {
        text: req.body,
        fileName: req.query.fileName ?? 'invitations.csv',
        dryRun: req.query.dryRun,
        linkBase: mail.publicUrl ?? `${req.protocol}://${req.host}`,
        language: requestLanguage(req).language,
        log: (msg, error) => req.log.warn({ err: error }, msg),
      });
    },
  });
};

/**
 * The organisations of a dialogue (`/api/dialogues/{slug}/organisations`) for its members: what a restricted
 * indicator, route or notice can be shared with. Names only; no users.
 */
export const dialogueOrganisationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/organisations',
    {
      schema: {
        tags,
        summary: 'Organisations taking part in the dialogue (what a restricted record can be shared with)',
        params: SlugParams,
        response: { 200: DialogueOrganisations },
      },
      config: { access: membersPolicy.listOrganisations },
    },
    (req) => listDialogueOrganisations(req.ctx, req.params.slug),
  );
};
