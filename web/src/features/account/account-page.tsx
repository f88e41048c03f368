import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuthenticatedSession } from '../../app/session';
import { isApiError } from '../../ui/api-client';
import { DataTable } from '../../ui/data-table';
import { Page, Section } from '../../ui/page';
import { AsyncList, ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { abilitiesIn } from '../auth/api';
import { listDialogues } from '../dialogues/api';
import {
  changePassword,
  confirmEnrolment,
  createToken,
  disableTwoFactor,
  type EnrolmentStart,
  fetchTwoFactorStatus,
  listTokens,
  MAX_TOKEN_DAYS,
  revokeToken,
  startEnrolment,
  TOKEN_SCOPE_NAMES,
} from './api';

const problemText = (error: unknown, fallback: string) =>
  isApiError(error) ? (error.problem.detail ?? fallback) : fallback;

/** `/account`: password, two-factor authentication, API tokens. */
export function AccountPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('account.title')}>
      <TwoFactorSection />
      <PasswordSection />
      <TokensSection />
    </Page>
  );
}

function PasswordSection() {
  const { t } = useTranslation();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    try {
      await changePassword(String(form.get('currentPassword')), String(form.get('newPassword')));
      formElement.reset();
      setMessage({ ok: true, text: t('account.passwordChanged') });
    } catch (error) {
      setMessage({ ok: false, text: problemText(error, t('errors.generic')) });
    }
  }
  return (
    <Section title={t('account.passwordTitle')} headingId="password-title">
      <p className="muted">{t('account.passwordIntro')}</p>
      {message ? (
        <p className={message.ok ? 'notice' : 'notice notice--error'} role="status">
          {message.text}
        </p>
      ) : null}
      <form className="form form--columns" onSubmit={handleSubmit}>
        <div className="field">
          <label htmlFor="current-password">{t('account.currentPassword')}</label>
          <input
            id="current-password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
          />
        </div>
        <div className="field">
          <label htmlFor="new-password">{t('account.newPassword')}</label>
          <input
            id="new-password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
          />
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('account.changePassword')}
          </button>
        </div>
      </form>
    </Section>
  );
}

