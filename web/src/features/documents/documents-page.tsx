import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import {
  CLASSIFICATIONS,
  DOCUMENT_KINDS,
  type DocumentSummaryView,
  type DocumentUploadQuery,
  fileUrl,
  listDocuments,
  uploadDocument,
} from './api';

/**
 * /d/:slug/documents — the document library: declarations, reports and meeting documents the user may read,
 * with their language versions, and (for the secretariat and analysts) the upload form. The text of every
 * file is extracted on the server for the search.
 */
export function DocumentsPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [version, setVersion] = useState(0);
  const state = useAsync((signal) => listDocuments(slug, signal), [slug, version]);
  // The form stays while the list reloads after an upload (it shows what was uploaded).
  const canUpload = useRef(false);
  if (state.status === 'success') canUpload.current = state.data.canUpload;
  return (
    <Page title={t('documents.title')} lead={t('documents.intro')} testId="documents-page">
      {canUpload.current ? <UploadForm onUploaded={() => setVersion((v) => v + 1)} /> : null}
      <Section title={t('documents.library')} testId="documents-library">
        {state.status === 'loading' ? <Loading /> : null}
        {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
        {state.status === 'success' ? <DocumentTable items={state.data.items} /> : null}
      </Section>
    </Page>
  );
}

function DocumentTable({ items }: { items: readonly DocumentSummaryView[] }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  return (
    <DataTable
      testId="documents-table"
      rows={items}
      rowKey={(d) => d.id}
      empty={t('documents.empty')}
      columns={[
        {
          key: 'title',
          header: t('documents.field.title'),
          isRowHeader: true,
          sortBy: (d) => d.title,
          cell: (d) => <Link to={`/d/${slug}/documents/${d.id}`}>{d.title}</Link>,
        },
        { key: 'kind', header: t('documents.field.kind'), cell: (d) => t(`documents.kinds.${d.kind}`) },
        { key: 'language', header: t('documents.field.language'), cell: (d) => d.language },
        { key: 'date', header: t('documents.field.date'), sortBy: (d) => d.date, cell: (d) => d.date ?? '—' },
        {
          key: 'languages',
          header: t('documents.languageVersions'),
          cell: (d) =>
            d.languages.length
              ? d.languages.map((l, i) => (
                  <span key={l.id}>
                    {i ? ', ' : ''}
                    <Link to={`/d/${slug}/documents/${l.id}`} lang={l.language}>
                      {l.language}
                    </Link>
                  </span>
                ))
              : '—',
        },
        {
          key: 'file',
          header: t('documents.field.file'),
          cell: (d) => (
            <a href={fileUrl(slug, d.id)} download>
              {d.fileName}
            </a>
          ),
        },
        {
          key: 'classification',
          header: t('documents.field.classification'),
          cell: (d) => t(`classification.${d.classification}`, d.classification),
        },
      ]}
    />
  );
}

function UploadForm({ onUploaded }: { onUploaded: () => void }) {
  const { t } = useTranslation();
  const { slug, dialogue } = useDialogue();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const file = data.get('file');
    const text = (k: string) => {
      const v = data.get(k);
      return typeof v === 'string' && v.trim() ? v.trim() : undefined;
    };
    if (!(file instanceof File) || file.size === 0) return;
    const query: Omit<DocumentUploadQuery, 'fileName'> = {
      title: text('title') ?? file.name,
      // The selects only offer these values.
      kind: (text('kind') ?? 'other') as DocumentUploadQuery['kind'],
      language: text('language') ?? 'en',
      // As the kind: the select offers only the classifications.
      classification: (text('classification') ?? 'dialogue') as DocumentUploadQuery['classification'],
      ...(text('date') ? { date: text('date') } : {}),
      ...(text('sharedWith') ? { sharedWith: text('sharedWith') } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      const d = await uploadDocument(slug, file, query);
      setDone(d.title);
      form.reset();
      onUploaded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={t('documents.upload')} testId="documents-upload">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('documents.field.file')} <input name="file" type="file" required data-testid="document-file" />
        </label>
        <label>
          {t('documents.field.title')}{' '}
          <input name="title" required maxLength={300} data-testid="document-title" />
        </label>
        <label>
          {t('documents.field.kind')}{' '}
          <select name="kind" defaultValue="report">
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`documents.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('documents.field.language')}{' '}
          <select name="language" defaultValue={dialogue.workingLanguages[0] ?? 'en'}>
            {['en', 'fr', 'ru', 'de', 'es', 'it', 'tr'].map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('documents.field.date')} <input name="date" type="date" />
        </label>
        <label>
          {t('documents.field.classification')}{' '}
          <select name="classification" defaultValue="dialogue">
            {CLASSIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {t(`classification.${c}`, c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('documents.sharedWith')} <input name="sharedWith" pattern="\d+(,\d+)*" />
        </label>
        <button type="submit" className="button" disabled={busy} data-testid="document-upload-submit">
          {busy ? t('documents.uploading') : t('documents.uploadButton')}
        </button>
        {done ? (
          <p role="status" data-testid="document-uploaded">
            {t('documents.uploaded', { title: done })}
          </p>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
      </form>
    </Section>
  );
}
