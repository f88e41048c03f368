import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { PageFrame } from '../ui/page';
import { ErrorMessage, Loading } from '../ui/status';
import { useSession } from './session';

/** Renders the child routes for a logged-in user; anyone else is sent to /login?next=<here>. */
export function RequireSession() {
  const { state, refresh } = useSession();
  const location = useLocation();
  const { t } = useTranslation();

  switch (state.status) {
    case 'loading':
      return (
        <PageFrame centered>
          <Loading />
        </PageFrame>
      );
    case 'error':
      return (
        <PageFrame centered>
          <ErrorMessage error={state.error} message={t('login.unreachable')} onRetry={() => void refresh()} />
        </PageFrame>
      );
    case 'anonymous': {
      const here = `${location.pathname}${location.search}${location.hash}`;
      const to = here === '/' || state.hasLoggedOut ? '/login' : `/login?next=${encodeURIComponent(here)}`;
      return <Navigate to={to} replace />;
    }
    case 'authenticated':
      return <Outlet />;
  }
}
