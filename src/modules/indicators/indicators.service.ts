/**
 * Indicator definitions of a dialogue (the common data standard): created, changed and deleted or retired by the
 * secretariat. Every change is one transaction run as the actor (row-level security applies), names the
 * revision it started from (a newer one answers 409 with the current indicator), and is recorded as a revision
 * (definition-revisions). Other modules read the indicators through the functions at the end.
 */
import type { Queryable } from '../../db/connect';
import { alreadyExists, uniqueOr } from '../../db/unique-violation';
import { withActor } from '../../db/with-actor';
import { checkAdditive } from '../../domain/definitions/definition-checks';
import type { Ctx } from '../../shared/ctx';
import { Conflict, Invalid, NotFound } from '../../shared/errors';
import {
  recordDefinitionChange,
  recordDefinitionUpdate,
} from '../definition-revisions/definition-revisions.service';
import { requireDialogueFor } from '../dialogues/dialogues.service';
import { checkSharing } from '../members/members.service';
import type { SearchItem } from '../search/search.service';
import { indicatorsPolicy } from './indicators.policy';
import type { IndicatorCreateBody, IndicatorDefinition, IndicatorUpdateBody } from './indicators.schema';
import {
  deleteIndicator as deleteIndicatorRow,
  findIndicator,
  type IndicatorRow,
  type IndicatorValues,
  insertIndicator,
  listAdditiveIndicators,
  listIndicators,
  listIndicatorsForSearch,
  lockIndicator,
  renameRuleIndicator,
  updateIndicator as updateIndicatorRow,
} from './indicators.sql';

const iso = (v: string | Date) => new Date(v).toISOString();

const requireSecretariat = (ctx: Ctx, slug: string) =>
  requireDialogueFor(
    ctx,
    slug,
    indicatorsPolicy.manage,
    'Only the secretariat of the dialogue defines indicators, routes and calendars',
  );

export function toIndicatorDefinition(r: IndicatorRow): IndicatorDefinition {
  return {
    id: r.id,
    code: r.code,
    name: { source: r.source_language, values: r.name },
    description: { source: r.source_language, values: r.description ?? {} },
    unit: r.unit,
    breakdowns: r.breakdowns,
    additiveBreakdowns: r.additive_breakdowns,
    classification: r.classification,
    sharedWithOrgIds: r.shared_with_org_ids,
    validTo: r.valid_to,
    revision: r.revision,
    updatedAt: iso(r.updated_at),
    hasObservations: r.has_observations,
  };
}

const dedupe = <T>(xs: readonly T[]) => [...new Set(xs)];

export async function createIndicator(
  ctx: Ctx,
  slug: string,
  input: IndicatorCreateBody,
): Promise<IndicatorDefinition> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  const breakdowns = dedupe(input.breakdowns);
  const additive = checkAdditive(breakdowns, input.additiveBreakdowns);
  if (additive.length) throw new Invalid(additive);
  const values: IndicatorValues = {
    code: input.code,
    name: input.name.values,
    description: input.description?.values ?? {},
    sourceLanguage: input.name.source,
    unit: input.unit,
    breakdowns,
    additiveBreakdowns: dedupe(input.additiveBreakdowns),
    classification: input.classification,
    sharedWithOrgIds: [],
    validTo: input.validTo ?? null,
  };
  return uniqueOr(
    () =>
      withActor(ctx.db, actor, async (db) => {
        const sharing = await checkSharing(
          db,
          d.id,
          input.classification,
          input.sharedWithOrgIds ?? [],
          'indicator',
        );
        if (sharing.errors.length) throw new Invalid(sharing.errors);
        values.sharedWithOrgIds = sharing.ids;
        const id = await insertIndicator(db, d.id, d.secretariat_org_id, values);
        const view = toIndicatorDefinition((await findIndicator(db, d.id, id))!);
        await recordDefinitionChange(db, ctx, actor, {
          dialogueId: d.id,
          entity: 'indicator',
          id,
          revision: 1,
          action: 'create',
          data: view,
          details: { code: view.code },
        });
        return view;
      }),
    () => alreadyExists('An indicator', input.code),
  );
}

