import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { dashboardPdfUrl, dashboardXlsxUrl, getDashboard, type MonitoringDashboardView } from './api';

type Row = MonitoringDashboardView['commitments'][number];

const CHANGE_MARK = { better: '▲', worse: '▼', same: '=', new: '•' } as const;

/**
 * /d/:slug/monitoring/cycles/:id/dashboard — progress of a cycle: the commitment × state matrix (the
 * reported status, its change since the previous cycle), completeness per state, counts per thematic area,
 * and the XLSX download.
 */
export function MonitoringDashboardPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const id = Number(useParams().id);
  const state = useAsync((signal) => getDashboard(slug, id, signal), [slug, id]);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={state.reload} />;
  const d = state.data;
  const cell = (commitmentId: number, s: string) =>
    d.cells.find((c) => c.commitmentId === commitmentId && c.state === s);
  return (
    <Page
      title={t('monitoring.dashboardOf', { cycle: d.cycle.title })}
      lead={d.previousCycle ? t('monitoring.comparedWith', { cycle: d.previousCycle.title }) : undefined}
      breadcrumbs={[
        { to: `/d/${slug}/monitoring`, label: t('monitoring.title') },
        { to: `/d/${slug}/monitoring/cycles/${d.cycle.id}`, label: d.cycle.title },
      ]}
      actions={
        <>
          <a href={dashboardXlsxUrl(slug, d.cycle.id)} data-testid="dashboard-xlsx">
            {t('monitoring.xlsx')}
          </a>{' '}
          <a href={dashboardPdfUrl(slug, d.cycle.id)} data-testid="dashboard-pdf">
            {t('monitoring.pdf')}
          </a>
        </>
      }
      testId="monitoring-dashboard"
    >
      <Section title={t('monitoring.matrix')} testId="dashboard-matrix">
        <DataTable<Row>
          testId="matrix-table"
          rows={d.commitments}
          rowKey={(c) => c.id}
          columns={[
            { key: 'number', header: t('monitoring.field.number'), isRowHeader: true, cell: (c) => c.number },
            ...d.states.map((s) => ({
              key: s,
              header: s,
              cellProps: (c: Row) => ({
                'data-progress': cell(c.id, s)?.progress ?? 'none',
                'data-state': s,
              }),
              cell: (c: Row) => {
                const x = cell(c.id, s);
                if (!x?.progress) return '—';
                return `${t(`monitoring.progress.${x.progress}`)}${x.change ? ` ${CHANGE_MARK[x.change]}` : ''}`;
              },
            })),
          ]}
        />
      </Section>
      <Section title={t('monitoring.completeness')} testId="dashboard-completeness">
        <DataTable
          rows={d.completeness}
          rowKey={(c) => c.state}
          columns={[
            { key: 'state', header: t('monitoring.field.state'), isRowHeader: true, cell: (c) => c.state },
            {
              key: 'reported',
              header: t('monitoring.reported'),
              isNumeric: true,
              cell: (c) => `${c.reported} / ${c.total}`,
            },
            { key: 'percent', header: '%', isNumeric: true, cell: (c) => `${c.percent} %` },
          ]}
        />
      </Section>
      <Section title={t('monitoring.byArea')}>
        <DataTable
          rows={d.byArea}
          rowKey={(a) => a.area ?? ''}
          columns={[
            {
              key: 'area',
              header: t('monitoring.field.area'),
              isRowHeader: true,
              cell: (a) => a.area ?? '—',
            },
            {
              key: 'implemented',
              header: t('monitoring.progress.implemented'),
              isNumeric: true,
              cell: (a) => a.implemented,
            },
            {
              key: 'inProgress',
              header: t('monitoring.progress.in_progress'),
              isNumeric: true,
              cell: (a) => a.inProgress,
            },
            {
              key: 'notStarted',
              header: t('monitoring.progress.not_started'),
              isNumeric: true,
              cell: (a) => a.notStarted,
            },
            {
              key: 'notApplicable',
              header: t('monitoring.progress.not_applicable'),
              isNumeric: true,
              cell: (a) => a.notApplicable,
            },
            { key: 'missing', header: t('monitoring.missing'), isNumeric: true, cell: (a) => a.missing },
          ]}
        />
      </Section>
    </Page>
  );
}
