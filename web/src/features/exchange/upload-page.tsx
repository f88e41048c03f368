import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { pickTranslated } from '../../ui/format';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { type DialogueHome, fetchDialogueHome } from '../dialogues/api';
import { type ImportError, importErrorsOf, templatePath, uploadFile } from './api';
import { useReporterChoice } from './data-page';

/** /d/:slug/data/upload: send a CSV or XLSX file; a rejected file lists every problem and saves nothing. */
export function UploadPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const home = useAsync((signal) => fetchDialogueHome(slug, signal), [slug]);

  useEffect(() => {
    document.title = `${t('exchange.upload.title')} · ${t('app.name')}`;
  }, [t]);

  if (home.status === 'loading') {
    return (
      <main id="main" className="page">
        <Loading />
      </main>
    );
  }
  if (home.status === 'error') {
    return (
      <main id="main" className="page">
        <ErrorMessage error={home.error} onRetry={home.reload} />
      </main>
    );
  }
  return <UploadForm slug={slug} dialogue={home.data} />;
}

function UploadForm({ slug, dialogue }: { slug: string; dialogue: DialogueHome }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const { reporter, setReporter, isManager, canSend } = useReporterChoice(dialogue);
  const [file, setFile] = useState<File | null>(null);
  const [isUploading, setUploading] = useState(false);
  const [rejected, setRejected] = useState<{ fileName: string; errors: ImportError[] } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const rejectedRef = useRef<HTMLDivElement>(null);
  const fileId = useId();
  const reporterId = useId();
  const hintId = useId();

  const preset = searchParams.get('reporter');
  useEffect(() => {
    if (isManager && preset) setReporter(preset);
  }, [isManager, preset, setReporter]);

  useEffect(() => {
    if (rejected) rejectedRef.current?.focus();
  }, [rejected]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return;
    setUploading(true);
    setRejected(null);
    setFailure(null);
    try {
      const result = await uploadFile(slug, file, isManager ? reporter : undefined);
      navigate(`/d/${slug}/data/submissions/${result.submissionId}`);
    } catch (error) {
      const errors = importErrorsOf(error);
      if (isApiError(error, 400) && errors.length > 0) setRejected({ fileName: file.name, errors });
      else setFailure(error);
      setUploading(false);
    }
  }

  return (
    <main id="main" className="page upload-page">
      <p>
        <Link to={`/d/${slug}/data`}>{t('exchange.backToData')}</Link>
      </p>
      <header className="page-header">
        <h1>{t('exchange.upload.title')}</h1>
        <p className="lead">{t('exchange.upload.intro')}</p>
      </header>

      {!canSend ? (
        <div className="notice notice--error" role="alert">
          {t('exchange.upload.notAllowed')}
        </div>
      ) : (
        <section className="panel" aria-labelledby="upload-form-title">
          <h2 id="upload-form-title" className="visually-hidden">
            {t('exchange.upload.title')}
          </h2>
          <form className="form" onSubmit={(e) => void handleSubmit(e)}>
            {isManager ? (
              <div className="field">
                <label htmlFor={reporterId}>{t('exchange.reporter')}</label>
                <select
                  id={reporterId}
                  value={reporter}
                  onChange={(e) => setReporter(e.target.value)}
                  required
                >
                  <option value="">{t('exchange.send.chooseReporter')}</option>
                  {dialogue.memberStates.map((m) => (
                    <option key={m.iso3} value={m.iso3}>
                      {pickTranslated(m.name, lng)}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div className="field">
              <label htmlFor={fileId}>{t('exchange.upload.file')}</label>
              <input
                id={fileId}
                name="file"
                type="file"
                accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                required
                aria-describedby={hintId}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                data-testid="upload-file"
              />
              <p id={hintId} className="muted small">
                {t('exchange.upload.hint')}
              </p>
            </div>
            <button
              type="submit"
              className="button button--primary"
              disabled={!file || isUploading || (isManager && reporter === '')}
              data-testid="upload-submit"
            >
              {isUploading ? t('exchange.upload.uploading') : t('exchange.upload.submit')}
            </button>
          </form>
          <p className="note">
            {t('exchange.upload.templatesHint')}{' '}
            {dialogue.indicators.map((i, index) => (
              <span key={i.code}>
                {index > 0 ? ', ' : ''}
                <a
                  href={templatePath(slug, i.code, 'csv', isManager ? reporter || undefined : undefined)}
                  download
                >
                  {i.code}
                </a>
              </span>
            ))}
          </p>
        </section>
      )}

      {failure ? <ErrorMessage error={failure} /> : null}

      {rejected ? (
        <div
          className="notice notice--error upload-errors"
          role="alert"
          ref={rejectedRef}
          tabIndex={-1}
          aria-labelledby="upload-errors-title"
          data-testid="upload-errors"
        >
          <h2 id="upload-errors-title">{t('exchange.upload.rejectedTitle')}</h2>
          <p>
            {t('exchange.upload.rejectedText', { count: rejected.errors.length, file: rejected.fileName })}
          </p>
          <div className="grid-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('exchange.upload.errorFile')}</th>
                  <th scope="col">{t('exchange.upload.errorSheet')}</th>
                  <th scope="col" className="num">
                    {t('exchange.upload.errorRow')}
                  </th>
                  <th scope="col">{t('exchange.upload.errorColumn')}</th>
                  <th scope="col">{t('exchange.upload.errorField')}</th>
                  <th scope="col">{t('exchange.upload.errorMessage')}</th>
                </tr>
              </thead>
              <tbody>
                {rejected.errors.map((e, i) => (
                  // Errors have no id; their order is the file's.
                  // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced as a whole.
                  <tr key={i} data-testid="upload-error">
                    <td>{e.file ?? rejected.fileName}</td>
                    <td>{e.sheet ?? ''}</td>
                    <td className="num" data-testid="upload-error-row">
                      {e.row ?? ''}
                    </td>
                    <td data-testid="upload-error-column">{e.column ?? ''}</td>
                    <td>{e.field ?? ''}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </main>
  );
}
