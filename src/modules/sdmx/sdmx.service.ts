/**
 * The SDMX REST 2.1 API's use cases: structure queries (dataflows, data structure definitions, codelists,
 * concept schemes) across the dialogues the caller may see, and data queries on one dataflow (one dialogue).
 * Published, current figures only; callers who are not members of the dialogue get them after disclosure
 * control (src/domain/disclosure), computed on the whole table of the indicators asked for so that every query
 * hides the same cells. The message builders are pure (src/domain/sdmx).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import {
  CONF_STATUS_OF,
  type ProtectedTotal,
  protectObservations,
  protectObservationTable,
} from '../../domain/disclosure/observations';
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
  noResults,
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
import { isMember } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { type DialogueRef, listDialogues, requireDialogue } from '../dialogues/dialogues.service';
import { sdmxStructureOf } from '../observations/observations.service';
import type {
  DataParams,
  DataQuery,
  StructureParams,
  StructureQuery,
  StructureResource,
} from './sdmx.schema';
import { findDisclosureThreshold, findPublicationVersion, listPublishedFigures } from './sdmx.sql';

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

/** Structures: dataflows, DSDs, codelists or concept schemes, `all` or one id, as SDMX-ML 2.1 or SDMX-JSON. */
export async function readStructures(
  ctx: Ctx,
  resource: StructureResource,
  p: StructureParams,
  q: StructureQuery,
  format: StructureFormat,
): Promise<SdmxResponse> {
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
  if (resource === 'codelist' && !isAll(id)) {
    list = list.filter((s) => s.codelists.some((c) => c.id === id));
    if (parts.codelists === true && !parts.dsds) parts = { ...parts, codelists: [id!] };
  }
  if (resource === 'conceptscheme' && !isAll(id) && id !== CONCEPT_SCHEME_ID) list = [];
  if (!list.length) throw noResults(`no ${resource} ${[p.agency, id, p.version].filter(Boolean).join('/')}`);
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

const WRITERS: Record<DataFormat, (m: DataMessage) => string> = {
  generic: toGenericData,
  structurespecific: toStructureSpecificData,
  json: (m) => JSON.stringify(toSdmxJsonData(m)),
  csv: toSdmxCsvData,
};

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
  const structure = await sdmxStructureOf(ctx, d);
  const dims = seriesDimensions(structure);
  const codesOf = new Map(structure.codelists.map((c) => [c.id, new Set(c.codes.map((x) => x.id))]));
  const key = parseDataKey(
    p.key,
    dims.map((id) => ({
      id,
      codes: codesOf.get(structure.dsd.components.find((c) => c.id === id)?.codelist ?? '') ?? new Set(),
    })),
  );
  const isInside = isMember(ctx.actor, d.id);
  const indicators = key[0] ? [...key[0]] : null;
  // Outsiders: the whole table of these indicators (every reporter), for disclosure control.
  const reporters = isInside && key[1] ? [...key[1]] : null;
  // Anonymous callers: the public table, protected once and cached (readPublicTable).
  if (ctx.actor === null) {
    const t = await readPublicTable(ctx, d.slug, indicators);
    const observations: DataObservation[] = [];
    let lastModified: Date | null = null;
    for (const f of t.figures) {
      if (q.updatedAfter && f.publishedAt <= q.updatedAfter) continue;
      observations.push({
        key: [f.indicator, f.reporter, ...DIMENSIONS.map((c) => f.breakdowns[c])],
        period: f.period,
        value: f.value,
        obsStatus: f.obsStatus,
        confStatus: f.confStatus,
        comment: null,
      });
      if (!lastModified || f.publishedAt > lastModified) lastModified = f.publishedAt;
    }
    return dataResponse(structure, observations, key, q, format, lastModified, ref.id, p.key, true);
  }
  const { rows, threshold } = await withActor(ctx.db, ctx.actor, async (db) => ({
    rows: await listPublishedFigures(db, ctx.actor, { dialogueId: d.id, indicators, reporters }),
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
  const observations: DataObservation[] = [];
  let lastModified: Date | null = null;
  figures.forEach((f, i) => {
    const publishedAt = new Date(rows[i]!.published_at);
    if (q.updatedAfter && publishedAt <= q.updatedAfter) return;
    const w = withheld[i];
    observations.push({
      key: [f.indicator, f.reporter, ...DIMENSIONS.map((c) => f.breakdowns[c])],
      period: f.period,
      value: w ? null : f.value,
      obsStatus: obsStatus(f.flags),
      confStatus: w ? CONF_STATUS_OF[w] : f.flags.includes('confidential') ? 'C' : 'F',
      comment: isInside ? rows[i]!.comment : null,
    });
    if (!lastModified || publishedAt > lastModified) lastModified = publishedAt;
  });
  return dataResponse(structure, observations, key, q, format, lastModified, ref.id, p.key, false);
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

/** One published figure as the public sees it: no value when withheld by disclosure control. */
export interface PublicFigure {
  indicator: string;
  reporter: string;
  period: string;
  breakdowns: Breakdowns;
  value: number | null;
  /** SDMX OBS_STATUS (A, E, P, M). */
  obsStatus: string;
  /** SDMX CONF_STATUS: F free, C primary, D secondary suppression. */
  confStatus: 'F' | 'C' | 'D';
  publishedAt: Date;
}

/** What the public portal is fed with: a public dialogue's public published figures after disclosure control. */
export interface PublicTable {
  dialogue: DialogueRef;
  structure: SdmxStructure;
  threshold: number;
  figures: PublicFigure[];
  /** Derived totals (sums over reporting states `reporter: '*'`, years) with their own protection. */
  totals: ProtectedTotal[];
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
  const anonymous: Ctx = { ...ctx, actor: null };
  const dialogue = await requireDialogue(anonymous, slug);
  const structure = await sdmxStructureOf(anonymous, dialogue);
  // Cached while neither the publications nor what the public may see of the structure changed.
  const version = `${await findPublicationVersion(ctx.db, dialogue.id)}|${etagOf(JSON.stringify(structure.codelists))}`;
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

type ProtectedPart = Omit<PublicTable, 'dialogue' | 'structure'>;

type CachedTable = { version: string; table: Promise<ProtectedPart> };
/**
 * Per database, public tables by dialogue and indicators with the version they were read at (least recently
 * used first). Each server keeps its own; the version query makes every server see another's publications.
 */
const PUBLIC_TABLES = new WeakMap<Db, Map<string, CachedTable>>();
const PUBLIC_TABLE_CACHE_SIZE = 16;

async function protectedPublicTable(
  ctx: Ctx,
  dialogue: DialogueRef,
  indicators: readonly string[] | null,
): Promise<ProtectedPart> {
  const { rows, threshold } = await withActor(ctx.db, null, async (db) => ({
    rows: await listPublishedFigures(db, null, { dialogueId: dialogue.id, indicators, reporters: null }),
    threshold: await findDisclosureThreshold(db, dialogue.id),
  }));
  const protectable = rows.map((r) => ({
    indicator: r.indicator,
    reporter: r.reporter,
    period: r.period,
    breakdowns: Object.fromEntries(DIMENSIONS.map((c) => [c, r[c]])) as Breakdowns,
    value: r.value === null ? null : Number(r.value),
    flags: r.flags,
  }));
  const { status, totals } = protectObservationTable(protectable, threshold);
  let lastPublished: Date | null = null;
  const figures = protectable.map((f, i): PublicFigure => {
    const publishedAt = new Date(rows[i]!.published_at);
    if (!lastPublished || publishedAt > lastPublished) lastPublished = publishedAt;
    const w = status[i];
    return {
      indicator: f.indicator,
      reporter: f.reporter,
      period: f.period,
      breakdowns: f.breakdowns,
      value: w ? null : f.value,
      obsStatus: obsStatus(f.flags),
      confStatus: w ? CONF_STATUS_OF[w] : f.flags.includes('confidential') ? 'C' : 'F',
      publishedAt,
    };
  });
  return { threshold, figures, totals, lastPublished };
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
