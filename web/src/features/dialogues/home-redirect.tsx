import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useAuthenticatedSession } from '../../app/session';
import { PageFrame } from '../../ui/page';
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
      <PageFrame>
        <Loading />
      </PageFrame>
    );
  }
  if (dialogues.status === 'error') {
    return (
      <PageFrame>
        <ErrorMessage error={dialogues.error} onRetry={dialogues.reload} />
      </PageFrame>
    );
  }
  const first = dialogues.data[0];
  if (first) return <Navigate to={`/d/${encodeURIComponent(first.slug)}`} replace />;
  return (
    <PageFrame>
      {session.user.isPlatformAdmin ? (
        <p className="notice">
          {t('home.noDialoguesYet')} <Link to="/admin/dialogues">{t('home.createDialogue')}</Link>
        </p>
      ) : (
        <p className="notice">{t('home.noDialogues')}</p>
      )}
    </PageFrame>
  );
}
