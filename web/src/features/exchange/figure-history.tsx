import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../app/i18n/i18n';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { type Breakdowns, fetchFigureHistory } from './api';
import { breakdownLabel } from './breakdown-label';
import { formatDateTime, formatNumber } from './format';

export interface FigureRef {
  indicator: string;
  reporter: string;
  period: string;
  breakdowns: Breakdowns;
}

/** Every revision of one figure: value, status, who, when, why (GET …/figures/history). */
export function FigureHistoryPanel({
  slug,
  figure,
  countryNames,
  onClose,
}: {
  slug: string;
  figure: FigureRef;
  countryNames: ReadonlyMap<string, string>;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const history = useAsync(
    (signal) => fetchFigureHistory(slug, figure, signal),
    [slug, figure.indicator, figure.reporter, figure.period, JSON.stringify(figure.breakdowns)],
  );

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <aside className="panel history-panel" aria-labelledby="history-title" data-testid="figure-history">
      <div className="history-panel__header">
        <h2 id="history-title" ref={headingRef} tabIndex={-1}>
          {t('exchange.history.title')}
        </h2>
        <button type="button" className="button button--small button--secondary" onClick={onClose}>
          {t('exchange.history.close')}
        </button>
      </div>
      <p className="muted">
        {figure.indicator} · {figure.reporter} · {figure.period} ·{' '}
        {breakdownLabel(t, figure.breakdowns, countryNames)}
      </p>
      {history.status === 'loading' ? (
        <Loading />
      ) : history.status === 'error' ? (
        <ErrorMessage error={history.error} onRetry={history.reload} />
      ) : history.data.length === 0 ? (
        <p className="muted">{t('exchange.history.empty')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('exchange.history.revision')}</th>
              <th scope="col" className="num">
                {t('exchange.value')}
              </th>
              <th scope="col">{t('exchange.statusLabel')}</th>
              <th scope="col">{t('exchange.history.recorded')}</th>
              <th scope="col">{t('exchange.history.comment')}</th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((o) => (
              <tr key={o.id} className={o.supersededAt ? 'muted' : undefined}>
                <td>{o.revision}</td>
                <td className="num">
                  {o.value === null ? t('exchange.notAvailable') : formatNumber(o.value, lng)}
                </td>
                <td>
                  {t(`exchange.figureStatus.${figureStatus(o.status)}`)}
                  {o.supersededAt ? ` · ${t('exchange.history.superseded')}` : ''}
                </td>
                <td>
                  {o.recordedBy?.name ?? t('exchange.history.system')} · {formatDateTime(o.recordedAt, lng)}
                </td>
                <td>{o.comment ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </aside>
  );
}

const FIGURE_STATUSES = ['draft', 'submitted', 'validated', 'returned', 'published'] as const;
function figureStatus(s: string): (typeof FIGURE_STATUSES)[number] {
  return (FIGURE_STATUSES as readonly string[]).includes(s)
    ? (s as (typeof FIGURE_STATUSES)[number])
    : 'draft';
}
