import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useDialogue } from '../../ui/dialogue-context';
import { Field, fieldErrorsOf, Select } from '../../ui/form';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import {
  closeCycle,
  getCycle,
  MONITORING_PROGRESS,
  type MonitoringCycleView,
  type MonitoringProgress,
  type MonitoringReportView,
  reviewReport,
  saveReport,
  submitReport,
} from './api';

type Commitment = MonitoringCycleView['commitments'][number];

/**
 * /d/:slug/monitoring/cycles/:id — a reporting cycle: per commitment, the form of the user's state (status,
 * narrative, evidence links; save as draft, submit), the reports submitted by the states, and for the
 * secretariat accepting or asking questions and closing the cycle. What is shown follows `abilities`.
 */
export function CyclePage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const id = Number(useParams().id);
  const [version, setVersion] = useState(0);
  const state = useAsync((signal) => getCycle(slug, id, signal), [slug, id, version]);
  const [error, setError] = useState<unknown>(null);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={state.reload} />;
  const c = state.data;
  const changed = () => setVersion((v) => v + 1);
  return (
    <Page
      title={c.title}
      lead={t('monitoring.cycleLead', { declaration: c.declarationTitle, deadline: c.deadline })}
      breadcrumbs={[
        { to: `/d/${slug}/monitoring`, label: t('monitoring.title') },
        { to: `/d/${slug}/monitoring/declarations/${c.declarationId}`, label: c.declarationTitle },
      ]}
      badges={
        <span className="badge" data-testid="cycle-status">
          {t(`monitoring.cycleStatus.${c.status}`)}
        </span>
      }
      actions={
        <>
          <Link to={`/d/${slug}/monitoring/cycles/${c.id}/dashboard`} data-testid="cycle-dashboard-link">
            {t('monitoring.dashboard')}
          </Link>
          {c.abilities.canClose ? (
            <button
              type="button"
              data-testid="cycle-close"
              onClick={() => {
                setError(null);
                closeCycle(slug, c.id).then(changed, setError);
              }}
            >
              {t('monitoring.closeCycle')}
            </button>
          ) : null}
        </>
      }
      testId="cycle-page"
    >
      {error ? <ErrorMessage error={error} /> : null}
      {c.myState && !c.isOpenForReports ? <p className="notice">{t('monitoring.readOnly')}</p> : null}
      {c.commitments.map((k) => (
        <CommitmentSection key={k.id} c={c} k={k} onChange={changed} />
      ))}
    </Page>
  );
}

