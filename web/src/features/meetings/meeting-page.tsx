import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Field, fieldErrorsOf, Select } from '../../ui/form';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import {
  addAction,
  completeAction,
  getMeeting,
  listOrganisations,
  type MeetingView,
  updateMinutes,
} from './api';

/** /d/:slug/meetings/:id — one meeting: agenda, delegations, minutes, follow-up actions. */
export function MeetingPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const id = Number(useParams().id);
  const [version, setVersion] = useState(0);
  const state = useAsync((signal) => getMeeting(slug, id, signal), [slug, id, version]);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={state.reload} />;
  const m = state.data;
  const changed = () => setVersion((v) => v + 1);
  return (
    <Page
      title={m.title}
      lead={`${t(`meetings.kinds.${m.kind}`)} · ${m.startsOn === m.endsOn ? m.startsOn : `${m.startsOn} – ${m.endsOn}`}${m.place ? ` · ${m.place}` : ''}`}
      breadcrumbs={[{ to: `/d/${slug}/meetings`, label: t('meetings.title') }]}
      testId="meeting-page"
    >
      <Section title={t('meetings.field.agenda')}>
        {m.agenda.length ? (
          <ol>
            {m.agenda.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ol>
        ) : (
          <p>{t('meetings.noAgenda')}</p>
        )}
      </Section>
      <Section title={t('meetings.participants')}>
        <p>
          {m.participants.length
            ? m.participants.map((p) => p.name).join(', ')
            : t('meetings.noParticipants')}
        </p>
      </Section>
      <Minutes m={m} onChange={changed} />
      <Section title={t('meetings.actions')} testId="meeting-actions">
        <DataTable
          rows={m.actions}
          rowKey={(a) => a.id}
          empty={t('meetings.noActions')}
          columns={[
            { key: 'title', header: t('meetings.field.action'), isRowHeader: true, cell: (a) => a.title },
            { key: 'owner', header: t('meetings.field.owner'), cell: (a) => a.owner.name },
            { key: 'due', header: t('meetings.field.dueOn'), cell: (a) => a.dueOn },
            {
              key: 'status',
              header: t('meetings.field.status'),
              cell: (a) =>
                a.canComplete ? (
                  <button type="button" onClick={() => void completeAction(slug, m.id, a.id).then(changed)}>
                    {t('meetings.markDone')}
                  </button>
                ) : (
                  t(`meetings.actionStatus.${a.status}`)
                ),
            },
          ]}
        />
        {m.abilities.canEdit ? <AddAction m={m} onChange={changed} /> : null}
      </Section>
    </Page>
  );
}

function Minutes({ m, onChange }: { m: MeetingView; onChange: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [minutes, setMinutes] = useState(m.minutes);
  const [error, setError] = useState<unknown>(null);
  return (
    <Section title={t('meetings.minutes')}>
      {m.abilities.canEdit ? (
        <>
          <Field label={t('meetings.minutes')}>
            <textarea rows={5} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          </Field>
          {error ? <ErrorMessage error={error} /> : null}
          <button
            type="button"
            onClick={() => void updateMinutes(slug, m.id, minutes, m.revision).then(onChange, setError)}
          >
            {t('meetings.saveMinutes')}
          </button>
        </>
      ) : (
        <p className="minutes">{m.minutes || t('meetings.noMinutes')}</p>
      )}
    </Section>
  );
}

function AddAction({ m, onChange }: { m: MeetingView; onChange: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const orgs = useAsync((signal) => listOrganisations(slug, signal), [slug]);
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [error, setError] = useState<unknown>(null);
  const errorOf = fieldErrorsOf(error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    addAction(slug, m.id, { title, ownerOrgId: Number(owner), dueOn }).then(onChange, setError);
  };
  return (
    <form className="form" onSubmit={submit}>
      <Field label={t('meetings.field.action')} error={errorOf('body.title')}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label={t('meetings.field.owner')} error={errorOf('body.ownerOrgId')}>
        <Select
          value={owner}
          empty="—"
          options={
            orgs.status === 'success' ? orgs.data.map((o) => ({ value: String(o.id), label: o.name })) : []
          }
          onChange={setOwner}
        />
      </Field>
      <Field label={t('meetings.field.dueOn')} error={errorOf('body.dueOn')}>
        <input type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
      </Field>
      <button type="submit">{t('meetings.addAction')}</button>
    </form>
  );
}
