/**
 * Bulk invitation files: a CSV with one person per row (e-mail, name, organisation, role, and optionally
 * language), checked row by row against the dialogue's organisations and the accounts that exist. Pure: the
 * caller passes what the database knows; every problem comes back with its row (the line in the file, the header
 * being row 1), column and field, so a dry run can list them all and a real run can refuse the whole file.
 */
import { parse } from 'csv-parse/sync';
import type { FieldError } from '../../shared/errors';
import { LOCALES, type Locale } from '../../shared/locales';
import { ROLES, type Role } from '../../shared/roles';

export const INVITATION_COLUMNS = ['email', 'name', 'organisation', 'role'] as const;
export const MAX_INVITATION_ROWS = 2000;

/** Other header spellings people use for the same columns. */
const HEADER_ALIASES: Record<string, string> = {
  'e-mail': 'email',
  mail: 'email',
  organization: 'organisation',
  org: 'organisation',
  lang: 'language',
  locale: 'language',
};

export interface InvitationOrganisation {
  id: number;
  kind: 'state' | 'secretariat' | 'international';
  name: string;
  acronym: string | null;
}

export interface ExistingAccount {
  id: number;
  organisationId: number;
  isActive: boolean;
  roles: readonly Role[];
}

export interface InvitationContext {
  fileName: string;
  /** Organisations taking part in the dialogue (secretariat, observers, member states' authorities). */
  organisations: readonly InvitationOrganisation[];
  /** Accounts by lower-case e-mail. */
  accounts: ReadonlyMap<string, ExistingAccount>;
  /** Language of the e-mail when the row gives none. */
  defaultLanguage: Locale;
}

export interface CheckedInvitation {
  row: number;
  email: string;
  name: string;
  organisation: string;
  role: string;
  /** Filled when the row is fine. */
  resolved?: {
    organisationId: number;
    role: Role;
    language: Locale;
    action: 'invite' | 'grant' | 'none';
    userId: number | null;
  };
}

export interface InvitationFileCheck {
  rows: CheckedInvitation[];
  errors: FieldError[];
}

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/;

/** Splits the file into records with their line numbers; the delimiter (, ; or tab) is read from the header. */
export function parseInvitationCsv(
  text: string,
  fileName: string,
): { header: string[]; records: { row: number; cells: string[] }[] } | { error: FieldError } {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // csv-parse's types do not model `info: true`, which wraps each record as { record, info }.
    parsed = parse(text, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof parsed;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return {
      error: {
        file: fileName,
        ...(line ? { row: line } : {}),
        field: 'file',
        message: `the file is not valid CSV: ${(e as Error).message}`,
      },
    };
  }
  const [head, ...rest] = parsed;
  if (!head) return { error: { file: fileName, field: 'file', message: 'the file is empty' } };
  const header = head.record.map((h) => {
    const k = h.trim().toLowerCase();
    return HEADER_ALIASES[k] ?? k;
  });
  return { header, records: rest.map((r) => ({ row: r.info.lines, cells: r.record })) };
}

