import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useAuthenticatedSession } from '../../app/session';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { listDialogues } from './api';

/** `/`: opens the first dialogue the user can see. */
export function HomeRedirect() {
  const { t } = useTranslation();
  const session = useAuthenticatedSession();
  const dialogues = useAsync((signal) => listDialogues(signal), []);
  if (dialogues.status === 'loading') {
    return (
      <main id="main" className="page">
        <Loading />
      </main>
    );
  }
  if (dialogues.status === 'error') {
    return (
      <main id="main" className="page">
        <ErrorMessage error={dialogues.error} onRetry={dialogues.reload} />
      </main>
    );
  }
  const first = dialogues.data[0];
  if (first) return <Navigate to={`/d/${encodeURIComponent(first.slug)}`} replace />;
  return (
    <main id="main" className="page">
      {session.user.isPlatformAdmin ? (
        <p className="notice">
          {t('home.noDialoguesYet')} <Link to="/admin/dialogues">{t('home.createDialogue')}</Link>
        </p>
      ) : (
        <p className="notice">{t('home.noDialogues')}</p>
      )}
    </main>
  );
}
