import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LOGO_MAX_BYTES } from '../../domain/images/raster-image';
import { Invalid } from '../../shared/errors';
import { routesOf } from '../../shared/routes';
import {
  ArchiveBody,
  DialogueAdminSummary,
  DialogueCreateBody,
  DialogueIdParams,
  DialogueRevisionView,
  DialogueSettings,
  DialogueUpdateBody,
  LogoParams,
  SecretariatOption,
} from './dialogue-admin.schema';
import {
  createDialogue,
  getDialogueSettings,
  listAdministeredDialogues,
  listDialogueHistory,
  listSecretariatOptions,
  operatorOf,
  readDialogueLogo,
  setDialogueArchived,
  setDialogueLogo,
  updateDialogueSettings,
} from './dialogue-admin.service';
import { dialoguesPolicy } from './dialogues.policy';

const tags = ['dialogues'];
/** Logo uploads arrive as the raw body; the service recognises the image by its bytes. */
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/octet-stream'];

/** Dialogue administration (`/api/admin/dialogues`): create, settings, archive, logo, history. */
export const dialogueAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  // A little over the limit, so a slightly larger file gets the service's clear message, not a bare 413.
  app.addContentTypeParser(
    IMAGE_TYPES,
    { parseAs: 'buffer', bodyLimit: LOGO_MAX_BYTES * 4 },
    (_req, body, done) => done(null, body),
  );

  api.get('/', dialoguesPolicy.listAdministered, {
    schema: {
      summary: 'Dialogues to administer (all for an installation administrator), archived ones included',
      response: { 200: z.array(DialogueAdminSummary) },
    },
    handler: (req) => listAdministeredDialogues(operatorOf(req.ctx)),
  });

  api.post('/', dialoguesPolicy.create, {
    schema: {
      summary:
        'Create a dialogue (installation administrator); its creator becomes its admin and data manager',
      body: DialogueCreateBody,
      response: { 201: DialogueSettings },
    },
    handler: async (req, reply) => reply.code(201).send(await createDialogue(operatorOf(req.ctx), req.body)),
  });

  api.get('/secretariats', dialoguesPolicy.listAdministered, {
    schema: {
      summary: 'Secretariat organisations a dialogue may be run by',
      response: { 200: z.array(SecretariatOption) },
    },
    handler: (req) => listSecretariatOptions(operatorOf(req.ctx)),
  });

  api.get('/:dialogueId', dialoguesPolicy.administer, {
    schema: {
      summary: "A dialogue's settings (its admins)",
      params: DialogueIdParams,
      response: { 200: DialogueSettings },
    },
    handler: (req) => getDialogueSettings(operatorOf(req.ctx), req.params.dialogueId),
  });

  api.patch('/:dialogueId', dialoguesPolicy.administer, {
    schema: {
      summary:
        'Change names, description, working languages, secretariat, visibility or disclosure threshold (expectedRevision)',
      params: DialogueIdParams,
      body: DialogueUpdateBody,
      response: { 200: DialogueSettings },
    },
    handler: (req) => updateDialogueSettings(operatorOf(req.ctx), req.params.dialogueId, req.body),
  });

  api.post('/:dialogueId/archive', dialoguesPolicy.administer, {
    schema: {
      summary: 'Archive the dialogue: read-only and hidden from the lists',
      params: DialogueIdParams,
      body: ArchiveBody,
      response: { 200: DialogueSettings },
    },
    handler: (req) => setDialogueArchived(operatorOf(req.ctx), req.params.dialogueId, true, req.body),
  });

  api.post('/:dialogueId/unarchive', dialoguesPolicy.administer, {
    schema: {
      summary: 'Restore an archived dialogue',
      params: DialogueIdParams,
      body: ArchiveBody,
      response: { 200: DialogueSettings },
    },
    handler: (req) => setDialogueArchived(operatorOf(req.ctx), req.params.dialogueId, false, req.body),
  });

  api.put('/:dialogueId/logo', dialoguesPolicy.administer, {
    schema: {
      summary: `Upload the logo: a PNG, JPEG or WebP image of at most ${LOGO_MAX_BYTES / 1024} KB (no SVG), as the body`,
      params: DialogueIdParams,
      response: { 200: DialogueSettings },
    },
    handler: (req) => {
      if (!Buffer.isBuffer(req.body))
        throw new Invalid([
          {
            field: 'body',
            message:
              'send the image as the request body with Content-Type image/png, image/jpeg or image/webp',
          },
        ]);
      return setDialogueLogo(operatorOf(req.ctx), req.params.dialogueId, req.body);
    },
  });

  api.delete('/:dialogueId/logo', dialoguesPolicy.administer, {
    schema: {
      summary: 'Remove the logo (earlier logos are kept)',
      params: DialogueIdParams,
      response: { 200: DialogueSettings },
    },
    handler: (req) => setDialogueLogo(operatorOf(req.ctx), req.params.dialogueId, null),
  });

  api.get('/:dialogueId/history', dialoguesPolicy.administer, {
    schema: {
      summary: "Every version of the dialogue's settings, newest first",
      params: DialogueIdParams,
      response: { 200: z.array(DialogueRevisionView) },
    },
    handler: (req) => listDialogueHistory(operatorOf(req.ctx), req.params.dialogueId),
  });
};

/** The logo, for anyone who may see the dialogue (`GET /api/dialogues/{slug}/logo`). */
export const dialogueLogoRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/:slug/logo', 'public', {
    schema: {
      summary: "The dialogue's logo (PNG, JPEG or WebP)",
      params: LogoParams,
      response: {
        200: z.any().describe('the image'),
        304: z.null().describe('not modified (If-None-Match)'),
      },
    },
    handler: async (req, reply) => {
      const logo = await readDialogueLogo(req.ctx, req.params.slug);
      reply
        .type(logo.contentType)
        .header('etag', logo.etag)
        .header('cache-control', `${logo.isPublic ? 'public' : 'private'}, max-age=300`)
        .header('content-security-policy', "default-src 'none'");
      if (req.headers['if-none-match'] === logo.etag) return reply.code(304).send(null);
      return reply.send(Buffer.from(logo.content));
    },
  });
};
