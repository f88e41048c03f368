import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../app/i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { type Breakdowns, fetchFigureHistory, SUBMISSION_STATUSES, type SubmissionStatus } from './api';
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
        <DataTable
          rows={history.data}
          rowKey={(o) => o.id}
          rowProps={(o) => ({ className: o.supersededAt ? 'muted' : undefined })}
          columns={[
            { key: 'revision', header: t('exchange.history.revision'), cell: (o) => o.revision },
            {
              key: 'value',
              header: t('exchange.value'),
              isNumeric: true,
              cell: (o) => (o.value === null ? t('exchange.notAvailable') : formatNumber(o.value, lng)),
            },
            {
              key: 'status',
              header: t('exchange.statusLabel'),
              cell: (o) =>
                `${t(`exchange.figureStatus.${figureStatus(o.status)}`)}${
                  o.supersededAt ? ` · ${t('exchange.history.superseded')}` : ''
                }`,
            },
            {
              key: 'recorded',
              header: t('exchange.history.recorded'),
              cell: (o) =>
                `${o.recordedBy?.name ?? t('exchange.history.system')} · ${formatDateTime(o.recordedAt, lng)}`,
            },
            { key: 'comment', header: t('exchange.history.comment'), cell: (o) => o.comment ?? '' },
          ]}
        />
      )}
    </aside>
  );
}

/** A figure's status is its submission's (the same table, src/domain/submissions/workflow.ts). */
const figureStatus = (s: string): SubmissionStatus => SUBMISSION_STATUSES.find((x) => x === s) ?? 'draft';
