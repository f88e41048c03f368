/**
 * The rules of implementation monitoring that need no database: the vocabularies, the report workflow
 * (draft → submitted → accepted or questions; a report with questions is edited again and resubmitted), the
 * reporting window of a cycle, and the progress dashboard (commitment × state matrix, completeness per state,
 * change since the previous cycle). Pure, so the service, the demo seed and the tests share one wording.
 */

export const PROGRESS = ['not_started', 'in_progress', 'implemented', 'not_applicable'] as const;
export type Progress = (typeof PROGRESS)[number];

export const REPORT_STATUSES = ['draft', 'submitted', 'accepted', 'questions'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const ACTION_STATUSES = ['planned', 'ongoing', 'completed', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export type ReportStep = 'save' | 'submit' | 'accept' | 'questions';

/** The status after a step, or null when the step is not allowed from `from` (null: no report yet). */
export function statusAfter(from: ReportStatus | null, step: ReportStep): ReportStatus | null {
  switch (step) {
    case 'save':
      return from === null || from === 'draft' || from === 'questions' ? 'draft' : null;
    case 'submit':
      return from === 'draft' || from === 'questions' ? 'submitted' : null;
    case 'accept':
      return from === 'submitted' ? 'accepted' : null;
    case 'questions':
      return from === 'submitted' ? 'questions' : null;
  }
}

/** Reports are written until the end of the deadline's day (UTC). */
export function isBeforeDeadline(deadline: string, now: Date): boolean {
  return now.toISOString().slice(0, 10) <= deadline;
}

/** Statuses that count as reported on the dashboard: submitted or reviewed (not a draft). */
export const isReported = (s: ReportStatus) => s !== 'draft';

/** Rank of a progress status for "change since the previous cycle" (not applicable has none). */
const RANK: Record<Progress, number | null> = {
  not_started: 0,
  in_progress: 1,
  implemented: 2,
  not_applicable: null,
};

export type Change = 'better' | 'worse' | 'same' | 'new' | null;

export function changeOf(previous: Progress | null, now: Progress | null): Change {
  if (now === null) return null;
  if (previous === null) return 'new';
  const a = RANK[previous];
  const b = RANK[now];
  if (a === null || b === null) return previous === now ? 'same' : 'new';
  return b > a ? 'better' : b < a ? 'worse' : 'same';
}

export interface DashboardInput {
  commitments: { id: number; number: string; area: string | null }[];
  states: string[];
  /** Reports of this cycle (drafts are ignored). */
  reports: { commitmentId: number; state: string; progress: Progress; status: ReportStatus }[];
  /** Reports of the previous cycle of the same declaration (drafts ignored). */
  previous: { commitmentId: number; state: string; progress: Progress; status: ReportStatus }[];
}

export interface DashboardCell {
  commitmentId: number;
  state: string;
  progress: Progress | null;
  status: ReportStatus | null;
  previous: Progress | null;
  change: Change;
}

export interface Dashboard {
  cells: DashboardCell[];
  completeness: { state: string; reported: number; total: number; percent: number }[];
  byArea: {
    area: string | null;
    implemented: number;
    inProgress: number;
    notStarted: number;
    notApplicable: number;
    missing: number;
  }[];
}

/** The commitment × state matrix of a cycle, completeness per state and the counts per thematic area. */
export function buildDashboard(input: DashboardInput): Dashboard {
  const key = (c: number, s: string) => `${c}|${s}`;
  const now = new Map(
    input.reports.filter((r) => isReported(r.status)).map((r) => [key(r.commitmentId, r.state), r]),
  );
  const before = new Map(
    input.previous.filter((r) => isReported(r.status)).map((r) => [key(r.commitmentId, r.state), r.progress]),
  );
  const cells: DashboardCell[] = [];
  for (const c of input.commitments)
    for (const s of input.states) {
      const r = now.get(key(c.id, s));
      const previous = before.get(key(c.id, s)) ?? null;
      cells.push({
        commitmentId: c.id,
        state: s,
        progress: r?.progress ?? null,
        status: r?.status ?? null,
        previous,
        change: changeOf(previous, r?.progress ?? null),
      });
    }
  const total = input.commitments.length;
  const completeness = input.states.map((s) => {
    const reported = cells.filter((c) => c.state === s && c.progress !== null).length;
    return { state: s, reported, total, percent: total === 0 ? 0 : Math.round((reported / total) * 100) };
  });
  const areas = [...new Set(input.commitments.map((c) => c.area))];
  const areaOf = new Map(input.commitments.map((c) => [c.id, c.area]));
  const byArea = areas.map((area) => {
    const inArea = cells.filter((c) => areaOf.get(c.commitmentId) === area);
    const n = (p: Progress | null) => inArea.filter((c) => c.progress === p).length;
    return {
      area,
      implemented: n('implemented'),
      inProgress: n('in_progress'),
      notStarted: n('not_started'),
      notApplicable: n('not_applicable'),
      missing: n(null),
    };
  });
  return { cells, completeness, byArea };
}

export interface CycleProgress {
  cycleId: number;
  implemented: number;
  inProgress: number;
  notStarted: number;
  notApplicable: number;
  /** Reported cells (commitment × state) of the cycle, out of `expected`. */
  reported: number;
  expected: number;
  /** Implemented share of the applicable reported cells, in %. */
  percentImplemented: number;
}

/**
 * The ministerial view: per cycle of a declaration (oldest first), how many commitment × state cells were
 * reported at each status, out of how many expected, and the implemented share of the applicable ones.
 */
export function progressAcrossCycles(
  cycleIds: readonly number[],
  commitments: number,
  states: number,
  reports: readonly { cycleId: number; progress: Progress; status: ReportStatus }[],
): CycleProgress[] {
  return cycleIds.map((cycleId) => {
    const mine = reports.filter((r) => r.cycleId === cycleId && isReported(r.status));
    const n = (p: Progress) => mine.filter((r) => r.progress === p).length;
    const applicable = mine.length - n('not_applicable');
    return {
      cycleId,
      implemented: n('implemented'),
      inProgress: n('in_progress'),
      notStarted: n('not_started'),
      notApplicable: n('not_applicable'),
      reported: mine.length,
      expected: commitments * states,
      percentImplemented: applicable === 0 ? 0 : Math.round((n('implemented') / applicable) * 100),
    };
  });
}
