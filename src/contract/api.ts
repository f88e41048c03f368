/**
 * The contract between the server and the web app: every endpoint the web app calls, keyed
 * `"METHOD /api/path/:param"`, with the zod schemas its route declares (path params, query, body and the
 * success response). The web app imports only the *type* of this table (`import type`, erased from the bundle):
 * its API client takes a key and is typed by it, so a schema change that breaks a page breaks
 * `tsc -p web/tsconfig.json`.
 *
 * The table names the modules' schemas; it does not define shapes. test/web-contract.test.ts checks every
 * entry against the server itself (the route exists, and its OpenAPI description of path, query, body and
 * response equals the one made from these schemas), so the table cannot drift from the routes.
 *
 * `response: null`: the route sends something the web app does not read as JSON (a deletion's answer) or
 * that is not JSON described by zod (TopoJSON, downloads: templates, exports, reports as HTML and PDF; the web
 * app builds their links with apiUrl()).
 */
import { z } from 'zod';
import * as agreements from '../modules/agreements/agreements.schema';
import * as alerts from '../modules/alerts/alerts.schema';
import * as analytics from '../modules/analytics/analytics.schema';
import * as audit from '../modules/audit/audit.schema';
import * as calendars from '../modules/calendars/calendars.schema';
import * as consultations from '../modules/consultations/consultations.schema';
import * as contacts from '../modules/contacts/contacts.schema';
import * as definitionRevisions from '../modules/definition-revisions/definition-revisions.schema';
import * as definitions from '../modules/definitions/definitions.schema';
import * as dialogueAdmin from '../modules/dialogues/dialogue-admin.schema';
import * as dialogues from '../modules/dialogues/dialogues.schema';
import * as documents from '../modules/documents/documents.schema';
import * as forecasting from '../modules/forecasting/forecasting.schema';
import * as account from '../modules/identity/account/account.schema';
import * as admin from '../modules/identity/admin/admin.schema';
import * as auth from '../modules/identity/auth/auth.schema';
import * as sso from '../modules/identity/sso/sso.schema';
import * as tokens from '../modules/identity/tokens/tokens.schema';
import * as twoFactor from '../modules/identity/two-factor/two-factor.schema';
import * as users from '../modules/identity/users/users.schema';
import * as importMappings from '../modules/import-mappings/import-mappings.schema';
import * as indicators from '../modules/indicators/indicators.schema';
import * as meetings from '../modules/meetings/meetings.schema';
import * as members from '../modules/members/members.schema';
import * as migratoryRoutes from '../modules/migratory-routes/migratory-routes.schema';
import * as monitoring from '../modules/monitoring/monitoring.schema';
import * as noticeAttachments from '../modules/notices/notices.attachments.schema';
import * as notices from '../modules/notices/notices.schema';
import * as noticeSubscriptions from '../modules/notices/notices.subscriptions.schema';
import * as observations from '../modules/observations/observations.schema';
import * as operations from '../modules/operations/operations.schema';
import * as periodLocks from '../modules/period-locks/period-locks.schema';
import * as portal from '../modules/portal/portal.schema';
import * as practices from '../modules/practices/practices.schema';
import * as profiles from '../modules/profiles/profiles.schema';
import * as reference from '../modules/reference/reference.schema';
import * as reminders from '../modules/reminders/reminders.schema';
import * as reports from '../modules/reports/reports.schema';
import * as searchSchema from '../modules/search/search.schema';
import * as setup from '../modules/setup/setup.schema';
import * as submissions from '../modules/submissions/submissions.schema';
import * as translations from '../modules/translations/translations.schema';
import * as validationRules from '../modules/validation-rules/validation-rules.schema';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What one route declares (the schemas of its route file) and the status of its success answer. */
export interface Endpoint {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType | null;
  /** Default 200. */
  status?: number;
}

const analyticsView = <Q extends z.ZodType, V extends z.ZodType>(query: Q, response: V) => ({
  params: analytics.AnalyticsParams,
  query,
  response,
});

