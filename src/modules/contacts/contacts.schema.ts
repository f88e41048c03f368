/**
 * zod schemas of the contact directory (contacts.routes.ts): entries per state and topic, liaison officers
 * with their posting and the states they cover, revisions, confirmation settings and the public confirmation
 * of an entry by its signed link. The web app's types come from these (src/contract).
 */
import { z } from 'zod';

export const CONTACT_TOPICS = [
  'national_contact_point',
  'statistics',
  'document_security',
  'return_readmission',
  'trafficking_smuggling',
  'asylum',
  'secretariat',
  'liaison_officer',
] as const;
export const ContactTopic = z.enum(CONTACT_TOPICS);
export type ContactTopic = z.infer<typeof ContactTopic>;

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });
export const ContactParams = SlugParams.extend({ id: z.coerce.number().int().positive() });

const Iso3 = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code'));
const Language = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.string().regex(/^[a-z]{2}$/, 'expected an ISO 639-1 code such as en'));
const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ().-]{2,29}$/, 'expected a phone number such as +33 1 23 45 67 89');

export const ContactBody = z
  .object({
    topic: ContactTopic,
    /** The state; omitted or null only for the secretariat topic. */
    country: Iso3.nullable().optional(),
    /** Liaison officers: the country where they are posted. */
    postedIn: Iso3.nullable().optional(),
    /** Liaison officers: the states they cover. */
    covers: z.array(Iso3).max(60).default([]),
    name: z.string().trim().min(2, 'give the name (at least 2 characters)').max(200),
    function: z.string().trim().max(200).default(''),
    organisation: z.string().trim().max(300).default(''),
    languages: z.array(Language).max(10).default([]),
    email: z.string().trim().max(254).pipe(z.email('expected an e-mail address such as name@example.org')),
    phone: Phone.nullable().optional(),
    /** The user account of the person, if they have one (a member of this dialogue). */
    userId: z.number().int().positive().nullable().optional(),
  })
  .strict();
export type ContactBody = z.infer<typeof ContactBody>;

export const ContactUpdateBody = ContactBody.extend({
  expectedRevision: z.number().int().positive(),
}).strict();
export type ContactUpdateBody = z.infer<typeof ContactUpdateBody>;

export const ContactsQuery = z
  .object({
    country: Iso3.optional(),
    topic: ContactTopic.optional(),
    /** true: stale entries only. */
    stale: z.enum(['true', 'false']).optional(),
    /** Text in the name, function or organisation. */
    q: z.string().trim().max(100).optional(),
  })
  .strict();
export type ContactsQuery = z.infer<typeof ContactsQuery>;

export const ContactView = z.object({
  id: z.number(),
  topic: ContactTopic,
  country: z.string().nullable(),
  postedIn: z.string().nullable(),
  covers: z.array(z.string()),
  name: z.string(),
  function: z.string(),
  organisation: z.string(),
  languages: z.array(z.string()),
  email: z.string(),
  phone: z.string().nullable(),
  userId: z.number().nullable(),
  revision: z.number(),
  lastConfirmedAt: z.string(),
  lastConfirmedBy: z.enum(['editor', 'contact']),
  dueAt: z.string(),
  isStale: z.boolean(),
  updatedAt: z.string(),
  abilities: z.object({ update: z.boolean(), remove: z.boolean() }),
});
export type ContactView = z.infer<typeof ContactView>;

export const ContactSettings = z.object({
  confirmEveryDays: z.number().int().min(30).max(1095),
  graceDays: z.number().int().min(1).max(365),
  linkDays: z.number().int().min(1).max(90),
});
export type ContactSettings = z.infer<typeof ContactSettings>;

export const ContactSettingsBody = ContactSettings.strict();
export type ContactSettingsBody = z.infer<typeof ContactSettingsBody>;

export const ContactList = z.object({
  contacts: z.array(ContactView),
  settings: ContactSettings,
  abilities: z.object({
    /** May add entries (for every state, or for their own). */
    create: z.boolean(),
    /** The states whose entries they may add; null: every state and the secretariat. */
    createFor: z.array(z.string()).nullable(),
    /** Sees the stale list, sets the schedule, sends the requests now. */
    manage: z.boolean(),
  }),
});
export type ContactList = z.infer<typeof ContactList>;

export const RevisionView = z.object({
  revision: z.number(),
  action: z.enum(['create', 'update', 'confirm', 'remove']),
  editedAt: z.string(),
  editedBy: z.string().nullable(),
  /** The entry as it stood; a removed person's name, e-mail and phone are erased from every revision. */
  data: z.record(z.string(), z.unknown()),
});
export const RevisionList = z.array(RevisionView);
export type RevisionView = z.infer<typeof RevisionView>;

export const RunResult = z.object({ requested: z.number(), sent: z.number(), failed: z.number() });
export type RunResult = z.infer<typeof RunResult>;

export const TokenBody = z.object({ token: z.string().min(1).max(200) }).strict();
export type TokenBody = z.infer<typeof TokenBody>;

/** What the person confirming sees of their entry (the link is their credential). */
export const ConfirmationView = z.object({
  dialogue: z.string(),
  topic: ContactTopic,
  country: z.string().nullable(),
  name: z.string(),
  function: z.string(),
  organisation: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  lastConfirmedAt: z.string(),
  expiresAt: z.string(),
  /** Set once the link was used. */
  confirmedAt: z.string().nullable(),
  /** Where the entry is corrected (signed-in editors). */
  correctPath: z.string(),
});
export type ConfirmationView = z.infer<typeof ConfirmationView>;
