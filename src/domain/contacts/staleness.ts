/**
 * When a directory entry is due for confirmation and when it is stale (src/modules/contacts): due
 * `confirmEveryDays` after it was last confirmed (by the person, or by an editor who created or changed it),
 * stale once `graceDays` more have passed without a confirmation. Computed from the dates, never stored, so
 * a change of the settings applies at once. Pure.
 */
export interface ConfirmSchedule {
  confirmEveryDays: number;
  graceDays: number;
}

const DAY_MS = 86_400_000;

export function confirmationDueAt(lastConfirmedAt: Date, s: ConfirmSchedule): Date {
  return new Date(lastConfirmedAt.getTime() + s.confirmEveryDays * DAY_MS);
}

export function staleFrom(lastConfirmedAt: Date, s: ConfirmSchedule): Date {
  return new Date(confirmationDueAt(lastConfirmedAt, s).getTime() + s.graceDays * DAY_MS);
}

export function isConfirmationDue(lastConfirmedAt: Date, s: ConfirmSchedule, now: Date): boolean {
  return now.getTime() >= confirmationDueAt(lastConfirmedAt, s).getTime();
}

export function isStale(lastConfirmedAt: Date, s: ConfirmSchedule, now: Date): boolean {
  return now.getTime() >= staleFrom(lastConfirmedAt, s).getTime();
}
