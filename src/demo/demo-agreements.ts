/**
 * A dozen synthetic agreements among the demo dialogue's states (issue 16, agreements registry): invented
 * titles, dates and places, clearly marked "(synthetic)"; they do not describe real agreements. They cover
 * every type and status (proposed, under negotiation, signed, in force, suspended, ended), the EU and an
 * international organisation as parties, and negotiation rounds, so the list, matrix, map and timeline have
 * something to show. Written by the demo seed in its transaction (as the secretariat), each with its first
 * revision, then indexed for the search.
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../db/connect';
import { type AgreementType, type Party, partyKey } from '../domain/agreements/agreement-rules';
import { agreementSearchItems } from '../modules/agreements/agreements.service';
import { indexItem } from '../modules/search/search.service';

interface DemoAgreement {
  type: AgreementType;
  title: string;
  parties: string[];
  mandateOn?: string;
  rounds?: [date: string, place: string][];
  signedOn?: string;
  inForceOn?: string;
  suspendedOn?: string;
  endedOn?: string;
  classification?: 'public' | 'dialogue';
}

const party = (key: string): Party =>
  key === 'EU'
    ? { kind: 'eu' }
    : key.startsWith('ORG:')
      ? { kind: 'organisation', name: key.slice(4) }
      : { kind: 'state', iso3: key };

export const DEMO_AGREEMENTS: DemoAgreement[] = [
  {
    type: 'readmission',
    title: 'EU–Türkiye readmission agreement (synthetic)',
    parties: ['EU', 'TUR'],
    mandateOn: '2003-01-15',
    rounds: [
      ['2005-05-20', 'Brussels'],
      ['2010-02-11', 'Ankara'],
    ],
    signedOn: '2013-12-16',
    inForceOn: '2014-10-01',
    suspendedOn: '2016-06-01',
    classification: 'public',
  },
  {
    type: 'visa_facilitation',
    title: 'EU–Pakistan visa facilitation (synthetic)',
    parties: ['EU', 'PAK'],
    mandateOn: '2021-03-01',
    rounds: [
      ['2022-04-05', 'Islamabad'],
      ['2023-01-17', 'Brussels'],
    ],
  },
  {
    type: 'readmission',
    title: 'EU–Pakistan readmission agreement (synthetic)',
    parties: ['EU', 'PAK'],
    mandateOn: '2000-09-18',
    signedOn: '2009-10-26',
    inForceOn: '2010-12-01',
    classification: 'public',
  },
  {
    type: 'readmission',
    title: 'Greece–Türkiye readmission protocol (synthetic)',
    parties: ['GRC', 'TUR'],
    signedOn: '2001-11-08',
    inForceOn: '2002-04-19',
    endedOn: '2019-06-07',
  },
  {
    type: 'working_arrangement',
    title: 'Working arrangement on return counselling (synthetic)',
    parties: ['GRC', 'AFG', 'ORG:IOM'],
    signedOn: '2018-05-03',
    inForceOn: '2018-05-03',
  },
  {
    type: 'mobility_partnership',
    title: 'Mobility partnership Austria–Serbia (synthetic)',
    parties: ['AUT', 'SRB'],
    mandateOn: '2019-02-01',
    rounds: [['2019-09-12', 'Vienna']],
    signedOn: '2020-07-14',
    inForceOn: '2021-01-01',
  },
  {
    type: 'labour_migration',
    title: 'Seasonal work agreement Italy–Bosnia and Herzegovina (synthetic)',
    parties: ['ITA', 'BIH'],
    signedOn: '2022-03-22',
    inForceOn: '2022-09-01',
  },
  {
    type: 'memorandum',
    title: 'Memorandum on border liaison officers Hungary–Serbia (synthetic)',
    parties: ['HUN', 'SRB'],
    signedOn: '2016-10-05',
    inForceOn: '2016-10-05',
    endedOn: '2024-10-05',
  },
  {
    type: 'readmission',
    title: 'Bulgaria–North Macedonia readmission agreement (synthetic)',
    parties: ['BGR', 'MKD'],
    signedOn: '2011-06-30',
    inForceOn: '2012-02-01',
  },
  {
    type: 'memorandum',
    title: 'Memorandum on information exchange Croatia–Bosnia and Herzegovina (synthetic)',
    parties: ['HRV', 'BIH'],
    signedOn: '2017-04-11',
  },
  {
    type: 'labour_migration',
    title: 'Labour migration agreement Malta–Pakistan (synthetic)',
    parties: ['MLT', 'PAK'],
    mandateOn: '2024-11-04',
    rounds: [['2025-03-18', 'Valletta']],
  },
  {
    type: 'other',
    title: 'Joint declaration on voluntary return Türkiye–Afghanistan–IOM (synthetic)',
    parties: ['TUR', 'AFG', 'ORG:IOM'],
  },
];

/** Writes the demo agreements and their first revisions, then indexes them for the search. */
export async function seedDemoAgreements(
  tx: Queryable,
  dialogueId: number,
  secretariatOrgId: number,
  authorId: number,
): Promise<number> {
  for (const a of DEMO_AGREEMENTS) {
    const parties = a.parties.map(party);
    const content = {
      type: a.type,
      title: a.title,
      parties,
      partyKeys: parties.map(partyKey),
      mandateOn: a.mandateOn ?? null,
      rounds: (a.rounds ?? []).map(([date, place]) => ({ date, place, note: '' })),
      signedOn: a.signedOn ?? null,
      inForceOn: a.inForceOn ?? null,
      suspendedOn: a.suspendedOn ?? null,
      endedOn: a.endedOn ?? null,
      texts: [],
      notes: 'Synthetic demo record: not a real agreement.',
      classification: a.classification ?? 'dialogue',
      sharedWithOrgIds: [],
    };
    const [row] = await tx.query<{
      id: number;
    }>(sql`INSERT INTO agreements (dialogue_id, agreement_type, title,
        parties, party_keys, mandate_on, rounds, signed_on, in_force_on, suspended_on, ended_on, notes,
        classification, originator_org_id, created_by)
      VALUES (${dialogueId}, ${a.type}, ${a.title}, ${JSON.stringify(parties)}::jsonb, ${content.partyKeys},
        ${content.mandateOn}, ${JSON.stringify(content.rounds)}::jsonb, ${content.signedOn}, ${content.inForceOn},
        ${content.suspendedOn}, ${content.endedOn}, ${content.notes}, ${content.classification}, ${secretariatOrgId},
        ${authorId}) RETURNING id`);
    await tx.query(sql`INSERT INTO agreement_revisions (agreement_id, revision, dialogue_id, change, content,
        user_id, organisation_id)
      VALUES (${row!.id}, 1, ${dialogueId}, 'created', ${JSON.stringify(content)}::jsonb, ${authorId},
        ${secretariatOrgId})`);
    for (const item of await agreementSearchItems(tx, row!.id)) await indexItem(tx, item);
  }
  return DEMO_AGREEMENTS.length;
}
