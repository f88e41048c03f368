import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { currentLanguage, LANGUAGES } from '../../app/i18n/i18n';
import { useAuthenticatedSession } from '../../app/session';
import { isApiError } from '../../ui/api-client';
import { formatDate } from '../../ui/format';
import { ErrorMessage, Loading } from '../../ui/status';
import { TranslatedText } from '../../ui/translated-text';
import { useAsync } from '../../ui/use-async';
import {
  createDialogue,
  type DialogueAdminSummary,
  listAdministeredDialogues,
  listSecretariats,
} from './admin-api';
import { readTexts, TextFields } from './text-fields';

const problemText = (error: unknown, fallback: string) =>
  isApiError(error) ? (error.problem.detail ?? fallback) : fallback;

/**
 * `/admin/dialogues`: the dialogues one administers (every dialogue for an installation administrator), archived
 * ones on request, and the form to create a dialogue (installation administrators).
 */
export function DialoguesAdminPage() {
  const { t } = useTranslation();
  const session = useAuthenticatedSession();
  const list = useAsync((signal) => listAdministeredDialogues(signal), []);
  const [showArchived, setShowArchived] = useState(false);
  useEffect(() => {
    document.title = `${t('dialogueAdmin.title')} · ${t('app.name')}`;
  }, [t]);
  const shown =
    list.status === 'success' ? list.data.filter((d) => showArchived || d.archivedAt === null) : [];

  return (
    <main id="main" className="page">
      <h1>{t('dialogueAdmin.title')}</h1>
      <section className="card" aria-labelledby="dialogues-title">
        <h2 id="dialogues-title">{t('dialogueAdmin.listTitle')}</h2>
        <label className="field--checkbox">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />{' '}
          {t('dialogueAdmin.showArchived')}
        </label>
        {list.status === 'loading' ? <Loading /> : null}
        {list.status === 'error' ? <ErrorMessage error={list.error} onRetry={list.reload} /> : null}
        {list.status === 'success' && shown.length === 0 ? <p>{t('dialogueAdmin.none')}</p> : null}
        {shown.length > 0 ? <DialogueTable dialogues={shown} /> : null}
      </section>
      {session.user.isPlatformAdmin ? <CreateDialogueForm onCreated={list.reload} /> : null}
    </main>
  );
}

function DialogueTable({ dialogues }: { dialogues: readonly DialogueAdminSummary[] }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  return (
    <table className="table" data-testid="admin-dialogues">
      <thead>
        <tr>
          <th scope="col">{t('dialogueAdmin.name')}</th>
          <th scope="col">{t('dialogueAdmin.slug')}</th>
          <th scope="col">{t('dialogueAdmin.secretariat')}</th>
          <th scope="col">{t('dialogueAdmin.members')}</th>
          <th scope="col">{t('dialogueAdmin.status')}</th>
          <th scope="col">{t('dialogueAdmin.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {dialogues.map((d) => (
          <tr key={d.id} data-slug={d.slug}>
            <td>
              <TranslatedText value={d.name} />
            </td>
            <td>
              <Link to={`/d/${d.slug}`}>{d.slug}</Link>
            </td>
            <td>{d.secretariat.acronym ?? d.secretariat.name}</td>
            <td>{t('dialogueAdmin.memberCounts', { states: d.memberStates, observers: d.observers })}</td>
            <td>
              {d.archivedAt
                ? t('dialogueAdmin.archivedOn', { date: formatDate(d.archivedAt, lng) })
                : t(`classification.${d.classification}`)}
            </td>
            <td>
              {d.myRoles.includes('admin') ? (
                <span className="button-row">
                  <Link className="button button--small" to={`/admin/dialogues/${d.id}`}>
                    {t('dialogueAdmin.settings')}
                  </Link>
                  <Link className="button button--small" to={`/admin/dialogues/${d.id}/members`}>
                    {t('dialogueAdmin.membersLink')}
                  </Link>
                </span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CreateDialogueForm({ onCreated }: { onCreated(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const secretariats = useAsync((signal) => listSecretariats(signal), []);
  const [languages, setLanguages] = useState<string[]>(['en']);
  const [error, setError] = useState<string | null>(null);

  function toggle(language: string, isOn: boolean) {
    setLanguages((ls) => (isOn ? [...new Set([...ls, language])] : ls.filter((l) => l !== language)));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const source = languages[0] ?? 'en';
    const description = readTexts(form, 'description', languages);
    setError(null);
    try {
      const created = await createDialogue({
        slug: String(form.get('slug') ?? '').trim(),
        name: { source, values: readTexts(form, 'name', languages) },
        ...(Object.keys(description).length ? { description: { source, values: description } } : {}),
        workingLanguages: languages,
        secretariatOrgId: Number(form.get('secretariatOrgId')),
        classification: form.get('classification') === 'public' ? 'public' : 'dialogue',
        withStandardIndicators: form.get('withStandardIndicators') === 'on',
      });
      onCreated();
      navigate(`/admin/dialogues/${created.id}/members`);
    } catch (caught) {
      setError(problemText(caught, t('errors.generic')));
    }
  }

  return (
    <section className="card" aria-labelledby="create-dialogue-title">
      <h2 id="create-dialogue-title">{t('dialogueAdmin.createTitle')}</h2>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <form className="form" onSubmit={handleSubmit} data-testid="create-dialogue">
        <div className="field">
          <label htmlFor="dialogue-slug">{t('dialogueAdmin.slugHint')}</label>
          <input id="dialogue-slug" name="slug" pattern="[a-z0-9][a-z0-9\-]*[a-z0-9]" required />
        </div>
        <fieldset className="field">
          <legend>{t('dialogueAdmin.languages')}</legend>
          {LANGUAGES.map((l) => (
            <label key={l} className="field--checkbox">
              <input
                type="checkbox"
                name="languages"
                value={l}
                checked={languages.includes(l)}
                onChange={(e) => toggle(l, e.target.checked)}
              />{' '}
              {t(`languages.${l}`)}
            </label>
          ))}
        </fieldset>
        <TextFields name="name" label="dialogueAdmin.nameIn" languages={languages} isRequired />
        <TextFields
          name="description"
          label="dialogueAdmin.descriptionIn"
          languages={languages}
          isMultiline
        />
        <div className="field">
          <label htmlFor="dialogue-secretariat">{t('dialogueAdmin.secretariat')}</label>
          <select id="dialogue-secretariat" name="secretariatOrgId" required>
            {secretariats.status === 'success'
              ? secretariats.data.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))
              : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dialogue-visibility">{t('dialogueAdmin.visibility')}</label>
          <select id="dialogue-visibility" name="classification" defaultValue="dialogue">
            <option value="dialogue">{t('dialogueAdmin.visibilityDialogue')}</option>
            <option value="public">{t('dialogueAdmin.visibilityPublic')}</option>
          </select>
        </div>
        <label className="field--checkbox">
          <input type="checkbox" name="withStandardIndicators" defaultChecked />{' '}
          {t('dialogueAdmin.withIndicators')}
        </label>
        <button type="submit" className="button button--primary">
          {t('dialogueAdmin.create')}
        </button>
      </form>
    </section>
  );
}
