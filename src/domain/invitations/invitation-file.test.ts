import { describe, expect, it } from 'vitest';
import { checkInvitationFile, type InvitationContext } from './invitation-file';
import { invitationMail } from './invitation-mail';

const ctx = (over: Partial<InvitationContext> = {}): InvitationContext => ({
  fileName: 'people.csv',
  organisations: [
    { id: 1, kind: 'secretariat', name: 'Dialogue Secretariat', acronym: 'SEC' },
    { id: 2, kind: 'state', name: 'Ministry of Interior of Italy', acronym: 'MOI-ITA' },
    { id: 3, kind: 'international', name: 'International Organization for Migration', acronym: 'IOM' },
  ],
  accounts: new Map(),
  defaultLanguage: 'en',
  ...over,
});

const header = 'email,name,organisation,role\n';

describe('bulk invitation files', () => {
  it('resolves organisations by name or acronym and roles in any spelling', () => {
    const r = checkInvitationFile(
      `${header}ana@ita.example,Ana,MOI-ITA,Data provider\nbo@iom.example,Bo,international organization for migration,observer\n`,
      ctx(),
    );
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.resolved)).toEqual([
      { organisationId: 2, role: 'data_provider', language: 'en', action: 'invite', userId: null },
      { organisationId: 3, role: 'observer', language: 'en', action: 'invite', userId: null },
    ]);
  });

  it('names the row and the field of every problem (a bad e-mail on row 7)', () => {
    const good = (i: number) => `p${i}@ita.example,P${i},MOI-ITA,viewer\n`;
    const text = `${header}${[2, 3, 4, 5, 6].map(good).join('')}not-an-email,Seven,MOI-ITA,viewer\n${good(8)}`;
    const r = checkInvitationFile(text, ctx());
    expect(r.errors).toEqual([
      {
        file: 'people.csv',
        row: 7,
        column: 'email',
        field: 'email',
        message: '"not-an-email" is not an e-mail address',
      },
    ]);
    expect(r.rows.find((x) => x.row === 7)?.resolved).toBeUndefined();
    expect(r.rows.filter((x) => x.resolved)).toHaveLength(6);
  });

  it('reports duplicates, unknown organisations and roles, misfits and a missing column', () => {
    const r = checkInvitationFile(
      `${header}a@x.example,A,SEC,admin\nA@x.example,A2,SEC,viewer\nb@x.example,B,Nowhere,viewer\nc@x.example,C,IOM,boss\nd@x.example,D,IOM,data_provider\ne@x.example,E,MOI-ITA,data_manager\n`,
      ctx(),
    );
    expect(r.errors.map((e) => `${e.row} ${e.field}`)).toEqual([
      '3 email',
      '4 organisation',
      '5 role',
      '6 role',
      '7 role',
    ]);
    expect(r.errors[0]!.message).toBe('A@x.example is on row 2 already');
    const noRole = checkInvitationFile('email,name,organisation\na@x.example,A,SEC\n', ctx());
    expect(noRole.errors).toMatchObject([
      { row: 1, field: 'header', message: expect.stringContaining('role') },
    ]);
  });

  it('grants a role to an existing account of the same organisation, refuses one of another', () => {
    const accounts = new Map([
      ['ana@ita.example', { id: 10, organisationId: 2, isActive: true, roles: ['viewer' as const] }],
      ['zed@x.example', { id: 11, organisationId: 3, isActive: true, roles: [] }],
    ]);
    const r = checkInvitationFile(
      `${header}ana@ita.example,Ana,MOI-ITA,analyst\nzed@x.example,Zed,MOI-ITA,viewer\n`,
      ctx({ accounts }),
    );
    expect(r.rows[0]!.resolved).toMatchObject({ action: 'grant', userId: 10 });
    expect(r.errors).toMatchObject([{ row: 3, field: 'organisation' }]);
  });

  it('reads semicolon files with a language column, and writes the e-mail in that language', () => {
    const r = checkInvitationFile(
      'email;name;organisation;role;language\nana@ita.example;Ana;SEC;viewer;fr\n',
      ctx(),
    );
    expect(r.rows[0]!.resolved?.language).toBe('fr');
    const mail = invitationMail({
      language: 'fr',
      dialogueName: 'Processus de test',
      organisationName: 'SEC',
      role: 'viewer',
      inviterName: 'Eva',
      link: 'https://passage.example/invitation?token=inv_x',
      validDays: 7,
    });
    expect(mail.subject).toBe('Invitation à Processus de test sur Passage');
    expect(mail.text).toContain('https://passage.example/invitation?token=inv_x');
    expect(mail.text).toContain('lecteur');
  });
});
