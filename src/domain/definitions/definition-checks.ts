/**
 * Rules a definition must keep whatever way it is saved (create or update), as pure checks returning the
 * field errors of the request body: an indicator's additive breakdowns are among its breakdowns, a route is
 * not valid until before it is valid from.
 */
import type { FieldError } from '../../shared/errors';

/** Each additive breakdown must be one of the indicator's breakdowns. */
export function checkAdditive(breakdowns: readonly string[], additive: readonly string[]): FieldError[] {
  return additive.flatMap((a, i) =>
    breakdowns.includes(a)
      ? []
      : [
          {
            field: `body.additiveBreakdowns[${i}]`,
            message: `"${a}" is not one of the indicator's breakdowns (${breakdowns.join(', ') || 'none'})`,
          },
        ],
  );
}

/** validTo (YYYY-MM-DD), when set, is not before validFrom. */
export function checkValidityDates(validFrom: string, validTo: string | null): FieldError[] {
  return validTo !== null && validTo < validFrom
    ? [{ field: 'body.validTo', message: `is before validFrom (${validFrom})` }]
    : [];
}
