/**
 * A dozen synthetic notices of new national measures for the demo dialogue (issue 15): invented measures,
 * invented references, no real people. They cover every measure type and stage, one late notification, one
 * open request for comments with a comment and a formal concern, one with its outcome reported, and some
 * acknowledgements, so each part of the notices pages has something to show. Written by the demo seed in its
 * transaction, each with its first revision (the history endpoint reads revisions).
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../db/connect';
import type { MeasureType, NoticeOutcome, NoticeStage } from '../domain/notices/notice-rules';

interface DemoNotice {
  state: string;
  title: string;
  measureType: MeasureType;
  stage: NoticeStage;
  summary: string;
  legalReference: string;
  /** Days from the seeding day (negative: in the past). */
  sentDays: number;
  adoptedDays?: number;
  effectiveDays?: number;
  endsDays?: number;
  countries?: string[];
  routes?: string[];
  commentsDays?: number;
  outcome?: NoticeOutcome;
  classification?: 'public' | 'dialogue';
  acknowledgedBy?: string[];
  comments?: { state: string; kind: 'comment' | 'concern'; body: string }[];
}

export const DEMO_NOTICES: DemoNotice[] = [
  {
    state: 'GRC',
    title: 'Extended fence and surveillance on the Evros land border',
    measureType: 'border_management',
    stage: 'in_force',
    summary:
      'What changes at the border: 35 km of additional fence and thermal cameras.\nBorder sections concerned: Evros, Feres to Soufli.\nExpected effect: fewer land crossings, possible shift to sea.',
    legalReference: 'Ministerial Decision 4410/2025 (synthetic)',
    sentDays: -60,
    adoptedDays: -75,
    effectiveDays: -45,
    countries: ['TUR'],
    routes: ['EMED'],
    classification: 'public',
    acknowledgedBy: ['ITA', 'BGR', 'AUT', 'TUR'],
  },
  {
    state: 'ITA',
    title: 'New list of safe countries of origin',
    measureType: 'asylum_procedure',
    stage: 'adopted',
    summary:
      'What changes in the procedure: accelerated border procedure for applicants from listed countries.\nWho is affected: nationals of 19 listed countries.\nTime limits and safeguards: decision within 28 days, appeal suspensive.',
    legalReference: 'Decree-Law 158/2025 (synthetic)',
    sentDays: -40,
    adoptedDays: -42,
    effectiveDays: -20,
    routes: ['CMED'],
    acknowledgedBy: ['GRC', 'MLT'],
  },
  {
    state: 'SRB',
    title: 'Visa requirement reintroduced for two third countries',
    measureType: 'visa_regime',
    stage: 'adopted',
    summary:
      'What changes: short-stay visa required again for nationals of two third countries.\nTransitional arrangements: visas issued before the date remain valid.',
    legalReference: 'Government Decision 05-110/2025 (synthetic)',
    sentDays: -30,
    adoptedDays: -35,
    effectiveDays: 15,
    routes: ['WBAL'],
    classification: 'public',
    acknowledgedBy: ['HUN', 'HRV', 'AUT', 'MKD'],
  },
  {
    state: 'HUN',
    title: 'Transit zone procedure replaced by embassy declarations of intent',
    measureType: 'asylum_procedure',
    stage: 'in_force',
    summary:
      'What changes: applications must be preceded by a declaration of intent lodged at a consulate.\nExpected effect on applications: fewer applications at the border.',
    legalReference: 'Act LVIII/2025 (synthetic)',
    sentDays: -25,
    adoptedDays: -70,
    effectiveDays: -50,
    routes: ['WBAL'],
    acknowledgedBy: ['SRB'],
  },
  {
    state: 'MLT',
    title: 'Readmission arrangement with a North African partner',
    measureType: 'return_readmission',
    stage: 'planned',
    summary:
      'What changes: a technical arrangement on identification missions and charter returns.\nCountries of return concerned: one North African partner (synthetic).',
    legalReference: 'Draft arrangement (synthetic)',
    sentDays: -10,
    routes: ['CMED'],
    commentsDays: 20,
    acknowledgedBy: ['ITA'],
    comments: [
      {
        state: 'ITA',
        kind: 'comment',
        body: 'Will identification missions be shared with other member states?',
      },
      {
        state: 'GRC',
        kind: 'concern',
        body: 'Charter returns should follow the dialogue’s common monitoring standards.',
      },
    ],
  },
  {
    state: 'AUT',
    title: 'Seasonal worker quota raised for agriculture and tourism',
    measureType: 'labour_migration',
    stage: 'adopted',
    summary:
      'What changes: the annual quota of seasonal permits rises from 5,000 to 7,500.\nSectors: agriculture, tourism.',
    legalReference: 'Seasonal Workers Regulation 2026 (synthetic)',
    sentDays: -8,
    adoptedDays: -12,
    effectiveDays: 30,
    classification: 'public',
  },
  {
    state: 'BGR',
    title: 'Joint patrols against smuggling networks on the Turkish border',
    measureType: 'anti_smuggling',
    stage: 'in_force',
    summary:
      'What changes: joint mobile patrols with neighbouring border police.\nCooperation requested: exchange of facilitator modus operandi through Passage alerts.',
    legalReference: 'Protocol of 3 March 2025 (synthetic)',
    sentDays: -90,
    adoptedDays: -100,
    effectiveDays: -95,
    countries: ['TUR', 'GRC'],
    routes: ['EMED'],
    acknowledgedBy: ['GRC', 'TUR'],
  },
  {
    state: 'HRV',
    title: 'New reception centre near the eastern border',
    measureType: 'reception',
    stage: 'planned',
    summary:
      'What changes in reception: a centre of 600 places opens near the eastern border.\nCapacity concerned: 600 places.',
    legalReference: 'Government Conclusion 2025/77 (synthetic)',
    sentDays: -5,
    effectiveDays: 120,
    routes: ['WBAL'],
  },
  {
    state: 'TUR',
    title: 'Integration courses for holders of temporary protection',
    measureType: 'integration',
    stage: 'in_force',
    summary:
      'What changes: language and orientation courses become available in 20 provinces.\nWho is affected: holders of temporary protection.',
    legalReference: 'Circular 2025/12 (synthetic)',
    sentDays: -120,
    adoptedDays: -150,
    effectiveDays: -130,
    countries: ['SYR'],
    acknowledgedBy: ['GRC', 'BGR', 'AUT'],
  },
  {
    state: 'MKD',
    title: 'Biometric registration at the southern border crossing points',
    measureType: 'border_management',
    stage: 'abandoned',
    summary:
      'What changes at the border: biometric registration of all third-country nationals at entry.\nThe measure was abandoned after consultation with partners.',
    legalReference: 'Draft Law on Border Control amendments (synthetic)',
    sentDays: -200,
    routes: ['WBAL'],
    outcome: 'abandoned',
  },
  {
    state: 'PAK',
    title: 'Awareness campaign on the risks of irregular migration',
    measureType: 'other',
    stage: 'adopted',
    summary:
      'What changes: a national campaign in 12 districts of origin.\nWhy partners should know: messages can be aligned with partners’ information campaigns.',
    legalReference: 'Ministry programme 2025-2026 (synthetic)',
    sentDays: -15,
    adoptedDays: -20,
    effectiveDays: 10,
    routes: ['SILK'],
  },
  {
    state: 'GRC',
    title: 'Digital residence permits for long-term residents',
    measureType: 'integration',
    stage: 'adopted',
    summary:
      'What changes: residence permits are issued as digital documents with a QR code.\nWho is affected: long-term residents.',
    legalReference: 'Law 5200/2025 (synthetic)',
    sentDays: -3,
    adoptedDays: -30,
    effectiveDays: -10,
    acknowledgedBy: [],
  },
];

