/**
 * The contact directory under /api/dialogues/:slug/contacts (members only), and the public confirmation of an
 * entry by its e-mailed link under /api/contact-confirmations (the token in the body is the credential).
 * HTTP only: contacts.service.ts and contacts.confirm.ts do the work.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routesOf } from '../../shared/routes';
import { confirmContact, lookupConfirmation, runConfirmationsNow } from './contacts.confirm';
import { contactsPolicy } from './contacts.policy';
import {
  ConfirmationView,
  ContactBody,
  ContactList,
  ContactParams,
  ContactSettings,
  ContactSettingsBody,
  ContactsQuery,
  ContactUpdateBody,
  ContactView,
  RevisionList,
  RunResult,
  SlugParams,
  TokenBody,
} from './contacts.schema';
import {
  contactHistory,
  createContact,
  type Download,
  exportContacts,
  listContacts,
  listStaleContacts,
  putContactSettings,
  removeContact,
  updateContact,
} from './contacts.service';

const tags = ['contacts'];

function send(reply: import('fastify').FastifyReply, d: Download) {
  return reply
    .type(d.contentType)
    .header('content-disposition', `attachment; filename="${d.fileName}"`)
    .send(d.body);
}

export const contactsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/', contactsPolicy.read, {
    schema: {
      summary:
        'The directory: contact points per state and topic, and liaison officers, with stale marks (members)',
      params: SlugParams,
      querystring: ContactsQuery,
      response: { 200: ContactList },
    },
    handler: (req) => listContacts(req.ctx, req.params.slug, req.query),
  });

  api.post('/', contactsPolicy.edit, {
    schema: {
      summary:
        "Add an entry (the secretariat for any state, a state's admin, data manager or analyst for their own)",
      params: SlugParams,
      body: ContactBody,
      response: { 201: ContactView },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await createContact(req.ctx, req.params.slug, req.body)),
  });

  api.get('/export.vcf', contactsPolicy.read, {
    schema: {
      summary: 'The directory (filtered like the list) as vCard 4.0 (RFC 6350) (members)',
      params: SlugParams,
      querystring: ContactsQuery,
    },
    handler: async (req, reply) =>
      send(reply, await exportContacts(req.ctx, req.params.slug, 'vcard', req.query)),
  });

  api.get('/export.csv', contactsPolicy.read, {
    schema: {
      summary: 'The directory (filtered like the list) as CSV, formula-escaped (members)',
      params: SlugParams,
      querystring: ContactsQuery,
    },
    handler: async (req, reply) =>
      send(reply, await exportContacts(req.ctx, req.params.slug, 'csv', req.query)),
  });

  api.get('/stale', contactsPolicy.staleList, {
    schema: {
      summary: 'Entries not confirmed within the grace period after they fell due (secretariat)',
      params: SlugParams,
      response: { 200: z.array(ContactView) },
    },
    handler: (req) => listStaleContacts(req.ctx, req.params.slug),
  });

  api.put('/settings', contactsPolicy.manage, {
    schema: {
      summary: 'How often entries are confirmed, the grace period and how long links are valid (secretariat)',
      params: SlugParams,
      body: ContactSettingsBody,
      response: { 200: ContactSettings },
    },
    handler: (req) => putContactSettings(req.ctx, req.params.slug, req.body),
  });

  api.post('/confirmations/run', contactsPolicy.manage, {
    schema: {
      summary:
        'E-mail the confirmation requests that are due now, instead of waiting for the hourly job (secretariat)',
      params: SlugParams,
      response: { 200: RunResult },
    },
    handler: (req) => runConfirmationsNow(req.ctx, req.params.slug),
  });

  api.put('/:id', contactsPolicy.edit, {
    schema: {
      summary: 'Change an entry: a new revision (409 if it changed since expectedRevision)',
      params: ContactParams,
      body: ContactUpdateBody,
      response: { 200: ContactView },
    },
    handler: (req) => updateContact(req.ctx, req.params.slug, req.params.id, req.body),
  });

  api.delete('/:id', contactsPolicy.edit, {
    schema: {
      summary:
        'Remove a person: their name, e-mail and phone are erased from the entry, its revisions and exports',
      params: ContactParams,
      response: { 200: z.object({ removed: z.number() }) },
    },
    handler: (req) => removeContact(req.ctx, req.params.slug, req.params.id),
  });

  api.get('/:id/history', contactsPolicy.read, {
    schema: {
      summary: 'Every revision of an entry (members)',
      params: ContactParams,
      response: { 200: RevisionList },
    },
    handler: (req) => contactHistory(req.ctx, req.params.slug, req.params.id),
  });

  api.get('/:id/contact.vcf', contactsPolicy.read, {
    schema: { summary: 'One entry as vCard 4.0 (members)', params: ContactParams },
    handler: async (req, reply) =>
      send(reply, await exportContacts(req.ctx, req.params.slug, 'vcard', { id: req.params.id })),
  });
};

/** Public: the e-mailed link's token is the credential (no session needed, API tokens refused). */
export const contactConfirmationRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.post('/lookup', contactsPolicy.confirm, {
    schema: {
      summary: 'What a confirmation link confirms (the token from the e-mailed link; writes nothing)',
      body: TokenBody,
      response: { 200: ConfirmationView },
    },
    handler: (req) => lookupConfirmation(req.ctx, req.body.token),
  });

  api.post('/confirm', contactsPolicy.confirm, {
    schema: {
      summary: 'Confirm a directory entry with the token of its e-mailed link (400 forged, 410 expired)',
      body: TokenBody,
      response: { 200: ConfirmationView },
    },
    handler: (req) => confirmContact(req.ctx, req.body.token),
  });
};
