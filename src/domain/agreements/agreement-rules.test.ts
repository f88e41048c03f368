import { describe, expect, it } from 'vitest';
import {
  type AgreementDates,
  type AgreementRef,
  agreementStatus,
  agreementTimeline,
  buildMatrix,
  checkAgreementDates,
  checkParties,
  isActiveInYear,
  partnersOf,
  partyKey,
  partyOfKey,
} from './agreement-rules';

const none: AgreementDates = {
  mandateOn: null,
  signedOn: null,
  inForceOn: null,
  suspendedOn: null,
  endedOn: null,
};
const known = (iso3: string) => ['GRC', 'TUR', 'ITA', 'AUT'].includes(iso3);

describe('agreement status from dates', () => {
  const full = { ...none, mandateOn: '2010-01-01', signedOn: '2012-05-01', inForceOn: '2013-01-01' };
  it('follows the dates that have happened by the day asked', () => {
    expect(agreementStatus(none, '2020-01-01')).toBe('proposed');
    expect(agreementStatus(full, '2009-12-31')).toBe('proposed');
    expect(agreementStatus(full, '2010-01-01')).toBe('negotiating');
    expect(agreementStatus(full, '2012-05-01')).toBe('signed');
    expect(agreementStatus(full, '2013-01-01')).toBe('in_force');
    expect(agreementStatus({ ...full, suspendedOn: '2016-03-01' }, '2016-03-02')).toBe('suspended');
    expect(agreementStatus({ ...full, suspendedOn: '2016-03-01', endedOn: '2018-01-01' }, '2019-01-01')).toBe(
      'ended',
    );
  });
  it('counts a past negotiation round as negotiating even without a mandate date', () => {
    expect(agreementStatus(none, '2020-01-01', [{ date: '2019-04-02', place: 'Ankara', note: '' }])).toBe(
      'negotiating',
    );
    expect(agreementStatus(none, '2019-01-01', [{ date: '2019-04-02', place: 'Ankara', note: '' }])).toBe(
      'proposed',
    );
  });
});

describe('checkAgreementDates', () => {
  it('accepts consistent dates and the same day for signature and entry into force', () => {
    expect(
      checkAgreementDates({
        ...none,
        mandateOn: '2010-01-01',
        signedOn: '2011-01-01',
        inForceOn: '2011-01-01',
      }),
    ).toEqual([]);
    expect(checkAgreementDates(none)).toEqual([]);
  });
  it('refuses entry into force before the signature, or without one', () => {
    expect(checkAgreementDates({ ...none, signedOn: '2012-05-01', inForceOn: '2012-04-30' })).toEqual([
      { field: 'body.inForceOn', message: 'in force on 2012-04-30, before it was signed (2012-05-01)' },
    ]);
    expect(checkAgreementDates({ ...none, inForceOn: '2012-04-30' })[0]?.field).toBe('body.inForceOn');
  });
  it('refuses an end before the signature and a suspension before entry into force', () => {
    expect(checkAgreementDates({ ...none, signedOn: '2012-05-01', endedOn: '2011-01-01' })).toEqual([
      { field: 'body.endedOn', message: 'ended on 2011-01-01, before it was signed (2012-05-01)' },
    ]);
    const p = checkAgreementDates({
      ...none,
      signedOn: '2012-05-01',
      inForceOn: '2013-01-01',
      suspendedOn: '2012-12-01',
    });
    expect(p.map((x) => x.field)).toEqual(['body.suspendedOn']);
    expect(checkAgreementDates({ ...none, suspendedOn: '2012-12-01' }).map((x) => x.field)).toEqual([
      'body.suspendedOn',
    ]);
  });
  it('refuses a signature or a round before the mandate', () => {
    const p = checkAgreementDates({ ...none, mandateOn: '2010-06-01', signedOn: '2010-01-01' }, [
      { date: '2010-07-01', place: '', note: '' },
      { date: '2009-07-01', place: '', note: '' },
    ]);
    expect(p.map((x) => x.field)).toEqual(['body.signedOn', 'body.rounds[1].date']);
  });
});

