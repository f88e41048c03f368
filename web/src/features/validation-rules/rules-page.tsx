/**
 * /d/:slug/rules: the secretariat's validation rules, DHIS2-style — each a left side, an operator and a right
 * side over the figure's variables, for some indicators and breakdown codes, with a severity — how many
 * figures each flagged (submissions of the last 30 days, the latest re-run), creating, editing and retiring
 * rules, and re-running them over published figures with the violations as CSV. Members read; data managers
 * change (the server decides; a refusal is shown).
 */
import './rules.css';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDialogue } from '../../ui/dialogue-context';
import { Page } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { DIMENSIONS } from '../exchange/api';
import { dimensionName, isDimension } from '../exchange/breakdown-label';
import {
  createRule,
  fetchRules,
  fetchRuns,
  type RuleInput,
  type RuleView,
  type RunView,
  SIDE_OPERATORS,
  type SideOperator,
  startRun,
  updateRule,
  violationsCsvUrl,
} from './api';

export function RulesPage() {
  const { t } = useTranslation();
  const { slug, dialogue, can } = useDialogue();
  const rules = useAsync((signal) => fetchRules(slug, signal), [slug]);
  const [editing, setEditing] = useState<RuleView | 'new' | null>(null);
  const isManager = can.canManageValidationRules;
  const indicators = dialogue.indicators.map((i) => i.code);

  return (
    <Page
      title={t('rules.title')}
      lead={t('rules.intro')}
      className="rules-page"
      breadcrumbs={[{ to: `/d/${encodeURIComponent(slug)}/definitions`, label: t('definitions.title') }]}
    >
      {rules.status === 'loading' ? (
        <Loading />
      ) : rules.status === 'error' ? (
        <ErrorMessage error={rules.error} onRetry={rules.reload} />
      ) : (
        <>
          <section className="panel" aria-labelledby="rules-list">
            <div className="toolbar">
              <h2 id="rules-list">{t('rules.listTitle')}</h2>
              {isManager ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => setEditing('new')}
                  data-testid="new-rule"
                >
                  {t('rules.new')}
                </button>
              ) : null}
            </div>
            {editing ? (
              <RuleForm
                key={editing === 'new' ? 'new' : `${editing.id}-${editing.revision}`}
                slug={slug}
                initial={editing === 'new' ? null : editing}
                indicators={indicators}
                onDone={(saved) => {
                  setEditing(null);
                  if (saved) rules.reload();
                }}
              />
            ) : null}
            {rules.data.isUsingDefaults ? <p className="muted">{t('rules.usingDefaults')}</p> : null}
            <RulesTable
              slug={slug}
              rules={rules.data.isUsingDefaults ? rules.data.defaults : rules.data.rules}
              isManager={isManager && !rules.data.isUsingDefaults}
              onEdit={setEditing}
              onChanged={rules.reload}
            />
          </section>
          {isManager ? <RunsSection slug={slug} onFinished={rules.reload} /> : null}
        </>
      )}
    </Page>
  );
}

function scopeText(t: TFunction, r: RuleView): string {
  const indicators = r.indicators.length
    ? r.indicators.join(', ')
    : (r.indicator ?? t('rules.allIndicators'));
  const filters = Object.entries(r.breakdowns)
    .filter(([, codes]) => codes.length)
    .map(([d, codes]) => `${isDimension(d) ? dimensionName(t, d) : d}: ${codes.join(', ')}`);
  return [indicators, ...filters].join(' · ');
}

