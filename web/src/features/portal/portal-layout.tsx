import './portal.css';
import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { formatDate, pickTranslated } from '../../ui/format';
import { LanguageSwitch } from '../../ui/language-switch';
import { PageFrame } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { getPortalOverview, type PortalOverview } from './api';

interface PortalValue {
  slug: string;
  overview: PortalOverview;
  /** The name of a code (indicator, route, reporting state) in the interface language. */
  nameOf: (kind: 'indicators' | 'routes' | 'reporters', code: string) => string;
}

const PortalContext = createContext<PortalValue | null>(null);

/** The portal's context, or null outside the portal's frame (the embed page). */
export function useOptionalPortal(): PortalValue | null {
  return useContext(PortalContext);
}

export function usePortal(): PortalValue {
  const value = useContext(PortalContext);
  if (!value) throw new Error('usePortal() must be used inside <PortalLayout>');
  return value;
}

/**
 * The public portal's frame (/p/:slug, no login): the dialogue's name, its public navigation, the language
 * switch and a link to sign in; loads the overview once for every portal page.
 */
export function PortalLayout() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const state = useAsync((signal) => getPortalOverview(slug, signal), [slug]);
  const lng = currentLanguage();
  let body: ReactNode;
  if (state.status === 'loading')
    body = (
      <PageFrame>
        <Loading />
      </PageFrame>
    );
  else if (state.status === 'error')
    body = (
      <PageFrame>
        <ErrorMessage
          error={state.error}
          message={isApiError(state.error, 404) ? t('portal.notFound') : undefined}
          onRetry={state.reload}
        />
      </PageFrame>
    );
  else {
    const overview = state.data;
    const lists = {
      indicators: overview.indicators,
      routes: overview.routes,
      reporters: overview.reporters,
    };
    const nameOf = (kind: keyof typeof lists, code: string) => {
      const found = lists[kind].find((x) => x.code === code);
      return found ? pickTranslated(found.names, lng) : code;
    };
    body = (
      <PortalContext.Provider value={{ slug, overview, nameOf }}>
        <nav className="dialogue-nav" aria-label={t('portal.navLabel')}>
          <ul>
            {(
              [
                'overview',
                'map',
                'routes',
                'downloads',
                'releases',
                'notices',
                'documents',
                'practices',
                'agreements',
                'profiles',
              ] as const
            ).map((k) => (
              <li key={k}>
                <NavLink to={k === 'overview' ? `/p/${slug}` : `/p/${slug}/${k}`} end>
                  {t(`portal.nav.${k}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <Outlet />
        <footer className="portal-footer page">
          <p data-testid="portal-as-of">
            {overview.dataAsPublishedOn
              ? t('portal.dataAsPublishedOn', { date: formatDate(overview.dataAsPublishedOn, lng) })
              : t('portal.noData')}
          </p>
          <p>{t('portal.disclosureNote', { threshold: overview.disclosureThreshold })}</p>
        </footer>
      </PortalContext.Provider>
    );
  }
  return (
    <div className="app portal">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link to={`/p/${slug}`} className="brand">
          {state.status === 'success' ? state.data.name : t('app.name')}
        </Link>
        <span className="badge">{t('portal.publicData')}</span>
        <div className="app-header__end">
          <LanguageSwitch />
          <Link to="/login" className="button button--header">
            {t('portal.signIn')}
          </Link>
        </div>
      </header>
      {body}
    </div>
  );
}

/** A figure as the public sees it: the number, or "withheld" with why (never 0). */
export function FigureValue({
  figure,
  format,
}: {
  figure: { value: number | null; confStatus: 'F' | 'C' | 'D' };
  format: (v: number) => string;
}) {
  const { t } = useTranslation();
  if (figure.value !== null) return <>{format(figure.value)}</>;
  if (figure.confStatus === 'F') return <>–</>; // not available (SDMX OBS_STATUS M)
  return (
    <abbr
      className="withheld"
      title={t(`portal.withheldWhy.${figure.confStatus}`)}
      data-conf-status={figure.confStatus}
    >
      {t('portal.withheld')}
    </abbr>
  );
}
