/**
 * A demo draft consultation (issue 17): an invented draft declaration on follow-up, split by Passage
 * (src/domain/consultations), open for comments for two more weeks, with comments of Italy, Greece and IOM
 * (a proposed wording, support, an objection, a comment) and one response of the secretariat, so each view of
 * the consultation page has something to show. Written by the demo seed in its transaction.
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../db/connect';
import { splitDraft } from '../domain/consultations/draft-text';
import type { CommentKind } from '../domain/consultations/summary';

export const DEMO_DRAFT = `# Draft declaration on follow-up and monitoring

Preamble

We, the Ministers responsible for migration, meeting to review the first five years of our partnership,

1. Recognise the contribution of well-managed migration to the development of countries of origin, transit and destination.

2. Welcome the exchange of information on irregular migration along the routes of the region.

Part 1 – Follow-up

3. Senior officials will consider reviewing the implementation of this declaration every year.

4. The secretariat will prepare a progress report before each meeting of senior officials.

Part 2 – Monitoring

5. Member states will report on each commitment through the reporting cycles the secretariat opens.
`;

const COMMENTS: {
  org: string;
  role: string;
  key: string;
  kind: CommentKind;
  body: string;
  wording?: string;
}[] = [
  {
    org: 'ITA',
    role: 'data_provider',
    key: 'p4',
    kind: 'proposed_wording',
    body: 'A yearly review should be a commitment.',
    wording: '3. Senior officials will review the implementation of this declaration every year.',
  },
  {
    org: 'GRC',
    role: 'analyst',
    key: 'p4',
    kind: 'proposed_wording',
    body: '',
    wording:
      '3. Senior officials will review the implementation of this declaration at each of their meetings.',
  },
  { org: 'IOM', role: 'observer', key: 'p2', kind: 'support', body: '' },
  {
    org: 'GRC',
    role: 'analyst',
    key: 'p3',
    kind: 'objection',
    body: 'The exchange should cover regular pathways as well, for balance.',
  },
  {
    org: 'ITA',
    role: 'data_provider',
    key: 'p6',
    kind: 'comment',
    body: 'Refer to the monitoring module so states report once.',
  },
];

/** Writes the demo consultation; `orgs` maps a demo organisation key to its id, `userIds` a role to a user. */
export async function seedDemoConsultations(
  tx: Queryable,
  dialogueId: number,
  orgs: ReadonlyMap<string, number>,
  userIds: ReadonlyMap<string, number>,
): Promise<number> {
  const secId = orgs.get('SEC')!;
  const managerId = userIds.get('data_manager')!;
  const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const [row] = await tx.query<{ id: number }>(sql`INSERT INTO consultations (dialogue_id, originator_org_id,
      created_by, title, status, deadline, comments_visible, classification, opened_at)
    VALUES (${dialogueId}, ${secId}, ${managerId}, 'Draft declaration on follow-up and monitoring', 'open',
      ${deadline}, false, 'dialogue', now())
    RETURNING id`);
  const id = row!.id;
  await tx.query(sql`INSERT INTO consultation_versions (consultation_id, version, split_revision, dialogue_id,
      text, blocks, user_id)
    VALUES (${id}, 1, 1, ${dialogueId}, ${DEMO_DRAFT}, ${JSON.stringify(splitDraft(DEMO_DRAFT))}::jsonb, ${managerId})`);
  const ids: number[] = [];
  for (const c of COMMENTS) {
    const orgId = orgs.get(c.org)!;
    const userId = userIds.get(c.role)!;
    const [k] = await tx.query<{ id: number }>(sql`INSERT INTO consultation_comments (consultation_id,
        dialogue_id, version, paragraph_key, organisation_id, user_id, kind, body, proposed_wording)
      VALUES (${id}, ${dialogueId}, 1, ${c.key}, ${orgId}, ${userId}, ${c.kind}, ${c.body}, ${c.wording ?? null})
      RETURNING id`);
    ids.push(k!.id);
    await tx.query(sql`INSERT INTO consultation_comment_revisions (comment_id, revision, dialogue_id, kind, body,
        proposed_wording, user_id, organisation_id)
      VALUES (${k!.id}, 1, ${dialogueId}, ${c.kind}, ${c.body}, ${c.wording ?? null}, ${userId}, ${orgId})`);
  }
  await tx.query(sql`INSERT INTO consultation_responses (comment_id, revision, dialogue_id, response, reason, user_id)
    VALUES (${ids[0]!}, 1, ${dialogueId}, 'accepted', '', ${managerId})`);
  return 1;
}
