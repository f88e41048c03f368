import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <main id="main" className="page">
      <h1>{t('errors.notFoundTitle')}</h1>
      <p>{t('errors.notFoundBody')}</p>
      <p>
        <Link to="/">{t('errors.backHome')}</Link>
      </p>
    </main>
  );
}
