/**
 * The SDMX REST 2.1 API's use cases: structure queries (dataflows, data structure definitions, codelists,
 * concept schemes) across the dialogues the caller may see, and data queries on one dataflow (one dialogue).
 * Published, current figures only; callers who are not members of the dialogue get them after disclosure
 * control (src/domain/disclosure), computed on the whole table of the indicators asked for so that every query
 * hides the same cells. The message builders are pure (src/domain/sdmx).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/connect';
import { readAsActor } from '../../db/with-actor';
import { CONF_STATUS_OF, protectObservations } from '../../domain/disclosure/observations';
import { type Breakdowns, DIMENSIONS } from '../../domain/observations/dimensions';
import { obsStatus } from '../../domain/sdmx/sdmx-csv';
import {
  type DataMessage,
  seriesDimensions,
  toGenericData,
  toSdmxCsvData,
  toSdmxJsonData,
  toStructureSpecificData,
} from '../../domain/sdmx/sdmx-data';
import {
  checkAgencyVersion,
  DATA_TYPES,
  type DataFormat,
  type DataObservation,
  type KeyDimension,
  noResults,
  type ParsedKey,
  parseDataKey,
  parseDataParams,
  parseFlowRef,
  SdmxFault,
  STRUCTURE_TYPES,
  type StructureFormat,
  selectSeries,
} from '../../domain/sdmx/sdmx-query';
import {
  ALL_PARTS,
  CONCEPT_SCHEME_ID,
  type SdmxStructure,
  type StructureParts,
  slugId,
  toSdmxJsonStructures,
  toSdmxMlStructures,
} from '../../domain/sdmx/sdmx-structure';
import { DATA_ATTRIBUTES, MEASURE, toSdmxCsv2Data, toSdmxJson2Data } from '../../domain/sdmx/sdmx3-data';
import {
  DATA3_TYPES,
  type Data3Format,
  filterCodes,
  filterPredicate,
  keyCodes,
  matchesKeys,
  parseComponentFilters,
  parseData3Params,
  parseFlow3,
  parseKeys3,
  STRUCTURE3_TYPE,
} from '../../domain/sdmx/sdmx3-query';
import { toSdmxJson2Structures } from '../../domain/sdmx/sdmx3-structure';
import { isMember } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { cacheTtlFromEnv, TtlCache } from '../../shared/ttl-cache';
import { type DialogueRef, listDialogues, requireDialogue } from '../dialogues/dialogues.service';
import { sdmxStructureOf } from '../observations/observations.service';
import {
  FIGURE_DIMENSIONS,
  type FigureDimension,
  type PublicFigures,
  PublicTableBuilder,
  type PublicTotals,
} from './public-figures';
import type {
  Data3Path,
  Data3Query,
  DataParams,
  DataQuery,
  StructureParams,
  StructureQuery,
  StructureResource,
} from './sdmx.schema';
import {
  findDisclosureThreshold,
  findPublicationVersion,
  forEachPublishedFigureBatch,
  listPublishedFigures,
} from './sdmx.sql';

export {
  type FigureWhere,
  type PublicFigure,
  PublicFigures,
  PublicTotals,
  routeLevel,
} from './public-figures';

export interface SdmxResponse {
  contentType: string;
  body: string;
  etag: string;
  lastModified: Date | null;
  /** true: the same for every anonymous caller (a shared cache may keep it). */
  isPublic: boolean;
}

