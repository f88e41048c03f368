/**
 * A synthetic declaration for the demo dialogue's implementation monitoring (issue 17): an invented text
 * numbered as ministerial declarations are, split by the same proposeSplit the import uses, with a closed
 * reporting cycle (last year) and an open one (due in six weeks) in which some states have reported, so the
 * cycle page and the dashboard (with its change since the previous cycle) have something to show. Written by
 * the demo seed in its transaction, as the owner.
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../db/connect';
import { proposeSplit } from '../domain/monitoring/declaration-split';
import type { Progress } from '../domain/monitoring/monitoring-rules';

export const DEMO_DECLARATION_TEXT = `DEMO MINISTERIAL DECLARATION
on cooperation along the demo migration routes (synthetic text)

WE, the Ministers of the participating states of the Demo Dialogue,
Recognising the value of sharing information on migration flows in good time,
ARE COMMITTED TO
(1) Meet every year at the level of senior officials to take stock of the implementation of this Declaration.
(2) Task the Secretariat to report on progress to each senior officials' meeting.
I. Knowledge and information exchange
a) Sharing monthly figures on irregular border crossings through the Demo Dialogue,
b) Establishing national contact points for the exchange of information,
c) Notifying partners early of new national measures affecting the routes,
II. Protection and return
a) Improving the identification of persons in need of international protection,
b) Enhancing cooperation on voluntary return and reintegration,
`;

/** What each reporting state says per commitment number, last cycle and this one (null: not reported). */
const REPORTS: Record<string, Record<string, [Progress | null, Progress | null]>> = {
  GRC: {
    '1': ['implemented', 'implemented'],
    'I a': ['in_progress', 'implemented'],
    'I b': ['not_started', 'in_progress'],
  },
  ITA: {
    '1': ['implemented', 'implemented'],
    'I a': ['implemented', 'implemented'],
    'II b': ['in_progress', null],
  },
  AUT: { 'I a': ['in_progress', 'in_progress'], 'I c': ['not_started', null] },
  TUR: { 'I b': [null, 'in_progress'] },
};

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoMonitoring(
  tx: Queryable,
  dialogueId: number,
  orgs: ReadonlyMap<string, number>,
  authorId: number,
): Promise<void> {
  const secId = orgs.get('SEC')!;
  const [decl] = await tx.query<{
    id: number;
  }>(sql`INSERT INTO monitoring_declarations (dialogue_id, title, place,
      adopted_on, languages, body, classification, originator_org_id, created_by)
    VALUES (${dialogueId}, 'Demo Ministerial Declaration (synthetic)', 'Valletta', ${day(-700)}, '{en}',
      ${DEMO_DECLARATION_TEXT}, 'dialogue', ${secId}, ${authorId}) RETURNING id`);
  const commitments = proposeSplit(DEMO_DECLARATION_TEXT).filter((s) => s.kind === 'commitment');
  const ids = new Map<string, number>();
  for (const [i, c] of commitments.entries()) {
    const [row] = await tx.query<{
      id: number;
    }>(sql`INSERT INTO monitoring_commitments (declaration_id, dialogue_id,
        position, number, area, body)
      VALUES (${decl!.id}, ${dialogueId}, ${i + 1}, ${c.number!}, ${c.area}, ${c.text.trim()}) RETURNING id`);
    ids.set(c.number!, row!.id);
  }
  await tx.query(sql`INSERT INTO monitoring_actions (commitment_id, dialogue_id, title, lead, partners, period, status,
      created_by)
    VALUES (${ids.get('I b')!}, ${dialogueId}, 'Network of national contact points', 'Greece', 'Italy, Austria',
      '2025–2027', 'ongoing', ${authorId})`);
  const cycles = [
    { title: 'Reporting cycle 1 (synthetic)', deadline: day(-330), closed: true, at: 0 },
    { title: 'Reporting cycle 2 (synthetic)', deadline: day(42), closed: false, at: 1 },
  ] as const;
  for (const c of cycles) {
    const openedAt = new Date(Date.now() + (c.closed ? -400 : -20) * 86_400_000);
    const [cycle] = await tx.query<{
      id: number;
    }>(sql`INSERT INTO monitoring_cycles (declaration_id, dialogue_id, title,
        deadline, status, opened_by, opened_at, closed_at)
      VALUES (${decl!.id}, ${dialogueId}, ${c.title}, ${c.deadline}, ${c.closed ? 'closed' : 'open'}, ${authorId},
        ${openedAt}, ${c.closed ? new Date(Date.now() - 320 * 86_400_000) : null}) RETURNING id`);
    for (const [state, byNumber] of Object.entries(REPORTS))
      for (const [number, progress] of Object.entries(byNumber)) {
        const p = progress[c.at];
        if (!p) continue;
        const status = c.closed ? 'accepted' : 'submitted';
        const content = {
          progress: p,
          narrative: `Synthetic report of ${state} on ${number}.`,
          evidence: [],
          status,
          reviewNote: null,
        };
        const [r] = await tx.query<{
          id: number;
        }>(sql`INSERT INTO monitoring_reports (cycle_id, commitment_id,
            dialogue_id, state_iso3, organisation_id, status, progress, narrative, submitted_at)
          VALUES (${cycle!.id}, ${ids.get(number)!}, ${dialogueId}, ${state}, ${orgs.get(state)!}, ${status}, ${p},
            ${content.narrative}, ${openedAt}) RETURNING id`);
        await tx.query(sql`INSERT INTO monitoring_report_revisions (report_id, revision, dialogue_id, change, content,
            user_id, organisation_id)
          VALUES (${r!.id}, 1, ${dialogueId}, ${status === 'accepted' ? 'accepted' : 'submitted'},
            ${JSON.stringify(content)}::jsonb, ${authorId}, ${orgs.get(state)!})`);
      }
  }
}
