import { TOTAL_CODE } from '@passage/contract/constants';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Language } from '../../app/i18n/i18n';
import { useAuthenticatedSession } from '../../app/session';
import { isApiError } from '../../ui/api-client';
import { pickTranslated } from '../../ui/format';
import { AsyncList, ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { fetchDialogueHome } from '../dialogues/api';
import {
  createSchedule,
  deleteSchedule,
  generateReport,
  listReports,
  listSchedules,
  reportHtmlUrl,
  reportPdfUrl,
} from './api';

const GENERATOR_ROLES = ['admin', 'data_manager', 'analyst'];
const SECRETARIAT_ROLES = ['admin', 'data_manager'];

/** The previous calendar month, YYYY-MM (the usual month to report on). */
function lastMonth(): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

/** /d/:slug/reports — generate situation reports (HTML and PDF) and open the stored ones. */
export function ReportsPage() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const ids = useId();
  const session = useAuthenticatedSession();
  const home = useAsync((signal) => fetchDialogueHome(slug, signal), [slug]);
  const [version, setVersion] = useState(0);
  const reports = useAsync((signal) => listReports(slug, signal), [slug, version]);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const lng = i18n.language as Language;
  const canGenerate =
    home.status === 'success' &&
    session.memberships.some(
      (m) => m.dialogueId === home.data.id && m.roles.some((r) => GENERATOR_ROLES.includes(r)),
    );
  const isSecretariat =
    home.status === 'success' &&
    session.memberships.some(
      (m) => m.dialogueId === home.data.id && m.roles.some((r) => SECRETARIAT_ROLES.includes(r)),
    );
  const errors = isApiError(error)
    ? Object.fromEntries((error.problem.errors ?? []).map((e) => [e.field ?? '', e.message]))
    : {};
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  async function handleGenerate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const route = String(form.get('route'));
    setBusy(true);
    setError(null);
    try {
      await generateReport(slug, {
        ...(route === TOTAL_CODE ? {} : { route }),
        indicator: String(form.get('indicator')),
        period: String(form.get('period')),
        language: String(form.get('language')) as 'en' | 'fr' | 'ru',
      });
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="page">
      <header className="page-header">
        <h1 className="page-header__title">{t('reports.title')}</h1>
        <p className="lead">{t('reports.intro')}</p>
      </header>
      {home.status === 'loading' ? <Loading /> : null}
      {home.status === 'error' ? <ErrorMessage error={home.error} onRetry={home.reload} /> : null}
      {home.status === 'success' && canGenerate ? (
        <section className="panel" aria-labelledby={`${ids}-generate`}>
          <h2 id={`${ids}-generate`}>{t('reports.generate')}</h2>
          <form className="form" onSubmit={(e) => void handleGenerate(e)} data-testid="report-form">
            <div className="field">
              <label htmlFor={`${ids}-route`}>{t('reports.route')}</label>
              <select id={`${ids}-route`} name="route" defaultValue={home.data.routes[0]?.code ?? TOTAL_CODE}>
                <option value={TOTAL_CODE}>{t('reports.wholeDialogue')}</option>
                {home.data.routes.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.name}
                  </option>
                ))}
              </select>
              {errors['body.route'] ? <p className="field-error">{errors['body.route']}</p> : null}
            </div>
            <div className="field">
              <label htmlFor={`${ids}-indicator`}>{t('reports.indicator')}</label>
              <select
                id={`${ids}-indicator`}
                name="indicator"
                defaultValue={
                  home.data.indicators.some((i) => i.code === 'IBC') ? 'IBC' : home.data.indicators[0]?.code
                }
              >
                {home.data.indicators.map((i) => (
                  <option key={i.code} value={i.code}>
                    {i.code} — {pickTranslated(i.name, lng)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${ids}-period`}>{t('reports.period')}</label>
              <input id={`${ids}-period`} name="period" type="month" required defaultValue={lastMonth()} />
              {errors['body.period'] ? <p className="field-error">{errors['body.period']}</p> : null}
            </div>
            <LanguageField id={`${ids}-language`} defaultValue={lng} />
            <div>
              <button type="submit" className="button button--primary" disabled={isBusy}>
                {isBusy ? t('reports.generating') : t('reports.submit')}
              </button>
            </div>
          </form>
          {error && Object.keys(errors).length === 0 ? <ErrorMessage error={error} /> : null}
        </section>
      ) : null}
      {home.status === 'success' && isSecretariat ? (
        <SchedulesSection
          slug={slug}
          routes={home.data.routes.map((r) => ({ code: r.code, name: r.name }))}
        />
      ) : null}
      <section className="panel" aria-labelledby={`${ids}-list`}>
        <h2 id={`${ids}-list`}>{t('reports.stored')}</h2>
        <AsyncList state={reports} empty={t('reports.empty')}>
          {(items) => (
            <table className="table" data-testid="reports-table">
              <thead>
                <tr>
                  <th scope="col">{t('reports.columns.title')}</th>
                  <th scope="col">{t('reports.columns.language')}</th>
                  <th scope="col">{t('reports.columns.dataAsOf')}</th>
                  <th scope="col">{t('reports.columns.createdBy')}</th>
                  <th scope="col">{t('reports.columns.files')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id}>
                    <td>{r.title}</td>
                    <td>{t(`languages.${r.language}`)}</td>
                    <td>{r.dataAsOf ? date.format(new Date(r.dataAsOf)) : '—'}</td>
                    <td>
                      {r.createdBy?.name ?? t('reports.scheduled')} · {date.format(new Date(r.createdAt))}
                    </td>
                    <td>
                      <a
                        href={reportHtmlUrl(slug, r.id)}
                        target="_blank"
                        rel="noopener"
                        data-testid="report-html"
                      >
                        {t('reports.openHtml')}
                      </a>
                      {' · '}
                      {r.hasPdf ? (
                        <a href={reportPdfUrl(slug, r.id)} download data-testid="report-pdf">
                          {t('reports.downloadPdf')}
                        </a>
                      ) : (
                        <span title={r.pdfError ?? undefined}>{t('reports.noPdf')}</span>
                      )}
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

/** Monthly schedules (secretariat): a report generated for every new month published. */
function SchedulesSection({ slug, routes }: { slug: string; routes: { code: string; name: string }[] }) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const [version, setVersion] = useState(0);
  const schedules = useAsync((signal) => listSchedules(slug, signal), [slug, version]);
  const [error, setError] = useState<unknown>(null);

  async function handleAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const route = String(form.get('route'));
    setError(null);
    try {
      await createSchedule(slug, {
        ...(route === TOTAL_CODE ? {} : { route }),
        indicator: 'IBC',
        language: String(form.get('language')) as 'en' | 'fr' | 'ru',
      });
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    }
  }

  async function handleRemove(id: number) {
    await deleteSchedule(slug, id).catch(setError);
    setVersion((v) => v + 1);
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('reports.schedules.title')}</h2>
      <p className="small muted">{t('reports.schedules.intro')}</p>
      {schedules.status === 'success' && schedules.data.length > 0 ? (
        <ul>
          {schedules.data.map((s) => (
            <li key={s.id}>
              {s.route ?? t('reports.wholeDialogue')} · {s.indicator} · {t(`languages.${s.language}`)} ·{' '}
              {t('reports.schedules.last', { period: s.lastPeriod ?? '—' })}{' '}
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void handleRemove(s.id)}
              >
                {t('reports.schedules.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="form" onSubmit={(e) => void handleAdd(e)}>
        <div className="field">
          <label htmlFor={`${ids}-route`}>{t('reports.route')}</label>
          <select id={`${ids}-route`} name="route" defaultValue={TOTAL_CODE}>
            <option value={TOTAL_CODE}>{t('reports.wholeDialogue')}</option>
            {routes.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <LanguageField id={`${ids}-language`} defaultValue={i18n.language} />
        <div>
          <button type="submit" className="button button--primary">
            {t('reports.schedules.add')}
          </button>
        </div>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}

/** The language a report is written in. */
function LanguageField({ id, defaultValue }: { id: string; defaultValue: string }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('reports.language')}</label>
      <select id={id} name="language" defaultValue={defaultValue}>
        {(['en', 'fr', 'ru'] as const).map((l) => (
          <option key={l} value={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