const etagOf = (...parts: string[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return `"${h.digest('base64url').slice(0, 27)}"`;
};

/** The dimensions of a series key (DataObservation.key), in order: the figure's without the period. */
const SERIES_DIMENSIONS = FIGURE_DIMENSIONS.filter((c) => c !== 'period');

const isAll = (v: string | undefined) => v === undefined || v === 'all' || v === '*';

/** The dialogues the caller may see, as refs (public ones for anonymous callers). */
async function visibleDialogues(ctx: Ctx): Promise<DialogueRef[]> {
  const list = await listDialogues(ctx);
  return Promise.all(list.map((d) => requireDialogue(ctx, d.slug)));
}

/** Which parts a structure query returns (SDMX `references`; for a DSD its children by default). */
function partsOf(resource: StructureResource, q: StructureQuery): StructureParts {
  const refs = (q.references ?? (resource === 'datastructure' ? 'children' : 'none')).toLowerCase();
  if (
    ![
      'none',
      'parents',
      'parentsandsiblings',
      'children',
      'descendants',
      'all',
      'datastructure',
      'codelist',
      'conceptscheme',
      'dataflow',
    ].includes(refs)
  )
    throw new SdmxFault(400, 140, `Syntax error: references=${q.references}`);
  if (refs !== 'none' && refs !== 'parents' && refs !== 'parentsandsiblings') return ALL_PARTS;
  return {
    dataflows: resource === 'dataflow' || (resource === 'datastructure' && refs !== 'none'),
    dsds: resource === 'datastructure',
    concepts: resource === 'conceptscheme',
    codelists: resource === 'codelist',
  };
}

/** The structures a query names, among the dialogues the caller may see, and the parts the answer carries. */
async function selectStructures(
  ctx: Ctx,
  resource: StructureResource,
  p: StructureParams,
  q: StructureQuery,
): Promise<{ list: SdmxStructure[]; parts: StructureParts }> {
  if (q.detail !== undefined && q.detail !== 'full')
    throw new SdmxFault(501, 501, `Not implemented: detail=${q.detail} for structures (full is)`);
  checkAgencyVersion(p.agency ?? 'all', p.version ?? 'latest');
  let parts = partsOf(resource, q);
  const dialogues = await visibleDialogues(ctx);
  const id = p.id;
  const matches = (d: DialogueRef) => {
    const slug = slugId(d.slug);
    if (isAll(id)) return true;
    if (resource === 'dataflow') return id === `DF_${slug}`;
    if (resource === 'datastructure') return id === `DSD_${slug}`;
    return true;
  };
  let list: SdmxStructure[] = [];
  for (const d of dialogues.filter(matches)) list.push(await sdmxStructureOf(ctx, d));
  if (resource === 'codelist' && id !== undefined && !isAll(id)) {
    list = list.filter((s) => s.codelists.some((c) => c.id === id));
    if (parts.codelists === true && !parts.dsds) parts = { ...parts, codelists: [id] };
  }
  if (resource === 'conceptscheme' && !isAll(id) && id !== CONCEPT_SCHEME_ID) list = [];
  if (!list.length) throw noResults(`no ${resource} ${[p.agency, id, p.version].filter(Boolean).join('/')}`);
  return { list, parts };
}

/** Structures: dataflows, DSDs, codelists or concept schemes, `all` or one id, as SDMX-ML 2.1 or SDMX-JSON. */
export async function readStructures(
  ctx: Ctx,
  resource: StructureResource,
  p: StructureParams,
  q: StructureQuery,
  format: StructureFormat,
): Promise<SdmxResponse> {
  const { list, parts } = await selectStructures(ctx, resource, p, q);
  const prepared = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const messageId = `STR_${resource.toUpperCase()}`;
  const etag = etagOf(
    resource,
    format,
    JSON.stringify(parts),
    JSON.stringify(list.map((s) => ({ ...s, prepared: '' }))),
  );
  const body =
    format === 'xml'
      ? toSdmxMlStructures(list, parts, messageId, prepared)
      : JSON.stringify(toSdmxJsonStructures(list, parts, messageId, prepared));
  return {
    contentType: STRUCTURE_TYPES[format],
    body,
    etag,
    lastModified: null,
    isPublic: ctx.actor === null,
  };
}

/**
 * SDMX 3.0 structure query (`/structure/{type}/{agency}/{id}/{version}`): the same structures as the 2.1 paths
 * (`*` for all, `~` or `+` for the latest version), as an SDMX-JSON 2.0 structure message. `references` defaults
 * to none, as SDMX 3.0 says (`ancestors` is read as `parents`).
 */
export async function readStructures3(
  ctx: Ctx,
  resource: StructureResource,
  p: StructureParams,
  q: StructureQuery,
): Promise<SdmxResponse> {
  const references = q.references === 'ancestors' ? 'parents' : (q.references ?? 'none');
  const { list, parts } = await selectStructures(ctx, resource, p, { ...q, references });
  const prepared = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const etag = etagOf(
    'sdmx3',
    resource,
    JSON.stringify(parts),
    JSON.stringify(list.map((s) => ({ ...s, prepared: '' }))),
  );
  const body = JSON.stringify(toSdmxJson2Structures(list, parts, `STR_${resource.toUpperCase()}`, prepared));
  return { contentType: STRUCTURE3_TYPE, body, etag, lastModified: null, isPublic: ctx.actor === null };
}

const WRITERS: Record<DataFormat, (m: DataMessage) => string> = {
  generic: toGenericData,
  structurespecific: toStructureSpecificData,
  json: (m) => JSON.stringify(toSdmxJsonData(m)),
  csv: toSdmxCsvData,
};

/** The dimensions of a structure's key (DSD order, TIME_PERIOD apart) with the codes each may take. */
function keyDimensionsOf(structure: SdmxStructure): KeyDimension[] {
  const codesOf = new Map(structure.codelists.map((c) => [c.id, new Set(c.codes.map((x) => x.id))]));
  return seriesDimensions(structure).map((id) => ({
    id,
    codes: codesOf.get(structure.dsd.components.find((c) => c.id === id)?.codelist ?? '') ?? new Set(),
  }));
}

/** The structure a caller sees (anonymous callers: the public one, resolved once per public view). */
async function structureFor(ctx: Ctx, d: DialogueRef): Promise<SdmxStructure> {
  return ctx.actor === null ? (await publicView(ctx, d.slug)).structure : sdmxStructureOf(ctx, d);
}

/**
 * The published figures of a dialogue a data query reads, as observations: for anonymous callers from the
 * protected public table (readPublicTable); for others read as them, after disclosure control unless they are
 * members (outsiders: the whole table of the indicators, every reporter; members: `reporters` only). Figures
 * published up to `updatedAfter` are left out; `lastModified` is the latest publication among those read.
 * `seriesKeys` (a 2.1 data key, or the 3.0 keys, any of which selects): anonymous callers get only the
 * observations they select (the caller selects again), so that a narrow query on a large public table makes
 * few objects.
 */
async function readObservations(
  ctx: Ctx,
  d: DialogueRef,
  indicators: string[] | null,
  reporters: string[] | null,
  updatedAfter: Date | null,
  seriesKeys: readonly ParsedKey[] | null = null,
): Promise<{ observations: DataObservation[]; lastModified: Date | null }> {
  const observations: DataObservation[] = [];
  let lastModified: Date | null = null;
  const keep = (o: DataObservation, publishedAt: Date) => {
    if (updatedAfter && publishedAt <= updatedAfter) return;
    observations.push(o);
    if (!lastModified || publishedAt > lastModified) lastModified = publishedAt;
  };
  if (ctx.actor === null) {
    const t = await readPublicTable(ctx, d.slug, indicators);
    const f = t.figures;
    // Only the rows the key can select become objects; lastModified still covers every row read.
    const matchers = (seriesKeys ?? [[]]).map((key) => {
      const sets: Partial<Record<FigureDimension, ReadonlySet<string>>> = {};
      SERIES_DIMENSIONS.forEach((c, x) => {
        const codes = key[x];
        if (codes) sets[c] = codes;
      });
      return f.matcher(sets);
    });
    const matches = (i: number) => matchers.some((m) => m(i));
    const since = updatedAfter ? updatedAfter.getTime() : Number.NEGATIVE_INFINITY;
    let latest = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < f.size; i++) {
      const at = f.publishedAt(i);
      if (at <= since) continue;
      if (at > latest) latest = at;
      if (!matches(i)) continue;
      observations.push({
        key: SERIES_DIMENSIONS.map((c) => f.codeAt(i, c)),
        period: f.codeAt(i, 'period'),
        value: f.value(i),
        obsStatus: f.obsStatus(i),
        confStatus: f.confStatus(i),
        comment: null,
      });
    }
    return { observations, lastModified: latest === Number.NEGATIVE_INFINITY ? null : new Date(latest) };
  }
  const isInside = isMember(ctx.actor, d.id);
  const { rows, threshold } = await readAsActor(ctx, async (db) => ({
    rows: await listPublishedFigures(db, ctx.actor, {
      dialogueId: d.id,
      indicators,
      reporters: isInside ? reporters : null,
    }),
    threshold: await findDisclosureThreshold(db, d.id),
  }));
  const figures = rows.map((r) => ({
    indicator: r.indicator,
    reporter: r.reporter,
    period: r.period,
    breakdowns: Object.fromEntries(DIMENSIONS.map((c) => [c, r[c]])) as Breakdowns,
    value: r.value === null ? null : Number(r.value),
    flags: r.flags,
  }));
  const withheld = isInside ? figures.map(() => null) : protectObservations(figures, threshold);
  figures.forEach((f, i) => {
    const w = withheld[i];
    keep(
      {
        key: [f.indicator, f.reporter, ...DIMENSIONS.map((c) => f.breakdowns[c])],
        period: f.period,
        value: w ? null : f.value,
        obsStatus: obsStatus(f.flags),
        confStatus: w ? CONF_STATUS_OF[w] : f.flags.includes('confidential') ? 'C' : 'F',
        comment: isInside ? rows[i]!.comment : null,
      },
      new Date(rows[i]!.published_at),
    );
  });
  return { observations, lastModified };
}

