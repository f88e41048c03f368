import { LOCALES, TOTAL_CODE } from '@passage/contract/constants';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { dateTimeFormat, pickTranslated } from '../../ui/format';
import { Page, Section } from '../../ui/page';
import { AsyncList, ErrorMessage } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import {
  createSchedule,
  deleteSchedule,
  generateReport,
  listReports,
  listSchedules,
  reportHtmlUrl,
  reportPdfUrl,
} from './api';

/** The language chosen in a form, one of the report languages (English otherwise). */
const reportLanguage = (value: FormDataEntryValue | null) => LOCALES.find((l) => l === value) ?? 'en';

/** The previous calendar month, YYYY-MM (the usual month to report on). */
function lastMonth(): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

/** /d/:slug/reports — generate situation reports (HTML and PDF) and open the stored ones. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const { slug, dialogue, can } = useDialogue();
  const [version, setVersion] = useState(0);
  const reports = useAsync((signal) => listReports(slug, signal), [slug, version]);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const lng = i18n.language as Language;
  const errors = isApiError(error)
    ? Object.fromEntries((error.problem.errors ?? []).map((e) => [e.field ?? '', e.message]))
    : {};
  const date = dateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

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
        language: reportLanguage(form.get('language')),
      });
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('reports.title')} lead={t('reports.intro')}>
      {can.canGenerateReports ? (
        <Section title={t('reports.generate')}>
          <form
            className="form form--columns"
            onSubmit={(e) => void handleGenerate(e)}
            data-testid="report-form"
          >
            <div className="field">
              <label htmlFor={`${ids}-route`}>{t('reports.route')}</label>
              <select id={`${ids}-route`} name="route" defaultValue={dialogue.routes[0]?.code ?? TOTAL_CODE}>
                <option value={TOTAL_CODE}>{t('reports.wholeDialogue')}</option>
                {dialogue.routes.map((r) => (
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
                  dialogue.indicators.some((i) => i.code === 'IBC') ? 'IBC' : dialogue.indicators[0]?.code
                }
              >
                {dialogue.indicators.map((i) => (
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
            <div className="form__actions">
              <button type="submit" className="button button--primary" disabled={isBusy}>
                {isBusy ? t('reports.generating') : t('reports.submit')}
              </button>
            </div>
          </form>
          {error && Object.keys(errors).length === 0 ? <ErrorMessage error={error} /> : null}
        </Section>
      ) : null}
      {can.canScheduleReports ? (
        <SchedulesSection slug={slug} routes={dialogue.routes.map((r) => ({ code: r.code, name: r.name }))} />
      ) : null}
      <Section title={t('reports.stored')}>
        <AsyncList state={reports} empty={t('reports.empty')}>
          {(items) => (
            <DataTable
              testId="reports-table"
              rows={items}
              rowKey={(r) => r.id}
              columns={[
                {
                  key: 'title',
                  header: t('reports.columns.title'),
                  sortBy: (r) => r.title,
                  cell: (r) => r.title,
                },
                {
                  key: 'language',
                  header: t('reports.columns.language'),
                  cell: (r) => t(`languages.${r.language}`),
                },
                {
                  key: 'data-as-of',
                  header: t('reports.columns.dataAsOf'),
                  sortBy: (r) => r.dataAsOf,
                  cell: (r) => (r.dataAsOf ? date.format(new Date(r.dataAsOf)) : '—'),
                },
                {
                  key: 'created',
                  header: t('reports.columns.createdBy'),
                  sortBy: (r) => r.createdAt,
                  cell: (r) =>
                    `${r.createdBy?.name ?? t('reports.scheduled')} · ${date.format(new Date(r.createdAt))}`,
                },
                {
                  key: 'files',
                  header: t('reports.columns.files'),
                  cell: (r) => (
                    <>
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
                    </>
                  ),
                },
              ]}
            />
          )}
        </AsyncList>
      </Section>
    </Page>
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
        language: reportLanguage(form.get('language')),
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
    <Section title={t('reports.schedules.title')}>
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
      <form className="form form--columns" onSubmit={(e) => void handleAdd(e)}>
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
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('reports.schedules.add')}
          </button>
        </div>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
    </Section>
  );
}

/** The language a report is written in. */
function LanguageField({ id, defaultValue }: { id: string; defaultValue: string }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('reports.language')}</label>
      <select id={id} name="language" defaultValue={defaultValue}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
