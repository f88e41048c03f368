import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page } from '../ui/page';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('errors.notFoundTitle')}>
      <p>{t('errors.notFoundBody')}</p>
      <p>
        <Link to="/">{t('errors.backHome')}</Link>
      </p>
    </Page>
  );
}
