/**
 * The types of the contract between the server and the web app, for `import type` only (nothing here exists
 * at run time). Every shape comes from a module's zod schema (through the endpoint table in api.ts or the
 * schema's own `z.infer` type) or from a type of src/domain or src/shared; nothing is written out by hand, so
 * a schema change shows up in `tsc -p web/tsconfig.json`.
 *
 * - `ApiRoute`: a key of the endpoint table, e.g. `'GET /api/dialogues/:slug'`.
 * - `ApiResponse<R>`: what the route answers (the schema's output; response schemas have no transforms).
 * - `ApiBody<R>`, `ApiQuery<R>`, `ApiParams<R>`: what a call sends (a body as the schema's input, defaults
 *   optional; query values as they travel in a URL).
 * - `ApiCall<R>`: the second argument of the web app's client for route R.
 */
import type { z } from 'zod';
import type * as alerts from '../modules/alerts/alerts.schema';
import type * as contacts from '../modules/contacts/contacts.schema';
import type * as dialogues from '../modules/dialogues/dialogues.schema';
import type { DialogueHome } from '../modules/dialogues/dialogues.schema';
import type * as submissions from '../modules/submissions/submissions.schema';
import type { SubmissionView } from '../modules/submissions/submissions.schema';
import type * as translations from '../modules/translations/translations.schema';
import type { Api } from './api';

// --- the endpoint table, as types ----------------------------------------------------------------------

export type ApiRoute = keyof Api;

/** The names of the `:params` of a route key. */
export type PathParamNames<R extends string> = R extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : R extends `${string}:${infer Name}`
    ? Name
    : never;

export type ApiResponse<R extends ApiRoute> = Api[R]['response'] extends z.ZodType
  ? z.output<Api[R]['response']>
  : unknown;

export type ApiBody<R extends ApiRoute> = Api[R] extends { body: infer B extends z.ZodType }
  ? z.input<B>
  : never;

/** A query parameter as it travels in a URL; undefined, null and '' are left out. */
export type QueryValue = string | number | boolean | null | undefined;

export type ApiQuery<R extends ApiRoute> = Api[R] extends { query: infer Q extends z.ZodType }
  ? { [K in keyof z.input<Q>]?: QueryValue }
  : never;

export type ApiParams<R extends ApiRoute> = Record<PathParamNames<R>, string | number>;

export type ApiCall<R extends ApiRoute> = ([PathParamNames<R>] extends [never]
  ? { params?: never }
  : { params: ApiParams<R> }) &
  (Api[R] extends { body: z.ZodType } ? { body: ApiBody<R> } : { body?: never }) &
  (Api[R] extends { query: z.ZodType } ? { query?: ApiQuery<R> } : { query?: never }) & {
    signal?: AbortSignal | undefined;
  };

/** Routes whose call needs no argument (no path params, no body). */
export type ApiRouteWithoutArgs = {
  [R in ApiRoute]: [PathParamNames<R>] extends [never]
    ? Api[R] extends { body: z.ZodType }
      ? never
      : R
    : never;
}[ApiRoute];

export type { Problem } from './problem';

// --- shared vocabularies (src/domain, src/shared) -------------------------------------------------------

export type {
  AgreementStatus,
  AgreementType,
  PartyKind,
} from '../domain/agreements/agreement-rules';
export type { RuleDefinition, RuleKind } from '../domain/alerts/rules';
export type { ModelName } from '../domain/forecasting/model-names';
export type { MeetingKind } from '../domain/meetings/meeting-rules';
export type {
  Progress as MonitoringProgress,
  ReportStatus as MonitoringReportStatus,
} from '../domain/monitoring/monitoring-rules';
export type { MeasureType, NoticeOutcome, NoticeStage } from '../domain/notices/notice-rules';
export type { Breakdowns, Dimension, Flag } from '../domain/observations/dimensions';
export type {
  ComparedField,
  PracticeField,
  PracticeStatus,
  ThematicArea,
} from '../domain/practices/practice-rules';
export type { SideOperator } from '../domain/rules/rule-scope';
export type { SubmissionStatus } from '../domain/submissions/workflow';
export type { Classification } from '../shared/classification';
export type { ErrorCode, FieldError } from '../shared/errors';
export type { Locale } from '../shared/locales';
export type { Role } from '../shared/roles';
export type { TokenScope } from '../shared/token-scopes';

