/**
 * Pure rules of the agreements registry (src/modules/agreements): the vocabularies, what makes the dates of an
 * agreement consistent, the status the dates give on a day, the timeline of one agreement, and the two views
 * across agreements (the party × party matrix and the partners of one party, for the map). No I/O.
 *
 * A party is a state (ISO 3166-1 alpha-3), the European Union, or an international organisation by name; its
 * key (`GRC`, `EU`, `ORG:IOM`) is what the matrix, filters and the database's `party_keys` use.
 */

export const AGREEMENT_TYPES = [
  'readmission',
  'visa_facilitation',
  'mobility_partnership',
  'working_arrangement',
  'memorandum',
  'labour_migration',
  'other',
] as const;
export type AgreementType = (typeof AGREEMENT_TYPES)[number];

/**
 * The status an agreement's dates give on a day: `proposed` (nothing dated yet), `negotiating` (a mandate or
 * a round, not signed), `signed` (not in force), `in_force`, `suspended`, `ended`.
 */
export const AGREEMENT_STATUSES = [
  'proposed',
  'negotiating',
  'signed',
  'in_force',
  'suspended',
  'ended',
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const PARTY_KINDS = ['state', 'eu', 'organisation'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export type Party = { kind: 'state'; iso3: string } | { kind: 'eu' } | { kind: 'organisation'; name: string };

export interface NegotiationRound {
  date: string;
  place: string;
  note: string;
}

/** The dates of an agreement, YYYY-MM-DD or null. */
export interface AgreementDates {
  mandateOn: string | null;
  signedOn: string | null;
  inForceOn: string | null;
  suspendedOn: string | null;
  endedOn: string | null;
}

export interface Problem {
  field: string;
  message: string;
}

/** The key of a party: ISO3 for a state, EU, or ORG: and the organisation's name (spaces collapsed). */
export function partyKey(p: Party): string {
  switch (p.kind) {
    case 'state':
      return p.iso3.toUpperCase();
    case 'eu':
      return 'EU';
    case 'organisation':
      return `ORG:${p.name.trim().replace(/\s+/g, ' ')}`;
  }
}

/** The party a key stands for (the inverse of partyKey). */
export function partyOfKey(key: string): Party {
  if (key === 'EU') return { kind: 'eu' };
  if (key.startsWith('ORG:')) return { kind: 'organisation', name: key.slice(4) };
  return { kind: 'state', iso3: key };
}

/**
 * Problems with the parties: fewer than two, a party named twice, a state code that is not a known country
 * (`isKnownState` says which are), an organisation without a name.
 */
export function checkParties(parties: readonly Party[], isKnownState: (iso3: string) => boolean): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  parties.forEach((p, i) => {
    if (p.kind === 'state' && !isKnownState(p.iso3.toUpperCase()))
      problems.push({ field: `body.parties[${i}].iso3`, message: `"${p.iso3}" is not a known country code` });
    if (p.kind === 'organisation' && p.name.trim() === '')
      problems.push({ field: `body.parties[${i}].name`, message: 'give the name of the organisation' });
    const key = partyKey(p);
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({
        field: `body.parties[${i}]`,
        message: `${key} is already party ${first + 1}: name each party once`,
      });
    else seen.set(key, i);
  });
  if (seen.size < 2)
    problems.push({ field: 'body.parties', message: 'an agreement has at least two different parties' });
  return problems;
}

/**
 * Problems with the dates: in force needs a signature on or before it; suspension needs entry into force on
 * or before it; the end is not before the signature, the entry into force or the suspension; the signature is
 * not before the mandate; a negotiation round is not before the mandate.
 */
export function checkAgreementDates(d: AgreementDates, rounds: readonly NegotiationRound[] = []): Problem[] {
  const problems: Problem[] = [];
  const before = (a: string | null, b: string | null) => a !== null && b !== null && a < b;
  if (d.inForceOn !== null && d.signedOn === null)
    problems.push({
      field: 'body.inForceOn',
      message: 'an agreement enters into force after it is signed: give the signature date',
    });
  if (before(d.inForceOn, d.signedOn))
    problems.push({
      field: 'body.inForceOn',
      message: `in force on ${d.inForceOn}, before it was signed (${d.signedOn})`,
    });
  if (before(d.signedOn, d.mandateOn))
    problems.push({
      field: 'body.signedOn',
      message: `signed on ${d.signedOn}, before the negotiation mandate (${d.mandateOn})`,
    });
  if (d.suspendedOn !== null && d.inForceOn === null)
    problems.push({
      field: 'body.suspendedOn',
      message: 'only an agreement in force can be suspended: give the date it entered into force',
    });
  if (before(d.suspendedOn, d.inForceOn))
    problems.push({
      field: 'body.suspendedOn',
      message: `suspended on ${d.suspendedOn}, before it entered into force (${d.inForceOn})`,
    });
  for (const [other, what] of [
    [d.signedOn, 'it was signed'],
    [d.inForceOn, 'it entered into force'],
    [d.suspendedOn, 'it was suspended'],
  ] as const)
    if (before(d.endedOn, other)) {
      problems.push({ field: 'body.endedOn', message: `ended on ${d.endedOn}, before ${what} (${other})` });
      break;
    }
  rounds.forEach((r, i) => {
    if (before(r.date, d.mandateOn))
      problems.push({
        field: `body.rounds[${i}].date`,
        message: `round ${i + 1} on ${r.date} is before the negotiation mandate (${d.mandateOn})`,
      });
  });
  return problems;
}

const reached = (date: string | null, today: string) => date !== null && date <= today;

/** The status the dates give on `today` (YYYY-MM-DD); dates after today have not happened yet. */
export function agreementStatus(
  d: AgreementDates,
  today: string,
  rounds: readonly NegotiationRound[] = [],
): AgreementStatus {
  if (reached(d.endedOn, today)) return 'ended';
  if (reached(d.suspendedOn, today)) return 'suspended';
  if (reached(d.inForceOn, today)) return 'in_force';
  if (reached(d.signedOn, today)) return 'signed';
  if (reached(d.mandateOn, today) || rounds.some((r) => reached(r.date, today))) return 'negotiating';
  return 'proposed';
}

export type TimelineKind = 'mandate' | 'round' | 'signed' | 'in_force' | 'suspended' | 'ended';

export interface TimelineEvent {
  date: string;
  kind: TimelineKind;
  /** For a round: its place and note. */
  place?: string;
  note?: string;
  /** After `today`: planned or expected, not yet happened. */
  isFuture: boolean;
}

/** The dated steps of an agreement, oldest first (rounds in their order on the same day). */
export function agreementTimeline(
  d: AgreementDates,
  rounds: readonly NegotiationRound[],
  today: string,
): TimelineEvent[] {
  const order: TimelineKind[] = ['mandate', 'round', 'signed', 'in_force', 'suspended', 'ended'];
  const events: TimelineEvent[] = [];
  const add = (date: string | null, kind: TimelineKind, extra: Partial<TimelineEvent> = {}) => {
    if (date !== null) events.push({ date, kind, ...extra, isFuture: date > today });
  };
  add(d.mandateOn, 'mandate');
  for (const r of rounds) add(r.date, 'round', { place: r.place, note: r.note });
  add(d.signedOn, 'signed');
  add(d.inForceOn, 'in_force');
  add(d.suspendedOn, 'suspended');
  add(d.endedOn, 'ended');
  return events
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        a.e.date.localeCompare(b.e.date) || order.indexOf(a.e.kind) - order.indexOf(b.e.kind) || a.i - b.i,
    )
    .map(({ e }) => e);
}

