import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { pickTranslated } from '../../ui/format';
import { Page, Section } from '../../ui/page';
import { formatNumber } from '../analytics/format';
import type { PortalOverview } from './api';
import { FigureValue, usePortal } from './portal-layout';

type RouteRow = PortalOverview['routes'][number];

/** /p/:slug: what the dialogue publishes: its routes with their latest month, indicators, reporting states. */
export function PortalOverviewPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug, overview, nameOf } = usePortal();
  return (
    <Page
      title={overview.name}
      lead={
        overview.periods
          ? t('portal.overview.lead', { from: overview.periods.from, to: overview.periods.to })
          : t('portal.noData')
      }
      testId="portal-overview"
    >
      <Section title={t('portal.overview.routes')}>
        <DataTable<RouteRow>
          testId="portal-routes"
          rows={overview.routes}
          rowKey={(r) => r.code}
          empty={<p className="notice">{t('portal.overview.noRoutes')}</p>}
          columns={[
            {
              key: 'route',
              header: t('portal.route'),
              isRowHeader: true,
              cell: (r) => <Link to={`/p/${slug}/routes/${r.code}`}>{pickTranslated(r.names, lng)}</Link>,
            },
            {
              key: 'period',
              header: t('portal.overview.latestMonth'),
              cell: (r) => r.latest?.period ?? '–',
            },
            {
              key: 'value',
              header: t('portal.overview.latestValue'),
              isNumeric: true,
              cell: (r) =>
                r.latest ? (
                  <span title={nameOf('indicators', r.latest.indicator)}>
                    <FigureValue figure={r.latest} format={(v) => formatNumber(v, lng)} />
                  </span>
                ) : (
                  '–'
                ),
            },
          ]}
        />
      </Section>
      <Section title={t('portal.overview.indicators')}>
        <ul data-testid="portal-indicators">
          {overview.indicators.map((i) => (
            <li key={i.code}>
              {pickTranslated(i.names, lng)} <span className="muted">({i.code})</span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('portal.overview.reporters')}>
        <p>{overview.reporters.map((r) => pickTranslated(r.names, lng)).join(', ') || '–'}</p>
      </Section>
    </Page>
  );
}

/** /p/:slug/routes: the public routes. */
export function PortalRoutesPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug, overview } = usePortal();
  return (
    <Page title={t('portal.nav.routes')} testId="portal-routes-page">
      <ul>
        {overview.routes.map((r) => (
          <li key={r.code}>
            <Link to={`/p/${slug}/routes/${r.code}`}>{pickTranslated(r.names, lng)}</Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}
