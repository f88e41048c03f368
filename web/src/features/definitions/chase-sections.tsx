/**
 * The parts of the definitions page about chasing reporters: completeness and timeliness (reporting rate and
 * on-time rate per state and indicator, with downloads), when reminders go out and whether published months
 * are locked, and reopening a published month with a reason. Kept apart from definitions-page.tsx, which
 * defines what is reported; this is about whether it comes in.
 */
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api-client';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import {
  type CalendarSettings,
  fetchCalendarSettings,
  fetchReopenedLocks,
  fetchReportingRates,
  type RateCounts,
  reopenPeriod,
  reportingRatesUrl,
  runRemindersNow,
  saveCalendarSettings,
} from './chase-api';

/** A rate as "83.3 %", or a dash when nothing is expected. */
export function formatRate(rate: number | null, lng: string): string {
  return rate === null ? '–' : `${new Intl.NumberFormat(lng, { maximumFractionDigits: 1 }).format(rate)} %`;
}

function RateCells({ counts, lng }: { counts: RateCounts; lng: string }) {
  return (
    <>
      <td className="num">{formatRate(counts.reportingRate, lng)}</td>
      <td className="num">{formatRate(counts.onTimeRate, lng)}</td>
      <td className="num">
        {counts.received}/{counts.expected}
      </td>
    </>
  );
}

