import { CLASSIFICATIONS, FLAGS } from '@passage/contract/constants';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Page, PageFrame } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import type { DialogueHome } from '../dialogues/api';
import { ClassificationBadge } from '../dialogues/components/classification-badge';
import {
  breakdownKey,
  checkSubmission,
  type DiffRow,
  type DiffView,
  decideSubmission,
  diffSubmission,
  type FindingView,
  fetchSubmission,
  listSubmissionObservations,
  type ObservationView,
  type SubmissionDetail,
  submitSubmission,
} from './api';
import { breakdownLabel } from './breakdown-label';
import { FigureGrid } from './figure-grid';
import { FigureHistoryPanel, type FigureRef } from './figure-history';
import { formatDateTime, formatNumber, formatPercent } from './format';
import { StatusBadge } from './status-badge';
import { useCountryNames } from './use-country-names';

/** Figures shown in the table at most (a large upload is reviewed through the diff export and the checks). */
const MAX_TABLE_ROWS = 500;

interface Loaded {
  detail: SubmissionDetail;
  observations: ObservationView[];
  /** Findings of the rules run now (editable submissions); else the stored ones. */
  findings: FindingView[];
  diff: DiffView | null;
}

export function SubmissionPage() {
  const { id: idParam = '' } = useParams();
  const id = Number(idParam);
  const { t } = useTranslation();
  const { slug, dialogue, can } = useDialogue();
  const [state, setState] = useState<
    { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; data: Loaded }
  >({ status: 'loading' });
  const isManager = can.canReview;

  const load = useCallback(
    async (signal?: AbortSignal): Promise<Loaded> => {
      const detail = await fetchSubmission(slug, id, signal);
      const isEditable = detail.abilities.edit;
      const [observations, findings, diff] = await Promise.all([
        listSubmissionObservations(slug, id, signal),
        isEditable ? checkSubmission(slug, id, signal) : Promise.resolve(detail.findings),
        isManager ? diffSubmission(slug, id, signal) : Promise.resolve(null),
      ]);
      return { detail, observations, findings, diff };
    },
    [slug, id, isManager],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [load]);

  /** Reloads in place (no spinner), e.g. after the grid saved or a decision. */
  const refreshTimer = useRef<number | undefined>(undefined);
  const refresh = useCallback(() => {
    window.clearTimeout(refreshTimer.current);
    refreshTimer.current = window.setTimeout(() => {
      load().then(
        (data) => setState({ status: 'ready', data }),
        () => {
          // Keep what is shown; the next save or action tries again.
        },
      );
    }, 300);
  }, [load]);
  useEffect(() => () => window.clearTimeout(refreshTimer.current), []);

  if (state.status === 'loading') {
    return (
      <PageFrame>
        <Loading />
      </PageFrame>
    );
  }
  if (state.status === 'error') {
    return (
      <PageFrame>
        <ErrorMessage
          error={state.error}
          {...(isApiError(state.error, 404) ? { message: t('exchange.submission.notFound') } : {})}
        />
        <p>
          <Link to={`/d/${slug}/data`}>{t('exchange.backToData')}</Link>
        </p>
      </PageFrame>
    );
  }
  return (
    <SubmissionView
      slug={slug}
      dialogue={dialogue}
      loaded={state.data}
      isManager={isManager}
      onChanged={refresh}
      onReplaced={(detail) => {
        setState({ status: 'ready', data: { ...state.data, detail } });
        refresh();
      }}
    />
  );
}

