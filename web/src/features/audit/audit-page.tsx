import { type FormEvent, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAuthenticatedSession } from '../../app/session';
import { DataTable } from '../../ui/data-table';
import { dateTimeFormat } from '../../ui/format';
import { Page, Section } from '../../ui/page';
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
  return dateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(value),
  );
}

/** Dialogues whose audit log the signed-in user may read (the server's abilities): who may open the viewer. */
export function useAdminDialogueIds(): number[] {
  const session = useAuthenticatedSession();
  return session.memberships.filter((m) => m.abilities.canReadAudit).map((m) => m.dialogueId);
}

/** The audit viewer (admins): who did what, when, from where; filters live in the URL so views can be shared. */
export function AuditPage() {
  const { t } = useTranslation();
  const adminOf = useAdminDialogueIds();
  return (
    <Page title={t('audit.title')} lead={adminOf.length ? t('audit.intro') : undefined}>
      {adminOf.length === 0 ? (
        <div className="notice notice--error" role="alert">
          <p>{t('audit.adminsOnly')}</p>
        </div>
      ) : (
        <AuditLog adminOf={adminOf} />
      )}
    </Page>
  );
}

/** Filters and entries; only rendered for an admin, so nobody else sends a request that would be refused. */
function AuditLog({ adminOf }: { adminOf: number[] }) {
  const { t, i18n } = useTranslation();
  const ids = useId();
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

  return (
    <>
      <Section title={t('audit.filters')}>
        <form className="form form--columns audit-filters" onSubmit={handleSubmit} key={key}>
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
          <div className="form__actions">
            <button type="submit" className="button button--primary">
              {t('audit.apply')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setParams(new URLSearchParams())}
            >
              {t('audit.reset')}
            </button>
          </div>
        </form>
      </Section>
      <Section title={t('audit.entries')}>
        <AsyncList state={entries} empty={t('audit.empty')}>
          {(items) => (
            <DataTable
              testId="audit-table"
              rows={items}
              rowKey={(e) => e.id}
              columns={[
                {
                  key: 'at',
                  header: t('audit.columns.at'),
                  sortBy: (e) => e.at,
                  cell: (e) => formatTimestamp(e.at, i18n.language),
                },
                {
                  key: 'actor',
                  header: t('audit.columns.actor'),
                  sortBy: (e) => e.actor?.email ?? null,
                  cell: (e) => (e.actor ? (e.actor.email ?? `#${e.actor.userId}`) : t('audit.noActor')),
                },
                {
                  key: 'action',
                  header: t('audit.columns.action'),
                  sortBy: (e) => e.action,
                  cell: (e) => <code className="code">{e.action}</code>,
                },
                {
                  key: 'target',
                  header: t('audit.columns.target'),
                  cell: (e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'),
                },
                {
                  key: 'dialogue',
                  header: t('audit.columns.dialogue'),
                  cell: (e) => dialogueName(e.dialogueId),
                },
                { key: 'ip', header: t('audit.columns.ip'), cell: (e) => e.ip ?? '—' },
                {
                  key: 'details',
                  header: t('audit.columns.details'),
                  className: 'audit-details',
                  cell: (e) => <code className="code small">{JSON.stringify(e.details)}</code>,
                },
              ]}
            />
          )}
        </AsyncList>
      </Section>
    </>
  );
}
