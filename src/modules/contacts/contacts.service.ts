/**
 * Use cases of the contact directory: list (with stale marks), create, change (a new revision), remove (the
 * person's data erased from the entry and its revisions), history, settings and the exports (vCard 4.0, CSV).
 * Each runs in one transaction as the actor (row-level security repeats the rules of contacts.policy.ts);
 * audit entries name the entry and the fields that changed, never their values, so removing a person leaves
 * nothing of them in the audit log.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { topicLabel } from '../../domain/contacts/confirm-mail';
import { confirmationDueAt, isStale } from '../../domain/contacts/staleness';
import { buildVcards, type CardInput } from '../../domain/contacts/vcard';
import { toSafeCsv } from '../../domain/csv-safe';
import { allows } from '../../shared/access';
import type { Actor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { type DialogueRef, isMemberState, requireDialogue } from '../dialogues/dialogues.service';
import { findMemberUsers } from '../messages/messages.service';
import { listCountries } from '../reference/reference.service';
import { canEditEntry, contactsPolicy, editableStates, isContactSecretariat } from './contacts.policy';
import type {
  ContactBody,
  ContactList,
  ContactSettings,
  ContactSettingsBody,
  ContactsQuery,
  ContactUpdateBody,
  ContactView,
  RevisionView,
} from './contacts.schema';
import {
  type ContactFields,
  type ContactRow,
  contactExists,
  eraseContactRow,
  findContactRow,
  findSettingsRow,
  insertContactRow,
  insertRevisionRow,
  listContactRows,
  listRevisionRows,
  updateContactRow,
  upsertSettingsRow,
} from './contacts.sql';

export const DEFAULT_SETTINGS: ContactSettings = { confirmEveryDays: 365, graceDays: 30, linkDays: 30 };
const FIELDS = [
  'topic',
  'country',
  'postedIn',
  'covers',
  'name',
  'function',
  'organisation',
  'languages',
  'email',
  'phone',
  'userId',
] as const;

const iso = (d: Date | string) => new Date(d).toISOString();

/** The dialogue, for a member (404 otherwise: the directory does not exist for outsiders). */
async function memberDialogue(ctx: Ctx, slug: string): Promise<{ d: DialogueRef; actor: Actor }> {
  const d = await requireDialogue(ctx, slug);
  if (!ctx.actor || !allows(ctx.actor, contactsPolicy.read, { dialogueId: d.id }))
    throw new NotFound(`Dialogue "${slug}"`);
  return { d, actor: ctx.actor };
}

export async function loadSettings(db: Queryable, dialogueId: number): Promise<ContactSettings> {
  const s = await findSettingsRow(db, dialogueId);
  return s
    ? { confirmEveryDays: s.confirm_every_days, graceDays: s.grace_days, linkDays: s.link_days }
    : DEFAULT_SETTINGS;
}

function fieldsOf(row: ContactRow): ContactFields {
  return {
    topic: row.topic,
    country: row.country_iso3,
    postedIn: row.posted_in_iso3,
    covers: row.covers_iso3,
    name: row.name,
    function: row.function,
    organisation: row.organisation,
    languages: row.languages,
    email: row.email,
    phone: row.phone,
    userId: row.user_id,
  };
}

function toView(row: ContactRow, s: ContactSettings, actor: Actor, now: Date): ContactView {
  const confirmed = new Date(row.last_confirmed_at);
  const editable = canEditEntry(actor, row.dialogue_id, row.country_iso3);
  return {
    id: row.id,
    ...fieldsOf(row),
    revision: row.revision,
    lastConfirmedAt: iso(confirmed),
    lastConfirmedBy: row.last_confirmed_by,
    dueAt: iso(confirmationDueAt(confirmed, s)),
    isStale: isStale(confirmed, s, now),
    updatedAt: iso(row.updated_at),
    abilities: { update: editable, remove: editable },
  };
}

