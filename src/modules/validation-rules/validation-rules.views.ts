/** How a re-run of the validation rules is shown by the API (shared by the rules list and the runs). */
import type { RunView } from './validation-rules.schema';
import type { RunRow } from './validation-rules.sql';

const iso = (v: Date | string) => new Date(v).toISOString();

export function toRunView(r: RunRow): RunView {
  return {
    id: r.id,
    from: r.from_period,
    to: r.to_period,
    status: r.status,
    figuresChecked: r.figures_checked,
    violations: r.violations,
    isTruncated: r.is_truncated,
    error: r.error,
    requestedBy: r.requested_by_name,
    createdAt: iso(r.created_at),
    startedAt: r.started_at ? iso(r.started_at) : null,
    finishedAt: r.finished_at ? iso(r.finished_at) : null,
  };
}
