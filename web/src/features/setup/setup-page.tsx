import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { isApiError } from '../../ui/api-client';
import { LanguageSwitch } from '../../ui/language-switch';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { completeSetup, fetchSetupStatus } from './api';

/**
 * `/setup?token=…`: the one-time set-up link the server prints when no administrator exists. Creates the first
 * administrator and the secretariat organisation, logs them in and sends them to enrol two-factor authentication
 * (their role requires it; the account page guides them).
 */
export function SetupPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const status = useAsync((signal) => fetchSetupStatus(token, signal), [token]);
  useEffect(() => {
    document.title = `${t('setup.title')} · ${t('app.name')}`;
  }, [t]);

  return (
    <div className="login-layout">
      <header className="login-header">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="login-main">
        <section className="card login-card" aria-labelledby="setup-title">
          <h1 id="setup-title">{t('setup.title')}</h1>
          {status.status === 'loading' ? <Loading /> : null}
          {status.status === 'error' ? <ErrorMessage error={status.error} onRetry={status.reload} /> : null}
          {status.status === 'success' ? (
            !status.data.isSetupNeeded ? (
              <div className="notice" role="status" data-testid="setup-done">
                <p>{t('setup.alreadyDone')}</p>
                <Link to="/login">{t('setup.goToLogin')}</Link>
              </div>
            ) : status.data.token !== 'valid' ? (
              <p className="notice notice--error" role="alert" data-testid="setup-link-problem">
                {t(`setup.link.${status.data.token ?? 'missing'}`)}
              </p>
            ) : (
              <SetupForm token={token ?? ''} />
            )
          ) : null}
        </section>
      </main>
    </div>
  );
}

function SetupForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (k: string) => String(form.get(k) ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('passwordAgain') ?? '')) {
      setError(t('setup.passwordsDiffer'));
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const acronym = value('acronym');
      const session = await completeSetup({
        token,
        name: value('name'),
        email: value('email'),
        password,
        organisation: { name: value('organisation'), ...(acronym ? { acronym } : {}) },
      });
      signIn(session);
      navigate('/account', { replace: true });
    } catch (caught) {
      setError(isApiError(caught) ? (caught.problem.detail ?? t('errors.generic')) : t('errors.generic'));
      setSubmitting(false);
    }
  }

  return (
    <>
      <p className="muted">{t('setup.intro')}</p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <form className="form" onSubmit={handleSubmit} data-testid="setup-form">
        <div className="field">
          <label htmlFor="setup-name">{t('setup.yourName')}</label>
          <input id="setup-name" name="name" autoComplete="name" required />
        </div>
        <div className="field">
          <label htmlFor="setup-email">{t('login.email')}</label>
          <input id="setup-email" name="email" type="email" autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor="setup-password">{t('setup.password')}</label>
          <input
            id="setup-password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="setup-password-again">{t('setup.passwordAgain')}</label>
          <input
            id="setup-password-again"
            name="passwordAgain"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="setup-organisation">{t('setup.organisation')}</label>
          <input id="setup-organisation" name="organisation" minLength={2} required />
        </div>
        <div className="field">
          <label htmlFor="setup-acronym">{t('setup.acronym')}</label>
          <input id="setup-acronym" name="acronym" maxLength={30} />
        </div>
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {isSubmitting ? t('setup.submitting') : t('setup.submit')}
        </button>
      </form>
    </>
  );
}
