/**
 * The as-of rule of vintages: the data "as published on D" is what was published before the cut-off and not
 * superseded by then. Used by every reader of a past vintage (observations, dashboards), so it lives once.
 */
import { Invalid } from '../../shared/errors';

/** The instant a vintage is read at: the end of the day for YYYY-MM-DD, else the instant itself. */
export function vintageCutoff(asOf: string): Date {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? new Date(`${asOf}T00:00:00Z`) : new Date(asOf);
  if (Number.isNaN(d.getTime()))
    throw new Invalid([{ field: 'querystring.asOf', message: 'is not a valid date' }]);
  return /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? new Date(d.getTime() + 86_400_000) : new Date(d.getTime() + 1);
}
