import { BrowserRouter, Route, Routes } from 'react-router';
import { LoginPage } from '../features/auth/login-page';
import { DialogueHomePage } from '../features/dialogues/dialogue-home-page';
import { HomeRedirect } from '../features/dialogues/home-redirect';
import { NotFoundPage } from './not-found-page';
import { RequireSession } from './require-session';
import { Shell } from './shell';

/**
 * Routes. Everything except /login needs a session: logged-out visitors are sent to /login?next=….
 *   /login      e-mail and password
 *   /           the first dialogue the user can see
 *   /d/:slug    dialogue home (members, routes, indicators, map)
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
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
