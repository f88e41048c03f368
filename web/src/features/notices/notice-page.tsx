import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useDialogue } from '../../ui/dialogue-context';
import { FileAttachments } from '../../ui/file-attachments';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { announceNotificationsChanged } from '../alerts/api';
import {
  acknowledgeNotice,
  answerComment,
  attachmentUrl,
  commentOnNotice,
  getNotice,
  getNoticeHistory,
  listAttachments,
  NOTICE_OUTCOMES,
  type NoticeCommentView,
  type NoticeOutcome,
  type NoticeView,
  reportOutcome,
  sendNotice,
  uploadAttachment,
} from './api';

/**
 * /d/:slug/notices/:id — one notice: its details, who acknowledged and who has not, the comments and formal
 * concerns with the notifying state's answers, the outcome, and the history of revisions. The actions shown
 * are the ones the server says the user may take (`abilities`).
 */
export function NoticePage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const id = Number(useParams().id);
  const [version, setVersion] = useState(0);
  const notice = useAsync((signal) => getNotice(slug, id, signal), [slug, id, version]);
  const history = useAsync((signal) => getNoticeHistory(slug, id, signal), [slug, id, version]);
  const changed = () => {
    setVersion((v) => v + 1);
    announceNotificationsChanged();
  };
  if (notice.status === 'loading') return <Loading />;
  if (notice.status === 'error') return <ErrorMessage error={notice.error} onRetry={notice.reload} />;
  const n = notice.data;
  return (
    <Page
      title={n.title}
      breadcrumbs={[{ to: `/d/${slug}/notices`, label: t('notices.title') }]}
      badges={
        <span className="badge" data-testid="notice-status">
          {n.status === 'draft' ? t('notices.draft') : t(`notices.stages.${n.stage}`)}
        </span>
      }
      testId="notice-page"
    >
      <Details n={n} onChange={changed} />
      <Attachments n={n} version={version} onChange={changed} />
      {n.status === 'sent' ? <Acknowledgements n={n} onChange={changed} /> : null}
      {n.status === 'sent' ? <Comments n={n} onChange={changed} /> : null}
      {n.abilities.canReportOutcome ? <OutcomeForm n={n} onChange={changed} /> : null}
      <Section title={t('notices.history')} testId="notice-history">
        {history.status === 'success' ? (
          <ol className="history">
            {history.data.items.map((h) => (
              <li key={`${h.at}-${h.event}-${h.revision ?? h.body ?? ''}`} data-event={h.event}>
                {h.at.slice(0, 16).replace('T', ' ')} · {h.organisation} · {t(`notices.events.${h.event}`)}
                {h.revision ? ` (${t('notices.revision', { n: h.revision })})` : ''}
                {h.changed.length ? `: ${h.changed.map((f) => t(`notices.field.${f}`, f)).join(', ')}` : ''}
                {h.body ? ` — ${h.body}` : ''}
              </li>
            ))}
          </ol>
        ) : (
          <Loading />
        )}
      </Section>
    </Page>
  );
}

