import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { LanguageSwitch } from '../ui/language-switch';
import { useAuthenticatedSession, useSession } from './session';

/** Header (app name, user, organisation, language, log out) around every page of a logged-in user. */
export function Shell() {
  const { t } = useTranslation();
  const session = useAuthenticatedSession();
  const { signOut } = useSession();
  const [isLoggingOut, setLoggingOut] = useState(false);

  async function handleLogout() {
    setLoggingOut(true);
    try {
      await signOut();
    } catch {
      // The server session may already be gone; the user is logged out here either way.
    }
    // Now anonymous: <RequireSession> sends the user to /login.
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <div className="app-header__end">
          <p className="user-badge">
            <span className="visually-hidden">{t('shell.account')}: </span>
            <span className="user-badge__name" data-testid="user-name">
              {session.user.name}
            </span>
            <span className="visually-hidden">, {t('shell.organisation')}: </span>
            <span className="user-badge__org" data-testid="user-organisation">
              {session.user.organisation.name}
            </span>
          </p>
          <LanguageSwitch />
          <button
            type="button"
            className="button button--header"
            onClick={() => void handleLogout()}
            disabled={isLoggingOut}
          >
            {isLoggingOut ? t('shell.loggingOut') : t('shell.logout')}
          </button>
        </div>
      </header>
      <Outlet />
    </div>
  );
}
