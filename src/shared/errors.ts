/**
 * One error hierarchy for the whole server. Services throw these; the problem-json plugin renders them.
 * Codes are stable identifiers clients may rely on: add new ones to ERROR_CODES, never rename.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 'The request did not pass validation',
  MALFORMED_JSON: 'The request body is not valid JSON',
  NOT_FOUND: 'The resource does not exist or is not visible to you',
  ROUTE_NOT_FOUND: 'No such API endpoint',
  UNAUTHENTICATED: 'You must log in',
  INVALID_CREDENTIALS: 'E-mail or password is wrong',
  ACCOUNT_DISABLED: 'The account is deactivated',
  FORBIDDEN: 'You are not allowed to do this',
  CONFLICT: 'The resource was changed by someone else',
  ALREADY_EXISTS: 'A resource with this key already exists',
  // Identity (admin, API tokens, two-factor authentication, single sign-on): src/modules/{admin,tokens,two-factor,sso}
  SELF_ROLE_CHANGE: 'You cannot change your own roles or deactivate yourself',
  WRONG_PASSWORD: 'The current password is wrong',
  PASSWORD_REJECTED: 'The password does not meet the password rule',
  INVITATION_INVALID: 'The invitation is unknown, used or expired',
  TOKEN_INVALID: 'The API token is not valid',
  TOKEN_EXPIRED: 'The API token has expired',
  TOKEN_REVOKED: 'The API token was revoked',
  TOKEN_NOT_ALLOWED: 'API tokens cannot do this; log in instead',
  TOKEN_SCOPE_MISSING: 'The API token lacks the scope for this',
  TOTP_INVALID: 'The two-factor code is wrong or was already used',
  TOTP_LOCKED: 'Too many wrong two-factor codes; try again later',
  TOTP_LOGIN_EXPIRED: 'The login waiting for a two-factor code expired; log in again',
  TOTP_ENROLMENT_REQUIRED: 'Your roles require two-factor authentication: enrol first',
  TOTP_ALREADY_ENROLLED: 'Two-factor authentication is already enrolled',
  TOTP_NOT_ENROLLED: 'Two-factor authentication is not enrolled',
  SSO_DISABLED: 'Single sign-on is not configured on this installation',
  SSO_FAILED: 'Single sign-on failed',
  // Access control and security hardening: src/server/plugins/security.ts, src/modules/auth (lock-out)
  ACCOUNT_LOCKED: 'Too many failed logins for this account; try again later',
  ADDRESS_LOCKED: 'Too many failed logins from your address; try again later',
  RATE_LIMITED: 'Too many requests; slow down',
  CSRF_REJECTED: 'Cross-site request refused',
  // Statistics exchange: src/modules/observations, submissions, validation-rules
  IMPORT_REJECTED: 'The file was rejected; nothing was written',
  FILE_TOO_LARGE: 'The file is larger than the upload limit',
  UPLOAD_LIMIT_EXCEEDED: 'The file exceeds a limit once unpacked (size, rows, cells or strings)',
  SUBMISSION_WRONG_STATUS: 'The submission is not in a status that allows this',
  RELEASE_SCHEDULED: 'The submission is scheduled for release; it publishes itself at that time',
  RELEASE_INVALID: 'The release time cannot be used',
  RULES_FAILED: 'Validation rules found errors; fix them before submitting',
  WARNINGS_NEED_COMMENT: 'Each validation warning needs a comment before submitting',
  // Situation reports: src/modules/reports (rendering limits, issue 13 item 5)
  REPORT_RATE_LIMITED: 'You generated too many reports in the last minute; try again shortly',
  REPORT_QUEUE_FULL: 'Too many reports are being rendered; try again shortly',
  // Secretariat definitions: src/modules/definitions
  PERIOD_OUTSIDE_CALENDAR: "A period is outside the reporter's reporting calendar",
  // Set-up, dialogues and members: src/modules/{setup,dialogues,members}
  SETUP_LINK_INVALID: 'The set-up link is unknown, already used, replaced by a newer one or expired',
  SETUP_DONE: 'Passage has an administrator already: log in instead',
  DIALOGUE_ARCHIVED: 'The dialogue is archived: it is read-only',
  IMAGE_REJECTED: 'The image was refused: send a PNG, JPEG or WebP file within the size limits',
  // Calendars that chase, and locks: src/modules/{period-locks,validation-rules}
  PERIOD_LOCKED: 'A published month is locked; the secretariat must reopen it before it can change',
  PERIOD_NOT_LOCKED: 'Nothing of this month is locked (never published, or reopened already)',
  // Notices of new national measures: src/modules/notices
  NOTICE_ALREADY_SENT: 'The notice was sent already',
  NOTICE_NOT_SENT: 'The notice is a draft: it is not sent yet',
  NOTICE_OWN: 'This is a notice of your own state: you answer it, you do not acknowledge or comment on it',
  NOTICE_ALREADY_ACKNOWLEDGED: 'Your organisation acknowledged this notice already',
  NOTICE_COMMENTS_CLOSED: 'The deadline for comments on this notice has passed',
  NOTICE_ATTACHMENT_TYPE: 'The file is not a PDF, DOCX, PNG or JPEG file; nothing was written',
  NOTICE_ATTACHMENTS_FULL: 'The notice has as many attachments as it may have; nothing was written',
  PRACTICE_ATTACHMENTS_FULL: 'The practice has as many files as it may have; nothing was written',
  INBOUND_MAIL_DISABLED: 'Inbound e-mail is not enabled on this installation',
  INBOUND_MAIL_SECRET: 'The inbound e-mail secret is missing or wrong',
  INBOUND_MAIL_REFUSED: 'The e-mail was dropped: no draft notice was made',
  // Contact points and liaison officers: src/modules/contacts
  CONTACT_LINK_INVALID: 'The confirmation link is not valid (altered, incomplete or for a removed entry)',
  CONTACT_LINK_EXPIRED: 'The confirmation link has expired; ask the secretariat for a new one',
  // Document library: src/modules/documents
  DOCUMENT_UNSUPPORTED: 'The file is not one of PDF, DOCX, XLSX, ODT or plain text; nothing was written',
  DOCUMENT_UNREADABLE: 'The file is damaged or cannot be read as its format; nothing was written',
  DOCUMENT_ENCRYPTED: 'The file is protected by a password or encrypted; nothing was written',
  // Implementation monitoring of declarations: src/modules/monitoring
  SPLIT_REJECTED:
    'The split of the declaration loses text or uses a commitment number twice; nothing was written',
  CYCLE_CLOSED: 'The reporting cycle is closed: it is read-only',
  CYCLE_DEADLINE_PASSED: 'The deadline of the reporting cycle has passed',
  REPORT_WRONG_STATUS: 'The report is not in a status that allows this',
  // Best-practice inventory: src/modules/practices
  PRACTICE_WRONG_STATUS: 'The practice is not in a status that allows this',
  // Draft consultations: src/modules/consultations
  CONSULTATION_CLOSED: 'The deadline for comments on this draft has passed; nothing was written',
  CONSULTATION_NOT_DRAFT: 'The consultation is open: its split can no longer be corrected',
  CONSULTATION_NOT_OPEN: 'The consultation is not open for comments yet',
  CONSULTATION_OLD_VERSION: 'The comment is on an earlier version of the draft, which can no longer change',
  // Country profiles: src/modules/profiles
  PROFILE_NOT_DRAFT: 'Only the latest draft of a profile is endorsed or returned',
  // The embedded database after a failed write of its log (src/db/pglite-stop.ts)
  DATABASE_STOPPED: 'The embedded database stopped: free disk space, then restart Passage',
  // A database failure that is neither the request's fault nor a bug (src/db/database-errors.ts)
  DATABASE_DISK_FULL: 'The database has no space left on its disk',
  DATABASE_UNAVAILABLE: 'The database does not answer',
  INTERNAL: 'Internal server error',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where a bad value sits: a field path for JSON, a file/row/column for imports. */
