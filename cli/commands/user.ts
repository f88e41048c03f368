import type { Command } from 'commander';
import { addUser } from '../../src/modules/identity/users/users.service';
import { ROLES, type Role } from '../../src/shared/roles';
import { withDatabase } from './shared';
import { registerUserAdmin } from './user-admin';

export function registerUser(program: Command): void {
  const user = program.command('user').description('Manage user accounts');
  registerUserAdmin(user);
  user
    .command('add')
    .description('Create a user account, optionally with a role in a dialogue')
    .requiredOption('--email <email>', 'login e-mail')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--org <org>', 'organisation id, acronym or exact name')
    .option(
      '--password <password>',
      'initial password (env PASSAGE_PASSWORD; at least 12 characters, not a common one)',
    )
    .option('--dialogue <slug>', 'dialogue to grant a role in')
    .option('--role <role>', `role in the dialogue: ${ROLES.join(', ')}`)
    .action(
      async (o: {
        email: string;
        name: string;
        org: string;
        password?: string;
        dialogue?: string;
        role?: string;
      }) => {
        const password = o.password ?? process.env.PASSAGE_PASSWORD;
        if (!password) throw new Error('give --password or set PASSAGE_PASSWORD');
        if (o.role && !ROLES.includes(o.role as Role))
          throw new Error(`--role must be one of ${ROLES.join(', ')}`);
        if (Boolean(o.role) !== Boolean(o.dialogue)) throw new Error('--role and --dialogue go together');
        await withDatabase(async (db) => {
          const u = await addUser(db, {
            email: o.email,
            name: o.name,
            org: o.org,
            password,
            grant: o.dialogue && o.role ? { dialogueSlug: o.dialogue, role: o.role as Role } : undefined,
          });
          console.log(`passage: user ${u.email} created (id ${u.id})`);
        });
      },
    );
}
