import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routesOf } from '../../../shared/routes';
import { adminPolicy } from './admin.policy';
import {
  AcceptInvitationBody,
  AddUserBody,
  AddUserResult,
  AdminUserView,
  DialogueParams,
  DialogueUserParams,
  OrganisationCreateBody,
  OrganisationParams,
  OrganisationRenameBody,
  OrganisationView,
  RoleParams,
} from './admin.schema';
import {
  acceptInvitation,
  addDialogueUser,
  createOrganisation,
  grantRole,
  listAllOrganisations,
  listUsersOfDialogue,
  renameOrganisation,
  revokeRole,
  setMemberActive,
} from './admin.service';

const tags = ['admin'];

/**
 * Administration: users and roles per dialogue (admin of that dialogue), organisations (admin of any
 * dialogue). Routes are open to any logged-in user; the service answers 404 outside the dialogue, 403 to
 * a member who is not its admin (see admin.policy.ts).
 */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/dialogues/:dialogueId/users', adminPolicy.dialogueUsers, {
    schema: {
      summary: 'Users of a dialogue with their roles (dialogue admin)',
      params: DialogueParams,
      response: { 200: z.array(AdminUserView) },
    },
    handler: (req) => listUsersOfDialogue(req.ctx, req.params.dialogueId),
  });

  api.post('/dialogues/:dialogueId/users', adminPolicy.dialogueUsers, {
    schema: {
      summary: 'Add a user with roles in the dialogue: initial password, or an invitation token (shown once)',
      params: DialogueParams,
      body: AddUserBody,
      response: { 201: AddUserResult },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await addDialogueUser(req.ctx, req.params.dialogueId, req.body)),
  });

  api.put('/dialogues/:dialogueId/users/:userId/roles/:role', adminPolicy.dialogueUsers, {
    schema: {
      summary: 'Grant a role in the dialogue (not to yourself)',
      params: RoleParams,
      response: { 200: AdminUserView },
    },
    handler: (req) => grantRole(req.ctx, req.params.dialogueId, req.params.userId, req.params.role),
  });

  api.delete('/dialogues/:dialogueId/users/:userId/roles/:role', adminPolicy.dialogueUsers, {
    schema: {
      summary: 'Revoke a role in the dialogue (not your own)',
      params: RoleParams,
      response: { 200: AdminUserView },
    },
    handler: (req) => revokeRole(req.ctx, req.params.dialogueId, req.params.userId, req.params.role),
  });

  api.post('/dialogues/:dialogueId/users/:userId/deactivate', adminPolicy.dialogueUsers, {
    schema: {
      summary: 'Deactivate a user: ends their sessions and revokes their API tokens',
      params: DialogueUserParams,
      response: { 200: AdminUserView },
    },
    handler: (req) => setMemberActive(req.ctx, req.params.dialogueId, req.params.userId, false),
  });

  api.post('/dialogues/:dialogueId/users/:userId/reactivate', adminPolicy.dialogueUsers, {
    schema: { summary: 'Reactivate a user', params: DialogueUserParams, response: { 200: AdminUserView } },
    handler: (req) => setMemberActive(req.ctx, req.params.dialogueId, req.params.userId, true),
  });

  api.get('/organisations', adminPolicy.organisations, {
    schema: {
      summary: 'All organisations (admin of any dialogue)',
      response: { 200: z.array(OrganisationView) },
    },
    handler: (req) => listAllOrganisations(req.ctx),
  });

  api.post('/organisations', adminPolicy.organisations, {
    schema: {
      summary: 'Create an organisation (admin of any dialogue)',
      body: OrganisationCreateBody,
      response: { 201: OrganisationView },
    },
    handler: async (req, reply) => reply.code(201).send(await createOrganisation(req.ctx, req.body)),
  });

  api.patch('/organisations/:organisationId', adminPolicy.organisations, {
    schema: {
      summary: 'Rename an organisation or change its acronym (admin of any dialogue)',
      params: OrganisationParams,
      body: OrganisationRenameBody,
      response: { 200: OrganisationView },
    },
    handler: (req) => renameOrganisation(req.ctx, req.params.organisationId, req.body),
  });
};

/** Public: an invited user sets their password (`POST /api/auth/invitation`). */
export const invitationRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['auth']);

  api.post('/invitation', 'public', {
    schema: {
      summary: 'Accept an invitation: set your password with the one-time token',
      body: AcceptInvitationBody,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await acceptInvitation(req.ctx, req.body);
      return reply.code(204).send(null);
    },
  });
};
