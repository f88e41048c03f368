import { withActor } from '../../db/with-actor';
import type { Ctx } from '../../server/context';
import { NotFound } from '../../shared/errors';
import type { DialogueHome, DialogueSummary } from './dialogues.schema';
import {
  type DialogueRow,
  findVisibleDialogue,
  listMemberStates,
  listObservers,
  listVisibleDialogues,
  listVisibleIndicators,
  listVisibleRoutes,
  rolesOf,
} from './dialogues.sql';

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
