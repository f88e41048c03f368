import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../ui/api-client';
import { LanguageSwitch } from '../../ui/language-switch';
import { acceptInvitation } from './api';

/** `/invitation?token=…`: the link of an invitation e-mail; the invited person chooses their password. */
export function InvitationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const [error, setError] = useState<string | null>(null);
  const [isDone, setDone] = useState(false);
  useEffect(() => {
    document.title = `${t('invitation.title')} · ${t('app.name')}`;
  }, [t]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('passwordAgain') ?? '')) {
      setError(t('invitation.passwordsDiffer'));
      return;
    }
    setError(null);
    try {
      await acceptInvitation(token ?? '', password);
      setDone(true);
    } catch (caught) {
      setError(isApiError(caught) ? (caught.problem.detail ?? t('errors.generic')) : t('errors.generic'));
    }
  }

  return (
    <div className="login-layout">
      <header className="login-header">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="login-main">
        <section className="card login-card" aria-labelledby="invitation-title">
          <h1 id="invitation-title">{t('invitation.title')}</h1>
          {!token ? (
            <p className="notice notice--error" role="alert">
              {t('invitation.missingToken')}
            </p>
          ) : isDone ? (
            <div className="notice" role="status" data-testid="invitation-done">
              <p>{t('invitation.done')}</p>
              <Link to="/login">{t('invitation.login')}</Link>
            </div>
          ) : (
            <>
              <p className="muted">{t('invitation.intro')}</p>
              {error ? (
                <p className="notice notice--error" role="alert">
                  {error}
                </p>
              ) : null}
              <form className="form" onSubmit={handleSubmit}>
                <div className="field">
                  <label htmlFor="invitation-password">{t('invitation.password')}</label>
                  <input
                    id="invitation-password"
                    name="password"
                    type="password"
                    autoComplete="new-password"
                    minLength={10}
                    required
                  />
                </div>
                <div className="field">
                  <label htmlFor="invitation-password-again">{t('invitation.passwordAgain')}</label>
                  <input
                    id="invitation-password-again"
                    name="passwordAgain"
                    type="password"
                    autoComplete="new-password"
                    minLength={10}
                    required
                  />
                </div>
                <button type="submit" className="button button--primary">
                  {t('invitation.submit')}
                </button>
              </form>
            </>
          )}
        </section>
      </main>
    </div>
  );
}
