/**
 * Translations of the content people write (dialogue, route and indicator names and descriptions): the
 * secretariat's table of texts per language with coverage, edits with revisions (never overwritten silently:
 * an edit names the revision it started from, a newer one answers 409), and the history of one text.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { allows } from '../../shared/access';
import type { Ctx } from '../../shared/ctx';
import { Conflict, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { LOCALES } from '../../shared/locales';
import { recordAudit } from '../audit/audit.service';
import { requireDialogue } from '../dialogues/dialogues.service';
import { translationsPolicy } from './translations.policy';
import type {
  TranslationCoverage,
  TranslationEditBody,
  TranslationField,
  TranslationHistoryQuery,
  TranslationItem,
  TranslationRevisionView,
  TranslationsView,
} from './translations.schema';
import {
  findTranslatableRow,
  findWorkingLanguages,
  insertRevision,
  listLatestRevisions,
  listRevisions,
  listTranslatableRows,
  type RevisionRow,
  type TranslatableRow,
  writeTranslation,
} from './translations.sql';

const FIELDS: readonly TranslationField[] = ['name', 'description'];

const iso = (value: string | Date | null): string | null =>
  value === null ? null : new Date(value).toISOString();

const revisionKey = (entity: string, id: number, field: string, language: string) =>
  `${entity}:${id}:${field}:${language}`;

/** The interface languages plus the dialogue's working languages, interface languages first. */
function languagesOf(workingLanguages: readonly string[]): string[] {
  return [...new Set([...LOCALES, ...workingLanguages])];
}

/** The items (one per record and field) with their cells per language, from the rows and latest revisions. */
export function buildTranslationItems(
  rows: readonly TranslatableRow[],
  revisions: readonly RevisionRow[],
  languages: readonly string[],
): TranslationItem[] {
  const latest = new Map(revisions.map((r) => [revisionKey(r.entity, r.entity_id, r.field, r.language), r]));
  return rows.flatMap((row) =>
    FIELDS.map((field): TranslationItem => {
      const values = row[field] ?? {};
      const sourceEdit = latest.get(revisionKey(row.entity, row.id, field, row.source_language));
      const cells: TranslationItem['cells'] = {};
      for (const language of new Set([row.source_language, ...languages])) {
        const text = values[language] ?? null;
        const edit = latest.get(revisionKey(row.entity, row.id, field, language));
        const sourceEditedAt = sourceEdit ? new Date(sourceEdit.edited_at).getTime() : null;
        const editedAt = edit ? new Date(edit.edited_at).getTime() : null;
        const isOutdated =
          language !== row.source_language &&
          text !== null &&
          sourceEditedAt !== null &&
          (editedAt === null || editedAt < sourceEditedAt);
        cells[language] = {
          text,
          revision: edit?.revision ?? 0,
          editedAt: iso(edit?.edited_at ?? null),
          isOutdated,
        };
      }
      return {
        entity: row.entity,
        id: row.id,
        code: row.code,
        field,
        sourceLanguage: row.source_language,
        cells,
      };
    }),
  );
}

/** Per language: how many texts with an original are translated, and how many of those are outdated. */
export function translationCoverage(
  items: readonly TranslationItem[],
  languages: readonly string[],
): TranslationCoverage[] {
  return languages.map((language) => {
    let total = 0;
    let translated = 0;
    let outdated = 0;
    for (const item of items) {
      if (!item.cells[item.sourceLanguage]?.text) continue;
      total++;
      const cell = item.cells[language];
      if (cell?.text) {
        translated++;
        if (cell.isOutdated) outdated++;
      }
    }
    return { language, total, translated, outdated };
  });
}

/** The translation table of a dialogue read as the system (no actor): for the coverage report. */
export async function readTranslationsAsSystem(
  db: Queryable,
  dialogueId: number,
  workingLanguages: readonly string[],
): Promise<TranslationsView> {
  const languages = languagesOf(workingLanguages);
  const items = buildTranslationItems(
    await listTranslatableRows(db, dialogueId),
    await listLatestRevisions(db, dialogueId),
    languages,
  );
  return { languages, items, coverage: translationCoverage(items, languages) };
}

async function requireSecretariat(ctx: Ctx, slug: string) {
  const d = await requireDialogue(ctx, slug);
  if (!allows(ctx.actor, translationsPolicy.edit, { dialogueId: d.id }))
    throw new Forbidden('Only the secretariat of the dialogue manages translations');
  return d;
}

/** GET …/translations: every translatable text of the dialogue per language, with coverage (secretariat). */
export async function listTranslations(ctx: Ctx, slug: string): Promise<TranslationsView> {
  const d = await requireSecretariat(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (tx) =>
    readTranslationsAsSystem(tx, d.id, await findWorkingLanguages(tx, d.id)),
  );
}

