import { useTranslation } from 'react-i18next';
import type { Classification } from '../api';

/** Who may read a record, as a small labelled badge. */
export function ClassificationBadge({ classification }: { classification: Classification }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${classification}`}>
      <span className="visually-hidden">{t('dialogue.classificationLabel')}: </span>
      {t(`classification.${classification}`)}
    </span>
  );
}
