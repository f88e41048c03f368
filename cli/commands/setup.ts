import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { readConfig } from '../../src/shared/config';
import { printResult, runCommand } from './output';
import { withDatabase } from './shared';

interface SetupOptions {
  email?: string;
  name?: string;
  org?: string;
  orgAcronym?: string;
  link?: boolean;
  url?: string;
  json?: boolean;
}

/** Asks on the terminal; `hidden` does not echo what is typed (passwords). */
async function ask(question: string, hidden = false): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = rl.question(question);
    muted = hidden;
    const text = await answer;
    if (hidden) process.stdout.write('\n');
    return text.trim();
  } finally {
    rl.close();
  }
}

/** The answers: flags first, then the terminal; without a terminal every answer must come from flags. */
async function answers(o: SetupOptions) {
  const interactive = process.stdin.isTTY === true;
  const need = (value: string | undefined, question: string, flag: string) => {
    if (value) return Promise.resolve(value);
    if (!interactive) throw new Error(`give ${flag} (no terminal to ask on)`);
    return ask(question);
  };
  const name = await need(o.name, 'Your name: ', '--name');
  const email = await need(o.email, 'Your e-mail (your login): ', '--email');
  const org = await need(o.org, 'Organisation running the dialogues (the secretariat): ', '--org');
  const orgAcronym =
    o.orgAcronym ??
    (o.org || !interactive ? undefined : (await ask('Its acronym (optional): ')) || undefined);
  let password = process.env.PASSAGE_PASSWORD;
  if (!password) {
    if (!interactive) throw new Error('set PASSAGE_PASSWORD (no terminal to ask on)');
    password = await ask('Password (at least 12 characters): ', true);
    if ((await ask('The same password again: ', true)) !== password)
      throw new Error('the two passwords differ');
  }
  return {
    name,
    email,
    password,
    organisation: { name: org, ...(orgAcronym ? { acronym: orgAcronym } : {}) },
  };
}

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description('Create the first administrator and the secretariat organisation (only while none exists)')
    .option('--name <name>', 'your full name')
    .option('--email <email>', 'your login e-mail')
    .option('--org <name>', 'the secretariat organisation (created unless one of that name exists)')
    .option('--org-acronym <acronym>', "the organisation's acronym")
    .option('--link', 'print a new one-time set-up link for the web page instead (replaces earlier ones)')
    .option(
      '--url <url>',
      'address of the server for the link (default PASSAGE_PUBLIC_URL or http://localhost:PORT)',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nAsks on the terminal for what the options do not give; the password comes from the terminal or from\n' +
        'PASSAGE_PASSWORD (never from an option). The administrator then enrols two-factor authentication at the\n' +
        'first login. With the embedded database, stop the server first (or use --link and the web page).',
    )
    .action((o: SetupOptions) =>
      runCommand(o, async () => {
        const { createFirstAdmin, isSetupNeeded, issueSetupToken, SETUP_LINK_HOURS, setupLink } =
          await import('../../src/modules/setup/setup.service');
        await withDatabase(async (db) => {
          if (!(await isSetupNeeded(db))) {
            console.error('passage: Passage has an administrator already; log in, or ask them to add you.');
            process.exitCode = 1;
            return;
          }
          if (o.link) {
            const config = readConfig();
            const issued = await issueSetupToken(db);
            const base = o.url ?? config.mail.publicUrl ?? `http://localhost:${config.port}`;
            const url = issued ? setupLink(base, issued.token) : null;
            printResult(
              o,
              { url, expiresAt: issued?.expiresAt ?? null },
              () =>
                `passage: open this link once within ${SETUP_LINK_HOURS} hours to create the first administrator:\n  ${url}`,
            );
            return;
          }
          const admin = await createFirstAdmin(db, await answers(o), { via: 'cli' });
          printResult(o, admin, (a) =>
            [
              `passage: administrator ${a.email} created (user ${a.userId}, organisation ${a.organisationId}).`,
              'passage: log in with it; you will be asked to set up two-factor authentication first.',
            ].join('\n'),
          );
        });
      }),
    );
}
