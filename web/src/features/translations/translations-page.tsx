import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, languageDirection } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { RequireAbility, useDialogue } from '../../ui/dialogue-context';
import { formatLanguageName } from '../../ui/format';
import { Page } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { fetchTranslations, saveTranslation, type TranslationItem, type TranslationsView } from './api';

/** /d/:slug/translations: the secretariat translates names and descriptions, one text at a time. */
export function TranslationsPage() {
  const { t } = useTranslation();
  return (
    <Page className="translations-page" title={t('translations.title')} lead={t('translations.intro')}>
      <RequireAbility ability="canTranslate" denied={t('translations.noAccess')}>
        <TranslationsDesk />
      </RequireAbility>
    </Page>
  );
}

/** Only rendered for the secretariat, so nobody else sends a request that would be refused. */
function TranslationsDesk() {
  const { slug, reload: reloadDialogue } = useDialogue();
  const table = useAsync((signal) => fetchTranslations(slug, signal), [slug]);
  if (table.status === 'loading') return <Loading />;
  if (table.status === 'error') return <ErrorMessage error={table.error} onRetry={table.reload} />;
  // Names and descriptions are shown on every page of the dialogue: a saved one refreshes it.
  return (
    <TranslationsEditor slug={slug} initial={table.data} onReload={table.reload} onSaved={reloadDialogue} />
  );
}

