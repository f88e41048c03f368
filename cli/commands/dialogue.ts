import type { Command } from 'commander';
import type { DialogueAdminSummary } from '../../src/modules/dialogues/dialogue-admin.schema';
import { printResult, runCommand } from './output';
import { withDatabase } from './shared';

interface CreateOptions {
  slug: string;
  name: string;
  nameFr?: string;
  nameRu?: string;
  description?: string;
  languages?: string;
  secretariat?: string;
  admin?: string;
  public?: boolean;
  indicators: boolean;
  json?: boolean;
}

function summaryLine(d: DialogueAdminSummary): string {
  const name = d.name.values[d.name.source] ?? d.slug;
  const state = d.archivedAt ? ' [archived]' : '';
  return `${d.slug.padEnd(24)} ${name} (${d.secretariat.acronym ?? d.secretariat.name}; ${d.memberStates} member states, ${d.observers} observers; ${d.classification})${state}`;
}

export function registerDialogue(program: Command): void {
  const dialogue = program.command('dialogue').description('Create and list dialogues');
  dialogue
    .command('create')
    .description('Create a dialogue with the standard indicators; its admin runs it from the web app')
    .requiredOption(
      '--slug <slug>',
      'its address: lowercase letters, digits and dashes (e.g. budapest-process)',
    )
    .requiredOption('--name <name>', 'its name in English')
    .option('--name-fr <name>', 'its name in French')
    .option('--name-ru <name>', 'its name in Russian')
    .option('--description <text>', 'a description in English')
    .option('--languages <list>', 'working languages, comma-separated (default: those of the names)')
    .option('--secretariat <org>', 'the secretariat organisation: id, acronym or name (default: the admin’s)')
    .option(
      '--admin <email>',
      'who becomes its admin and data manager (default: the only installation administrator)',
    )
    .option('--public', 'visible to anyone (default: members only)')
    .option('--no-indicators', 'start without the standard indicators')
    .option('--json', 'print the result as JSON')
    .action((o: CreateOptions) =>
      runCommand(o, async () => {
        const { createDialogue } = await import('../../src/modules/dialogues/dialogue-admin.service');
        const { soleInstallationAdmin } = await import('../../src/modules/setup/setup.service');
        const { organisationOfUser, requireUserIdByEmail } = await import(
          '../../src/modules/identity/users/users.operator'
        );
        const { findOrganisationByKey } = await import('../../src/modules/identity/users/users.service');
        await withDatabase(async (db) => {
          const adminId = o.admin ? await requireUserIdByEmail(db, o.admin) : await soleInstallationAdmin(db);
          if (adminId === null) throw new Error('give --admin EMAIL: who runs the dialogue');
          const adminOrgId = await organisationOfUser(db, adminId);
          const secretariat = o.secretariat ? await findOrganisationByKey(db, o.secretariat) : undefined;
          if (o.secretariat && !secretariat) throw new Error(`no organisation "${o.secretariat}"`);
          const values: Record<string, string> = { en: o.name };
          if (o.nameFr) values.fr = o.nameFr;
          if (o.nameRu) values.ru = o.nameRu;
          const created = await createDialogue(
            { db, operator: 'cli' },
            {
              slug: o.slug,
              name: { source: 'en', values },
              ...(o.description ? { description: { source: 'en', values: { en: o.description } } } : {}),
              ...(o.languages
                ? {
                    workingLanguages: o.languages
                      .split(',')
                      .map((l) => l.trim())
                      .filter(Boolean),
                  }
                : {}),
              secretariatOrgId: secretariat?.id ?? adminOrgId,
              classification: o.public ? 'public' : 'dialogue',
              withStandardIndicators: o.indicators,
            },
            { creatorUserId: adminId },
          );
          printResult(
            o,
            created,
            (d) => `passage: dialogue "${d.slug}" created (id ${d.id}, run by ${d.secretariat.name})`,
          );
        });
      }),
    );
  dialogue
    .command('list')
    .description('List every dialogue, archived ones included')
    .option('--json', 'print the result as JSON')
    .action((o: { json?: boolean }) =>
      runCommand(o, async () => {
        const { listAdministeredDialogues } = await import(
          '../../src/modules/dialogues/dialogue-admin.service'
        );
        await withDatabase(async (db) => {
          const list = await listAdministeredDialogues({ db, operator: 'cli' });
          printResult(o, list, (l) =>
            l.length ? l.map(summaryLine).join('\n') : 'passage: there is no dialogue yet',
          );
        });
      }),
    );
}
