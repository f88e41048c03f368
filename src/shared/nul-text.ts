/**
 * The NUL character (U+0000) in text that came from a caller. PostgreSQL cannot store it in `text` or `jsonb`
 * ("invalid byte sequence … 0x00", a 500 if it gets that far), and no legitimate name, comment or code holds
 * it, so every request is checked once, before validation (src/server/plugins/reject-nul.ts), and imported
 * cells are checked by the row validator (src/domain/observations/parse-csv-row.ts). One rule, one message.
 *
 * The walk is iterative (a deeply nested JSON body must not overflow the stack) and stops at the first hit.
 */
import type { FieldError } from './errors';

export const NUL = '\u0000';
export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';

export function hasNul(s: string): boolean {
  return s.includes(NUL);
}

/**
 * Where in `value` (a parsed JSON body, the query or the path parameters) a string or an object key holds
 * U+0000, as a field error named like the validation errors (`body.observations[2].comment`); else undefined.
 * Values that are not plain data (a stream, a buffer) are not looked into.
 */
export function findNul(value: unknown, location: string): FieldError | undefined {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: location }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (hasNul(v)) return { field: path, message: NUL_MESSAGE };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}[${i}]` });
    } else if (isDataObject(v)) {
      const entries = Object.entries(v);
      for (const [k] of entries)
        if (hasNul(k)) return { field: path, message: `has a key that ${NUL_MESSAGE}` };
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        stack.push({ v: child, path: `${path}.${k}` });
      }
    }
  }
  return undefined;
}

/**
 * An object holding data: parsed JSON, or the params and query objects of the router and the query-string
 * parser (which have their own prototypes). Streams (an upload's body) and binary buffers are not.
 */
function isDataObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return false;
  // A stream is recognised by its pipe method; the cast only lets us look for it.
  return typeof (v as { pipe?: unknown }).pipe !== 'function';
}
