/**
 * Dialogue administration: create (installation administrators), edit, archive and give a logo (the dialogue's
 * admins). Each use case is one transaction; settings carry a revision (a stale one answers 409 with the
 * current settings), every version is appended to dialogue_revisions and every change to the audit log. Name
 * and description edits are also translation revisions, so the translations editor's history stays complete.
 *
 * The operator is a person (Actor) or the terminal ('cli', src/shared/operator.ts): the CLI runs the same use
 * cases. An archived dialogue is read-only (archived-guard.ts refuses writes to it over HTTP; the use cases
 * here refuse them too) and hidden from the dialogue lists, but stays readable by its members.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/connect';
import { inspectLogo } from '../../domain/images/raster-image';
import { STANDARD_INDICATORS } from '../../reference/standard-indicators';
import { administeredDialogues, isMember } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { AppError, Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import {
  auditActor,
  type Operator,
  type OperatorCtx,
  operatorDetails,
  operatorUserId,
} from '../../shared/operator';
import type { Role } from '../../shared/roles';
import { recordAudit } from '../audit/audit.service';
import { recordTranslationEdits } from '../translations/translations.service';
import type {
  ArchiveBody,
  DialogueAdminSummary,
  DialogueCreateBody,
  DialogueRevisionView,
  DialogueSettings,
  DialogueUpdateBody,
  SecretariatOption,
} from './dialogue-admin.schema';
import {
  type DialogueAdminRow,
  type DialogueValues,
  findCurrentLogo,
  findDialogueForAdmin,
  findDialogueIdBySlug,
  findSecretariat,
  insertCreatorRoles,
  insertDialogue,
  insertDialogueRevision,
  insertLogo,
  insertStandardIndicators,
  listDialogueRevisions,
  listDialoguesForAdmin,
  listSecretariats,
  setArchived,
  setLogo,
  slugTaken,
  updateDialogue,
} from './dialogue-admin.sql';

/** The creator of a dialogue runs it: admin (settings, members) and data manager (review and publish). */
export const CREATOR_ROLES: readonly Role[] = ['admin', 'data_manager'];

const iso = (d: Date | string) => new Date(d).toISOString();

/** A request's operator: the logged-in person (the route's access rule has let them through). */
export function operatorOf(ctx: Ctx): OperatorCtx {
  if (!ctx.actor) throw new Forbidden();
  return { db: ctx.db, operator: ctx.actor, ip: ctx.ip };
}

function isAdminOf(op: Operator, dialogueId: number): boolean {
  return op === 'cli' || (op.scopes === undefined && (op.roles[dialogueId] ?? []).includes('admin'));
}

function isPlatformAdmin(op: Operator): boolean {
  return op === 'cli' || (op.scopes === undefined && op.isPlatformAdmin === true);
}

/** The dialogue for one of its admins: 404 to non-members (its existence is not revealed), 403 to members. */
async function requireAdministered(
  c: OperatorCtx,
  db: Queryable,
  dialogueId: number,
  forUpdate = false,
): Promise<DialogueAdminRow> {
  const row = await findDialogueForAdmin(db, dialogueId, forUpdate);
  const op = c.operator;
  if (!row || (op !== 'cli' && !isMember(op, dialogueId) && !op.isPlatformAdmin))
    throw new NotFound(`Dialogue ${dialogueId}`);
  if (!isAdminOf(op, dialogueId)) throw new Forbidden('Only an admin of this dialogue may change it.');
  return row;
}

function archivedError(slug: string): AppError {
  return new AppError(
    'DIALOGUE_ARCHIVED',
    409,
    `The dialogue "${slug}" is archived and read-only. An admin can restore it (unarchive) first.`,
  );
}

function rolesOf(op: Operator, dialogueId: number): Role[] {
  return op === 'cli' ? [] : (op.roles[dialogueId] ?? []);
}

function toSummary(op: Operator, r: DialogueAdminRow): DialogueAdminSummary {
  return {
    id: r.id,
    slug: r.slug,
    name: { source: r.source_language, values: r.name_i18n },
    classification: r.classification,
    workingLanguages: r.working_languages,
    secretariat: { id: r.secretariat_org_id, name: r.secretariat_name, acronym: r.secretariat_acronym },
    archivedAt: r.archived_at ? iso(r.archived_at) : null,
    memberStates: r.member_states,
    observers: r.observers,
    myRoles: rolesOf(op, r.id),
  };
}

