import './practices.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Language } from '../../app/i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { FileAttachments } from '../../ui/file-attachments';
import { Field, fieldErrorsOf } from '../../ui/form';
import { Page, PageFrame, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { useCountryNames } from '../exchange/use-country-names';
import {
  getPractice,
  getPracticeHistory,
  listPracticeFiles,
  type PracticeView,
  practiceFileUrl,
  submitPractice,
  uploadPracticeFile,
  verifyPractice,
} from './api';

const number = (v: number | null, lng: string) => (v === null ? '—' : v.toLocaleString(lng));

/**
 * /d/:slug/practices/:id — one practice: what it is, where and when it runs, its impact assessment (each
 * indicator before and after, with the change), lessons, contacts (members only), links; the originator
 * submits it, the secretariat publishes it or returns it with a comment; its revisions.
 */
export function PracticePage() {
  const { t, i18n } = useTranslation();
  const { slug, can } = useDialogue();
  const id = Number(useParams().id);
  const [version, setVersion] = useState(0);
  const state = useAsync((signal) => getPractice(slug, id, signal), [slug, id, version]);
  const countryNames = useCountryNames(i18n.language as Language);
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
  const p = state.data;
  const lng = i18n.language;
  return (
    <Page
      title={p.title}
      breadcrumbs={[{ to: `/d/${slug}/practices`, label: t('practices.title') }]}
      badges={
        <span className="badge" data-testid="practice-status">
          {t(`practices.statuses.${p.status}`)}
        </span>
      }
      actions={
        p.abilities.canEdit ? (
          <Link
            className="button button--secondary"
            to={`/d/${slug}/practices/${p.id}/edit`}
            data-testid="practice-edit"
          >
            {t('practices.edit')}
          </Link>
        ) : null
      }
      lead={p.summary || undefined}
      testId="practice-page"
    >
      {p.reviewComment && p.status === 'returned' ? (
        <p className="notice" data-testid="practice-review-comment">
          {t('practices.returnedWith', { comment: p.reviewComment })}
        </p>
      ) : null}
      <Workflow practice={p} onChanged={() => setVersion((v) => v + 1)} />
      <FileAttachments
        title={t('practices.files')}
        testId="practice-file"
        load={(signal) => listPracticeFiles(slug, p.id, signal)}
        upload={(file) => uploadPracticeFile(slug, p.id, file, p.revision)}
        urlOf={(attachmentId) => practiceFileUrl(slug, p.id, attachmentId)}
        deps={[slug, p.id, p.revision]}
        onChange={() => setVersion((v) => v + 1)}
      />
      <Section title={t('practices.about')}>
        <dl className="practice-facts" data-testid="practice-facts">
          <dt>{t('practices.field.area')}</dt>
          <dd>{t(`practices.areas.${p.area}`)}</dd>
          <dt>{t('practices.field.countries')}</dt>
          <dd>{p.countries.map((c) => countryNames.get(c) ?? c).join(', ')}</dd>
          <dt>{t('practices.field.period')}</dt>
          <dd>{`${p.periodFrom} – ${p.periodTo ?? t('practices.ongoing')}`}</dd>
          <dt>{t('practices.field.partners')}</dt>
          <dd>{p.partners.join(', ') || '—'}</dd>
          <dt>{t('practices.field.funding')}</dt>
          <dd>{p.funding || '—'}</dd>
          <dt>{t('practices.field.organisation')}</dt>
          <dd>{p.organisation}</dd>
          <dt>{t('practices.field.tags')}</dt>
          <dd>{p.tags.join(', ') || '—'}</dd>
          <dt>{t('practices.field.classification')}</dt>
          <dd>{t(`classification.${p.classification}`)}</dd>
        </dl>
      </Section>
      {(['objectives', 'results', 'lessons'] as const).map((k) =>
        p[k] ? (
          <Section key={k} title={t(`practices.field.${k}`)}>
            <p className="prose">{p[k]}</p>
          </Section>
        ) : null,
      )}
      <Section title={t('practices.field.impact')}>
        <DataTable
          testId="practice-impact"
          rows={p.impact}
          rowKey={(i) => i.name}
          empty={t('practices.noImpact')}
          columns={[
            { key: 'name', header: t('practices.impact.name'), isRowHeader: true, cell: (i) => i.name },
            { key: 'unit', header: t('practices.impact.unit'), cell: (i) => i.unit || '—' },
            {
              key: 'before',
              header: t('practices.impact.before'),
              isNumeric: true,
              cell: (i) => number(i.before, lng),
            },
            {
              key: 'after',
              header: t('practices.impact.after'),
              isNumeric: true,
              cell: (i) => number(i.after, lng),
            },
            {
              key: 'change',
              header: t('practices.impact.change'),
              isNumeric: true,
              cell: (i) =>
                i.change === null
                  ? '—'
                  : `${i.change > 0 ? '+' : ''}${number(i.change, lng)}${i.percent === null ? '' : ` (${i.percent > 0 ? '+' : ''}${number(i.percent, lng)} %)`}`,
            },
          ]}
        />
      </Section>
      <Section title={t('practices.field.contacts')}>
        {p.areContactsHidden ? (
          <p className="muted">{t('practices.contactsHidden')}</p>
        ) : (
          <DataTable
            testId="practice-contacts"
            rows={p.contacts}
            rowKey={(c) => `${c.organisation}|${c.function}|${c.email}`}
            empty={t('practices.noContacts')}
            columns={[
              {
                key: 'org',
                header: t('practices.contact.organisation'),
                isRowHeader: true,
                cell: (c) => c.organisation,
              },
              { key: 'function', header: t('practices.contact.function'), cell: (c) => c.function || '—' },
              { key: 'name', header: t('practices.contact.name'), cell: (c) => c.name || '—' },
              {
                key: 'email',
                header: t('practices.contact.email'),
                cell: (c) => (c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'),
              },
            ]}
          />
        )}
      </Section>
      {p.links.length ? (
        <Section title={t('practices.field.links')}>
          <ul>
            {p.links.map((l) => (
              <li key={l}>
                <a href={l} rel="noreferrer noopener" target="_blank">
                  {l}
                </a>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {can.isMember ? <History id={p.id} version={version} /> : null}
    </Page>
  );
}

/** Submit (the originator), publish or return with a comment (the secretariat), as the abilities say. */
function Workflow({ practice: p, onChanged }: { practice: PracticeView; onChanged: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  if (!p.abilities.canSubmit && !p.abilities.canVerify) return null;
  const run = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      setComment('');
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errorOf = fieldErrorsOf(error);
  return (
    <Section title={t('practices.workflow')} testId="practice-workflow">
      {p.abilities.canSubmit ? (
        <p>
          <button
            type="button"
            disabled={isBusy}
            onClick={() => run(() => submitPractice(slug, p.id, p.revision))}
            data-testid="practice-submit"
          >
            {t('practices.submit')}
          </button>{' '}
          <span className="muted">{t('practices.submitHint')}</span>
        </p>
      ) : null}
      {p.abilities.canVerify ? (
        <div className="stack">
          <Field label={t('practices.verifyComment')} error={errorOf('body.comment')}>
            <textarea
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              rows={3}
              data-testid="practice-verify-comment"
            />
          </Field>
          <div className="button-row">
            <button
              type="button"
              disabled={isBusy}
              onClick={() =>
                run(() => verifyPractice(slug, p.id, { decision: 'publish', expectedRevision: p.revision }))
              }
              data-testid="practice-publish"
            >
              {t('practices.publish')}
            </button>
            <button
              type="button"
              className="button--secondary"
              disabled={isBusy}
              onClick={() =>
                run(() =>
                  verifyPractice(slug, p.id, {
                    decision: 'return',
                    expectedRevision: p.revision,
                    ...(comment.trim() ? { comment } : {}),
                  }),
                )
              }
              data-testid="practice-return"
            >
              {t('practices.return')}
            </button>
          </div>
        </div>
      ) : null}
      {error && !errorOf('body.comment') ? <ErrorMessage error={error} /> : null}
    </Section>
  );
}

function History({ id, version }: { id: number; version: number }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const state = useAsync((signal) => getPracticeHistory(slug, id, signal), [slug, id, version]);
  return (
    <Section title={t('practices.history')}>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        <DataTable
          testId="practice-history"
          rows={state.data.items}
          rowKey={(h) => h.revision}
          columns={[
            {
              key: 'revision',
              header: t('practices.revision'),
              isNumeric: true,
              cell: (h) => String(h.revision),
            },
            { key: 'change', header: t('practices.change'), cell: (h) => t(`practices.changes.${h.change}`) },
            { key: 'at', header: t('practices.at'), cell: (h) => h.at.slice(0, 16).replace('T', ' ') },
            { key: 'org', header: t('practices.field.organisation'), cell: (h) => h.organisation },
            {
              key: 'what',
              header: t('practices.changed'),
              cell: (h) =>
                [h.changed.map((f) => t(`practices.field.${f}`)).join(', '), h.comment]
                  .filter(Boolean)
                  .join(' — ') || '—',
            },
          ]}
        />
      ) : null}
    </Section>
  );
}
