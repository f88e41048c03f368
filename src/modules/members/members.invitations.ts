/**
 * Bulk invitation of a dialogue's users from a CSV (e-mail, name, organisation, role[, language]). A dry run
 * checks every row and writes nothing; a real run refuses the whole file if any row is bad (400 IMPORT_REJECTED
 * with every problem's row and field), else creates the accounts (no password: each sets one with the link),
 * roles and invitations in one transaction, then sends the e-mails. A message that does not go out is reported
 * with its link, so the admin can hand it over; the invitations stand either way.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/connect';
import { checkInvitationFile, type ExistingAccount } from '../../domain/invitations/invitation-file';
import { invitationMail } from '../../domain/invitations/invitation-mail';
import { AppError, Invalid } from '../../shared/errors';
import type { Locale } from '../../shared/locales';
import { auditActor, type OperatorCtx, operatorDetails, operatorUserId } from '../../shared/operator';
import { hashSecret } from '../../shared/secret-hash';
import { recordAudit } from '../audit/audit.service';
import { requireDialogueAdmin } from '../dialogues/dialogue-admin.service';
import { type OutgoingMail, sendMails } from './members.mail';
import type { InvitationReport, InvitationRow } from './members.schema';
import {
  findUsersByEmail,
  insertInvitation,
  insertInvitedUser,
  insertRole,
  listParticipatingOrganisations,
} from './members.sql';

/** As the admin module's single invitations (admin.service.ts INVITATION_DAYS). */
export const INVITATION_DAYS = 7;
export const MAX_INVITATION_BYTES = 1024 * 1024;

export interface InvitationInput {
  text: string;
  fileName: string;
  dryRun: boolean;
  /** The address invitation links start with (PASSAGE_PUBLIC_URL, else the one the admin used). */
  linkBase: string;
  /** Language of the e-mails of rows without one. */
  language: Locale;
  log?: (msg: string, error?: unknown) => void;
}

function invitationLink(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/invitation?token=${encodeURIComponent(token)}`;
}

export async function inviteFromFile(
  c: OperatorCtx,
  dialogueId: number,
  input: InvitationInput,
): Promise<InvitationReport> {
  if (Buffer.byteLength(input.text) > MAX_INVITATION_BYTES)
    throw new AppError(
      'FILE_TOO_LARGE',
      413,
      `An invitation file may have at most ${MAX_INVITATION_BYTES / 1024} KB.`,
    );
  const d = await requireDialogueAdmin(c, c.db, dialogueId, { forWrite: !input.dryRun });
  const check = await checkFile(c.db, dialogueId, input);
  const rows: InvitationRow[] = check.rows.map((r) => ({
    row: r.row,
    email: r.email,
    name: r.name,
    organisation: r.organisation,
    role: r.role,
    action: r.resolved?.action ?? null,
    emailStatus: null,
    invitationUrl: null,
  }));
  const count = (a: 'invite' | 'grant') => check.rows.filter((r) => r.resolved?.action === a).length;
  const report: InvitationReport = {
    dryRun: input.dryRun,
    rows,
    errors: check.errors,
    invited: count('invite'),
    granted: count('grant'),
    emailsSent: 0,
  };
  if (input.dryRun) return report;
  if (check.errors.length)
    throw new Invalid(
      check.errors,
      `The file has ${check.errors.length} problem(s); nothing was written. First: row ${check.errors[0]?.row ?? '?'}, ${check.errors[0]?.field}: ${check.errors[0]?.message}`,
      'IMPORT_REJECTED',
    );
  const orgNames = new Map((await listParticipatingOrganisations(c.db, d.id)).map((o) => [o.id, o.name]));
  const inviterName = c.operator === 'cli' ? null : c.operator.name;
  const mails: { index: number; mail: OutgoingMail; link: string }[] = [];
  await c.db.transaction(async (tx) => {
    // Checked again inside the transaction: accounts made meanwhile must not be duplicated.
    const recheck = await checkFile(tx, dialogueId, input);
    if (recheck.errors.length) throw new Invalid(recheck.errors, undefined, 'IMPORT_REJECTED');
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86400_000);
    for (const [index, r] of recheck.rows.entries()) {
      const x = r.resolved;
      if (!x || x.action === 'none') continue;
      let userId = x.userId;
      if (x.action === 'invite') {
        userId = await insertInvitedUser(tx, {
          organisationId: x.organisationId,
          email: r.email,
          name: r.name,
          locale: x.language,
        });
        const token = `inv_${randomBytes(24).toString('base64url')}`;
        await insertInvitation(tx, {
          tokenHash: hashSecret(token),
          userId,
          createdBy: operatorUserId(c.operator),
          expiresAt,
        });
        const link = invitationLink(input.linkBase, token);
        mails.push({
          index,
          link,
          mail: {
            to: r.email,
            ...invitationMail({
              language: x.language,
              dialogueName: d.name,
              organisationName: orgNames.get(x.organisationId) ?? r.organisation,
              role: x.role,
              inviterName,
              link,
              validDays: INVITATION_DAYS,
            }),
          },
        });
      }
      if (userId === null) continue;
      await insertRole(tx, { userId, dialogueId: d.id, role: x.role, grantedBy: operatorUserId(c.operator) });
      await recordAudit(
        tx,
        auditActor(c.operator),
        x.action === 'invite' ? 'user.add' : 'membership.grant',
        { type: 'user', id: userId, dialogueId: d.id },
        { role: x.role, invited: x.action === 'invite', via: 'invitation_file', row: r.row },
        { ip: c.ip },
      );
    }
    await recordAudit(
      tx,
      auditActor(c.operator),
      'invitation.bulk',
      { type: 'dialogue', id: d.id, dialogueId: d.id },
      {
        file: input.fileName,
        invited: report.invited,
        granted: report.granted,
        ...operatorDetails(c.operator),
      },
      { ip: c.ip },
    );
  });
  const outcomes = await sendMails(
    mails.map((m) => m.mail),
    input.log,
  );
  for (const [i, m] of mails.entries()) {
    const row = rows[m.index];
    const outcome = outcomes[i] ?? 'failed';
    if (!row) continue;
    row.emailStatus = outcome;
    if (outcome !== 'sent') row.invitationUrl = m.link;
  }
  report.emailsSent = outcomes.filter((o) => o === 'sent').length;
  return report;
}

/** Checks the file against the dialogue's organisations and the accounts its e-mails already have. */
async function checkFile(db: Queryable, dialogueId: number, input: InvitationInput) {
  const organisations = await listParticipatingOrganisations(db, dialogueId);
  const firstPass = checkInvitationFile(input.text, {
    fileName: input.fileName,
    organisations,
    accounts: new Map(),
    defaultLanguage: input.language,
  });
  const emails = [...new Set(firstPass.rows.map((r) => r.email.toLowerCase()).filter(Boolean))];
  const accounts = new Map<string, ExistingAccount>(
    (await findUsersByEmail(db, dialogueId, emails)).map((u) => [
      u.email,
      { id: u.id, organisationId: u.organisation_id, isActive: u.is_active, roles: u.roles },
    ]),
  );
  return checkInvitationFile(input.text, {
    fileName: input.fileName,
    organisations,
    accounts,
    defaultLanguage: input.language,
  });
}
