/**
 * The contact directory under /api/dialogues/:slug/contacts (members only), and the public confirmation of an
 * entry by its e-mailed link under /api/contact-confirmations (the token in the body is the credential).
 * HTTP only: contacts.service.ts and contacts.confirm.ts do the work.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
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
  app.get(
    '/',
    {
      schema: {
        tags,
        summary:
          'The directory: contact points per state and topic, and liaison officers, with stale marks (members)',
        params: SlugParams,
        querystring: ContactsQuery,
        response: { 200: ContactList },
      },
      config: { access: contactsPolicy.read },
    },
    (req) => listContacts(req.ctx, req.params.slug, req.query),
  );

  app.post(
    '/',
    {
      schema: {
        tags,
        summary:
          "Add an entry (the secretariat for any state, a state's admin, data manager or analyst for their own)",
        params: SlugParams,
        body: ContactBody,
        response: { 201: ContactView },
      },
      config: { access: contactsPolicy.edit },
    },
    async (req, reply) => reply.code(201).send(await createContact(req.ctx, req.params.slug, req.body)),
  );

  app.get(
    '/export.vcf',
    {
      schema: {
        tags,
        summary: 'The directory (filtered like the list) as vCard 4.0 (RFC 6350) (members)',
        params: SlugParams,
        querystring: ContactsQuery,
      },
      config: { access: contactsPolicy.read },
    },
    async (req, reply) => send(reply, await exportContacts(req.ctx, req.params.slug, 'vcard', req.query)),
  );

  app.get(
    '/export.csv',
    {
      schema: {
        tags,
        summary: 'The directory (filtered like the list) as CSV, formula-escaped (members)',
        params: SlugParams,
        querystring: ContactsQuery,
      },
      config: { access: contactsPolicy.read },
    },
    async (req, reply) => send(reply, await exportContacts(req.ctx, req.params.slug, 'csv', req.query)),
  );

  app.get(
    '/stale',
    {
      schema: {
        tags,
        summary: 'Entries not confirmed within the grace period after they fell due (secretariat)',
        params: SlugParams,
        response: { 200: z.array(ContactView) },
      },
      config: { access: contactsPolicy.staleList },
    },
    (req) => listStaleContacts(req.ctx, req.params.slug),
  );

  app.put(
    '/settings',
    {
      schema: {
        tags,
        summary:
          'How often entries are confirmed, the grace period and how long links are valid (secretariat)',
        params: SlugParams,
        body: ContactSettingsBody,
        response: { 200: ContactSettings },
      },
      config: { access: contactsPolicy.manage },
    },
    (req) => putContactSettings(req.ctx, req.params.slug, req.body),
  );

  app.post(
    '/confirmations/run',
    {
      schema: {
        tags,
        summary:
          'E-mail the confirmation requests that are due now, instead of waiting for the hourly job (secretariat)',
        params: SlugParams,
        response: { 200: RunResult },
      },
      config: { access: contactsPolicy.manage },
    },
    (req) => runConfirmationsNow(req.ctx, req.params.slug),
  );

  app.put(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Change an entry: a new revision (409 if it changed since expectedRevision)',
        params: ContactParams,
        body: ContactUpdateBody,
        response: { 200: ContactView },
      },
      config: { access: contactsPolicy.edit },
    },
    (req) => updateContact(req.ctx, req.params.slug, req.params.id, req.body),
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags,
        summary:
          'Remove a person: their name, e-mail and phone are erased from the entry, its revisions and exports',
        params: ContactParams,
        response: { 200: z.object({ removed: z.number() }) },
      },
      config: { access: contactsPolicy.edit },
    },
    (req) => removeContact(req.ctx, req.params.slug, req.params.id),
  );

  app.get(
    '/:id/history',
    {
      schema: {
        tags,
        summary: 'Every revision of an entry (members)',
        params: ContactParams,
        response: { 200: RevisionList },
      },
      config: { access: contactsPolicy.read },
    },
    (req) => contactHistory(req.ctx, req.params.slug, req.params.id),
  );

  app.get(
    '/:id/contact.vcf',
    {
      schema: { tags, summary: 'One entry as vCard 4.0 (members)', params: ContactParams },
      config: { access: contactsPolicy.read },
    },
    async (req, reply) =>
      send(reply, await exportContacts(req.ctx, req.params.slug, 'vcard', { id: req.params.id })),
  );
};

/** Public: the e-mailed link's token is the credential (no session needed, API tokens refused). */
export const contactConfirmationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/lookup',
    {
      schema: {
        tags,
        summary: 'What a confirmation link confirms (the token from the e-mailed link; writes nothing)',
        body: TokenBody,
        response: { 200: ConfirmationView },
      },
      config: { access: contactsPolicy.confirm },
    },
    (req) => lookupConfirmation(req.ctx, req.body.token),
  );

  app.post(
    '/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm a directory entry with the token of its e-mailed link (400 forged, 410 expired)',
        body: TokenBody,
        response: { 200: ConfirmationView },
      },
      config: { access: contactsPolicy.confirm },
    },
    (req) => confirmContact(req.ctx, req.body.token),
  );
};
