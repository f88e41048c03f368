/**
 * Secretariat definitions of a dialogue: indicators, routes and reporting calendars. Every change is one
 * transaction run as the actor (row-level security applies), names the revision it started from (a newer one
 * answers 409 with the current record), appends the new version to definition_revisions and an audit entry.
 * Names and descriptions use the translatable representation of the translations module; language changes
 * made here are recorded as translation revisions too.
 */

import type { Geometry, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import {
  type CalendarEntry,
  checkCalendar,
  listOverdue,
  receivedKey,
} from '../../domain/calendars/reporting-calendar';
import { checkRouteGeometry, lineThroughCentroids, outlineCentroid } from '../../domain/geo/route-line';
import { DIMENSIONS } from '../../domain/observations/dimensions';
import { addMonths, monthsBetween } from '../../domain/periods';
import type { Actor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { AppError, Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { LOCALES } from '../../shared/locales';
import { recordAudit } from '../audit/audit.service';
import { countryGeometryTopoJson } from '../reference/reference.service';
import { recordTranslationEdits } from '../translations/translations.service';
import { definitionsPolicy } from './definitions.policy';
import type {
  CalendarEntryView,
  CalendarPutBody,
  CalendarView,
  DefinitionHistoryQuery,
  DefinitionRevisionView,
  DefinitionsView,
  IndicatorCreateBody,
  IndicatorDefinition,
  IndicatorUpdateBody,
  OverdueQuery,
  OverdueView,
  RouteCreateBody,
  RouteDefinition,
  RouteUpdateBody,
} from './definitions.schema';
import {
  type CalendarRow,
  type DialogueRef,
  deleteCalendarEntry as deleteCalendarRow,
  deleteIndicator as deleteIndicatorRow,
  findCountries,
  findDialogue,
  findIndicator,
  findRoute,
  type IndicatorRow,
  type IndicatorValues,
  insertDefinitionRevision,
  insertIndicator,
  insertRoute,
  listAdditiveIndicators,
  listCalendar,
  listDefinitionRevisions,
  listIndicators,
  listMemberStates,
  listReceived,
  listRoutes,
  listSubmissionPeriods,
  lockCalendar,
  lockIndicator,
  type RouteRow,
  type RouteValues,
  renameRuleIndicator,
  routeHasObservations,
  updateIndicator as updateIndicatorRow,
  updateRoute as updateRouteRow,
  upsertCalendarEntry,
} from './definitions.sql';

const iso = (v: string | Date) => new Date(v).toISOString();

/** `a.b.3.c` → `a.b[3].c`, the field-path style of the problem+json errors. */
const bracket = (path: string) => path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');

async function requireSecretariat(ctx: Ctx, slug: string): Promise<{ d: DialogueRef; actor: Actor }> {
  const d = await findDialogue(ctx.db, ctx.actor, slug);
  if (!d) throw new NotFound(`Dialogue "${slug}"`);
  if (!ctx.actor || !definitionsPolicy.manage(ctx.actor, { dialogueId: d.id }))
    throw new Forbidden('Only the secretariat of the dialogue defines indicators, routes and calendars');
  return { d, actor: ctx.actor };
}

/** Unique key violations (two editors creating the same code at once) become 409 ALREADY_EXISTS. */
function alreadyExists(what: string, code: string): AppError {
  return new AppError('ALREADY_EXISTS', 409, `${what} with code "${code}" exists already in this dialogue`, {
    errors: [{ field: 'body.code', message: `"${code}" is already used by another ${what.toLowerCase()}` }],
  });
}

async function uniqueOr<T>(fn: () => Promise<T>, onDuplicate: () => AppError): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if ((e as { code?: unknown }).code === '23505') throw onDuplicate();
    throw e;
  }
}

type DefinitionChange = {
  dialogueId: number;
  entity: 'indicator' | 'route';
  id: number;
  revision: number;
  action: 'create' | 'update' | 'retire' | 'delete';
  data: IndicatorDefinition | RouteDefinition;
  /** Details of the audit entry. */
  details: Record<string, unknown>;
};

/** Appends a version of an indicator or route to definition_revisions and writes the audit entry `<entity>.<action>`. */
async function recordDefinitionChange(
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
async function recordDefinitionUpdate(
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

// ---------- views ----------

function toIndicatorDefinition(r: IndicatorRow): IndicatorDefinition {
  return {
    id: r.id,
    code: r.code,
    name: { source: r.source_language, values: r.name },
    description: { source: r.source_language, values: r.description ?? {} },
    unit: r.unit,
    breakdowns: r.breakdowns,
    additiveBreakdowns: r.additive_breakdowns,
    classification: r.classification,
    validTo: r.valid_to,
    revision: r.revision,
    updatedAt: iso(r.updated_at),
    hasObservations: r.has_observations,
  };
}

function toRouteDefinition(r: RouteRow): RouteDefinition {
  return {
    id: r.id,
    code: r.code,
    name: { source: r.source_language, values: r.name_i18n },
    description: { source: r.source_language, values: r.description_i18n },
    countries: r.countries.map((c) => c.trim()),
    geometry: r.geometry,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    classification: r.classification,
    revision: r.revision,
    updatedAt: iso(r.updated_at),
  };
}

const toCalendarEntryView = (r: CalendarRow): CalendarEntryView => ({
  reporter: r.reporter.trim(),
  indicator: r.indicator,
  from: r.from_period,
  to: r.to_period,
  deadlineDay: r.deadline_day,
  revision: r.revision,
  updatedAt: iso(r.updated_at),
});

async function calendarView(db: Queryable, dialogueId: number): Promise<CalendarView> {
  const entries = (await listCalendar(db, dialogueId)).map(toCalendarEntryView);
  return {
    isOpen: entries.length === 0,
    memberStates: await listMemberStates(db, dialogueId),
    indicators: (await listIndicators(db, dialogueId)).map((i) => i.code),
    entries,
  };
}

/** GET …/definitions: indicators, routes and the reporting calendar, for the secretariat's editor. */
export async function getDefinitions(ctx: Ctx, slug: string): Promise<DefinitionsView> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  return withActor(ctx.db, actor, async (db) => ({
    dimensions: [...DIMENSIONS],
    languages: [...new Set([...LOCALES, ...d.working_languages])],
    memberStates: await listMemberStates(db, d.id),
    indicators: (await listIndicators(db, d.id)).map(toIndicatorDefinition),
    routes: (await listRoutes(db, d.id)).map(toRouteDefinition),
    calendar: await calendarView(db, d.id),
  }));
}

// ---------- indicators ----------

function checkAdditive(breakdowns: readonly string[], additive: readonly string[]): FieldError[] {
  return additive.flatMap((a, i) =>
    breakdowns.includes(a)
      ? []
      : [
          {
            field: `body.additiveBreakdowns[${i}]`,
            message: `"${a}" is not one of the indicator's breakdowns (${breakdowns.join(', ') || 'none'})`,
          },
        ],
  );
}

const dedupe = <T>(xs: readonly T[]) => [...new Set(xs)];

export async function createIndicator(
  ctx: Ctx,
  slug: string,
  input: IndicatorCreateBody,
): Promise<IndicatorDefinition> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  const breakdowns = dedupe(input.breakdowns);
  const errors = checkAdditive(breakdowns, input.additiveBreakdowns);
  if (errors.length) throw new Invalid(errors);
  const values: IndicatorValues = {
    code: input.code,
    name: input.name.values,
    description: input.description?.values ?? {},
    sourceLanguage: input.name.source,
    unit: input.unit,
    breakdowns,
    additiveBreakdowns: dedupe(input.additiveBreakdowns),
    classification: input.classification,
    validTo: input.validTo ?? null,
  };
  return uniqueOr(
    () =>
      withActor(ctx.db, actor, async (db) => {
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
          validTo: input.validTo === undefined ? cur.valid_to : input.validTo,
        };
        const errors = checkAdditive(next.breakdowns, input.additiveBreakdowns ?? next.additiveBreakdowns);
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

// ---------- routes ----------

let centroids: Map<string, Position> | undefined;

/** Centroids of the shipped country outlines, by ISO numeric code (loaded once). */
function centroidsByNumeric(): Map<string, Position> {
  if (centroids) return centroids;
  const topology = JSON.parse(countryGeometryTopoJson()) as Topology<{ countries: GeometryCollection }>;
  const fc = feature(topology, topology.objects.countries);
  centroids = new Map();
  for (const f of fc.features) {
    const c = outlineCentroid(f.geometry as Geometry);
    if (c && f.id !== undefined) centroids.set(String(f.id).padStart(3, '0'), c);
  }
  return centroids;
}

/** Checks the countries (ISO3, known) and builds or checks the geometry; throws Invalid with field paths. */
async function routeShape(db: Queryable, countries: readonly string[], geometry: unknown): Promise<object> {
  const known = new Map((await findCountries(db, countries)).map((c) => [c.iso3.trim(), c.numeric_code]));
  const errors: FieldError[] = [];
  countries.forEach((c, i) => {
    if (!/^[A-Z]{3}$/.test(c))
      errors.push({ field: `body.countries[${i}]`, message: `"${c}" is not an ISO 3166-1 alpha-3 code` });
    else if (!known.has(c)) errors.push({ field: `body.countries[${i}]`, message: `unknown country "${c}"` });
    else if (i > 0 && countries[i - 1] === c)
      errors.push({ field: `body.countries[${i}]`, message: `"${c}" repeats the previous country` });
  });
  if (errors.length) throw new Invalid(errors);
  if (geometry !== null && geometry !== undefined) {
    const problems = checkRouteGeometry(geometry);
    if (problems.length)
      throw new Invalid(
        problems.map(([path, message]) => ({
          field: bracket(path ? `body.geometry.${path}` : 'body.geometry'),
          message,
        })),
      );
    return geometry as object;
  }
  const byNumeric = centroidsByNumeric();
  const line = lineThroughCentroids(countries, (c) => {
    const n = known.get(c);
    return n ? (byNumeric.get(n) ?? null) : null;
  });
  if (!line.geometry)
    throw new Invalid([
      {
        field: 'body.geometry',
        message: `no shipped outline for ${line.missing.join(', ')}: give the route's geometry as a GeoJSON line`,
      },
    ]);
  return line.geometry;
}

function checkDates(validFrom: string, validTo: string | null): FieldError[] {
  return validTo !== null && validTo < validFrom
    ? [{ field: 'body.validTo', message: `is before validFrom (${validFrom})` }]
    : [];
}

export async function createRoute(ctx: Ctx, slug: string, input: RouteCreateBody): Promise<RouteDefinition> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  const dateErrors = checkDates(input.validFrom, input.validTo ?? null);
  if (dateErrors.length) throw new Invalid(dateErrors);
  return uniqueOr(
    () =>
      withActor(ctx.db, actor, async (db) => {
        const geometry = await routeShape(db, input.countries, input.geometry);
        const id = await insertRoute(db, d.id, d.secretariat_org_id, {
          code: input.code,
          name: input.name.values,
          description: input.description?.values ?? {},
          sourceLanguage: input.name.source,
          countries: input.countries,
          geometry,
          validFrom: input.validFrom,
          validTo: input.validTo ?? null,
          classification: input.classification,
        });
        const view = toRouteDefinition((await findRoute(db, d.id, id))!);
        await recordDefinitionChange(db, ctx, actor, {
          dialogueId: d.id,
          entity: 'route',
          id,
          revision: 1,
          action: 'create',
          data: view,
          details: { code: view.code, countries: view.countries },
        });
        return view;
      }),
    () => alreadyExists('A route', input.code),
  );
}

export async function updateRoute(
  ctx: Ctx,
  slug: string,
  id: number,
  input: RouteUpdateBody,
): Promise<RouteDefinition> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  return uniqueOr(
    () =>
      withActor(ctx.db, actor, async (db) => {
        const cur = await findRoute(db, d.id, id, true);
        if (!cur) throw new NotFound(`Route ${id}`);
        if (cur.revision !== input.expectedRevision)
          throw new Conflict(
            `Route ${cur.code} was changed (revision ${cur.revision}) after you opened it (revision ${input.expectedRevision}); reload it`,
            toRouteDefinition(cur),
          );
        const countries = input.countries ?? cur.countries.map((c) => c.trim());
        const isCountriesChanged =
          input.countries !== undefined && countries.join() !== cur.countries.map((c) => c.trim()).join();
        const next: RouteValues = {
          code: input.code ?? cur.code,
          name: input.name?.values ?? cur.name_i18n,
          description: input.description?.values ?? cur.description_i18n,
          sourceLanguage: input.name?.source ?? cur.source_language,
          countries,
          geometry: cur.geometry,
          validFrom: input.validFrom ?? cur.valid_from,
          validTo: input.validTo === undefined ? cur.valid_to : input.validTo,
          classification: input.classification ?? cur.classification,
        };
        const errors = checkDates(next.validFrom, next.validTo);
        if (next.code !== cur.code && (await routeHasObservations(db, d.id, cur.code)))
          errors.unshift({
            field: 'body.code',
            message: `cannot change: figures are broken down by route ${cur.code}`,
          });
        if (errors.length) throw new Invalid(errors);
        // A new geometry when given; the default line again when asked (null) or when the countries changed.
        if (input.geometry !== undefined || isCountriesChanged)
          next.geometry = await routeShape(db, countries, input.geometry);
        await updateRouteRow(db, id, cur.revision, next);
        const view = toRouteDefinition((await findRoute(db, d.id, id))!);
        await recordDefinitionUpdate(db, ctx, actor, {
          dialogueId: d.id,
          entity: 'route',
          id,
          data: view,
          before: { name: cur.name_i18n, description: cur.description_i18n, validTo: cur.valid_to },
          after: next,
          changed: Object.keys(input),
        });
        return view;
      }),
    () => alreadyExists('A route', input.code ?? ''),
  );
}

// ---------- reporting calendars ----------

/** GET …/definitions/calendar: who reports what from when, with deadlines (any member of the dialogue). */
export async function getCalendar(ctx: Ctx, slug: string): Promise<CalendarView> {
  const d = await findDialogue(ctx.db, ctx.actor, slug);
  if (!d || !ctx.actor || !definitionsPolicy.readCalendar(ctx.actor, { dialogueId: d.id }))
    throw new NotFound(`Dialogue "${slug}"`);
  return withActor(ctx.db, ctx.actor, (db) => calendarView(db, d.id));
}

/** PUT …/definitions/calendar: creates or changes entries (each names the revision it saw, 0 for a new one). */
export async function putCalendar(ctx: Ctx, slug: string, input: CalendarPutBody): Promise<CalendarView> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  return withActor(ctx.db, actor, async (db) => {
    await lockCalendar(db, d.id);
    const members = new Set(await listMemberStates(db, d.id));
    const indicators = new Map((await listIndicators(db, d.id)).map((i) => [i.code, i.id]));
    const current = new Map(
      (await listCalendar(db, d.id)).map((c) => [`${c.reporter.trim()}|${c.indicator}`, c]),
    );
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    const stale: string[] = [];
    input.entries.forEach((e, i) => {
      const at = `body.entries[${i}]`;
      if (!members.has(e.reporter))
        errors.push({
          field: `${at}.reporter`,
          message: `"${e.reporter}" is not a member state of this dialogue`,
        });
      if (!indicators.has(e.indicator))
        errors.push({ field: `${at}.indicator`, message: `unknown indicator "${e.indicator}"` });
      if (e.to != null && e.to < e.from)
        errors.push({ field: `${at}.to`, message: `is before from (${e.from})` });
      const key = `${e.reporter}|${e.indicator}`;
      const first = seen.get(key);
      if (first !== undefined)
        errors.push({ field: at, message: `same reporter and indicator as entries[${first}]` });
      else seen.set(key, i);
      const revision = current.get(key)?.revision ?? 0;
      if (revision !== e.expectedRevision)
        stale.push(`${e.reporter} ${e.indicator} (now revision ${revision})`);
    });
    if (errors.length) throw new Invalid(errors);
    if (stale.length)
      throw new Conflict(
        `The calendar was changed after you opened it: ${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ' …' : ''}; reload it`,
        await calendarView(db, d.id),
      );
    for (const e of input.entries) {
      const saved = await upsertCalendarEntry(db, d.id, {
        reporter: e.reporter,
        indicatorId: indicators.get(e.indicator)!,
        from: e.from,
        to: e.to ?? null,
        deadlineDay: e.deadlineDay,
        userId: actor.userId,
      });
      await insertDefinitionRevision(db, {
        dialogueId: d.id,
        entity: 'calendar',
        id: saved.id,
        revision: saved.revision,
        action: saved.revision === 1 ? 'create' : 'update',
        data: {
          reporter: e.reporter,
          indicator: e.indicator,
          from: e.from,
          to: e.to ?? null,
          deadlineDay: e.deadlineDay,
        },
        userId: actor.userId,
      });
    }
    await recordAudit(
      db,
      actor,
      'calendar.update',
      { type: 'reporting_calendar', dialogueId: d.id },
      { entries: input.entries.length },
      { ip: ctx.ip },
    );
    return calendarView(db, d.id);
  });
}

export async function deleteCalendarEntry(
  ctx: Ctx,
  slug: string,
  key: { reporter: string; indicator: string },
  expectedRevision: number,
): Promise<CalendarView> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  return withActor(ctx.db, actor, async (db) => {
    await lockCalendar(db, d.id);
    const cur = (await listCalendar(db, d.id)).find(
      (c) => c.reporter.trim() === key.reporter && c.indicator === key.indicator,
    );
    if (!cur) throw new NotFound(`Calendar entry ${key.reporter} ${key.indicator}`);
    if (cur.revision !== expectedRevision)
      throw new Conflict(
        `The entry for ${key.reporter} ${key.indicator} was changed (revision ${cur.revision}); reload it`,
        toCalendarEntryView(cur),
      );
    await deleteCalendarRow(db, cur.id);
    await insertDefinitionRevision(db, {
      dialogueId: d.id,
      entity: 'calendar',
      id: cur.id,
      revision: cur.revision + 1,
      action: 'delete',
      data: toCalendarEntryView(cur),
      userId: actor.userId,
    });
    await recordAudit(
      db,
      actor,
      'calendar.delete',
      { type: 'reporting_calendar', id: cur.id, dialogueId: d.id },
      { reporter: key.reporter, indicator: key.indicator },
      { ip: ctx.ip },
    );
    return calendarView(db, d.id);
  });
}