/** Data of one dataflow: the key, periods, first/last N, detail, updatedAfter; disclosure for outsiders. */
export async function readData(
  ctx: Ctx,
  p: DataParams,
  params: DataQuery,
  format: DataFormat,
): Promise<SdmxResponse> {
  const q = parseDataParams(params);
  if (p.provider !== undefined && !isAll(p.provider))
    throw new SdmxFault(
      501,
      501,
      'Not implemented: data providers (use "all"); filter by REF_AREA in the key',
    );
  const ref = parseFlowRef(p.flow);
  const d = (await visibleDialogues(ctx)).find((x) => `DF_${slugId(x.slug)}` === ref.id);
  if (!d) throw noResults(`no dataflow ${ref.id}`);
  const structure = await structureFor(ctx, d);
  const key = parseDataKey(p.key, keyDimensionsOf(structure));
  const indicators = key[0] ? [...key[0]] : null;
  const reporters = key[1] ? [...key[1]] : null;
  const compute = async () => {
    const { observations, lastModified } = await readObservations(
      ctx,
      d,
      indicators,
      reporters,
      q.updatedAfter,
      [key],
    );
    return dataResponse(
      structure,
      observations,
      key,
      q,
      format,
      lastModified,
      ref.id,
      p.key,
      ctx.actor === null,
    );
  };
  // Anonymous callers: the same query answered once per public view (publicAnswer).
  if (ctx.actor === null)
    return publicAnswer(ctx, d.slug, `sdmx-data|${format}|${p.key ?? ''}|${JSON.stringify(params)}`, compute);
  return compute();
}