/** "Data provider", "data-provider" → data_provider. */
function normaliseRole(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Which kinds of organisation a role belongs to: the secretariat's roles, and reporting for states only. */
function roleFitsOrganisation(role: Role, kind: InvitationOrganisation['kind']): string | null {
  if ((role === 'admin' || role === 'data_manager') && kind !== 'secretariat')
    return `${role} is a secretariat role: the organisation must be the dialogue's secretariat`;
  if (role === 'data_provider' && kind !== 'state')
    return 'data_provider reports for a state: the organisation must be an authority of a member state';
  return null;
}

function findOrganisation(
  orgs: readonly InvitationOrganisation[],
  raw: string,
): InvitationOrganisation | InvitationOrganisation[] | undefined {
  const k = raw.trim().toLowerCase();
  const hits = orgs.filter((o) => o.name.toLowerCase() === k || o.acronym?.toLowerCase() === k);
  return hits.length === 1 ? hits[0] : hits.length > 1 ? hits : undefined;
}

/** Checks the whole file; never stops at the first problem (up to MAX_INVITATION_ROWS rows). */
export function checkInvitationFile(text: string, ctx: InvitationContext): InvitationFileCheck {
  const parsed = parseInvitationCsv(text, ctx.fileName);
  if ('error' in parsed) return { rows: [], errors: [parsed.error] };
  const errors: FieldError[] = [];
  const at = (row: number, field: string, message: string): FieldError => ({
    file: ctx.fileName,
    row,
    column: field,
    field,
    message,
  });
  const missing = INVITATION_COLUMNS.filter((c) => !parsed.header.includes(c));
  if (missing.length)
    return {
      rows: [],
      errors: [
        at(
          1,
          'header',
          `the header lacks the column(s) ${missing.join(', ')}; expected: ${[...INVITATION_COLUMNS, 'language (optional)'].join(', ')}`,
        ),
      ],
    };
  if (parsed.records.length === 0)
    return { rows: [], errors: [at(2, 'file', 'the file has no rows under its header')] };
  if (parsed.records.length > MAX_INVITATION_ROWS)
    return {
      rows: [],
      errors: [
        at(MAX_INVITATION_ROWS + 2, 'file', `at most ${MAX_INVITATION_ROWS} people per file; split it`),
      ],
    };
  const col = (cells: string[], name: string) => (cells[parsed.header.indexOf(name)] ?? '').trim();
  const seen = new Map<string, number>();
  const rows = parsed.records.map(({ row, cells }): CheckedInvitation => {
    const email = col(cells, 'email');
    const name = col(cells, 'name');
    const organisation = col(cells, 'organisation');
    const role = col(cells, 'role');
    const language = col(cells, 'language').toLowerCase();
    const before = errors.length;
    const key = email.toLowerCase();
    if (!email) errors.push(at(row, 'email', 'is missing'));
    else if (!EMAIL_RE.test(email) || email.length > 320)
      errors.push(at(row, 'email', `"${email}" is not an e-mail address`));
    else if (seen.has(key)) errors.push(at(row, 'email', `${email} is on row ${seen.get(key)} already`));
    else seen.set(key, row);
    if (!name) errors.push(at(row, 'name', 'is missing'));
    else if (name.length > 200) errors.push(at(row, 'name', 'is longer than 200 characters'));
    const normalisedRole = normaliseRole(role);
    const isRole = (ROLES as readonly string[]).includes(normalisedRole);
    if (!role) errors.push(at(row, 'role', `is missing; expected one of: ${ROLES.join(', ')}`));
    else if (!isRole)
      errors.push(at(row, 'role', `"${role}" is not a role; expected one of: ${ROLES.join(', ')}`));
    const org = organisation ? findOrganisation(ctx.organisations, organisation) : undefined;
    if (!organisation) errors.push(at(row, 'organisation', 'is missing'));
    else if (org === undefined)
      errors.push(
        at(
          row,
          'organisation',
          `no organisation "${organisation}" takes part in this dialogue (its secretariat, observers or member states' authorities): add it first, or check the spelling`,
        ),
      );
    else if (Array.isArray(org))
      errors.push(
        at(row, 'organisation', `"${organisation}" names ${org.length} organisations: use the full name`),
      );
    if (language && !(LOCALES as readonly string[]).includes(language))
      errors.push(
        at(row, 'language', `"${language}" is not a language of Passage; expected ${LOCALES.join(', ')}`),
      );
    const resolvedOrg = org && !Array.isArray(org) ? org : undefined;
    if (resolvedOrg && isRole) {
      const misfit = roleFitsOrganisation(normalisedRole as Role, resolvedOrg.kind);
      if (misfit) errors.push(at(row, 'role', misfit));
    }
    const account = ctx.accounts.get(key);
    if (account && resolvedOrg && account.organisationId !== resolvedOrg.id)
      errors.push(at(row, 'organisation', `${email} has an account in another organisation already`));
    if (account && !account.isActive)
      errors.push(at(row, 'email', `the account of ${email} is deactivated: reactivate it instead`));
    const base = { row, email, name, organisation, role };
    if (errors.length > before || !resolvedOrg || !isRole) return base;
    const r = normalisedRole as Role;
    return {
      ...base,
      resolved: {
        organisationId: resolvedOrg.id,
        role: r,
        language: (language || ctx.defaultLanguage) as Locale,
        action: !account ? 'invite' : account.roles.includes(r) ? 'none' : 'grant',
        userId: account?.id ?? null,
      },
    };
  });
  return { rows, errors };
}
