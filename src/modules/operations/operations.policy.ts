import { rule } from '../../shared/access';
import { isAdministrator } from '../../shared/actor';

/**
 * Who may see how the installation runs. Liveness and readiness are for load balancers and orchestrators:
 * public, and they say only ok/failing per check (no data, no versions beyond the migration count). The
 * Prometheus metrics name routes by their templates (`/api/dialogues/:slug/…`, never a slug, an id or a
 * user) and count jobs and connections: still, they describe the whole installation, so only administrators
 * read them: an installation administrator in a session, or an administrator of some dialogue, in a session or
 * with a token holding `operations:read` (what a Prometheus scraper is given: `Authorization: Bearer …`).
 */
export const operationsPolicy = {
  health: 'public',
  metrics: rule.actor('operations.metrics', 'operations:read', isAdministrator),
  /** The web app's system page (readiness, jobs, the process): the same people as the metrics. */
  status: rule.actor('operations.status', 'operations:read', isAdministrator),
} as const;
