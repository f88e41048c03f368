import { type ComponentType, type LazyExoticComponent, lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AccountPage } from '../features/account/account-page';
import { AdminPage } from '../features/admin/admin-page';
import { MembersPage } from '../features/admin/members-page';
import { AgreementFormPage } from '../features/agreements/agreement-form-page';
import { AgreementPage } from '../features/agreements/agreement-page';
import { AgreementsPage } from '../features/agreements/agreements-page';
import { AlertsPage } from '../features/alerts/alerts-page';
import { AuditPage } from '../features/audit/audit-page';
import { LoginPage } from '../features/auth/login-page';
import { ConsultationPage } from '../features/consultations/consultation-page';
import { ConsultationsPage } from '../features/consultations/consultations-page';
import { ConfirmContactPage } from '../features/contacts/confirm-contact-page';
import { ContactsPage } from '../features/contacts/contacts-page';
import { DefinitionsPage } from '../features/definitions/definitions-page';
import { DialogueHomePage } from '../features/dialogues/dialogue-home-page';
import { DialogueSettingsPage } from '../features/dialogues/dialogue-settings-page';
import { DialoguesAdminPage } from '../features/dialogues/dialogues-admin-page';
import { HomeRedirect } from '../features/dialogues/home-redirect';
import { DocumentPage } from '../features/documents/document-page';
import { DocumentsPage } from '../features/documents/documents-page';
import { DataPage } from '../features/exchange/data-page';
import { SubmissionPage } from '../features/exchange/submission-page';
import { UploadPage } from '../features/exchange/upload-page';
import { MeetingPage } from '../features/meetings/meeting-page';
import { MeetingsPage } from '../features/meetings/meetings-page';
import { CyclePage } from '../features/monitoring/cycle-page';
import { MonitoringDashboardPage } from '../features/monitoring/dashboard-page';
import { DeclarationPage } from '../features/monitoring/declaration-page';
import { MonitoringPage } from '../features/monitoring/monitoring-page';
import { NoticePage } from '../features/notices/notice-page';
import { NoticesPage } from '../features/notices/notices-page';
import { NoticeSubscriptionsPage } from '../features/notices/subscriptions-page';
import { NoticeUptakePage } from '../features/notices/uptake-page';
import { SystemStatusPage } from '../features/operations/system-status-page';
import { PortalDownloadsPage } from '../features/portal/portal-downloads-page';
import {
  PortalAgreementPage,
  PortalAgreementsPage,
  PortalPracticePage,
  PortalPracticesPage,
  PortalProfilePage,
  PortalProfilesPage,
} from '../features/portal/portal-knowledge-pages';
import { PortalLayout } from '../features/portal/portal-layout';
import {
  PortalDocumentPage,
  PortalDocumentsPage,
  PortalNoticePage,
  PortalNoticesPage,
} from '../features/portal/portal-library-pages';
import { PortalOverviewPage, PortalRoutesPage } from '../features/portal/portal-overview-page';
import { PortalReleasesPage } from '../features/portal/portal-releases-page';
import { PracticeComparePage } from '../features/practices/compare-page';
import { PracticeFormPage } from '../features/practices/practice-form-page';
import { PracticePage } from '../features/practices/practice-page';
import { PracticesPage } from '../features/practices/practices-page';
import { ProfilePage } from '../features/profiles/profile-page';
import { ProfilesPage } from '../features/profiles/profiles-page';
import { ReportsPage } from '../features/reports/reports-page';
import { SearchPage } from '../features/search/search-page';
import { InvitationPage } from '../features/setup/invitation-page';
import { SetupPage } from '../features/setup/setup-page';
import { TranslationsPage } from '../features/translations/translations-page';
import { RulesPage } from '../features/validation-rules/rules-page';
import { DialogueLayout } from '../ui/dialogue-context';
import { PageFrame } from '../ui/page';
import { Loading } from '../ui/status';
import { NotFoundPage } from './not-found-page';
import { RequireSession } from './require-session';
import { Shell } from './shell';

// Analytics pages pull in ECharts and MapLibre: each is its own chunk, loaded when first opened.
const AnalyticsDashboardPage = lazy(() => import('../features/analytics/dashboard-page'));
const AnalyticsMapPage = lazy(() => import('../features/analytics/map-page'));
const AnalyticsFlowsPage = lazy(() => import('../features/analytics/flows-page'));
const AnalyticsShiftsPage = lazy(() => import('../features/analytics/shifts-page'));
const AnalyticsComparePage = lazy(() => import('../features/analytics/compare-page'));
// The portal's route chart and its embed use ECharts too.
const PortalRoutePage = lazy(() =>
  import('../features/portal/portal-route-page').then((m) => ({ default: m.PortalRoutePage })),
);
const EmbedRoutePage = lazy(() =>
  import('../features/portal/embed-page').then((m) => ({ default: m.EmbedRoutePage })),
);
// The portal's map of figures and its embed (MapLibre, loaded with the canvas).
const EmbedMapPage = lazy(() =>
  import('../features/portal/embed-page').then((m) => ({ default: m.EmbedMapPage })),
);
const PortalMapPage = lazy(() =>
  import('../features/portal/portal-map-page').then((m) => ({ default: m.PortalMapPage })),
);
const ForecastsPage = lazy(() =>
  import('../features/forecasting/forecasts-page').then((m) => ({ default: m.ForecastsPage })),
);

