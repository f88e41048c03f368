import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../app/i18n/i18n';
import { pickTranslated } from '../../ui/format';
import { Page } from '../../ui/page';
import { portalDownloadUrl } from './api';
import { usePortal } from './portal-layout';

const FORMATS = [
  { format: 'csv', key: 'csv' },
  { format: 'xlsx', key: 'xlsx' },
  { format: 'sdmx-csv', key: 'sdmxCsv' },
] as const;

/** /p/:slug/downloads: every public indicator as CSV, XLSX and SDMX-CSV (withheld cells empty, with status). */
export function PortalDownloadsPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug, overview } = usePortal();
  return (
    <Page title={t('portal.nav.downloads')} lead={t('portal.downloads.lead')} testId="portal-downloads">
      <ul className="portal-downloads">
        {overview.indicators.map((i) => (
          <li key={i.code}>
            <span>{pickTranslated(i.names, lng)}</span>{' '}
            {FORMATS.map((f) => (
              <a
                key={f.format}
                className="button button--secondary"
                href={portalDownloadUrl(slug, i.code, f.format)}
                download
                data-testid={`download-${i.code}-${f.format}`}
              >
                {t(`portal.downloads.${f.key}`)}
              </a>
            ))}
          </li>
        ))}
      </ul>
    </Page>
  );
}
