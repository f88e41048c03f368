/**
 * Synthetic contact directory of the demo dialogue (src/modules/contacts): for every member state a national
 * contact point and a statistics contact, document-security contacts for some, the secretariat, and a few
 * immigration liaison officers with their posting and the states they cover. Invented people only: names are
 * combined from short lists, addresses are @example.org (RFC 2606), phones use the +00 prefix that no
 * country has. A few entries were last confirmed long ago, so the stale list is not empty.
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../db/connect';

const GIVEN = [
  'Alex',
  'Sam',
  'Robin',
  'Kim',
  'Noa',
  'Ari',
  'Dana',
  'Lou',
  'Eli',
  'Mika',
  'Jo',
  'Sasha',
  'Toni',
];
const FAMILY = [
  'Demir',
  'Novak',
  'Rossi',
  'Petrov',
  'Horvat',
  'Weber',
  'Khan',
  'Marin',
  'Kovac',
  'Silva',
  'Popa',
  'Lenz',
  'Sayed',
];

interface DemoContact {
  topic: string;
  country: string | null;
  postedIn?: string;
  covers?: string[];
  function: string;
  organisation: string;
  languages: string[];
  /** Days since it was last confirmed. */
  confirmedDaysAgo: number;
}

function person(i: number): { name: string; slug: string } {
  const given = GIVEN[i % GIVEN.length]!;
  const family = FAMILY[(i * 5 + 3) % FAMILY.length]!;
  return { name: `${given} ${family}`, slug: `${given}.${family}`.toLowerCase() };
}

function demoContacts(states: readonly string[]): DemoContact[] {
  const list: DemoContact[] = [
    {
      topic: 'secretariat',
      country: null,
      function: 'Programme officer, contact-point network',
      organisation: 'Demo Dialogue Secretariat',
      languages: ['en', 'fr'],
      confirmedDaysAgo: 20,
    },
  ];
  states.forEach((iso3, i) => {
    const org = `Ministry of Interior (${iso3})`;
    list.push({
      topic: 'national_contact_point',
      country: iso3,
      function: 'Head of international cooperation',
      organisation: org,
      languages: ['en', i % 3 === 0 ? 'fr' : 'ru'],
      // Two states' contact points were last confirmed over a year and a month ago: stale.
      confirmedDaysAgo: i < 2 ? 420 : 30 + i * 10,
    });
    list.push({
      topic: 'statistics',
      country: iso3,
      function: 'Migration statistics analyst',
      organisation: `${org}, analysis unit`,
      languages: ['en'],
      confirmedDaysAgo: 60 + i * 7,
    });
    if (i % 3 === 0)
      list.push({
        topic: 'document_security',
        country: iso3,
        function: 'Document examiner',
        organisation: `Border police (${iso3})`,
        languages: ['en'],
        confirmedDaysAgo: 100,
      });
  });
  const officers: [string, string, string[]][] = [
    ['ITA', 'TUR', ['TUR', 'GRC']],
    ['AUT', 'SRB', ['SRB', 'MKD', 'BIH']],
    ['GRC', 'PAK', ['PAK', 'AFG']],
    ['HUN', 'TUR', ['TUR']],
  ];
  for (const [from, postedIn, covers] of officers.filter(([f]) => states.includes(f)))
    list.push({
      topic: 'liaison_officer',
      country: from,
      postedIn,
      covers,
      function: 'Immigration liaison officer',
      organisation: `Embassy of ${from} in ${postedIn}`,
      languages: ['en'],
      confirmedDaysAgo: 150,
    });
  return list;
}

/** Inserts the demo directory (in the seeding transaction); the number of entries. */
export async function seedDemoContacts(
  tx: Queryable,
  dialogueId: number,
  states: readonly string[],
): Promise<number> {
  const list = demoContacts(states);
  for (const [i, c] of list.entries()) {
    const p = person(i);
    const email = `${p.slug}.${c.country?.toLowerCase() ?? 'sec'}@example.org`;
    const phone = `+00 ${String(100 + i)} ${String(1000 + i * 37).slice(0, 4)}`;
    const [row] = await tx.query<{ id: number }>(sql`INSERT INTO contacts (dialogue_id, topic, country_iso3,
        posted_in_iso3, covers_iso3, name, function, organisation, languages, email, phone, last_confirmed_at)
      VALUES (${dialogueId}, ${c.topic}, ${c.country}, ${c.postedIn ?? null}, ${c.covers ?? []}::text[], ${p.name},
        ${c.function}, ${c.organisation}, ${c.languages}::text[], ${email}, ${phone},
        now() - make_interval(days => ${c.confirmedDaysAgo})) RETURNING id`);
    const data = {
      topic: c.topic,
      country: c.country,
      postedIn: c.postedIn ?? null,
      covers: c.covers ?? [],
      name: p.name,
      function: c.function,
      organisation: c.organisation,
      languages: c.languages,
      email,
      phone,
      userId: null,
    };
    await tx.query(sql`INSERT INTO contact_revisions (contact_id, dialogue_id, revision, action, data)
      VALUES (${row!.id}, ${dialogueId}, 1, 'create', ${JSON.stringify(data)}::jsonb)`);
  }
  return list.length;
}