const dayFrom = (days: number | undefined): string | null =>
  days === undefined ? null : new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Writes the demo notices; `orgs` maps an ISO3 to the state's ministry, `authorId` posts them all. */
export async function seedDemoNotices(
  tx: Queryable,
  dialogueId: number,
  orgs: ReadonlyMap<string, number>,
  authorId: number,
): Promise<number> {
  for (const n of DEMO_NOTICES) {
    const content = {
      title: n.title,
      measureType: n.measureType,
      summary: n.summary,
      legalReference: n.legalReference,
      legalLink: null,
      stage: n.stage,
      adoptedOn: dayFrom(n.adoptedDays),
      effectiveOn: dayFrom(n.effectiveDays),
      endsOn: dayFrom(n.endsDays),
      countries: n.countries ?? [],
      routes: n.routes ?? [],
      classification: n.classification ?? 'dialogue',
      sharedWithOrgIds: [],
      commentsUntil: dayFrom(n.commentsDays),
      outcome: n.outcome ?? null,
      outcomeNote: n.outcome ? 'Abandoned after partners raised concerns about waiting times.' : null,
    };
    const orgId = orgs.get(n.state)!;
    const sentAt = new Date(Date.now() + n.sentDays * 86_400_000);
    const [row] = await tx.query<{ id: number }>(sql`INSERT INTO notices (dialogue_id, state_iso3,
        originator_org_id, author_id, status, sent_at, title, measure_type, summary, legal_reference, stage,
        adopted_on, effective_on, countries, routes, classification, comments_until, outcome, outcome_note,
        outcome_at, created_at, updated_at)
      VALUES (${dialogueId}, ${n.state}, ${orgId}, ${authorId}, 'sent', ${sentAt}, ${content.title},
        ${content.measureType}, ${content.summary}, ${content.legalReference}, ${content.stage},
        ${content.adoptedOn}::date, ${content.effectiveOn}::date, ${content.countries}::char(3)[],
        ${content.routes}::text[], ${content.classification}::classification, ${content.commentsUntil}::date,
        ${content.outcome}, ${content.outcomeNote}, ${content.outcome ? sentAt : null}, ${sentAt}, ${sentAt})
      RETURNING id`);
    const id = row!.id;
    await tx.query(sql`INSERT INTO notice_revisions (notice_id, revision, dialogue_id, change, content, user_id,
        organisation_id, created_at)
      VALUES (${id}, 1, ${dialogueId}, 'sent', ${JSON.stringify(content)}::jsonb, ${authorId}, ${orgId}, ${sentAt})`);
    for (const s of n.acknowledgedBy ?? [])
      await tx.query(sql`INSERT INTO notice_acknowledgements (notice_id, organisation_id, dialogue_id, user_id, created_at)
        VALUES (${id}, ${orgs.get(s)!}, ${dialogueId}, ${authorId}, ${new Date(sentAt.getTime() + 86_400_000)})`);
    for (const c of n.comments ?? [])
      await tx.query(sql`INSERT INTO notice_comments (notice_id, dialogue_id, organisation_id, user_id, kind, body)
        VALUES (${id}, ${dialogueId}, ${orgs.get(c.state)!}, ${authorId}, ${c.kind}, ${c.body})`);
  }
  return DEMO_NOTICES.length;
}
