import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { pickTranslated } from '../../ui/format';
import { Page } from '../../ui/page';
import { ErrorMessage } from '../../ui/status';
import type { DialogueHome } from '../dialogues/api';
import { type ImportError, importErrorsOf, templatePath, uploadFile } from './api';
import { useReporterChoice } from './data-page';
import { MappingStep } from './mapping-step';

/** /d/:slug/data/upload: send a CSV or XLSX file; a rejected file lists every problem and saves nothing. */
export function UploadPage() {
  const { slug, dialogue } = useDialogue();
  return <UploadForm slug={slug} dialogue={dialogue} />;
}

function UploadForm({ slug, dialogue }: { slug: string; dialogue: DialogueHome }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const { reporter, setReporter, isManager, canSend } = useReporterChoice();
  const [file, setFile] = useState<File | null>(null);
  const [isUploading, setUploading] = useState(false);
  const [rejected, setRejected] = useState<{ fileName: string; errors: ImportError[] } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  /** The mapping step for a file that is not in the template (src/modules/import-mappings). */
  const [isMapping, setMapping] = useState(false);
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
    <Page
      className="upload-page"
      title={t('exchange.upload.title')}
      lead={t('exchange.upload.intro')}
      breadcrumbs={[{ to: `/d/${slug}/data`, label: t('exchange.backToData') }]}
    >
      {!canSend ? (
        <div className="notice notice--error" role="alert">
          {t('exchange.upload.notAllowed')}
        </div>
      ) : (
        <section className="panel" aria-label={t('exchange.upload.title')}>
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
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setMapping(false);
                }}
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
            </button>{' '}
            <button
              type="button"
              className="button"
              disabled={!file || isUploading}
              onClick={() => {
                setRejected(null);
                setMapping(true);
              }}
              data-testid="upload-map-columns"
            >
              {t('exchange.mapping.start')}
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

      {isMapping && file ? (
        <MappingStep
          slug={slug}
          dialogue={dialogue}
          file={file}
          reporter={isManager ? reporter || undefined : undefined}
          saveFor={isManager ? undefined : reporter || undefined}
        />
      ) : null}

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
          {rejected.errors.some((e) => e.row === 1) ? (
            <p>
              {t('exchange.mapping.offer')}{' '}
              <button
                type="button"
                className="button"
                onClick={() => setMapping(true)}
                data-testid="upload-offer-mapping"
              >
                {t('exchange.mapping.start')}
              </button>
            </p>
          ) : null}
          <DataTable
            rows={rejected.errors.map((error, index) => ({ error, index }))}
            // Errors have no id; their order is the file's, and the list is replaced as a whole.
            rowKey={(r) => r.index}
            rowProps={() => ({ 'data-testid': 'upload-error' })}
            columns={[
              {
                key: 'file',
                header: t('exchange.upload.errorFile'),
                cell: (r) => r.error.file ?? rejected.fileName,
              },
              { key: 'sheet', header: t('exchange.upload.errorSheet'), cell: (r) => r.error.sheet ?? '' },
              {
                key: 'row',
                header: t('exchange.upload.errorRow'),
                isNumeric: true,
                cell: (r) => <span data-testid="upload-error-row">{r.error.row ?? ''}</span>,
              },
              {
                key: 'column',
                header: t('exchange.upload.errorColumn'),
                cell: (r) => <span data-testid="upload-error-column">{r.error.column ?? ''}</span>,
              },
              { key: 'field', header: t('exchange.upload.errorField'), cell: (r) => r.error.field ?? '' },
              { key: 'message', header: t('exchange.upload.errorMessage'), cell: (r) => r.error.message },
            ]}
          />
        </div>
      ) : null}
    </Page>
  );
}