describe('checkParties', () => {
  it('needs two different parties, known state codes and named organisations', () => {
    expect(checkParties([{ kind: 'state', iso3: 'GRC' }, { kind: 'eu' }], known)).toEqual([]);
    expect(checkParties([{ kind: 'state', iso3: 'GRC' }], known)).toEqual([
      { field: 'body.parties', message: 'an agreement has at least two different parties' },
    ]);
    expect(
      checkParties(
        [
          { kind: 'state', iso3: 'GRC' },
          { kind: 'state', iso3: 'grc' },
        ],
        known,
      ).map((p) => p.field),
    ).toEqual(['body.parties[1]', 'body.parties']);
    expect(
      checkParties(
        [{ kind: 'state', iso3: 'XYZ' }, { kind: 'organisation', name: ' ' }, { kind: 'eu' }],
        known,
      ).map((p) => p.field),
    ).toEqual(['body.parties[0].iso3', 'body.parties[1].name']);
  });
  it('keys parties one way and back', () => {
    expect(partyKey({ kind: 'organisation', name: ' International  Organization ' })).toBe(
      'ORG:International Organization',
    );
    expect(partyOfKey('ORG:IOM')).toEqual({ kind: 'organisation', name: 'IOM' });
    expect(partyOfKey('EU')).toEqual({ kind: 'eu' });
    expect(partyOfKey('TUR')).toEqual({ kind: 'state', iso3: 'TUR' });
  });
});

describe('timeline and years', () => {
  const d = {
    ...none,
    mandateOn: '2010-01-01',
    signedOn: '2012-05-01',
    inForceOn: '2012-05-01',
    endedOn: '2030-01-01',
  };
  const rounds = [
    { date: '2011-03-01', place: 'Athens', note: 'second' },
    { date: '2010-09-01', place: 'Ankara', note: 'first' },
  ];
  it('orders the steps by date, signature before entry into force on one day, marks the future', () => {
    const t = agreementTimeline(d, rounds, '2020-01-01');
    expect(t.map((e) => [e.date, e.kind, e.isFuture])).toEqual([
      ['2010-01-01', 'mandate', false],
      ['2010-09-01', 'round', false],
      ['2011-03-01', 'round', false],
      ['2012-05-01', 'signed', false],
      ['2012-05-01', 'in_force', false],
      ['2030-01-01', 'ended', true],
    ]);
    expect(t[1]).toMatchObject({ place: 'Ankara', note: 'first' });
  });
  it('is active in the years between its first date and its end', () => {
    expect(isActiveInYear(d, rounds, 2009)).toBe(false);
    expect(isActiveInYear(d, rounds, 2010)).toBe(true);
    expect(isActiveInYear(d, rounds, 2030)).toBe(true);
    expect(isActiveInYear(d, rounds, 2031)).toBe(false);
    expect(isActiveInYear(none, [], 2020)).toBe(false);
  });
});

describe('matrix and partners', () => {
  const refs: AgreementRef[] = [
    { id: 1, type: 'readmission', title: 'EU–TUR readmission', status: 'in_force', partyKeys: ['EU', 'TUR'] },
    {
      id: 2,
      type: 'working_arrangement',
      title: 'GRC–TUR–IOM',
      status: 'signed',
      partyKeys: ['TUR', 'GRC', 'ORG:IOM'],
    },
    { id: 3, type: 'readmission', title: 'GRC–TUR readmission', status: 'ended', partyKeys: ['GRC', 'TUR'] },
  ];
  it('lists each pair once with the agreements it shares, states first', () => {
    const m = buildMatrix(refs);
    expect(m.parties).toEqual(['GRC', 'TUR', 'EU', 'ORG:IOM']);
    expect(m.cells.map((c) => [c.a, c.b, c.agreements.map((a) => a.id)])).toEqual([
      ['GRC', 'TUR', [2, 3]],
      ['GRC', 'ORG:IOM', [2]],
      ['TUR', 'EU', [1]],
      ['TUR', 'ORG:IOM', [2]],
    ]);
  });
  it('filters by type', () => {
    const m = buildMatrix(refs, { type: 'readmission' });
    expect(m.parties).toEqual(['GRC', 'TUR', 'EU']);
    expect(m.cells.map((c) => `${c.a}|${c.b}`)).toEqual(['GRC|TUR', 'TUR|EU']);
  });
  it('gives the partners of one party', () => {
    expect(partnersOf(refs, 'TUR').map((p) => [p.party, p.agreements.map((a) => a.id)])).toEqual([
      ['GRC', [2, 3]],
      ['EU', [1]],
      ['ORG:IOM', [2]],
    ]);
    expect(partnersOf(refs, 'AUT')).toEqual([]);
  });
});
