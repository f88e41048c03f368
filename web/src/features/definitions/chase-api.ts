/**
 * API of how a dialogue's calendar chases (src/modules/calendars, reminders, period-locks): reporting and
 * on-time rates, reminder and lock settings, today's reminders, and reopening a published month.
 */
import { apiRequest } from '../../ui/api-client';

export type MonthStatus = 'on_time' | 'late' | 'missing' | 'pending' | 'not_expected';

export interface RateCounts {
  expected: number;
  received: number;
  onTime: number;
  late: number;
  missing: number;
  pending: number;
  reportingRate: number | null;
  onTimeRate: number | null;
}

export interface ReportingRatesView {
  asOf: string;
  from: string;
  to: string;
  isOpenCalendar: boolean;
  periods: string[];
  cells: {
    reporter: string;
    indicator: string;
    period: string;
    status: MonthStatus;
    deadline: string | null;
    receivedOn: string | null;
  }[];
  rows: ({ reporter: string; indicator: string } & RateCounts)[];
  byReporter: ({ reporter: string } & RateCounts)[];
  byIndicator: ({ indicator: string } & RateCounts)[];
  byMonth: ({ period: string } & RateCounts)[];
  total: RateCounts;
}

export interface CalendarSettings {
  areRemindersEnabled: boolean;
  reminderOffsets: number[];
  isDigestEnabled: boolean;
  isLockingPublished: boolean;
  revision: number;
}

export interface LockView {
  reporter: string;
  indicator: string;
  period: string;
  lockedAt: string;
  lockedBySubmission: number | null;
  isReopened: boolean;
  reopenedAt: string | null;
  reopenedBy: string | null;
  reopenReason: string | null;
  history: { action: 'lock' | 'reopen' | 'relock'; at: string; by: string | null; reason: string | null }[];
}

export interface ReminderRun {
  asOf: string;
  dialogues: number;
  reminders: number;
  digests: number;
  mails: number;
}

const dialogue = (slug: string) => `/api/dialogues/${encodeURIComponent(slug)}`;
const opt = (signal?: AbortSignal) => (signal ? { signal } : {});

export function reportingRatesUrl(
  slug: string,
  q: { from?: string; to?: string; indicator?: string; format?: 'csv' | 'xlsx' } = {},
): string {
  const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1]));
  const query = params.toString();
  return `${dialogue(slug)}/definitions/reporting-rates${query ? `?${query}` : ''}`;
}

export const fetchReportingRates = (
  slug: string,
  q: { from?: string; to?: string; indicator?: string } = {},
  signal?: AbortSignal,
) => apiRequest<ReportingRatesView>(reportingRatesUrl(slug, q), opt(signal));

export const fetchCalendarSettings = (slug: string, signal?: AbortSignal) =>
  apiRequest<CalendarSettings>(`${dialogue(slug)}/definitions/calendar-settings`, opt(signal));

export const saveCalendarSettings = (slug: string, s: CalendarSettings) => {
  const { revision, ...rest } = s;
  return apiRequest<CalendarSettings>(`${dialogue(slug)}/definitions/calendar-settings`, {
    method: 'PUT',
    body: { ...rest, expectedRevision: revision },
  });
};

export const runRemindersNow = (slug: string) =>
  apiRequest<ReminderRun>(`${dialogue(slug)}/reminders/run`, { method: 'POST' });

export const fetchReopenedLocks = (slug: string, signal?: AbortSignal) =>
  apiRequest<{ isLockingPublished: boolean; locks: LockView[] }>(
    `${dialogue(slug)}/locks?reopened=true`,
    opt(signal),
  );

export const reopenPeriod = (
  slug: string,
  body: { reporter: string; period: string; indicator: string | null; reason: string },
) => apiRequest<{ reopened: LockView[] }>(`${dialogue(slug)}/locks/reopen`, { method: 'POST', body });