function TwoFactorSection() {
  const { t } = useTranslation();
  const status = useAsync((signal) => fetchTwoFactorStatus(signal), []);
  const [enrolment, setEnrolment] = useState<EnrolmentStart | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function handleStart() {
    setError(null);
    try {
      setEnrolment(await startEnrolment());
    } catch (caught) {
      setError(problemText(caught, t('errors.generic')));
    }
  }
  async function handleConfirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      const result = await confirmEnrolment(String(new FormData(event.currentTarget).get('code')).trim());
      setRecoveryCodes(result.recoveryCodes);
      setEnrolment(null);
      status.reload();
    } catch (caught) {
      setError(problemText(caught, t('errors.generic')));
    }
  }
  async function handleDisable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      await disableTwoFactor(String(new FormData(event.currentTarget).get('code')).trim());
      setRecoveryCodes(null);
      status.reload();
    } catch (caught) {
      setError(problemText(caught, t('errors.generic')));
    }
  }

  return (
    <Section title={t('account.twoFactorTitle')} headingId="two-factor-title" testId="two-factor">
      {status.status === 'loading' ? <Loading /> : null}
      {status.status === 'error' ? <ErrorMessage error={status.error} onRetry={status.reload} /> : null}
      {status.status === 'success' && status.data.isRestricted ? (
        <p className="notice notice--error" role="alert" data-testid="two-factor-required">
          {t('account.twoFactorRequired')}
        </p>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {recoveryCodes ? (
        <div className="notice" data-testid="recovery-codes">
          <p>{t('account.recoveryCodesIntro')}</p>
          <ul className="code-list">
            {recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {status.status === 'success' && status.data.enrolled ? (
        <>
          <p data-testid="two-factor-on">
            {t('account.twoFactorOn', { count: status.data.recoveryCodesRemaining })}
          </p>
          <form className="form" onSubmit={handleDisable}>
            <div className="field">
              <label htmlFor="disable-code">{t('account.codeOrRecovery')}</label>
              <input id="disable-code" name="code" autoComplete="one-time-code" required />
            </div>
            <button type="submit" className="button button--secondary">
              {t('account.disableTwoFactor')}
            </button>
          </form>
        </>
      ) : null}
      {status.status === 'success' && !status.data.enrolled && !enrolment ? (
        <>
          <p className="muted">{t('account.twoFactorIntro')}</p>
          <button type="button" className="button button--primary" onClick={() => void handleStart()}>
            {t('account.enrol')}
          </button>
        </>
      ) : null}
      {enrolment ? (
        <form className="form" onSubmit={handleConfirm}>
          <p>{t('account.scanQr')}</p>
          <img src={enrolment.qrCodeDataUrl} alt={t('account.qrAlt')} width={220} height={220} />
          <p>
            {t('account.secretText')} <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
          <div className="field">
            <label htmlFor="enrol-code">{t('account.code')}</label>
            <input
              id="enrol-code"
              name="code"
              inputMode="numeric"
              pattern="\d{6}"
              autoComplete="one-time-code"
              required
            />
          </div>
          <button type="submit" className="button button--primary">
            {t('account.confirm')}
          </button>
        </form>
      ) : null}
    </Section>
  );
}

function TokensSection() {
  const { t } = useTranslation();
  const session = useAuthenticatedSession();
  const tokens = useAsync((signal) => listTokens(signal), []);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dialogues = useAsync((signal) => listDialogues(signal), []);
  const names = new Map(dialogues.status === 'success' ? dialogues.data.map((d) => [d.id, d.name]) : []);
  const dialogueIds = session.memberships.map((m) => m.dialogueId);
  const [dialogueId, setDialogueId] = useState<number | undefined>(dialogueIds[0]);
  // The scopes the user's roles allow in the chosen dialogue, as the server computes them.
  const scopes = abilitiesIn(session, dialogueId).tokenScopes;

  async function handleCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(null);
    try {
      const created = await createToken({
        name: String(form.get('name')).trim(),
        dialogueId: Number(form.get('dialogueId')),
        scopes: TOKEN_SCOPE_NAMES.filter((scope) => form.getAll('scopes').includes(scope)),
        expiresInDays: Number(form.get('expiresInDays')),
      });
      setSecret(created.secret);
      formElement.reset();
      tokens.reload();
    } catch (caught) {
      setError(problemText(caught, t('errors.generic')));
    }
  }
  async function handleRevoke(id: number) {
    try {
      await revokeToken(id);
      tokens.reload();
    } catch (caught) {
      setError(problemText(caught, t('errors.generic')));
    }
  }

  return (
    <Section title={t('account.tokensTitle')} headingId="tokens-title">
      <p className="muted">{t('account.tokensIntro')}</p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {secret ? (
        <div className="notice" role="status">
          <p>{t('account.tokenSecretOnce')}</p>
          <code data-testid="token-secret">{secret}</code>
        </div>
      ) : null}
      <AsyncList state={tokens} empty={t('account.noTokens')}>
        {(items) => (
          <DataTable
            testId="tokens"
            rows={items}
            rowKey={(tok) => tok.id}
            columns={[
              {
                key: 'name',
                header: t('account.tokenName'),
                sortBy: (tok) => tok.name,
                cell: (tok) => (
                  <>
                    {tok.name} <code>{tok.hint}…</code>
                  </>
                ),
              },
              { key: 'scopes', header: t('account.tokenScopes'), cell: (tok) => tok.scopes.join(', ') },
              {
                key: 'expires',
                header: t('account.tokenExpires'),
                sortBy: (tok) => tok.expiresAt,
                cell: (tok) => tok.expiresAt.slice(0, 10),
              },
              {
                key: 'last-used',
                header: t('account.tokenLastUsed'),
                sortBy: (tok) => tok.lastUsedAt,
                cell: (tok) =>
                  tok.lastUsedAt ? tok.lastUsedAt.slice(0, 16).replace('T', ' ') : t('account.never'),
              },
              {
                key: 'status',
                header: t('account.tokenStatus'),
                cell: (tok) => t(`account.tokenState.${tok.status}`),
              },
              {
                key: 'revoke',
                header: <span className="visually-hidden">{t('account.revoke')}</span>,
                cell: (tok) =>
                  tok.status === 'active' ? (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => void handleRevoke(tok.id)}
                    >
                      {t('account.revoke')}
                    </button>
                  ) : null,
              },
            ]}
          />
        )}
      </AsyncList>
      <h3>{t('account.newToken')}</h3>
      <form className="form form--columns" onSubmit={handleCreate}>
        <div className="field">
          <label htmlFor="token-name">{t('account.tokenName')}</label>
          <input id="token-name" name="name" maxLength={100} required />
        </div>
        <div className="field">
          <label htmlFor="token-dialogue">{t('account.tokenDialogue')}</label>
          <select
            id="token-dialogue"
            name="dialogueId"
            required
            value={dialogueId}
            onChange={(e) => setDialogueId(Number(e.target.value))}
          >
            {dialogueIds.map((id) => (
              <option key={id} value={id}>
                {names.get(id) ?? id}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field">
          <legend>{t('account.tokenScopes')}</legend>
          {scopes.map((scope) => (
            <label key={scope} className="checkbox">
              <input type="checkbox" name="scopes" value={scope} /> {scope}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="token-days">{t('account.tokenDays')}</label>
          <input
            id="token-days"
            name="expiresInDays"
            type="number"
            min={1}
            max={MAX_TOKEN_DAYS}
            defaultValue={90}
            required
          />
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('account.createToken')}
          </button>
        </div>
      </form>
    </Section>
  );
}