/** Checks the body against the dialogue (countries known, the state a member, the account a member). */
async function checkFields(db: Queryable, d: DialogueRef, b: ContactBody): Promise<ContactFields> {
  const errors: FieldError[] = [];
  const known = new Set(listCountries().map((c) => c.iso3));
  const country = b.country ?? null;
  const postedIn = b.postedIn ?? null;
  if (b.topic === 'secretariat') {
    if (country)
      errors.push({ field: 'body.country', message: 'the secretariat belongs to no state: leave it empty' });
  } else if (!country) {
    errors.push({ field: 'body.country', message: 'give the state of this contact (ISO 3166-1 alpha-3)' });
  } else if (!known.has(country)) {
    errors.push({ field: 'body.country', message: `unknown country "${country}"` });
  } else if (!(await isMemberState(db, d.id, country))) {
    errors.push({ field: 'body.country', message: `${country} is not a member state of this dialogue` });
  }
  if (b.topic === 'liaison_officer') {
    if (!postedIn)
      errors.push({ field: 'body.postedIn', message: 'give the country where the officer is posted' });
    else if (!known.has(postedIn))
      errors.push({ field: 'body.postedIn', message: `unknown country "${postedIn}"` });
  } else if (postedIn || b.covers.length) {
    errors.push({
      field: 'body.postedIn',
      message: 'only liaison officers have a posting and states they cover',
    });
  }
  b.covers.forEach((c, i) => {
    if (!known.has(c)) errors.push({ field: `body.covers[${i}]`, message: `unknown country "${c}"` });
  });
  const userId = b.userId ?? null;
  if (userId !== null && (await findMemberUsers(db, d.id, [userId])).length === 0)
    errors.push({ field: 'body.userId', message: `user ${userId} is not an active member of this dialogue` });
  if (errors.length) throw new Invalid(errors);
  return {
    topic: b.topic,
    country,
    postedIn,
    covers: [...new Set(b.covers)],
    name: b.name,
    function: b.function,
    organisation: b.organisation,
    languages: [...new Set(b.languages)],
    email: b.email,
    phone: b.phone ?? null,
    userId,
  };
}

function assertMayEdit(actor: Actor, dialogueId: number, country: string | null): void {
  if (canEditEntry(actor, dialogueId, country)) return;
  const own = editableStates(actor, dialogueId);
  throw new Forbidden(
    own?.length
      ? `You may edit only the entries of ${own.join(', ')}; the secretariat edits the others`
      : 'Only the secretariat and the state concerned edit directory entries',
  );
}

/**
 * The entry, locked for the change, if the actor may edit it: 404 when it does not exist, 403 for another
 * state's entry (read first without the lock: row-level security hides rows one may not update from FOR UPDATE).
 */
async function lockEditable(
  db: Queryable,
  actor: Actor,
  dialogueId: number,
  id: number,
): Promise<ContactRow> {
  const seen = await findContactRow(db, dialogueId, id);
  if (!seen) throw new NotFound(`Contact ${id}`);
  assertMayEdit(actor, dialogueId, seen.country_iso3);
  const row = await findContactRow(db, dialogueId, id, true);
  if (!row) throw new NotFound(`Contact ${id}`);
  return row;
}

