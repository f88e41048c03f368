/**
 * How the terminal commands answer: a short human text by default, JSON with --json (for scripts), and for a
 * refused request every problem on its own line (row, column, field) with exit code 1. Errors that are not
 * Passage's own (a bug, an unreachable server) also exit 1 with one line; commander's usage errors too.
 */
import { AppError, type FieldError } from '../../src/shared/errors';

export interface OutputOptions {
  json?: boolean;
}

/** Prints the result as JSON (--json) or as the text `human` makes of it. */
export function printResult<T>(o: OutputOptions, result: T, human: (r: T) => string): void {
  console.log(o.json ? JSON.stringify(result, null, 2) : human(result));
}

export function describeFieldError(e: FieldError): string {
  const where = [e.file, e.sheet, e.row !== undefined && `row ${e.row}`, e.column && `column ${e.column}`]
    .filter(Boolean)
    .join(', ');
  return `  ${where ? `${where}: ` : ''}${e.field}: ${e.message}`;
}

/** The lines to print for a problem: the detail, then up to `max` field errors. */
export function problemLines(detail: string, errors: readonly FieldError[] = [], max = 20): string[] {
  const lines = [`passage: ${detail}`, ...errors.slice(0, max).map(describeFieldError)];
  if (errors.length > max) lines.push(`  … and ${errors.length - max} more`);
  return lines;
}

/**
 * Runs a command's body: AppErrors (refused input, not found, conflicts) are printed with their field errors
 * (as JSON with --json) and set exit code 1; anything else propagates to the program's one-line handler.
 */
export async function runCommand(o: OutputOptions, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    // Invalid and the AppErrors that name fields carry them as extra.errors (src/shared/errors.ts).
    const errors = (e.extra.errors as FieldError[] | undefined) ?? [];
    if (o.json)
      console.error(JSON.stringify({ code: e.code, status: e.status, detail: e.message, errors }, null, 2));
    else for (const line of problemLines(e.message, errors)) console.error(line);
    process.exitCode = 1;
  }
}
