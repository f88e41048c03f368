import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { formatDate } from '../../ui/format';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import {
  getPortalDocument,
  getPortalDocuments,
  getPortalNotice,
  getPortalNotices,
  type PortalNotice,
} from './api';
import { usePortal } from './portal-layout';

/*
 * The public notices and documents of a dialogue on the portal (/p/:slug/notices[/:id], /p/:slug/documents[/:id]):
 * only public, sent notices and public documents, read as the public (src/modules/portal).
 */

const day = (iso: string | null, lng: ReturnType<typeof currentLanguage>) =>
  iso ? formatDate(iso, lng) : '–';

function NoticeFacts({ n }: { n: PortalNotice }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { nameOf } = usePortal();
  return (
    <dl className="facts">
      <dt>{t('portal.notices.state')}</dt>
      <dd>{n.state}</dd>
      <dt>{t('portal.notices.type')}</dt>
      <dd>{t(`notices.types.${n.measureType}`)}</dd>
      <dt>{t('portal.notices.stage')}</dt>
      <dd>{t(`notices.stages.${n.stage}`)}</dd>
      <dt>{t('portal.notices.effectiveOn')}</dt>
      <dd>{day(n.effectiveOn, lng)}</dd>
      {n.routes.length ? (
        <>
          <dt>{t('portal.notices.routes')}</dt>
          <dd>{n.routes.map((r) => nameOf('routes', r)).join(', ')}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** /p/:slug/notices: the public notices, newest first. */
export function PortalNoticesPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug } = usePortal();
  const state = useAsync((signal) => getPortalNotices(slug, signal), [slug]);
  return (
    <Page title={t('portal.nav.notices')} testId="portal-notices">
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        state.data.items.length ? (
          <ul className="portal-list" data-testid="portal-notice-list">
            {state.data.items.map((n) => (
              <li key={n.id}>
                <Link to={`/p/${slug}/notices/${n.id}`}>{n.title}</Link>
                <span className="muted">
                  {' '}
                  · {n.state} · {t(`notices.types.${n.measureType}`)} · {day(n.sentAt, lng)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="notice">{t('portal.notices.none')}</p>
        )
      ) : null}
    </Page>
  );
}

/** /p/:slug/notices/:id: one public notice. */
export function PortalNoticePage() {
  const { t } = useTranslation();
  const { slug } = usePortal();
  const { id = '' } = useParams();
  const state = useAsync((signal) => getPortalNotice(slug, Number(id), signal), [slug, id]);
  if (state.status !== 'success')
    return (
      <Page title={t('portal.nav.notices')} testId="portal-notice">
        {state.status === 'loading' ? <Loading /> : null}
        {state.status === 'error' ? (
          <ErrorMessage
            error={state.error}
            message={isApiError(state.error, 404) ? t('portal.notices.notFound') : undefined}
            onRetry={state.reload}
          />
        ) : null}
      </Page>
    );
  const n = state.data;
  return (
    <Page
      title={n.title}
      testId="portal-notice"
      breadcrumbs={[{ label: t('portal.nav.notices'), to: `/p/${slug}/notices` }]}
    >
      <NoticeFacts n={n} />
      <Section title={t('portal.notices.summary')}>
        <p className="prewrap">{n.summary}</p>
      </Section>
      {n.legalReference || n.legalLink ? (
        <Section title={t('portal.notices.legal')}>
          <p>
            {n.legalReference}{' '}
            {n.legalLink ? (
              <a href={n.legalLink} rel="noopener noreferrer nofollow">
                {n.legalLink}
              </a>
            ) : null}
          </p>
        </Section>
      ) : null}
    </Page>
  );
}

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** /p/:slug/documents: the public documents with their download. */
export function PortalDocumentsPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug } = usePortal();
  const state = useAsync((signal) => getPortalDocuments(slug, signal), [slug]);
  return (
    <Page title={t('portal.nav.documents')} testId="portal-documents">
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        state.data.items.length ? (
          <ul className="portal-list" data-testid="portal-document-list">
            {state.data.items.map((d) => (
              <li key={d.id}>
                <Link to={`/p/${slug}/documents/${d.id}`}>{d.title}</Link>
                <span className="muted">
                  {' '}
                  · {t(`documents.kinds.${d.kind}`)} · {d.language.toUpperCase()} ·{' '}
                  {day(d.date ?? d.updatedAt, lng)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="notice">{t('portal.documents.none')}</p>
        )
      ) : null}
    </Page>
  );
}

/** /p/:slug/documents/:id: one public document, the start of its text and its download. */
export function PortalDocumentPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug } = usePortal();
  const { id = '' } = useParams();
  const state = useAsync((signal) => getPortalDocument(slug, Number(id), signal), [slug, id]);
  if (state.status !== 'success')
    return (
      <Page title={t('portal.nav.documents')} testId="portal-document">
        {state.status === 'loading' ? <Loading /> : null}
        {state.status === 'error' ? (
          <ErrorMessage
            error={state.error}
            message={isApiError(state.error, 404) ? t('portal.documents.notFound') : undefined}
            onRetry={state.reload}
          />
        ) : null}
      </Page>
    );
  const d = state.data;
  return (
    <Page
      title={d.title}
      testId="portal-document"
      breadcrumbs={[{ label: t('portal.nav.documents'), to: `/p/${slug}/documents` }]}
    >
      <dl className="facts">
        <dt>{t('portal.documents.kind')}</dt>
        <dd>{t(`documents.kinds.${d.kind}`)}</dd>
        <dt>{t('portal.documents.date')}</dt>
        <dd>{day(d.date ?? d.updatedAt, lng)}</dd>
        <dt>{t('portal.documents.organisation')}</dt>
        <dd>{d.organisation}</dd>
      </dl>
      <p>
        <a className="button" href={d.fileUrl} download={d.fileName} data-testid="portal-document-download">
          {t('portal.documents.download', { name: d.fileName, size: kb(d.byteSize) })}
        </a>
      </p>
      {d.excerpt ? (
        <Section title={t('portal.documents.excerpt')}>
          <p className="prewrap">{d.excerpt}</p>
        </Section>
      ) : null}
    </Page>
  );
}