function CommitmentSection({
  c,
  k,
  onChange,
}: {
  c: MonitoringCycleView;
  k: Commitment;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const reports = c.reports.filter((r) => r.commitmentId === k.id);
  const mine = c.myState ? reports.find((r) => r.state === c.myState) : undefined;
  const others = reports.filter((r) => r !== mine);
  return (
    <Section
      title={`${k.number}${k.area ? ` · ${k.area}` : ''}`}
      testId={`commitment-${k.number.replace(/\s+/g, '-')}`}
    >
      <p className="commitment-text">{k.text}</p>
      {c.abilities.canReport || mine ? <ReportForm c={c} k={k} report={mine} onChange={onChange} /> : null}
      {others.length ? (
        <ul className="reports">
          {others.map((r) => (
            <ReportItem key={r.id} r={r} onChange={onChange} />
          ))}
        </ul>
      ) : null}
      {!c.abilities.canReport && !reports.length ? <p>{t('monitoring.noReports')}</p> : null}
    </Section>
  );
}

function ReportForm({
  c,
  k,
  report,
  onChange,
}: {
  c: MonitoringCycleView;
  k: Commitment;
  report: MonitoringReportView | undefined;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [progress, setProgress] = useState<MonitoringProgress>(report?.progress ?? 'not_started');
  const [narrative, setNarrative] = useState(report?.narrative ?? '');
  const [evidence, setEvidence] = useState((report?.evidence ?? []).join('\n'));
  const [error, setError] = useState<unknown>(null);
  const errorOf = fieldErrorsOf(error);
  const canEdit = report ? report.abilities.canEdit : c.abilities.canReport;
  const run = (p: Promise<unknown>) => {
    setError(null);
    p.then(onChange, setError);
  };
  const links = evidence
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (
    <div className="report-form" data-testid="report-form" data-status={report?.status ?? 'none'}>
      <p>
        <strong>{t('monitoring.myReport', { state: c.myState ?? '' })}</strong>{' '}
        {report ? <span className="badge">{t(`monitoring.reportStatus.${report.status}`)}</span> : null}
      </p>
      {report?.reviewNote ? (
        <p className="notice" data-testid="report-review-note">
          {t('monitoring.reviewNote')}: {report.reviewNote}
        </p>
      ) : null}
      <Field label={t('monitoring.field.progress')} error={errorOf('body.progress')}>
        <Select
          value={progress}
          disabled={!canEdit}
          options={MONITORING_PROGRESS.map((p) => ({ value: p, label: t(`monitoring.progress.${p}`) }))}
          onChange={(v) => setProgress(v as MonitoringProgress) /* one of the options above */}
          data-testid="report-progress"
        />
      </Field>
      <Field label={t('monitoring.field.narrative')} error={errorOf('body.narrative')}>
        <textarea
          rows={3}
          value={narrative}
          disabled={!canEdit}
          onChange={(e) => setNarrative(e.target.value)}
          data-testid="report-narrative"
        />
      </Field>
      <Field
        label={t('monitoring.field.evidence')}
        error={links.map((_, i) => errorOf(`body.evidence[${i}]`)).find(Boolean)}
      >
        <textarea
          rows={2}
          value={evidence}
          disabled={!canEdit}
          onChange={(e) => setEvidence(e.target.value)}
        />
      </Field>
      {error && !fieldErrorsOf(error)('body.progress') ? <ErrorMessage error={error} /> : null}
      {canEdit ? (
        <button
          type="button"
          data-testid="report-save"
          onClick={() =>
            run(
              saveReport(slug, c.id, k.id, {
                progress,
                narrative,
                evidence: links,
                ...(report ? { expectedRevision: report.revision } : {}),
              }),
            )
          }
        >
          {t('monitoring.saveDraft')}
        </button>
      ) : null}{' '}
      {report?.abilities.canSubmit ? (
        <button
          type="button"
          data-testid="report-submit"
          onClick={() => run(submitReport(slug, report.id, report.revision))}
        >
          {t('monitoring.submit')}
        </button>
      ) : null}
    </div>
  );
}

function ReportItem({ r, onChange }: { r: MonitoringReportView; onChange: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const review = (decision: 'accepted' | 'questions') => {
    setError(null);
    reviewReport(slug, r.id, { decision, ...(note ? { note } : {}), expectedRevision: r.revision }).then(
      onChange,
      setError,
    );
  };
  return (
    <li data-testid="report-item" data-state={r.state} data-status={r.status}>
      <strong>{r.state}</strong> · {t(`monitoring.progress.${r.progress}`)} ·{' '}
      {t(`monitoring.reportStatus.${r.status}`)}
      {r.narrative ? ` — ${r.narrative}` : ''}
      {r.evidence.map((l) => (
        <a key={l} href={l} rel="noreferrer noopener" target="_blank">
          {' '}
          {l}
        </a>
      ))}
      {r.abilities.canReview ? (
        <div className="review">
          <Field label={t('monitoring.reviewNote')} error={fieldErrorsOf(error)('body.note')}>
            <input value={note} onChange={(e) => setNote(e.target.value)} data-testid="review-note" />
          </Field>
          <button type="button" data-testid="review-accept" onClick={() => review('accepted')}>
            {t('monitoring.accept')}
          </button>{' '}
          <button type="button" data-testid="review-questions" onClick={() => review('questions')}>
            {t('monitoring.askQuestions')}
          </button>
        </div>
      ) : null}
    </li>
  );
}