/** GET …/definitions/overdue: which member states are late with which indicator and month (secretariat). */
export async function getOverdue(ctx: Ctx, slug: string, q: OverdueQuery): Promise<OverdueView> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  const asOf = q.asOf ?? new Date().toISOString().slice(0, 10);
  const since = q.since ?? addMonths(asOf.slice(0, 7), -24);
  if (monthsBetween(since, asOf.slice(0, 7)) < 0)
    throw new Invalid([{ field: 'querystring.since', message: `is after asOf (${asOf})` }]);
  return withActor(ctx.db, actor, async (db) => {
    const entries = (await loadReportingCalendar(db, d.id)).filter(
      (e) => q.reporter === undefined || e.reporter === q.reporter,
    );
    const received = new Set(
      (await listReceived(db, d.id, since)).map((r) => receivedKey(r.reporter.trim(), r.indicator, r.period)),
    );
    const items = listOverdue(entries, received, asOf, { since });
    const counts = new Map<string, number>();
    for (const i of items) counts.set(i.reporter, (counts.get(i.reporter) ?? 0) + 1);
    return {
      asOf,
      since,
      isOpenCalendar: entries.length === 0,
      items,
      byReporter: [...counts]
        .map(([reporter, overdue]) => ({ reporter, overdue }))
        .sort((a, b) => b.overdue - a.overdue),
    };
  });
}