export interface FieldError {
  field: string;
  message: string;
  file?: string;
  sheet?: string;
  row?: number;
  column?: string;
  /** A stable code of the message (e.g. MAPPING_TWO_COLUMNS), with `params`: the API words it per language. */
  code?: string;
  params?: Readonly<Record<string, string | number>>;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? ERROR_CODES[code]);
    this.name = new.target.name;
  }
}

export class NotFound extends AppError {
  constructor(what: string) {
    super('NOT_FOUND', 404, `${what} was not found`);
  }
}

export class Unauthenticated extends AppError {
  constructor(detail = 'You must log in to do this', code: ErrorCode = 'UNAUTHENTICATED') {
    super(code, 401, detail);
  }
}

export class Forbidden extends AppError {
  constructor(detail = 'You are not allowed to do this') {
    super('FORBIDDEN', 403, detail);
  }
}

export class Invalid extends AppError {
  constructor(
    readonly errors: FieldError[],
    detail = summarise(errors),
    code: ErrorCode = 'VALIDATION_FAILED',
  ) {
    super(code, 400, detail, { errors });
  }
}

export class Conflict extends AppError {
  constructor(detail: string, current?: unknown, code: ErrorCode = 'CONFLICT') {
    super(code, 409, detail, current === undefined ? {} : { current });
  }
}

function summarise(errors: FieldError[]): string {
  const first = errors[0];
  if (!first) return ERROR_CODES.VALIDATION_FAILED;
  const where = [
    first.file,
    first.sheet,
    first.row && `row ${first.row}`,
    first.column && `column ${first.column}`,
  ]
    .filter(Boolean)
    .join(', ');
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${first.field}: ${first.message}${where ? ` [${where}]` : ''}${more}`;
}
