/**
 * An API error as the web app receives it: RFC 9457 problem details with Passage's stable `code`, as
 * src/server/plugins/problem-json.ts renders every error. Made of the server's own error vocabulary
 * (src/shared/errors.ts), so a renamed code or field location shows up in the web typecheck.
 */
import type { ErrorCode, FieldError } from '../shared/errors';

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  /** The request id (quote it when reporting a problem). */
  instance?: string;
  /** Absent only when the answer was not problem+json (e.g. a proxy's error page). */
  code?: ErrorCode;
  /** Where the input was wrong: a field, or a file/sheet/row/column of an import. */
  errors?: FieldError[];
  /** Extra members of some errors, e.g. `current` (the other person's version) with a CONFLICT. */
  current?: unknown;
  retryAfterSeconds?: number;
}
