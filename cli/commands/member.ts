import type { Command } from 'commander';
import type { MemberChange, MembersView } from '../../src/modules/members/members.schema';
import { printResult, runCommand } from './output';
import { withDatabase } from './shared';

interface MemberOptions {
  dialogue: string;
  country?: string;
  observer?: string;
  joined?: string;
  left?: string;
  reason?: string;
  json?: boolean;
}

/** One line per member: current ones with their start, former ones with their period. */
function membersText(m: MembersView): string {
  const period = (p: { joinedOn: string; leftOn: string | null }) =>
    p.leftOn ? `${p.joinedOn} – ${p.leftOn}` : `since ${p.joinedOn}`;
  const lines = [
    ...m.states.map(
      (s) =>
        `state    ${s.iso3}  ${s.name.en.padEnd(28)} ${s.periods.map(period).join('; ')}  (${s.figures} figures)`,
    ),
    ...m.observers.map(
      (o) => `observer ${o.organisation.name.padEnd(33)} ${o.periods.map(period).join('; ')}`,
    ),
  ];
  return lines.length ? lines.join('\n') : `passage: ${m.slug} has no members yet`;
}

function target(o: MemberOptions): { country: string } | { observer: string } {
  if (Boolean(o.country) === Boolean(o.observer))
    throw new Error('give either --country ISO3 or --observer ORG');
  return o.country ? { country: o.country } : { observer: o.observer ?? '' };
}

async function services() {
  const members = await import('../../src/modules/members/members.service');
  const { syncCountries } = await import('../../src/modules/reference/reference.service');
  const { dialogueIdOfSlug } = await import('../../src/modules/dialogues/dialogue-admin.service');
  const { findOrganisationByKey } = await import('../../src/modules/identity/users/users.service');
  return { ...members, dialogueIdOfSlug, findOrganisationByKey, syncCountries };
}

export function registerMember(program: Command): void {
  const member = program
    .command('member')
    .description('Member states and observer organisations of a dialogue');
  const common = (c: Command) =>
    c
      .requiredOption('--dialogue <slug>', 'the dialogue')
      .option('--country <iso3>', 'a member state (ISO 3166-1 alpha-3)')
      .option('--observer <org>', 'an observer organisation: id, acronym or name')
      .option('--json', 'print the members as JSON');

  common(member.command('add').description('Add a member state or an observer from a day'))
    .option('--joined <date>', 'YYYY-MM-DD (default today)')
    .action((o: MemberOptions) =>
      runCommand(o, async () => {
        const s = await services();
        await withDatabase(async (db) => {
          await s.syncCountries(db); // a database only the terminal has used has no reference data yet
          const c = { db, operator: 'cli' as const };
          const dialogueId = await s.dialogueIdOfSlug(db, o.dialogue);
          const joinedOn = o.joined ?? s.today();
          const t = target(o);
          let change: MemberChange;
          if ('country' in t)
            change = await s.addMemberState(c, dialogueId, { country: t.country, joinedOn });
          else {
            const org = await s.findOrganisationByKey(db, t.observer);
            if (!org) throw new Error(`no organisation "${t.observer}"`);
            change = await s.addObserver(c, dialogueId, { organisationId: org.id, joinedOn });
          }
          printResult(o, change.members, membersText);
        });
      }),
    );

  common(member.command('remove').description('End a membership on a day (history and figures are kept)'))
    .option('--left <date>', 'YYYY-MM-DD (default today)')
    .option('--reason <text>', 'why (kept in the history)')
    .action((o: MemberOptions) =>
      runCommand(o, async () => {
        const s = await services();
        await withDatabase(async (db) => {
          const c = { db, operator: 'cli' as const };
          const dialogueId = await s.dialogueIdOfSlug(db, o.dialogue);
          const body = { leftOn: o.left ?? s.today(), ...(o.reason ? { reason: o.reason } : {}) };
          const t = target(o);
          let change: MemberChange;
          if ('country' in t) change = await s.removeMemberState(c, dialogueId, t.country, body);
          else {
            const org = await s.findOrganisationByKey(db, t.observer);
            if (!org) throw new Error(`no organisation "${t.observer}"`);
            change = await s.removeObserver(c, dialogueId, org.id, body);
          }
          printResult(o, change, (ch) =>
            [
              membersText(ch.members),
              `passage: ${ch.rolesRevoked} role(s) of the leaving member's users revoked`,
            ].join('\n'),
          );
        });
      }),
    );

  member
    .command('list')
    .description('Members of a dialogue with their periods')
    .requiredOption('--dialogue <slug>', 'the dialogue')
    .option('--json', 'print the members as JSON')
    .action((o: MemberOptions) =>
      runCommand(o, async () => {
        const s = await services();
        await withDatabase(async (db) => {
          const dialogueId = await s.dialogueIdOfSlug(db, o.dialogue);
          printResult(o, await s.listMembers({ db, operator: 'cli' }, dialogueId), membersText);
        });
      }),
    );
}
