import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { allows, type DialogueRule } from '../../shared/access';
import { type Actor, isMember, type MaybeActor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { Forbidden, NotFound } from '../../shared/errors';
import { isDialogueArchived } from './dialogue-admin.sql';
import type { DialogueHome, DialogueSummary } from './dialogues.schema';
import {
  type DialogueRef,
  type DialogueRow,
  findDialogueRef,
  findVisibleDialogue,
  isMemberState as isMemberStateRow,
  listMemberStateCodes as listMemberStateCodeRows,
  listMemberStates,
  listObservers,
  listVisibleDialogues,
  listVisibleIndicators,
  listVisibleRoutes,
  rolesOf,
} from './dialogues.sql';

export type { DialogueRef };

/**
 * The dialogue look-up every dialogue-scoped module starts with: the dialogue if the actor may see it at all
 * (public, or a member), else 404 (a dialogue one may not see does not exist for them).
 */
export async function requireDialogue(ctx: Ctx, slug: string): Promise<DialogueRef> {
  const d = await findDialogueRef(ctx.db, ctx.actor, slug);
  if (!d) throw new NotFound(`Dialogue "${slug}"`);
  return d;
}

/** The dialogue, for someone who must be a member (non-members get 404, also for a public dialogue). */
export async function requireMemberDialogue(ctx: Ctx, slug: string): Promise<DialogueRef> {
  const d = await requireDialogue(ctx, slug);
  if (!isMember(ctx.actor, d.id)) throw new NotFound(`Dialogue "${slug}"`);
  return d;
}

/**
 * The dialogue, for an actor a module's policy rule lets act on it: 404 when the actor may not see the
 * dialogue at all, 403 with `denied` when they see it but the rule says no.
 */
export async function requireDialogueFor(
  ctx: Ctx,
  slug: string,
  allowed: DialogueRule,
  denied: string,
): Promise<{ d: DialogueRef; actor: Actor }> {
  const d = await requireDialogue(ctx, slug);
  if (!ctx.actor || !allows(ctx.actor, allowed, { dialogueId: d.id })) throw new Forbidden(denied);
  return { d, actor: ctx.actor };
}

/** The ISO3 codes of the dialogue's member states, sorted (runs in the caller's transaction). */
export function listMemberStateCodes(db: Queryable, dialogueId: number): Promise<string[]> {
  return listMemberStateCodeRows(db, dialogueId);
}

/** The dialogue if `actor` may see it; 'system' (CLI, benchmarks) sees every dialogue. Undefined otherwise. */
export function findDialogueFor(
  db: Queryable,
  actor: MaybeActor | 'system',
  slug: string,
): Promise<DialogueRef | undefined> {
  return findDialogueRef(db, actor, slug);
}

/** Whether the country is a member state of the dialogue (runs in the caller's transaction). */
export function isMemberState(db: Queryable, dialogueId: number, iso3: string): Promise<boolean> {
  return isMemberStateRow(db, dialogueId, iso3);
}

function toSummary(ctx: Ctx, d: DialogueRow): DialogueSummary {
  return {
    id: d.id,
    slug: d.slug,
    name: d.name,
    description: d.description,
    classification: d.classification,
    myRoles: rolesOf(ctx.actor, d.id),
    isArchived: d.archived_at !== null,
  };
}

export async function listDialogues(ctx: Ctx): Promise<DialogueSummary[]> {
  return (await listVisibleDialogues(ctx.db, ctx.actor)).map((d) => toSummary(ctx, d));
}

/** The dialogue's home page: member states, observers, routes and indicators the actor may see. */
export async function getDialogueHome(ctx: Ctx, slug: string): Promise<DialogueHome> {
  const d = await findVisibleDialogue(ctx.db, ctx.actor, slug);
  if (!d) throw new NotFound(`Dialogue "${slug}"`);
  // Routes and indicators are filtered twice: by visibleTo() in the SQL and by row-level security.
  // One transaction is one connection, so its queries run one after another.
  const [states, observers, routes, indicators] = await withActor(
    ctx.db,
    ctx.actor,
    async (tx) =>
      [
        await listMemberStates(tx, d.id),
        await listObservers(tx, d.id),
        await listVisibleRoutes(tx, ctx.actor, d.id),
        await listVisibleIndicators(tx, ctx.actor, d.id),
      ] as const,
  );
  return {
    ...toSummary(ctx, d),
    nameText: { source: d.source_language, values: d.name_i18n },
    descriptionText: { source: d.source_language, values: d.description_i18n },
    workingLanguages: d.working_languages,
    secretariat: { id: d.secretariat_org_id, name: d.secretariat_name, acronym: d.secretariat_acronym },
    memberStates: states.map((s) => ({
      iso3: s.iso3,
      numeric: s.numeric_code,
      name: { en: s.name_en, fr: s.name_fr, ru: s.name_ru },
      joinedOn: s.joined_on,
    })),
    observers,
    routes: routes.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      description: r.description,
      countries: r.countries.map((c) => c.trim()),
      geometry: r.geometry,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      classification: r.classification,
      nameText: { source: r.source_language, values: r.name_i18n },
      descriptionText: { source: r.source_language, values: r.description_i18n },
    })),
    indicators: indicators.map(({ source_language, ...i }) => ({
      ...i,
      nameText: { source: source_language, values: i.name },
    })),
  };
}

/** Whether the dialogue is archived (read-only), for writers outside HTTP (the archived guard covers HTTP). */
export function isArchivedDialogue(db: Queryable, dialogueId: number): Promise<boolean> {
  return isDialogueArchived(db, { id: dialogueId });
}
