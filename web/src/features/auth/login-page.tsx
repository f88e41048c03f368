import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { isApiError } from '../../ui/api-client';
import { LanguageSwitch } from '../../ui/language-switch';
import { login } from './api';
import { safeNextPath } from './safe-next-path';
import { SecondFactorForm } from './second-factor-form';
import { SsoButton } from './sso-button';

export function LoginPage() {
  const { t } = useTranslation();
  const { state, signIn } = useSession();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const [step, setStep] = useState<'password' | 'totp'>(
    searchParams.get('step') === 'totp' ? 'totp' : 'password',
  );
  const ssoError = searchParams.get('sso_error');
  const [isSubmitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();

  useEffect(() => {
    if (error !== null) errorRef.current?.focus();
  }, [error]);

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.name')}`;
  }, [t]);

  if (state.status === 'authenticated' && !isSubmitting) return <Navigate to={next} replace />;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    setSubmitting(true);
    setError(null);
    try {
      const result = await login({ email, password });
      if ('requiresTotp' in result) {
        setStep('totp');
        setSubmitting(false);
        return;
      }
      const session = result;
      signIn(session);
      navigate(next, { replace: true });
    } catch (caught) {
      if (isApiError(caught)) setError(caught.problem.detail ?? caught.problem.title ?? t('login.failed'));
      else setError(t('login.unreachable'));
      setSubmitting(false);
    }
  }

  return (
    <div className="login-layout">
      <header className="login-header">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="login-main">
        <section className="card login-card" aria-labelledby="login-title">
          <h1 id="login-title">{t('login.title')}</h1>
          <p className="muted">{t('login.intro')}</p>
          {ssoError !== null && error === null ? (
            <div className="notice notice--error" role="alert">
              {t('login.ssoError')}
            </div>
          ) : null}
          {step === 'totp' ? (
            <SecondFactorForm
              onSignedIn={(session) => {
                setSubmitting(true);
                signIn(session);
                navigate(next, { replace: true });
              }}
              onRestart={() => setStep('password')}
            />
          ) : null}
          {error !== null ? (
            <div id={errorId} ref={errorRef} tabIndex={-1} className="notice notice--error" role="alert">
              {error}
            </div>
          ) : null}
          <form className="form" method="post" onSubmit={handleSubmit} hidden={step === 'totp'}>
            <div className="field">
              <label htmlFor={emailId}>{t('login.email')}</label>
              <input
                id={emailId}
                name="email"
                type="email"
                autoComplete="username"
                required
                // biome-ignore lint/a11y/noAutofocus: the login form is the only thing on the page.
                autoFocus
                aria-describedby={error !== null ? errorId : undefined}
              />
            </div>
            <div className="field">
              <label htmlFor={passwordId}>{t('login.password')}</label>
              <input
                id={passwordId}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                aria-describedby={error !== null ? errorId : undefined}
              />
            </div>
            <button type="submit" className="button button--primary" disabled={isSubmitting}>
              {isSubmitting ? t('login.submitting') : t('login.submit')}
            </button>
          </form>
          {step === 'password' ? <SsoButton next={next} /> : null}
        </section>
        <p className="login-tagline muted">{t('app.tagline')}</p>
      </main>
    </div>
  );
}