const intersect = (a: string[] | null, b: string[] | null) =>
  a === null ? b : b === null ? a : a.filter((x) => b.includes(x));

/**
 * SDMX 3.0 data query (`/data/{context}/{agency}/{flow}/{version}/{key}` with `c[…]` filters): the same
 * observations, disclosure control and caching as the 2.1 data query, selected by the 3.0 keys and filters
 * (src/domain/sdmx/sdmx3-query.ts), as SDMX-JSON 2.0 or SDMX-CSV 2.0.
 */
export async function readData3(
  ctx: Ctx,
  p: Data3Path,
  params: Data3Query,
  format: Data3Format,
): Promise<SdmxResponse> {
  const flowId = parseFlow3(p);
  const d = (await visibleDialogues(ctx)).find((x) => `DF_${slugId(x.slug)}` === flowId);
  if (!d) throw noResults(`no dataflow ${flowId}`);
  const structure = await structureFor(ctx, d);
  const dims = keyDimensionsOf(structure);
  const keys = parseKeys3(p.key, dims);
  const components = { dimensions: dims, attributes: DATA_ATTRIBUTES, measure: MEASURE };
  const filters = parseComponentFilters(params, components);
  const q = parseData3Params(params, DATA_ATTRIBUTES, MEASURE);
  const indicators = intersect(keyCodes(keys, 0), filterCodes(filters, 'INDICATOR'));
  const reporters = intersect(keyCodes(keys, 1), filterCodes(filters, 'REF_AREA'));
  const compute = async (): Promise<SdmxResponse> => {
    const { observations, lastModified } = await readObservations(
      ctx,
      d,
      indicators,
      reporters,
      q.base.updatedAfter,
      keys,
    );
    const matches = filterPredicate(filters, components);
    const series = selectSeries(
      observations.filter((o) => matchesKeys(o, keys) && matches(o)),
      dims.map(() => null),
      q.base,
    );
    if (!series.length) throw noResults(`no data for ${flowId}/${p.key ?? '*'}`);
    const message = {
      structure,
      series,
      atObservation: q.base.atObservation,
      attributes: q.attributes,
      withMeasure: q.withMeasure,
      id: `DATA_${structure.dataflow.id}`,
      prepared: lastModified ?? new Date(0),
    };
    const body = format === 'json' ? JSON.stringify(toSdmxJson2Data(message)) : toSdmxCsv2Data(message);
    return {
      contentType: DATA3_TYPES[format],
      body,
      etag: etagOf(body),
      lastModified,
      isPublic: ctx.actor === null,
    };
  };
  // Anonymous callers: the same query answered once per public view (publicAnswer).
  if (ctx.actor === null)
    return publicAnswer(
      ctx,
      d.slug,
      `sdmx3-data|${format}|${JSON.stringify(p)}|${JSON.stringify(params)}`,
      compute,
    );
  return compute();
}