/** Reporting rate and on-time rate per member state (and per indicator) over the last twelve months. */
export function ReportingRatesSection({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const rates = useAsync((signal) => fetchReportingRates(slug, {}, signal), [slug]);
  return (
    <section className="panel" aria-labelledby="definitions-rates">
      <h2 id="definitions-rates">{t('definitions.rates.title')}</h2>
      <p className="muted">{t('definitions.rates.intro')}</p>
      {rates.status === 'loading' ? (
        <Loading />
      ) : rates.status === 'error' ? (
        <ErrorMessage error={rates.error} onRetry={rates.reload} />
      ) : rates.data.isOpenCalendar ? (
        <p className="muted">{t('definitions.calendar.isOpen')}</p>
      ) : (
        <>
          <p>
            {t('definitions.rates.summary', {
              from: rates.data.from,
              to: rates.data.to,
              reporting: formatRate(rates.data.total.reportingRate, i18n.language),
              onTime: formatRate(rates.data.total.onTimeRate, i18n.language),
            })}{' '}
            <a href={reportingRatesUrl(slug, { format: 'csv' })} download>
              {t('definitions.rates.csv')}
            </a>{' '}
            <a href={reportingRatesUrl(slug, { format: 'xlsx' })} download>
              {t('definitions.rates.xlsx')}
            </a>
          </p>
          <div className="table-scroll">
            <table className="table" data-testid="reporting-rates">
              <thead>
                <tr>
                  <th scope="col">{t('definitions.calendar.state')}</th>
                  <th scope="col">{t('definitions.rates.reporting')}</th>
                  <th scope="col">{t('definitions.rates.onTime')}</th>
                  <th scope="col">{t('definitions.rates.receivedOfExpected')}</th>
                  <th scope="col">{t('definitions.rates.missing')}</th>
                </tr>
              </thead>
              <tbody>
                {rates.data.byReporter.map((r) => (
                  <tr key={r.reporter} data-reporter={r.reporter}>
                    <th scope="row">{r.reporter}</th>
                    <RateCells counts={r} lng={i18n.language} />
                    <td className="num">{r.missing}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** When reminders go out (days around the deadline), the digest, locks of published months; send now. */
export function ChaseSettingsSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const id = useId();
  const loaded = useAsync((signal) => fetchCalendarSettings(slug, signal), [slug]);
  const [draft, setDraft] = useState<(CalendarSettings & { offsetsText: string }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'error') return <ErrorMessage error={loaded.error} onRetry={loaded.reload} />;
  const s = draft ?? { ...loaded.data, offsetsText: loaded.data.reminderOffsets.join(', ') };
  const set = (patch: Partial<typeof s>) => setDraft({ ...s, ...patch });

  async function handleSave(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const offsets = s.offsetsText
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map(Number);
      const { offsetsText: _text, ...settings } = s;
      const saved = await saveCalendarSettings(slug, { ...settings, reminderOffsets: offsets });
      setDraft({ ...saved, offsetsText: saved.reminderOffsets.join(', ') });
      setNote(t('definitions.chase.saved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function handleRunNow() {
    setBusy(true);
    setError(null);
    try {
      const r = await runRemindersNow(slug);
      setNote(t('definitions.chase.ran', { reminders: r.reminders, digests: r.digests }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="definitions-chase">
      <h2 id="definitions-chase">{t('definitions.chase.title')}</h2>
      <form className="definition-form" onSubmit={(e) => void handleSave(e)} data-testid="chase-settings">
        <div className="field field--checkbox">
          <input
            id={`${id}-reminders`}
            type="checkbox"
            checked={s.areRemindersEnabled}
            onChange={(e) => set({ areRemindersEnabled: e.target.checked })}
          />
          <label htmlFor={`${id}-reminders`}>{t('definitions.chase.reminders')}</label>
        </div>
        <div className="field">
          <label htmlFor={`${id}-offsets`}>{t('definitions.chase.offsets')}</label>
          <input
            id={`${id}-offsets`}
            value={s.offsetsText}
            onChange={(e) => set({ offsetsText: e.target.value })}
            aria-describedby={`${id}-offsets-help`}
          />
          <span id={`${id}-offsets-help`} className="muted">
            {t('definitions.chase.offsetsHelp')}
          </span>
        </div>
        <div className="field field--checkbox">
          <input
            id={`${id}-digest`}
            type="checkbox"
            checked={s.isDigestEnabled}
            onChange={(e) => set({ isDigestEnabled: e.target.checked })}
          />
          <label htmlFor={`${id}-digest`}>{t('definitions.chase.digest')}</label>
        </div>
        <div className="field field--checkbox">
          <input
            id={`${id}-locks`}
            type="checkbox"
            checked={s.isLockingPublished}
            onChange={(e) => set({ isLockingPublished: e.target.checked })}
          />
          <label htmlFor={`${id}-locks`}>{t('definitions.chase.locks')}</label>
        </div>
        {error ? <ErrorMessage error={error} /> : null}
        {note ? (
          <p className="notice" role="status">
            {note}
          </p>
        ) : null}
        <div className="toolbar">
          <button type="submit" className="button" disabled={isBusy}>
            {t('definitions.chase.save')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={isBusy}
            onClick={() => void handleRunNow()}
          >
            {t('definitions.chase.runNow')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Reopen a published month of a member state (one indicator or all), with a reason; months reopened now. */
export function ReopenSection({
  slug,
  memberStates,
  indicators,
}: {
  slug: string;
  memberStates: readonly string[];
  indicators: readonly string[];
}) {
  const { t } = useTranslation();
  const id = useId();
  const reopened = useAsync((signal) => fetchReopenedLocks(slug, signal), [slug]);
  const [form, setForm] = useState({
    reporter: memberStates[0] ?? '',
    period: '',
    indicator: '',
    reason: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);

  async function handleReopen(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await reopenPeriod(slug, { ...form, indicator: form.indicator || null });
      setForm({ ...form, reason: '' });
      reopened.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="definitions-locks">
      <h2 id="definitions-locks">{t('definitions.locks.title')}</h2>
      <p className="muted">{t('definitions.locks.intro')}</p>
      <form className="definition-form" onSubmit={(e) => void handleReopen(e)} data-testid="reopen-form">
        <div className="field">
          <label htmlFor={`${id}-reporter`}>{t('definitions.calendar.state')}</label>
          <select
            id={`${id}-reporter`}
            value={form.reporter}
            onChange={(e) => setForm({ ...form, reporter: e.target.value })}
          >
            {memberStates.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-period`}>{t('definitions.locks.period')}</label>
          <input
            id={`${id}-period`}
            type="month"
            required
            value={form.period}
            onChange={(e) => setForm({ ...form, period: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-indicator`}>{t('definitions.locks.indicator')}</label>
          <select
            id={`${id}-indicator`}
            value={form.indicator}
            onChange={(e) => setForm({ ...form, indicator: e.target.value })}
          >
            <option value="">{t('definitions.locks.allIndicators')}</option>
            {indicators.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('definitions.locks.reason')}</label>
          <textarea
            id={`${id}-reason`}
            required
            minLength={3}
            value={form.reason}
            onChange={(e) => setForm({ ...form, reason: e.target.value })}
          />
        </div>
        {error ? (
          isApiError(error) && error.code === 'PERIOD_NOT_LOCKED' ? (
            <p className="notice notice--error" role="alert">
              {error.message}
            </p>
          ) : (
            <ErrorMessage error={error} />
          )
        ) : null}
        <button type="submit" className="button" disabled={isBusy}>
          {t('definitions.locks.reopen')}
        </button>
      </form>
      {reopened.status === 'success' && reopened.data.locks.length ? (
        <table className="table" data-testid="reopened-months">
          <caption>{t('definitions.locks.reopenedNow')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('definitions.calendar.state')}</th>
              <th scope="col">{t('definitions.locks.indicator')}</th>
              <th scope="col">{t('definitions.locks.period')}</th>
              <th scope="col">{t('definitions.locks.reason')}</th>
              <th scope="col">{t('definitions.locks.by')}</th>
            </tr>
          </thead>
          <tbody>
            {reopened.data.locks.map((l) => (
              <tr key={`${l.reporter}-${l.indicator}-${l.period}`}>
                <td>{l.reporter}</td>
                <td>{l.indicator}</td>
                <td>{l.period}</td>
                <td>{l.reopenReason}</td>
                <td>{l.reopenedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
