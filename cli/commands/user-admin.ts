import type { Command } from 'commander';
import type { UserListItem } from '../../src/modules/identity/users/users.operator';
import { ROLES, type Role } from '../../src/shared/roles';
import { printResult, runCommand } from './output';
import { withDatabase } from './shared';

function userLine(u: UserListItem): string {
  const flags = [
    u.isActive ? null : 'deactivated',
    u.isPlatformAdmin ? 'installation admin' : null,
    u.hasTwoFactor ? '2FA' : null,
    u.hasPassword ? null : 'invited',
  ].filter(Boolean);
  const roles = u.roles.map((r) => `${r.dialogue}:${r.role}`).join(' ');
  return `${String(u.id).padStart(5)}  ${u.email.padEnd(32)} ${u.name} (${u.organisation})${flags.length ? ` [${flags.join(', ')}]` : ''}${roles ? `  ${roles}` : ''}`;
}

function asRole(value: string): Role {
  const role = ROLES.find((r) => r === value);
  if (!role) throw new Error(`role must be one of ${ROLES.join(', ')}`);
  return role;
}

/** `passage user list|disable|role`, next to `passage user add` (user.ts). */
export function registerUserAdmin(user: Command): void {
  user
    .command('list')
    .description('List accounts with their organisation, status and roles')
    .option('--dialogue <slug>', 'only the members of this dialogue')
    .option('--json', 'print the result as JSON')
    .action((o: { dialogue?: string; json?: boolean }) =>
      runCommand(o, async () => {
        const { listUsersForOperator } = await import('../../src/modules/identity/users/users.operator');
        const { dialogueIdOfSlug } = await import('../../src/modules/dialogues/dialogue-admin.service');
        await withDatabase(async (db) => {
          const dialogueId = o.dialogue ? await dialogueIdOfSlug(db, o.dialogue) : null;
          const users = await listUsersForOperator(db, dialogueId);
          printResult(o, users, (l) => (l.length ? l.map(userLine).join('\n') : 'passage: no accounts'));
        });
      }),
    );

  user
    .command('disable')
    .description('Deactivate an account (ends its sessions, revokes its API tokens); --enable reactivates it')
    .argument('<email>', 'the account')
    .option('--enable', 'reactivate instead')
    .option('--json', 'print the result as JSON')
    .action((email: string, o: { enable?: boolean; json?: boolean }) =>
      runCommand(o, async () => {
        const { setUserActiveByOperator } = await import('../../src/modules/identity/users/users.operator');
        await withDatabase(async (db) => {
          const id = await setUserActiveByOperator(db, email, o.enable === true);
          printResult(
            o,
            { id, email, isActive: o.enable === true },
            (r) =>
              `passage: ${r.email} ${r.isActive ? 'reactivated' : 'deactivated (sessions ended, API tokens revoked)'}`,
          );
        });
      }),
    );

  user
    .command('role')
    .description('Grant or revoke a role in a dialogue, or make an account an installation administrator')
    .argument('<email>', 'the account')
    .option('--dialogue <slug>', 'the dialogue (with --grant or --revoke)')
    .option('--grant <role>', `role to grant: ${ROLES.join(', ')}`)
    .option('--revoke <role>', 'role to revoke')
    .option('--platform-admin <on|off>', 'installation administrator (creates dialogues)')
    .option('--json', 'print the result as JSON')
    .action(
      (
        email: string,
        o: { dialogue?: string; grant?: string; revoke?: string; platformAdmin?: string; json?: boolean },
      ) =>
        runCommand(o, async () => {
          const ops = await import('../../src/modules/identity/users/users.operator');
          const { dialogueIdOfSlug } = await import('../../src/modules/dialogues/dialogue-admin.service');
          const { setInstallationAdmin } = await import('../../src/modules/setup/setup.service');
          const changes = [o.grant, o.revoke, o.platformAdmin].filter((x) => x !== undefined).length;
          if (changes !== 1)
            throw new Error('give one of --grant ROLE, --revoke ROLE or --platform-admin on|off');
          await withDatabase(async (db) => {
            if (o.platformAdmin !== undefined) {
              if (!['on', 'off'].includes(o.platformAdmin))
                throw new Error('--platform-admin takes on or off');
              const userId = await ops.requireUserIdByEmail(db, email);
              await setInstallationAdmin(db, userId, o.platformAdmin === 'on');
              printResult(
                o,
                { email, isPlatformAdmin: o.platformAdmin === 'on' },
                (r) =>
                  `passage: ${r.email} is ${r.isPlatformAdmin ? 'now' : 'no longer'} an installation administrator`,
              );
              return;
            }
            if (!o.dialogue) throw new Error('--grant and --revoke need --dialogue SLUG');
            const role = asRole(o.grant ?? o.revoke ?? '');
            const isGrant = o.grant !== undefined;
            const dialogueId = await dialogueIdOfSlug(db, o.dialogue);
            const changed = await ops.changeRoleByOperator(db, { email, dialogueId, role, grant: isGrant });
            printResult(o, { email, dialogue: o.dialogue, role, granted: isGrant, changed }, (r) =>
              r.changed
                ? `passage: ${r.email} ${r.granted ? 'now holds' : 'no longer holds'} ${r.role} in ${r.dialogue}`
                : `passage: nothing to do: ${r.email} ${r.granted ? 'holds' : 'does not hold'} ${r.role} in ${r.dialogue}`,
            );
          });
        }),
    );
}