/** The data message of the observations a query selected (series by key, first/last N, detail). */
function dataResponse(
  structure: SdmxStructure,
  observations: DataObservation[],
  key: ReturnType<typeof parseDataKey>,
  q: ReturnType<typeof parseDataParams>,
  format: DataFormat,
  lastModified: Date | null,
  flowId: string,
  keyText: string | undefined,
  isPublic: boolean,
): SdmxResponse {
  const series = selectSeries(observations, key, q);
  if (!series.length) throw noResults(`no data for ${flowId}/${keyText ?? 'all'}`);
  const prepared = lastModified ?? new Date(0);
  const body = WRITERS[format]({
    structure,
    series,
    detail: q.detail,
    atObservation: q.atObservation,
    id: `DATA_${structure.dataflow.id}`,
    prepared,
  });
  return { contentType: DATA_TYPES[format], body, etag: etagOf(body), lastModified, isPublic };
}

/**
 * What the public portal is fed with: a public dialogue's public published figures after disclosure control, in
 * columns (public-figures.ts): aggregates iterate the columns, answers make objects only of the rows they show.
 */
export interface PublicTable {
  dialogue: DialogueRef;
  structure: SdmxStructure;
  threshold: number;
  figures: PublicFigures;
  /** Derived totals (sums over reporting states `reporter: '*'`, years) with their own protection. */
  totals: PublicTotals;
  /** The latest publication among the figures: "data as published on". */
  lastPublished: Date | null;
}

/**
 * The public table of a dialogue, whoever asks: read as an anonymous caller (a member signed in sees the portal
 * as the public does), so only public dialogues, public indicators and routes, published current figures, after
 * disclosure control; the whole table of the indicators (null: all), as the SDMX data queries protect it.
 */
export async function readPublicTable(
  ctx: Ctx,
  slug: string,
  indicators: readonly string[] | null,
): Promise<PublicTable> {
  const { dialogue, structure, version } = await publicView(ctx, slug);
  const key = `${dialogue.id}|${indicators?.join(',') ?? '*'}`;
  const tables = PUBLIC_TABLES.get(ctx.db) ?? new Map<string, CachedTable>();
  PUBLIC_TABLES.set(ctx.db, tables);
  const cached = tables.get(key);
  if (cached?.version === version) {
    tables.delete(key);
    tables.set(key, cached); // most recently used last
    return { dialogue, structure, ...(await cached.table) };
  }
  const table = protectedPublicTable(ctx, dialogue, indicators);
  tables.set(key, { version, table });
  table.catch(() => tables.delete(key));
  while (tables.size > PUBLIC_TABLE_CACHE_SIZE) tables.delete(tables.keys().next().value!);
  return { dialogue, structure, ...(await table) };
}

/**
 * What every anonymous request resolves before it reads the public table: the dialogue, the structure the
 * public sees, the version of the published data, and the answers already computed from them. Kept for the
 * caches' few seconds (src/shared/ttl-cache.ts): a write on any server clears them (a publication through the
 * API, a job's, a reclassified route), so the next request resolves again; without writes the structure's
 * queries and the answers' rendering run once per time-to-live instead of once per request.
 */
