import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { getUptake, type NoticeUptakeView, type NudgeRun, nudgeStates } from './subscriptions-api';

const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)} %`);
const days = (d: number | null) => (d === null ? '—' : String(d));

/**
 * /d/:slug/notices/uptake — the secretariat's view of how states use notices: notices per state per quarter,
 * the states that never notified, the median days from adoption to notification, late notices, the
 * acknowledgement rate; and a button to nudge the states that have not notified for N months (bell).
 */
export function NoticeUptakePage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [version, setVersion] = useState(0);
  // The last nudge's result lives here: the reload after a nudge unmounts the table and its button.
  const [run, setRun] = useState<NudgeRun | null>(null);
  const state = useAsync((signal) => getUptake(slug, signal), [slug, version]);
  return (
    <Page
      title={t('noticeUptake.title')}
      lead={t('noticeUptake.intro')}
      testId="notice-uptake-page"
      breadcrumbs={[{ label: t('notices.title'), to: `/d/${slug}/notices` }]}
    >
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        <Uptake
          u={state.data}
          run={run}
          onNudged={(r) => {
            setRun(r);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
    </Page>
  );
}

function Uptake({
  u,
  run,
  onNudged,
}: {
  u: NoticeUptakeView;
  run: NudgeRun | null;
  onNudged: (run: NudgeRun) => void;
}) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  return (
    <>
      <Section title={t('noticeUptake.summary')} testId="notice-uptake-summary">
        <dl className="facts">
          <dt>{t('noticeUptake.acknowledgementRate')}</dt>
          <dd data-testid="uptake-ack-rate">
            {percent(u.acknowledgements.rate)} ({u.acknowledgements.acknowledged}/
            {u.acknowledgements.expected})
          </dd>
          <dt>{t('noticeUptake.medianDays')}</dt>
          <dd data-testid="uptake-median">{days(u.medianDaysToNotify)}</dd>
          <dt>{t('noticeUptake.neverNotified')}</dt>
          <dd data-testid="uptake-never">{u.neverNotified.length ? u.neverNotified.join(', ') : '—'}</dd>
        </dl>
      </Section>
      <Section title={t('noticeUptake.perState')} testId="notice-uptake-states">
        <DataTable
          testId="notice-uptake-table"
          rows={u.states}
          rowKey={(s) => s.state}
          empty={t('noticeUptake.noStates')}
          columns={[
            { key: 'state', header: t('notices.field.state'), isRowHeader: true, cell: (s) => s.state },
            ...u.quarters.map((q, i) => ({
              key: q,
              header: q,
              cell: (s: NoticeUptakeView['states'][number]) => String(s.byQuarter[i] ?? 0),
            })),
            { key: 'total', header: t('noticeUptake.total'), cell: (s) => String(s.total) },
            { key: 'last', header: t('noticeUptake.lastSent'), cell: (s) => s.lastSentOn ?? '—' },
            { key: 'median', header: t('noticeUptake.medianDays'), cell: (s) => days(s.medianDaysToNotify) },
            { key: 'late', header: t('noticeUptake.late'), cell: (s) => String(s.late) },
            {
              key: 'ack',
              header: t('noticeUptake.acknowledgementRate'),
              cell: (s) => percent(s.acknowledgementRate),
            },
            {
              key: 'due',
              header: t('noticeUptake.due', { months: u.nudgeMonths }),
              cell: (s) => (s.isDue ? t('noticeUptake.yes') : ''),
            },
          ]}
        />
        <NudgeButton run={run} onNudged={onNudged} months={u.nudgeMonths} />
      </Section>
      <Section title={t('noticeUptake.lateNotices')} testId="notice-uptake-late">
        <DataTable
          rows={u.late}
          rowKey={(n) => n.id}
          empty={t('noticeUptake.noLate')}
          columns={[
            {
              key: 'title',
              header: t('notices.field.title'),
              isRowHeader: true,
              cell: (n) => <Link to={`/d/${slug}/notices/${n.id}`}>{n.title}</Link>,
            },
            { key: 'state', header: t('notices.field.state'), cell: (n) => n.state },
            { key: 'effective', header: t('notices.field.effectiveOn'), cell: (n) => n.effectiveOn },
            { key: 'sent', header: t('noticeUptake.sentOn'), cell: (n) => n.sentOn },
            { key: 'days', header: t('noticeUptake.daysLate'), cell: (n) => String(n.daysLate) },
          ]}
        />
      </Section>
    </>
  );
}

function NudgeButton({
  run,
  onNudged,
  months,
}: {
  run: NudgeRun | null;
  onNudged: (run: NudgeRun) => void;
  months: number;
}) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [error, setError] = useState<unknown>(null);
  return (
    <p>
      <button
        type="button"
        data-testid="uptake-nudge"
        onClick={async () => {
          setError(null);
          try {
            onNudged(await nudgeStates(slug));
          } catch (e) {
            setError(e);
          }
        }}
      >
        {t('noticeUptake.nudge', { months })}
      </button>{' '}
      {run ? (
        <span role="status" data-testid="uptake-nudged">
          {run.states.length
            ? t('noticeUptake.nudged', { states: run.states.join(', '), recipients: run.recipients })
            : t('noticeUptake.nudgedNone')}
        </span>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </p>
  );
}