/** GET …/definitions/history: every version of one indicator, route or calendar entry, newest first. */
export async function definitionHistory(
  ctx: Ctx,
  slug: string,
  q: DefinitionHistoryQuery,
): Promise<DefinitionRevisionView[]> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  const rows = await withActor(ctx.db, actor, (db) => listDefinitionRevisions(db, d.id, q.entity, q.id));
  return rows.map((r) => ({
    revision: r.revision,
    action: r.action,
    data: r.data,
    editedAt: iso(r.edited_at),
    editedBy: r.edited_by === null ? null : { id: r.edited_by, name: r.editor_name ?? '' },
  }));
}

// ---------- used by the statistics exchange ----------

/**
 * The dialogue's reporting calendar (empty = open calendar). Run inside the caller's transaction. An entry
 * ends at the latest with the month its indicator was retired in (validTo).
 */
export async function loadReportingCalendar(db: Queryable, dialogueId: number): Promise<CalendarEntry[]> {
  return (await listCalendar(db, dialogueId)).map((r) => {
    const retired = r.indicator_valid_to;
    const to = retired !== null && (r.to_period === null || retired < r.to_period) ? retired : r.to_period;
    return {
      reporter: r.reporter.trim(),
      indicator: r.indicator,
      from: r.from_period,
      to,
      deadlineDay: r.deadline_day,
    };
  });
}

