import { type ChangeEvent, type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { currentLanguage, LANGUAGES } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { formatDate } from '../../ui/format';
import { ErrorMessage, Loading } from '../../ui/status';
import { pickTranslation } from '../../ui/translated-text';
import { useAsync } from '../../ui/use-async';
import {
  type DialogueSettings,
  fetchDialogueSettings,
  listSecretariats,
  removeLogo,
  setArchived,
  updateDialogue,
  uploadLogo,
} from './admin-api';
import { readTexts, TextFields } from './text-fields';

const problemText = (error: unknown, fallback: string) =>
  isApiError(error) ? (error.problem.detail ?? fallback) : fallback;

/** `/admin/dialogues/:id`: a dialogue's names, description, languages, secretariat, visibility, logo, archive. */
export function DialogueSettingsPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const settings = useAsync((signal) => fetchDialogueSettings(id, signal), [id]);
  const [current, setCurrent] = useState<DialogueSettings | null>(null);
  const loaded = settings.status === 'success' ? settings.data : null;
  useEffect(() => {
    if (loaded) setCurrent(loaded);
  }, [loaded]);
  const name = current ? pickTranslation(current.name, currentLanguage()).text : '';
  useEffect(() => {
    document.title = `${t('dialogueAdmin.settingsTitle', { name })} · ${t('app.name')}`;
  }, [t, name]);

  return (
    <main id="main" className="page">
      <p>
        <Link to="/admin/dialogues">{t('dialogueAdmin.back')}</Link>
      </p>
      {settings.status === 'loading' ? <Loading /> : null}
      {settings.status === 'error' ? <ErrorMessage error={settings.error} onRetry={settings.reload} /> : null}
      {current ? (
        <>
          <h1>{t('dialogueAdmin.settingsTitle', { name })}</h1>
          <p>
            <Link to={`/admin/dialogues/${current.id}/members`}>{t('dialogueAdmin.membersLink')}</Link>
          </p>
          {current.archivedAt ? (
            <p className="notice" data-testid="archived-notice">
              {t('dialogueAdmin.archivedOn', { date: formatDate(current.archivedAt, currentLanguage()) })}
            </p>
          ) : (
            <>
              <SettingsForm key={current.revision} settings={current} onSaved={setCurrent} />
              <LogoSection settings={current} onSaved={setCurrent} />
            </>
          )}
          <ArchiveSection settings={current} onSaved={setCurrent} />
        </>
      ) : null}
    </main>
  );
}

type SectionProps = { settings: DialogueSettings; onSaved(s: DialogueSettings): void };

function SettingsForm({ settings, onSaved }: SectionProps) {
  const { t } = useTranslation();
  const secretariats = useAsync((signal) => listSecretariats(signal), []);
  const [languages, setLanguages] = useState<string[]>(settings.workingLanguages);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const source = settings.name.source;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setMessage(null);
    try {
      const saved = await updateDialogue(settings.id, {
        expectedRevision: settings.revision,
        name: { source, values: readTexts(form, 'name', languages) },
        description: { source, values: readTexts(form, 'description', languages) },
        workingLanguages: languages,
        secretariatOrgId: Number(form.get('secretariatOrgId')),
        classification: form.get('classification') === 'public' ? 'public' : 'dialogue',
      });
      onSaved(saved);
      setMessage({ ok: true, text: t('dialogueAdmin.saved') });
    } catch (caught) {
      setMessage({ ok: false, text: problemText(caught, t('errors.generic')) });
    }
  }

  const ordered = [source, ...languages.filter((l) => l !== source)];
  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('dialogueAdmin.settingsSection')}</h2>
      {message ? (
        <p className={message.ok ? 'notice' : 'notice notice--error'} role="status">
          {message.text}
        </p>
      ) : null}
      <form className="form" onSubmit={handleSubmit} data-testid="dialogue-settings">
        <fieldset className="field">
          <legend>{t('dialogueAdmin.languages')}</legend>
          {[...new Set([...LANGUAGES, ...settings.workingLanguages])].map((l) => (
            <label key={l} className="field--checkbox">
              <input
                type="checkbox"
                value={l}
                checked={languages.includes(l)}
                disabled={l === source}
                onChange={(e) =>
                  setLanguages((ls) =>
                    e.target.checked ? [...new Set([...ls, l])] : ls.filter((x) => x !== l),
                  )
                }
              />{' '}
              {t(`languages.${l}`, { defaultValue: l })}
            </label>
          ))}
        </fieldset>
        <TextFields
          name="name"
          label="dialogueAdmin.nameIn"
          languages={ordered}
          values={settings.name.values}
          isRequired
        />
        <TextFields
          name="description"
          label="dialogueAdmin.descriptionIn"
          languages={ordered}
          values={settings.description.values}
          isMultiline
        />
        <div className="field">
          <label htmlFor="settings-secretariat">{t('dialogueAdmin.secretariat')}</label>
          <select id="settings-secretariat" name="secretariatOrgId" defaultValue={settings.secretariat.id}>
            {(secretariats.status === 'success' ? secretariats.data : [settings.secretariat]).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="settings-visibility">{t('dialogueAdmin.visibility')}</label>
          <select id="settings-visibility" name="classification" defaultValue={settings.classification}>
            <option value="dialogue">{t('dialogueAdmin.visibilityDialogue')}</option>
            <option value="public">{t('dialogueAdmin.visibilityPublic')}</option>
          </select>
        </div>
        <button type="submit" className="button button--primary">
          {t('dialogueAdmin.save')}
        </button>
      </form>
    </section>
  );
}

