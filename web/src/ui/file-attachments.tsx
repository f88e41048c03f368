import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Section } from './page';
import { ErrorMessage } from './status';
import { useAsync } from './use-async';

/** What the server answers for a record's files (notices, practices): the list and whether one may add. */
export interface FileList {
  /** `isSearchable: false`: a practice's file whose words the search does not find (an image, a scan). */
  items: readonly { id: number; fileName: string; byteSize: number; isSearchable?: boolean }[];
  canAttach: boolean;
  maxBytes: number;
}

/**
 * A record's files: download links for whoever sees it, an upload (a new revision of the record) for who may
 * change it. `testId` prefixes the test ids (`<testId>s`, `<testId>`, `<testId>-form`, `-file`, `-upload`).
 */
export function FileAttachments({
  title,
  testId,
  load,
  upload,
  urlOf,
  deps,
  onChange,
}: {
  title: string;
  testId: string;
  load: (signal: AbortSignal) => Promise<FileList>;
  upload: (file: File) => Promise<unknown>;
  urlOf: (id: number) => string;
  /** Reload when these change (the record, its version). */
  deps: readonly unknown[];
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const list = useAsync(load, deps);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (list.status !== 'success') return null;
  const { items, canAttach, maxBytes } = list.data;
  if (items.length === 0 && !canAttach) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await upload(file);
      onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={title} testId={`${testId}s`}>
      {items.length ? (
        <ul className="plain-list">
          {items.map((a) => (
            <li key={a.id}>
              <a href={urlOf(a.id)} download={a.fileName} data-testid={testId}>
                {a.fileName}
              </a>{' '}
              ({t('files.size', { kb: Math.max(1, Math.round(a.byteSize / 1024)) })}
              {a.isSearchable === false ? (
                <span className="muted" data-testid={`${testId}-not-searchable`}>
                  {`; ${t('files.notSearchable')}`}
                </span>
              ) : null}
              )
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('files.none')}</p>
      )}
      {canAttach ? (
        <form onSubmit={submit} data-testid={`${testId}-form`}>
          <label>
            {t('files.choose', { mb: Math.round(maxBytes / (1024 * 1024)) })}{' '}
            <input
              type="file"
              accept=".pdf,.docx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
              data-testid={`${testId}-file`}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>{' '}
          <button type="submit" disabled={!file || busy} data-testid={`${testId}-upload`}>
            {busy ? t('files.uploading') : t('files.upload')}
          </button>
          {error ? <ErrorMessage error={error} /> : null}
        </form>
      ) : null}
    </Section>
  );
}
