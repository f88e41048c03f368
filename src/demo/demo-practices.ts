/**
 * Synthetic practices for the demo dialogue's best-practice inventory (issue 16): ten invented practices
 * across the six thematic areas of the Istanbul declaration, written by member states' ministries and
 * observer organisations, with periods, partners, funding and impact indicators (before/after). Eight are
 * published (verified by the secretariat), one waits for verification and one is a draft. Invented texts,
 * organisations and figures: no real project and no data on persons. Written by the demo seed in its
 * transaction, as the owner, each with its revisions.
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../db/connect';
import type { ImpactIndicator, PracticeStatus, ThematicArea } from '../domain/practices/practice-rules';

interface DemoPractice {
  by: string;
  title: string;
  area: ThematicArea;
  summary: string;
  countries: string[];
  partners: string[];
  from: string;
  to: string | null;
  funding: string;
  objectives: string;
  results: string;
  impact: ImpactIndicator[];
  lessons: string;
  tags: string[];
  status: PracticeStatus;
  classification?: 'public' | 'dialogue';
}

const ind = (name: string, unit: string, before: number | null, after: number | null): ImpactIndicator => ({
  name,
  unit,
  before,
  after,
});

export const DEMO_PRACTICES: DemoPractice[] = [
  {
    by: 'GRC',
    title: 'Joint screening teams at the sea border (demo)',
    area: 'irregular_migration',
    summary: 'Mixed teams register and screen arrivals within 72 hours (synthetic example).',
    countries: ['GRC'],
    partners: ['EUAA', 'Coast guard'],
    from: '2021-04',
    to: '2023-10',
    funding: 'National budget with EU co-funding (demo figure: EUR 3 million)',
    objectives: 'Register every arrival within three days.',
    results: 'Registration within 72 hours became the rule in the five hotspots.',
    impact: [
      ind('Average days to registration', 'days', 9, 3),
      ind('Screening staff trained', 'persons', 40, 210),
    ],
    lessons: 'Common forms agreed beforehand saved more time than extra staff.',
    tags: ['screening', 'registration', 'sea border'],
    status: 'published',
    classification: 'public',
  },
  {
    by: 'ITA',
    title: 'Local integration desks in reception municipalities (demo)',
    area: 'integration',
    summary: 'One desk per municipality for language courses, housing and work (synthetic example).',
    countries: ['ITA'],
    partners: ['Municipal associations', 'UNHCR'],
    from: '2019-01',
    to: null,
    funding: 'Regional funds (demo)',
    objectives: 'Bring integration services under one roof.',
    results: 'Desks open in 40 municipalities.',
    impact: [
      ind('Municipalities with a desk', 'municipalities', 4, 40),
      ind('Language course completion', '%', 38, 61),
    ],
    lessons: 'Municipal ownership matters more than the budget.',
    tags: ['integration', 'municipalities', 'language'],
    status: 'published',
    classification: 'public',
  },
  {
    by: 'IOM',
    title: 'Reintegration counselling before departure (demo)',
    area: 'migration_development',
    summary: 'Counselling starts in the host country and continues after return (synthetic example).',
    countries: ['AUT', 'AFG', 'PAK'],
    partners: ['Ministries of interior', 'Local NGOs'],
    from: '2020-06',
    to: '2024-05',
    funding: 'Multi-donor trust fund (demo)',
    objectives: 'Sustainable reintegration of returnees.',
    results: 'Counselling offered to every voluntary returnee of the programme.',
    impact: [ind('Returnees still in the community after 12 months', '%', 55, 78)],
    lessons: 'Start counselling early; keep the same counsellor.',
    tags: ['return', 'reintegration', 'voluntary return'],
    status: 'published',
  },
  {
    by: 'TUR',
    title: 'Anti-smuggling liaison desk on the land border (demo)',
    area: 'irregular_migration',
    summary: 'Liaison officers of neighbouring states share daily information (synthetic example).',
    countries: ['TUR', 'BGR', 'GRC'],
    partners: ['Border police of the three states'],
    from: '2018-03',
    to: null,
    funding: 'National budgets (demo)',
    objectives: 'Detect facilitation networks earlier.',
    results: 'A daily exchange of modus operandi between the three border services.',
    impact: [ind('Facilitation networks dismantled per year', 'networks', 6, 15)],
    lessons: 'Trust between liaison officers takes two years to build.',
    tags: ['smuggling', 'liaison officers', 'information exchange'],
    status: 'published',
  },
  {
    by: 'SRB',
    title: 'Victim identification training for labour inspectors (demo)',
    area: 'trafficking',
    summary: 'Inspectors learn to recognise indicators of trafficking for labour exploitation (synthetic).',
    countries: ['SRB', 'MKD', 'BIH'],
    partners: ['Labour inspectorates', 'IOM'],
    from: '2022-01',
    to: '2023-06',
    funding: 'Regional programme (demo)',
    objectives: 'Identify more victims of labour exploitation.',
    results: 'Every inspectorate has trained focal points.',
    impact: [
      ind('Inspectors trained', 'persons', 0, 320),
      ind('Referrals to victim support', 'referrals', 11, 37),
    ],
    lessons: 'Joint inspections with the police work best.',
    tags: ['trafficking', 'training', 'labour exploitation'],
    status: 'published',
  },
  {
    by: 'UNHCR',
    title: 'Early identification of persons with specific needs (demo)',
    area: 'international_protection',
    summary:
      'A short checklist at first contact routes vulnerable applicants to the right procedure (synthetic).',
    countries: ['HUN', 'HRV', 'SRB'],
    partners: ['Asylum authorities', 'Health services'],
    from: '2021-09',
    to: '2024-12',
    funding: 'Donor contributions (demo)',
    objectives: 'No vulnerable applicant goes unnoticed at registration.',
    results: 'The checklist is part of the registration form in three states.',
    impact: [ind('Applicants screened for specific needs', '%', 20, 85)],
    lessons: 'A one-page checklist is used; a ten-page one is not.',
    tags: ['asylum', 'vulnerability', 'registration'],
    status: 'published',
    classification: 'public',
  },
  {
    by: 'AUT',
    title: 'Seasonal work scheme with circular return (demo)',
    area: 'migration_mobility',
    summary: 'Seasonal workers come back each year under a simplified visa (synthetic example).',
    countries: ['AUT', 'BIH'],
    partners: ['Employers association', 'Employment services'],
    from: '2017-04',
    to: null,
    funding: 'Employers and national budget (demo)',
    objectives: 'Legal pathways for seasonal work.',
    results: 'Most workers return to the same employer the next season.',
    impact: [
      ind('Workers returning the next season', '%', null, 72),
      ind('Visa processing time', 'days', 45, 12),
    ],
    lessons: 'Employers must be part of the design from the start.',
    tags: ['labour migration', 'legal pathways', 'visa'],
    status: 'published',
  },
  {
    by: 'BGR',
    title: 'Document examination network at airports (demo)',
    area: 'irregular_migration',
    summary: 'Second-line document experts on call for every airport (synthetic example).',
    countries: ['BGR', 'HRV', 'MLT'],
    partners: ['Border police', 'Airlines'],
    from: '2020-01',
    to: '2022-12',
    funding: 'Internal security fund (demo)',
    objectives: 'Every suspicious document examined within the hour.',
    results: 'Experts reachable at every airport, day and night.',
    impact: [ind('Fraudulent documents detected at airports', 'documents', 120, 190)],
    lessons: 'Share specimens of new forgeries the same day.',
    tags: ['document fraud', 'airports', 'information exchange'],
    status: 'published',
  },
  {
    by: 'HRV',
    title: 'Mentoring for unaccompanied children (demo)',
    area: 'integration',
    summary: 'Volunteer mentors accompany children in care until adulthood (synthetic example).',
    countries: ['HRV'],
    partners: ['Social welfare centres'],
    from: '2023-02',
    to: null,
    funding: 'National budget (demo)',
    objectives: 'Each child in care has a mentor.',
    results: 'Mentors recruited in two regions.',
    impact: [ind('Children with a mentor', '%', 10, 45)],
    lessons: 'Recruiting mentors takes longer than planned.',
    tags: ['children', 'integration', 'volunteers'],
    status: 'submitted',
  },
  {
    by: 'MKD',
    title: 'Mobile information points on the route (demo)',
    area: 'migration_mobility',
    summary: 'Information on legal options and risks, in six languages (synthetic example).',
    countries: ['MKD', 'SRB'],
    partners: ['NGOs'],
    from: '2024-03',
    to: null,
    funding: 'To be confirmed (demo)',
    objectives: 'Inform people on the move of legal options and risks.',
    results: '',
    impact: [],
    lessons: '',
    tags: ['information', 'awareness'],
    status: 'draft',
  },
];

const CHANGES: Record<PracticeStatus, ('saved' | 'submitted' | 'published')[]> = {
  draft: ['saved'],
  submitted: ['saved', 'submitted'],
  returned: ['saved', 'submitted'],
  published: ['saved', 'submitted', 'published'],
};

/** Writes the demo practices with their revisions; `orgByKey` has the member states and observers. */
export async function seedDemoPractices(
  tx: Queryable,
  dialogueId: number,
  orgByKey: ReadonlyMap<string, number>,
  authorId: number,
  secretariatId: number,
): Promise<number> {
  for (const p of DEMO_PRACTICES) {
    const orgId = orgByKey.get(p.by) ?? orgByKey.get('SEC')!;
    const changes = CHANGES[p.status];
    const contacts = [
      { organisation: `Demo contact office (${p.by})`, function: 'Focal point', name: '', email: '' },
    ];
    const [row] = await tx.query<{ id: number }>(sql`INSERT INTO practices (dialogue_id, title, area, summary,
        countries, partners, period_from, period_to, funding, objectives, results, impact, lessons, contacts, tags,
        classification, originator_org_id, status, revision, created_by, published_at)
      VALUES (${dialogueId}, ${p.title}, ${p.area}, ${p.summary}, ${p.countries}, ${p.partners}, ${p.from}, ${p.to},
        ${p.funding}, ${p.objectives}, ${p.results}, ${JSON.stringify(p.impact)}::jsonb, ${p.lessons},
        ${JSON.stringify(contacts)}::jsonb, ${p.tags}, ${p.classification ?? 'dialogue'}, ${orgId}, ${p.status},
        ${changes.length}, ${authorId}, ${p.status === 'published' ? sql`now()` : null})
      RETURNING id`);
    for (const [i, change] of changes.entries()) {
      const status: PracticeStatus = change === 'saved' ? 'draft' : change;
      const content = {
        title: p.title,
        area: p.area,
        summary: p.summary,
        countries: p.countries,
        partners: p.partners,
        periodFrom: p.from,
        periodTo: p.to,
        funding: p.funding,
        objectives: p.objectives,
        results: p.results,
        impact: p.impact,
        lessons: p.lessons,
        contacts,
        links: [],
        tags: p.tags,
        language: 'en',
        classification: p.classification ?? 'dialogue',
        status,
      };
      const by =
        change === 'published'
          ? { user: secretariatId, org: orgByKey.get('SEC')! }
          : { user: authorId, org: orgId };
      await tx.query(sql`INSERT INTO practice_revisions (practice_id, revision, dialogue_id, change, content, user_id,
          organisation_id)
        VALUES (${row!.id}, ${i + 1}, ${dialogueId}, ${change}, ${JSON.stringify(content)}::jsonb, ${by.user}, ${by.org})`);
    }
  }
  return DEMO_PRACTICES.length;
}
