import { useTranslation } from 'react-i18next';
import { useAsync } from '../../ui/use-async';
import { fetchLoginProviders } from '../account/api';

/** "Sign in with …" when the installation has single sign-on (GET /api/auth/providers). */
export function SsoButton({ next }: { next: string }) {
  const { t } = useTranslation();
  const providers = useAsync((signal) => fetchLoginProviders(signal), []);
  if (providers.status !== 'success' || !providers.data.oidc.enabled) return null;
  return (
    <p>
      <a className="button button--secondary" href={`/api/auth/oidc/start?next=${encodeURIComponent(next)}`}>
        {t('login.ssoButton', { label: providers.data.oidc.label ?? 'SSO' })}
      </a>
    </p>
  );
}
