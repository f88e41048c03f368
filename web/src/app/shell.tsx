import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useMatch } from 'react-router';
import { TwoFactorGate } from '../features/account/two-factor-gate';
import { NotificationBell } from '../features/alerts/notification-bell';
import { LanguageSwitch } from '../ui/language-switch';
import { useAuthenticatedSession, useSession } from './session';

/** Header (app name, user, organisation, language, log out) around every page of a logged-in user. */
export function Shell() {
  const { t } = useTranslation();
  const session = useAuthenticatedSession();
  const { signOut } = useSession();
  const [isLoggingOut, setLoggingOut] = useState(false);
  // Inside a dialogue, the header links to its data exchange.
  const dialogueSlug = useMatch('/d/:slug/*')?.params.slug;

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
          {session.user.isPlatformAdmin || session.memberships.some((m) => m.roles.includes('admin')) ? (
            <Link to="/admin/dialogues" className="button button--header" data-testid="dialogues-admin-link">
              {t('shell.dialoguesLink')}
            </Link>
          ) : null}
          {session.memberships.some((m) => m.roles.includes('admin')) ? (
            <Link to="/admin" className="button button--header" data-testid="admin-link">
              {t('shell.adminLink')}
            </Link>
          ) : null}
          {dialogueSlug ? (
            <Link
              to={`/d/${dialogueSlug}/analytics`}
              className="button button--header"
              data-testid="analytics-link"
            >
              {t('analytics.navLink')}
            </Link>
          ) : null}
          {dialogueSlug ? (
            <Link to={`/d/${dialogueSlug}/data`} className="button button--header" data-testid="data-link">
              {t('shell.dataLink')}
            </Link>
          ) : null}
          {dialogueSlug ? (
            <Link
              to={`/d/${dialogueSlug}/forecasts`}
              className="button button--header"
              data-testid="forecasts-link"
            >
              {t('forecasting.navLink')}
            </Link>
          ) : null}
          {dialogueSlug ? (
            <Link
              to={`/d/${dialogueSlug}/alerts`}
              className="button button--header"
              data-testid="alerts-link"
            >
              {t('alerts.navLink')}
            </Link>
          ) : null}
          {dialogueSlug ? (
            <Link
              to={`/d/${dialogueSlug}/reports`}
              className="button button--header"
              data-testid="reports-link"
            >
              {t('reports.navLink')}
            </Link>
          ) : null}
          <NotificationBell />
          <Link to="/account" className="button button--header" data-testid="account-link">
            {t('shell.accountLink')}
          </Link>
          {session.memberships.some((m) => m.roles.includes('admin')) ? (
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