function RulesTable({
  slug,
  rules,
  isManager,
  onEdit,
  onChanged,
}: {
  slug: string;
  rules: RuleView[];
  isManager: boolean;
  onEdit: (r: RuleView) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  async function toggle(r: RuleView) {
    setError(null);
    try {
      await updateRule(slug, r.id!, { isEnabled: !r.isEnabled, expectedRevision: r.revision });
      onChanged();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="table-scroll">
        <table className="table" data-testid="rules-table">
          <thead>
            <tr>
              <th scope="col">{t('rules.name')}</th>
              <th scope="col">{t('rules.appliesTo')}</th>
              <th scope="col">{t('rules.rule')}</th>
              <th scope="col">{t('rules.severity')}</th>
              <th scope="col">{t('rules.flaggedSubmissions')}</th>
              <th scope="col">{t('rules.flaggedLastRun')}</th>
              <th scope="col">{t('rules.status')}</th>
              {isManager ? <th scope="col">{t('rules.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.key} data-rule={r.name}>
                <th scope="row">{r.name}</th>
                <td>{scopeText(t, r)}</td>
                <td>
                  <code>{r.leftSide ? `${r.leftSide} ${r.operator} ${r.rightSide}` : r.expression}</code>
                </td>
                <td>{t(`rules.severities.${r.severity}`)}</td>
                <td className="num" data-testid="flagged-submissions">
                  {r.flagged.inSubmissions}
                </td>
                <td className="num" data-testid="flagged-run">
                  {r.flagged.inLastRun ?? '–'}
                </td>
                <td>{r.isEnabled ? t('rules.active') : t('rules.retired')}</td>
                {isManager ? (
                  <td>
                    <button type="button" className="button button--secondary" onClick={() => onEdit(r)}>
                      {t('rules.edit')}
                    </button>{' '}
                    <button type="button" className="button button--secondary" onClick={() => void toggle(r)}>
                      {r.isEnabled ? t('rules.retire') : t('rules.reactivate')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Parameters written `name=number, …` (e.g. `limit=1000`). */
function parseParams(text: string): Record<string, number> {
  return Object.fromEntries(
    text
      .split(',')
      .map((p) => p.split('=').map((x) => x.trim()))
      .filter((p): p is [string, string] => p.length === 2 && !!p[0] && !!p[1])
      .map(([k, v]) => [k, Number(v)]),
  );
}

function RuleForm({
  slug,
  initial,
  indicators,
  onDone,
}: {
  slug: string;
  initial: RuleView | null;
  indicators: string[];
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [leftSide, setLeft] = useState(initial?.leftSide ?? initial?.expression ?? 'value');
  const [operator, setOperator] = useState<SideOperator>(initial?.operator ?? '>=');
  const [rightSide, setRight] = useState(initial?.rightSide ?? (initial ? '1' : '0'));
  const [severity, setSeverity] = useState(initial?.severity ?? 'error');
  const [chosen, setChosen] = useState<string[]>(initial?.indicators ?? []);
  const [dimension, setDimension] = useState(Object.keys(initial?.breakdowns ?? {})[0] ?? '');
  const [codes, setCodes] = useState((Object.values(initial?.breakdowns ?? {})[0] ?? []).join(', '));
  const [params, setParams] = useState(
    Object.entries(initial?.params ?? {})
      .filter(([, v]) => typeof v === 'number')
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
  );
  const [error, setError] = useState<unknown>(null);
  const [isSaving, setSaving] = useState(false);

  async function handleSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    const list = codes.split(/[\s,;]+/).filter(Boolean);
    const body: RuleInput = {
      name,
      leftSide,
      operator,
      rightSide,
      severity,
      indicators: chosen,
      breakdowns: dimension && list.length ? { [dimension]: list } : {},
      params: parseParams(params),
      message: initial?.message ?? null,
    };
    try {
      if (initial?.id) await updateRule(slug, initial.id, { ...body, expectedRevision: initial.revision });
      else await createRule(slug, body);
      onDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="definition-form" onSubmit={(e) => void handleSubmit(e)} data-testid="rule-form">
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('rules.name')}</label>
        <input id={`${id}-name`} required value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="rule-sides">
        <div className="field">
          <label htmlFor={`${id}-left`}>{t('rules.leftSide')}</label>
          <input id={`${id}-left`} required value={leftSide} onChange={(e) => setLeft(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-op`}>{t('rules.operator')}</label>
          <select
            id={`${id}-op`}
            value={operator}
            onChange={(e) => setOperator(SIDE_OPERATORS.find((o) => o === e.target.value) ?? '==')}
          >
            {SIDE_OPERATORS.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-right`}>{t('rules.rightSide')}</label>
          <input id={`${id}-right`} required value={rightSide} onChange={(e) => setRight(e.target.value)} />
        </div>
      </div>
      <p className="muted">{t('rules.variablesHelp')}</p>
      <div className="field">
        <label htmlFor={`${id}-params`}>{t('rules.params')}</label>
        <input id={`${id}-params`} value={params} onChange={(e) => setParams(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-severity`}>{t('rules.severity')}</label>
        <select
          id={`${id}-severity`}
          value={severity}
          onChange={(e) => setSeverity(e.target.value === 'warning' ? 'warning' : 'error')}
        >
          <option value="error">{t('rules.severities.error')}</option>
          <option value="warning">{t('rules.severities.warning')}</option>
        </select>
      </div>
      <fieldset className="field-group">
        <legend>{t('rules.indicators')}</legend>
        {indicators.map((code) => (
          <div className="field--checkbox" key={code}>
            <input
              id={`${id}-ind-${code}`}
              type="checkbox"
              checked={chosen.includes(code)}
              onChange={(e) =>
                setChosen(e.target.checked ? [...chosen, code] : chosen.filter((c) => c !== code))
              }
            />
            <label htmlFor={`${id}-ind-${code}`}>{code}</label>
          </div>
        ))}
        <span className="muted">{t('rules.indicatorsHelp')}</span>
      </fieldset>
      <div className="rule-sides">
        <div className="field">
          <label htmlFor={`${id}-dim`}>{t('rules.breakdown')}</label>
          <select id={`${id}-dim`} value={dimension} onChange={(e) => setDimension(e.target.value)}>
            <option value="">{t('rules.anyBreakdown')}</option>
            {DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {dimensionName(t, d)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-codes`}>{t('rules.codes')}</label>
          <input
            id={`${id}-codes`}
            value={codes}
            disabled={!dimension}
            onChange={(e) => setCodes(e.target.value)}
          />
        </div>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="toolbar">
        <button type="submit" className="button" disabled={isSaving}>
          {t('rules.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => onDone(false)}>
          {t('rules.cancel')}
        </button>
      </div>
    </form>
  );
}

function RunsSection({ slug, onFinished }: { slug: string; onFinished: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const runs = useAsync((signal) => fetchRuns(slug, signal), [slug]);
  const [range, setRange] = useState({ from: '', to: '' });
  const [error, setError] = useState<unknown>(null);
  const pending =
    runs.status === 'success' && runs.data.runs.some((r) => r.status === 'queued' || r.status === 'running');
  // While a run is in progress, look again every few seconds.
  useEffect(() => {
    if (!pending) return;
    const timer = window.setTimeout(() => {
      runs.reload();
      onFinished();
    }, 3000);
    return () => window.clearTimeout(timer);
  }, [pending, runs, onFinished]);

  async function handleRun(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await startRun(slug, { ...(range.from && { from: range.from }), ...(range.to && { to: range.to }) });
      runs.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="panel" aria-labelledby="rules-runs">
      <h2 id="rules-runs">{t('rules.runsTitle')}</h2>
      <p className="muted">{t('rules.runsIntro')}</p>
      <form className="toolbar" onSubmit={(e) => void handleRun(e)} data-testid="run-form">
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('rules.from')}</label>
          <input
            id={`${id}-from`}
            type="month"
            value={range.from}
            onChange={(e) => setRange({ ...range, from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('rules.to')}</label>
          <input
            id={`${id}-to`}
            type="month"
            value={range.to}
            onChange={(e) => setRange({ ...range, to: e.target.value })}
          />
        </div>
        <button type="submit" className="button">
          {t('rules.runNow')}
        </button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
      {runs.status === 'success' && runs.data.runs.length ? (
        <table className="table" data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">{t('rules.months')}</th>
              <th scope="col">{t('rules.status')}</th>
              <th scope="col">{t('rules.figuresChecked')}</th>
              <th scope="col">{t('rules.violations')}</th>
              <th scope="col">{t('rules.export')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.runs.map((r: RunView) => (
              <tr key={r.id} data-run={r.id}>
                <td>
                  {r.from} – {r.to}
                </td>
                <td>
                  {r.status === 'failed'
                    ? `${t(`rules.runStatus.${r.status}`)}: ${r.error ?? ''}`
                    : t(`rules.runStatus.${r.status}`)}
                </td>
                <td className="num">{r.figuresChecked}</td>
                <td className="num">{r.violations}</td>
                <td>
                  {r.status === 'done' ? (
                    <a href={violationsCsvUrl(slug, r.id)} download data-testid="violations-csv">
                      {t('rules.csv')}
                    </a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
