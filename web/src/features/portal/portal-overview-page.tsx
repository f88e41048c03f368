import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { pickTranslated } from '../../ui/format';
import { Page, Section } from '../../ui/page';
import { Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { formatNumber } from '../analytics/format';
import { countryNamesOf, mapStatesOf } from '../dialogues/components/map-countries';
import type { MapRoute } from '../dialogues/components/map-data';
import { listCountries } from '../reference/api';
import type { PortalOverview } from './api';
import { FigureValue, usePortal } from './portal-layout';

type RouteRow = PortalOverview['routes'][number];

// The same offline map as inside (bundled outlines, no tiles), fed only by the portal's public overview.
const DialogueMap = lazy(() => import('../dialogues/components/dialogue-map'));

/** The public routes and reporting states on the dialogue map; country names from the bundled reference list. */
function PortalMap({ overview }: { overview: PortalOverview }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const countries = useAsync(() => listCountries(), []);
  const data = useMemo(() => {
    if (countries.status !== 'success') return null;
    const names = countryNamesOf(countries.data, lng);
    const reporters = mapStatesOf(
      countries.data,
      overview.reporters.map((r) => r.code),
    );
    const routes: MapRoute[] = overview.routes.flatMap((r, i) =>
      r.geometry
        ? [
            {
              id: i,
              code: r.code,
              name: r.names.en,
              nameText: { source: 'en', values: r.names },
              countries: r.countries,
              geometry: r.geometry,
            },
          ]
        : [],
    );
    return { names, reporters, routes };
  }, [countries, overview, lng]);
  if (!data) return <Loading label={t('map.loading')} />;
  return (
    <Suspense fallback={<Loading label={t('map.loading')} />}>
      <DialogueMap memberStates={data.reporters} routes={data.routes} countryNames={data.names} />
    </Suspense>
  );
}

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
      <section className="panel panel--map" aria-labelledby="portal-map-title" data-testid="portal-map">
        <h2 id="portal-map-title" className="visually-hidden">
          {t('map.title')}
        </h2>
        <PortalMap overview={overview} />
        <p>
          <Link to={`/p/${slug}/map`} data-testid="portal-map-link">
            {t('portal.map.link')}
          </Link>
        </p>
      </section>
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
