/**
 * The background jobs the server runs, by name: the job registry, at the composition root because it imports
 * the modules whose handlers it lists (src/jobs, the queue and the worker, imports no module). Add a module's
 * handler here; the module enqueues with src/jobs/queue.ts.
 */

import { BACKUP_JOB, readBackupSchedule, takeScheduledBackup } from '../db/backup';
import type { ScheduledJob } from '../jobs/schedule';
import type { JobHandlers } from '../jobs/worker';
import {
  ALERTS_DELIVER_JOB,
  ALERTS_EVALUATE_JOB,
  runAlertsDeliverJob,
  runAlertsEvaluateJob,
} from '../modules/alerts/alerts.jobs';
import {
  CONSULTATIONS_NOTIFY_JOB,
  CONSULTATIONS_REMIND_JOB,
  runConsultationNotifyJob,
  runConsultationRemindJob,
} from '../modules/consultations/consultations.jobs';
import { CONTACTS_CONFIRM_JOB, runContactsConfirmJob } from '../modules/contacts/contacts.confirm';
import { FORECAST_JOB, runForecastJob } from '../modules/forecasting/forecasting.service';
import {
  MAIL_DELIVER_JOB,
  runMailDeliverJob,
  runWorkflowMessageJob,
  WORKFLOW_MESSAGE_JOB,
} from '../modules/messages/messages.jobs';
import { NOTICES_INBOUND_CONFIRM_JOB, runInboundConfirmJob } from '../modules/notices/notices.inbound';
import {
  NOTICES_NOTIFY_JOB,
  NOTICES_REMIND_JOB,
  runNoticeNotifyJob,
  runNoticeRemindJob,
} from '../modules/notices/notices.jobs';
import {
  NOTICES_DIGEST_JOB,
  NOTICES_MATCH_JOB,
  NOTICES_WEBHOOK_JOB,
  runNoticeDigestJob,
  runNoticeMatchJob,
  runNoticeWebhookJob,
} from '../modules/notices/notices.subscriptions';
import { NOTICES_NUDGE_JOB, runNoticeNudgeJob } from '../modules/notices/notices.uptake';
import { PROFILES_REMIND_JOB, runProfilesRemindJob } from '../modules/profiles/profiles.service';
import { REMINDERS_JOB, runRemindersJob } from '../modules/reminders/reminders.jobs';
import { MONTHLY_REPORTS_JOB, runMonthlyReports } from '../modules/reports/reports.service';
import { RELEASE_JOB, runReleaseJob } from '../modules/submissions/submissions.release';
import { runValidationRunJob, VALIDATION_RUN_JOB } from '../modules/validation-rules/validation-rules.run';

export function jobHandlers(): JobHandlers {
  return {
    [FORECAST_JOB]: runForecastJob,
    [ALERTS_EVALUATE_JOB]: runAlertsEvaluateJob,
    [ALERTS_DELIVER_JOB]: (db) => runAlertsDeliverJob(db),
    [MONTHLY_REPORTS_JOB]: (db, payload) => runMonthlyReports(db, payload),
    [REMINDERS_JOB]: runRemindersJob,
    [MAIL_DELIVER_JOB]: (db) => runMailDeliverJob(db),
    [WORKFLOW_MESSAGE_JOB]: runWorkflowMessageJob,
    [VALIDATION_RUN_JOB]: runValidationRunJob,
    [RELEASE_JOB]: (db, payload) => runReleaseJob(db, payload),
    [NOTICES_NOTIFY_JOB]: runNoticeNotifyJob,
    [NOTICES_REMIND_JOB]: (db) => runNoticeRemindJob(db),
    [NOTICES_MATCH_JOB]: runNoticeMatchJob,
    [NOTICES_DIGEST_JOB]: (db) => runNoticeDigestJob(db),
    [NOTICES_WEBHOOK_JOB]: (db, payload) => runNoticeWebhookJob(db, payload),
    [NOTICES_NUDGE_JOB]: (db) => runNoticeNudgeJob(db),
    [NOTICES_INBOUND_CONFIRM_JOB]: runInboundConfirmJob,
    [CONSULTATIONS_NOTIFY_JOB]: runConsultationNotifyJob,
    [CONSULTATIONS_REMIND_JOB]: (db) => runConsultationRemindJob(db),
    [CONTACTS_CONFIRM_JOB]: (db) => runContactsConfirmJob(db),
    [PROFILES_REMIND_JOB]: (db) => runProfilesRemindJob(db),
    [BACKUP_JOB]: async (db) => {
      const schedule = readBackupSchedule();
      return schedule ? takeScheduledBackup(db, schedule) : { skipped: 'PASSAGE_BACKUP_DIR is not set' };
    },
  };
}

/** Jobs the server enqueues on a clock (src/jobs/schedule.ts): each must be idempotent. */
export function scheduledJobs(): ScheduledJob[] {
  return [
    { name: REMINDERS_JOB, everyMs: 60 * 60 * 1000 },
    { name: NOTICES_REMIND_JOB, everyMs: 60 * 60 * 1000 },
    { name: NOTICES_DIGEST_JOB, everyMs: 60 * 60 * 1000 },
    { name: NOTICES_NUDGE_JOB, everyMs: 24 * 60 * 60 * 1000 },
    { name: CONSULTATIONS_REMIND_JOB, everyMs: 60 * 60 * 1000 },
    { name: CONTACTS_CONFIRM_JOB, everyMs: 60 * 60 * 1000 },
    // The yearly reminder to update a country profile (checked hourly; each profile reminded once a year).
    { name: PROFILES_REMIND_JOB, everyMs: 60 * 60 * 1000 },
    // Daily backups with retention, when PASSAGE_BACKUP_DIR is set (src/db/backup.ts, docs/operations.md).
    ...(readBackupSchedule() ? [{ name: BACKUP_JOB, everyMs: 24 * 60 * 60 * 1000 }] : []),
  ];
}
