/**
 * Who reacts to which domain event (src/shared/events.ts): the wiring of cross-module reactions, at the
 * composition root so that the announcing module imports none of the modules that react. buildApp calls
 * registerEventListeners; registering twice (several apps in one process, as in tests) changes nothing.
 *
 * To react to an event from a new module: write the reaction as a service function of that module taking
 * (event, tx) or wrap one here, and add one `bus.on(…)` line below. Keep it quick (it runs inside the
 * announcing transaction); enqueue a job for anything slow.
 */

import type { Queryable } from '../db/connect';
import { periodRange } from '../domain/periods';
import { agreementSearchItems } from '../modules/agreements/agreements.service';
import { enqueueAlertEvaluation } from '../modules/alerts/alerts.jobs';
import { refreshAggregates } from '../modules/analytics/analytics.service';
import { enqueueConsultationNotifications } from '../modules/consultations/consultations.jobs';
import { documentSearchItems } from '../modules/documents/documents.service';
import { enqueueForecastRefresh } from '../modules/forecasting/forecasting.service';
import { importWithSavedMapping } from '../modules/import-mappings/import-mappings.service';
import { indicatorSearchItems } from '../modules/indicators/indicators.service';
import { enqueueWorkflowMessage } from '../modules/messages/messages.workflow';
import { routeSearchItems } from '../modules/migratory-routes/migratory-routes.service';
import { enqueueNoticeNotifications } from '../modules/notices/notices.jobs';
import { noticeSearchItems } from '../modules/notices/notices.service';
import { enqueueSubscriptionMatching } from '../modules/notices/notices.subscriptions';
import { registerSavedMappingImport } from '../modules/observations/observations.saved-mapping';
import { lockPublishedPeriods } from '../modules/period-locks/period-locks.service';
import { practiceSearchItems } from '../modules/practices/practices.search';
import { profileSearchIds, profileSearchItems } from '../modules/profiles/profiles.service';
import { enqueueMonthlyReports } from '../modules/reports/reports.service';
import { indexItem, registerSearchSource, removeItem } from '../modules/search/search.service';
import {
  type DomainEvents,
  domainEvents,
  type EventBus,
  type NoticeSent,
  type ObservationsPublished,
  type ProfileEndorsed,
  type SubmissionStepTaken,
} from '../shared/events';

/** Dashboards read rollups: rebuild the months the publication touched, in the same transaction. */
async function refreshPublishedAggregates(e: ObservationsPublished, tx: Queryable): Promise<void> {
  if (e.periods) await refreshAggregates(tx, e.dialogueId, e.periods);
}

/**
 * Alert rules are evaluated in the background for the published months (queued before the forecasts move
 * on, so the statistical rules compare with the forecast made before these months).
 */
async function enqueuePublishedAlerts(e: ObservationsPublished, tx: Queryable): Promise<void> {
  if (e.periods)
    await enqueueAlertEvaluation(tx, e.dialogueId, periodRange(e.periods.from, e.periods.to).slice(-36));
}

/** The monthly situation reports of the dialogue are (re)written in the background. */
async function enqueuePublishedReports(e: ObservationsPublished, tx: Queryable): Promise<void> {
  if (e.periods) await enqueueMonthlyReports(tx, e.dialogueId);
}

/** Forecasts are recomputed in the background (src/jobs), once the publication is committed. */
async function enqueuePublishedForecasts(e: ObservationsPublished, tx: Queryable): Promise<void> {
  await enqueueForecastRefresh(tx, e.dialogueId);
}

/**
 * Workflow notifications (src/modules/messages): data managers hear that a submission waits for review, its
 * providers that it was returned, validated or published. Written by a job, after the step commits.
 */
const notifySubmitted = (e: SubmissionStepTaken, tx: Queryable) =>
  enqueueWorkflowMessage(tx, { step: 'submitted', ...stepOf(e) });