/** PUT …/translations: sets or removes one language of one text, as a new revision (secretariat). */
export async function editTranslation(
  ctx: Ctx,
  slug: string,
  input: TranslationEditBody,
): Promise<TranslationItem> {
  const d = await requireSecretariat(ctx, slug);
  const actor = ctx.actor!;
  const text = input.text === null || input.text.trim() === '' ? null : input.text.trim();
  try {
    return await withActor(ctx.db, actor, async (tx) => {
      const languages = languagesOf(await findWorkingLanguages(tx, d.id));
      if (!languages.includes(input.language))
        throw new Invalid([
          { field: 'body.language', message: `is not a language of this dialogue (${languages.join(', ')})` },
        ]);
      const row = await findTranslatableRow(tx, d.id, input.entity, input.id);
      if (!row) throw new NotFound(`${input.entity} ${input.id}`);
      if (text === null && input.field === 'name' && input.language === row.source_language)
        throw new Invalid([{ field: 'body.text', message: 'the original name cannot be removed' }]);
      const history = await listRevisions(tx, d.id, { ...input });
      const current = history[0]?.revision ?? 0;
      const previousText = row[input.field]?.[input.language] ?? null;
      if (input.baseRevision !== current)
        throw new Conflict(
          `This text was changed (revision ${current}) after you opened it (revision ${input.baseRevision})`,
          { revision: current, text: previousText },
        );
      if (previousText === text) return itemOf(tx, d.id, languages, input);
      await writeTranslation(tx, input.entity, input.id, input.field, input.language, text);
      await insertRevision(tx, {
        dialogueId: d.id,
        entity: input.entity,
        id: input.id,
        field: input.field,
        language: input.language,
        revision: current + 1,
        text,
        previousText,
        editedBy: actor.userId,
      });
      await recordAudit(
        tx,
        actor,
        'translation.update',
        { type: input.entity, id: input.id, dialogueId: d.id },
        { field: input.field, language: input.language, revision: current + 1, removed: text === null },
        { ip: ctx.ip },
      );
      return itemOf(tx, d.id, languages, input);
    });
  } catch (error) {
    // Two editors saving the same revision at once: the second one hits the unique key.
    if ((error as { code?: unknown }).code === '23505')
      throw new Conflict('This text was changed by someone else at the same moment; reload it');
    throw error;
  }
}

async function itemOf(
  tx: Queryable,
  dialogueId: number,
  languages: readonly string[],
  key: { entity: TranslationEditBody['entity']; id: number; field: TranslationField },
): Promise<TranslationItem> {
  const row = await findTranslatableRow(tx, dialogueId, key.entity, key.id);
  const items = buildTranslationItems(row ? [row] : [], await listLatestRevisions(tx, dialogueId), languages);
  return items.find((i) => i.field === key.field)!;
}

/** GET …/translations/history: every revision of one text in one language, newest first (secretariat). */
export async function translationHistory(
  ctx: Ctx,
  slug: string,
  q: TranslationHistoryQuery,
): Promise<TranslationRevisionView[]> {
  const d = await requireSecretariat(ctx, slug);
  const rows = await withActor(ctx.db, ctx.actor, (tx) => listRevisions(tx, d.id, q));
  return rows.map((r) => ({
    revision: r.revision,
    text: r.text,
    previousText: r.previous_text,
    editedAt: iso(r.edited_at)!,
    editedBy: r.edited_by === null ? null : { id: r.edited_by, name: r.editor_name ?? '' },
  }));
}

/**
 * Records, as translation revisions, the languages of one text another module changed in the same transaction
 * (e.g. the definitions editor saving an indicator's names), so the translations editor's revision numbers and
 * history stay complete. Languages whose text did not change are left alone.
 */
export async function recordTranslationEdits(
  tx: Queryable,
  e: {
    dialogueId: number;
    entity: TranslationItem['entity'];
    id: number;
    field: TranslationField;
    before: Readonly<Record<string, string>>;
    after: Readonly<Record<string, string>>;
    editedBy: number;
  },
): Promise<number> {
  let changed = 0;
  for (const language of new Set([...Object.keys(e.before), ...Object.keys(e.after)])) {
    const previousText = e.before[language] ?? null;
    const text = e.after[language] ?? null;
    if (previousText === text) continue;
    const history = await listRevisions(tx, e.dialogueId, { ...e, language });
    await insertRevision(tx, {
      dialogueId: e.dialogueId,
      entity: e.entity,
      id: e.id,
      field: e.field,
      language,
      revision: (history[0]?.revision ?? 0) + 1,
      text,
      previousText,
      editedBy: e.editedBy,
    });
    changed++;
  }
  return changed;
}
