/**
 * Use cases of the best-practice inventory, one transaction each, run as the actor (row-level security
 * applies). A practice's every change — saved, submitted, returned, published — is a new revision; the edit
 * names the revision it was based on and a newer one answers 409. A published practice becomes searchable
 * (src/modules/search, with its files' text: practices.search.ts) in the publishing transaction and follows its
 * later corrections.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { type CsvCell, toSafeCsv } from '../../domain/csv-safe';
import {
  checkPractice,
  comparePractices,
  impactChange,
  PRACTICE_FIELDS,
  type PracticeStep,
  statusAfter,
  THEMATIC_AREA_TITLES,
} from '../../domain/practices/practice-rules';
import { allows } from '../../shared/access';
import type { Actor, MaybeActor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { AppError, Conflict, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { type DialogueRef, requireDialogue, requireDialogueFor } from '../dialogues/dialogues.service';
import { listCountries } from '../reference/reference.service';
import { type PracticeRef, practicesPolicy } from './practices.policy';
import type {
  ComparisonView,
  PracticeContent,
  PracticeCreateBody,
  PracticeHistory,
  PracticeList,
  PracticeListQuery,
  PracticeSummaryView,
  PracticeUpdateBody,
  PracticeView,
  SubmitBody,
  VerifyBody,
} from './practices.schema';
import { reindexPractice } from './practices.search';
import {
  findPracticeRow,
  insertPractice,
  insertPracticeRevision,
  listPracticeRevisionRows,
  listPracticeRows,
  listPracticeTags,
  type PracticeChange,
  type PracticeRow,
  updatePracticeRow,
} from './practices.sql';

const iso = (v: Date | string) => new Date(v).toISOString();

/** Every content field is a key of the content (the history compares them one by one). */
const CONTENT_KEYS = PRACTICE_FIELDS satisfies readonly (keyof PracticeContent)[];

export const refOf = (p: PracticeRow): PracticeRef => ({
  dialogueId: p.dialogue_id,
  originatorOrgId: p.originator_org_id,
  status: p.status,
});

export function contentOf(p: PracticeRow): PracticeContent {
  return {
    title: p.title,
    area: p.area,
    summary: p.summary,
    countries: p.countries,
    partners: p.partners,
    periodFrom: p.period_from,
    periodTo: p.period_to,
    funding: p.funding,
    objectives: p.objectives,
    results: p.results,
    impact: p.impact,
    lessons: p.lessons,
    contacts: p.contacts,
    links: p.links,
    tags: p.tags,
    language: p.language,
    classification: p.classification,
  };
}

function summaryOf(p: PracticeRow): PracticeSummaryView {
  return {
    id: p.id,
    title: p.title,
    area: p.area,
    summary: p.summary,
    countries: p.countries,
    periodFrom: p.period_from,
    periodTo: p.period_to,
    tags: p.tags,
    status: p.status,
    classification: p.classification,
    organisation: p.organisation,
    revision: p.revision,
    updatedAt: iso(p.updated_at),
    publishedAt: p.published_at ? iso(p.published_at) : null,
  };
}

function practiceView(actor: MaybeActor, p: PracticeRow): PracticeView {
  const seesContacts = practicesPolicy.seesContacts(actor, { dialogueId: p.dialogue_id });
  const ref = refOf(p);
  return {
    ...summaryOf(p),
    partners: p.partners,
    funding: p.funding,
    objectives: p.objectives,
    results: p.results,
    impact: p.impact.map((ind) => ({ ...ind, ...impactChange(ind) })),
    lessons: p.lessons,
    contacts: seesContacts ? p.contacts : [],
    areContactsHidden: !seesContacts && p.contacts.length > 0,
    links: p.links,
    language: p.language,
    reviewComment: p.review_comment,
    abilities: {
      canEdit: practicesPolicy.changePractice(actor, ref),
      canSubmit: practicesPolicy.submitPractice(actor, ref),
      canVerify: practicesPolicy.verifyPractice(actor, ref),
    },
  };
}