function SubmissionView({
  slug,
  dialogue,
  loaded,
  isManager,
  onChanged,
  onReplaced,
}: {
  slug: string;
  dialogue: DialogueHome;
  loaded: Loaded;
  isManager: boolean;
  onChanged(): void;
  onReplaced(detail: SubmissionDetail): void;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const countryNames = useCountryNames(lng);
  const { detail, observations, findings, diff } = loaded;
  const [selected, setSelected] = useState<FigureRef | null>(null);
  const reporterName = countryNames.get(detail.reporter) ?? detail.reporter;

  return (
    <Page
      className="submission-page"
      title={t('exchange.submission.title', { id: detail.id })}
      badges={<StatusBadge status={detail.status} />}
      breadcrumbs={[{ to: `/d/${slug}/data`, label: t('exchange.backToData') }]}
    >
      <dl className="facts submission-facts">
        <dt>{t('exchange.reporter')}</dt>
        <dd data-testid="submission-reporter">{reporterName}</dd>
        <dt>{t('exchange.source')}</dt>
        <dd>
          {detail.fileName ??
            t(
              `exchange.sources.${detail.source === 'form' ? 'form' : detail.source === 'json' ? 'json' : 'file'}`,
            )}
        </dd>
        <dt>{t('exchange.createdBy')}</dt>
        <dd>
          {detail.createdBy?.name ?? t('exchange.history.system')} · {formatDateTime(detail.createdAt, lng)}
        </dd>
        <dt>{t('exchange.figures')}</dt>
        <dd data-testid="observation-count">{detail.observationCount}</dd>
      </dl>

      <VisibleTo observations={observations} />

      {detail.abilities.edit ? (
        <FigureGrid
          slug={slug}
          submissionId={detail.id}
          reporter={detail.reporter}
          indicators={dialogue.indicators}
          findings={findings}
          countryNames={countryNames}
          onSaved={onChanged}
        />
      ) : null}

      <FindingsPanel
        slug={slug}
        detail={detail}
        findings={findings}
        observations={observations}
        countryNames={countryNames}
        onSubmitted={onReplaced}
      />

      {detail.abilities.validate || detail.abilities.return || detail.abilities.publish ? (
        <ReviewPanel slug={slug} detail={detail} onDecided={onReplaced} />
      ) : null}

      <div className={selected ? 'with-side-panel' : undefined}>
        <FiguresTable
          observations={observations}
          diff={isManager ? diff : null}
          findings={findings}
          countryNames={countryNames}
          selected={selected}
          onSelect={setSelected}
        />
        {selected ? (
          <FigureHistoryPanel
            slug={slug}
            figure={selected}
            countryNames={countryNames}
            onClose={() => setSelected(null)}
          />
        ) : null}
      </div>

      {detail.comments.length > 0 ? (
        <section className="panel" aria-labelledby="comments-title">
          <h2 id="comments-title">{t('exchange.comments.title')}</h2>
          <ul className="plain-list comment-list" data-testid="submission-comments">
            {detail.comments.map((c) => (
              <li key={`${c.createdAt}-${c.action}`}>
                <p className="muted small">
                  {t(`exchange.actions.${actionKey(c.action)}`)} ·{' '}
                  {c.author?.name ?? t('exchange.history.system')} · {formatDateTime(c.createdAt, lng)}
                </p>
                <p>{c.body}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}

const ACTIONS = ['submit', 'validate', 'return', 'publish'] as const;
const actionKey = (a: string): (typeof ACTIONS)[number] =>
  (ACTIONS as readonly string[]).includes(a) ? (a as (typeof ACTIONS)[number]) : 'submit';

function describeFigure(
  t: TFunction,
  o: { indicator: string; period: string; breakdowns: ObservationView['breakdowns'] } | undefined,
  countryNames: ReadonlyMap<string, string>,
): string | null {
  return o ? `${o.indicator} · ${o.period} · ${breakdownLabel(t, o.breakdowns, countryNames)}` : null;
}

/** Validation results: errors block submitting; each warning needs an explanation. Then Submit. */
function FindingsPanel({
  slug,
  detail,
  findings,
  observations,
  countryNames,
  onSubmitted,
}: {
  slug: string;
  detail: SubmissionDetail;
  findings: readonly FindingView[];
  observations: readonly ObservationView[];
  countryNames: ReadonlyMap<string, string>;
  onSubmitted(detail: SubmissionDetail): void;
}) {
  const { t } = useTranslation();
  const formId = useId();
  const [comments, setComments] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [isSubmitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const commentRefs = useRef(new Map<string, HTMLTextAreaElement>());
  const byId = useMemo(() => new Map(observations.map((o) => [o.id, o])), [observations]);
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const isEditable = detail.abilities.submit;
  const canSubmit = isEditable && errors.length === 0 && detail.observationCount > 0 && !isSubmitting;

  async function handleSubmit() {
    const missing = warnings.find((w) => !comments[w.key]?.trim());
    if (missing) {
      setError(t('exchange.findings.commentsMissing'));
      commentRefs.current.get(missing.key)?.focus();
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const warningComments = Object.fromEntries(
        warnings.map((w) => [w.key, (comments[w.key] ?? '').trim()]),
      );
      const body: { comment?: string; warningComments?: Record<string, string> } = { warningComments };
      if (comment.trim()) body.comment = comment.trim();
      onSubmitted(await submitSubmission(slug, detail.id, body));
    } catch (caught) {
      setError(isApiError(caught) ? (caught.problem.detail ?? t('errors.generic')) : t('errors.generic'));
    } finally {
      setSubmitting(false);
    }
  }

  const renderFinding = (f: FindingView) => {
    const figure = describeFigure(
      t,
      f.observationId !== null ? byId.get(f.observationId) : undefined,
      countryNames,
    );
    const messageId = `${formId}-${f.key}`;
    return (
      <li key={f.key} className={`finding finding--${f.severity}`} data-testid={`finding-${f.severity}`}>
        <p id={messageId}>
          <strong>{t(`exchange.findings.${f.severity}`)}</strong>
          {figure ? <span className="finding__figure"> {figure}</span> : null}
          <br />
          {f.message}
        </p>
        {f.detail ? (
          <details className="finding__detail">
            <summary>{t('exchange.findings.ruleDetail')}</summary>
            <code>{f.detail}</code>
          </details>
        ) : null}
        {f.severity === 'warning' ? (
          isEditable ? (
            <div className="field">
              <label htmlFor={`${messageId}-comment`}>{t('exchange.findings.explain')}</label>
              <textarea
                id={`${messageId}-comment`}
                ref={(el) => {
                  if (el) commentRefs.current.set(f.key, el);
                  else commentRefs.current.delete(f.key);
                }}
                rows={2}
                aria-describedby={messageId}
                value={comments[f.key] ?? ''}
                onChange={(e) => setComments({ ...comments, [f.key]: e.target.value })}
                required
              />
            </div>
          ) : f.comment ? (
            <p className="finding__comment">
              <span className="muted">{t('exchange.findings.explanation')}: </span>
              {f.comment}
            </p>
          ) : null
        ) : null}
      </li>
    );
  };

  return (
    <section className="panel" aria-labelledby="findings-title" data-testid="findings">
      <h2 id="findings-title">{t('exchange.findings.title')}</h2>
      {findings.length === 0 ? (
        <p className="muted" data-testid="no-findings">
          {detail.observationCount === 0 ? t('exchange.findings.noFigures') : t('exchange.findings.none')}
        </p>
      ) : (
        <>
          <p>{t('exchange.findings.summary', { errors: errors.length, warnings: warnings.length })}</p>
          <ul className="plain-list finding-list">{[...errors, ...warnings].map(renderFinding)}</ul>
        </>
      )}
      {isEditable ? (
        <div className="submit-box">
          <div className="field">
            <label htmlFor={`${formId}-comment`}>{t('exchange.findings.submitComment')}</label>
            <textarea
              id={`${formId}-comment`}
              rows={2}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          {error ? (
            <div className="notice notice--error" role="alert">
              {error}
            </div>
          ) : null}
          {errors.length > 0 ? <p className="muted">{t('exchange.findings.fixErrors')}</p> : null}
          <button
            type="button"
            className="button button--primary"
            disabled={!canSubmit}
            onClick={() => void handleSubmit()}
            data-testid="submit-submission"
          >
            {isSubmitting ? t('exchange.findings.submitting') : t('exchange.findings.submit')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

/** Data managers: validate, return with a comment, publish. */
function ReviewPanel({
  slug,
  detail,
  onDecided,
}: {
  slug: string;
  detail: SubmissionDetail;
  onDecided(detail: SubmissionDetail): void;
}) {
  const { t } = useTranslation();
  const commentId = useId();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<null | 'validate' | 'return' | 'publish'>(null);
  const [error, setError] = useState<string | null>(null);

  async function decide(action: 'validate' | 'return' | 'publish') {
    setBusy(action);
    setError(null);
    try {
      onDecided(await decideSubmission(slug, detail.id, action, comment));
      setComment('');
    } catch (caught) {
      setError(isApiError(caught) ? (caught.problem.detail ?? t('errors.generic')) : t('errors.generic'));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel" aria-labelledby="review-title" data-testid="review">
      <h2 id="review-title">{t('exchange.review.title')}</h2>
      <div className="field">
        <label htmlFor={commentId}>{t('exchange.review.comment')}</label>
        <textarea id={commentId} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      {error ? (
        <div className="notice notice--error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="button-row">
        {detail.abilities.validate ? (
          <button
            type="button"
            className="button button--primary"
            disabled={busy !== null}
            onClick={() => void decide('validate')}
          >
            {t('exchange.review.validate')}
          </button>
        ) : null}
        {detail.abilities.publish ? (
          <button
            type="button"
            className="button button--primary"
            disabled={busy !== null}
            onClick={() => void decide('publish')}
          >
            {t('exchange.review.publish')}
          </button>
        ) : null}
        {detail.abilities.return ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy !== null || comment.trim() === ''}
            onClick={() => void decide('return')}
          >
            {t('exchange.review.return')}
          </button>
        ) : null}
      </div>
      {detail.abilities.return ? (
        <p className="muted small">{t('exchange.review.returnNeedsComment')}</p>
      ) : null}
    </section>
  );
}

/** The submission's figures; for data managers with the published value, last year and the change. */
/**
 * Who will see the figures once published, per classification (issue 14): the submitter and the publisher
 * read it before they act, so a public figure is never published by surprise.
 */
function VisibleTo({ observations }: { observations: readonly ObservationView[] }) {
  const { t } = useTranslation();
  const counts = new Map<string, number>();
  for (const o of observations) counts.set(o.classification, (counts.get(o.classification) ?? 0) + 1);
  const classes = CLASSIFICATIONS.filter((c) => counts.has(c));
  if (!classes.length) return null;
  return (
    <section className="panel panel--quiet" aria-labelledby="visible-to-title" data-testid="visible-to">
      <h2 id="visible-to-title" className="panel__title--small">
        {t('exchange.visibleTo.title')}
      </h2>
      <ul className="plain-list">
        {classes.map((c) => (
          <li key={c} data-classification={c}>
            <ClassificationBadge classification={c} />{' '}
            {t(`exchange.visibleTo.${c}`, { count: counts.get(c) })}
          </li>
        ))}
      </ul>
      <p className="muted">{t('exchange.visibleTo.private')}</p>
    </section>
  );
}

function FiguresTable({
  observations,
  diff,
  findings,
  countryNames,
  selected,
  onSelect,
}: {
  observations: readonly ObservationView[];
  diff: DiffView | null;
  findings: readonly FindingView[];
  countryNames: ReadonlyMap<string, string>;
  selected: FigureRef | null;
  onSelect(figure: FigureRef): void;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const diffById = useMemo(
    () => new Map<number, DiffRow>((diff?.rows ?? []).map((r) => [r.observationId, r])),
    [diff],
  );
  const severityById = useMemo(() => {
    const m = new Map<number, 'error' | 'warning'>();
    for (const f of findings) {
      if (f.observationId === null) continue;
      if (f.severity === 'error' || !m.has(f.observationId)) m.set(f.observationId, f.severity);
    }
    return m;
  }, [findings]);
  const shown = observations.slice(0, MAX_TABLE_ROWS);
  const isSelected = (o: ObservationView) =>
    selected !== null &&
    selected.period === o.period &&
    selected.indicator === o.indicator &&
    breakdownKey(selected.breakdowns) === breakdownKey(o.breakdowns);
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : formatNumber(v, lng));

  return (
    <section className="panel" aria-labelledby="figures-title">
      <h2 id="figures-title">{t('exchange.figures')}</h2>
      {diff ? (
        <p className="muted" data-testid="diff-summary">
          {t('exchange.diff.summary', {
            total: diff.summary.total,
            new: diff.summary.new,
            changed: diff.summary.changed,
            unchanged: diff.summary.unchanged,
          })}
        </p>
      ) : null}
      {observations.length === 0 ? (
        <p className="muted">{t('exchange.noFigures')}</p>
      ) : (
        <DataTable
          testId="figures-table"
          rows={shown}
          rowKey={(o) => o.id}
          rowProps={(o) => ({
            className:
              [
                severityById.get(o.id) ? `row--${severityById.get(o.id)}` : '',
                isSelected(o) ? 'row--selected' : '',
              ]
                .join(' ')
                .trim() || undefined,
          })}
          columns={[
            { key: 'indicator', header: t('exchange.indicator'), cell: (o) => o.indicator },
            { key: 'period', header: t('exchange.period'), cell: (o) => o.period },
            {
              key: 'breakdown',
              header: t('exchange.breakdown'),
              cell: (o) => breakdownLabel(t, o.breakdowns, countryNames),
            },
            {
              key: 'value',
              header: t('exchange.value'),
              isNumeric: true,
              cell: (o) => {
                const severity = severityById.get(o.id);
                return (
                  <>
                    {o.value === null ? t('exchange.notAvailable') : num(o.value)}
                    {severity ? (
                      <span className={`finding-mark finding-mark--${severity}`}>
                        {' '}
                        {t(`exchange.findings.${severity}`)}
                      </span>
                    ) : null}
                  </>
                );
              },
            },
            {
              key: 'flags',
              header: t('exchange.flagsHeader'),
              cell: (o) =>
                o.flags.length || o.derived ? (
                  <span className="flag-list" data-testid="figure-flags">
                    {o.flags.map((f) => {
                      const known = FLAGS.find((x) => x === f);
                      return (
                        <span key={f} className="badge badge--muted">
                          {known ? t(`exchange.flag.${known}`) : f}
                        </span>
                      );
                    })}
                    {o.derived ? (
                      <span
                        className="badge badge--muted"
                        data-testid="figure-derived"
                        title={t('exchange.derivedTotalHint')}
                      >
                        {t('exchange.derivedTotal')}
                      </span>
                    ) : null}
                  </span>
                ) : null,
            },
            {
              key: 'comment',
              header: t('exchange.commentHeader'),
              cell: (o) =>
                o.comment ? (
                  <span className="figure-comment" data-testid="figure-comment">
                    {o.comment}
                  </span>
                ) : null,
            },
            diff && {
              key: 'published',
              header: t('exchange.diff.published'),
              isNumeric: true,
              cell: (o) => {
                const d = diffById.get(o.id);
                return d?.published ? num(d.published.value) : t('exchange.diff.new');
              },
            },
            diff && {
              key: 'last-year',
              header: t('exchange.diff.lastYear'),
              isNumeric: true,
              cell: (o) => num(diffById.get(o.id)?.lastYear),
            },
            diff && {
              key: 'yoy',
              header: t('exchange.diff.yoy'),
              isNumeric: true,
              cell: (o) => {
                const yoy = diffById.get(o.id)?.yoyPct;
                return yoy !== null && yoy !== undefined ? formatPercent(yoy, lng) : '';
              },
            },
            {
              key: 'history',
              header: <span className="visually-hidden">{t('exchange.history.title')}</span>,
              cell: (o) => {
                const label = breakdownLabel(t, o.breakdowns, countryNames);
                return (
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    aria-pressed={isSelected(o)}
                    aria-label={t('exchange.history.open', { figure: `${o.indicator} ${o.period} ${label}` })}
                    onClick={() =>
                      onSelect({
                        indicator: o.indicator,
                        reporter: o.reporter,
                        period: o.period,
                        breakdowns: o.breakdowns,
                      })
                    }
                  >
                    {t('exchange.history.button')}
                  </button>
                );
              },
            },
          ]}
        />
      )}
      {observations.length > MAX_TABLE_ROWS ? (
        <p className="muted">
          {t('exchange.tableCapped', { shown: MAX_TABLE_ROWS, total: observations.length })}
        </p>
      ) : null}
    </section>
  );
}