/**
 * A check for one reporter's figures, row by row: returns null when the period is expected from the reporter
 * for the indicator, else the reason. Load it once per submission/import (one query), call it per row.
 */
export async function loadCalendarCheck(
  db: Queryable,
  dialogueId: number,
  reporter: string,
): Promise<(indicator: string, period: string) => string | null> {
  const entries = await loadReportingCalendar(db, dialogueId);
  return (indicator, period) => {
    const v = checkCalendar(entries, reporter, indicator, period);
    return v.isExpected ? null : v.reason;
  };
}

/**
 * Rejects a submission holding figures for periods outside the reporter's calendar (400
 * PERIOD_OUTSIDE_CALENDAR, one error per indicator and month). One grouped query over the submission.
 */
export async function assertSubmissionInCalendar(
  db: Queryable,
  dialogueId: number,
  reporter: string,
  submissionId: number,
): Promise<void> {
  const check = await loadCalendarCheck(db, dialogueId, reporter);
  const errors: FieldError[] = [];
  for (const p of await listSubmissionPeriods(db, submissionId)) {
    const reason = check(p.indicator, p.period);
    if (reason)
      errors.push({
        field: `observations[${p.indicator} ${p.period}]`,
        message: `${reason} (${p.figures} figure${p.figures === 1 ? '' : 's'})`,
      });
  }
  if (errors.length) throw new Invalid(errors.slice(0, 1000), undefined, 'PERIOD_OUTSIDE_CALENDAR');
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