export async function updateIndicator(
  ctx: Ctx,
  slug: string,
  id: number,
  input: IndicatorUpdateBody,
): Promise<IndicatorDefinition> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  const code = input.code;
  return uniqueOr(
    () =>
      withActor(ctx.db, actor, async (db) => {
        if (!(await lockIndicator(db, d.id, id))) throw new NotFound(`Indicator ${id}`);
        const cur = (await findIndicator(db, d.id, id))!;
        if (cur.revision !== input.expectedRevision)
          throw new Conflict(
            `Indicator ${cur.code} was changed (revision ${cur.revision}) after you opened it (revision ${input.expectedRevision}); reload it`,
            toIndicatorDefinition(cur),
          );
        const next: IndicatorValues = {
          code: code ?? cur.code,
          name: input.name?.values ?? cur.name,
          description: input.description?.values ?? cur.description ?? {},
          sourceLanguage: input.name?.source ?? cur.source_language,
          unit: input.unit ?? cur.unit,
          breakdowns: input.breakdowns ? dedupe(input.breakdowns) : cur.breakdowns,
          additiveBreakdowns: input.additiveBreakdowns
            ? dedupe(input.additiveBreakdowns)
            : cur.additive_breakdowns,
          classification: input.classification ?? cur.classification,
          sharedWithOrgIds: [],
          validTo: input.validTo === undefined ? cur.valid_to : input.validTo,
        };
        const errors = checkAdditive(next.breakdowns, input.additiveBreakdowns ?? next.additiveBreakdowns);
        // The list given, else the current one while the indicator stays restricted.
        const sharing = await checkSharing(
          db,
          d.id,
          next.classification,
          input.sharedWithOrgIds ?? (next.classification === 'restricted' ? cur.shared_with_org_ids : []),
          'indicator',
        );
        errors.push(...sharing.errors);
        next.sharedWithOrgIds = sharing.ids;
        if (next.code !== cur.code && cur.has_observations)
          errors.unshift({
            field: 'body.code',
            message: `cannot change once figures exist for ${cur.code}; retire it and create a new indicator instead`,
          });
        if (errors.length) throw new Invalid(errors);
        await updateIndicatorRow(db, id, cur.revision, next);
        if (next.code !== cur.code) await renameRuleIndicator(db, d.id, cur.code, next.code);
        const view = toIndicatorDefinition((await findIndicator(db, d.id, id))!);
        await recordDefinitionUpdate(db, ctx, actor, {
          dialogueId: d.id,
          entity: 'indicator',
          id,
          data: view,
          before: { name: cur.name ?? {}, description: cur.description ?? {}, validTo: cur.valid_to },
          after: next,
          changed: Object.keys(input),
        });
        return view;
      }),
    () => alreadyExists('An indicator', code ?? ''),
  );
}

/** Deletes an indicator that has no figures; one with figures must be retired (validTo) instead: 409. */
export async function deleteIndicator(
  ctx: Ctx,
  slug: string,
  id: number,
  expectedRevision: number,
): Promise<void> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  await withActor(ctx.db, actor, async (db) => {
    if (!(await lockIndicator(db, d.id, id))) throw new NotFound(`Indicator ${id}`);
    const cur = (await findIndicator(db, d.id, id))!;
    if (cur.revision !== expectedRevision)
      throw new Conflict(
        `Indicator ${cur.code} was changed (revision ${cur.revision}) after you opened it; reload it`,
        toIndicatorDefinition(cur),
      );
    if (cur.has_observations)
      throw new Conflict(
        `Figures exist for ${cur.code}: it cannot be deleted; retire it instead (set validTo)`,
        toIndicatorDefinition(cur),
      );
    await deleteIndicatorRow(db, id);
    await recordDefinitionChange(db, ctx, actor, {
      dialogueId: d.id,
      entity: 'indicator',
      id,
      revision: cur.revision + 1,
      action: 'delete',
      data: toIndicatorDefinition(cur),
      details: { code: cur.code },
    });
  });
}

// ---------- used by other modules ----------

/** The dialogue's indicators as the definitions page shows them (runs in the caller's transaction). */
export async function listIndicatorDefinitions(
  db: Queryable,
  dialogueId: number,
): Promise<IndicatorDefinition[]> {
  return (await listIndicators(db, dialogueId)).map(toIndicatorDefinition);
}

/** Id and code of each of the dialogue's indicators, by code. */
export async function listIndicatorCodes(
  db: Queryable,
  dialogueId: number,
): Promise<{ id: number; code: string }[]> {
  return (await listIndicators(db, dialogueId)).map((i) => ({ id: i.id, code: i.code }));
}

/** Indicators of the dialogue whose definition declares breakdowns that add up to the total. */
export async function listAdditiveBreakdowns(
  db: Queryable,
  dialogueId: number,
): Promise<{ code: string; additiveBreakdowns: string[] }[]> {
  return (await listAdditiveIndicators(db, dialogueId)).map((r) => ({
    code: r.code,
    additiveBreakdowns: r.additive_breakdowns,
  }));
}

/** The indicators as search items (src/modules/search): one per language of the name, in that language. */
export async function indicatorSearchItems(db: Queryable): Promise<SearchItem[]> {
  const rows = await listIndicatorsForSearch(db);
  return rows.flatMap((r) =>
    Object.entries(r.name).map(([language, name]) => ({
      type: 'indicator',
      id: `${r.id}:${language}`,
      dialogueId: r.dialogue_id,
      classification: r.classification,
      originatorOrgId: r.originator_org_id,
      sharedWithOrgIds: r.shared_with_org_ids,
      language,
      title: `${name} (${r.code})`,
      body: `${r.description[language] ?? ''} ${r.unit}`,
      link: `/d/${r.slug}`,
    })),
  );
}
