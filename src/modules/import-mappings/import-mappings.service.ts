/**
 * Saved import mappings (named per dialogue, for the dialogue or one reporting state; every save a revision)
 * and the use cases of the mapping step: propose a mapping for an uploaded file (and find a saved one that
 * fits its header), import a file through a saved mapping, or check it only (dry run). The import itself is
 * the observations module's (observations.mapped-import.ts).
 */
import type { Readable } from 'node:stream';
import { withActor } from '../../db/with-actor';
import { checkMapping, fitsHeader, type ImportMapping } from '../../domain/import-mapping';
import type { Actor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { Conflict, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { isMemberState, requireDialogueFor } from '../dialogues/dialogues.service';
import { type ImportInput, type ImportResult, maxImportBytes } from '../observations/observations.import';
import { importMapped, proposeForFile } from '../observations/observations.mapped-import';
import { importMappingsPolicy } from './import-mappings.policy';
import {
  ImportMappingBody,
  type MappedImportView,
  type MappingView,
  type ProposalView,
  type SaveMappingBody,
} from './import-mappings.schema';
import {
  findMapping,
  insertMapping,
  insertMappingRevision,
  listMappingRevisions,
  listMappings,
  lockMapping,
  type MappingRow,
  updateMapping,
} from './import-mappings.sql';

type Format = 'csv' | 'sdmx-csv' | 'xlsx';

function mappingOf(stored: unknown): ImportMapping {
  return ImportMappingBody.parse(stored);
}

function toView(r: MappingRow): MappingView {
  return {
    name: r.name,
    reporter: r.reporter_iso3,
    revision: r.revision,
    updatedAt: r.updated_at,
    mapping: mappingOf(r.mapping),
  };
}

const DENIED = 'Only data providers and the secretariat’s data managers use import mappings';

/** The saved mappings the caller may use. */
export async function listImportMappings(ctx: Ctx, slug: string): Promise<{ items: MappingView[] }> {
  const { d, actor } = await requireDialogueFor(ctx, slug, importMappingsPolicy.read, DENIED);
  const rows = await withActor(ctx.db, actor, (db) => listMappings(db, d.id));
  return {
    items: rows
      .filter((r) => importMappingsPolicy.seesMapping(actor, { dialogueId: d.id, reporter: r.reporter_iso3 }))
      .map(toView),
  };
}

/** One saved mapping with every revision, newest first. */
export async function getImportMapping(ctx: Ctx, slug: string, name: string) {
  const { d, actor } = await requireDialogueFor(ctx, slug, importMappingsPolicy.read, DENIED);
  return withActor(ctx.db, actor, async (db) => {
    const r = await findMapping(db, d.id, name);
    if (!r || !importMappingsPolicy.seesMapping(actor, { dialogueId: d.id, reporter: r.reporter_iso3 }))
      throw new NotFound(`Import mapping "${name}"`);
    const revisions = await listMappingRevisions(db, r.id);
    return {
      ...toView(r),
      revisions: revisions.map((x) => ({
        revision: x.revision,
        reporter: x.reporter_iso3,
        userId: x.user_id,
        createdAt: x.created_at,
        mapping: mappingOf(x.mapping),
      })),
    };
  });
}

/**
 * Saves a mapping under a name: a new one, or a new revision of the one by that name (the earlier version
 * stays in the history). The mapping is checked first (required fields, two columns on one field, period
 * headers, a label answered twice); nothing is stored when it fails.
 */
export async function saveImportMapping(
  ctx: Ctx,
  slug: string,
  name: string,
  body: SaveMappingBody,
): Promise<{ created: boolean; view: MappingView }> {
  const { d, actor } = await requireDialogueFor(ctx, slug, importMappingsPolicy.use, DENIED);
  const reporter = body.reporter ?? null;
  if (!importMappingsPolicy.changesMapping(actor, { dialogueId: d.id, reporter }))
    throw new Forbidden(
      reporter
        ? `You may not save mappings for ${reporter}`
        : 'Only the secretariat saves mappings for the whole dialogue; give your state as the reporter',
    );
  const mapping: ImportMapping = body.mapping;
  const errors = checkMapping(mapping, { reporterGiven: true }).map((e) => ({
    ...e,
    field: `mapping.${e.field}`,
  }));
  if (errors.length) throw new Invalid(errors, `The mapping "${name}" cannot be used: ${errors[0]!.message}`);
  return withActor(ctx.db, actor, async (db) => {
    if (reporter && !(await isMemberState(db, d.id, reporter)))
      throw new Invalid([
        { field: 'reporter', message: `"${reporter}" is not a member state of this dialogue` },
      ]);
    const current = await lockMapping(db, d.id, name);
    if (
      current &&
      !importMappingsPolicy.changesMapping(actor, { dialogueId: d.id, reporter: current.reporter_iso3 })
    )
      throw new Forbidden(`You may not change the mapping "${name}"`);
    if (current && body.expectedRevision !== undefined && body.expectedRevision !== current.revision)
      throw new Conflict(
        `The mapping "${name}" was changed meanwhile (revision ${current.revision}, you edited ${body.expectedRevision})`,
        toView(current),
      );
    if (!current && body.expectedRevision !== undefined) throw new NotFound(`Import mapping "${name}"`);
    const row = current
      ? await updateMapping(db, { id: current.id, reporter, mapping })
      : await insertMapping(db, { dialogueId: d.id, name, reporter, mapping, orgId: actor.orgId });
    await insertMappingRevision(db, {
      mappingId: row.id,
      revision: row.revision,
      dialogueId: d.id,
      reporter,
      mapping,
      userId: actor.userId,
      orgId: actor.orgId,
    });
    await recordAudit(
      db,
      actor,
      'import-mapping.save',
      { type: 'import-mapping', id: row.id, dialogueId: d.id },
      { name, reporter, revision: row.revision },
    );
    return { created: !current, view: toView(row) };
  });
}

/** The mapping step's start: a proposal for the uploaded file, and the saved mapping fitting its header. */
export async function proposeImportMapping(
  ctx: Ctx,
  slug: string,
  input: { format: Format; stream: Readable; fileName?: string | undefined; maxBytes: number },
): Promise<ProposalView> {
  const { d, actor } = await requireDialogueFor(ctx, slug, importMappingsPolicy.read, DENIED).catch((e) => {
    input.stream.resume();
    throw e;
  });
  const p = await proposeForFile(ctx, { slug, ...input });
  const fit = await fittingMapping(ctx, actor, d.id, p.header);
  return {
    fileName: p.fileName,
    sheet: p.sheet,
    header: p.header,
    rows: p.rows,
    layout: p.proposal.layout,
    reasons: p.proposal.reasons,
    mapping: p.proposal.mapping,
    problems: p.problems,
    preview: p.preview.map(definedCells),
    savedMatch: fit ?? null,
  };
}

/** The saved mapping the caller may use that fits a header, if any. */
async function fittingMapping(
  ctx: Ctx,
  actor: Actor,
  dialogueId: number,
  header: readonly string[],
): Promise<MappingView | undefined> {
  const rank = (reporter: string | null) =>
    reporter && reporter === actor.countryIso3 ? 0 : reporter === null ? 1 : 2;
  const saved = await withActor(ctx.db, actor, (db) => listMappings(db, dialogueId));
  return (
    saved
      .filter((r) => importMappingsPolicy.seesMapping(actor, { dialogueId, reporter: r.reporter_iso3 }))
      .map(toView)
      // The caller's state's own mappings first, then the dialogue's, then other states' (the secretariat).
      .sort((a, b) => rank(a.reporter) - rank(b.reporter))
      .find((v) => fitsHeader(v.mapping, header))
  );
}

/**
 * A template upload whose header fits a saved mapping, imported through it (registered with the observations
 * module at the composition root: observations.saved-mapping.ts). Undefined, with the stream untouched, when
 * the caller may not use mappings or none fits: the template importer then reports the header.
 */
export async function importWithSavedMapping(
  ctx: Ctx,
  input: ImportInput & { header: readonly string[] },
): Promise<ImportResult | undefined> {
  const found = await requireDialogueFor(ctx, input.slug, importMappingsPolicy.use, DENIED).catch(
    () => undefined,
  );
  if (!found) return undefined;
  const fit = await fittingMapping(ctx, found.actor, found.d.id, input.header);
  if (!fit) return undefined;
  const r = await importMapped(ctx, {
    slug: input.slug,
    format: input.format,
    stream: input.stream,
    fileName: input.fileName,
    mapping: fit.mapping,
    mappingName: fit.name,
    reporter: input.reporter ?? fit.reporter ?? undefined,
    maxBytes: input.maxBytes ?? maxImportBytes(),
  });
  const first = r.submissions[0];
  return {
    submissionId: first?.submissionId ?? 0,
    reporter: first?.reporter ?? '',
    observations: r.observations,
    mapping: fit.name,
    submissions: r.submissions.map((x) => ({
      submissionId: x.submissionId ?? 0,
      reporter: x.reporter,
      observations: x.observations,
      derivedTotals: x.derivedTotals,
    })),
  };
}

function definedCells(c: Partial<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(c)) if (v !== undefined) out[k] = v;
  return out;
}

/** Imports a file through a saved mapping (or checks it only: dryRun). */
export async function importThroughMapping(
  ctx: Ctx,
  slug: string,
  name: string,
  input: {
    format: Format;
    stream: Readable;
    fileName?: string | undefined;
    reporter?: string | undefined;
    dryRun?: boolean | undefined;
    historical?: boolean | undefined;
    maxBytes: number;
  },
): Promise<MappedImportView> {
  const found = await (async () => {
    const { d, actor } = await requireDialogueFor(ctx, slug, importMappingsPolicy.use, DENIED);
    const r = await withActor(ctx.db, actor, (db) => findMapping(db, d.id, name));
    if (!r || !importMappingsPolicy.seesMapping(actor, { dialogueId: d.id, reporter: r.reporter_iso3 }))
      throw new NotFound(`Import mapping "${name}"`);
    return r;
  })().catch((e) => {
    input.stream.resume();
    throw e;
  });
  const mapping = mappingOf(found.mapping);
  const result = await importMapped(ctx, {
    slug,
    format: input.format,
    stream: input.stream,
    fileName: input.fileName,
    mapping,
    mappingName: name,
    reporter: input.reporter ?? found.reporter_iso3 ?? undefined,
    dryRun: input.dryRun,
    historical: input.historical,
    maxBytes: input.maxBytes,
  });
  return { ...result, mapping: name, preview: result.preview.map(definedCells) };
}
