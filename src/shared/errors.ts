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
