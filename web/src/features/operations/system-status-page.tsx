import { useTranslation } from 'react-i18next';
import { useAuthenticatedSession } from '../../app/session';
import { apiUrl } from '../../ui/api-client';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { fetchSystemStatus, type SystemStatusView } from './api';

type CheckName = keyof SystemStatusView['readiness']['checks'];
const CHECKS: readonly CheckName[] = ['database', 'migrations', 'jobQueue'];
const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;

/** `/admin/system` (administrators): is this installation ready, does the job queue move, how is the server. */
export function SystemStatusPage() {
  const { t } = useTranslation();
  const session = useAuthenticatedSession();
  if (!session.abilities.canReadOperations)
    return (
      <Page title={t('system.title')}>
        <p className="notice">{t('system.notAllowed')}</p>
      </Page>
    );
  return <SystemStatusLoader />;
}

function SystemStatusLoader() {
  const { t } = useTranslation();
  const state = useAsync((signal) => fetchSystemStatus(signal), []);
  return (
    <Page title={t('system.title')}>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? <SystemStatus status={state.data} onReload={state.reload} /> : null}
    </Page>
  );
}

function SystemStatus({ status, onReload }: { status: SystemStatusView; onReload(): void }) {
  const { t } = useTranslation();
  const isReady = status.readiness.status === 'ready';
  return (
    <>
      <p className={isReady ? 'notice' : 'notice notice--error'} role="status" data-testid="system-readiness">
        {isReady ? t('system.ready') : t('system.notReady')}{' '}
        {t('system.database', { kind: t(`system.databaseKind.${status.database}`) })}
      </p>
      <Section
        title={t('system.checks')}
        actions={
          <button type="button" className="button button--secondary" onClick={onReload}>
            {t('system.reload')}
          </button>
        }
      >
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('system.check')}</th>
              <th scope="col">{t('system.result')}</th>
              <th scope="col">{t('system.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {CHECKS.map((name) => {
              const check = status.readiness.checks[name];
              return (
                <tr key={name} data-testid={`system-check-${name}`}>
                  <th scope="row">{t(`system.checkName.${name}`)}</th>
                  <td>{check.ok ? t('system.ok') : t('system.failing')}</td>
                  <td>{check.detail}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Section>
      <Section title={t('system.jobs')}>
        <dl className="facts">
          {JOB_STATES.map((s) => (
            <div key={s}>
              <dt>{t(`system.jobState.${s}`)}</dt>
              <dd data-testid={`system-jobs-${s}`}>{status.jobs[s]}</dd>
            </div>
          ))}
          <div>
            <dt>{t('system.oldestDueJob')}</dt>
            <dd>{t('system.seconds', { count: status.oldestDueJobWaitSeconds })}</dd>
          </div>
        </dl>
      </Section>
      <Section title={t('system.process')}>
        <dl className="facts">
          <div>
            <dt>{t('system.uptime')}</dt>
            <dd>{t('system.seconds', { count: status.process.uptimeSeconds })}</dd>
          </div>
          <div>
            <dt>{t('system.memory')}</dt>
            <dd>
              {t('system.mebibytes', {
                rss: status.process.residentMemoryMiB,
                heap: status.process.heapUsedMiB,
              })}
            </dd>
          </div>
          <div>
            <dt>{t('system.node')}</dt>
            <dd>{status.process.nodeVersion}</dd>
          </div>
        </dl>
        <p>
          {t('system.metricsHint')} <a href={apiUrl('GET /api/metrics')}>/api/metrics</a>
        </p>
      </Section>
    </>
  );
}
