/**
 * Observer organisations submitting on behalf of states (issue 22): the secretariat allows an observer
 * organisation of the dialogue to submit figures for named member states. Its data providers then import
 * (one file with several of those states too), fill and submit their drafts, as the states' own providers do;
 * the rule is observations.policy.ts `write`, the grants come with the actor (src/modules/identity/auth) and the
 * row-level security settings (src/db/with-actor.ts).
 */
import { withActor } from '../../db/with-actor';
import type { Ctx } from '../../shared/ctx';
import { Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { isMemberState, requireDialogueFor } from '../dialogues/dialogues.service';
import {
  findObserverOrganisation,
  type GrantRow,
  listGrants,
  replaceGrants,
} from './observations.grants.sql';
import { observationsPolicy } from './observations.policy';
import type { SubmissionGrantView } from './observations.schema';

const DENIED = 'Only the secretariat allows observer organisations to submit for states';

function toViews(rows: readonly GrantRow[]): SubmissionGrantView[] {
  const byOrg = new Map<number, SubmissionGrantView>();
  for (const r of rows) {
    const v = byOrg.get(r.organisation_id) ?? {
      organisation: { id: r.organisation_id, name: r.organisation_name },
      reporters: [],
    };
    v.reporters.push(r.reporter_iso3);
    byOrg.set(r.organisation_id, v);
  }
  return [...byOrg.values()];
}

/** The dialogue's grants, per organisation. */
export async function listSubmissionGrants(
  ctx: Ctx,
  slug: string,
): Promise<{ items: SubmissionGrantView[] }> {
  const { d, actor } = await requireDialogueFor(ctx, slug, observationsPolicy.grants, DENIED);
  return { items: toViews(await withActor(ctx.db, actor, (db) => listGrants(db, d.id))) };
}

/**
 * Sets the member states an observer organisation may submit for (replacing its earlier grant; an empty list
 * ends it). The organisation must be an observer organisation of the dialogue and each state a member state;
 * otherwise nothing is written.
 */
export async function setSubmissionGrant(
  ctx: Ctx,
  slug: string,
  orgId: number,
  reporters: readonly string[],
): Promise<SubmissionGrantView> {
  const { d, actor } = await requireDialogueFor(ctx, slug, observationsPolicy.grants, DENIED);
  const wanted = [...new Set(reporters.map((r) => r.toUpperCase()))].sort();
  return withActor(ctx.db, actor, async (db) => {
    const org = await findObserverOrganisation(db, d.id, orgId);
    if (!org) throw new NotFound(`Observer organisation ${orgId} of this dialogue`);
    const errors = [];
    for (const [i, r] of wanted.entries())
      if (!(await isMemberState(db, d.id, r)))
        errors.push({
          field: `body.reporters[${i}]`,
          message: `"${r}" is not a member state of this dialogue`,
        });
    if (errors.length) throw new Invalid(errors);
    await replaceGrants(db, { dialogueId: d.id, orgId, reporters: wanted, userId: actor.userId });
    await recordAudit(
      db,
      actor,
      'submission-grant.set',
      { type: 'organisation', id: orgId, dialogueId: d.id },
      { reporters: wanted },
    );
    return { organisation: org, reporters: wanted };
  });
}