function useAction(onChange: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

function Details({ n, onChange }: { n: NoticeView; onChange: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const action = useAction(onChange);
  const row = (label: string, value: React.ReactNode) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ) : null;
  return (
    <Section
      title={t('notices.details')}
      testId="notice-details"
      actions={
        n.abilities.canSend ? (
          <button
            type="button"
            disabled={action.busy}
            data-testid="notice-send-draft"
            onClick={() => void action.run(() => sendNotice(slug, n.id, n.revision))}
          >
            {t('notices.form.send')}
          </button>
        ) : null
      }
    >
      <dl className="details">
        {row(t('notices.field.state'), `${n.state} · ${n.organisation}`)}
        {row(t('notices.field.measureType'), t(`notices.types.${n.measureType}`))}
        {row(t('notices.field.stage'), t(`notices.stages.${n.stage}`))}
        {row(t('notices.field.legalReference'), n.legalReference)}
        {row(
          t('notices.field.legalLink'),
          n.legalLink ? (
            <a href={n.legalLink} rel="noreferrer noopener" target="_blank">
              {n.legalLink}
            </a>
          ) : null,
        )}
        {row(t('notices.field.adoptedOn'), n.adoptedOn)}
        {row(t('notices.field.effectiveOn'), n.effectiveOn)}
        {row(t('notices.field.endsOn'), n.endsOn)}
        {row(t('notices.field.countries'), n.countries.join(', '))}
        {row(t('notices.field.routes'), n.routes.join(', '))}
        {row(t('notices.field.classification'), t(`classification.${n.classification}`))}
        {row(t('notices.field.commentsUntil'), n.commentsUntil)}
        {row(
          t('notices.sentAt'),
          n.sentAt ? `${n.sentAt.slice(0, 10)}${n.isLate ? ` · ${t('notices.late')}` : ''}` : null,
        )}
        {row(
          t('notices.outcome'),
          n.outcome
            ? `${t(`notices.outcomes.${n.outcome}`)}${n.outcomeNote ? ` — ${n.outcomeNote}` : ''}`
            : null,
        )}
      </dl>
      <p className="notice-summary" style={{ whiteSpace: 'pre-wrap' }}>
        {n.summary}
      </p>
      {action.error ? <ErrorMessage error={action.error} /> : null}
    </Section>
  );
}

function Acknowledgements({ n, onChange }: { n: NoticeView; onChange: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const action = useAction(onChange);
  const { acknowledged, pending } = n.acknowledgements;
  return (
    <Section
      title={t('notices.acknowledgements', {
        done: acknowledged.length,
        total: acknowledged.length + pending.length,
      })}
      testId="notice-acknowledgements"
      actions={
        n.abilities.canAcknowledge ? (
          <button
            type="button"
            disabled={action.busy}
            data-testid="notice-acknowledge"
            onClick={() => void action.run(() => acknowledgeNotice(slug, n.id))}
          >
            {t('notices.acknowledge')}
          </button>
        ) : null
      }
    >
      <h3>{t('notices.acknowledged')}</h3>
      <ul data-testid="notice-acknowledged">
        {acknowledged.map((o) => (
          <li key={o.id}>
            {o.name} ({o.country ?? '—'}) · {o.at.slice(0, 10)}
          </li>
        ))}
      </ul>
      <h3>{t('notices.pending')}</h3>
      <ul data-testid="notice-pending">
        {pending.map((o) => (
          <li key={o.id}>
            {o.name} ({o.country ?? '—'})
          </li>
        ))}
      </ul>
      {action.error ? <ErrorMessage error={action.error} /> : null}
    </Section>
  );
}

function Comments({ n, onChange }: { n: NoticeView; onChange: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const action = useAction(onChange);
  const [body, setBody] = useState('');
  const [kind, setKind] = useState<'comment' | 'concern'>('comment');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await commentOnNotice(slug, n.id, { kind, body });
      setBody('');
    });
  };
  const answers = (c: NoticeCommentView) => n.comments.filter((a) => a.replyTo === c.id);
  return (
    <Section title={t('notices.comments')} testId="notice-comments">
      {n.commentsUntil ? (
        <p>
          {n.isCommentWindowOpen
            ? t('notices.commentsOpen', { date: n.commentsUntil })
            : t('notices.commentsClosed', { date: n.commentsUntil })}
        </p>
      ) : null}
      <ul className="comments">
        {n.comments
          .filter((c) => c.kind !== 'answer')
          .map((c) => (
            <li key={c.id} data-kind={c.kind}>
              <strong>
                {c.organisation} · {t(`notices.kinds.${c.kind}`)}
              </strong>{' '}
              {c.body}
              <ul>
                {answers(c).map((a) => (
                  <li key={a.id} data-kind="answer">
                    <strong>{a.organisation}:</strong> {a.body}
                  </li>
                ))}
              </ul>
              {n.abilities.canAnswer ? <AnswerForm n={n} comment={c} onChange={onChange} /> : null}
            </li>
          ))}
      </ul>
      {n.abilities.canComment ? (
        <form className="form" onSubmit={submit} data-testid="notice-comment-form">
          {n.abilities.canRaiseConcern ? (
            <label>
              {t('notices.kind')}{' '}
              <select
                name="kind"
                value={kind}
                onChange={(e) => setKind(e.target.value === 'concern' ? 'concern' : 'comment')}
              >
                <option value="comment">{t('notices.kinds.comment')}</option>
                <option value="concern">{t('notices.kinds.concern')}</option>
              </select>
            </label>
          ) : null}
          <label>
            {t('notices.yourComment')}{' '}
            <textarea
              name="comment"
              required
              rows={3}
              value={body}
              onChange={(e) => setBody(e.target.value)}
            />
          </label>
          <button type="submit" disabled={action.busy}>
            {t('notices.postComment')}
          </button>
        </form>
      ) : null}
      {action.error ? <ErrorMessage error={action.error} /> : null}
    </Section>
  );
}

function AnswerForm({
  n,
  comment,
  onChange,
}: {
  n: NoticeView;
  comment: NoticeCommentView;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const action = useAction(onChange);
  const [body, setBody] = useState('');
  return (
    <form
      className="form answer-form"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(() => answerComment(slug, n.id, comment.id, body));
      }}
    >
      <label>
        {t('notices.answer')}{' '}
        <input name="answer" required value={body} onChange={(e) => setBody(e.target.value)} />
      </label>{' '}
      <button type="submit" disabled={action.busy}>
        {t('notices.sendAnswer')}
      </button>
      {action.error ? <ErrorMessage error={action.error} /> : null}
    </form>
  );
}

function OutcomeForm({ n, onChange }: { n: NoticeView; onChange: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const action = useAction(onChange);
  const [outcome, setOutcome] = useState<NoticeOutcome>(n.outcome ?? 'adopted_as_is');
  const [note, setNote] = useState('');
  return (
    <Section title={t('notices.reportOutcome')} testId="notice-outcome">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(() => reportOutcome(slug, n.id, { outcome, note, expectedRevision: n.revision }));
        }}
      >
        <label>
          {t('notices.outcome')}{' '}
          <select
            name="outcome"
            value={outcome}
            onChange={(e) => setOutcome(NOTICE_OUTCOMES.find((o) => o === e.target.value) ?? 'adopted_as_is')}
          >
            {NOTICE_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`notices.outcomes.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('notices.outcomeNote')}{' '}
          <textarea name="outcomeNote" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" disabled={action.busy} data-testid="notice-report-outcome">
          {t('notices.reportOutcome')}
        </button>
        {action.error ? <ErrorMessage error={action.error} /> : null}
      </form>
    </Section>
  );
}

/** The notice's files: download links for whoever sees it, an upload for the notifying side (a new revision). */
function Attachments({ n, version, onChange }: { n: NoticeView; version: number; onChange: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  return (
    <FileAttachments
      title={t('notices.attachments.title')}
      testId="notice-attachment"
      load={(signal) => listAttachments(slug, n.id, signal)}
      upload={(file) => uploadAttachment(slug, n.id, file, n.revision)}
      urlOf={(attachmentId) => attachmentUrl(slug, n.id, attachmentId)}
      deps={[slug, n.id, version]}
      onChange={onChange}
    />
  );
}
