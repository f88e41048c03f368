/**
 * The page a confirmation e-mail links to (/confirm-contact#<token>), reachable without an account: it shows
 * the entry the link names and confirms it with one click. The token stays in the URL fragment (never sent
 * to a server in a request line or a Referer) and goes to the API in a request body.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../app/i18n/i18n';
import { formatDate } from '../../ui/format';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { type ConfirmationView, confirmContact, lookupConfirmation } from './api';

export function ConfirmContactPage() {
  const { t } = useTranslation();
  const token = window.location.hash.replace(/^#/, '');
  const state = useAsync(() => lookupConfirmation(token), [token]);
  const [done, setDone] = useState<ConfirmationView | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} />;
  const v = done ?? state.data;
  const confirm = async () => {
    try {
      setDone(await confirmContact(token));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <main className="page page--narrow" data-testid="confirm-contact-page">
      <h1>{t('contacts.confirmTitle', { dialogue: v.dialogue })}</h1>
      <dl>
        <dt>{t('contacts.topic')}</dt>
        <dd>
          {t(`contacts.topics.${v.topic}`)} {v.country ? `(${v.country})` : ''}
        </dd>
        <dt>{t('contacts.name')}</dt>
        <dd>{v.name}</dd>
        <dt>{t('contacts.function')}</dt>
        <dd>{v.function}</dd>
        <dt>{t('contacts.organisation')}</dt>
        <dd>{v.organisation}</dd>
        <dt>{t('contacts.email')}</dt>
        <dd>{v.email}</dd>
        <dt>{t('contacts.phone')}</dt>
        <dd>{v.phone ?? ''}</dd>
      </dl>
      {v.confirmedAt ? (
        <p role="status" data-testid="confirmed">
          {t('contacts.confirmedOn', { date: formatDate(v.confirmedAt, currentLanguage()) })}
        </p>
      ) : (
        <button type="button" className="button" onClick={() => void confirm()} data-testid="confirm-button">
          {t('contacts.confirmButton')}
        </button>
      )}
      {error ? <ErrorMessage error={error} /> : null}
      <p>
        <a href={v.correctPath}>{t('contacts.correctLink')}</a>
      </p>
    </main>
  );
}
