import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { useDialogue } from '../../ui/dialogue-context';
import { Field, fieldErrorsOf } from '../../ui/form';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import {
  type CommentBody,
  type ConsultationCommentView,
  type ConsultationSummaryOfComments,
  type ConsultationView,
  changeSettings,
  commentOnParagraph,
  compareVersions,
  correctSplit,
  type ExportLanguage,
  editComment,
  getConsultation,
  getMatrix,
  getSummary,
  matrixDocxUrl,
  matrixPdfUrl,
  matrixXlsxUrl,
  openConsultation,
  publishVersion,
  regenerateSummary,
  respondToComment,
  saveSummary,
  summaryDocxUrl,
} from './api';

/**
 * /d/:slug/consultations/:id — one draft consultation, in four views (?view=): the text paragraph by
 * paragraph with the comments and the comment form (a proposed wording is shown as a diff against the
 * paragraph), the matrix paragraph × delegation with its exports, the summary of comments (the secretariat
 * edits it), and the versions (publish a revised draft, compare side by side, how each comment was treated).
 * While the consultation is a draft the secretariat corrects the split before opening it.
 */
const VIEWS = ['text', 'matrix', 'summary', 'versions'] as const;
type View = (typeof VIEWS)[number];

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

export function ConsultationPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const view: View = VIEWS.find((v) => v === params.get('view')) ?? 'text';
  const [version, setVersion] = useState(0);
  const state = useAsync((signal) => getConsultation(slug, id, signal), [slug, id, version]);
  const reload = () => setVersion((v) => v + 1);
  const open = useAction(reload);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={state.reload} />;
  const c = state.data;
  return (
    <Page
      title={c.title}
      breadcrumbs={[{ to: `/d/${slug}/consultations`, label: t('consultations.title') }]}
      badges={
        <span className="badge" data-testid="consultation-status">
          {c.status === 'draft'
            ? t('consultations.draft')
            : c.isOpenForComments
              ? t('consultations.open')
              : t('consultations.closed')}
        </span>
      }
      lead={t('consultations.lead', { deadline: c.deadline, version: c.version })}
      actions={
        c.abilities.canOpen ? (
          <button
            type="button"
            data-testid="consultation-open"
            disabled={open.busy}
            onClick={() => void open.run(() => openConsultation(slug, c.id))}
          >
            {t('consultations.openAction')}
          </button>
        ) : null
      }
      testId="consultation-page"
    >
      {open.error ? <ErrorMessage error={open.error} /> : null}
      <nav aria-label={t('consultations.views')}>
        <ul className="tabs">
          {VIEWS.map((v) => (
            <li key={v}>
              <button
                type="button"
                aria-pressed={v === view}
                data-testid={`consultation-view-${v}`}
                onClick={() => setParams({ view: v })}
              >
                {t(`consultations.view.${v}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {view === 'text' && c.abilities.canManage ? <SettingsForm c={c} onChange={reload} /> : null}
      {view === 'text' && c.abilities.canCorrectSplit ? <SplitEditor c={c} onChange={reload} /> : null}
      {view === 'text' ? <TextView c={c} onChange={reload} /> : null}
      {view === 'matrix' ? <MatrixSection c={c} /> : null}
      {view === 'summary' ? <SummarySection c={c} /> : null}
      {view === 'versions' ? <VersionsSection c={c} onChange={reload} /> : null}
    </Page>
  );
}

/** The secretariat changes the deadline or whether delegations see each other's comments. */
function SettingsForm({ c, onChange }: { c: ConsultationView; onChange: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [deadline, setDeadline] = useState(c.deadline);
  const [visible, setVisible] = useState(c.commentsVisible);
  const action = useAction(onChange);
  const errorOf = fieldErrorsOf(action.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() =>
      changeSettings(slug, c.id, {
        ...(deadline !== c.deadline ? { deadline } : {}),
        commentsVisible: visible,
        expectedRevision: c.revision,
      }),
    );
  };
  return (
    <Section title={t('consultations.settings')} testId="consultation-settings">
      <form className="form" onSubmit={submit}>
        <Field label={t('consultations.field.deadline')} error={errorOf('body.deadline')}>
          <input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
        </Field>
        <label>
          <input type="checkbox" checked={visible} onChange={(e) => setVisible(e.target.checked)} />{' '}
          {t('consultations.field.commentsVisible')}
        </label>
        <button type="submit" disabled={action.busy}>
          {t('consultations.saveSettings')}
        </button>
        {action.error && !errorOf('body.deadline') ? <ErrorMessage error={action.error} /> : null}
      </form>
    </Section>
  );
}

function Diff({ parts }: { parts: readonly { op: 'equal' | 'insert' | 'delete'; text: string }[] }) {
  return (
    <span className="wording-diff" data-testid="wording-diff">
      {parts.map((p, i) =>
        p.op === 'insert' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one diff never reorder
          <ins key={i}>{p.text}</ins>
        ) : p.op === 'delete' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one diff never reorder
          <del key={i}>{p.text}</del>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one diff never reorder
          <span key={i}>{p.text}</span>
        ),
      )}
    </span>
  );
}

function CommentItem({
  c,
  k,
  onChange,
}: {
  c: ConsultationView;
  k: ConsultationCommentView;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  return (
    <li data-kind={k.kind} data-testid="consultation-comment">
      <strong>
        {k.organisation.name} · {t(`consultations.kinds.${k.kind}`)}
      </strong>
      {k.revision > 1 ? ` (${t('consultations.revision', { n: k.revision })})` : ''}{' '}
      {k.wordingDiff ? <Diff parts={k.wordingDiff} /> : null} {k.body}
      {k.response ? (
        <p data-testid="consultation-response">
          {t('consultations.responseLabel')}: {t(`consultations.responses.${k.response.response}`)}
          {k.response.reason ? ` — ${k.response.reason}` : ''}
        </p>
      ) : null}
      {k.treatment ? (
        <p>
          {t('consultations.treatment', {
            version: k.treatment.version,
            status: t(`consultations.rowStatus.${k.treatment.status}`),
          })}
        </p>
      ) : null}
      {c.abilities.canComment && k.mine && k.version === c.version ? (
        <EditComment c={c} k={k} onChange={onChange} />
      ) : null}
      {c.abilities.canRespond ? <ResponseForm c={c} k={k} onChange={onChange} /> : null}
    </li>
  );
}

/** The delegation's own comment, edited as a new revision (until the deadline). */
function EditComment({
  c,
  k,
  onChange,
}: {
  c: ConsultationView;
  k: ConsultationCommentView;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState(k.body);
  const [wording, setWording] = useState(k.proposedWording ?? '');
  const action = useAction(() => {
    setOpen(false);
    onChange();
  });
  const errorOf = fieldErrorsOf(action.error);
  if (!open)
    return (
      <button type="button" data-testid="consultation-comment-edit" onClick={() => setOpen(true)}>
        {t('consultations.edit')}
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() =>
      editComment(slug, c.id, k.id, {
        kind: k.kind,
        body,
        expectedRevision: k.revision,
        ...(k.kind === 'proposed_wording' ? { proposedWording: wording } : {}),
      }),
    );
  };
  return (
    <form className="form" onSubmit={submit} data-testid="consultation-comment-edit-form">
      {k.kind === 'proposed_wording' ? (
        <Field label={t('consultations.proposedWording')} error={errorOf('body.proposedWording')}>
          <textarea rows={3} value={wording} onChange={(e) => setWording(e.target.value)} />
        </Field>
      ) : null}
      <Field label={t('consultations.commentText')} error={errorOf('body.body')}>
        <textarea rows={2} value={body} onChange={(e) => setBody(e.target.value)} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('consultations.saveEdit')}
      </button>{' '}
      <button type="button" onClick={() => setOpen(false)}>
        {t('consultations.cancel')}
      </button>
      {action.error && !errorOf('body.body') && !errorOf('body.proposedWording') ? (
        <ErrorMessage error={action.error} />
      ) : null}
    </form>
  );
}

function ResponseForm({
  c,
  k,
  onChange,
}: {
  c: ConsultationView;
  k: ConsultationCommentView;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const action = useAction(onChange);
  const [response, setResponse] = useState<'accepted' | 'partly' | 'not_accepted'>(
    k.response?.response ?? 'accepted',
  );
  const [reason, setReason] = useState(k.response?.reason ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() => respondToComment(slug, c.id, k.id, { response, reason }));
  };
  return (
    <form className="form" onSubmit={submit} data-testid="consultation-response-form">
      <label>
        {t('consultations.responseLabel')}{' '}
        <select
          value={response}
          onChange={(e) =>
            setResponse(
              e.target.value === 'partly'
                ? 'partly'
                : e.target.value === 'not_accepted'
                  ? 'not_accepted'
                  : 'accepted',
            )
          }
        >
          <option value="accepted">{t('consultations.responses.accepted')}</option>
          <option value="partly">{t('consultations.responses.partly')}</option>
          <option value="not_accepted">{t('consultations.responses.not_accepted')}</option>
        </select>
      </label>
      <label>
        {t('consultations.reason')} <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" disabled={action.busy}>
        {t('consultations.respond')}
      </button>
      {action.error ? <ErrorMessage error={action.error} /> : null}
    </form>
  );
}

function TextView({ c, onChange }: { c: ConsultationView; onChange: () => void }) {
  const { t } = useTranslation();
  return (
    <Section title={t('consultations.view.text')} testId="consultation-text">
      <div className="consultation-text">
        {c.blocks.map((b) =>
          b.kind === 'heading' ? (
            <h3 key={b.key}>{b.text}</h3>
          ) : (
            <div key={b.key} data-testid={`paragraph-${b.key}`} className="consultation-paragraph">
              <p>
                <strong>§{b.number}</strong> <span style={{ whiteSpace: 'pre-wrap' }}>{b.text}</span>
              </p>
              <ul className="comments">
                {c.comments
                  .filter((k) => k.version === c.version && k.paragraphKey === b.key)
                  .map((k) => (
                    <CommentItem key={k.id} c={c} k={k} onChange={onChange} />
                  ))}
              </ul>
            </div>
          ),
        )}
      </div>
      {c.abilities.canComment ? <CommentForm c={c} onChange={onChange} /> : null}
      {c.status === 'open' && !c.isOpenForComments ? (
        <p>{t('consultations.closedNote', { deadline: c.deadline })}</p>
      ) : null}
    </Section>
  );
}

function CommentForm({ c, onChange }: { c: ConsultationView; onChange: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const paragraphs = c.blocks.filter((b) => b.kind === 'paragraph');
  const [paragraphKey, setParagraphKey] = useState(paragraphs[0]?.key ?? 'p1');
  const [kind, setKind] = useState<CommentBody['kind']>('comment');
  const [body, setBody] = useState('');
  const [wording, setWording] = useState('');
  const action = useAction(() => {
    setBody('');
    setWording('');
    onChange();
  });
  const errorOf = fieldErrorsOf(action.error);
  const paragraph = paragraphs.find((p) => p.key === paragraphKey);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() =>
      commentOnParagraph(slug, c.id, {
        paragraphKey,
        kind,
        body,
        ...(kind === 'proposed_wording' ? { proposedWording: wording } : {}),
      }),
    );
  };
  const kinds: CommentBody['kind'][] = ['proposed_wording', 'comment', 'support', 'objection'];
  return (
    <form className="form" onSubmit={submit} data-testid="consultation-comment-form">
      <h3>{t('consultations.yourComment')}</h3>
      <Field label={t('consultations.paragraph')} error={errorOf('body.paragraphKey')}>
        <select name="paragraph" value={paragraphKey} onChange={(e) => setParagraphKey(e.target.value)}>
          {paragraphs.map((p) => (
            <option key={p.key} value={p.key}>
              §{p.number} {p.text.slice(0, 60)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('consultations.kind')} error={errorOf('body.kind')}>
        <select
          name="kind"
          value={kind}
          onChange={(e) => {
            const next = kinds.find((k) => k === e.target.value) ?? 'comment';
            setKind(next);
            if (next === 'proposed_wording' && !wording && paragraph) setWording(paragraph.text);
          }}
        >
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t(`consultations.kinds.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      {kind === 'proposed_wording' ? (
        <Field label={t('consultations.proposedWording')} error={errorOf('body.proposedWording')}>
          <textarea name="wording" rows={4} value={wording} onChange={(e) => setWording(e.target.value)} />
        </Field>
      ) : null}
      <Field label={t('consultations.commentText')} error={errorOf('body.body')}>
        <textarea name="body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('consultations.postComment')}
      </button>
      {action.error && !errorOf('body.body') && !errorOf('body.proposedWording') ? (
        <ErrorMessage error={action.error} />
      ) : null}
    </form>
  );
}

function SplitEditor({ c, onChange }: { c: ConsultationView; onChange: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [blocks, setBlocks] = useState(() => c.blocks.map((b) => ({ kind: b.kind, text: b.source })));
  const action = useAction(onChange);
  const update = (i: number, patch: Partial<(typeof blocks)[number]>) =>
    setBlocks((bs) => bs.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  const merge = (i: number) =>
    setBlocks((bs) => [
      ...bs.slice(0, i),
      { kind: bs[i]!.kind, text: `${bs[i]!.text}\n${bs[i + 1]!.text}` },
      ...bs.slice(i + 2),
    ]);
  const split = (i: number, at: number) =>
    setBlocks((bs) => {
      const b = bs[i]!;
      if (at <= 0 || at >= b.text.length) return bs;
      return [
        ...bs.slice(0, i),
        { kind: b.kind, text: b.text.slice(0, at) },
        { kind: 'paragraph', text: b.text.slice(at) },
        ...bs.slice(i + 1),
      ];
    });
  const [cursor, setCursor] = useState<Record<number, number>>({});
  return (
    <Section title={t('consultations.split.title')} testId="consultation-split">
      <p>{t('consultations.split.help')}</p>
      <ol className="split-editor">
        {blocks.map((b, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks are edited in place by position
          <li key={i} data-testid="split-block">
            <select
              aria-label={t('consultations.split.kind')}
              value={b.kind}
              onChange={(e) => update(i, { kind: e.target.value === 'heading' ? 'heading' : 'paragraph' })}
            >
              <option value="heading">{t('consultations.split.heading')}</option>
              <option value="paragraph">{t('consultations.split.paragraph')}</option>
            </select>
            <textarea
              aria-label={t('consultations.split.text')}
              rows={Math.min(6, b.text.split('\n').length + 1)}
              value={b.text}
              onChange={(e) => update(i, { text: e.target.value })}
              onSelect={(e) => setCursor((cs) => ({ ...cs, [i]: e.currentTarget.selectionStart }))}
            />
            <button type="button" onClick={() => split(i, cursor[i] ?? 0)}>
              {t('consultations.split.splitHere')}
            </button>
            {i < blocks.length - 1 ? (
              <button type="button" data-testid="split-merge" onClick={() => merge(i)}>
                {t('consultations.split.mergeNext')}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      <button
        type="button"
        data-testid="split-save"
        disabled={action.busy}
        onClick={() =>
          void action.run(() => correctSplit(slug, c.id, { blocks, expectedSplitRevision: c.splitRevision }))
        }
      >
        {t('consultations.split.save')}
      </button>
      {action.error ? <ErrorMessage error={action.error} /> : null}
    </Section>
  );
}

const langOf = (l: string): ExportLanguage => (l === 'fr' || l === 'ru' ? l : 'en');

function MatrixSection({ c }: { c: ConsultationView }) {
  const { t, i18n } = useTranslation();
  const { slug } = useDialogue();
  const state = useAsync((signal) => getMatrix(slug, c.id, signal), [slug, c.id]);
  const lang = langOf(i18n.language);
  return (
    <Section
      title={t('consultations.view.matrix')}
      testId="consultation-matrix"
      actions={
        <>
          <a href={matrixXlsxUrl(slug, c.id, lang)} data-testid="matrix-xlsx" download>
            {t('consultations.exportXlsx')}
          </a>{' '}
          <a href={matrixDocxUrl(slug, c.id, lang)} data-testid="matrix-docx" download>
            {t('consultations.exportDocx')}
          </a>{' '}
          <a href={matrixPdfUrl(slug, c.id, lang)} data-testid="matrix-pdf" download>
            {t('consultations.exportPdf')}
          </a>
        </>
      }
    >
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        <div className="table-scroll">
          <table data-testid="matrix-table">
            <thead>
              <tr>
                <th scope="col">{t('consultations.paragraph')}</th>
                {state.data.delegations.map((d) => (
                  <th scope="col" key={d.id}>
                    {d.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {state.data.rows
                .filter((r) => r.kind === 'paragraph')
                .map((r) => (
                  <tr key={r.key}>
                    <th scope="row">§{r.number}</th>
                    {state.data.delegations.map((d) => (
                      <td key={d.id}>
                        {r.comments
                          .filter((k) => k.organisation.id === d.id)
                          .map((k) => (
                            <p key={k.id}>
                              {t(`consultations.kinds.${k.kind}`)}
                              {k.response ? ` → ${t(`consultations.responses.${k.response.response}`)}` : ''}
                            </p>
                          ))}
                      </td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Section>
  );
}

function SummarySection({ c }: { c: ConsultationView }) {
  const { t, i18n } = useTranslation();
  const { slug } = useDialogue();
  const [version, setVersion] = useState(0);
  const state = useAsync((signal) => getSummary(slug, c.id, signal), [slug, c.id, version]);
  return (
    <Section
      title={t('consultations.view.summary')}
      testId="consultation-summary"
      actions={
        <a href={summaryDocxUrl(slug, c.id, langOf(i18n.language))} data-testid="summary-docx" download>
          {t('consultations.exportDocx')}
        </a>
      }
    >
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        <SummaryEditor
          key={`${state.data.version}-${state.data.revision}`}
          c={c}
          s={state.data}
          onChange={() => setVersion((v) => v + 1)}
        />
      ) : null}
    </Section>
  );
}

function SummaryEditor({
  c,
  s,
  onChange,
}: {
  c: ConsultationView;
  s: ConsultationSummaryOfComments;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [content, setContent] = useState(s.content);
  const action = useAction(onChange);
  const edit = (si: number, pi: number, text: string) =>
    setContent((x) => ({
      sections: x.sections.map((sec, i) =>
        i === si ? { ...sec, points: sec.points.map((p, j) => (j === pi ? { ...p, text } : p)) } : sec,
      ),
    }));
  const cites = (ids: readonly number[]): ReactNode =>
    ids.length ? (
      <small> ({t('consultations.cites', { ids: ids.map((n) => `#${n}`).join(', ') })})</small>
    ) : null;
  const canEdit = c.abilities.canManage;
  return (
    <div>
      <p>
        {s.revision === 0
          ? t('consultations.summaryGenerated')
          : t('consultations.summaryRevision', {
              n: s.revision,
              at: s.savedAt?.slice(0, 16).replace('T', ' ') ?? '',
            })}
      </p>
      {content.sections.length === 0 ? <p>{t('consultations.summaryEmpty')}</p> : null}
      {content.sections.map((sec, si) => (
        <div key={sec.title} data-testid="summary-section">
          <h3>{sec.title}</h3>
          <ol>
            {sec.points.map((p, pi) => (
              <li key={p.number} value={p.number} data-testid="summary-point">
                {canEdit ? (
                  <textarea
                    aria-label={t('consultations.pointText', { n: p.number })}
                    rows={2}
                    value={p.text}
                    onChange={(e) => edit(si, pi, e.target.value)}
                  />
                ) : (
                  p.text
                )}
                {cites(p.commentIds)}
                <ul>
                  {p.items.map((it) => (
                    <li key={it.commentIds.join('-') || it.text}>
                      {it.text}
                      {cites(it.commentIds)}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </div>
      ))}
      {canEdit ? (
        <p>
          <button
            type="button"
            data-testid="summary-save"
            disabled={action.busy}
            onClick={() =>
              void action.run(() => saveSummary(slug, c.id, { content, expectedRevision: s.revision }))
            }
          >
            {t('consultations.saveSummary')}
          </button>{' '}
          <button
            type="button"
            disabled={action.busy}
            onClick={() => void action.run(() => regenerateSummary(slug, c.id))}
          >
            {t('consultations.regenerate')}
          </button>
        </p>
      ) : null}
      {action.error ? <ErrorMessage error={action.error} /> : null}
    </div>
  );
}

function VersionsSection({ c, onChange }: { c: ConsultationView; onChange: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const state = useAsync(
    (signal) => (c.versions.length > 1 ? compareVersions(slug, c.id, signal) : Promise.resolve(null)),
    [slug, c.id, c.version],
  );
  const [text, setText] = useState(c.text);
  const [note, setNote] = useState('');
  const action = useAction(onChange);
  const errorOf = fieldErrorsOf(action.error);
  return (
    <>
      <Section title={t('consultations.view.versions')} testId="consultation-versions">
        <ul>
          {c.versions.map((v) => (
            <li key={v.version}>
              {t('consultations.versionLine', { n: v.version, at: v.createdAt.slice(0, 10) })}
              {v.note ? ` — ${v.note}` : ''}
            </li>
          ))}
        </ul>
        {state.status === 'success' && state.data ? (
          <div className="table-scroll">
            <table data-testid="compare-table">
              <thead>
                <tr>
                  <th scope="col">{t('consultations.versionN', { n: state.data.from })}</th>
                  <th scope="col">{t('consultations.versionN', { n: state.data.to })}</th>
                  <th scope="col">{t('consultations.status')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.rows.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows of one comparison never reorder
                  <tr key={i} data-status={r.status}>
                    <td>{r.from ? `${r.from.number ? `§${r.from.number} ` : ''}${r.from.text}` : ''}</td>
                    <td>
                      {r.diff ? (
                        <Diff parts={r.diff} />
                      ) : r.to ? (
                        `${r.to.number ? `§${r.to.number} ` : ''}${r.to.text}`
                      ) : (
                        ''
                      )}
                    </td>
                    <td>{t(`consultations.rowStatus.${r.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{t('consultations.treatedTitle')}</h3>
            <ul data-testid="compare-comments">
              {state.data.comments.map((k) => (
                <li key={k.id}>
                  §{k.paragraphNumber} · {k.organisation.name} · {t(`consultations.kinds.${k.kind}`)}:{' '}
                  {k.response
                    ? t(`consultations.responses.${k.response.response}`)
                    : t('consultations.noResponse')}
                  {k.treatment ? ` · ${t(`consultations.rowStatus.${k.treatment.status}`)}` : ''}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Section>
      {c.abilities.canManage ? (
        <Section title={t('consultations.publishVersion')} testId="consultation-publish-version">
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void action.run(() => publishVersion(slug, c.id, { text, ...(note ? { note } : {}) }));
            }}
          >
            <Field label={t('consultations.field.text')} error={errorOf('body.text')}>
              <textarea rows={12} value={text} onChange={(e) => setText(e.target.value)} />
            </Field>
            <Field label={t('consultations.note')}>
              <input value={note} onChange={(e) => setNote(e.target.value)} />
            </Field>
            <button type="submit" disabled={action.busy}>
              {t('consultations.publishVersion')}
            </button>
            {action.error && !errorOf('body.text') ? <ErrorMessage error={action.error} /> : null}
          </form>
        </Section>
      ) : null}
    </>
  );
}
