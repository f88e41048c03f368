import {
  type ClipboardEvent,
  type FormEvent,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { ErrorMessage, Loading } from '../../ui/status';
import { pickTranslation } from '../../ui/translated-text';
import type { DialogueIndicator } from '../dialogues/api';
import {
  type Breakdowns,
  breakdownKey,
  conflictCurrentOf,
  DIMENSIONS,
  editFigure,
  type FindingView,
  fullBreakdowns,
  listSubmissionObservations,
  type ObservationView,
  readPublished,
  removeFigure,
  TOTAL_CODE,
} from './api';
import { breakdownDepth, breakdownLabel, dimensionName, isDimension } from './breakdown-label';
import {
  addMonths,
  isPeriod,
  lastCompleteMonths,
  parseCellValue,
  parsePastedBlock,
  periodRange,
  placeBlock,
} from './grid-model';

/** How long the grid waits after the last keystroke before saving the draft. */
const AUTOSAVE_DELAY_MS = 600;
/** How far back the grid looks in the published data for the breakdowns a reporter usually sends. */
const LOOKBACK_MONTHS = 36;

type CellStatus = 'clean' | 'dirty' | 'saving' | 'invalid' | 'error' | 'conflict';

interface Cell {
  text: string;
  /** The text last saved (or loaded); a cell is dirty when `text` differs. */
  savedText: string;
  /** The revision the next save expects (0: no such figure yet). */
  revision: number;
  /** The figure's id in this submission, once it has one. */
  observationId: number | null;
  /** The published value, shown as a hint. */
  published: number | null;
  status: CellStatus;
  error?: string;
  conflict?: ObservationView | null;
}

const cellKey = (row: Breakdowns, period: string) => `${breakdownKey(row)}#${period}`;
const formatValue = (v: number | null) => (v === null ? '' : String(v));

export interface FigureGridProps {
  slug: string;
  submissionId: number;
  reporter: string;
  indicators: readonly DialogueIndicator[];
  findings: readonly FindingView[];
  countryNames: ReadonlyMap<string, string>;
  /** Called after figures were saved (the page re-runs the checks). */
  onSaved(): void;
}

/**
 * The data-entry grid of a draft: breakdowns × periods of one indicator. Real inputs, arrow keys and Enter
 * move between cells, a block copied from a spreadsheet pastes from the focused cell, and every change is
 * saved shortly after typing stops (PUT …/figures, one figure at a time, with the revision it was read at).
 */
export function FigureGrid({
  slug,
  submissionId,
  reporter,
  indicators,
  findings,
  countryNames,
  onSaved,
}: FigureGridProps) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const [params, setParams] = useSearchParams();
  const defaults = useMemo(() => lastCompleteMonths(new Date(), 3), []);
  const indicatorCode = params.get('indicator') ?? indicators[0]?.code ?? '';
  const from = params.get('from') ?? defaults.from;
  const to = params.get('to') ?? defaults.to;
  const periods = useMemo(() => periodRange(from, to), [from, to]);
  const indicator = indicators.find((i) => i.code === indicatorCode);

  const [loadState, setLoadState] = useState<
    { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: unknown }
  >({
    status: 'loading',
  });
  const [attempt, setAttempt] = useState(0);
  const [unsortedRows, setRows] = useState<Breakdowns[]>([]);
  const cellsRef = useRef(new Map<string, Cell>());
  const [, setVersion] = useState(0);
  const rerender = useCallback(() => setVersion((n) => n + 1), []);
  const [hasSaved, setHasSaved] = useState(false);
  const inputs = useRef(new Map<string, HTMLInputElement>());
  const timer = useRef<number | undefined>(undefined);
  const isSaving = useRef(false);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;

  const fromId = useId();
  const toId = useId();
  const indicatorId = useId();
  const statusId = useId();

  // Load the submission's figures and the published ones (revisions to expect, hints, usual breakdowns).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the "Try again" trigger.
  useEffect(() => {
    if (!indicatorCode || periods.length === 0) return;
    const controller = new AbortController();
    setLoadState({ status: 'loading' });
    const first = periods[0]!;
    const last = periods[periods.length - 1]!;
    Promise.all([
      listSubmissionObservations(slug, submissionId, controller.signal),
      readPublished(
        slug,
        { indicator: indicatorCode, reporter, from: addMonths(first, -LOOKBACK_MONTHS), to: last },
        controller.signal,
      ),
    ]).then(
      ([own, published]) => {
        if (controller.signal.aborted) return;
        const inRange = new Set(periods);
        const rowMap = new Map<string, Breakdowns>();
        const total = fullBreakdowns({});
        rowMap.set(breakdownKey(total), total);
        for (const o of published) rowMap.set(breakdownKey(o.breakdowns), o.breakdowns);
        const mine = own.filter((o) => o.indicator === indicatorCode);
        for (const o of mine) if (inRange.has(o.period)) rowMap.set(breakdownKey(o.breakdowns), o.breakdowns);
        const cells = new Map<string, Cell>();
        for (const o of published) {
          if (!inRange.has(o.period)) continue;
          cells.set(cellKey(o.breakdowns, o.period), {
            text: '',
            savedText: '',
            revision: o.revision,
            observationId: null,
            published: o.value,
            status: 'clean',
          });
        }
        for (const o of mine) {
          if (!inRange.has(o.period)) continue;
          const key = cellKey(o.breakdowns, o.period);
          const text = formatValue(o.value);
          cells.set(key, {
            text,
            savedText: text,
            revision: o.revision,
            observationId: o.id,
            published: cells.get(key)?.published ?? null,
            status: 'clean',
          });
        }
        // Keep rows the user added in this session.
        setRows((previous) => {
          for (const r of previous)
            if (!rowMap.has(breakdownKey(r)) && breakdownDepth(r) > 0) rowMap.set(breakdownKey(r), r);
          return [...rowMap.values()];
        });
        cellsRef.current = cells;
        setLoadState({ status: 'ready' });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoadState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [slug, submissionId, reporter, indicatorCode, periods, attempt]);

  // Totals first, then by label in the interface language.
  const rows = useMemo(
    () =>
      [...unsortedRows].sort(
        (a, b) =>
          breakdownDepth(a) - breakdownDepth(b) ||
          breakdownLabel(t, a, countryNames).localeCompare(breakdownLabel(t, b, countryNames), lng),
      ),
    [unsortedRows, t, countryNames, lng],
  );

  const getCell = (row: Breakdowns, period: string): Cell =>
    cellsRef.current.get(cellKey(row, period)) ?? {
      text: '',
      savedText: '',
      revision: 0,
      observationId: null,
      published: null,
      status: 'clean',
    };

  const saveDirty = useCallback(async () => {
    if (isSaving.current) return;
    isSaving.current = true;
    let savedAny = false;
    try {
      for (;;) {
        const next = [...cellsRef.current.entries()].find(([, c]) => c.status === 'dirty');
        if (!next) break;
        const [key, cell] = next;
        const [rowKey, period] = key.split('#') as [string, string];
        const codes = rowKey.split('|');
        const breakdowns = Object.fromEntries(
          DIMENSIONS.map((d, i) => [d, codes[i] ?? TOTAL_CODE]).filter(([, c]) => c !== TOTAL_CODE),
        );
        const sentText = cell.text;
        const parsed = parseCellValue(sentText);
        if (!parsed.ok) {
          cellsRef.current.set(key, { ...cell, status: 'invalid' });
          continue;
        }
        if (parsed.value === null && cell.observationId === null) {
          // Nothing was saved for this cell: an empty cell stays without a figure.
          cellsRef.current.set(key, { ...cell, savedText: sentText, status: 'clean' });
          continue;
        }
        cellsRef.current.set(key, { ...cell, status: 'saving' });
        rerender();
        try {
          if (parsed.value === null) {
            // An emptied cell takes the figure out of this submission (the published value stays as it is).
            const removed = await removeFigure(slug, submissionId, {
              indicator: indicatorCode,
              period,
              breakdowns,
              expectedRevision: cell.revision,
            });
            const now = cellsRef.current.get(key) ?? cell;
            cellsRef.current.set(key, {
              ...now,
              savedText: sentText,
              revision: removed.nextRevision,
              observationId: null,
              status: now.text === sentText ? 'clean' : 'dirty',
            });
            savedAny = true;
            rerender();
            continue;
          }
          const saved = await editFigure(slug, submissionId, {
            indicator: indicatorCode,
            period,
            breakdowns,
            value: parsed.value,
            expectedRevision: cell.revision,
          });
          const now = cellsRef.current.get(key) ?? cell;
          cellsRef.current.set(key, {
            ...now,
            savedText: sentText,
            revision: saved.revision,
            observationId: saved.id,
            status: now.text === sentText ? 'clean' : 'dirty',
          });
          savedAny = true;
        } catch (error) {
          const now = cellsRef.current.get(key) ?? cell;
          if (isApiError(error, 409)) {
            cellsRef.current.set(key, { ...now, status: 'conflict', conflict: conflictCurrentOf(error) });
          } else {
            const message = isApiError(error)
              ? (error.problem.errors?.[0]?.message ?? error.problem.detail ?? t('errors.generic'))
              : t('exchange.grid.unreachable');
            cellsRef.current.set(key, { ...now, status: 'error', error: message });
          }
        }
        rerender();
      }
    } finally {
      isSaving.current = false;
      if (savedAny) {
        setHasSaved(true);
        onSavedRef.current();
      }
      rerender();
    }
  }, [slug, submissionId, indicatorCode, rerender, t]);

  const scheduleSave = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void saveDirty(), AUTOSAVE_DELAY_MS);
  }, [saveDirty]);

  // Save what is pending when leaving the page or switching the range.
  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      void saveDirty();
    },
    [saveDirty],
  );

  function setText(row: Breakdowns, period: string, text: string) {
    const key = cellKey(row, period);
    const cell = getCell(row, period);
    const isChanged = text !== cell.savedText;
    const status: CellStatus =
      cell.status === 'conflict'
        ? 'conflict'
        : !isChanged
          ? 'clean'
          : parseCellValue(text).ok
            ? 'dirty'
            : 'invalid';
    cellsRef.current.set(key, { ...cell, text, status, error: undefined });
  }

  function handleChange(row: Breakdowns, period: string, text: string) {
    setText(row, period, text);
    rerender();
    scheduleSave();
  }

  function focusCell(r: number, c: number) {
    const row = rows[r];
    const period = periods[c];
    if (!row || !period) return;
    const input = inputs.current.get(cellKey(row, period));
    input?.focus();
    input?.select();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>, r: number, c: number) {
    const input = event.currentTarget;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
    const isAllSelected = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    const moves: Record<string, [number, number] | null> = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      Enter: event.shiftKey ? [r - 1, c] : [r + 1, c],
      // Left and right move the caret inside a value, and leave the cell at its edge or when all is selected
      // (as on arrival in a cell), like a spreadsheet.
      ArrowLeft: atStart || isAllSelected ? [r, c - 1] : null,
      ArrowRight: atEnd || isAllSelected ? [r, c + 1] : null,
    };
    const target = moves[event.key];
    if (!target) return;
    event.preventDefault();
    focusCell(target[0], target[1]);
  }

  function handlePaste(event: ClipboardEvent<HTMLInputElement>, r: number, c: number) {
    const block = parsePastedBlock(event.clipboardData.getData('text/plain'));
    if (!block) return;
    event.preventDefault();
    const placed = placeBlock(block, { row: r, col: c }, { rows: rows.length, cols: periods.length });
    for (const p of placed) setText(rows[p.row]!, periods[p.col]!, p.text);
    rerender();
    scheduleSave();
  }

  function resolveConflict(row: Breakdowns, period: string, keep: 'mine' | 'theirs') {
    const cell = getCell(row, period);
    const theirs = cell.conflict;
    const theirText = formatValue(theirs?.value ?? null);
    const revision = theirs?.revision ?? 0;
    const isTheirsInSubmission =
      theirs !== null && theirs !== undefined && theirs.submissionId === submissionId;
    const next: Cell =
      keep === 'theirs'
        ? {
            ...cell,
            text: isTheirsInSubmission ? theirText : '',
            savedText: isTheirsInSubmission ? theirText : '',
            revision,
            observationId: isTheirsInSubmission ? theirs.id : cell.observationId,
            status: 'clean',
          }
        : { ...cell, revision, status: 'dirty' };
    delete next.conflict;
    cellsRef.current.set(cellKey(row, period), next);
    rerender();
    if (keep === 'mine') scheduleSave();
  }

  function updateParams(patch: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    setParams(next, { replace: true });
  }

  const findingsByObservation = useMemo(() => {
    const m = new Map<number, FindingView[]>();
    for (const f of findings) {
      if (f.observationId === null) continue;
      m.set(f.observationId, [...(m.get(f.observationId) ?? []), f]);
    }
    return m;
  }, [findings]);

  const all = [...cellsRef.current.values()];
  const pending = all.filter((c) => c.status === 'dirty' || c.status === 'saving').length;
  const problems = all.filter(
    (c) => c.status === 'invalid' || c.status === 'error' || c.status === 'conflict',
  ).length;
  const conflicts = rows.flatMap((row) =>
    periods.flatMap((period) => {
      const cell = cellsRef.current.get(cellKey(row, period));
      return cell?.status === 'conflict' ? [{ row, period, cell }] : [];
    }),
  );
  const statusText =
    pending > 0
      ? t('exchange.grid.saving')
      : problems > 0
        ? t('exchange.grid.notSaved', { count: problems })
        : hasSaved
          ? t('exchange.grid.saved')
          : t('exchange.grid.noChanges');

  return (
    <section className="panel" aria-labelledby="grid-title" data-testid="figure-grid">
      <h2 id="grid-title">{t('exchange.grid.title')}</h2>
      <p className="muted">{t('exchange.grid.intro')}</p>
      <form className="toolbar" onSubmit={(e: FormEvent) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={indicatorId}>{t('exchange.indicator')}</label>
          <select
            id={indicatorId}
            value={indicatorCode}
            onChange={(e) => updateParams({ indicator: e.target.value })}
          >
            {indicators.map((i) => (
              <option key={i.code} value={i.code}>
                {i.code} · {pickTranslation(i.nameText, lng).text}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fromId}>{t('exchange.grid.from')}</label>
          <input
            id={fromId}
            type="month"
            value={from}
            onChange={(e) => isPeriod(e.target.value) && updateParams({ from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={toId}>{t('exchange.grid.to')}</label>
          <input
            id={toId}
            type="month"
            value={to}
            onChange={(e) => isPeriod(e.target.value) && updateParams({ to: e.target.value })}
          />
        </div>
        <p
          id={statusId}
          className={`save-status${problems > 0 ? ' save-status--problem' : ''}`}
          role="status"
          aria-live="polite"
          data-testid="save-status"
        >
          {statusText}
        </p>
      </form>

      {periods.length === 0 ? (
        <p className="notice notice--error" role="alert">
          {t('exchange.grid.badRange')}
        </p>
      ) : loadState.status === 'loading' ? (
        <Loading />
      ) : loadState.status === 'error' ? (
        <ErrorMessage error={loadState.error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : (
        <>
          {conflicts.length > 0 ? (
            <div className="notice notice--error" role="alert" data-testid="grid-conflicts">
              <h3>{t('exchange.grid.conflictTitle')}</h3>
              <ul className="plain-list">
                {conflicts.map(({ row, period, cell }) => (
                  <li key={cellKey(row, period)}>
                    <p>
                      {t('exchange.grid.conflictText', {
                        figure: `${breakdownLabel(t, row, countryNames)}, ${period}`,
                        theirs: cell.conflict?.value ?? t('exchange.notAvailable'),
                        who: cell.conflict?.recordedBy?.name ?? t('exchange.someoneElse'),
                        mine: cell.text === '' ? t('exchange.notAvailable') : cell.text,
                      })}
                    </p>
                    <button
                      type="button"
                      className="button button--small button--secondary"
                      onClick={() => resolveConflict(row, period, 'theirs')}
                    >
                      {t('exchange.grid.useTheirs')}
                    </button>{' '}
                    <button
                      type="button"
                      className="button button--small button--secondary"
                      onClick={() => resolveConflict(row, period, 'mine')}
                    >
                      {t('exchange.grid.keepMine')}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="grid-scroll">
            <table className="table figure-grid" aria-describedby={statusId}>
              <caption className="visually-hidden">
                {t('exchange.grid.caption', {
                  indicator: indicator ? pickTranslation(indicator.nameText, lng).text : indicatorCode,
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('exchange.breakdown')}</th>
                  {periods.map((p) => (
                    <th scope="col" key={p} className="num">
                      {p}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, r) => {
                  const label = breakdownLabel(t, row, countryNames);
                  return (
                    <tr key={breakdownKey(row)}>
                      <th scope="row">{label}</th>
                      {periods.map((period, c) => {
                        const cell = getCell(row, period);
                        const cellFindings =
                          cell.observationId !== null
                            ? (findingsByObservation.get(cell.observationId) ?? [])
                            : [];
                        const severity = cellFindings.some((f) => f.severity === 'error')
                          ? 'error'
                          : cellFindings.length
                            ? 'warning'
                            : null;
                        const problem =
                          cell.status === 'invalid'
                            ? t('exchange.grid.invalidNumber')
                            : cell.status === 'error'
                              ? cell.error
                              : cell.status === 'conflict'
                                ? t('exchange.grid.conflictShort')
                                : undefined;
                        const hint = [problem, ...cellFindings.map((f) => f.message)]
                          .filter(Boolean)
                          .join(' ');
                        return (
                          <td
                            key={period}
                            className={[
                              'figure-grid__cell',
                              `figure-grid__cell--${cell.status}`,
                              severity ? `figure-grid__cell--finding-${severity}` : '',
                            ].join(' ')}
                          >
                            <input
                              ref={(el) => {
                                const key = cellKey(row, period);
                                if (el) inputs.current.set(key, el);
                                else inputs.current.delete(key);
                              }}
                              type="text"
                              inputMode="decimal"
                              autoComplete="off"
                              className="figure-grid__input"
                              aria-label={t('exchange.grid.cellLabel', { row: label, period })}
                              aria-invalid={problem !== undefined || severity === 'error' ? true : undefined}
                              title={hint || undefined}
                              placeholder={cell.published !== null ? String(cell.published) : undefined}
                              value={cell.text}
                              data-row={r}
                              data-col={c}
                              data-status={cell.status}
                              onChange={(e) => handleChange(row, period, e.target.value)}
                              onKeyDown={(e) => handleKeyDown(e, r, c)}
                              onPaste={(e) => handlePaste(e, r, c)}
                              onBlur={() => {
                                if (pending > 0) {
                                  window.clearTimeout(timer.current);
                                  void saveDirty();
                                }
                              }}
                            />
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="note">{t('exchange.grid.keyboardHelp')}</p>
          {indicator ? (
            <AddRowForm
              indicator={indicator}
              onAdd={(row) =>
                setRows((previous) =>
                  previous.some((p) => breakdownKey(p) === breakdownKey(row)) ? previous : [...previous, row],
                )
              }
            />
          ) : null}
        </>
      )}
    </section>
  );
}

/** Adds a breakdown row (e.g. a citizenship not reported before): one code per dimension, empty = total. */
function AddRowForm({ indicator, onAdd }: { indicator: DialogueIndicator; onAdd(row: Breakdowns): void }) {
  const { t } = useTranslation();
  const formId = useId();
  const dimensions = indicator.breakdowns.filter(isDimension);
  const [codes, setCodes] = useState<Record<string, string>>({});
  if (dimensions.length === 0) return null;

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const row = fullBreakdowns(
      Object.fromEntries(dimensions.map((d) => [d, (codes[d] ?? '').trim().toUpperCase() || TOTAL_CODE])),
    );
    if (breakdownDepth(row) === 0) return;
    onAdd(row);
    setCodes({});
  }

  return (
    <form className="toolbar" onSubmit={handleSubmit} aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="toolbar__title">
        {t('exchange.grid.addRow')}
      </h3>
      {dimensions.map((d) => (
        <div className="field" key={d}>
          <label htmlFor={`${formId}-${d}`}>{dimensionName(t, d)}</label>
          <input
            id={`${formId}-${d}`}
            type="text"
            size={8}
            value={codes[d] ?? ''}
            onChange={(e) => setCodes({ ...codes, [d]: e.target.value })}
          />
        </div>
      ))}
      <button type="submit" className="button button--secondary">
        {t('exchange.grid.addRowButton')}
      </button>
    </form>
  );
}