// --- named views (the schemas' own types) ----------------------------------------------------------------

export type {
  AgreementHistory,
  AgreementList,
  AgreementMatrix,
  AgreementPartners,
  AgreementView,
} from '../modules/agreements/agreements.schema';
export type {
  AlertDetail,
  AlertView,
  DeliveryView,
  EvaluationView,
  NotificationView,
  RuleView as AlertRuleView,
  SubscriptionView,
} from '../modules/alerts/alerts.schema';
export type {
  BreakdownView,
  ChoroplethView,
  CompareView,
  CompletenessView,
  FlowsView,
  RouteShiftsView,
  SeriesView,
  TopCitizenshipsView,
} from '../modules/analytics/analytics.schema';
export type { AuditEntryView } from '../modules/audit/audit.schema';
export type {
  CalendarEntryView,
  CalendarSettingsView,
  CalendarView,
  OverdueView,
  ReportingRatesView,
} from '../modules/calendars/calendars.schema';
export type {
  CommentView as ConsultationCommentView,
  CompareView as ConsultationCompareView,
  ConsultationList,
  ConsultationSummaryView,
  ConsultationView,
  MatrixView as ConsultationMatrixView,
  SummaryView as ConsultationSummaryOfComments,
} from '../modules/consultations/consultations.schema';
export type {
  ConfirmationView,
  ContactList,
  ContactSettings,
  ContactTopic,
  ContactView,
  RevisionView as ContactRevisionView,
} from '../modules/contacts/contacts.schema';
export type { DefinitionsView } from '../modules/definitions/definitions.schema';
export type {
  DialogueAdminSummary,
  DialogueSettings,
  SecretariatOption,
} from '../modules/dialogues/dialogue-admin.schema';
export type { DialogueHome, DialogueSummary, RouteView } from '../modules/dialogues/dialogues.schema';
export type {
  DocumentList,
  DocumentSummaryView,
  DocumentView,
} from '../modules/documents/documents.schema';
export type {
  ForecastSeriesSummary,
  ForecastSeriesView,
} from '../modules/forecasting/forecasting.schema';
export type { AdminUserView, OrganisationView } from '../modules/identity/admin/admin.schema';
export type { SessionView, TotpRequired } from '../modules/identity/auth/auth.schema';
export type { ProvidersView } from '../modules/identity/sso/sso.schema';
export type { TokenView } from '../modules/identity/tokens/tokens.schema';
export type { EnrolmentStart, TwoFactorStatus } from '../modules/identity/two-factor/two-factor.schema';
export type {
  ImportMappingBody,
  MappedImportView,
  MappingView,
  ProposalView,
} from '../modules/import-mappings/import-mappings.schema';
export type { IndicatorDefinition } from '../modules/indicators/indicators.schema';
export type {
  MeetingList,
  MeetingView,
  MyActions as MyMeetingActions,
} from '../modules/meetings/meetings.schema';
export type {
  DialogueOrganisation,
  InvitationReport,
  MemberChange,
  MemberOrganisation,
  MemberPeriod,
  MemberStateView,
  MembersView,
  ObserverView,
} from '../modules/members/members.schema';
export type { RouteDefinition } from '../modules/migratory-routes/migratory-routes.schema';
export type {
  CycleView as MonitoringCycleView,
  DashboardView as MonitoringDashboardView,
  DeclarationList as MonitoringDeclarationList,
  DeclarationView as MonitoringDeclarationView,
  ReportView as MonitoringReportView,
  SplitView as MonitoringSplitView,
} from '../modules/monitoring/monitoring.schema';
export type {
  NoticeAttachmentList,
  NoticeAttachmentView,
} from '../modules/notices/notices.attachments.schema';
export type {
  NoticeCommentView,
  NoticeHistory,
  NoticeList,
  NoticeSummaryView,
  NoticeView,
} from '../modules/notices/notices.schema';
export type {
  NudgeRun,
  SavedFilter as NoticeSavedFilter,
  SubscriptionList as NoticeSubscriptionList,
  SubscriptionView as NoticeSubscriptionView,
  UptakeView as NoticeUptakeView,
} from '../modules/notices/notices.subscriptions.schema';
export type { ObservationView } from '../modules/observations/observations.schema';
export type { SystemStatusView } from '../modules/operations/operations.schema';
export type { LockList, LockView } from '../modules/period-locks/period-locks.schema';
export type {
  PortalAgreement,
  PortalAgreementList,
  PortalAgreementQuery,
  PortalAgreementView,
  PortalDocument,
  PortalMapView,
  PortalNotice,
  PortalOverview,
  PortalPractice,
  PortalPracticeList,
  PortalPracticeQuery,
  PortalPracticeView,
  PortalProfileList,
  PortalProfileView,
  PortalRelease,
  PortalReleasesView,
  PortalRouteView,
} from '../modules/portal/portal.schema';
export type {
  ComparisonView as PracticeComparisonView,
  PracticeHistory,
  PracticeList,
  PracticeSummaryView,
  PracticeView,
} from '../modules/practices/practices.schema';
export type {
  CompareView as ProfileCompareView,
  FiguresView as ProfileFiguresView,
  ProfileList,
  ProfileView,
  SectionView as ProfileSectionView,
  VersionSummary as ProfileVersionSummary,
} from '../modules/profiles/profiles.schema';
export type { CountryView } from '../modules/reference/reference.schema';
export type { ReminderRunView } from '../modules/reminders/reminders.schema';
export type { ReportView, ScheduleView } from '../modules/reports/reports.schema';
export type { SearchResult } from '../modules/search/search.schema';
export type { SetupStatus } from '../modules/setup/setup.schema';
export type {
  DiffView,
  FindingView,
  SubmissionDetail,
  SubmissionView,
} from '../modules/submissions/submissions.schema';
export type {
  TranslatedText,
  TranslationEntity,
  TranslationField,
  TranslationItem,
  TranslationsView,
} from '../modules/translations/translations.schema';
export type {
  RuleList as ValidationRuleList,
  RuleView as ValidationRuleView,
  RunView as ValidationRunView,
} from '../modules/validation-rules/validation-rules.schema';

// --- parts of views and request bodies, derived from the schemas ---------------------------------------

export type AlertComment = z.output<typeof alerts.CommentView>;
export type SubscriptionCreateBody = z.input<typeof alerts.SubscriptionCreateBody>;
export type SubmissionComment = z.output<typeof submissions.CommentView>;
export type DiffRow = z.output<typeof submissions.DiffRow>;
export type FigureEditBody = z.input<typeof submissions.FigureEditBody>;
export type TranslationCell = z.output<typeof translations.TranslationCell>;
export type TranslationEditBody = z.input<typeof translations.TranslationEditBody>;
/** A text in the working languages (English always there): names of countries and member states. */
export type Translated = z.output<typeof dialogues.Translated>;
export type MemberState = DialogueHome['memberStates'][number];
export type DialogueIndicator = DialogueHome['indicators'][number];
export type OrganisationRef = DialogueHome['secretariat'];
/** Someone named in a view (author, creator): id and name, never an e-mail. */
export type UserRef = NonNullable<SubmissionView['createdBy']>;
export type ContactBody = z.input<typeof contacts.ContactBody>;
