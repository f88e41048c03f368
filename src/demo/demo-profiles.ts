/**
 * Synthetic country profiles for the demo dialogue (issue 16, src/modules/profiles): Greece, Italy and Türkiye
 * each have an endorsed version; Greece also has a newer draft by the secretariat waiting for the Greek
 * analyst's endorsement (the demo analyst can endorse or return it). Every text is invented.
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../db/connect';
import type { SectionKey } from '../domain/profiles/profile-rules';

type DemoSection = [
  SectionKey,
  string,
  'public' | 'dialogue' | 'restricted',
  { title: string; url: string | null }[],
];

const sectionsOf = (name: string): DemoSection[] => [
  [
    'governance',
    `${name} (synthetic): a ministry of the interior leads migration policy; an inter-ministerial committee meets quarterly.`,
    'public',
    [{ title: 'Demo migration act (synthetic)', url: null }],
  ],
  [
    'legal_framework',
    `${name} (synthetic): an aliens act, an asylum act and a law on the integration of migrants, amended in recent years.`,
    'public',
    [],
  ],
  [
    'institutions',
    `${name} (synthetic): border police, an asylum service and a national coordination centre for border surveillance.`,
    'dialogue',
    [],
  ],
  [
    'cooperation',
    `${name} (synthetic): readmission cooperation with neighbouring states and liaison officers posted along the route.`,
    'dialogue',
    [],
  ],
  [
    'challenges',
    `${name} (synthetic): reception capacity during seasonal peaks; an internal assessment shared with the secretariat only.`,
    'restricted',
    [],
  ],
];

async function insertVersion(
  tx: Queryable,
  v: {
    profileId: number;
    dialogueId: number;
    iso3: string;
    number: number;
    status: 'draft' | 'endorsed';
    authorId: number;
    authorOrgId: number;
    deciderId: number;
    deciderOrgId: number;
    daysAgo: number;
    sections: DemoSection[];
  },
): Promise<void> {
  const at = new Date(Date.now() - v.daysAgo * 86_400_000).toISOString();
  const decided = v.status === 'endorsed';
  const [row] = await tx.query<{ id: number }>(sql`INSERT INTO profile_versions (profile_id, dialogue_id,
      state_iso3, number, status, created_by, created_org_id, created_at, updated_at, decided_by, decided_org_id,
      decided_at)
    VALUES (${v.profileId}, ${v.dialogueId}, ${v.iso3}, ${v.number}, ${v.status}, ${v.authorId}, ${v.authorOrgId},
      ${at}::timestamptz, ${at}::timestamptz, ${decided ? v.deciderId : null}, ${decided ? v.deciderOrgId : null},
      ${decided ? at : null}::timestamptz)
    RETURNING id`);
  for (const [i, [key, body, classification, sources]] of v.sections.entries())
    await tx.query(sql`INSERT INTO profile_sections (version_id, dialogue_id, state_iso3, key, position, body,
        sources, classification, updated_at)
      VALUES (${row!.id}, ${v.dialogueId}, ${v.iso3}, ${key}, ${i + 1}, ${body}, ${JSON.stringify(sources)}::jsonb,
        ${classification}, ${at}::timestamptz)`);
}

export async function seedDemoProfiles(
  tx: Queryable,
  dialogueId: number,
  orgs: ReadonlyMap<string, number>,
  users: ReadonlyMap<string, number>,
): Promise<void> {
  const managerId = users.get('data_manager')!;
  const secId = orgs.get('SEC')!;
  const states: [string, string, number][] = [
    ['GRC', 'Greece', users.get('analyst')!],
    ['ITA', 'Italy', users.get('data_provider')!],
    ['TUR', 'Türkiye', managerId],
  ];
  for (const [iso3, name, deciderId] of states) {
    const stateOrg = orgs.get(iso3);
    if (stateOrg === undefined) continue;
    const hasDraft = iso3 === 'GRC';
    const [p] = await tx.query<{
      id: number;
    }>(sql`INSERT INTO profiles (dialogue_id, state_iso3, revision, created_by)
      VALUES (${dialogueId}, ${iso3}, ${hasDraft ? 3 : 2}, ${managerId}) RETURNING id`);
    const base = { profileId: p!.id, dialogueId, iso3, authorId: managerId, authorOrgId: secId, deciderId };
    await insertVersion(tx, {
      ...base,
      number: 1,
      status: 'endorsed',
      deciderOrgId: stateOrg,
      daysAgo: 200,
      sections: sectionsOf(name),
    });
    if (hasDraft)
      await insertVersion(tx, {
        ...base,
        number: 2,
        status: 'draft',
        deciderOrgId: stateOrg,
        daysAgo: 3,
        sections: sectionsOf(name).map(([k, body, c, s]) =>
          k === 'policies' || k === 'cooperation'
            ? [k, `${body} A new mobility partnership was signed this year (synthetic).`, c, s]
            : [k, body, c, s],
        ),
      });
  }
}
