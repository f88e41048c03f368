/**
 * Re-running the validation rules over published figures (a job, 'validation-rules.run'): the secretariat's
 * data managers ask for a range of months; the job checks every current published figure of it with the
 * dialogue's active rules (the same engine and history as a submission's check: 36 months before each
 * figure), one (indicator, reporter) at a time so memory stays bounded by the largest such series, and keeps
 * the violations (the first MAX_KEPT; all are counted) for the page and the CSV export. A run that fails is
 * marked failed with its error and can be asked for again; a retried job starts its run afresh.
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Db, Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { toSafeCsv } from '../../domain/csv-safe';
import { type Breakdowns, DIMENSIONS, TOTAL_CODE } from '../../domain/observations/dimensions';
import { addMonths, monthsBetween } from '../../domain/periods';
import { compileRules, evaluateRules, type RuleFigure, seriesKey } from '../../domain/rules/engine';
import { readStoredFinding } from '../../domain/rules/finding-messages';
import { ruleRunMessages } from '../../domain/rules/run-messages';
import { enqueue } from '../../jobs/queue';
import type { Ctx } from '../../shared/ctx';
import { Invalid, NotFound } from '../../shared/errors';
import type { Locale } from '../../shared/locales';
import { recordAudit } from '../audit/audit.service';
import { requireDialogueFor } from '../dialogues/dialogues.service';
import { validationRulesPolicy } from './validation-rules.policy';
import type { RunCreateBody, RunView, ViolationsQuery } from './validation-rules.schema';
import { activeRules } from './validation-rules.service';
import {
  findRun,
  insertRun,
  insertViolations,
  listPublishedFigures,
  listPublishedGroups,
  listRuns,
  listViolations,
  markRunFinished,
  markRunStarted,
  type PublishedFigureRow,
  type ViolationInsert,
  type ViolationRow,
} from './validation-rules.sql';
import { toRunView } from './validation-rules.views';

export const VALIDATION_RUN_JOB = 'validation-rules.run';
/** Violations kept per run (the count is always complete). */
export const MAX_KEPT = 100_000;
const MAX_MONTHS = 120;
const HISTORY_MONTHS = 36;

const requireRuns = (ctx: Ctx, slug: string) =>
  requireDialogueFor(
    ctx,
    slug,
    validationRulesPolicy.runs,
    ruleRunMessages.message('RULE_RUN_DENIED').message,
  );

/** POST …/rules/runs: asks for a re-run over published figures of a range of months (202, queued). */
export async function createRun(ctx: Ctx, slug: string, input: RunCreateBody): Promise<RunView> {
  const { d, actor } = await requireRuns(ctx, slug);
  const lastMonth = addMonths(new Date().toISOString().slice(0, 7), -1);
  const to = input.to ?? (input.from !== undefined && input.from > lastMonth ? input.from : lastMonth);
  const from = input.from ?? addMonths(to, -11);
  if (monthsBetween(from, to) < 0)
    throw new Invalid([
      { field: 'body.to', ...ruleRunMessages.message('RULE_RUN_TO_BEFORE_FROM', { from, to }) },
    ]);
  if (monthsBetween(from, to) >= MAX_MONTHS)
    throw new Invalid([
      {
        field: 'body.from',
        ...ruleRunMessages.message('RULE_RUN_TOO_LONG', {
          from,
          to,
          months: monthsBetween(from, to) + 1,
          max: MAX_MONTHS,
        }),
      },
    ]);
  return withActor(ctx.db, actor, async (db) => {
    const id = await insertRun(db, { dialogueId: d.id, from, to, userId: actor.userId });
    await enqueue(db, VALIDATION_RUN_JOB, { runId: id });
    await recordAudit(db, actor, 'rule.run', { type: 'validation_run', id, dialogueId: d.id }, { from, to });
    return toRunView((await findRun(db, d.id, id))!);
  });
}

/** GET …/rules/runs: the latest runs, newest first. */
export async function listRunsOf(ctx: Ctx, slug: string): Promise<{ runs: RunView[] }> {
  const { d, actor } = await requireRuns(ctx, slug);
  return withActor(ctx.db, actor, async (db) => ({ runs: (await listRuns(db, d.id, 20)).map(toRunView) }));
}

/** GET …/rules/runs/:runId/violations: a page of the violations (JSON). */
export async function getRunViolations(ctx: Ctx, slug: string, runId: number, q: ViolationsQuery) {
  const { d, actor } = await requireRuns(ctx, slug);
  return withActor(ctx.db, actor, async (db) => {
    const run = await findRun(db, d.id, runId);
    if (!run) throw new NotFound(`Run ${runId}`);
    const rows = await listViolations(db, runId, { afterId: q.afterId, limit: q.limit, ruleKey: q.rule });
    return { run: toRunView(run), violations: rows.map((v) => toViolationView(v, ctx.language ?? 'en')) };
  });
}

/** A kept violation, its sentence in `lang` and its detail (the rule's expression and values) beside it. */
const toViolationView = (v: ViolationRow, lang: Locale) => ({
  id: v.id,
  ruleKey: v.rule_key,
  rule: v.rule_name,
  severity: v.severity,
  observationId: v.observation_id === null ? null : Number(v.observation_id),
  indicator: v.indicator,
  reporter: v.reporter,
  period: v.period,
  breakdowns: v.breakdowns,
  value: v.value,
  ...readStoredFinding(v.message, v.wording, lang),
});

const CSV_HEADER = [
  'run',
  'rule_key',
  'rule',
  'severity',
  'indicator',
  'reporter',
  'period',
  'breakdowns',
  'value',
  'message',
  'observation_id',
  'detail',
];

