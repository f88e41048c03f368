import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AccountPage } from '../features/account/account-page';
import { AdminPage } from '../features/admin/admin-page';
import { MembersPage } from '../features/admin/members-page';
import { AlertsPage } from '../features/alerts/alerts-page';
import { AuditPage } from '../features/audit/audit-page';
import { LoginPage } from '../features/auth/login-page';
import { DefinitionsPage } from '../features/definitions/definitions-page';
import { DialogueHomePage } from '../features/dialogues/dialogue-home-page';
import { DialogueSettingsPage } from '../features/dialogues/dialogue-settings-page';
import { DialoguesAdminPage } from '../features/dialogues/dialogues-admin-page';
import { HomeRedirect } from '../features/dialogues/home-redirect';
import { DataPage } from '../features/exchange/data-page';
import { SubmissionPage } from '../features/exchange/submission-page';
import { UploadPage } from '../features/exchange/upload-page';
import { ReportsPage } from '../features/reports/reports-page';
import { InvitationPage } from '../features/setup/invitation-page';
import { SetupPage } from '../features/setup/setup-page';
import { TranslationsPage } from '../features/translations/translations-page';
import { NotFoundPage } from './not-found-page';
import { RequireSession } from './require-session';
import { Shell } from './shell';

// Analytics pages pull in ECharts and MapLibre: each is its own chunk, loaded when first opened.
const AnalyticsDashboardPage = lazy(() => import('../features/analytics/dashboard-page'));
const AnalyticsMapPage = lazy(() => import('../features/analytics/map-page'));
const AnalyticsFlowsPage = lazy(() => import('../features/analytics/flows-page'));
const AnalyticsShiftsPage = lazy(() => import('../features/analytics/shifts-page'));
const AnalyticsComparePage = lazy(() => import('../features/analytics/compare-page'));
const ForecastsPage = lazy(() =>
  import('../features/forecasting/forecasts-page').then((m) => ({ default: m.ForecastsPage })),
);

/**
 * Routes. Everything except /login needs a session: logged-out visitors are sent to /login?next=….
 *   /login      e-mail and password
 *   /           the first dialogue the user can see
 *   /d/:slug    dialogue home (members, routes, indicators, map)
 *   /d/:slug/analytics[/map|/flows|/shifts|/compare]  route dashboard, route map, flows, route shifts,
 *                                     compare (filters in the query string)
 *   /d/:slug/data                     statistics exchange: my submissions, templates, exports
 *   /d/:slug/data/upload              upload a CSV/XLSX file
 *   /d/:slug/data/submissions/:id     a submission: entry grid, checks, submit, review, history
 *   /d/:slug/forecasts                forecasts with intervals, backtests and model details
 *   /d/:slug/translations             names and descriptions per language (secretariat)
 *   /d/:slug/definitions              indicators, routes, reporting calendar, overdue (secretariat)
 *   /d/:slug/alerts                   early warning: alert rules, alert feed, subscriptions, deliveries
 *   /d/:slug/reports                  situation reports (HTML and PDF)
 *   /audit      audit log viewer (admins)
 *   /account    password, two-factor authentication, API tokens
 *   /admin      users and roles of the dialogues one administers
 *   /admin/dialogues[/:id[/members]]  dialogues: create, settings, logo, archive; members and invitations
 *   /setup?token=…       the one-time set-up link (first administrator), outside the session
 *   /invitation?token=…  an invited user sets their password, outside the session
 */
export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/setup" element={<SetupPage />} />
        <Route path="/invitation" element={<InvitationPage />} />
        <Route element={<RequireSession />}>
          <Route element={<Shell />}>
            <Route index element={<HomeRedirect />} />
            <Route path="/d/:slug" element={<DialogueHomePage />} />
            <Route path="/d/:slug/data" element={<DataPage />} />
            <Route path="/d/:slug/alerts" element={<AlertsPage />} />
            <Route path="/d/:slug/reports" element={<ReportsPage />} />
            <Route path="/d/:slug/definitions" element={<DefinitionsPage />} />
            <Route
              path="/d/:slug/analytics"
              element={
                <Suspense>
                  <AnalyticsDashboardPage />
                </Suspense>
              }
            />
            <Route
              path="/d/:slug/analytics/map"
              element={
                <Suspense>
                  <AnalyticsMapPage />
                </Suspense>
              }
            />
            <Route
              path="/d/:slug/analytics/flows"
              element={
                <Suspense>
                  <AnalyticsFlowsPage />
                </Suspense>
              }
            />
            <Route
              path="/d/:slug/analytics/shifts"
              element={
                <Suspense>
                  <AnalyticsShiftsPage />
                </Suspense>
              }
            />
            <Route
              path="/d/:slug/analytics/compare"
              element={
                <Suspense>
                  <AnalyticsComparePage />
                </Suspense>
              }
            />
            <Route path="/d/:slug/data/upload" element={<UploadPage />} />
            <Route path="/d/:slug/data/submissions/:id" element={<SubmissionPage />} />
            <Route
              path="/d/:slug/forecasts"
              element={
                <Suspense>
                  <ForecastsPage />
                </Suspense>
              }
            />
            <Route path="/d/:slug/translations" element={<TranslationsPage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="/account" element={<AccountPage />} />
            <Route path="/admin" element={<AdminPage />} />
            <Route path="/admin/dialogues" element={<DialoguesAdminPage />} />
            <Route path="/admin/dialogues/:id" element={<DialogueSettingsPage />} />
            <Route path="/admin/dialogues/:id/members" element={<MembersPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