/** The first and last dates of an agreement (the span a timeline bar covers), or null when nothing is dated. */
export function agreementSpan(
  d: AgreementDates,
  rounds: readonly NegotiationRound[],
): { from: string; to: string | null } | null {
  const dates = [d.mandateOn, ...rounds.map((r) => r.date), d.signedOn, d.inForceOn, d.suspendedOn].filter(
    (x): x is string => x !== null,
  );
  if (d.endedOn !== null) dates.push(d.endedOn);
  if (dates.length === 0) return null;
  const sorted = dates.sort();
  return { from: sorted[0]!, to: d.endedOn };
}

/** Whether the agreement existed in `year`: its first date is not after the year and it had not ended before. */
export function isActiveInYear(
  d: AgreementDates,
  rounds: readonly NegotiationRound[],
  year: number,
): boolean {
  const span = agreementSpan(d, rounds);
  if (!span) return false;
  return span.from <= `${year}-12-31` && (span.to === null || span.to >= `${year}-01-01`);
}

/** What the cross-agreement views need of an agreement. */
export interface AgreementRef {
  id: number;
  type: AgreementType;
  title: string;
  status: AgreementStatus;
  partyKeys: readonly string[];
}

export interface MatrixCell {
  /** The row party (its key) and the column party; each pair appears once, `a` before `b` in `parties`. */
  a: string;
  b: string;
  agreements: { id: number; type: AgreementType; title: string; status: AgreementStatus }[];
}

