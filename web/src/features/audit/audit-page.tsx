import { type FormEvent, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAuthenticatedSession } from '../../app/session';
import { AsyncList } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { listDialogues } from '../dialogues/api';
import { type AuditFilter, fetchAudit } from './api';

/** The filters, named as the route's query parameters (a renamed parameter fails the type check). */
const FILTER_KEYS = [
  'dialogue',
  'action',
  'actor',
  'from',
  'to',
  'limit',
] as const satisfies readonly (keyof AuditFilter)[];
type FilterValues = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** Date and time to the second, UTC, in the interface language. */
function formatTimestamp(value: string, lng: string): string {
  return new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(value),
  );
}

/** Dialogues in which the signed-in user is an admin: who may open the audit viewer. */
export function useAdminDialogueIds(): number[] {
  const session = useAuthenticatedSession();
  return session.memberships.filter((m) => m.roles.includes('admin')).map((m) => m.dialogueId);
}

/** The audit viewer (admins): who did what, when, from where; filters live in the URL so views can be shared. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const adminOf = useAdminDialogueIds();
  const [params, setParams] = useSearchParams();
  const filter: FilterValues = Object.fromEntries(
    FILTER_KEYS.map((k) => [k, params.get(k) ?? '']).filter(([, v]) => v !== ''),
  );
  const key = JSON.stringify(filter);
  const entries = useAsync((signal) => fetchAudit(filter, signal), [key]);
  const dialogues = useAsync((signal) => listDialogues(signal), []);
  const dialogueName = (id: number | null) =>
    id === null
      ? '—'
      : ((dialogues.status === 'success' ? dialogues.data.find((d) => d.id === id)?.name : undefined) ??
        `#${id}`);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const value = String(form.get(k) ?? '').trim();
      if (value) next.set(k, value);
    }
    setParams(next);
  }

  if (adminOf.length === 0) {
    return (
      <main id="main" className="page">
        <div className="notice notice--error" role="alert">
          <p>{t('audit.adminsOnly')}</p>
        </div>
      </main>
    );
  }

  return (
    <main id="main" className="page">
      <header className="page-header">
        <h1 className="page-header__title">{t('audit.title')}</h1>
        <p className="lead">{t('audit.intro')}</p>
      </header>
      <section className="panel" aria-labelledby={`${ids}-filters`}>
        <h2 id={`${ids}-filters`}>{t('audit.filters')}</h2>
        <form className="form audit-filters" onSubmit={handleSubmit} key={key}>
          <div className="field">
            <label htmlFor={`${ids}-dialogue`}>{t('audit.dialogue')}</label>
            <select id={`${ids}-dialogue`} name="dialogue" defaultValue={filter.dialogue ?? ''}>
              <option value="">{t('audit.allDialogues')}</option>
              {adminOf.map((id) => (
                <option key={id} value={String(id)}>
                  {dialogueName(id)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-action`}>{t('audit.action')}</label>
            <input
              id={`${ids}-action`}
              name="action"
              defaultValue={filter.action ?? ''}
              aria-describedby={`${ids}-action-hint`}
            />
            <p id={`${ids}-action-hint`} className="small muted">
              {t('audit.actionHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-actor`}>{t('audit.actor')}</label>
            <input id={`${ids}-actor`} name="actor" defaultValue={filter.actor ?? ''} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-from`}>{t('audit.from')}</label>
            <input id={`${ids}-from`} name="from" type="date" defaultValue={filter.from ?? ''} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-to`}>{t('audit.to')}</label>
            <input id={`${ids}-to`} name="to" type="date" defaultValue={filter.to ?? ''} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-limit`}>{t('audit.limit')}</label>
            <select id={`${ids}-limit`} name="limit" defaultValue={filter.limit ?? '100'}>
              {['50', '100', '250', '500'].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit" className="button button--primary">
              {t('audit.apply')}
            </button>{' '}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setParams(new URLSearchParams())}
            >
              {t('audit.reset')}
            </button>
          </div>
        </form>
      </section>
      <section className="panel" aria-labelledby={`${ids}-entries`}>
        <h2 id={`${ids}-entries`}>{t('audit.entries')}</h2>
        <AsyncList state={entries} empty={t('audit.empty')}>
          {(items) => (
            <table className="table" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.columns.at')}</th>
                  <th scope="col">{t('audit.columns.actor')}</th>
                  <th scope="col">{t('audit.columns.action')}</th>
                  <th scope="col">{t('audit.columns.target')}</th>
                  <th scope="col">{t('audit.columns.dialogue')}</th>
                  <th scope="col">{t('audit.columns.ip')}</th>
                  <th scope="col">{t('audit.columns.details')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id}>
                    <td>{formatTimestamp(e.at, i18n.language)}</td>
                    <td>{e.actor ? (e.actor.email ?? `#${e.actor.userId}`) : t('audit.noActor')}</td>
                    <td>
                      <code className="code">{e.action}</code>
                    </td>
                    <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
                    <td>{dialogueName(e.dialogueId)}</td>
                    <td>{e.ip ?? '—'}</td>
                    <td>
                      <code className="code small">{JSON.stringify(e.details)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </AsyncList>
      </section>
    </main>
  );
}
