/**
 * Synthetic library documents for the demo dialogue (issue 16): invented meeting documents, reports and a
 * declaration in English, French and Russian (one linked as language versions of each other, one with two
 * versions), as plain-text files generated here — never copied from ../shared. Then the demo's searchable
 * records (documents, sent notices, indicators, routes) are indexed for the search, in the seed's transaction.
 */
import { createHash } from 'node:crypto';
import sql from 'sql-template-tag';
import type { Queryable } from '../db/connect';
import { documentSearchItems } from '../modules/documents/documents.service';
import { indicatorSearchItems } from '../modules/indicators/indicators.service';
import { routeSearchItems } from '../modules/migratory-routes/migratory-routes.service';
import { noticeSearchItems } from '../modules/notices/notices.service';
import { practiceSearchItems } from '../modules/practices/practices.search';
import { indexItem } from '../modules/search/search.service';

interface DemoDocument {
  key: string;
  title: string;
  kind: 'declaration' | 'report' | 'meeting_document' | 'other';
  language: 'en' | 'fr' | 'ru';
  date: string;
  fileName: string;
  /** Each text is one version of the file, oldest first. */
  versions: string[];
  translationOf?: string;
  classification?: 'public' | 'dialogue';
}

export const DEMO_DOCUMENTS: DemoDocument[] = [
  {
    key: 'decl-en',
    title: 'Joint declaration on partnership for orderly migration (synthetic)',
    kind: 'declaration',
    language: 'en',
    date: '2025-05-14',
    fileName: 'joint-declaration-2025.txt',
    classification: 'public',
    versions: [
      'JOINT DECLARATION ON PARTNERSHIP FOR ORDERLY MIGRATION\n\nWe, the ministers of the participating states, commit to share timely information on irregular migration flows along the main migratory routes, to strengthen border management cooperation, and to develop legal pathways for labour migration.\n\nWe ask the secretariat to report yearly on the implementation of this declaration.',
    ],
  },
  {
    key: 'decl-fr',
    title: 'Déclaration commune sur le partenariat pour une migration ordonnée (fictive)',
    kind: 'declaration',
    language: 'fr',
    date: '2025-05-14',
    fileName: 'declaration-commune-2025.txt',
    translationOf: 'decl-en',
    classification: 'public',
    versions: [
      'DÉCLARATION COMMUNE SUR LE PARTENARIAT POUR UNE MIGRATION ORDONNÉE\n\nNous, ministres des États participants, nous engageons à partager en temps utile les informations sur les flux migratoires irréguliers le long des principales routes migratoires, à renforcer la coopération en matière de gestion des frontières et à développer des voies légales de migration de travail.',
    ],
  },
  {
    key: 'decl-ru',
    title: 'Совместная декларация о партнёрстве в интересах упорядоченной миграции (вымышленная)',
    kind: 'declaration',
    language: 'ru',
    date: '2025-05-14',
    fileName: 'sovmestnaya-deklaratsiya-2025.txt',
    translationOf: 'decl-en',
    classification: 'public',
    versions: [
      'СОВМЕСТНАЯ ДЕКЛАРАЦИЯ О ПАРТНЁРСТВЕ В ИНТЕРЕСАХ УПОРЯДОЧЕННОЙ МИГРАЦИИ\n\nМы, министры государств-участников, обязуемся своевременно обмениваться информацией о нерегулярных миграционных потоках на основных миграционных маршрутах, укреплять сотрудничество в области управления границами и развивать законные пути трудовой миграции.',
    ],
  },
  {
    key: 'som-agenda',
    title: 'Senior officials meeting: annotated agenda (synthetic)',
    kind: 'meeting_document',
    language: 'en',
    date: '2025-11-20',
    fileName: 'som-agenda.txt',
    versions: [
      'SENIOR OFFICIALS MEETING — DRAFT AGENDA\n\n1. Opening\n2. Situation on the Eastern Mediterranean route\n3. Return and readmission cooperation\n4. Any other business',
      'SENIOR OFFICIALS MEETING — ANNOTATED AGENDA\n\n1. Opening by the chair\n2. Situation on the Eastern Mediterranean and Western Balkans routes: presentation of the monthly figures\n3. Return and readmission cooperation: state of play of the agreements\n4. Document security and fraud: expert level exchange\n5. Any other business',
    ],
  },
  {
    key: 'report-fr',
    title: 'Rapport sur la lutte contre le trafic de migrants (fictif)',
    kind: 'report',
    language: 'fr',
    date: '2025-09-30',
    fileName: 'rapport-trafic-2025.txt',
    versions: [
      'RAPPORT SUR LA LUTTE CONTRE LE TRAFIC DE MIGRANTS\n\nLes autorités des États participants ont démantelé plusieurs réseaux de passeurs. Le rapport recommande un échange d’informations renforcé entre les points de contact nationaux et les officiers de liaison.',
    ],
  },
  {
    key: 'report-ru',
    title: 'Обзор сотрудничества в области реадмиссии (вымышленный)',
    kind: 'report',
    language: 'ru',
    date: '2025-03-15',
    fileName: 'obzor-readmissii.txt',
    versions: [
      'ОБЗОР СОТРУДНИЧЕСТВА В ОБЛАСТИ РЕАДМИССИИ\n\nСоглашения о реадмиссии и об упрощении визового режима применяются в большинстве государств-участников. Рекомендуется регулярно обмениваться статистикой возвращений.',
    ],
  },
];

/** Writes the demo documents (as the secretariat), then indexes every searchable demo record. */
export async function seedDemoDocuments(
  tx: Queryable,
  dialogueId: number,
  secretariatOrgId: number,
  authorId: number,
): Promise<number> {
  const ids = new Map<string, number>();
  for (const d of DEMO_DOCUMENTS) {
    const group = d.translationOf ? (ids.get(d.translationOf) ?? null) : null;
    const [row] = await tx.query<{ id: number }>(sql`INSERT INTO documents (dialogue_id, document_group,
        originator_org_id, author_id, title, kind, language, document_date, classification, revision)
      VALUES (${dialogueId}, ${group}, ${secretariatOrgId}, ${authorId}, ${d.title}, ${d.kind}, ${d.language},
        ${d.date}::date, ${d.classification ?? 'dialogue'}, ${d.versions.length}) RETURNING id`);
    const id = row!.id;
    ids.set(d.key, id);
    for (const [i, text] of d.versions.entries()) {
      const bytes = Buffer.from(text, 'utf8');
      await tx.query(sql`INSERT INTO document_files (document_id, revision, dialogue_id, file_name, content_type,
          format, byte_size, sha256, content, extracted_text, note, user_id, organisation_id)
        VALUES (${id}, ${i + 1}, ${dialogueId}, ${d.fileName}, 'text/plain; charset=utf-8', 'text',
          ${bytes.length}, ${createHash('sha256').update(bytes).digest('hex')}, ${bytes}, ${text},
          ${i ? 'revised' : ''}, ${authorId}, ${secretariatOrgId})`);
    }
  }
  const items = [
    ...(await documentSearchItems(tx)),
    ...(await noticeSearchItems(tx)),
    ...(await indicatorSearchItems(tx)),
    ...(await routeSearchItems(tx)),
    ...(await practiceSearchItems(tx)),
  ];
  for (const item of items) await indexItem(tx, item);
  return DEMO_DOCUMENTS.length;
}
