/**
 * Migratory route definitions of a dialogue: the ordered countries, a geometry (given, or a line through the
 * countries' centroids from the shipped outlines) and validity. Changed by the secretariat, one transaction
 * each, run as the actor, naming the revision it started from (409 otherwise), recorded as a revision.
 */
import type { Geometry, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Queryable } from '../../db/connect';
import { alreadyExists, uniqueOr } from '../../db/unique-violation';
import { withActor } from '../../db/with-actor';
import { checkValidityDates } from '../../domain/definitions/definition-checks';
import { checkRouteGeometry, lineThroughCentroids, outlineCentroid } from '../../domain/geo/route-line';
import type { Ctx } from '../../shared/ctx';
import { Conflict, type FieldError, Invalid, NotFound } from '../../shared/errors';
import {
  recordDefinitionChange,
  recordDefinitionUpdate,
} from '../definition-revisions/definition-revisions.service';
import { requireDialogueFor } from '../dialogues/dialogues.service';
import { checkSharing } from '../members/members.service';
import { countryGeometryTopoJson } from '../reference/reference.service';
import type { SearchItem } from '../search/search.service';
import { migratoryRoutesPolicy } from './migratory-routes.policy';
import type { RouteCreateBody, RouteDefinition, RouteUpdateBody } from './migratory-routes.schema';
import {
  findCountries,
  findRoute,
  insertRoute,
  listRoutes,
  listRoutesForSearch,
  type RouteRow,
  type RouteValues,
  routeHasObservations,
  updateRoute as updateRouteRow,
} from './migratory-routes.sql';

const iso = (v: string | Date) => new Date(v).toISOString();

/** `a.b.3.c` → `a.b[3].c`, the field-path style of the problem+json errors. */
const bracket = (path: string) => path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');

const requireSecretariat = (ctx: Ctx, slug: string) =>
  requireDialogueFor(
    ctx,
    slug,
    migratoryRoutesPolicy.manage,
    'Only the secretariat of the dialogue defines indicators, routes and calendars',
  );

export function toRouteDefinition(r: RouteRow): RouteDefinition {
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
    sharedWithOrgIds: r.shared_with_org_ids,
    revision: r.revision,
    updatedAt: iso(r.updated_at),
  };
}

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

export async function createRoute(ctx: Ctx, slug: string, input: RouteCreateBody): Promise<RouteDefinition> {
  const { d, actor } = await requireSecretariat(ctx, slug);
  const dateErrors = checkValidityDates(input.validFrom, input.validTo ?? null);
  if (dateErrors.length) throw new Invalid(dateErrors);
  return uniqueOr(
    () =>
      withActor(ctx.db, actor, async (db) => {
        const geometry = await routeShape(db, input.countries, input.geometry);
        const sharing = await checkSharing(
          db,
          d.id,
          input.classification,
          input.sharedWithOrgIds ?? [],
          'route',
        );
        if (sharing.errors.length) throw new Invalid(sharing.errors);
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
          sharedWithOrgIds: sharing.ids,
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
          sharedWithOrgIds: [],
        };
        const errors = checkValidityDates(next.validFrom, next.validTo);
        // The list given, else the current one while the route stays restricted.
        const sharing = await checkSharing(
          db,
          d.id,
          next.classification,
          input.sharedWithOrgIds ?? (next.classification === 'restricted' ? cur.shared_with_org_ids : []),
          'route',
        );
        errors.push(...sharing.errors);
        next.sharedWithOrgIds = sharing.ids;
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

/** The dialogue's routes as the definitions page shows them (runs in the caller's transaction). */
export async function listRouteDefinitions(db: Queryable, dialogueId: number): Promise<RouteDefinition[]> {
  return (await listRoutes(db, dialogueId)).map(toRouteDefinition);
}

/** The migratory routes as search items (src/modules/search). */
export async function routeSearchItems(db: Queryable): Promise<SearchItem[]> {
  const rows = await listRoutesForSearch(db);
  return rows.map((r) => ({
    type: 'route',
    id: r.id,
    dialogueId: r.dialogue_id,
    classification: r.classification,
    originatorOrgId: r.originator_org_id,
    sharedWithOrgIds: r.shared_with_org_ids,
    country: r.countries[0] ?? null,
    date: r.valid_from,
    language: 'en',
    title: `${r.name} (${r.code})`,
    body: `${r.description} ${r.countries.join(' ')}`,
    link: `/d/${r.slug}/analytics/map`,
  }));
}
