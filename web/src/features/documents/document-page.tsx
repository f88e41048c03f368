import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { type DocumentView, fileUrl, getDocument, uploadVersion } from './api';

/**
 * /d/:slug/documents/:id — one library document: its details, language versions, every version (each can be
 * downloaded with its original name), the start of its extracted text, and the form for a new version when
 * the user may add one.
 */
export function DocumentPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const id = Number(useParams().id);
  const [version, setVersion] = useState(0);
  const state = useAsync((signal) => getDocument(slug, id, signal), [slug, id, version]);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={state.reload} />;
  const d = state.data;
  return (
    <Page
      title={<span lang={d.language}>{d.title}</span>}
      documentTitle={d.title}
      breadcrumbs={[{ to: `/d/${slug}/documents`, label: t('documents.title') }]}
      badges={<span className="badge">{t(`documents.kinds.${d.kind}`)}</span>}
      actions={
        <a className="button" href={fileUrl(slug, d.id)} download data-testid="document-download">
          {t('documents.download')}
        </a>
      }
      testId="document-page"
    >
      <Section title={t('documents.details')}>
        <dl className="details">
          <dt>{t('documents.field.language')}</dt>
          <dd>{d.language}</dd>
          <dt>{t('documents.field.date')}</dt>
          <dd>{d.date ?? '—'}</dd>
          <dt>{t('documents.field.classification')}</dt>
          <dd>{t(`classification.${d.classification}`, d.classification)}</dd>
          <dt>{t('documents.field.organisation')}</dt>
          <dd>{d.organisation}</dd>
          <dt>{t('documents.languageVersions')}</dt>
          <dd>
            {d.languages.length
              ? d.languages.map((l, i) => (
                  <span key={l.id}>
                    {i ? ', ' : ''}
                    <Link to={`/d/${slug}/documents/${l.id}`} lang={l.language}>
                      {l.title} ({l.language})
                    </Link>
                  </span>
                ))
              : '—'}
          </dd>
        </dl>
        <blockquote className="excerpt" lang={d.language} data-testid="document-excerpt">
          {d.excerpt}
        </blockquote>
      </Section>
      <Section title={t('documents.versions')} testId="document-versions">
        <DataTable
          rows={d.revisions}
          rowKey={(r) => r.revision}
          columns={[
            {
              key: 'revision',
              header: t('documents.field.revision'),
              isRowHeader: true,
              cell: (r) => r.revision,
            },
            {
              key: 'file',
              header: t('documents.field.file'),
              cell: (r) => (
                <a href={fileUrl(slug, d.id, r.revision)} download>
                  {r.fileName}
                </a>
              ),
            },
            { key: 'format', header: t('documents.field.format'), cell: (r) => r.format.toUpperCase() },
            { key: 'size', header: t('documents.field.size'), isNumeric: true, cell: (r) => r.byteSize },
            { key: 'by', header: t('documents.field.organisation'), cell: (r) => r.uploadedBy },
            {
              key: 'at',
              header: t('documents.field.uploadedAt'),
              cell: (r) => r.createdAt.slice(0, 16).replace('T', ' '),
            },
            { key: 'note', header: t('documents.field.note'), cell: (r) => r.note || '—' },
          ]}
        />
      </Section>
      {d.canAddVersion ? <VersionForm d={d} onAdded={() => setVersion((v) => v + 1)} /> : null}
    </Page>
  );
}

function VersionForm({ d, onAdded }: { d: DocumentView; onAdded: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const file = data.get('file');
    const note = data.get('note');
    if (!(file instanceof File) || file.size === 0) return;
    setBusy(true);
    setError(null);
    try {
      await uploadVersion(slug, d.id, file, typeof note === 'string' ? note.trim() : '');
      form.reset();
      onAdded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={t('documents.newVersion')} testId="document-new-version">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('documents.field.file')} <input name="file" type="file" required />
        </label>
        <label>
          {t('documents.field.note')} <input name="note" maxLength={500} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('documents.uploading') : t('documents.uploadButton')}
        </button>
        {error ? <ErrorMessage error={error} /> : null}
      </form>
    </Section>
  );
}