export function toSettings(r: DialogueAdminRow): DialogueSettings {
  return {
    id: r.id,
    slug: r.slug,
    name: { source: r.source_language, values: r.name_i18n },
    description: { source: r.source_language, values: r.description_i18n },
    workingLanguages: r.working_languages,
    classification: r.classification,
    disclosureThreshold: r.disclosure_threshold,
    secretariat: { id: r.secretariat_org_id, name: r.secretariat_name, acronym: r.secretariat_acronym },
    logo:
      r.logo_id === null
        ? null
        : {
            url: `/api/dialogues/${r.slug}/logo?v=${r.logo_id}`,
            contentType: r.logo_content_type ?? '',
            width: r.logo_width ?? 0,
            height: r.logo_height ?? 0,
            bytes: r.logo_bytes ?? 0,
            uploadedAt: iso(r.logo_uploaded_at ?? r.updated_at),
          },
    revision: r.revision,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    archivedAt: r.archived_at ? iso(r.archived_at) : null,
  };
}

/** What a revision keeps: the settings as they stood (no logo bytes, only which logo). */
function snapshot(r: DialogueAdminRow): Record<string, unknown> {
  return {
    slug: r.slug,
    name: r.name_i18n,
    description: r.description_i18n,
    sourceLanguage: r.source_language,
    workingLanguages: r.working_languages,
    secretariatOrgId: r.secretariat_org_id,
    classification: r.classification,
    logoId: r.logo_id,
    archived: r.archived_at !== null,
  };
}

/** Names and descriptions may only use the dialogue's working languages, and must include the source. */
function checkLanguages(v: DialogueValues, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  const working = new Set(v.workingLanguages);
  if (!working.has(v.sourceLanguage))
    errors.push({
      field: `${prefix}workingLanguages`,
      message: `must include ${v.sourceLanguage}, the language the name is written in`,
    });
  for (const [field, texts] of [
    ['name', v.name],
    ['description', v.description],
  ] as const)
    for (const language of Object.keys(texts))
      if (!working.has(language))
        errors.push({
          field: `${prefix}${field}.values.${language}`,
          message: `${language} is not a working language of the dialogue (${[...working].join(', ')})`,
        });
  return errors;
}

/** Drops empty texts (an empty translation is no translation). */
function cleanTexts(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .map(([k, v]) => [k, v.trim()] as const)
      .filter(([, v]) => v !== ''),
  );
}

async function requireSecretariat(db: Queryable, orgId: number, field: string) {
  const org = await findSecretariat(db, orgId);
  if (!org)
    throw new Invalid([{ field, message: `organisation ${orgId} is not a secretariat organisation` }]);
  return org;
}

export async function listAdministeredDialogues(c: OperatorCtx): Promise<DialogueAdminSummary[]> {
  const op = c.operator;
  const ids = op === 'cli' || isPlatformAdmin(op) ? null : administeredDialogues(op);
  return (await listDialoguesForAdmin(c.db, ids)).map((r) => toSummary(op, r));
}

export async function listSecretariatOptions(c: OperatorCtx): Promise<SecretariatOption[]> {
  return listSecretariats(c.db);
}

/**
 * Creates a dialogue run by a secretariat organisation, with the standard indicators unless told otherwise. A
 * person creating it becomes its admin and data manager; on the terminal, `creatorUserId` names who does.
 */
export async function createDialogue(
  c: OperatorCtx,
  input: DialogueCreateBody,
  opts: { creatorUserId?: number } = {},
): Promise<DialogueSettings> {
  const op = c.operator;
  if (!isPlatformAdmin(op)) throw new Forbidden('Only an installation administrator may create dialogues.');
  const creatorId = op === 'cli' ? (opts.creatorUserId ?? null) : op.userId;
  const secretariatOrgId =
    input.secretariatOrgId ?? (op !== 'cli' && op.orgKind === 'secretariat' ? op.orgId : undefined);
  if (secretariatOrgId === undefined)
    throw new Invalid([
      { field: 'secretariatOrgId', message: 'is required: the organisation running the dialogue' },
    ]);
  const values: DialogueValues = {
    sourceLanguage: input.name.source,
    name: cleanTexts(input.name.values),
    description: cleanTexts(input.description?.values ?? {}),
    workingLanguages: [...new Set(input.workingLanguages ?? Object.keys(input.name.values))],
    secretariatOrgId,
    classification: input.classification ?? 'dialogue',
  };
  const errors = checkLanguages(values, '');
  if (errors.length) throw new Invalid(errors);
  return c.db.transaction(async (tx) => {
    await requireSecretariat(tx, secretariatOrgId, 'secretariatOrgId');
    if (await slugTaken(tx, input.slug))
      throw new AppError(
        'ALREADY_EXISTS',
        409,
        `A dialogue with the address "${input.slug}" exists already.`,
        {
          errors: [{ field: 'slug', message: `"${input.slug}" is taken: choose another` }],
        },
      );
    const id = await insertDialogue(tx, { ...values, slug: input.slug, createdBy: creatorId });
    if (creatorId !== null)
      await insertCreatorRoles(tx, { userId: creatorId, dialogueId: id, roles: CREATOR_ROLES });
    const indicators =
      input.withStandardIndicators === false
        ? 0
        : await insertStandardIndicators(tx, id, secretariatOrgId, STANDARD_INDICATORS);
    const row = (await findDialogueForAdmin(tx, id))!;
    await insertDialogueRevision(tx, {
      dialogueId: id,
      revision: 1,
      action: 'create',
      data: snapshot(row),
      editedBy: operatorUserId(op),
    });
    await recordAudit(
      tx,
      auditActor(op),
      'dialogue.create',
      { type: 'dialogue', id, dialogueId: id },
      { slug: input.slug, indicators, creatorUserId: creatorId, ...operatorDetails(op) },
      { ip: c.ip },
    );
    return toSettings(row);
  });
}

