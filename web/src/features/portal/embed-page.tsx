import './portal.css';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { formatDate, pickTranslated } from '../../ui/format';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { getPortalMap, getPortalOverview, getPortalRoute } from './api';
import { MapFigures, mapQueryString, mapTitle, useMapQuery } from './portal-map-page';
import { RouteFigures } from './portal-route-page';

/**
 * /embed/:slug/routes/:route?indicator=…: one public route chart with its table, nothing else, for an iframe on
 * another site (the server lets only /embed/ pages be framed). The source line links to the portal.
 */
export function EmbedRoutePage() {
  const lng = currentLanguage();
  const { slug = '', route = '' } = useParams();
  const [search] = useSearchParams();
  const indicator = search.get('indicator') ?? undefined;
  const state = useAsync(
    async (signal) => ({
      overview: await getPortalOverview(slug, signal),
      data: await getPortalRoute(slug, route, indicator, signal),
    }),
    [slug, route, indicator],
  );
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} />;
  const { overview, data } = state.data;
  const title = `${pickTranslated(data.route.names, lng)}: ${pickTranslated(data.indicator.names, lng)}`;
  const reporterName = (_kind: 'reporters', code: string) => {
    const r = overview.reporters.find((x) => x.code === code);
    return r ? pickTranslated(r.names, lng) : code;
  };
  return (
    <main id="main" className="embed" data-testid="portal-embed">
      <h1 className="embed__title">{title}</h1>
      <RouteFigures data={data} title={title} nameOf={reporterName} />
      <EmbedSource
        href={`/p/${slug}/routes/${route}`}
        name={overview.name}
        publishedOn={data.dataAsPublishedOn}
      />
    </main>
  );
}

/**
 * /embed/:slug/map?indicator=…&period=…: the public figures per reporting state on a map, with its legend and
 * table, nothing else, for an iframe on another site. The source line links to the portal's map page.
 */
export function EmbedMapPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug = '' } = useParams();
  const { query } = useMapQuery();
  const state = useAsync(
    async (signal) => ({
      overview: await getPortalOverview(slug, signal),
      data: await getPortalMap(slug, query, signal),
    }),
    [slug, query.indicator, query.period],
  );
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} />;
  const { overview, data } = state.data;
  const title = mapTitle(data, lng);
  return (
    <main id="main" className="embed" data-testid="portal-embed">
      <h1 className="embed__title">{title || overview.name}</h1>
      {data.indicator ? <MapFigures data={data} title={title} /> : <p>{t('portal.noData')}</p>}
      <EmbedSource
        href={`/p/${slug}/map${mapQueryString({ indicator: data.indicator?.code, period: data.period })}`}
        name={overview.name}
        publishedOn={data.dataAsPublishedOn}
      />
    </main>
  );
}

/** The source line under an embed: the dialogue's name linking to the portal page, and "data as published on". */
function EmbedSource({
  href,
  name,
  publishedOn,
}: {
  href: string;
  name: string;
  publishedOn: string | null;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  return (
    <p className="embed__source">
      <a href={href} target="_blank" rel="noopener">
        {name}
      </a>
      {publishedOn ? ` · ${t('portal.dataAsPublishedOn', { date: formatDate(publishedOn, lng) })}` : null}
    </p>
  );
}
