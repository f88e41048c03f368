import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../app/i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { dateTimeFormat } from '../../ui/format';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { getPortalReleases, type PortalRelease } from './api';
import { usePortal } from './portal-layout';

/** /p/:slug/releases: scheduled releases (with their time zone) and past publications. */
export function PortalReleasesPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug, nameOf } = usePortal();
  const state = useAsync((signal) => getPortalReleases(slug, signal), [slug]);
  const when = (r: PortalRelease) =>
    `${dateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short', timeZone: r.timeZone }).format(new Date(r.at))} (${r.timeZone})`;
  const table = (rows: PortalRelease[], testId: string) => (
    <DataTable<PortalRelease>
      testId={testId}
      rows={rows}
      rowKey={(r) => `${r.reporter}-${r.at}`}
      empty={<p className="notice">{t('portal.releases.none')}</p>}
      columns={[
        { key: 'at', header: t('portal.releases.when'), isRowHeader: true, cell: when },
        {
          key: 'reporter',
          header: t('portal.releases.reporter'),
          cell: (r) => nameOf('reporters', r.reporter),
        },
        {
          key: 'indicators',
          header: t('portal.releases.indicators'),
          cell: (r) => r.indicators.map((c) => nameOf('indicators', c)).join(', '),
        },
        {
          key: 'periods',
          header: t('portal.releases.periods'),
          cell: (r) =>
            r.periods.from === r.periods.to ? r.periods.from : `${r.periods.from} – ${r.periods.to}`,
        },
      ]}
    />
  );
  return (
    <Page title={t('portal.nav.releases')} testId="portal-releases">
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        <>
          <Section title={t('portal.releases.upcoming')}>
            {table(state.data.upcoming, 'portal-upcoming')}
          </Section>
          <Section title={t('portal.releases.past')}>{table(state.data.past, 'portal-past')}</Section>
        </>
      ) : null}
    </Page>
  );
}