const notifyValidated = (e: SubmissionStepTaken, tx: Queryable) =>
  enqueueWorkflowMessage(tx, { step: 'validated', ...stepOf(e) });
const notifyReturned = (e: SubmissionStepTaken, tx: Queryable) =>
  enqueueWorkflowMessage(tx, { step: 'returned', ...stepOf(e) });
const notifyPublished = (e: ObservationsPublished, tx: Queryable) =>
  enqueueWorkflowMessage(tx, { step: 'published', dialogueId: e.dialogueId, submissionId: e.submissionId });
const stepOf = (e: SubmissionStepTaken) => ({
  dialogueId: e.dialogueId,
  submissionId: e.submissionId,
  comment: e.comment,
});

/** A sent notice becomes searchable in the sending transaction (src/modules/search). */
async function indexSentNotice(e: NoticeSent, tx: Queryable): Promise<void> {
  for (const item of await noticeSearchItems(tx, e.noticeId)) await indexItem(tx, item);
}

/**
 * An endorsed profile version replaces the profile's search items (its public and dialogue sections), in the
 * endorsing transaction; drafts and returned versions are never indexed.
 */
async function indexEndorsedProfile(e: ProfileEndorsed, tx: Queryable): Promise<void> {
  for (const id of profileSearchIds(e.profileId)) await removeItem(tx, 'profile', id);
  for (const item of await profileSearchItems(tx, e.profileId)) await indexItem(tx, item);
}

/**
 * What each module indexes for the search (src/modules/search), for a full reindex (demo seeding, tests);
 * documents and agreements index themselves when written, notices when sent (the listener above). A new module adds one line.
 */
export function registerSearchSources(): void {
  registerSearchSource({ type: 'document', list: documentSearchItems });
  registerSearchSource({ type: 'notice', list: (tx) => noticeSearchItems(tx) });
  registerSearchSource({ type: 'indicator', list: indicatorSearchItems });
  registerSearchSource({ type: 'route', list: routeSearchItems });
  registerSearchSource({ type: 'profile', list: (tx) => profileSearchItems(tx) });
  // Published practices with their files' text (src/modules/practices/practices.search.ts); they also index
  // themselves when published, corrected or given a file.
  registerSearchSource({ type: 'practice', list: (tx) => practiceSearchItems(tx) });
  // Agreements (src/modules/agreements); they also index themselves when recorded or changed.
  registerSearchSource({ type: 'agreement', list: (tx) => agreementSearchItems(tx) });
}

/** Registers every listener, in the order they run. */
export function registerEventListeners(bus: EventBus<DomainEvents> = domainEvents): void {
  // Published months are locked first (src/modules/period-locks): a later change needs a reopening.
  bus.on('observations.published', lockPublishedPeriods);
  bus.on('observations.published', refreshPublishedAggregates);
  bus.on('observations.published', enqueuePublishedAlerts);
  bus.on('observations.published', enqueuePublishedReports);
  bus.on('observations.published', enqueuePublishedForecasts);
  bus.on('observations.published', notifyPublished);
  bus.on('submission.submitted', notifySubmitted);
  bus.on('submission.validated', notifyValidated);
  bus.on('submission.returned', notifyReturned);
  // A sent notice: the members outside the notifying state hear of it (bell), written by a job.
  bus.on('notice.sent', enqueueNoticeNotifications);
  bus.on('notice.sent', indexSentNotice);
  bus.on('notice.sent', enqueueSubscriptionMatching);
  // An opened consultation: the delegations hear of it (bell), written by a job.
  bus.on('consultation.opened', enqueueConsultationNotifications);
  // An endorsed country profile: its sections become searchable (src/modules/search).
  bus.on('profile.endorsed', indexEndorsedProfile);
  registerSearchSources();
  // A template upload whose header fits a saved import mapping goes through it (issue 22); the observations
  // module asks, the import-mappings module (which depends on observations) answers.
  registerSavedMappingImport(importWithSavedMapping);
}