/** A lazily loaded page: the page frame with "Loading…" until its chunk is there. */
function Lazy({ page: LazyPage }: { page: LazyExoticComponent<ComponentType> }) {
  return (
    <Suspense
      fallback={
        <PageFrame>
          <Loading />
        </PageFrame>
      }
    >
      <LazyPage />
    </Suspense>
  );
}

/**
 * Routes. Everything except /login needs a session: logged-out visitors are sent to /login?next=….
 *   /login      e-mail and password
 *   /           the first dialogue the user can see
 *   /d/:slug    dialogue home (members, routes, indicators, map); every /d/:slug page is rendered inside
 *               DialogueLayout (web/src/ui/dialogue-context.tsx): the dialogue is loaded once for all of them
 *   /d/:slug/analytics[/map|/flows|/shifts|/compare]  route dashboard, route map, flows, route shifts,
 *                                     compare (filters in the query string)
 *   /d/:slug/data                     statistics exchange: my submissions, templates, exports
 *   /d/:slug/data/upload              upload a CSV/XLSX file
 *   /d/:slug/data/submissions/:id     a submission: entry grid, checks, submit, review, history
 *   /d/:slug/forecasts                forecasts with intervals, backtests and model details
 *   /d/:slug/translations             names and descriptions per language (secretariat)
 *   /d/:slug/definitions              indicators, routes, reporting calendar, overdue, reporting rates,
 *                                     reminders and locks (secretariat)
 *   /d/:slug/rules                    validation rules, what they flagged, re-runs (members read)
 *   /d/:slug/alerts                   early warning: alert rules, alert feed, subscriptions, deliveries
 *   /d/:slug/notices(/:id)            notices of new national measures: feed, post form, one notice
 *   /d/:slug/notices/subscriptions    my saved notice filters (subscriptions)
 *   /d/:slug/notices/uptake           the secretariat's uptake dashboard of notices
 *   /d/:slug/monitoring(/…)           implementation monitoring: declarations, cycles, reports, dashboard
 *   /d/:slug/profiles(/:iso3)         country profiles: key figures, narrative versions, endorsement, compare
 *   /d/:slug/practices(/…)            best-practice inventory: list, map, compare, a practice, its form
 *   /d/:slug/meetings(/:id)           meetings: list, plan, one meeting with minutes and follow-up actions
 *   /d/:slug/consultations(/:id)      draft consultations: list, create, paragraphs and comments, matrix,
 *                                     summary, versions
 *   /d/:slug/reports                  situation reports (HTML and PDF)
 *   /d/:slug/documents(/:id)          document library: list, upload, one document with its versions
 *   /d/:slug/agreements(/new|/:id(/edit)) agreements registry: list, matrix, map, timeline; one agreement; the form
 *   /search?q=…                       one search across Passage (header search box): results, facets
 *   /audit      audit log viewer (admins)
 *   /account    password, two-factor authentication, API tokens
 *   /admin      users and roles of the dialogues one administers
 *   /admin/dialogues[/:id[/members]]  dialogues: create, settings, logo, archive; members and invitations
 *   /admin/system        system status: readiness, jobs, the server process (administrators)
 *   /setup?token=…       the one-time set-up link (first administrator), outside the session
 *   /invitation?token=…  an invited user sets their password, outside the session
 *   /p/:slug[/map|/routes[/:route]|/downloads|/releases|/notices[/:id]|/documents[/:id]|/practices[/:id]|
 *               /agreements[/:id]|/profiles[/:state]]  the public portal, outside the session (no login):
 *               overview, route figures, downloads, release calendar, public notices and documents, best
 *               practices, agreements and country profiles (web/src/features/portal)
 *   /embed/:slug/routes/:route?indicator=…  one public route chart for an iframe (the only framable pages)
 *   /embed/:slug/map?indicator=…&period=…     the public figures per reporting state on a map, for an iframe
 */