/** The practice, or 404 (also one not yet published of another organisation: it does not exist for them). */
export async function requirePractice(
  db: Queryable,
  actor: MaybeActor,
  d: DialogueRef,
  id: number,
  forUpdate = false,
): Promise<PracticeRow> {
  const p = await findPracticeRow(db, actor, d.id, id, { forUpdate });
  if (!p) throw new NotFound(`Practice ${id}`);
  return p;
}

/** Checks beyond the schema (period in order, known countries, impact values): 400 with every problem. */
function assertValidContent(c: PracticeContent): void {
  const known = new Set(listCountries().map((x) => x.iso3));
  const problems = checkPractice(c, known);
  if (problems.length) throw new Invalid(problems);
}

/** The content as stored: lists without repeats. */
function normalised(c: PracticeContent): PracticeContent {
  return {
    ...c,
    countries: [...new Set(c.countries)],
    partners: [...new Set(c.partners)],
    links: [...new Set(c.links)],
    tags: [...new Set(c.tags)],
  };
}

export const by = (actor: Actor) => ({ userId: actor.userId, orgId: actor.orgId });
export const target = (d: DialogueRef, id: number) => ({ type: 'practice', id, dialogueId: d.id });

/** GET …/practices: the practices the caller sees, filtered, with the counts per country and the tags. */
export async function listPractices(ctx: Ctx, slug: string, q: PracticeListQuery): Promise<PracticeList> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const rows = await listPracticeRows(db, ctx.actor, d.id, q);
    const counts = new Map<string, number>();
    for (const r of rows) for (const c of r.countries) counts.set(c, (counts.get(c) ?? 0) + 1);
    return {
      items: rows.map(summaryOf),
      byCountry: [...counts]
        .map(([country, count]) => ({ country, count }))
        .sort((a, b) => b.count - a.count || a.country.localeCompare(b.country)),
      tags: await listPracticeTags(db, ctx.actor, d.id),
      abilities: {
        canCreate: allows(ctx.actor, practicesPolicy.write, { dialogueId: d.id }),
        canVerify: allows(ctx.actor, practicesPolicy.verify, { dialogueId: d.id }),
      },
    };
  });
}

const CSV_HEADER = [
  'id',
  'title',
  'thematic_area',
  'countries',
  'partners',
  'period_from',
  'period_to',
  'funding',
  'summary',
  'objectives',
  'results',
  'impact',
  'lessons',
  'tags',
  'links',
  'organisation',
  'status',
  'classification',
  'published_at',
];

const impactText = (p: PracticeRow) =>
  p.impact
    .map((i) => `${i.name}: ${i.before ?? '–'} → ${i.after ?? '–'}${i.unit ? ` ${i.unit}` : ''}`)
    .join('; ');

/** GET …/practices/export.csv: the filtered list as CSV (contacts are left out: they are personal data). */
export async function exportPracticesCsv(ctx: Ctx, slug: string, q: PracticeListQuery): Promise<string> {
  const d = await requireDialogue(ctx, slug);
  const rows = await withActor(ctx.db, ctx.actor, (db) => listPracticeRows(db, ctx.actor, d.id, q));
  const lines: CsvCell[][] = rows.map((p) => [
    p.id,
    p.title,
    THEMATIC_AREA_TITLES[p.area],
    p.countries.join(' '),
    p.partners.join('; '),
    p.period_from,
    p.period_to,
    p.funding,
    p.summary,
    p.objectives,
    p.results,
    impactText(p),
    p.lessons,
    p.tags.join(' '),
    p.links.join(' '),
    p.organisation,
    p.status,
    p.classification,
    p.published_at ? iso(p.published_at) : null,
  ]);
  return toSafeCsv([CSV_HEADER, ...lines]);
}

