/**
 * Published practices in the one search (src/modules/search): one item per practice (type `practice`), whose body
 * is the practice's text followed by the text of its PDF and DOCX files (practiceSearchBody, bounded), so a word
 * found only in a practice's evaluation report finds the practice. The files' words belong to the practice's own
 * item rather than to items of their own, so they carry the practice's visibility by construction (its
 * classification and sharing, and nothing at all before publication) and follow every change of it; a result is
 * the practice, once, whose page lists the files. Drafts, submitted and returned practices are never indexed.
 *
 * A file's text is stored when it is attached (checkAttachment extracts it with the document library's
 * extraction); a PDF or DOCX stored before migration 0051 has none and is read again here, and a file that cannot
 * be read then stays attached and adds nothing.
 */
import type { Queryable } from '../../db/connect';
import { DocumentRejected } from '../../domain/documents/file-format';
import { boundedFileText, type FileText, practiceSearchBody } from '../../domain/practices/practice-files';
import { THEMATIC_AREA_TITLES } from '../../domain/practices/practice-rules';
import { readUploadLimits } from '../../domain/upload-limits';
import { extractDocumentText } from '../../shared/document-text';
import { indexItem, type SearchItem } from '../search/search.service';
import { listPublishedPracticeFileTexts, type PracticeFileTextRow } from './practices.attachments.sql';
import { listPublishedPracticesForSearch } from './practices.sql';

const iso = (v: Date | string) => new Date(v).toISOString();

/** The stored text, or (a file stored before its text was kept) the text read now; nothing if unreadable. */
async function textOf(f: PracticeFileTextRow): Promise<FileText> {
  if (f.text !== null || !f.content) return { fileName: f.file_name, text: f.text };
  try {
    const { text } = await extractDocumentText(Buffer.from(f.content), f.file_name, readUploadLimits());
    return { fileName: f.file_name, text: boundedFileText(text) };
  } catch (e) {
    if (e instanceof DocumentRejected) return { fileName: f.file_name, text: null };
    throw e;
  }
}

/** Published practices (all, or one) as search items, each with its files' text; others are never indexed. */
export async function practiceSearchItems(db: Queryable, id?: number): Promise<SearchItem[]> {
  const rows = await listPublishedPracticesForSearch(db, id);
  const files = new Map<number, FileText[]>();
  for (const f of await listPublishedPracticeFileTexts(db, id)) {
    const list = files.get(f.practice_id) ?? [];
    list.push(await textOf(f));
    files.set(f.practice_id, list);
  }
  return rows.map((p) => ({
    type: 'practice',
    id: p.id,
    dialogueId: p.dialogue_id,
    classification: p.classification,
    originatorOrgId: p.originator_org_id,
    sharedWithOrgIds: p.shared_with_org_ids,
    country: p.countries.length === 1 ? p.countries[0]! : null,
    date: p.published_at ? iso(p.published_at).slice(0, 10) : null,
    language: p.language,
    title: p.title,
    body: practiceSearchBody(
      [
        THEMATIC_AREA_TITLES[p.area],
        p.summary,
        p.objectives,
        p.results,
        p.lessons,
        p.partners.join(', '),
        p.tags.join(' '),
      ].join('\n'),
      files.get(p.id) ?? [],
    ),
    link: `/d/${p.slug}/practices/${p.id}`,
  }));
}

/**
 * A published practice's search item follows its changes, its classification and its files (others are never
 * indexed: nothing of a draft reaches the search).
 */
export async function reindexPractice(db: Queryable, id: number): Promise<void> {
  for (const item of await practiceSearchItems(db, id)) await indexItem(db, item);
}