export const API = {
  // --- identity: login, session, account, two-factor, tokens, administration --------------------------
  'GET /api/auth/session': { response: auth.SessionView },
  'POST /api/auth/login': { body: auth.LoginBody, response: z.union([auth.SessionView, auth.TotpRequired]) },
  'POST /api/auth/logout': { response: z.null(), status: 204 },
  'POST /api/auth/login/totp': { body: twoFactor.CodeBody, response: auth.SessionView },
  'GET /api/auth/providers': { response: sso.ProvidersView },
  'PUT /api/users/me/locale': { body: users.LocaleBody, response: users.LocaleBody },
  'POST /api/account/password': { body: account.ChangePasswordBody, response: z.null(), status: 204 },
  'GET /api/account/two-factor': { response: twoFactor.TwoFactorStatus },
  'POST /api/account/two-factor/enrolment': { response: twoFactor.EnrolmentStart, status: 201 },
  'POST /api/account/two-factor/enrolment/confirm': {
    body: twoFactor.TotpCodeBody,
    response: twoFactor.RecoveryCodes,
  },
  'POST /api/account/two-factor/disable': { body: twoFactor.CodeBody, response: z.null(), status: 204 },
  'GET /api/tokens': { response: z.array(tokens.TokenView) },
  'POST /api/tokens': { body: tokens.TokenCreateBody, response: tokens.TokenCreated, status: 201 },
  'DELETE /api/tokens/:tokenId': { params: tokens.TokenParams, response: tokens.TokenView },
  'GET /api/admin/dialogues/:dialogueId/users': {
    params: admin.DialogueParams,
    response: z.array(admin.AdminUserView),
  },
  'POST /api/admin/dialogues/:dialogueId/users': {
    params: admin.DialogueParams,
    body: admin.AddUserBody,
    response: admin.AddUserResult,
    status: 201,
  },
  'PUT /api/admin/dialogues/:dialogueId/users/:userId/roles/:role': {
    params: admin.RoleParams,
    response: admin.AdminUserView,
  },
  'DELETE /api/admin/dialogues/:dialogueId/users/:userId/roles/:role': {
    params: admin.RoleParams,
    response: admin.AdminUserView,
  },
  'POST /api/admin/dialogues/:dialogueId/users/:userId/deactivate': {
    params: admin.DialogueUserParams,
    response: admin.AdminUserView,
  },
  'POST /api/admin/dialogues/:dialogueId/users/:userId/reactivate': {
    params: admin.DialogueUserParams,
    response: admin.AdminUserView,
  },
  'GET /api/admin/organisations': { response: z.array(admin.OrganisationView) },
  'POST /api/admin/organisations': {
    body: admin.OrganisationCreateBody,
    response: admin.OrganisationView,
    status: 201,
  },
  'POST /api/auth/invitation': { body: admin.AcceptInvitationBody, response: z.null(), status: 204 },
  'GET /api/operations/status': { response: operations.SystemStatusView },
  'GET /api/metrics': { response: null },
  'GET /api/audit': {
    query: audit.AuditQuery,
    response: z.object({ entries: z.array(audit.AuditEntryView) }),
  },

  // --- first set-up, dialogue administration, members ------------------------------------------------
  'GET /api/setup': { query: setup.SetupStatusQuery, response: setup.SetupStatus },
  'POST /api/setup': { body: setup.SetupBody, response: auth.SessionView, status: 201 },
  'GET /api/admin/dialogues': { response: z.array(dialogueAdmin.DialogueAdminSummary) },
  'POST /api/admin/dialogues': {
    body: dialogueAdmin.DialogueCreateBody,
    response: dialogueAdmin.DialogueSettings,
    status: 201,
  },
  'GET /api/admin/dialogues/secretariats': { response: z.array(dialogueAdmin.SecretariatOption) },
  'GET /api/admin/dialogues/:dialogueId': {
    params: dialogueAdmin.DialogueIdParams,
    response: dialogueAdmin.DialogueSettings,
  },
  'PATCH /api/admin/dialogues/:dialogueId': {
    params: dialogueAdmin.DialogueIdParams,
    body: dialogueAdmin.DialogueUpdateBody,
    response: dialogueAdmin.DialogueSettings,
  },
  'POST /api/admin/dialogues/:dialogueId/archive': {
    params: dialogueAdmin.DialogueIdParams,
    body: dialogueAdmin.ArchiveBody,
    response: dialogueAdmin.DialogueSettings,
  },
  'POST /api/admin/dialogues/:dialogueId/unarchive': {
    params: dialogueAdmin.DialogueIdParams,
    body: dialogueAdmin.ArchiveBody,
    response: dialogueAdmin.DialogueSettings,
  },
  /** The image is the raw body (apiUpload). */
  'PUT /api/admin/dialogues/:dialogueId/logo': {
    params: dialogueAdmin.DialogueIdParams,
    response: dialogueAdmin.DialogueSettings,
  },
  'DELETE /api/admin/dialogues/:dialogueId/logo': {
    params: dialogueAdmin.DialogueIdParams,
    response: dialogueAdmin.DialogueSettings,
  },
  'GET /api/admin/dialogues/:dialogueId/members': {
    params: members.DialogueIdParams,
    response: members.MembersView,
  },
  'POST /api/admin/dialogues/:dialogueId/members/states': {
    params: members.DialogueIdParams,
    body: members.AddStateBody,
    response: members.MemberChange,
    status: 201,
  },
  'POST /api/admin/dialogues/:dialogueId/members/states/:country/remove': {
    params: members.StateParams,
    body: members.RemoveMemberBody,
    response: members.MemberChange,
  },
  'POST /api/admin/dialogues/:dialogueId/members/observers': {
    params: members.DialogueIdParams,
    body: members.AddObserverBody,
    response: members.MemberChange,
    status: 201,
  },
  'POST /api/admin/dialogues/:dialogueId/members/observers/:organisationId/remove': {
    params: members.ObserverParams,
    body: members.RemoveMemberBody,
    response: members.MemberChange,
  },
  /** The CSV is the raw body (apiUpload). */
  'POST /api/admin/dialogues/:dialogueId/invitations': {
    params: members.DialogueIdParams,
    query: members.InvitationQuery,
    response: members.InvitationReport,
  },

  // --- reference data and dialogues ---------------------------------------------------------------------
  'GET /api/reference/countries': { response: z.array(reference.CountryView) },
  'GET /api/reference/geometry/countries.topojson': { response: null },
  'GET /api/dialogues': { response: z.array(dialogues.DialogueSummary) },
  'GET /api/dialogues/:slug': { params: dialogues.SlugParams, response: dialogues.DialogueHome },

  // --- analytics ----------------------------------------------------------------------------------------
  'GET /api/dialogues/:slug/analytics/series': analyticsView(analytics.SeriesQuery, analytics.SeriesView),
  'GET /api/dialogues/:slug/analytics/top-citizenships': analyticsView(
    analytics.TopCitizenshipsQuery,
    analytics.TopCitizenshipsView,
  ),
  'GET /api/dialogues/:slug/analytics/breakdown': analyticsView(
    analytics.BreakdownQuery,
    analytics.BreakdownView,
  ),
  'GET /api/dialogues/:slug/analytics/completeness': analyticsView(
    analytics.CompletenessQuery,
    analytics.CompletenessView,
  ),
  'GET /api/dialogues/:slug/analytics/flows': analyticsView(analytics.FlowsQuery, analytics.FlowsView),
  'GET /api/dialogues/:slug/analytics/route-shifts': analyticsView(
    analytics.RouteShiftsQuery,
    analytics.RouteShiftsView,
  ),
  'GET /api/dialogues/:slug/analytics/compare': analyticsView(analytics.CompareQuery, analytics.CompareView),
  'GET /api/dialogues/:slug/analytics/choropleth': analyticsView(
    analytics.ChoroplethQuery,
    analytics.ChoroplethView,
  ),

  // --- forecasts ----------------------------------------------------------------------------------------
  'GET /api/dialogues/:slug/forecasts': {
    params: forecasting.ForecastParams,
    response: forecasting.ForecastListView,
  },
  'GET /api/dialogues/:slug/forecasts/series': {
    params: forecasting.ForecastParams,
    query: forecasting.ForecastSeriesQuery,
    response: forecasting.ForecastSeriesView,
  },
  'POST /api/dialogues/:slug/forecasts/refresh': {
    params: forecasting.ForecastParams,
    response: forecasting.RefreshQueuedView,
    status: 202,
  },

  // --- statistics exchange: submissions and observations -----------------------------------------------
  'POST /api/dialogues/:slug/imports': {
    params: observations.SlugParams,
    query: observations.ImportQuery,
    response: observations.ImportResultView,
    status: 201,
  },
  // --- import mappings: the mapping step of an upload (src/modules/import-mappings) ----------------------
  'GET /api/dialogues/:slug/import-mappings': {
    params: importMappings.SlugParams,
    response: importMappings.MappingList,
  },
  'POST /api/dialogues/:slug/import-mappings/propose': {
    params: importMappings.SlugParams,
    query: importMappings.ProposeQuery,
    response: importMappings.ProposalView,
  },
  'GET /api/dialogues/:slug/import-mappings/:name': {
    params: importMappings.MappingParams,
    response: importMappings.MappingDetail,
  },
  'PUT /api/dialogues/:slug/import-mappings/:name': {
    params: importMappings.MappingParams,
    body: importMappings.SaveMappingBody,
    response: importMappings.MappingView,
  },
  'POST /api/dialogues/:slug/import-mappings/:name/imports': {
    params: importMappings.MappingParams,
    query: importMappings.MappedImportQuery,
    response: importMappings.MappedImportView,
    status: 201,
  },
  'GET /api/dialogues/:slug/observations': {
    params: observations.SlugParams,
    query: observations.ObservationQuery,
    response: z.array(observations.ObservationView),
  },
  'GET /api/dialogues/:slug/figures/history': {
    params: observations.SlugParams,
    query: observations.FigureQuery,
    response: z.array(observations.ObservationView),
  },
  'GET /api/dialogues/:slug/templates/:indicator': {
    params: observations.TemplateParams,
    query: observations.TemplateQuery,
    response: null,
  },
  'GET /api/dialogues/:slug/sdmx/structure': {
    params: observations.SlugParams,
    query: observations.SdmxStructureQuery,
    response: null,
  },
  'GET /api/dialogues/:slug/submissions': {
    params: observations.SlugParams,
    query: submissions.SubmissionListQuery,
    response: z.array(submissions.SubmissionView),
  },
  'POST /api/dialogues/:slug/submissions': {
    params: observations.SlugParams,
    body: submissions.SubmissionCreateBody,
    response: submissions.SubmissionDetail,
    status: 201,
  },
  'GET /api/dialogues/:slug/submissions/:id': {
    params: submissions.SubmissionParams,
    response: submissions.SubmissionDetail,
  },
  'GET /api/dialogues/:slug/submissions/:id/observations': {
    params: submissions.SubmissionParams,
    query: submissions.SubmissionObservationsQuery,
    response: z.array(observations.ObservationView),
  },
  'GET /api/dialogues/:slug/submissions/:id/findings': {
    params: submissions.SubmissionParams,
    response: z.array(submissions.FindingView),
  },
  'GET /api/dialogues/:slug/submissions/:id/diff': {
    params: submissions.SubmissionParams,
    query: submissions.DiffQuery,
    response: submissions.DiffView,
  },
  'PUT /api/dialogues/:slug/submissions/:id/figures': {
    params: submissions.SubmissionParams,
    body: submissions.FigureEditBody,
    response: observations.ObservationView,
  },
  'DELETE /api/dialogues/:slug/submissions/:id/figures': {
    params: submissions.SubmissionParams,
    body: submissions.FigureRemoveBody,
    response: submissions.FigureRemovedView,
  },
  'POST /api/dialogues/:slug/submissions/:id/submit': {
    params: submissions.SubmissionParams,
    body: submissions.SubmitBody,
    response: submissions.SubmissionDetail,
  },
  'POST /api/dialogues/:slug/submissions/:id/validate': {
    params: submissions.SubmissionParams,
    body: submissions.DecisionBody,
    response: submissions.SubmissionDetail,
  },
  'POST /api/dialogues/:slug/submissions/:id/return': {
    params: submissions.SubmissionParams,
    body: submissions.ReturnBody,
    response: submissions.SubmissionDetail,
  },
  'POST /api/dialogues/:slug/submissions/:id/publish': {
    params: submissions.SubmissionParams,
    body: submissions.DecisionBody,
    response: submissions.SubmissionDetail,
  },

  // --- early warning: alert rules, feed, subscriptions, deliveries, notifications ----------------------
  'GET /api/dialogues/:slug/alerts/rules': { params: alerts.SlugParams, response: z.array(alerts.RuleView) },
  'POST /api/dialogues/:slug/alerts/rules': {
    params: alerts.SlugParams,
    body: alerts.RuleCreateBody,
    response: alerts.RuleView,
    status: 201,
  },
  'PATCH /api/dialogues/:slug/alerts/rules/:id': {
    params: alerts.IdParams,
    body: alerts.RuleUpdateBody,
    response: alerts.RuleView,
  },
  'DELETE /api/dialogues/:slug/alerts/rules/:id': { params: alerts.IdParams, response: null },
  'POST /api/dialogues/:slug/alerts/rules/:id/evaluate': {
    params: alerts.IdParams,
    body: alerts.EvaluateBody,
    response: alerts.EvaluationView,
  },
  'GET /api/dialogues/:slug/alerts': {
    params: alerts.SlugParams,
    query: alerts.FeedQuery,
    response: z.array(alerts.AlertView),
  },
  'GET /api/dialogues/:slug/alerts/:id': { params: alerts.IdParams, response: alerts.AlertDetail },
  'POST /api/dialogues/:slug/alerts/:id/acknowledge': {
    params: alerts.IdParams,
    response: alerts.AlertDetail,
  },
  'POST /api/dialogues/:slug/alerts/:id/comments': {
    params: alerts.IdParams,
    body: alerts.CommentBody,
    response: alerts.AlertDetail,
    status: 201,
  },
  'GET /api/dialogues/:slug/alerts/subscriptions': {
    params: alerts.SlugParams,
    response: z.array(alerts.SubscriptionView),
  },
  'POST /api/dialogues/:slug/alerts/subscriptions': {
    params: alerts.SlugParams,
    body: alerts.SubscriptionCreateBody,
    response: alerts.SubscriptionView,
    status: 201,
  },
  'DELETE /api/dialogues/:slug/alerts/subscriptions/:id': { params: alerts.IdParams, response: null },
  'GET /api/dialogues/:slug/alerts/deliveries': {
    params: alerts.SlugParams,
    query: alerts.DeliveryQuery,
    response: z.array(alerts.DeliveryView),
  },
  'GET /api/notifications': { query: alerts.NotificationQuery, response: alerts.NotificationList },
  'GET /api/notifications/unread-count': { response: alerts.UnreadCount },
  'POST /api/notifications/:id/read': { params: alerts.NotificationParams, response: alerts.UnreadCount },
  'POST /api/notifications/read-all': { response: alerts.UnreadCount },

  // --- situation reports --------------------------------------------------------------------------------
  'GET /api/dialogues/:slug/reports': { params: reports.SlugParams, response: z.array(reports.ReportView) },
  'POST /api/dialogues/:slug/reports': {
    params: reports.SlugParams,
    body: reports.ReportCreateBody,
    response: reports.ReportView,
    status: 201,
  },
  'GET /api/dialogues/:slug/reports/:id/html': { params: reports.ReportParams, response: null },
  'GET /api/dialogues/:slug/reports/:id/pdf': { params: reports.ReportParams, response: null },
  'GET /api/dialogues/:slug/reports/schedules': {
    params: reports.SlugParams,
    response: z.array(reports.ScheduleView),
  },
  'POST /api/dialogues/:slug/reports/schedules': {
    params: reports.SlugParams,
    body: reports.ScheduleCreateBody,
    response: reports.ScheduleView,
    status: 201,
  },
  'DELETE /api/dialogues/:slug/reports/schedules/:id': { params: reports.ReportParams, response: null },

  // --- translations and definitions (secretariat) -------------------------------------------------------
  'GET /api/dialogues/:slug/translations': {
    params: translations.SlugParams,
    response: translations.TranslationsView,
  },
  'PUT /api/dialogues/:slug/translations': {
    params: translations.SlugParams,
    body: translations.TranslationEditBody,
    response: translations.TranslationItem,
  },
  'GET /api/dialogues/:slug/organisations': {
    params: members.SlugParams,
    response: members.DialogueOrganisations,
  },
  'GET /api/dialogues/:slug/definitions': {
    params: definitions.SlugParams,
    response: definitions.DefinitionsView,
  },
  'GET /api/dialogues/:slug/definitions/overdue': {
    params: calendars.SlugParams,
    query: calendars.OverdueQuery,
    response: calendars.OverdueView,
  },
  'POST /api/dialogues/:slug/definitions/indicators': {
    params: indicators.SlugParams,
    body: indicators.IndicatorCreateBody,
    response: indicators.IndicatorDefinition,
    status: 201,
  },
  'PUT /api/dialogues/:slug/definitions/indicators/:id': {
    params: indicators.IdParams,
    body: indicators.IndicatorUpdateBody,
    response: indicators.IndicatorDefinition,
  },
  'POST /api/dialogues/:slug/definitions/routes': {
    params: migratoryRoutes.SlugParams,
    body: migratoryRoutes.RouteCreateBody,
    response: migratoryRoutes.RouteDefinition,
    status: 201,
  },
  'PUT /api/dialogues/:slug/definitions/routes/:id': {
    params: migratoryRoutes.IdParams,
    body: migratoryRoutes.RouteUpdateBody,
    response: migratoryRoutes.RouteDefinition,
  },
  'PUT /api/dialogues/:slug/definitions/calendar': {
    params: calendars.SlugParams,
    body: calendars.CalendarPutBody,
    response: calendars.CalendarView,
  },
  'DELETE /api/dialogues/:slug/definitions/calendar/:reporter/:indicator': {
    params: calendars.CalendarKeyParams,
    query: definitionRevisions.RevisionQuery,
    response: calendars.CalendarView,
  },
  'GET /api/dialogues/:slug/definitions/reporting-rates': {
    params: calendars.SlugParams,
    query: calendars.ReportingRatesQuery,
    response: calendars.ReportingRatesView,
  },
  'GET /api/dialogues/:slug/definitions/calendar-settings': {
    params: calendars.SlugParams,
    response: calendars.CalendarSettingsView,
  },
  'PUT /api/dialogues/:slug/definitions/calendar-settings': {
    params: calendars.SlugParams,
    body: calendars.CalendarSettingsBody,
    response: calendars.CalendarSettingsView,
  },

  // --- chasing the calendar: reminders and period locks -------------------------------------------------
  'POST /api/dialogues/:slug/reminders/run': {
    params: reminders.SlugParams,
    response: reminders.ReminderRunView,
  },
  'GET /api/dialogues/:slug/locks': {
    params: periodLocks.SlugParams,
    query: periodLocks.LocksQuery,
    response: periodLocks.LockList,
  },
  'POST /api/dialogues/:slug/locks/reopen': {
    params: periodLocks.SlugParams,
    body: periodLocks.ReopenBody,
    response: periodLocks.ReopenView,
  },

  // --- validation rules and their re-runs ---------------------------------------------------------------
  'GET /api/dialogues/:slug/rules': { params: observations.SlugParams, response: validationRules.RuleList },
  'POST /api/dialogues/:slug/rules': {
    params: observations.SlugParams,
    body: validationRules.RuleCreateBody,
    response: validationRules.RuleView,
    status: 201,
  },
  'PATCH /api/dialogues/:slug/rules/:id': {
    params: validationRules.RuleParams,
    body: validationRules.RuleUpdateBody,
    response: validationRules.RuleView,
  },
  'GET /api/dialogues/:slug/rules/runs': {
    params: observations.SlugParams,
    response: validationRules.RunList,
  },
  'POST /api/dialogues/:slug/rules/runs': {
    params: observations.SlugParams,
    body: validationRules.RunCreateBody,
    response: validationRules.RunView,
    status: 202,
  },
  'GET /api/dialogues/:slug/rules/runs/:runId/violations': {
    params: validationRules.RunParams,
    query: validationRules.ViolationsQuery,
    response: validationRules.ViolationList,
  },

  // --- document library (src/modules/documents) and search (src/modules/search) ------------------------
  'GET /api/dialogues/:slug/documents': {
    params: documents.SlugParams,
    query: documents.DocumentListQuery,
    response: documents.DocumentList,
  },
  'POST /api/dialogues/:slug/documents': {
    params: documents.SlugParams,
    query: documents.DocumentUploadQuery,
    response: documents.DocumentView,
    status: 201,
  },
  'GET /api/dialogues/:slug/documents/:id': {
    params: documents.DocumentParams,
    response: documents.DocumentView,
  },
  'POST /api/dialogues/:slug/documents/:id/revisions': {
    params: documents.DocumentParams,
    query: documents.RevisionUploadQuery,
    response: documents.DocumentView,
    status: 201,
  },
  'GET /api/dialogues/:slug/documents/:id/file': {
    params: documents.DocumentParams,
    query: documents.FileQuery,
    response: null,
  },
  'GET /api/search': { query: searchSchema.SearchQuery, response: searchSchema.SearchResult },

  // --- public portal (src/modules/portal): no login, public published figures after disclosure control ----
  'GET /api/portal/:slug': { params: portal.PortalParams, response: portal.PortalOverview },
  'GET /api/portal/:slug/routes/:route': {
    params: portal.PortalRouteParams,
    query: portal.PortalRouteQuery,
    response: portal.PortalRouteView,
  },
  'GET /api/portal/:slug/map': {
    params: portal.PortalParams,
    query: portal.PortalMapQuery,
    response: portal.PortalMapView,
  },
  'GET /api/portal/:slug/releases': { params: portal.PortalParams, response: portal.PortalReleasesView },
  'GET /api/portal/:slug/downloads/:indicator': {
    params: portal.PortalDownloadParams,
    query: portal.PortalDownloadQuery,
    response: null,
  },
  'GET /api/portal/:slug/notices': { params: portal.PortalParams, response: portal.PortalNoticeList },
  'GET /api/portal/:slug/notices/:id': { params: portal.PortalItemParams, response: portal.PortalNotice },
  'GET /api/portal/:slug/documents': { params: portal.PortalParams, response: portal.PortalDocumentList },
  'GET /api/portal/:slug/documents/:id': {
    params: portal.PortalItemParams,
    response: portal.PortalDocumentView,
  },
  'GET /api/portal/:slug/practices': {
    params: portal.PortalParams,
    query: portal.PortalPracticeQuery,
    response: portal.PortalPracticeList,
  },
  'GET /api/portal/:slug/practices/:id': {
    params: portal.PortalItemParams,
    response: portal.PortalPracticeView,
  },
  'GET /api/portal/:slug/practices/:id/files/:fileId': {
    params: portal.PortalPracticeFileParams,
    response: null,
  },
  'GET /api/portal/:slug/agreements': {
    params: portal.PortalParams,
    query: portal.PortalAgreementQuery,
    response: portal.PortalAgreementList,
  },
  'GET /api/portal/:slug/agreements/:id': {
    params: portal.PortalItemParams,
    response: portal.PortalAgreementView,
  },
  'GET /api/portal/:slug/profiles': { params: portal.PortalParams, response: portal.PortalProfileList },
  'GET /api/portal/:slug/profiles/:state': {
    params: portal.PortalProfileParams,
    response: portal.PortalProfileView,
  },

  // --- notices of new national measures (src/modules/notices) ----------------------------------------
  'GET /api/dialogues/:slug/notices': {
    params: notices.SlugParams,
    query: notices.NoticeFeedQuery,
    response: notices.NoticeList,
  },
  'POST /api/dialogues/:slug/notices': {
    params: notices.SlugParams,
    body: notices.NoticeCreateBody,
    response: notices.NoticeView,
    status: 201,
  },
  'GET /api/dialogues/:slug/notices/:id': { params: notices.NoticeParams, response: notices.NoticeView },
  'GET /api/dialogues/:slug/notices/:id/history': {
    params: notices.NoticeParams,
    response: notices.NoticeHistory,
  },
  'PATCH /api/dialogues/:slug/notices/:id': {
    params: notices.NoticeParams,
    body: notices.NoticeUpdateBody,
    response: notices.NoticeView,
  },
  'POST /api/dialogues/:slug/notices/:id/send': {
    params: notices.NoticeParams,
    body: notices.SendBody,
    response: notices.NoticeView,
  },
  'POST /api/dialogues/:slug/notices/:id/acknowledge': {
    params: notices.NoticeParams,
    response: notices.NoticeView,
  },
  'POST /api/dialogues/:slug/notices/:id/comments': {
    params: notices.NoticeParams,
    body: notices.CommentBody,
    response: notices.NoticeView,
  },
  'POST /api/dialogues/:slug/notices/:id/comments/:commentId/answer': {
    params: notices.CommentParams,
    body: notices.AnswerBody,
    response: notices.NoticeView,
  },
  'POST /api/dialogues/:slug/notices/:id/outcome': {
    params: notices.NoticeParams,
    body: notices.OutcomeBody,
    response: notices.NoticeView,
  },
  'GET /api/dialogues/:slug/notices/feed.atom': {
    params: notices.SlugParams,
    query: notices.NoticeFeedQuery,
    response: null,
  },
  'GET /api/dialogues/:slug/notices/effective.ics': {
    params: notices.SlugParams,
    query: notices.NoticeFeedQuery,
    response: null,
  },
  // saved filters (subscriptions) and the uptake dashboard (src/modules/notices/notices.subscriptions*.ts)
  'GET /api/dialogues/:slug/notices/subscriptions': {
    params: notices.SlugParams,
    response: noticeSubscriptions.SubscriptionList,
  },
  'POST /api/dialogues/:slug/notices/subscriptions': {
    params: notices.SlugParams,
    body: noticeSubscriptions.SubscriptionCreateBody,
    response: noticeSubscriptions.SubscriptionView,
    status: 201,
  },
  'PATCH /api/dialogues/:slug/notices/subscriptions/:subscriptionId': {
    params: noticeSubscriptions.SubscriptionParams,
    body: noticeSubscriptions.SubscriptionUpdateBody,
    response: noticeSubscriptions.SubscriptionView,
  },
  'DELETE /api/dialogues/:slug/notices/subscriptions/:subscriptionId': {
    params: noticeSubscriptions.SubscriptionParams,
    response: null,
  },
  'GET /api/dialogues/:slug/notices/uptake': {
    params: notices.SlugParams,
    query: noticeSubscriptions.UptakeQuery,
    response: noticeSubscriptions.UptakeView,
  },
  'POST /api/dialogues/:slug/notices/uptake/nudges': {
    params: notices.SlugParams,
    response: noticeSubscriptions.NudgeRun,
  },
  'GET /api/dialogues/:slug/notices/inbound-address': {
    params: notices.SlugParams,
    response: noticeAttachments.InboundAddressView,
  },
  'GET /api/dialogues/:slug/notices/:id/attachments': {
    params: notices.NoticeParams,
    response: noticeAttachments.NoticeAttachmentList,
  },
  'POST /api/dialogues/:slug/notices/:id/attachments': {
    params: notices.NoticeParams,
    query: noticeAttachments.AttachmentUploadQuery,
    response: noticeAttachments.NoticeAttachmentList,
    status: 201,
  },
  'GET /api/dialogues/:slug/notices/:id/attachments/:attachmentId': {
    params: noticeAttachments.AttachmentParams,
    response: null,
  },

  // --- meetings (src/modules/meetings) ---------------------------------------------------------------
  'GET /api/dialogues/:slug/meetings': { params: meetings.SlugParams, response: meetings.MeetingList },
  'POST /api/dialogues/:slug/meetings': {
    params: meetings.SlugParams,
    body: meetings.MeetingCreateBody,
    response: meetings.MeetingView,
    status: 201,
  },
  'GET /api/dialogues/:slug/meetings/calendar.ics': { params: meetings.SlugParams, response: null },
  'GET /api/dialogues/:slug/meetings/actions/mine': {
    params: meetings.SlugParams,
    response: meetings.MyActions,
  },
  'GET /api/dialogues/:slug/meetings/:id': { params: meetings.MeetingParams, response: meetings.MeetingView },
  'PATCH /api/dialogues/:slug/meetings/:id': {
    params: meetings.MeetingParams,
    body: meetings.MeetingUpdateBody,
    response: meetings.MeetingView,
  },
  'POST /api/dialogues/:slug/meetings/:id/actions': {
    params: meetings.MeetingParams,
    body: meetings.ActionBody,
    response: meetings.MeetingView,
    status: 201,
  },
  'POST /api/dialogues/:slug/meetings/:id/actions/:actionId/done': {
    params: meetings.ActionParams,
    response: meetings.MeetingView,
  },

  // --- implementation monitoring of declarations (src/modules/monitoring) -------------------------------
  'POST /api/dialogues/:slug/monitoring/split': {
    params: monitoring.SlugParams,
    body: monitoring.SplitBody,
    response: monitoring.SplitView,
  },
  'GET /api/dialogues/:slug/monitoring/declarations': {
    params: monitoring.SlugParams,
    response: monitoring.DeclarationList,
  },
  'POST /api/dialogues/:slug/monitoring/declarations': {
    params: monitoring.SlugParams,
    body: monitoring.DeclarationCreateBody,
    response: monitoring.DeclarationView,
    status: 201,
  },
  'GET /api/dialogues/:slug/monitoring/declarations/:id': {
    params: monitoring.DeclarationParams,
    response: monitoring.DeclarationView,
  },
  'GET /api/dialogues/:slug/monitoring/declarations/:id/progress': {
    params: monitoring.DeclarationParams,
    response: monitoring.DeclarationProgressView,
  },
  'POST /api/dialogues/:slug/monitoring/declarations/:id/cycles': {
    params: monitoring.DeclarationParams,
    body: monitoring.CycleBody,
    response: monitoring.CycleView,
    status: 201,
  },
  'GET /api/dialogues/:slug/monitoring/cycles/:id': {
    params: monitoring.CycleParams,
    response: monitoring.CycleView,
  },
  'POST /api/dialogues/:slug/monitoring/cycles/:id/close': {
    params: monitoring.CycleParams,
    response: monitoring.CycleView,
  },
  'PUT /api/dialogues/:slug/monitoring/cycles/:id/reports/:commitmentId': {
    params: monitoring.CycleCommitmentParams,
    body: monitoring.ReportBody,
    response: monitoring.ReportView,
  },
  'GET /api/dialogues/:slug/monitoring/cycles/:id/dashboard': {
    params: monitoring.CycleParams,
    response: monitoring.DashboardView,
  },
  'GET /api/dialogues/:slug/monitoring/cycles/:id/dashboard.xlsx': {
    params: monitoring.CycleParams,
    response: null,
  },
  'GET /api/dialogues/:slug/monitoring/cycles/:id/dashboard.pdf': {
    params: monitoring.CycleParams,
    response: null,
  },
  'POST /api/dialogues/:slug/monitoring/reports/:id/submit': {
    params: monitoring.ReportParams,
    body: monitoring.SubmitBody,
    response: monitoring.ReportView,
  },
  'POST /api/dialogues/:slug/monitoring/reports/:id/review': {
    params: monitoring.ReportParams,
    body: monitoring.ReviewBody,
    response: monitoring.ReportView,
  },

  // --- country profiles (src/modules/profiles) -------------------------------------------------------------
  'GET /api/dialogues/:slug/profiles': { params: profiles.SlugParams, response: profiles.ProfileList },
  'GET /api/dialogues/:slug/profiles/:state': {
    params: profiles.ProfileParams,
    response: profiles.ProfileView,
  },
  'GET /api/dialogues/:slug/profiles/:state/figures': {
    params: profiles.ProfileParams,
    response: profiles.FiguresView,
  },
  'PUT /api/dialogues/:slug/profiles/:state/draft': {
    params: profiles.ProfileParams,
    body: profiles.DraftBody,
    response: profiles.ProfileView,
  },
  'GET /api/dialogues/:slug/profiles/:state/versions/:number': {
    params: profiles.VersionParams,
    response: profiles.VersionView,
  },
  'POST /api/dialogues/:slug/profiles/:state/versions/:number/endorse': {
    params: profiles.VersionParams,
    body: profiles.EndorseBody,
    response: profiles.ProfileView,
  },
  'POST /api/dialogues/:slug/profiles/:state/versions/:number/return': {
    params: profiles.VersionParams,
    body: profiles.ReturnBody,
    response: profiles.ProfileView,
  },
  'GET /api/dialogues/:slug/profiles/:state/compare': {
    params: profiles.ProfileParams,
    query: profiles.CompareQuery,
    response: profiles.CompareView,
  },
  // --- best-practice inventory (src/modules/practices) ---------------------------------------------------
  'GET /api/dialogues/:slug/practices': {
    params: practices.SlugParams,
    query: practices.PracticeListQuery,
    response: practices.PracticeList,
  },
  'GET /api/dialogues/:slug/practices/export.csv': {
    params: practices.SlugParams,
    query: practices.PracticeListQuery,
    response: null,
  },
  'GET /api/dialogues/:slug/practices/compare': {
    params: practices.SlugParams,
    query: practices.CompareQuery,
    response: practices.ComparisonView,
  },
  'POST /api/dialogues/:slug/practices': {
    params: practices.SlugParams,
    body: practices.PracticeCreateBody,
    response: practices.PracticeView,
    status: 201,
  },
  'GET /api/dialogues/:slug/practices/:id': {
    params: practices.PracticeParams,
    response: practices.PracticeView,
  },
  'PATCH /api/dialogues/:slug/practices/:id': {
    params: practices.PracticeParams,
    body: practices.PracticeUpdateBody,
    response: practices.PracticeView,
  },
  'POST /api/dialogues/:slug/practices/:id/submit': {
    params: practices.PracticeParams,
    body: practices.SubmitBody,
    response: practices.PracticeView,
  },
  'POST /api/dialogues/:slug/practices/:id/verify': {
    params: practices.PracticeParams,
    body: practices.VerifyBody,
    response: practices.PracticeView,
  },
  'GET /api/dialogues/:slug/practices/:id/history': {
    params: practices.PracticeParams,
    response: practices.PracticeHistory,
  },
  'GET /api/dialogues/:slug/practices/:id/attachments': {
    params: practices.PracticeParams,
    response: practices.PracticeAttachmentList,
  },
  'POST /api/dialogues/:slug/practices/:id/attachments': {
    params: practices.PracticeParams,
    query: practices.PracticeAttachmentUploadQuery,
    response: practices.PracticeAttachmentList,
    status: 201,
  },
  'GET /api/dialogues/:slug/practices/:id/attachments/:attachmentId': {
    params: practices.PracticeAttachmentParams,
    response: null,
  },

  // --- draft consultations (src/modules/consultations) ---------------------------------------------------
  'GET /api/dialogues/:slug/consultations': {
    params: consultations.SlugParams,
    response: consultations.ConsultationList,
  },
  'POST /api/dialogues/:slug/consultations': {
    params: consultations.SlugParams,
    body: consultations.ConsultationCreateBody,
    response: consultations.ConsultationView,
    status: 201,
  },
  'GET /api/dialogues/:slug/consultations/:id': {
    params: consultations.ConsultationParams,
    response: consultations.ConsultationView,
  },
  'PATCH /api/dialogues/:slug/consultations/:id': {
    params: consultations.ConsultationParams,
    body: consultations.SettingsBody,
    response: consultations.ConsultationView,
  },
  'PUT /api/dialogues/:slug/consultations/:id/split': {
    params: consultations.ConsultationParams,
    body: consultations.SplitBody,
    response: consultations.ConsultationView,
  },
  'POST /api/dialogues/:slug/consultations/:id/open': {
    params: consultations.ConsultationParams,
    response: consultations.ConsultationView,
  },
  'POST /api/dialogues/:slug/consultations/:id/comments': {
    params: consultations.ConsultationParams,
    body: consultations.CommentBody,
    response: consultations.ConsultationView,
  },
  'PATCH /api/dialogues/:slug/consultations/:id/comments/:commentId': {
    params: consultations.ConsultationCommentParams,
    body: consultations.CommentEditBody,
    response: consultations.ConsultationView,
  },
  'POST /api/dialogues/:slug/consultations/:id/comments/:commentId/response': {
    params: consultations.ConsultationCommentParams,
    body: consultations.ResponseBody,
    response: consultations.ConsultationView,
  },
  'GET /api/dialogues/:slug/consultations/:id/matrix': {
    params: consultations.ConsultationParams,
    query: consultations.VersionQuery,
    response: consultations.MatrixView,
  },
  'GET /api/dialogues/:slug/consultations/:id/matrix.xlsx': {
    params: consultations.ConsultationParams,
    query: consultations.ExportQuery,
    response: null,
  },
  'GET /api/dialogues/:slug/consultations/:id/matrix.docx': {
    params: consultations.ConsultationParams,
    query: consultations.ExportQuery,
    response: null,
  },
  'GET /api/dialogues/:slug/consultations/:id/matrix.pdf': {
    params: consultations.ConsultationParams,
    query: consultations.ExportQuery,
    response: null,
  },
  'GET /api/dialogues/:slug/consultations/:id/summary': {
    params: consultations.ConsultationParams,
    query: consultations.VersionQuery,
    response: consultations.SummaryView,
  },
  'PUT /api/dialogues/:slug/consultations/:id/summary': {
    params: consultations.ConsultationParams,
    body: consultations.SummaryBody,
    response: consultations.SummaryView,
  },
  'POST /api/dialogues/:slug/consultations/:id/summary/generate': {
    params: consultations.ConsultationParams,
    response: consultations.SummaryView,
  },
  'GET /api/dialogues/:slug/consultations/:id/summary.docx': {
    params: consultations.ConsultationParams,
    query: consultations.ExportQuery,
    response: null,
  },
  'POST /api/dialogues/:slug/consultations/:id/versions': {
    params: consultations.ConsultationParams,
    body: consultations.VersionBody,
    response: consultations.ConsultationView,
  },
  'GET /api/dialogues/:slug/consultations/:id/compare': {
    params: consultations.ConsultationParams,
    query: consultations.CompareQuery,
    response: consultations.CompareView,
  },

  // --- contact points and liaison officers (src/modules/contacts) ------------------------------------------
  'GET /api/dialogues/:slug/contacts': {
    params: contacts.SlugParams,
    query: contacts.ContactsQuery,
    response: contacts.ContactList,
  },
  'POST /api/dialogues/:slug/contacts': {
    params: contacts.SlugParams,
    body: contacts.ContactBody,
    response: contacts.ContactView,
    status: 201,
  },
  'PUT /api/dialogues/:slug/contacts/:id': {
    params: contacts.ContactParams,
    body: contacts.ContactUpdateBody,
    response: contacts.ContactView,
  },
  'DELETE /api/dialogues/:slug/contacts/:id': { params: contacts.ContactParams, response: null },
  'GET /api/dialogues/:slug/contacts/:id/history': {
    params: contacts.ContactParams,
    response: contacts.RevisionList,
  },
  'GET /api/dialogues/:slug/contacts/stale': {
    params: contacts.SlugParams,
    response: z.array(contacts.ContactView),
  },
  'PUT /api/dialogues/:slug/contacts/settings': {
    params: contacts.SlugParams,
    body: contacts.ContactSettingsBody,
    response: contacts.ContactSettings,
  },
  'POST /api/dialogues/:slug/contacts/confirmations/run': {
    params: contacts.SlugParams,
    response: contacts.RunResult,
  },
  'GET /api/dialogues/:slug/contacts/export.vcf': {
    params: contacts.SlugParams,
    query: contacts.ContactsQuery,
    response: null,
  },
  'GET /api/dialogues/:slug/contacts/export.csv': {
    params: contacts.SlugParams,
    query: contacts.ContactsQuery,
    response: null,
  },
  'GET /api/dialogues/:slug/contacts/:id/contact.vcf': { params: contacts.ContactParams, response: null },
  'POST /api/contact-confirmations/lookup': { body: contacts.TokenBody, response: contacts.ConfirmationView },
  'POST /api/contact-confirmations/confirm': {
    body: contacts.TokenBody,
    response: contacts.ConfirmationView,
  },
  // --- agreements registry (src/modules/agreements) ------------------------------------------------------
  'GET /api/dialogues/:slug/agreements': {
    params: agreements.SlugParams,
    query: agreements.AgreementFilter,
    response: agreements.AgreementList,
  },
  'POST /api/dialogues/:slug/agreements': {
    params: agreements.SlugParams,
    body: agreements.AgreementBody,
    response: agreements.AgreementView,
    status: 201,
  },
  'GET /api/dialogues/:slug/agreements.csv': {
    params: agreements.SlugParams,
    query: agreements.AgreementFilter,
    response: null,
  },
  'GET /api/dialogues/:slug/agreements/matrix': {
    params: agreements.SlugParams,
    query: agreements.MatrixQuery,
    response: agreements.AgreementMatrix,
  },
  'GET /api/dialogues/:slug/agreements/partners': {
    params: agreements.SlugParams,
    query: agreements.PartnersQuery,
    response: agreements.AgreementPartners,
  },
  'GET /api/dialogues/:slug/agreements/:id': {
    params: agreements.AgreementParams,
    response: agreements.AgreementView,
  },
  'PUT /api/dialogues/:slug/agreements/:id': {
    params: agreements.AgreementParams,
    body: agreements.AgreementUpdateBody,
    response: agreements.AgreementView,
  },
  'GET /api/dialogues/:slug/agreements/:id/history': {
    params: agreements.AgreementParams,
    response: agreements.AgreementHistory,
  },
} as const satisfies Record<`${Method} /api/${string}`, Endpoint>;

export type Api = typeof API;
