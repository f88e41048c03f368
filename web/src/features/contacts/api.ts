import type { ApiBody } from '@passage/contract';
import { api, apiUrl } from '../../ui/api-client';

/** The contact directory of a dialogue and the public confirmation of an entry (src/modules/contacts). */

export type {
  ConfirmationView,
  ContactBody,
  ContactList,
  ContactRevisionView,
  ContactTopic,
  ContactView,
} from '@passage/contract';

export type ContactUpdateBody = ApiBody<'PUT /api/dialogues/:slug/contacts/:id'>;

/** The list's filters (the route's query: ContactsQuery in contacts.schema.ts). */
export type ContactFilter = Partial<Record<'country' | 'topic' | 'stale' | 'q', string>>;

const clean = (f: ContactFilter) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== ''));

export const listContacts = (slug: string, filter: ContactFilter, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/contacts', { params: { slug }, query: clean(filter), signal });
export const createContact = (slug: string, body: ApiBody<'POST /api/dialogues/:slug/contacts'>) =>
  api('POST /api/dialogues/:slug/contacts', { params: { slug }, body });
export const updateContact = (slug: string, id: number, body: ContactUpdateBody) =>
  api('PUT /api/dialogues/:slug/contacts/:id', { params: { slug, id }, body });
export const removeContact = (slug: string, id: number) =>
  api('DELETE /api/dialogues/:slug/contacts/:id', { params: { slug, id } });
export const runConfirmations = (slug: string) =>
  api('POST /api/dialogues/:slug/contacts/confirmations/run', { params: { slug } });
export const vcardUrl = (slug: string, filter: ContactFilter) =>
  apiUrl('GET /api/dialogues/:slug/contacts/export.vcf', { params: { slug }, query: clean(filter) });
export const csvUrl = (slug: string, filter: ContactFilter) =>
  apiUrl('GET /api/dialogues/:slug/contacts/export.csv', { params: { slug }, query: clean(filter) });
export const oneVcardUrl = (slug: string, id: number) =>
  apiUrl('GET /api/dialogues/:slug/contacts/:id/contact.vcf', { params: { slug, id } });
export const lookupConfirmation = (token: string) =>
  api('POST /api/contact-confirmations/lookup', { body: { token } });
export const confirmContact = (token: string) =>
  api('POST /api/contact-confirmations/confirm', { body: { token } });
