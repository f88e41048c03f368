/**
 * The generated summary of comments (issue 17), in the form of the secretariat's hand-made summaries (the
 * 2017 Senior Officials' "draft summary", ../shared/seeds/003_7b25690ec16d9dbd.txt): grouped by part of the
 * text (the draft's headings), numbered points running through the whole summary, delegations counted and
 * not named ("Several delegations proposed…", "One delegation…"), the comments' own words as indented items.
 * Every point and item carries the ids of the comments behind it, so the secretariat's edits keep the trace.
 */
import type { DraftBlock } from './draft-text';

export const COMMENT_KINDS = ['proposed_wording', 'comment', 'support', 'objection'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];

export interface SummaryComment {
  id: number;
  paragraphKey: string;
  organisationId: number;
  kind: CommentKind;
  body: string;
  proposedWording: string | null;
}

export interface SummaryItem {
  text: string;
  commentIds: number[];
}

export interface SummaryPoint {
  number: number;
  text: string;
  commentIds: number[];
  items: SummaryItem[];
}

export interface SummarySection {
  title: string;
  points: SummaryPoint[];
}

export interface Summary {
  sections: SummarySection[];
}

export type SummaryLanguage = 'en' | 'fr' | 'ru';

type Phrases = {
  general: string;
  comments: (section: string) => string;
  support: (many: boolean, p: number) => string;
  objection: (many: boolean, p: number) => string;
  wording: (many: boolean, p: number) => string;
  comment: (many: boolean, p: number) => string;
};

const PHRASES: Record<SummaryLanguage, Phrases> = {
  en: {
    general: 'General comments',
    comments: (s) => `Comments – ${s}`,
    support: (m, p) => `${m ? 'Several delegations' : 'One delegation'} supported paragraph ${p} as drafted.`,
    objection: (m, p) => `${m ? 'Several delegations' : 'One delegation'} objected to paragraph ${p}:`,
    wording: (m, p) =>
      `${m ? 'Several delegations' : 'One delegation'} proposed ${m ? 'other wordings' : 'another wording'} for paragraph ${p}:`,
    comment: (m, p) => `${m ? 'Several delegations' : 'One delegation'} commented on paragraph ${p}:`,
  },
  fr: {
    general: 'Commentaires généraux',
    comments: (s) => `Commentaires – ${s}`,
    support: (m, p) =>
      `${m ? 'Plusieurs délégations ont soutenu' : 'Une délégation a soutenu'} le paragraphe ${p} tel que rédigé.`,
    objection: (m, p) =>
      `${m ? 'Plusieurs délégations se sont opposées' : 'Une délégation s’est opposée'} au paragraphe ${p} :`,
    wording: (m, p) =>
      `${m ? 'Plusieurs délégations ont proposé d’autres formulations' : 'Une délégation a proposé une autre formulation'} pour le paragraphe ${p} :`,
    comment: (m, p) =>
      `${m ? 'Plusieurs délégations ont commenté' : 'Une délégation a commenté'} le paragraphe ${p} :`,
  },
  ru: {
    general: 'Общие замечания',
    comments: (s) => `Замечания – ${s}`,
    support: (m, p) =>
      `${m ? 'Несколько делегаций поддержали' : 'Одна делегация поддержала'} пункт ${p} в предложенной редакции.`,
    objection: (m, p) =>
      `${m ? 'Несколько делегаций возразили' : 'Одна делегация возразила'} против пункта ${p}:`,
    wording: (m, p) =>
      `${m ? 'Несколько делегаций предложили' : 'Одна делегация предложила'} иную формулировку пункта ${p}:`,
    comment: (m, p) =>
      `${m ? 'Несколько делегаций высказали замечания' : 'Одна делегация высказала замечание'} по пункту ${p}:`,
  },
};

const KIND_ORDER: CommentKind[] = ['proposed_wording', 'objection', 'comment', 'support'];

/** The summary of the comments on one version of a draft, in the dialogue's language. */
export function generateSummary(
  blocks: readonly DraftBlock[],
  comments: readonly SummaryComment[],
  lang: SummaryLanguage = 'en',
): Summary {
  const ph = PHRASES[lang];
  const sections: SummarySection[] = [];
  let number = 0;
  let section: SummarySection | null = null;
  for (const b of blocks) {
    if (b.kind === 'heading' || !section) {
      section = { title: b.kind === 'heading' ? ph.comments(b.text) : ph.general, points: [] };
      sections.push(section);
    }
    // Comments are on paragraphs (the service refuses them on headings).
    const on = b.kind === 'paragraph' ? comments.filter((c) => c.paragraphKey === b.key) : [];
    const label = b.number ?? 0;
    for (const kind of KIND_ORDER) {
      const these = on.filter((c) => c.kind === kind).sort((x, y) => x.id - y.id);
      if (!these.length) continue;
      const many = new Set(these.map((c) => c.organisationId)).size > 1;
      number += 1;
      const ids = these.map((c) => c.id);
      const items: SummaryItem[] =
        kind === 'support'
          ? these.filter((c) => c.body.trim()).map((c) => ({ text: c.body.trim(), commentIds: [c.id] }))
          : these.map((c) => ({
              text:
                kind === 'proposed_wording' && c.proposedWording
                  ? `“${c.proposedWording.trim()}”${c.body.trim() ? ` – ${c.body.trim()}` : ''}`
                  : c.body.trim(),
              commentIds: [c.id],
            }));
      const phrase =
        kind === 'support'
          ? ph.support(many, label)
          : kind === 'objection'
            ? ph.objection(many, label)
            : kind === 'proposed_wording'
              ? ph.wording(many, label)
              : ph.comment(many, label);
      section.points.push({ number, text: phrase, commentIds: ids, items });
    }
  }
  return { sections: sections.filter((s) => s.points.length > 0) };
}

const ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii', 'xiii', 'xiv', 'xv'];
const roman = (n: number) => ROMAN[n] ?? String(n + 1);

/** The summary as text (Markdown, as the 2017 summary is written): headings, numbered points, items i., ii. … */
export function summaryText(s: Summary, title?: string): string {
  const out: string[] = [];
  if (title) out.push(`#### ${title}`, '');
  for (const sec of s.sections) {
    out.push(`**${sec.title}**`, '');
    for (const p of sec.points) {
      out.push(`${p.number}. ${p.text}`);
      p.items.forEach((it, i) => {
        out.push(`  - ${roman(i)}. ${it.text}`);
      });
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

/** Every comment id a summary cites (to check an edited summary cites only comments that exist). */
export function citedComments(s: Summary): number[] {
  const ids = new Set<number>();
  for (const sec of s.sections)
    for (const p of sec.points) {
      for (const id of p.commentIds) ids.add(id);
      for (const it of p.items) for (const id of it.commentIds) ids.add(id);
    }
  return [...ids].sort((a, b) => a - b);
}