/**
 * The party × party matrix: every party of the given agreements (states first by code, then the EU, then
 * organisations by name), and for each pair of parties that share an agreement, the agreements they share
 * (an agreement of three parties counts for each of its three pairs).
 */
export function buildMatrix(
  agreements: readonly AgreementRef[],
  opts: { type?: AgreementType | undefined } = {},
): { parties: string[]; cells: MatrixCell[] } {
  const chosen = agreements.filter((a) => !opts.type || a.type === opts.type);
  const parties = sortPartyKeys([...new Set(chosen.flatMap((a) => a.partyKeys))]);
  const index = new Map(parties.map((p, i) => [p, i]));
  const cells = new Map<string, MatrixCell>();
  for (const a of chosen) {
    const keys = [...new Set(a.partyKeys)].sort((x, y) => index.get(x)! - index.get(y)!);
    for (let i = 0; i < keys.length; i++)
      for (let j = i + 1; j < keys.length; j++) {
        const id = `${keys[i]}|${keys[j]}`;
        const cell = cells.get(id) ?? { a: keys[i]!, b: keys[j]!, agreements: [] };
        cell.agreements.push({ id: a.id, type: a.type, title: a.title, status: a.status });
        cells.set(id, cell);
      }
  }
  return {
    parties,
    cells: [...cells.values()].sort(
      (x, y) => index.get(x.a)! - index.get(y.a)! || index.get(x.b)! - index.get(y.b)!,
    ),
  };
}

/** The partners of one party across its agreements (for the map): each other party with the agreements. */
export function partnersOf(
  agreements: readonly AgreementRef[],
  party: string,
): { party: string; agreements: { id: number; type: AgreementType; status: AgreementStatus }[] }[] {
  const byPartner = new Map<string, { id: number; type: AgreementType; status: AgreementStatus }[]>();
  for (const a of agreements) {
    if (!a.partyKeys.includes(party)) continue;
    for (const k of new Set(a.partyKeys)) {
      if (k === party) continue;
      const list = byPartner.get(k) ?? [];
      list.push({ id: a.id, type: a.type, status: a.status });
      byPartner.set(k, list);
    }
  }
  return sortPartyKeys([...byPartner.keys()]).map((k) => ({ party: k, agreements: byPartner.get(k)! }));
}

/** States (by code), then the EU, then organisations (by name). */
export function sortPartyKeys(keys: readonly string[]): string[] {
  const rank = (k: string) => (k === 'EU' ? 1 : k.startsWith('ORG:') ? 2 : 0);
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
