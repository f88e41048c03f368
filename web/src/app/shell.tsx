import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { TwoFactorGate } from '../features/account/two-factor-gate';
import { NotificationBell } from '../features/alerts/notification-bell';
import { SearchBox } from '../features/search/search-box';
import { LanguageSwitch } from '../ui/language-switch';
import { useAuthenticatedSession, useSession } from './session';

/**
 * Header (app name, user, organisation, notifications, account, language, log out) around every page of a
 * logged-in user. A dialogue's own pages are in its navigation bar (web/src/ui/dialogue-context.tsx).
 */
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
        <SearchBox />
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
          {session.abilities.canAdministerDialogues ? (
            <Link to="/admin/dialogues" className="button button--header" data-testid="dialogues-admin-link">
              {t('shell.dialoguesLink')}
            </Link>
          ) : null}
          {session.abilities.canAdminister ? (
            <Link to="/admin" className="button button--header" data-testid="admin-link">
              {t('shell.adminLink')}
            </Link>
          ) : null}
          {session.abilities.canReadOperations ? (
            <Link to="/admin/system" className="button button--header" data-testid="system-link">
              {t('shell.systemLink')}
            </Link>
          ) : null}
          <NotificationBell />
          <Link to="/account" className="button button--header" data-testid="account-link">
            {t('shell.accountLink')}
          </Link>
          {session.abilities.canReadAudit ? (
            <Link to="/audit" className="button button--header" data-testid="audit-link">
              {t('shell.audit')}
            </Link>
          ) : null}
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
      <TwoFactorGate>
        <Outlet />
      </TwoFactorGate>
    </div>
  );
}