export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/setup" element={<SetupPage />} />
        <Route path="/invitation" element={<InvitationPage />} />
        <Route path="/confirm-contact" element={<ConfirmContactPage />} />
        <Route path="/embed/:slug/routes/:route" element={<Lazy page={EmbedRoutePage} />} />
        <Route path="/embed/:slug/map" element={<Lazy page={EmbedMapPage} />} />
        <Route path="/p/:slug" element={<PortalLayout />}>
          <Route index element={<PortalOverviewPage />} />
          <Route path="map" element={<Lazy page={PortalMapPage} />} />
          <Route path="routes" element={<PortalRoutesPage />} />
          <Route path="routes/:route" element={<Lazy page={PortalRoutePage} />} />
          <Route path="downloads" element={<PortalDownloadsPage />} />
          <Route path="releases" element={<PortalReleasesPage />} />
          <Route path="notices" element={<PortalNoticesPage />} />
          <Route path="notices/:id" element={<PortalNoticePage />} />
          <Route path="documents" element={<PortalDocumentsPage />} />
          <Route path="documents/:id" element={<PortalDocumentPage />} />
          <Route path="practices" element={<PortalPracticesPage />} />
          <Route path="practices/:id" element={<PortalPracticePage />} />
          <Route path="agreements" element={<PortalAgreementsPage />} />
          <Route path="agreements/:id" element={<PortalAgreementPage />} />
          <Route path="profiles" element={<PortalProfilesPage />} />
          <Route path="profiles/:state" element={<PortalProfilePage />} />
        </Route>
        <Route element={<RequireSession />}>
          <Route element={<Shell />}>
            <Route index element={<HomeRedirect />} />
            <Route path="/d/:slug" element={<DialogueLayout />}>
              <Route index element={<DialogueHomePage />} />
              <Route path="data" element={<DataPage />} />
              <Route path="data/upload" element={<UploadPage />} />
              <Route path="data/submissions/:id" element={<SubmissionPage />} />
              <Route path="alerts" element={<AlertsPage />} />
              <Route path="notices" element={<NoticesPage />} />
              <Route path="notices/subscriptions" element={<NoticeSubscriptionsPage />} />
              <Route path="notices/uptake" element={<NoticeUptakePage />} />
              <Route path="notices/:id" element={<NoticePage />} />
              <Route path="monitoring" element={<MonitoringPage />} />
              <Route path="profiles" element={<ProfilesPage />} />
              <Route path="profiles/:iso3" element={<ProfilePage />} />
              <Route path="monitoring/declarations/:id" element={<DeclarationPage />} />
              <Route path="monitoring/cycles/:id" element={<CyclePage />} />
              <Route path="monitoring/cycles/:id/dashboard" element={<MonitoringDashboardPage />} />
              <Route path="practices" element={<PracticesPage />} />
              <Route path="practices/new" element={<PracticeFormPage />} />
              <Route path="practices/compare" element={<PracticeComparePage />} />
              <Route path="practices/:id" element={<PracticePage />} />
              <Route path="practices/:id/edit" element={<PracticeFormPage />} />
              <Route path="meetings" element={<MeetingsPage />} />
              <Route path="meetings/:id" element={<MeetingPage />} />
              <Route path="consultations" element={<ConsultationsPage />} />
              <Route path="consultations/:id" element={<ConsultationPage />} />
              <Route path="reports" element={<ReportsPage />} />
              <Route path="documents" element={<DocumentsPage />} />
              <Route path="documents/:id" element={<DocumentPage />} />
              <Route path="agreements" element={<AgreementsPage />} />
              <Route path="agreements/new" element={<AgreementFormPage />} />
              <Route path="agreements/:id" element={<AgreementPage />} />
              <Route path="agreements/:id/edit" element={<AgreementFormPage />} />
              <Route path="contacts" element={<ContactsPage />} />
              <Route path="definitions" element={<DefinitionsPage />} />
              <Route path="rules" element={<RulesPage />} />
              <Route path="translations" element={<TranslationsPage />} />
              <Route path="analytics" element={<Lazy page={AnalyticsDashboardPage} />} />
              <Route path="analytics/map" element={<Lazy page={AnalyticsMapPage} />} />
              <Route path="analytics/flows" element={<Lazy page={AnalyticsFlowsPage} />} />
              <Route path="analytics/shifts" element={<Lazy page={AnalyticsShiftsPage} />} />
              <Route path="analytics/compare" element={<Lazy page={AnalyticsComparePage} />} />
              <Route path="forecasts" element={<Lazy page={ForecastsPage} />} />
            </Route>
            <Route path="/search" element={<SearchPage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="/account" element={<AccountPage />} />
            <Route path="/admin" element={<AdminPage />} />
            <Route path="/admin/dialogues" element={<DialoguesAdminPage />} />
            <Route path="/admin/dialogues/:id" element={<DialogueSettingsPage />} />
            <Route path="/admin/dialogues/:id/members" element={<MembersPage />} />
            <Route path="/admin/system" element={<SystemStatusPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
