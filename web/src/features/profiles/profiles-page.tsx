import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { formatDate } from '../../ui/format';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { listProfiles } from './api';

/**
 * /d/:slug/profiles — the dialogue's member states and their country profiles: when the version every member
 * reads was endorsed and, for the editors (the secretariat, the state itself), the status of the latest one.
 */
export function ProfilesPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const lng = currentLanguage();
  const state = useAsync((signal) => listProfiles(slug, signal), [slug]);
  return (
    <Page title={t('profiles.title')} lead={t('profiles.intro')} testId="profiles-page">
      <Section title={t('profiles.states')} testId="profiles-list">
        {state.status === 'loading' ? <Loading /> : null}
        {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
        {state.status === 'success' ? (
          <DataTable
            testId="profiles-table"
            rows={state.data.items}
            rowKey={(p) => p.state}
            empty={t('profiles.noStates')}
            columns={[
              {
                key: 'state',
                header: t('profiles.state'),
                isRowHeader: true,
                cell: (p) => <Link to={`/d/${slug}/profiles/${p.state}`}>{p.stateName}</Link>,
              },
              {
                key: 'endorsed',
                header: t('profiles.endorsedOn'),
                cell: (p) =>
                  p.endorsedAt
                    ? t('profiles.versionOn', {
                        number: p.endorsedNumber,
                        date: formatDate(p.endorsedAt, lng),
                      })
                    : t('profiles.notEndorsed'),
              },
              {
                key: 'latest',
                header: t('profiles.latestStatus'),
                cell: (p) => (p.latestStatus ? t(`profiles.status.${p.latestStatus}`) : ''),
              },
            ]}
          />
        ) : null}
      </Section>
    </Page>
  );
}
