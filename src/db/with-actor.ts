import { hasRole, type MaybeActor } from '../shared/actor';
import { SECRETARIAT_ROLES } from '../shared/roles';
import type { Db, Queryable } from './connect';

/** The database role requests run as: it cannot bypass row-level security (migration 0002). */
export const APP_ROLE = 'passage_app';

/** The transaction-local settings the row-level security policies read (current_setting('passage.…', true)). */
export function actorSettings(actor: MaybeActor): Record<string, string> {
  if (!actor) return {};
  const memberOf = Object.keys(actor.roles).map(Number);
  const list = (ids: number[]) => `{${ids.join(',')}}`;
  return {
    'passage.user_id': String(actor.userId),
    'passage.org_id': String(actor.orgId),
    'passage.country_iso3': actor.countryIso3 ?? '',
    'passage.member_dialogues': list(memberOf),
    'passage.secretariat_dialogues': list(memberOf.filter((d) => hasRole(actor, d, SECRETARIAT_ROLES))),
    'passage.provider_dialogues': list(memberOf.filter((d) => hasRole(actor, d, ['data_provider']))),
    // "dialogue:ISO3" pairs an observer organisation's data providers submit for (submission_grants, 0048).
    'passage.submits_for': `{${memberOf
      .filter((d) => hasRole(actor, d, ['data_provider']))
      .flatMap((d) => (actor.submitsFor?.[d] ?? []).map((r) => `${d}:${r}`))
      .join(',')}}`,
  };
}

/**
 * Runs fn as the actor, in one transaction: `SET LOCAL ROLE passage_app` and the actor's ids as
 * transaction-local settings, so PostgreSQL row-level security applies on top of the service-layer checks.
 * Anonymous (null) sets nothing and sees public rows only. Everything is undone at commit or rollback.
 */
export function withActor<T>(db: Db, actor: MaybeActor, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  // set_config('role', …, true) is SET LOCAL ROLE; sent with BEGIN in one round trip (Db.transaction).
  return db.transaction(fn, { role: APP_ROLE, ...actorSettings(actor) });
}

/** Whose writes a read must see (Db.noteWrite, Db.read): one key per user, whichever session or token. */
export function readerKeyOf(actor: MaybeActor): string | undefined {
  return actor ? `user:${actor.userId}` : undefined;
}

/**
 * withActor for a read-only use case (dashboards, public data, search): on the read replica when there is one
 * and it has replayed the actor's last write (`readAfter`: the WAL position a write returned, which the caller
 * carries to other servers), else on the primary; the same role and row-level security settings either way.
 */
export function readAsActor<T>(
  from: { db: Db; actor: MaybeActor; readAfter?: string | undefined },
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  const { db, actor, readAfter } = from;
  return db.read(
    fn,
    { role: APP_ROLE, ...actorSettings(actor) },
    { key: readerKeyOf(actor), after: readAfter },
  );
}
