import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api-client';
import { loginWithCode } from '../account/api';
import type { SessionView } from './api';

/** Second login step: the code from the authenticator app (or a recovery code). */
export function SecondFactorForm({
  onSignedIn,
  onRestart,
}: {
  onSignedIn(session: SessionView): void;
  onRestart(): void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);
  const codeId = useId();
  const errorId = useId();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    setSubmitting(true);
    setError(null);
    try {
      onSignedIn(await loginWithCode(code));
    } catch (caught) {
      setError(isApiError(caught) ? (caught.problem.detail ?? t('login.failed')) : t('login.unreachable'));
      setSubmitting(false);
    }
  }

  return (
    <form className="form" method="post" onSubmit={handleSubmit} data-testid="totp-form">
      <h2>{t('login.totpTitle')}</h2>
      <p className="muted">{t('login.totpIntro')}</p>
      {error !== null ? (
        <div id={errorId} className="notice notice--error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={codeId}>{t('login.code')}</label>
        <input
          id={codeId}
          name="code"
          autoComplete="one-time-code"
          inputMode="text"
          required
          // biome-ignore lint/a11y/noAutofocus: the code is the only thing asked on this step.
          autoFocus
          aria-describedby={error !== null ? errorId : undefined}
        />
      </div>
      <button type="submit" className="button button--primary" disabled={isSubmitting}>
        {t('login.verify')}
      </button>{' '}
      <button type="button" className="button button--secondary" onClick={onRestart}>
        {t('login.restart')}
      </button>
    </form>
  );
}