function LogoSection({ settings, onSaved }: SectionProps) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const name = pickTranslation(settings.name, currentLanguage()).text;

  async function handleFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setError(null);
    try {
      onSaved(await uploadLogo(settings.id, file));
    } catch (caught) {
      setError(problemText(caught, t('errors.generic')));
    }
    event.target.value = '';
  }
  async function handleRemove() {
    setError(null);
    try {
      onSaved(await removeLogo(settings.id));
    } catch (caught) {
      setError(problemText(caught, t('errors.generic')));
    }
  }

  return (
    <section className="card" aria-labelledby="logo-title">
      <h2 id="logo-title">{t('dialogueAdmin.logoTitle')}</h2>
      <p className="muted">{t('dialogueAdmin.logoIntro')}</p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {settings.logo ? (
        <p>
          <img
            src={settings.logo.url}
            alt={t('dialogueAdmin.logoAlt', { name })}
            width={Math.min(settings.logo.width, 240)}
            data-testid="dialogue-logo"
          />
        </p>
      ) : (
        <p>{t('dialogueAdmin.noLogo')}</p>
      )}
      <div className="field">
        <label htmlFor="logo-file">{t('dialogueAdmin.logoUpload')}</label>
        <input
          id="logo-file"
          type="file"
          accept="image/png,image/jpeg,image/webp"
          onChange={(e) => void handleFile(e)}
        />
      </div>
      {settings.logo ? (
        <button type="button" className="button button--secondary" onClick={() => void handleRemove()}>
          {t('dialogueAdmin.logoRemove')}
        </button>
      ) : null}
    </section>
  );
}

function ArchiveSection({ settings, onSaved }: SectionProps) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const isArchived = settings.archivedAt !== null;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    setError(null);
    try {
      onSaved(
        await setArchived(settings.id, !isArchived, {
          expectedRevision: settings.revision,
          ...(reason ? { reason } : {}),
        }),
      );
    } catch (caught) {
      setError(problemText(caught, t('errors.generic')));
    }
  }

  return (
    <section className="card" aria-labelledby="archive-title">
      <h2 id="archive-title">{t('dialogueAdmin.archiveTitle')}</h2>
      <p className="muted">{t('dialogueAdmin.archiveIntro')}</p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <form className="form" onSubmit={handleSubmit}>
        <div className="field">
          <label htmlFor="archive-reason">{t('dialogueAdmin.archiveReason')}</label>
          <input id="archive-reason" name="reason" maxLength={1000} />
        </div>
        <button type="submit" className="button button--secondary">
          {isArchived ? t('dialogueAdmin.unarchive') : t('dialogueAdmin.archive')}
        </button>
      </form>
    </section>
  );
}