function TranslationsEditor({
  slug,
  initial,
  onReload,
  onSaved,
}: {
  slug: string;
  initial: TranslationsView;
  onReload: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const [items, setItems] = useState(initial.items);
  const [language, setLanguage] = useState(initial.languages.find((l) => l !== 'en') ?? 'en');
  const [onlyTodo, setOnlyTodo] = useState(false);
  const ids = { language: useId(), todo: useId() };

  const coverage = useMemo(() => {
    let total = 0;
    let translated = 0;
    let outdated = 0;
    for (const item of items) {
      if (!item.cells[item.sourceLanguage]?.text) continue;
      total++;
      const cell = item.cells[language];
      if (cell?.text) translated++;
      if (cell?.text && cell.isOutdated) outdated++;
    }
    return { total, translated, outdated };
  }, [items, language]);

  // In the source language the originals themselves are edited; elsewhere, texts that have an original.
  const shown = items.filter((item) => {
    if (item.sourceLanguage === language) return !onlyTodo;
    if (!item.cells[item.sourceLanguage]?.text) return false;
    const cell = item.cells[language];
    return !onlyTodo || !cell?.text || cell.isOutdated;
  });

  const replace = (updated: TranslationItem) => {
    setItems((all) =>
      all.map((i) =>
        i.entity === updated.entity && i.id === updated.id && i.field === updated.field ? updated : i,
      ),
    );
    onSaved();
  };

  return (
    <>
      <section className="panel" aria-labelledby="translations-coverage">
        <h2 id="translations-coverage" className="visually-hidden">
          {t('translations.title')}
        </h2>
        <div className="toolbar">
          <div className="field">
            <label htmlFor={ids.language}>{t('translations.language')}</label>
            <select
              id={ids.language}
              value={language}
              onChange={(e) => setLanguage(e.target.value)}
              data-testid="translation-language"
            >
              {initial.languages.map((l) => (
                <option key={l} value={l}>
                  {formatLanguageName(l, lng)}
                </option>
              ))}
            </select>
          </div>
          <div className="field field--checkbox">
            <input
              id={ids.todo}
              type="checkbox"
              checked={onlyTodo}
              onChange={(e) => setOnlyTodo(e.target.checked)}
            />
            <label htmlFor={ids.todo}>{t('translations.onlyTodo')}</label>
          </div>
        </div>
        <p data-testid="translation-coverage">
          {t('translations.coverage', { translated: coverage.translated, total: coverage.total })}
          {coverage.outdated > 0 ? ` · ${t('translations.outdated', { count: coverage.outdated })}` : ''}
        </p>
      </section>
      <section className="panel">
        {shown.length === 0 ? (
          <p className="muted">{t('translations.nothingToDo')}</p>
        ) : (
          // An editing table (one form per row), not a DataTable: each row keeps its own draft.
          <div className="table-scroll">
            <table className="table translations-table" data-testid="translations">
              <thead>
                <tr>
                  <th scope="col">{t('translations.what')}</th>
                  <th scope="col">{t('translations.original')}</th>
                  <th scope="col">{t('translations.translation')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((item) => (
                  <TranslationRow
                    key={`${item.entity}-${item.id}-${item.field}-${language}`}
                    slug={slug}
                    item={item}
                    language={language}
                    onSaved={replace}
                    onReload={onReload}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function TranslationRow({
  slug,
  item,
  language,
  onSaved,
  onReload,
}: {
  slug: string;
  item: TranslationItem;
  language: string;
  onSaved: (item: TranslationItem) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const cell = item.cells[language] ?? { text: null, revision: 0, editedAt: null, isOutdated: false };
  const original = item.cells[item.sourceLanguage]?.text ?? '';
  const [draft, setDraft] = useState(cell.text ?? '');
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'conflict'>('idle');
  const [error, setError] = useState<unknown>(null);
  const inputId = useId();
  const what = `${t(`translations.entity.${item.entity}`)} ${item.code}`;
  const isOriginal = item.sourceLanguage === language;

  async function handleSave() {
    setState('saving');
    setError(null);
    try {
      const saved = await saveTranslation(slug, {
        entity: item.entity,
        id: item.id,
        field: item.field,
        language,
        text: draft,
        baseRevision: cell.revision,
      });
      onSaved(saved);
      setState('saved');
    } catch (e) {
      setState(isApiError(e, 409) ? 'conflict' : 'idle');
      if (!isApiError(e, 409)) setError(e);
    }
  }

  const Input = item.field === 'description' ? 'textarea' : 'input';
  return (
    <tr data-testid="translation-row" data-entity={item.entity} data-code={item.code} data-field={item.field}>
      <th scope="row">
        {what} · {t(`translations.field.${item.field}`)}
      </th>
      <td lang={item.sourceLanguage} dir={languageDirection(item.sourceLanguage)}>
        {original}
      </td>
      <td>
        <label htmlFor={inputId} className="visually-hidden">
          {t('translations.textLabel', {
            field: t(`translations.field.${item.field}`),
            code: item.code,
            language: formatLanguageName(language, lng),
          })}
        </label>
        <Input
          id={inputId}
          className="translation-input"
          lang={language}
          dir={languageDirection(language)}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            if (state === 'saved') setState('idle');
          }}
        />
        <div className="translation-status">
          {isOriginal ? <span className="muted small">{t('translations.isOriginal')}</span> : null}
          {!isOriginal && !cell.text ? <span className="badge">{t('translations.missing')}</span> : null}
          {cell.isOutdated ? (
            <span className="badge badge--warning">{t('translations.isOutdated')}</span>
          ) : null}
          {cell.revision > 0 ? (
            <span className="muted small">{t('translations.revision', { revision: cell.revision })}</span>
          ) : null}
          <button
            type="button"
            className="button button--secondary"
            disabled={state === 'saving' || draft === (cell.text ?? '')}
            onClick={() => void handleSave()}
          >
            {state === 'saving' ? t('translations.saving') : t('translations.save')}
          </button>
          {state === 'saved' ? (
            <span role="status" className="muted small">
              {t('translations.saved')}
            </span>
          ) : null}
        </div>
        {state === 'conflict' ? (
          <div className="notice notice--error" role="alert">
            <p>{t('translations.conflict')}</p>
            <button type="button" className="button button--secondary" onClick={onReload}>
              {t('translations.reload')}
            </button>
          </div>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
      </td>
    </tr>
  );
}