export async function getDialogueSettings(c: OperatorCtx, dialogueId: number): Promise<DialogueSettings> {
  return toSettings(await requireAdministered(c, c.db, dialogueId));
}

/** Changes the settings named in the body; the slug (the dialogue's address) never changes. */
export async function updateDialogueSettings(
  c: OperatorCtx,
  dialogueId: number,
  input: DialogueUpdateBody,
): Promise<DialogueSettings> {
  const op = c.operator;
  return c.db.transaction(async (tx) => {
    const current = await requireAdministered(c, tx, dialogueId, true);
    if (current.archived_at) throw archivedError(current.slug);
    if (current.revision !== input.expectedRevision)
      throw new Conflict(
        `The dialogue was changed meanwhile (revision ${current.revision}, you started from ${input.expectedRevision}).`,
        toSettings(current),
      );
    const next: DialogueValues = {
      sourceLanguage: input.name?.source ?? current.source_language,
      name: input.name ? cleanTexts(input.name.values) : current.name_i18n,
      description: input.description ? cleanTexts(input.description.values) : current.description_i18n,
      workingLanguages: input.workingLanguages
        ? [...new Set(input.workingLanguages)]
        : current.working_languages,
      secretariatOrgId: input.secretariatOrgId ?? current.secretariat_org_id,
      classification: input.classification ?? current.classification,
      disclosureThreshold: input.disclosureThreshold ?? current.disclosure_threshold,
    };
    const errors = checkLanguages(next, '');
    if (errors.length) throw new Invalid(errors);
    if (input.secretariatOrgId !== undefined)
      await requireSecretariat(tx, next.secretariatOrgId, 'secretariatOrgId');
    await updateDialogue(tx, dialogueId, next);
    if (op !== 'cli')
      for (const [field, before, after] of [
        ['name', current.name_i18n, next.name],
        ['description', current.description_i18n, next.description],
      ] as const)
        await recordTranslationEdits(tx, {
          dialogueId,
          entity: 'dialogue',
          id: dialogueId,
          field,
          before,
          after,
          editedBy: op.userId,
        });
    const row = (await findDialogueForAdmin(tx, dialogueId))!;
    await insertDialogueRevision(tx, {
      dialogueId,
      revision: row.revision,
      action: 'update',
      data: snapshot(row),
      editedBy: operatorUserId(op),
    });
    const changed = Object.keys(input).filter((k) => k !== 'expectedRevision');
    await recordAudit(
      tx,
      auditActor(op),
      'dialogue.update',
      { type: 'dialogue', id: dialogueId, dialogueId },
      { changed, revision: row.revision, ...operatorDetails(op) },
      { ip: c.ip },
    );
    return toSettings(row);
  });
}

/** Archives (read-only, hidden from lists) or restores a dialogue. */
export async function setDialogueArchived(
  c: OperatorCtx,
  dialogueId: number,
  isArchived: boolean,
  input: ArchiveBody,
): Promise<DialogueSettings> {
  const op = c.operator;
  return c.db.transaction(async (tx) => {
    const current = await requireAdministered(c, tx, dialogueId, true);
    if (current.revision !== input.expectedRevision)
      throw new Conflict(
        `The dialogue was changed meanwhile (revision ${current.revision}).`,
        toSettings(current),
      );
    if ((current.archived_at !== null) === isArchived)
      throw new AppError(
        'CONFLICT',
        409,
        isArchived ? 'The dialogue is archived already.' : 'The dialogue is not archived.',
      );
    await setArchived(tx, dialogueId, isArchived);
    const row = (await findDialogueForAdmin(tx, dialogueId))!;
    const action = isArchived ? 'archive' : 'unarchive';
    await insertDialogueRevision(tx, {
      dialogueId,
      revision: row.revision,
      action,
      data: { ...snapshot(row), reason: input.reason ?? null },
      editedBy: operatorUserId(op),
    });
    await recordAudit(
      tx,
      auditActor(op),
      `dialogue.${action}`,
      { type: 'dialogue', id: dialogueId, dialogueId },
      { reason: input.reason ?? null, ...operatorDetails(op) },
      { ip: c.ip },
    );
    return toSettings(row);
  });
}

