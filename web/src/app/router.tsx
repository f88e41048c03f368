import { BrowserRouter, Route, Routes } from 'react-router';
import { AccountPage } from '../features/account/account-page';
import { AdminPage } from '../features/admin/admin-page';
import { AuditPage } from '../features/audit/audit-page';
import { LoginPage } from '../features/auth/login-page';
import { DialogueHomePage } from '../features/dialogues/dialogue-home-page';
import { HomeRedirect } from '../features/dialogues/home-redirect';
import { DataPage } from '../features/exchange/data-page';
import { SubmissionPage } from '../features/exchange/submission-page';
import { UploadPage } from '../features/exchange/upload-page';
import { NotFoundPage } from './not-found-page';
import { RequireSession } from './require-session';
import { Shell } from './shell';

/**
 * Routes. Everything except /login needs a session: logged-out visitors are sent to /login?next=….
 *   /login      e-mail and password
 *   /           the first dialogue the user can see
 *   /d/:slug    dialogue home (members, routes, indicators, map)
 *   /d/:slug/data                     statistics exchange: my submissions, templates, exports
 *   /d/:slug/data/upload              upload a CSV/XLSX file
 *   /d/:slug/data/submissions/:id     a submission: entry grid, checks, submit, review, history
 *   /audit      audit log viewer (admins)
 *   /account    password, two-factor authentication, API tokens
 *   /admin      users and roles of the dialogues one administers
 */
export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<RequireSession />}>
          <Route element={<Shell />}>
            <Route index element={<HomeRedirect />} />
            <Route path="/d/:slug" element={<DialogueHomePage />} />
            <Route path="/d/:slug/data" element={<DataPage />} />
            <Route path="/d/:slug/data/upload" element={<UploadPage />} />
            <Route path="/d/:slug/data/submissions/:id" element={<SubmissionPage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="/account" element={<AccountPage />} />
            <Route path="/admin" element={<AdminPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
