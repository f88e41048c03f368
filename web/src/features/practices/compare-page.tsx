import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Page, PageFrame, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { comparePractices, type PracticeComparisonView } from './api';

type Indicator = PracticeComparisonView['indicators'][number]['a'];

/**
 * /d/:slug/practices/compare?a=…&b=… — two practices side by side: each field with a mark where they
 * differ (the countries, partners and tags both have named), and their impact indicators matched by name.
 */
export function PracticeComparePage() {
  const { t, i18n } = useTranslation();
  const { slug } = useDialogue();
  const [params] = useSearchParams();
  const a = Number(params.get('a'));
  const b = Number(params.get('b'));
  const state = useAsync((signal) => comparePractices(slug, a, b, signal), [slug, a, b]);
  const crumbs = [{ to: `/d/${slug}/practices`, label: t('practices.title') }];
  if (state.status === 'loading')
    return (
      <PageFrame>
        <Loading />
      </PageFrame>
    );
  if (state.status === 'error')
    return (
      <PageFrame>
        <ErrorMessage error={state.error} onRetry={state.reload} />
      </PageFrame>
    );
  const c = state.data;
  const lng = i18n.language;
  const value = (i: Indicator) =>
    i === null
      ? '—'
      : `${i.before === null ? '—' : i.before.toLocaleString(lng)} → ${i.after === null ? '—' : i.after.toLocaleString(lng)}${
          i.unit ? ` ${i.unit}` : ''
        }${i.change === null ? '' : ` (${i.change > 0 ? '+' : ''}${i.change.toLocaleString(lng)})`}`;
  const title = (p: PracticeComparisonView['a']) => (
    <Link to={`/d/${slug}/practices/${p.id}`}>{p.title}</Link>
  );
  return (
    <Page title={t('practices.compare.title')} breadcrumbs={crumbs} testId="practice-compare">
      <Section title={t('practices.compare.fields')}>
        <DataTable
          testId="compare-fields"
          rows={c.rows}
          rowKey={(r) => r.field}
          rowProps={(r) => ({ 'data-field': r.field, 'data-same': r.isSame ? 'true' : 'false' })}
          caption={
            <span>
              {title(c.a)} · {title(c.b)}
            </span>
          }
          columns={[
            {
              key: 'field',
              header: t('practices.compare.field'),
              isRowHeader: true,
              cell: (r) => t(`practices.field.${r.field}`),
            },
            {
              key: 'a',
              header: c.a.title,
              cell: (r) => (r.field === 'area' ? t(`practices.areas.${c.a.area}`) : r.a || '—'),
            },
            {
              key: 'b',
              header: c.b.title,
              cell: (r) => (r.field === 'area' ? t(`practices.areas.${c.b.area}`) : r.b || '—'),
            },
            {
              key: 'same',
              header: t('practices.compare.same'),
              cell: (r) =>
                r.isSame
                  ? t('practices.compare.isSame')
                  : r.shared.length
                    ? t('practices.compare.shared', { list: r.shared.join(', ') })
                    : t('practices.compare.differs'),
            },
          ]}
        />
      </Section>
      <Section title={t('practices.field.impact')}>
        <DataTable
          testId="compare-indicators"
          rows={c.indicators}
          rowKey={(i) => i.name}
          empty={t('practices.noImpact')}
          columns={[
            { key: 'name', header: t('practices.impact.name'), isRowHeader: true, cell: (i) => i.name },
            { key: 'a', header: c.a.title, cell: (i) => value(i.a) },
            { key: 'b', header: c.b.title, cell: (i) => value(i.b) },
          ]}
        />
      </Section>
    </Page>
  );
}