/** GET …/practices/:id */
export async function getPractice(ctx: Ctx, slug: string, id: number): Promise<PracticeView> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) =>
    practiceView(ctx.actor, await requirePractice(db, ctx.actor, d, id)),
  );
}

/** GET …/practices/compare?a=&b=: two practices side by side (each must be one the caller sees). */
export async function getComparison(ctx: Ctx, slug: string, a: number, b: number): Promise<ComparisonView> {
  const d = await requireDialogue(ctx, slug);
  if (a === b)
    throw new Invalid([{ field: 'querystring.b', message: 'choose two different practices to compare' }]);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const pa = await requirePractice(db, ctx.actor, d, a);
    const pb = await requirePractice(db, ctx.actor, d, b);
    return {
      a: practiceView(ctx.actor, pa),
      b: practiceView(ctx.actor, pb),
      ...comparePractices(contentOf(pa), contentOf(pb)),
    };
  });
}

/** POST …/practices: a draft of the caller's organisation. */
export async function createPractice(
  ctx: Ctx,
  slug: string,
  input: PracticeCreateBody,
): Promise<PracticeView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    practicesPolicy.write,
    'Only members other than viewers submit practices',
  );
  const content = normalised(input);
  assertValidContent(content);
  return withActor(ctx.db, actor, async (db) => {
    const id = await insertPractice(db, { dialogueId: d.id, ...by(actor), content });
    await insertPracticeRevision(db, {
      practiceId: id,
      revision: 1,
      dialogueId: d.id,
      change: 'saved',
      comment: null,
      content: { ...content, status: 'draft' },
      ...by(actor),
    });
    await recordAudit(db, actor, 'practice.create', target(d, id), { title: content.title }, { ip: ctx.ip });
    return practiceView(actor, await requirePractice(db, actor, d, id));
  });
}

const CHANGE_OF: Record<PracticeStep, PracticeChange> = {
  save: 'saved',
  submit: 'submitted',
  publish: 'published',
  return: 'returned',
};

/** Applies a step: the new content and status with a revision, 409 on a stale revision or a wrong status. */
async function writeStep(
  db: Queryable,
  actor: Actor,
  p: PracticeRow,
  step: PracticeStep,
  expectedRevision: number,
  content: PracticeContent,
  comment: string | null,
): Promise<void> {
  const next = statusAfter(p.status, step);
  if (next === null)
    throw new AppError(
      'PRACTICE_WRONG_STATUS',
      409,
      `The practice is ${p.status}: it cannot be ${CHANGE_OF[step]} now`,
    );
  const reviewComment = step === 'return' ? comment : step === 'publish' ? null : p.review_comment;
  if (
    p.revision !== expectedRevision ||
    !(await updatePracticeRow(db, p.id, expectedRevision, content, next, reviewComment))
  )
    throw new Conflict(
      `Practice ${p.id} is at revision ${p.revision}, not ${expectedRevision}: reload it`,
      practiceView(actor, p),
    );
  await insertPracticeRevision(db, {
    practiceId: p.id,
    revision: p.revision + 1,
    dialogueId: p.dialogue_id,
    change: CHANGE_OF[step],
    comment,
    content: { ...content, status: next },
    ...by(actor),
  });
}

/** A practice the actor may take `step` on (404 if unseen, 403 if the record rule says no), locked. */
export async function requireFor(
  db: Queryable,
  actor: Actor,
  d: DialogueRef,
  id: number,
  may: (a: MaybeActor, p: PracticeRef) => boolean,
  denied: string,
): Promise<PracticeRow> {
  // Checked before locking: FOR UPDATE applies the row's update policy, which would hide it (404, not 403).
  const seen = await requirePractice(db, actor, d, id);
  if (!may(actor, refOf(seen))) throw new Forbidden(denied);
  return requirePractice(db, actor, d, id, true);
}