function changedFields(before: ContactFields | null, after: ContactFields): string[] {
  return FIELDS.filter((f) => !before || JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

/** GET …/contacts: the directory, filtered (members). */
export async function listContacts(ctx: Ctx, slug: string, q: ContactsQuery): Promise<ContactList> {
  const { d, actor } = await memberDialogue(ctx, slug);
  return withActor(ctx.db, actor, async (db) => {
    const settings = await loadSettings(db, d.id);
    const now = new Date();
    let views = (await listContactRows(db, d.id, q)).map((r) => toView(r, settings, actor, now));
    if (q.stale === 'true') views = views.filter((v) => v.isStale);
    if (q.stale === 'false') views = views.filter((v) => !v.isStale);
    const states = editableStates(actor, d.id);
    return {
      contacts: views,
      settings,
      abilities: {
        create: states === null || states.length > 0,
        createFor: states,
        manage: isContactSecretariat(actor, d.id),
      },
    };
  });
}

/** GET …/contacts/stale: the entries past their grace period (the secretariat). */
export async function listStaleContacts(ctx: Ctx, slug: string): Promise<ContactView[]> {
  const { d, actor } = await memberDialogue(ctx, slug);
  if (!isContactSecretariat(actor, d.id)) throw new Forbidden('Only the secretariat sees the stale list');
  return (await listContacts(ctx, slug, { stale: 'true' })).contacts;
}

/** POST …/contacts: a new entry, revision 1 (its creation counts as a confirmation). */
export async function createContact(ctx: Ctx, slug: string, body: ContactBody): Promise<ContactView> {
  const { d, actor } = await memberDialogue(ctx, slug);
  assertMayEdit(actor, d.id, body.country ?? null);
  return withActor(ctx.db, actor, async (db) => {
    const fields = await checkFields(db, d, body);
    const row = await insertContactRow(db, d.id, fields, actor.userId);
    await insertRevisionRow(db, {
      contactId: row.id,
      dialogueId: d.id,
      revision: 1,
      action: 'create',
      data: fields,
      by: actor.userId,
    });
    await recordAudit(
      db,
      actor,
      'contact.create',
      { type: 'contact', id: row.id, dialogueId: d.id },
      {
        topic: fields.topic,
        country: fields.country,
        fields: changedFields(null, fields),
      },
      { ip: ctx.ip },
    );
    return toView(row, await loadSettings(db, d.id), actor, new Date());
  });
}

/** PUT …/contacts/:id: a new revision (409 when someone changed it since `expectedRevision`). */
export async function updateContact(
  ctx: Ctx,
  slug: string,
  id: number,
  body: ContactUpdateBody,
): Promise<ContactView> {
  const { d, actor } = await memberDialogue(ctx, slug);
  return withActor(ctx.db, actor, async (db) => {
    const before = await lockEditable(db, actor, d.id, id);
    assertMayEdit(actor, d.id, body.country ?? null);
    if (before.revision !== body.expectedRevision)
      throw new Conflict(
        `Contact ${id} was changed by someone else (revision ${before.revision}); reload it`,
      );
    const fields = await checkFields(db, d, body);
    const row = await updateContactRow(db, id, fields, actor.userId);
    await insertRevisionRow(db, {
      contactId: id,
      dialogueId: d.id,
      revision: row.revision,
      action: 'update',
      data: fields,
      by: actor.userId,
    });
    await recordAudit(
      db,
      actor,
      'contact.update',
      { type: 'contact', id, dialogueId: d.id },
      {
        revision: row.revision,
        fields: changedFields(fieldsOf(before), fields),
      },
      { ip: ctx.ip },
    );
    return toView(row, await loadSettings(db, d.id), actor, new Date());
  });
}

/** DELETE …/contacts/:id: removes the person; their name, e-mail and phone are erased everywhere here. */
export async function removeContact(ctx: Ctx, slug: string, id: number): Promise<{ removed: number }> {
  const { d, actor } = await memberDialogue(ctx, slug);
  return withActor(ctx.db, actor, async (db) => {
    const before = await lockEditable(db, actor, d.id, id);
    const revision = await eraseContactRow(db, id, actor.userId);
    await insertRevisionRow(db, {
      contactId: id,
      dialogueId: d.id,
      revision,
      action: 'remove',
      data: { topic: before.topic, country: before.country_iso3 },
      by: actor.userId,
    });
    await recordAudit(
      db,
      actor,
      'contact.remove',
      { type: 'contact', id, dialogueId: d.id },
      {
        topic: before.topic,
        country: before.country_iso3,
        erased: ['name', 'email', 'phone', 'userId'],
      },
      { ip: ctx.ip },
    );
    return { removed: id };
  });
}

/** GET …/contacts/:id/history: every revision (members; a removed entry's history stays, without the person). */
export async function contactHistory(ctx: Ctx, slug: string, id: number): Promise<RevisionView[]> {
  const { d, actor } = await memberDialogue(ctx, slug);
  return withActor(ctx.db, actor, async (db) => {
    if (!(await contactExists(db, d.id, id))) throw new NotFound(`Contact ${id}`);
    return (await listRevisionRows(db, d.id, id)).map((r) => ({
      revision: r.revision,
      action: r.action as RevisionView['action'],
      editedAt: iso(r.edited_at),
      editedBy: r.edited_by,
      data: r.data,
    }));
  });
}

/** PUT …/contacts/settings: how often entries are confirmed, the grace period, how long links live. */
export async function putContactSettings(
  ctx: Ctx,
  slug: string,
  body: ContactSettingsBody,
): Promise<ContactSettings> {
  const { d, actor } = await memberDialogue(ctx, slug);
  if (!isContactSecretariat(actor, d.id))
    throw new Forbidden('Only the secretariat sets the confirmation schedule');
  return withActor(ctx.db, actor, async (db) => {
    await upsertSettingsRow(db, d.id, body, actor.userId);
    await recordAudit(
      db,
      actor,
      'contact.settings',
      { type: 'contact_settings', dialogueId: d.id },
      { ...body },
      { ip: ctx.ip },
    );
    return loadSettings(db, d.id);
  });
}

export interface Download {
  contentType: string;
  fileName: string;
  body: string;
}

function countryNote(r: ContactRow): string {
  if (r.topic !== 'liaison_officer') return '';
  const covers = r.covers_iso3.length ? `, covering ${r.covers_iso3.join(', ')}` : '';
  return `Liaison officer of ${r.country_iso3} posted in ${r.posted_in_iso3}${covers}`;
}

function toCard(slug: string, r: ContactRow): CardInput {
  return {
    uid: `urn:passage:contact:${slug}:${r.id}`,
    name: r.name,
    function: r.function,
    organisation: r.organisation,
    role: `${topicLabel(r.topic, 'en')}${r.country_iso3 ? ` (${r.country_iso3})` : ''}`,
    languages: r.languages,
    email: r.email,
    phone: r.phone,
    note: countryNote(r),
    revisedAt: new Date(r.updated_at),
  };
}

/** The export of the directory or of one entry (members); exporting is recorded in the audit log. */
export async function exportContacts(
  ctx: Ctx,
  slug: string,
  format: 'vcard' | 'csv',
  q: ContactsQuery & { id?: number },
): Promise<Download> {
  const { d, actor } = await memberDialogue(ctx, slug);
  return withActor(ctx.db, actor, async (db) => {
    const settings = await loadSettings(db, d.id);
    let rows: ContactRow[];
    if (q.id !== undefined) {
      const one = await findContactRow(db, d.id, q.id);
      if (!one) throw new NotFound(`Contact ${q.id}`);
      rows = [one];
    } else rows = await listContactRows(db, d.id, q);
    const now = new Date();
    if (q.stale)
      rows = rows.filter(
        (r) => isStale(new Date(r.last_confirmed_at), settings, now) === (q.stale === 'true'),
      );
    await recordAudit(
      db,
      actor,
      'contact.export',
      { type: 'contact', dialogueId: d.id, ...(q.id ? { id: q.id } : {}) },
      {
        format,
        entries: rows.length,
      },
      { ip: ctx.ip },
    );
    const base = q.id !== undefined ? `contact-${q.id}` : `contacts-${slug}`;
    if (format === 'vcard')
      return {
        contentType: 'text/vcard; charset=utf-8',
        fileName: `${base}.vcf`,
        body: buildVcards(rows.map((r) => toCard(slug, r))),
      };
    const header = [
      'id',
      'topic',
      'country',
      'posted_in',
      'covers',
      'name',
      'function',
      'organisation',
      'languages',
      'email',
      'phone',
      'last_confirmed',
      'is_stale',
    ];
    const lines = rows.map((r) => [
      r.id,
      r.topic,
      r.country_iso3,
      r.posted_in_iso3,
      r.covers_iso3.join(' '),
      r.name,
      r.function,
      r.organisation,
      r.languages.join(' '),
      r.email,
      r.phone,
      iso(r.last_confirmed_at).slice(0, 10),
      isStale(new Date(r.last_confirmed_at), settings, now),
    ]);
    return {
      contentType: 'text/csv; charset=utf-8',
      fileName: `${base}.csv`,
      body: toSafeCsv([header, ...lines]),
    };
  });
}
