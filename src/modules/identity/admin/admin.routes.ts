import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
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
  app.get(
    '/dialogues/:dialogueId/users',
    {
      schema: {
        tags,
        summary: 'Users of a dialogue with their roles (dialogue admin)',
        params: DialogueParams,
        response: { 200: z.array(AdminUserView) },
      },
      config: { access: adminPolicy.dialogueUsers },
    },
    (req) => listUsersOfDialogue(req.ctx, req.params.dialogueId),
  );

  app.post(
    '/dialogues/:dialogueId/users',
    {
      schema: {
        tags,
        summary:
          'Add a user with roles in the dialogue: initial password, or an invitation token (shown once)',
        params: DialogueParams,
        body: AddUserBody,
        response: { 201: AddUserResult },
      },
      config: { access: adminPolicy.dialogueUsers },
    },
    async (req, reply) =>
      reply.code(201).send(await addDialogueUser(req.ctx, req.params.dialogueId, req.body)),
  );

  app.put(
    '/dialogues/:dialogueId/users/:userId/roles/:role',
    {
      schema: {
        tags,
        summary: 'Grant a role in the dialogue (not to yourself)',
        params: RoleParams,
        response: { 200: AdminUserView },
      },
      config: { access: adminPolicy.dialogueUsers },
    },
    (req) => grantRole(req.ctx, req.params.dialogueId, req.params.userId, req.params.role),
  );

  app.delete(
    '/dialogues/:dialogueId/users/:userId/roles/:role',
    {
      schema: {
        tags,
        summary: 'Revoke a role in the dialogue (not your own)',
        params: RoleParams,
        response: { 200: AdminUserView },
      },
      config: { access: adminPolicy.dialogueUsers },
    },
    (req) => revokeRole(req.ctx, req.params.dialogueId, req.params.userId, req.params.role),
  );

  app.post(
    '/dialogues/:dialogueId/users/:userId/deactivate',
    {
      schema: {
        tags,
        summary: 'Deactivate a user: ends their sessions and revokes their API tokens',
        params: DialogueUserParams,
        response: { 200: AdminUserView },
      },
      config: { access: adminPolicy.dialogueUsers },
    },
    (req) => setMemberActive(req.ctx, req.params.dialogueId, req.params.userId, false),
  );

  app.post(
    '/dialogues/:dialogueId/users/:userId/reactivate',
    {
      schema: {
        tags,
        summary: 'Reactivate a user',
        params: DialogueUserParams,
        response: { 200: AdminUserView },
      },
      config: { access: adminPolicy.dialogueUsers },
    },
    (req) => setMemberActive(req.ctx, req.params.dialogueId, req.params.userId, true),
  );

  app.get(
    '/organisations',
    {
      schema: {
        tags,
        summary: 'All organisations (admin of any dialogue)',
        response: { 200: z.array(OrganisationView) },
      },
      config: { access: adminPolicy.organisations },
    },
    (req) => listAllOrganisations(req.ctx),
  );

  app.post(
    '/organisations',
    {
      schema: {
        tags,
        summary: 'Create an organisation (admin of any dialogue)',
        body: OrganisationCreateBody,
        response: { 201: OrganisationView },
      },
      config: { access: adminPolicy.organisations },
    },
    async (req, reply) => reply.code(201).send(await createOrganisation(req.ctx, req.body)),
  );

  app.patch(
    '/organisations/:organisationId',
    {
      schema: {
        tags,
        summary: 'Rename an organisation or change its acronym (admin of any dialogue)',
        params: OrganisationParams,
        body: OrganisationRenameBody,
        response: { 200: OrganisationView },
      },
      config: { access: adminPolicy.organisations },
    },
    (req) => renameOrganisation(req.ctx, req.params.organisationId, req.body),
  );
};

/** Public: an invited user sets their password (`POST /api/auth/invitation`). */
export const invitationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/invitation',
    {
      schema: {
        tags: ['auth'],
        summary: 'Accept an invitation: set your password with the one-time token',
        body: AcceptInvitationBody,
        response: { 204: z.null() },
      },
      config: { access: 'public' },
    },
    async (req, reply) => {
      await acceptInvitation(req.ctx, req.body);
      return reply.code(204).send(null);
    },
  );
};
