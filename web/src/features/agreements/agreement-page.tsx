import './agreements.css';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Page, PageFrame, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { getAgreement, getAgreementHistory } from './api';
import { usePartyLabel } from './party-names';

/** /d/:slug/agreements/:id — one agreement: parties, status, its timeline, linked texts, and its revisions. */
export function AgreementPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const id = Number(useParams().id);
  const state = useAsync((signal) => getAgreement(slug, id, signal), [slug, id]);
  const history = useAsync((signal) => getAgreementHistory(slug, id, signal), [slug, id]);
  const { label } = usePartyLabel();
  if (state.status === 'loading')
    return (
      <PageFrame>
        <Loading />
      </PageFrame>
    );
  if (state.status === 'error')
    return (
      <PageFrame>
        <ErrorMessage error={state.error} onRetry={state.reload} />
      </PageFrame>
    );
  const a = state.data;
  return (
    <Page
      title={a.title}
      testId="agreement-page"
      breadcrumbs={[{ to: `/d/${slug}/agreements`, label: t('agreements.title') }]}
      badges={
        <>
          <span className={`badge agreement-status--${a.status}`} data-testid="agreement-status">
            {t(`agreements.status.${a.status}`)}
          </span>{' '}
          <span className="badge" data-testid="agreement-classification">
            {t(`classification.${a.classification}`)}
          </span>
        </>
      }
      actions={
        a.abilities.canEdit ? (
          <Link className="button" to={`/d/${slug}/agreements/${a.id}/edit`} data-testid="agreement-edit">
            {t('agreements.edit')}
          </Link>
        ) : null
      }
    >
      <Section title={t('agreements.details')} testId="agreement-details">
        <dl className="facts">
          <dt>{t('agreements.field.type')}</dt>
          <dd>{t(`agreements.type.${a.type}`)}</dd>
          <dt>{t('agreements.field.parties')}</dt>
          <dd data-testid="agreement-parties">{a.parties.map((p) => label(p.key)).join(', ')}</dd>
          <dt>{t('agreements.recordedBy')}</dt>
          <dd>{a.originator}</dd>
          <dt>{t('agreements.revision')}</dt>
          <dd>{a.revision}</dd>
        </dl>
        {a.notes ? <p className="prose">{a.notes}</p> : null}
      </Section>
      <Section title={t('agreements.timeline')} testId="agreement-timeline">
        {a.timeline.length === 0 ? <p className="muted">{t('agreements.noDates')}</p> : null}
        <ol className="agreement-steps">
          {a.timeline.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the steps are in a fixed order
            <li key={i} className={e.isFuture ? 'is-future' : undefined} data-kind={e.kind}>
              <time dateTime={e.date}>{e.date}</time> <strong>{t(`agreements.event.${e.kind}`)}</strong>
              {e.place ? ` · ${e.place}` : ''}
              {e.note ? ` · ${e.note}` : ''}
              {e.isFuture ? ` (${t('agreements.future')})` : ''}
            </li>
          ))}
        </ol>
      </Section>
      <Section title={t('agreements.texts')} testId="agreement-texts">
        {a.texts.length === 0 ? <p className="muted">{t('agreements.noTexts')}</p> : null}
        <ul>
          {a.texts.map((x, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: texts are listed in their saved order
            <li key={i}>
              {x.kind === 'link' && x.url ? (
                <a href={x.url} rel="noreferrer noopener" target="_blank">
                  {x.title || x.url}
                </a>
              ) : (
                <Link to={`/d/${slug}/documents/${x.documentId}`}>
                  {x.title || t('agreements.document', { id: x.documentId })}
                </Link>
              )}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('agreements.history')} testId="agreement-history">
        {history.status === 'success' ? (
          <DataTable
            rows={history.data.items}
            rowKey={(h) => h.revision}
            columns={[
              { key: 'revision', header: t('agreements.revision'), isNumeric: true, cell: (h) => h.revision },
              {
                key: 'change',
                header: t('agreements.change'),
                cell: (h) => t(`agreements.changeKind.${h.change}`),
              },
              { key: 'by', header: t('agreements.recordedBy'), cell: (h) => h.organisation },
              { key: 'at', header: t('agreements.at'), cell: (h) => h.at.slice(0, 16).replace('T', ' ') },
            ]}
          />
        ) : null}
      </Section>
    </Page>
  );
}
