/**
 * Synthetic meetings of the demo dialogue (issue 17): last year's senior officials' meeting with minutes and
 * follow-up actions (one done, one open for Greece's ministry), and the next one with its agenda, so the
 * meetings pages, the task list and the iCalendar feed have something to show. Written by the demo seed in
 * its transaction, as the owner.
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../db/connect';

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoMeetings(
  tx: Queryable,
  dialogueId: number,
  orgs: ReadonlyMap<string, number>,
  authorId: number,
): Promise<void> {
  const secId = orgs.get('SEC')!;
  const delegations = ['GRC', 'ITA', 'AUT', 'TUR', 'BGR'].map((s) => orgs.get(s)!);
  const meetings = [
    {
      title: 'Senior officials’ meeting (synthetic, last year)',
      starts: -300,
      place: 'Athens',
      agenda: [
        'Opening',
        'Progress on the Demo Ministerial Declaration',
        'Statistics exchange',
        'Next meeting',
      ],
      minutes: 'The delegations took stock of the first reporting cycle and agreed on two follow-up actions.',
    },
    {
      title: 'Senior officials’ meeting (synthetic, next)',
      starts: 60,
      place: 'Vienna',
      agenda: ['Opening', 'Second reporting cycle: dashboard', 'Any other business'],
      minutes: '',
    },
  ];
  for (const m of meetings) {
    const content = {
      kind: 'som',
      title: m.title,
      startsOn: day(m.starts),
      endsOn: day(m.starts + 1),
      place: m.place,
      agenda: m.agenda,
      participantOrgIds: delegations,
      minutes: m.minutes,
      classification: 'dialogue',
    };
    const [row] = await tx.query<{
      id: number;
    }>(sql`INSERT INTO meetings (dialogue_id, kind, title, starts_on, ends_on,
        place, agenda, participant_org_ids, minutes, classification, originator_org_id, created_by)
      VALUES (${dialogueId}, 'som', ${m.title}, ${content.startsOn}, ${content.endsOn}, ${m.place}, ${m.agenda},
        ${delegations}, ${m.minutes}, 'dialogue', ${secId}, ${authorId}) RETURNING id`);
    await tx.query(sql`INSERT INTO meeting_revisions (meeting_id, revision, dialogue_id, content, user_id, organisation_id)
      VALUES (${row!.id}, 1, ${dialogueId}, ${JSON.stringify(content)}::jsonb, ${authorId}, ${secId})`);
    if (m.starts < 0)
      await tx.query(sql`INSERT INTO meeting_actions (meeting_id, dialogue_id, title, owner_org_id, due_on, status,
          created_by, done_at)
        VALUES (${row!.id}, ${dialogueId}, 'Circulate the national contact points list', ${orgs.get('ITA')!},
          ${day(-200)}, 'done', ${authorId}, now()),
          (${row!.id}, ${dialogueId}, 'Report on the network of contact points', ${orgs.get('GRC')!}, ${day(30)},
          'open', ${authorId}, NULL)`);
  }
}
