/**
 * The contact directory of a dialogue (/d/:slug/contacts): contact points per state and topic and liaison
 * officers, filtered by state, topic and staleness, with stale marks, the add/edit form (shown to those the
 * server says may edit: every state for the secretariat, their own for a state), removal and the vCard/CSV
 * exports. The rules are the server's (abilities in the answer); the page only shows or hides actions.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Field, optionsOf, Select } from '../../ui/form';
import { formatDate } from '../../ui/format';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import {
  type ContactFilter,
  type ContactView,
  createContact,
  csvUrl,
  listContacts,
  oneVcardUrl,
  removeContact,
  runConfirmations,
  updateContact,
  vcardUrl,
} from './api';

const TOPICS = [
  'national_contact_point',
  'statistics',
  'document_security',
  'return_readmission',
  'trafficking_smuggling',
  'asylum',
  'secretariat',
  'liaison_officer',
] as const;

const codes = (v: FormDataEntryValue | null) =>
  String(v ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function ContactForm({
  slug,
  editing,
  states,
  onDone,
}: {
  slug: string;
  editing: ContactView | null;
  states: string[];
  onDone(): void;
}) {
  const { t } = useTranslation();
  const topicOptions = TOPICS.map((k) => ({ value: k, label: t(`contacts.topics.${k}`) }));
  const [topic, setTopic] = useState<string>(editing?.topic ?? 'national_contact_point');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const isLiaison = topic === 'liaison_officer';
    const body = {
      topic: topic as ContactView['topic'],
      country: topic === 'secretariat' ? null : String(f.get('country') ?? ''),
      postedIn: isLiaison ? String(f.get('postedIn') ?? '') : null,
      covers: isLiaison ? codes(f.get('covers')) : [],
      name: String(f.get('name') ?? ''),
      function: String(f.get('function') ?? ''),
      organisation: String(f.get('organisation') ?? ''),
      languages: codes(f.get('languages')),
      email: String(f.get('email') ?? ''),
      phone: String(f.get('phone') ?? '') || null,
    };
    try {
      if (editing) await updateContact(slug, editing.id, { ...body, expectedRevision: editing.revision });
      else await createContact(slug, body);
      setError(null);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  const fieldErrors = isApiError(error) ? (error.problem.errors ?? []) : [];
  return (
    <form className="form" onSubmit={submit} data-testid="contact-form">
      <Field label={t('contacts.topic')}>
        <Select name="topic" value={topic} options={topicOptions} onChange={setTopic} />
      </Field>
      {topic !== 'secretariat' ? (
        <label>
          {t('contacts.country')}
          <input
            name="country"
            list="contact-states"
            defaultValue={editing?.country ?? states[0] ?? ''}
            required
          />
          <datalist id="contact-states">
            {states.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
      ) : null}
      {topic === 'liaison_officer' ? (
        <>
          <Field label={t('contacts.postedIn')}>
            <input name="postedIn" defaultValue={editing?.postedIn ?? ''} required />
          </Field>
          <Field label={t('contacts.covers')}>
            <input name="covers" defaultValue={editing?.covers.join(' ') ?? ''} />
          </Field>
        </>
      ) : null}
      <Field label={t('contacts.name')}>
        <input name="name" defaultValue={editing?.name ?? ''} required />
      </Field>
      <Field label={t('contacts.function')}>
        <input name="function" defaultValue={editing?.function ?? ''} />
      </Field>
      <Field label={t('contacts.organisation')}>
        <input name="organisation" defaultValue={editing?.organisation ?? ''} />
      </Field>
      <Field label={t('contacts.languages')}>
        <input name="languages" defaultValue={editing?.languages.join(' ') ?? ''} />
      </Field>
      <Field label={t('contacts.email')}>
        <input name="email" type="email" defaultValue={editing?.email ?? ''} required />
      </Field>
      <Field label={t('contacts.phone')}>
        <input name="phone" type="tel" defaultValue={editing?.phone ?? ''} />
      </Field>
      {error ? <ErrorMessage error={error} /> : null}
      {fieldErrors.length ? (
        <ul className="form-errors">
          {fieldErrors.map((fe) => (
            <li key={fe.field}>
              {fe.field}: {fe.message}
            </li>
          ))}
        </ul>
      ) : null}
      <button type="submit" className="button" data-testid="contact-save">
        {t('contacts.save')}
      </button>
    </form>
  );
}

export function ContactsPage() {
  const { t } = useTranslation();
  const topicOptions = TOPICS.map((k) => ({ value: k, label: t(`contacts.topics.${k}`) }));
  const { slug, dialogue } = useDialogue();
  const [filter, setFilter] = useState<ContactFilter>({});
  const [editing, setEditing] = useState<ContactView | null | 'new'>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const state = useAsync((signal) => listContacts(slug, filter, signal), [slug, filter]);
  const states = dialogue.memberStates.map((s) => s.iso3);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={state.reload} />;
  const { contacts, abilities, settings } = state.data;
  const officers = contacts.filter((c) => c.topic === 'liaison_officer');
  const points = contacts.filter((c) => c.topic !== 'liaison_officer');
  const done = () => {
    setEditing(null);
    state.reload();
  };
  const remove = async (c: ContactView) => {
    if (!window.confirm(t('contacts.removeConfirm', { name: c.name }))) return;
    await removeContact(slug, c.id);
    state.reload();
  };
  const run = async () => {
    const r = await runConfirmations(slug);
    setNotice(t('contacts.requestsSent', { sent: r.sent, failed: r.failed }));
  };
  const actions = (c: ContactView) => (
    <span className="row-actions">
      <a href={oneVcardUrl(slug, c.id)} download>
        vCard
      </a>
      {c.abilities.update ? (
        <button type="button" className="button button--link" onClick={() => setEditing(c)}>
          {t('contacts.edit')}
        </button>
      ) : null}
      {c.abilities.remove ? (
        <button type="button" className="button button--link" onClick={() => void remove(c)}>
          {t('contacts.remove')}
        </button>
      ) : null}
    </span>
  );
  const stale = (c: ContactView) =>
    c.isStale ? (
      <span className="badge badge--warning" data-testid="stale-mark">
        {t('contacts.stale')}
      </span>
    ) : (
      formatDate(c.lastConfirmedAt, currentLanguage())
    );
  const common = [
    {
      key: 'name',
      header: t('contacts.name'),
      cell: (c: ContactView) => c.name,
      isRowHeader: true,
      sortBy: (c: ContactView) => c.name,
    },
    { key: 'function', header: t('contacts.function'), cell: (c: ContactView) => c.function },
    { key: 'organisation', header: t('contacts.organisation'), cell: (c: ContactView) => c.organisation },
    { key: 'languages', header: t('contacts.languages'), cell: (c: ContactView) => c.languages.join(', ') },
    {
      key: 'email',
      header: t('contacts.email'),
      cell: (c: ContactView) => <a href={`mailto:${c.email}`}>{c.email}</a>,
    },
    { key: 'phone', header: t('contacts.phone'), cell: (c: ContactView) => c.phone ?? '' },
    { key: 'confirmed', header: t('contacts.lastConfirmed'), cell: stale },
    { key: 'actions', header: '', cell: actions },
  ];
  return (
    <Page
      title={t('contacts.title')}
      lead={t('contacts.lead', { every: settings.confirmEveryDays, grace: settings.graceDays })}
      testId="contacts-page"
      actions={
        <>
          <a
            className="button button--secondary"
            href={vcardUrl(slug, filter)}
            download
            data-testid="export-vcard"
          >
            {t('contacts.exportVcard')}
          </a>
          <a
            className="button button--secondary"
            href={csvUrl(slug, filter)}
            download
            data-testid="export-csv"
          >
            {t('contacts.exportCsv')}
          </a>
          {abilities.create ? (
            <button
              type="button"
              className="button"
              onClick={() => setEditing('new')}
              data-testid="add-contact"
            >
              {t('contacts.add')}
            </button>
          ) : null}
          {abilities.manage ? (
            <button type="button" className="button button--secondary" onClick={() => void run()}>
              {t('contacts.sendRequests')}
            </button>
          ) : null}
        </>
      }
    >
      {notice ? <p role="status">{notice}</p> : null}
      {editing ? (
        <Section title={editing === 'new' ? t('contacts.add') : t('contacts.edit')}>
          <ContactForm
            slug={slug}
            editing={editing === 'new' ? null : editing}
            states={abilities.createFor ?? states}
            onDone={done}
          />
        </Section>
      ) : null}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label={t('contacts.country')}>
          <Select
            value={filter.country ?? ''}
            empty={t('contacts.all')}
            options={optionsOf(states)}
            onChange={(v) => setFilter({ ...filter, country: v || undefined })}
          />
        </Field>
        <Field label={t('contacts.topic')}>
          <Select
            value={filter.topic ?? ''}
            empty={t('contacts.all')}
            options={topicOptions}
            onChange={(v) => setFilter({ ...filter, topic: v || undefined })}
          />
        </Field>
        <label>
          <input
            type="checkbox"
            checked={filter.stale === 'true'}
            onChange={(e) => setFilter({ ...filter, stale: e.target.checked ? 'true' : undefined })}
          />
          {t('contacts.staleOnly')}
        </label>
      </form>
      <Section title={t('contacts.directory')}>
        <DataTable
          testId="contacts-table"
          rows={points}
          rowKey={(c) => c.id}
          empty={t('contacts.empty')}
          rowProps={(c) => ({ 'data-stale': String(c.isStale) })}
          columns={[
            {
              key: 'country',
              header: t('contacts.country'),
              cell: (c) => c.country ?? '—',
              sortBy: (c) => c.country,
            },
            { key: 'topic', header: t('contacts.topic'), cell: (c) => t(`contacts.topics.${c.topic}`) },
            ...common,
          ]}
        />
      </Section>
      <Section title={t('contacts.officers')}>
        <DataTable
          testId="officers-table"
          rows={officers}
          rowKey={(c) => c.id}
          empty={t('contacts.empty')}
          columns={[
            { key: 'country', header: t('contacts.sendingState'), cell: (c) => c.country ?? '' },
            { key: 'postedIn', header: t('contacts.postedIn'), cell: (c) => c.postedIn ?? '' },
            { key: 'covers', header: t('contacts.covers'), cell: (c) => c.covers.join(', ') },
            ...common,
          ]}
        />
      </Section>
    </Page>
  );
}