/** PATCH …/practices/:id: a new revision with the fields given (the others as they were). */
export async function updatePractice(
  ctx: Ctx,
  slug: string,
  id: number,
  input: PracticeUpdateBody,
): Promise<PracticeView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    practicesPolicy.write,
    'Only members other than viewers change practices',
  );
  return withActor(ctx.db, actor, async (db) => {
    // Those who see a submitted practice (its originator, the secretariat) wait for the verification.
    if ((await requirePractice(db, actor, d, id)).status === 'submitted')
      throw new AppError(
        'PRACTICE_WRONG_STATUS',
        409,
        `Practice ${id} waits for verification: it cannot be changed now`,
      );
    const p = await requireFor(
      db,
      actor,
      d,
      id,
      practicesPolicy.changePractice,
      'Only the organisation that wrote this practice (or, once published, the secretariat) changes it',
    );
    const { expectedRevision, ...patch } = input;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const content = normalised({ ...contentOf(p), ...defined });
    assertValidContent(content);
    await writeStep(db, actor, p, 'save', expectedRevision, content, null);
    await recordAudit(
      db,
      actor,
      'practice.update',
      target(d, id),
      { fields: Object.keys(defined) },
      { ip: ctx.ip },
    );
    await reindexPractice(db, id);
    return practiceView(actor, await requirePractice(db, actor, d, id));
  });
}

/** POST …/practices/:id/submit: the originator submits a draft (or a returned practice) for verification. */
export async function submitPractice(
  ctx: Ctx,
  slug: string,
  id: number,
  input: SubmitBody,
): Promise<PracticeView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    practicesPolicy.write,
    'Only members other than viewers submit practices',
  );
  return withActor(ctx.db, actor, async (db) => {
    const p = await requirePractice(db, actor, d, id);
    if (p.status === 'submitted' || p.status === 'published')
      throw new AppError('PRACTICE_WRONG_STATUS', 409, `Practice ${id} is ${p.status} already`);
    const locked = await requireFor(
      db,
      actor,
      d,
      id,
      practicesPolicy.submitPractice,
      'Only the organisation that wrote this practice submits it',
    );
    await writeStep(db, actor, locked, 'submit', input.expectedRevision, contentOf(locked), null);
    await recordAudit(db, actor, 'practice.submit', target(d, id), {}, { ip: ctx.ip });
    return practiceView(actor, await requirePractice(db, actor, d, id));
  });
}

/** POST …/practices/:id/verify: the secretariat publishes a submitted practice or returns it with a comment. */
export async function verifyPractice(
  ctx: Ctx,
  slug: string,
  id: number,
  input: VerifyBody,
): Promise<PracticeView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    practicesPolicy.verify,
    'Only the secretariat verifies practices',
  );
  return withActor(ctx.db, actor, async (db) => {
    const p = await requirePractice(db, actor, d, id, true);
    const step: PracticeStep = input.decision === 'publish' ? 'publish' : 'return';
    await writeStep(db, actor, p, step, input.expectedRevision, contentOf(p), input.comment ?? null);
    await recordAudit(db, actor, `practice.${step}`, target(d, id), {}, { ip: ctx.ip });
    await reindexPractice(db, id);
    return practiceView(actor, await requirePractice(db, actor, d, id));
  });
}

/** GET …/practices/:id/history: every revision, oldest first, with the fields each changed. */
export async function getPracticeHistory(ctx: Ctx, slug: string, id: number): Promise<PracticeHistory> {
  const d = await requireDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const p = await requirePractice(db, ctx.actor, d, id);
    const revisions = await listPracticeRevisionRows(db, p.id);
    return {
      items: revisions.map((v, i) => {
        const before = revisions[i - 1]?.content;
        const changed = before
          ? CONTENT_KEYS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(v.content[k]))
          : [];
        return {
          revision: v.revision,
          change: v.change,
          comment: v.comment,
          organisation: v.organisation,
          at: iso(v.created_at),
          status: v.content.status,
          title: v.content.title,
          changed,
        };
      }),
    };
  });
}
