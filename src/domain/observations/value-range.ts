/**
 * The numbers a figure may hold. Counts of detections are far below 2^53 − 1, the largest integer JavaScript
 * (and so every JSON client) represents exactly; PostgreSQL's `numeric` would store a 1,000-digit value that
 * no reader could use. One bound for every way in: the row validator (parse-csv-row.ts) and the staging
 * checks of file imports (exchange.staging.sql.ts) both use it.
 */

/** Largest absolute value accepted: 2^53 − 1. */
export const MAX_ABS_VALUE = Number.MAX_SAFE_INTEGER;
export const MAX_INTEGER_DIGITS = 16;
export const MAX_DECIMALS = 20;

/** A plain decimal number of bounded length; the same pattern in JavaScript and PostgreSQL (POSIX ERE). */
export const BOUNDED_NUMBER_PATTERN = `^-?([0-9]{1,${MAX_INTEGER_DIGITS}}(\\.[0-9]{0,${MAX_DECIMALS}})?|\\.[0-9]{1,${MAX_DECIMALS}})$`;
const BOUNDED_NUMBER_RE = new RegExp(BOUNDED_NUMBER_PATTERN);

/** Whether a cell that is a plain decimal number is within the bound. */
export function isValueInRange(raw: string): boolean {
  return BOUNDED_NUMBER_RE.test(raw) && Math.abs(Number(raw)) <= MAX_ABS_VALUE;
}

export const VALUE_RANGE_MESSAGE = `is out of range: a figure is at most ${MAX_ABS_VALUE.toLocaleString('en')} in absolute value, with at most ${MAX_DECIMALS} decimals`;
