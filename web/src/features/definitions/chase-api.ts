import type { ApiBody, ApiQuery, CalendarSettingsView, ReportingRatesView } from '@passage/contract';
import { api, apiUrl } from '../../ui/api-client';

/**
 * How a dialogue's calendar chases (src/modules/calendars, reminders, period-locks): reporting and on-time
 * rates, reminder and lock settings, today's reminders, and reopening a published month.
 */

export type {
  CalendarSettingsView as CalendarSettings,
  LockView,
  ReminderRunView as ReminderRun,
  ReportingRatesView,
} from '@passage/contract';
export type MonthStatus = ReportingRatesView['cells'][number]['status'];
/** The counts and rates of one row, one state, one indicator, one month or the total. */
export type RateCounts = ReportingRatesView['total'];
export type ReportingRatesQuery = ApiQuery<'GET /api/dialogues/:slug/definitions/reporting-rates'>;
export type ReopenBody = ApiBody<'POST /api/dialogues/:slug/locks/reopen'>;

/** The rates table as a download (format csv or xlsx), or the JSON view. */
export const reportingRatesUrl = (slug: string, query: ReportingRatesQuery = {}) =>
  apiUrl('GET /api/dialogues/:slug/definitions/reporting-rates', { params: { slug }, query });

export const fetchReportingRates = (slug: string, query: ReportingRatesQuery = {}, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/definitions/reporting-rates', { params: { slug }, query, signal });

export const fetchCalendarSettings = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/definitions/calendar-settings', { params: { slug }, signal });

/** Saves the settings as edited from the revision they were read at (a newer one answers 409). */
export const saveCalendarSettings = (slug: string, settings: CalendarSettingsView) => {
  const { revision, ...rest } = settings;
  return api('PUT /api/dialogues/:slug/definitions/calendar-settings', {
    params: { slug },
    body: { ...rest, expectedRevision: revision },
  });
};

export const runRemindersNow = (slug: string) =>
  api('POST /api/dialogues/:slug/reminders/run', { params: { slug } });

export const fetchReopenedLocks = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/locks', { params: { slug }, query: { reopened: 'true' }, signal });

export const reopenPeriod = (slug: string, body: ReopenBody) =>
  api('POST /api/dialogues/:slug/locks/reopen', { params: { slug }, body });
