import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Field, fieldErrorsOf } from '../../ui/form';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { getDeclaration, getDeclarationProgress, type MonitoringDeclarationView, openCycle } from './api';

/** /d/:slug/monitoring/declarations/:id — a declaration's commitments by thematic area, its cycles, a new cycle. */
export function DeclarationPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const id = Number(useParams().id);
  const state = useAsync((signal) => getDeclaration(slug, id, signal), [slug, id]);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={state.reload} />;
  const d = state.data;
  return (
    <Page
      title={d.title}
      lead={[d.place, d.adoptedOn].filter(Boolean).join(', ')}
      breadcrumbs={[{ to: `/d/${slug}/monitoring`, label: t('monitoring.title') }]}
      testId="declaration-page"
    >
      <Section title={t('monitoring.cycles')} testId="declaration-cycles">
        <DataTable
          rows={d.cycles}
          rowKey={(c) => c.id}
          empty={t('monitoring.noCycles')}
          columns={[
            {
              key: 'title',
              header: t('monitoring.field.title'),
              isRowHeader: true,
              cell: (c) => <Link to={`/d/${slug}/monitoring/cycles/${c.id}`}>{c.title}</Link>,
            },
            { key: 'deadline', header: t('monitoring.field.deadline'), cell: (c) => c.deadline },
            {
              key: 'status',
              header: t('monitoring.field.status'),
              cell: (c) => t(`monitoring.cycleStatus.${c.status}`),
            },
            {
              key: 'dashboard',
              header: t('monitoring.dashboard'),
              cell: (c) => (
                <Link to={`/d/${slug}/monitoring/cycles/${c.id}/dashboard`}>{t('monitoring.dashboard')}</Link>
              ),
            },
          ]}
        />
        {d.abilities.canManage ? <OpenCycle d={d} /> : null}
      </Section>
      <Progress id={d.id} />
      <Section title={t('monitoring.commitments')} testId="declaration-commitments">
        <DataTable
          testId="commitments-table"
          rows={d.commitmentList}
          rowKey={(c) => c.id}
          columns={[
            { key: 'number', header: t('monitoring.field.number'), isRowHeader: true, cell: (c) => c.number },
            { key: 'area', header: t('monitoring.field.area'), cell: (c) => c.area ?? '' },
            { key: 'text', header: t('monitoring.field.segmentText'), cell: (c) => c.text },
            {
              key: 'actions',
              header: t('monitoring.actions'),
              cell: (c) => c.actions.map((a) => `${a.title} (${a.lead || '—'})`).join('; '),
            },
          ]}
        />
      </Section>
    </Page>
  );
}

function OpenCycle({ d }: { d: MonitoringDeclarationView }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState('');
  const [error, setError] = useState<unknown>(null);
  const errorOf = fieldErrorsOf(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const c = await openCycle(slug, d.id, { title, deadline });
      navigate(`/d/${slug}/monitoring/cycles/${c.id}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="form" data-testid="cycle-open">
      <Field label={t('monitoring.field.title')} error={errorOf('body.title')}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="cycle-title" />
      </Field>
      <Field label={t('monitoring.field.deadline')} error={errorOf('body.deadline')}>
        <input
          type="date"
          value={deadline}
          onChange={(e) => setDeadline(e.target.value)}
          data-testid="cycle-deadline"
        />
      </Field>
      <button type="submit" data-testid="cycle-open-submit">
        {t('monitoring.openCycle')}
      </button>
    </form>
  );
}

/** The ministerial view: per cycle, implemented / in progress / not started of the reported cells. */
function Progress({ id }: { id: number }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const state = useAsync((signal) => getDeclarationProgress(slug, id, signal), [slug, id]);
  if (state.status !== 'success') return null;
  return (
    <Section title={t('monitoring.acrossCycles')} testId="declaration-progress">
      <DataTable
        rows={state.data.cycles}
        rowKey={(c) => c.id}
        empty={t('monitoring.noCycles')}
        columns={[
          { key: 'title', header: t('monitoring.field.title'), isRowHeader: true, cell: (c) => c.title },
          {
            key: 'implemented',
            header: t('monitoring.progress.implemented'),
            isNumeric: true,
            cell: (c) => c.implemented,
          },
          {
            key: 'inProgress',
            header: t('monitoring.progress.in_progress'),
            isNumeric: true,
            cell: (c) => c.inProgress,
          },
          {
            key: 'notStarted',
            header: t('monitoring.progress.not_started'),
            isNumeric: true,
            cell: (c) => c.notStarted,
          },
          {
            key: 'reported',
            header: t('monitoring.reported'),
            isNumeric: true,
            cell: (c) => `${c.reported} / ${c.expected}`,
          },
          {
            key: 'percent',
            header: t('monitoring.percentImplemented'),
            isNumeric: true,
            cell: (c) => `${c.percentImplemented} %`,
          },
        ]}
      />
    </Section>
  );
}
