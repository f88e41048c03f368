/**
 * Versions of definitions (indicators, migratory routes, calendar entries): each change appends the new version
 * to definition_revisions with an audit entry, in the changing transaction; name and description edits are
 * recorded as translation revisions too. The modules that own the definitions call this; the history is read
 * back at GET …/definitions/history (definitions module).
 */
import type { Queryable } from '../../db/connect';
import type { Actor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { recordAudit } from '../audit/audit.service';
import { recordTranslationEdits } from '../translations/translations.service';
import { insertDefinitionRevision, listDefinitionRevisions } from './definition-revisions.sql';

type DefinitionChange = {
  dialogueId: number;
  entity: 'indicator' | 'route';
  id: number;
  revision: number;
  action: 'create' | 'update' | 'retire' | 'delete';
  /** The new version as the API shows it. */
  data: { code: string; revision: number };
  /** Details of the audit entry. */
  details: Record<string, unknown>;
};

/** Appends a version of an indicator or route to definition_revisions and writes the audit entry `<entity>.<action>`. */
export async function recordDefinitionChange(
  db: Queryable,
  ctx: Ctx,
  actor: Actor,
  c: DefinitionChange,
): Promise<void> {
  const { details, ...revision } = c;
  await insertDefinitionRevision(db, { ...revision, userId: actor.userId });
  await recordAudit(
    db,
    actor,
    `${c.entity}.${c.action}`,
    { type: c.entity, id: c.id, dialogueId: c.dialogueId },
    details,
    { ip: ctx.ip },
  );
}

type TextsAndEnd = {
  name: Record<string, string>;
  description: Record<string, string>;
  validTo: string | null;
};

/**
 * After an indicator or route was updated: its name and description edits as translation revisions, then the
 * new version (`retire` when it gets a validTo, else `update`) with an audit entry naming the changed fields.
 */
export async function recordDefinitionUpdate(
  db: Queryable,
  ctx: Ctx,
  actor: Actor,
  u: Pick<DefinitionChange, 'dialogueId' | 'entity' | 'id' | 'data'> & {
    before: TextsAndEnd;
    after: TextsAndEnd;
    changed: readonly string[];
  },
): Promise<void> {
  for (const field of ['name', 'description'] as const)
    await recordTranslationEdits(db, {
      dialogueId: u.dialogueId,
      entity: u.entity,
      id: u.id,
      field,
      before: u.before[field],
      after: u.after[field],
      editedBy: actor.userId,
    });
  await recordDefinitionChange(db, ctx, actor, {
    dialogueId: u.dialogueId,
    entity: u.entity,
    id: u.id,
    revision: u.data.revision,
    action: u.after.validTo !== null && u.before.validTo === null ? 'retire' : 'update',
    data: u.data,
    details: {
      code: u.data.code,
      revision: u.data.revision,
      changed: u.changed.filter((k) => k !== 'expectedRevision'),
    },
  });
}

/** Appends a version of a calendar entry (its audit entry is written once per request by the caller). */
export function recordCalendarRevision(
  db: Queryable,
  r: {
    dialogueId: number;
    id: number;
    revision: number;
    action: 'create' | 'update' | 'delete';
    data: object;
    userId: number | null;
  },
): Promise<void> {
  return insertDefinitionRevision(db, { ...r, entity: 'calendar' });
}

/** Every version of one definition, newest first (runs in the caller's transaction). */
export function listDefinitionHistory(
  db: Queryable,
  dialogueId: number,
  entity: 'indicator' | 'route' | 'calendar',
  id: number,
) {
  return listDefinitionRevisions(db, dialogueId, entity, id);
}