/** The breakdowns of a violation as `dimension=code;…` (totals left out). */
const breakdownText = (b: Record<string, string>) =>
  Object.entries(b)
    .filter(([, code]) => code !== TOTAL_CODE)
    .map(([d, code]) => `${d}=${code}`)
    .join(';');

/**
 * GET …/rules/runs/:runId/violations?format=csv: every kept violation, streamed 5,000 rows at a time (each page
 * read in its own short transaction, as the caller), so memory stays at one page whatever the run holds.
 */
export async function exportRunViolations(
  ctx: Ctx,
  slug: string,
  runId: number,
  rule: string | undefined,
): Promise<{ fileName: string; body: Readable }> {
  const { d, actor } = await requireRuns(ctx, slug);
  const run = await withActor(ctx.db, actor, (db) => findRun(db, d.id, runId));
  if (!run) throw new NotFound(`Run ${runId}`);
  async function* lines() {
    yield toSafeCsv([CSV_HEADER]);
    let afterId = 0;
    for (;;) {
      const page = await withActor(ctx.db, actor, (db) =>
        listViolations(db, runId, { afterId, limit: 5000, ruleKey: rule }),
      );
      if (!page.length) return;
      yield toSafeCsv(
        page
          .map((v) => ({ v, worded: readStoredFinding(v.message, v.wording, ctx.language ?? 'en') }))
          .map(({ v, worded }) => [
            runId,
            v.rule_key,
            v.rule_name,
            v.severity,
            v.indicator,
            v.reporter,
            v.period,
            breakdownText(v.breakdowns),
            v.value ?? '',
            worded.message,
            v.observation_id ?? '',
            worded.detail ?? '',
          ]),
      );
      afterId = page[page.length - 1]!.id;
    }
  }
  return {
    fileName: `${slug}-rule-violations-${run.from_period}-${run.to_period}-run${runId}.csv`,
    body: Readable.from(lines()),
  };
}

// ---------- the job ----------

const RunPayload = z.object({ runId: z.number().int().positive() });

// fromEntries types its keys as string; they are exactly DIMENSIONS, which is what Breakdowns holds.
const breakdownsOf = (r: PublishedFigureRow) =>
  Object.fromEntries(DIMENSIONS.map((d) => [d, r[d]])) as Breakdowns;

/** The job: checks the run's months group by group, keeps what it finds, records the outcome. */
export async function runValidationRunJob(
  db: Db,
  payload: unknown,
): Promise<{ figures: number; violations: number }> {
  const { runId } = RunPayload.parse(payload);
  const run = await findRun(db, null, runId);
  if (!run || run.status === 'done') return { figures: 0, violations: 0 };
  await markRunStarted(db, runId);
  const tally = { figures: 0, violations: 0, kept: 0 };
  try {
    const rules = compileRules(await activeRules(db, run.dialogue_id));
    for (const g of await listPublishedGroups(db, run.dialogue_id, run.from_period, run.to_period))
      await checkGroup(db, run, g, rules, tally);
    await markRunFinished(db, runId, { ...tally, isTruncated: tally.violations > tally.kept, error: null });
  } catch (e) {
    await markRunFinished(db, runId, {
      ...tally,
      isTruncated: tally.violations > tally.kept,
      error: e instanceof Error ? e.message : String(e),
    });
  }
  return { figures: tally.figures, violations: tally.violations };
}

async function checkGroup(
  db: Queryable,
  run: { id: number; dialogue_id: number; from_period: string; to_period: string },
  g: { indicator_id: number; reporter: string },
  rules: ReturnType<typeof compileRules>,
  tally: { figures: number; violations: number; kept: number },
): Promise<void> {
  const rows = await listPublishedFigures(db, {
    dialogueId: run.dialogue_id,
    indicatorId: g.indicator_id,
    reporter: g.reporter,
    from: addMonths(run.from_period, -HISTORY_MONTHS),
    to: run.to_period,
  });
  const history = new Map<string, Map<string, number>>();
  const figures: RuleFigure[] = [];
  const byRef = new Map<number, PublishedFigureRow>();
  for (const r of rows) {
    const f = {
      ref: Number(r.id),
      indicator: r.indicator,
      reporter: g.reporter,
      period: r.period,
      breakdowns: breakdownsOf(r),
      value: r.value,
    };
    if (r.value !== null) {
      const k = seriesKey(f);
      const m = history.get(k) ?? new Map<string, number>();
      history.set(k, m);
      m.set(r.period, r.value);
    }
    if (r.period >= run.from_period) {
      figures.push(f);
      byRef.set(f.ref, r);
    }
  }
  const findings = evaluateRules(rules, figures, history);
  tally.figures += figures.length;
  tally.violations += findings.length;
  const keep = findings.slice(0, Math.max(0, MAX_KEPT - tally.kept));
  tally.kept += keep.length;
  for (let i = 0; i < keep.length; i += 5000) {
    const batch: ViolationInsert[] = keep.slice(i, i + 5000).map((f) => ({
      ruleKey: f.ruleKey,
      ruleName: f.ruleName,
      severity: f.severity,
      observationId: Number(f.ref),
      indicator: f.indicator,
      reporter: g.reporter,
      period: f.period,
      breakdowns: f.breakdowns,
      value: byRef.get(Number(f.ref))?.value ?? null,
      message: f.message,
      wording: { code: f.code, params: f.params, detail: f.detail },
    }));
    await insertViolations(db, run.id, batch);
  }
}