/** A new logo (the bytes decide the type; earlier logos are kept), or none. */
export async function setDialogueLogo(
  c: OperatorCtx,
  dialogueId: number,
  bytes: Uint8Array | null,
): Promise<DialogueSettings> {
  const op = c.operator;
  const inspected = bytes === null ? null : inspectLogo(bytes);
  if (inspected && !inspected.ok)
    throw new AppError('IMAGE_REJECTED', 400, `The logo was refused: ${inspected.reason}.`, {
      errors: [{ field: 'body', message: inspected.reason }],
    });
  return c.db.transaction(async (tx) => {
    const current = await requireAdministered(c, tx, dialogueId, true);
    if (current.archived_at) throw archivedError(current.slug);
    let logoId: number | null = null;
    if (bytes && inspected?.ok) {
      logoId = await insertLogo(tx, {
        dialogueId,
        content: bytes,
        contentType: inspected.image.contentType,
        width: inspected.image.width,
        height: inspected.image.height,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        uploadedBy: operatorUserId(op),
      });
    } else if (current.logo_id === null) throw new NotFound('A logo of this dialogue');
    await setLogo(tx, dialogueId, logoId);
    const row = (await findDialogueForAdmin(tx, dialogueId))!;
    await insertDialogueRevision(tx, {
      dialogueId,
      revision: row.revision,
      action: 'logo',
      data: snapshot(row),
      editedBy: operatorUserId(op),
    });
    await recordAudit(
      tx,
      auditActor(op),
      logoId ? 'dialogue.logo_set' : 'dialogue.logo_remove',
      { type: 'dialogue', id: dialogueId, dialogueId },
      { logoId, bytes: bytes?.length ?? 0, ...operatorDetails(op) },
      { ip: c.ip },
    );
    return toSettings(row);
  });
}

/** The logo of a dialogue the caller may see (public dialogues: anyone), else 404. */
export async function readDialogueLogo(
  ctx: Ctx,
  slug: string,
): Promise<{ content: Uint8Array; contentType: string; etag: string; isPublic: boolean }> {
  const logo = await findCurrentLogo(ctx.db, slug);
  if (!logo || (logo.classification !== 'public' && !isMember(ctx.actor, logo.dialogue_id)))
    throw new NotFound(`The logo of dialogue "${slug}"`);
  return {
    content: logo.content,
    contentType: logo.content_type,
    etag: `"${logo.sha256}"`,
    isPublic: logo.classification === 'public',
  };
}

export async function listDialogueHistory(
  c: OperatorCtx,
  dialogueId: number,
): Promise<DialogueRevisionView[]> {
  await requireAdministered(c, c.db, dialogueId);
  return (await listDialogueRevisions(c.db, dialogueId)).map((r) => ({
    revision: r.revision,
    action: r.action,
    data: r.data,
    editedAt: iso(r.edited_at),
    editedBy: r.editor_id === null ? null : { id: r.editor_id, name: r.editor_name ?? '' },
  }));
}

/** What other modules' administration use cases (members, invitations) know of the dialogue. */
export interface AdministeredDialogue {
  id: number;
  slug: string;
  name: string;
  secretariatOrgId: number;
  isArchived: boolean;
}

/**
 * The dialogue for one of its admins (or the terminal), for other modules' administration use cases: 404 to
 * non-members, 403 to members who are not its admin; `forWrite` also refuses an archived dialogue.
 */
export async function requireDialogueAdmin(
  c: OperatorCtx,
  db: Queryable,
  dialogueId: number,
  opts: { forWrite?: boolean } = {},
): Promise<AdministeredDialogue> {
  const row = await requireAdministered(c, db, dialogueId, opts.forWrite === true);
  if (opts.forWrite && row.archived_at) throw archivedError(row.slug);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name_i18n[row.source_language] ?? row.slug,
    secretariatOrgId: row.secretariat_org_id,
    isArchived: row.archived_at !== null,
  };
}

/** The id of the dialogue with this address (for the terminal's commands, which name dialogues by slug). */
export async function dialogueIdOfSlug(db: Queryable, slug: string): Promise<number> {
  const id = await findDialogueIdBySlug(db, slug);
  if (id === undefined) throw new NotFound(`Dialogue "${slug}"`);
  return id;
}
