import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { type ChartOption, EChart } from '../../ui/echart';
import { pickTranslated } from '../../ui/format';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { formatNumber } from '../analytics/format';
import { getPortalRoute, type PortalRouteView } from './api';
import { FigureValue, useOptionalPortal, usePortal } from './portal-layout';

type Month = PortalRouteView['months'][number];

/** /p/:slug/routes/:route: one route's monthly figures per reporting state (chart, table, embed code). */
export function PortalRoutePage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug, nameOf } = usePortal();
  const { route = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const indicator = search.get('indicator') ?? undefined;
  const state = useAsync(
    (signal) => getPortalRoute(slug, route, indicator, signal),
    [slug, route, indicator],
  );
  const data = state.status === 'success' ? state.data : null;
  const title = data ? pickTranslated(data.route.names, lng) : nameOf('routes', route);
  return (
    <Page
      title={title}
      breadcrumbs={[{ to: `/p/${slug}/routes`, label: t('portal.nav.routes') }]}
      testId="portal-route"
    >
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {data ? (
        <>
          <label className="field">
            <span>{t('portal.routePage.indicator')}</span>
            <select
              value={data.indicator.code}
              onChange={(e) => setSearch({ indicator: e.target.value })}
              data-testid="portal-indicator"
            >
              {data.indicators.map((code) => (
                <option key={code} value={code}>
                  {nameOf('indicators', code)}
                </option>
              ))}
            </select>
          </label>
          <Section title={pickTranslated(data.indicator.names, lng)}>
            <RouteFigures data={data} title={title} />
            <EmbedSnippet
              path={`/embed/${slug}/routes/${route}?indicator=${data.indicator.code}`}
              title={route}
              summary={t('portal.embed.summary')}
              lead={t('portal.embed.lead')}
            />
          </Section>
        </>
      ) : null}
    </Page>
  );
}

/** A route's chart (monthly totals) and its table (per reporting state, withheld figures marked). */
export function RouteFigures({
  data,
  title,
  nameOf = (_kind, code) => code,
}: {
  data: PortalRouteView;
  title: string;
  nameOf?: (kind: 'reporters', code: string) => string;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const portal = useOptionalPortal();
  const reporterName = (code: string) =>
    portal ? portal.nameOf('reporters', code) : nameOf('reporters', code);
  const option = useMemo((): ChartOption | null => {
    if (!data?.months.length) return null;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 56, right: 24, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: data.months.map((m) => m.period) },
      yAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          name: t('portal.routePage.total'),
          color: '#1f4e8c',
          data: data.months.map((m) => m.total.value),
        },
      ],
    };
  }, [data, t]);
  return (
    <>
      {option ? (
        <EChart
          option={option}
          label={t('portal.routePage.chart', { route: title })}
          height={280}
          testId="portal-route-chart"
        />
      ) : null}
      <DataTable<Month>
        testId="portal-route-table"
        caption={t('portal.routePage.caption', { route: title })}
        rows={data.months}
        rowKey={(m) => m.period}
        empty={<p className="notice">{t('portal.noData')}</p>}
        columns={[
          { key: 'period', header: t('portal.routePage.month'), isRowHeader: true, cell: (m) => m.period },
          ...data.reporters.map((reporter) => ({
            key: reporter,
            header: reporterName(reporter),
            isNumeric: true,
            cell: (m: Month) => {
              const c = m.cells.find((x) => x.reporter === reporter);
              return c ? <FigureValue figure={c} format={(v) => formatNumber(v, lng)} /> : '–';
            },
          })),
          {
            key: 'total',
            header: t('portal.routePage.total'),
            isNumeric: true,
            cell: (m) => <FigureValue figure={m.total} format={(v) => formatNumber(v, lng)} />,
          },
        ]}
      />
    </>
  );
}

/** The iframe code that embeds a chart or map on another site (/embed/…, framing allowed there only). */
export function EmbedSnippet({
  path,
  title,
  summary,
  lead,
  height = '480',
}: {
  height?: string;
  /** The embed page's path and query, e.g. /embed/<slug>/routes/<route>?indicator=IBC. */
  path: string;
  title: string;
  summary: string;
  lead: string;
}) {
  const src = `${window.location.origin}${path}`;
  // Markup to copy, not interface text (the title is escaped for the attribute).
  const attributes = {
    src,
    title: title.replaceAll('&', '&amp;').replaceAll('"', '&quot;'),
    width: '640',
    height,
  };
  const snippet = `<iframe ${Object.entries(attributes)
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ')}></iframe>`;
  return (
    <details className="portal-embed">
      <summary>{summary}</summary>
      <p>{lead}</p>
      <code data-testid="portal-embed-code">{snippet}</code>
    </details>
  );
}