interface PublicView {
  dialogue: DialogueRef;
  structure: SdmxStructure;
  version: string;
  answers: Map<string, Promise<unknown>>;
}

const PUBLIC_VIEWS = new WeakMap<Db, TtlCache<Promise<PublicView>>>();
/** Answers kept per view at most (portal pages, downloads, SDMX queries): beyond, computed and not kept. */
const MAX_ANSWERS_PER_VIEW = 500;

function publicView(ctx: Ctx, slug: string): Promise<PublicView> {
  let views = PUBLIC_VIEWS.get(ctx.db);
  if (!views) {
    views = new TtlCache<Promise<PublicView>>(cacheTtlFromEnv(), 1000);
    PUBLIC_VIEWS.set(ctx.db, views);
  }
  const hit = views.get(slug);
  if (hit) return hit;
  const view = resolvePublicView(ctx, slug);
  views.set(slug, view);
  view.catch(() => views.delete(slug));
  return view;
}

async function resolvePublicView(ctx: Ctx, slug: string): Promise<PublicView> {
  const anonymous: Ctx = { ...ctx, actor: null };
  const dialogue = await requireDialogue(anonymous, slug);
  const structure = await sdmxStructureOf(anonymous, dialogue);
  // The table is cached while neither the publications nor what the public may see of the structure changed.
  const version = `${await findPublicationVersion(ctx.db, dialogue.id)}|${etagOf(JSON.stringify(structure.codelists))}`;
  return { dialogue, structure, version, answers: new Map() };
}

/**
 * An answer to the public (a portal page, a download, an SDMX data query), computed once per public view:
 * every anonymous caller gets the same bytes, so the second one within the caches' time-to-live is served
 * from memory. `key` names the answer and everything it depends on besides the view.
 */
export async function publicAnswer<T>(
  ctx: Ctx,
  slug: string,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  const view = await publicView(ctx, slug);
  const kept = view.answers.get(key);
  // Each key is written only by the compute of its own use case (the key starts with the use case's name),
  // so the value kept under it has that compute's type.
  if (kept) return kept as Promise<T>;
  const answer = compute();
  if (view.answers.size < MAX_ANSWERS_PER_VIEW) {
    view.answers.set(key, answer);
    answer.catch(() => view.answers.delete(key));
  }
  return answer;
}

type ProtectedPart = Omit<PublicTable, 'dialogue' | 'structure'>;

type CachedTable = { version: string; table: Promise<ProtectedPart> };
/**
 * Per database, public tables by dialogue and indicators with the version they were read at (least recently
 * used first). Each server keeps its own; the version query makes every server see another's publications.
 */
const PUBLIC_TABLES = new WeakMap<Db, Map<string, CachedTable>>();
const PUBLIC_TABLE_CACHE_SIZE = 16;

/**
 * The public table read through a cursor in batches straight into columns (PublicTableBuilder), so memory is
 * a few bytes per figure plus one batch of rows, then protected as a whole (suppressColumns).
 */
async function protectedPublicTable(
  ctx: Ctx,
  dialogue: DialogueRef,
  indicators: readonly string[] | null,
): Promise<ProtectedPart> {
  const { builder, threshold } = await readAsActor({ ...ctx, actor: null }, async (db) => {
    // A new builder per attempt: a read that falls back from the replica to the primary runs this again.
    const rows = new PublicTableBuilder();
    const filter = { dialogueId: dialogue.id, indicators, reporters: null };
    await forEachPublishedFigureBatch(db, null, filter, (batch) => {
      for (const r of batch) rows.add(r);
    });
    return { builder: rows, threshold: await findDisclosureThreshold(db, dialogue.id) };
  });
  return { threshold, ...builder.finish(threshold) };
}

/** SDMX-CSV 1.0 of a public dialogue's data as the public sees it (the portal's SDMX-CSV download). */
export function readPublicSdmxCsv(ctx: Ctx, slug: string, indicator: string): Promise<SdmxResponse> {
  return readData(
    { ...ctx, actor: null },
    { flow: `DF_${slugId(slug)}`, key: [indicator, '', ...DIMENSIONS.map(() => '')].join('.') },
    {},
    'csv',
  );
}
