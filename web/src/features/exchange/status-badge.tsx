import { useTranslation } from 'react-i18next';
import type { SubmissionStatus } from './api';

/** The lifecycle state of a submission: draft → submitted → validated | returned → published. */
export function StatusBadge({ status }: { status: SubmissionStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--status-${status}`} data-testid="submission-status" data-status={status}>
      {t(`exchange.status.${status}`)}
    </span>
  );
}
