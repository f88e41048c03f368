import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Field, fieldErrorsOf } from '../../ui/form';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { type ConsultationSummaryView, createConsultation, listConsultations } from './api';

/**
 * /d/:slug/consultations — draft consultations: the list (open ones for every member, drafts for the
 * secretariat) and, for the secretariat, the form that publishes a draft text for comments (title, text,
 * deadline, whether delegations see each other's comments). Passage splits the text; the consultation page
 * shows the split to correct before opening.
 */
export function ConsultationsPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const state = useAsync((signal) => listConsultations(slug, signal), [slug]);
  return (
    <Page title={t('consultations.title')} lead={t('consultations.intro')} testId="consultations-page">
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' && state.data.abilities.canCreate ? <CreateForm /> : null}
      {state.status === 'success' ? (
        <Section title={t('consultations.list')} testId="consultations-list">
          <ConsultationTable items={state.data.items} />
        </Section>
      ) : null}
    </Page>
  );
}

function ConsultationTable({ items }: { items: readonly ConsultationSummaryView[] }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  return (
    <DataTable
      testId="consultations-table"
      rows={items}
      rowKey={(c) => c.id}
      empty={t('consultations.empty')}
      columns={[
        {
          key: 'title',
          header: t('consultations.field.title'),
          isRowHeader: true,
          sortBy: (c) => c.title,
          cell: (c) => <Link to={`/d/${slug}/consultations/${c.id}`}>{c.title}</Link>,
        },
        {
          key: 'status',
          header: t('consultations.status'),
          cell: (c) =>
            c.status === 'draft'
              ? t('consultations.draft')
              : c.isOpenForComments
                ? t('consultations.open')
                : t('consultations.closed'),
        },
        {
          key: 'deadline',
          header: t('consultations.field.deadline'),
          sortBy: (c) => c.deadline,
          cell: (c) => c.deadline,
        },
        {
          key: 'version',
          header: t('consultations.versionColumn'),
          cell: (c) => String(c.currentVersion),
        },
      ]}
    />
  );
}

function CreateForm() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errorOf = fieldErrorsOf(error);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (k: string) => {
      const v = data.get(k);
      return typeof v === 'string' ? v : '';
    };
    setBusy(true);
    setError(null);
    try {
      const c = await createConsultation(slug, {
        title: text('title'),
        text: text('text'),
        deadline: text('deadline'),
        commentsVisible: data.get('commentsVisible') === 'on',
      });
      navigate(`/d/${slug}/consultations/${c.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={t('consultations.create')} testId="consultation-create">
      <form className="form" onSubmit={(e) => void submit(e)} data-testid="consultation-create-form">
        <Field label={t('consultations.field.title')} error={errorOf('body.title')}>
          <input name="title" required maxLength={300} />
        </Field>
        <Field label={t('consultations.field.text')} error={errorOf('body.text')}>
          <textarea name="text" required rows={12} />
        </Field>
        <Field label={t('consultations.field.deadline')} error={errorOf('body.deadline')}>
          <input name="deadline" type="date" required />
        </Field>
        <label>
          <input name="commentsVisible" type="checkbox" /> {t('consultations.field.commentsVisible')}
        </label>
        <button type="submit" disabled={busy}>
          {t('consultations.createSubmit')}
        </button>
        {error && !fieldErrorsOf(error)('body.title') ? <ErrorMessage error={error} /> : null}
      </form>
    </Section>
  );
}
