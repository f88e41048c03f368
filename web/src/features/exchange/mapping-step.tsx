import { DIMENSIONS } from '@passage/contract/constants';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../ui/api-client';
import { DataTable } from '../../ui/data-table';
import { ErrorMessage } from '../../ui/status';
import type { DialogueHome } from '../dialogues/api';
import {
  type ImportError,
  type ImportMappingBody,
  importErrorsOf,
  importThroughMapping,
  type MappedImportView,
  type ProposalView,
  proposeMapping,
  saveMapping,
} from './api';

/** The template's fields a column can hold (the import's own column names). */
const FIELDS = ['indicator', 'reporter', 'period', ...DIMENSIONS, 'value', 'flags', 'comment'] as const;
type Role = ImportMappingBody['columns'][number];
const LEAVE_OUT = '__leave_out__';

/** A column's role as the value of its select (the roles a proposal may offer). */
function roleKey(r: Role): string {
  if (r.kind === 'field') return `field:${r.field}`;
  if (r.kind === 'period') return `period:${r.period}`;
  if (r.kind === 'code') return `code:${r.dimension}:${r.code}`;
  return 'ignore';
}

function roleOf(key: string): Role {
  const [kind, a = '', b = ''] = key.split(':');
  if (kind === 'field') {
    const field = FIELDS.find((f) => f === a);
    if (field) return { kind: 'field', field };
  }
  if (kind === 'period') return { kind: 'period', period: a };
  if (kind === 'code') {
    const dimension = DIMENSIONS.find((d) => d === a);
    if (dimension) return { kind: 'code', dimension, code: b };
  }
  return { kind: 'ignore' };
}

/**
 * The mapping step of an upload, for a file that is not in the template: Passage proposes what each column
 * is; the user fixes each proposal, fixes the indicator (and reporter) for the file, confirms unknown labels
 * once, saves the mapping under a name, checks the whole file (dry run, with the first figures), then imports.
 */
export function MappingStep({
  slug,
  dialogue,
  file,
  reporter,
  saveFor,
}: {
  slug: string;
  dialogue: DialogueHome;
  file: File;
  /** The reporter chosen on the upload form (the secretariat), or undefined (one's own state). */
  reporter: string | undefined;
  /** The state a saved mapping is for (a data provider's own); undefined: the whole dialogue (secretariat). */
  saveFor: string | undefined;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [proposal, setProposal] = useState<ProposalView | null>(null);
  const [mapping, setMapping] = useState<ImportMappingBody | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [name, setName] = useState('');
  const [checked, setChecked] = useState<MappedImportView | null>(null);
  const [rejected, setRejected] = useState<ImportError[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const nameId = useId();
  const indicatorId = useId();
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let isCurrent = true;
    setProposal(null);
    proposeMapping(slug, file)
      .then((p) => {
        if (!isCurrent) return;
        setProposal(p);
        setMapping(p.savedMatch?.mapping ?? p.mapping);
        setName(p.savedMatch?.name ?? file.name.replace(/\.[^.]+$/, ''));
      })
      .catch((e: unknown) => {
        if (!isCurrent) return;
        const errors = importErrorsOf(e);
        if (isApiError(e, 400) && errors.length) setRejected(errors);
        else setFailure(e);
      });
    return () => {
      isCurrent = false;
    };
  }, [slug, file]);

  useEffect(() => {
    if (checked || rejected) resultRef.current?.focus();
  }, [checked, rejected]);

  if (failure) return <ErrorMessage error={failure} />;
  if (!proposal || !mapping)
    return rejected ? (
      <Problems errors={rejected} refEl={resultRef} />
    ) : (
      <p className="muted">{t('exchange.mapping.reading')}</p>
    );

  const setColumn = (i: number, key: string) => {
    setChecked(null);
    setMapping({ ...mapping, columns: mapping.columns.map((c, j) => (j === i ? roleOf(key) : c)) });
  };
  const choices = (i: number): { key: string; label: string }[] => {
    const proposed = proposal.mapping.columns[i];
    const extra =
      proposed && proposed.kind !== 'field' && proposed.kind !== 'ignore'
        ? [{ key: roleKey(proposed), label: roleLabel(proposed) }]
        : [];
    return [
      { key: 'ignore', label: t('exchange.mapping.ignore') },
      ...FIELDS.map((f) => ({ key: `field:${f}`, label: f })),
      ...extra,
    ];
  };
  const roleLabel = (r: Role) =>
    r.kind === 'period'
      ? t('exchange.mapping.monthColumn', { period: r.period })
      : r.kind === 'code'
        ? t('exchange.mapping.codeColumn', { dimension: r.dimension, code: r.code })
        : r.kind === 'field'
          ? r.field
          : t('exchange.mapping.ignore');

  /** The mapping with the confirmed labels (label -> code, or null: leave the rows out). */
  const withAnswers = (): ImportMappingBody => {
    const codes: ImportMappingBody['codes'] = { ...mapping.codes };
    for (const p of proposal.problems) {
      const a = answers[`${p.field}|${p.label}`];
      if (a === undefined || a === '') continue;
      const field = FIELDS.find((f) => f === p.field);
      if (!field) continue;
      codes[field] = { ...(codes[field] ?? {}), [p.label]: a === LEAVE_OUT ? null : a.trim().toUpperCase() };
    }
    return { ...mapping, codes };
  };

  async function run(dryRun: boolean) {
    if (!mapping) return;
    setBusy(true);
    setRejected(null);
    setFailure(null);
    try {
      if (dryRun) {
        const m = withAnswers();
        await saveMapping(slug, name, { mapping: m, ...(saveFor ? { reporter: saveFor } : {}) });
        setMapping(m);
      }
      const r = await importThroughMapping(slug, name, file, { dryRun, ...(reporter ? { reporter } : {}) });
      if (dryRun) setChecked(r);
      else {
        const first = r.submissions[0]?.submissionId;
        if (r.submissions.length === 1 && first) navigate(`/d/${slug}/data/submissions/${first}`);
        else navigate(`/d/${slug}/data`);
      }
    } catch (e) {
      const errors = importErrorsOf(e);
      if (isApiError(e, 400) && errors.length) setRejected(errors);
      else setFailure(e);
      setChecked(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel mapping-step" aria-labelledby="mapping-title" data-testid="mapping-step">
      <h2 id="mapping-title">{t('exchange.mapping.title')}</h2>
      <p>
        {t('exchange.mapping.intro', { file: proposal.fileName })}{' '}
        {proposal.layout !== 'long' ? (
          <strong>{t(`exchange.mapping.layout.${proposal.layout}`)}</strong>
        ) : null}
      </p>
      {proposal.savedMatch ? (
        <p className="notice" data-testid="mapping-saved-match">
          {t('exchange.mapping.savedMatch', { name: proposal.savedMatch.name })}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={indicatorId}>{t('exchange.mapping.fixedIndicator')}</label>
        <select
          id={indicatorId}
          value={mapping.fixed.indicator ?? ''}
          data-testid="mapping-indicator"
          onChange={(e) => {
            setChecked(null);
            const { indicator: _old, ...rest } = mapping.fixed;
            setMapping({ ...mapping, fixed: e.target.value ? { ...rest, indicator: e.target.value } : rest });
          }}
        >
          <option value="">{t('exchange.mapping.indicatorFromColumn')}</option>
          {dialogue.indicators.map((i) => (
            <option key={i.code} value={i.code}>
              {i.code}
            </option>
          ))}
        </select>
      </div>
      <DataTable
        caption={t('exchange.mapping.columnsCaption')}
        rows={proposal.header.map((header, i) => ({ header, i }))}
        rowKey={(r) => r.i}
        columns={[
          { key: 'header', header: t('exchange.mapping.column'), cell: (r) => r.header },
          {
            key: 'sample',
            header: t('exchange.mapping.sample'),
            cell: (r) =>
              proposal.rows
                .slice(0, 3)
                .map((row) => row[r.i] ?? '')
                .join(' · '),
          },
          {
            key: 'role',
            header: t('exchange.mapping.role'),
            cell: (r) => (
              <select
                aria-label={t('exchange.mapping.roleOf', { column: r.header })}
                value={roleKey(mapping.columns[r.i] ?? { kind: 'ignore' })}
                onChange={(e) => setColumn(r.i, e.target.value)}
                data-testid="mapping-role"
              >
                {choices(r.i).map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.label}
                  </option>
                ))}
              </select>
            ),
          },
        ]}
      />
      {proposal.problems.length ? (
        <fieldset className="mapping-labels" data-testid="mapping-labels">
          <legend>{t('exchange.mapping.labelsTitle')}</legend>
          <p className="muted small">{t('exchange.mapping.labelsHint')}</p>
          {proposal.problems.map((p) => {
            const key = `${p.field}|${p.label}`;
            return (
              <div className="field" key={key}>
                <label>
                  {t('exchange.mapping.labelOf', { label: p.label, field: p.field, column: p.column })}{' '}
                  <select
                    value={answers[key] ?? ''}
                    onChange={(e) => {
                      setChecked(null);
                      setAnswers({ ...answers, [key]: e.target.value });
                    }}
                    data-testid="mapping-label-answer"
                  >
                    <option value="">{t('exchange.mapping.chooseCode')}</option>
                    {p.candidates.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                    {['UNK', 'STL']
                      .filter((c) => !p.candidates.includes(c))
                      .map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    <option value={LEAVE_OUT}>{t('exchange.mapping.leaveOut')}</option>
                  </select>
                </label>
              </div>
            );
          })}
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor={nameId}>{t('exchange.mapping.name')}</label>
        <input
          id={nameId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          required
          data-testid="mapping-name"
        />
      </div>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={isBusy || name.trim() === ''}
          onClick={() => void run(true)}
          data-testid="mapping-check"
        >
          {t('exchange.mapping.check')}
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={isBusy || !checked}
          onClick={() => void run(false)}
          data-testid="mapping-import"
        >
          {t('exchange.mapping.import')}
        </button>
      </div>
      {rejected ? <Problems errors={rejected} refEl={resultRef} /> : null}
      {checked ? (
        <div ref={resultRef} tabIndex={-1} className="notice" role="status" data-testid="mapping-checked">
          <p>
            {t('exchange.mapping.checked', {
              count: checked.observations,
              reporters: checked.submissions.map((s) => s.reporter).join(', '),
            })}
            {checked.submissions.some((s) => s.derivedTotals > 0)
              ? ` ${t('exchange.mapping.derived', { count: checked.submissions.reduce((a, s) => a + s.derivedTotals, 0) })}`
              : ''}
          </p>
          <DataTable
            caption={t('exchange.mapping.previewCaption')}
            rows={checked.preview.map((cells, i) => ({ cells, i }))}
            rowKey={(r) => r.i}
            rowProps={() => ({ 'data-testid': 'mapping-preview-row' })}
            columns={[
              { key: 'indicator', header: 'indicator', cell: (r) => r.cells.indicator ?? '' },
              { key: 'reporter', header: 'reporter', cell: (r) => r.cells.reporter ?? '' },
              { key: 'period', header: 'period', cell: (r) => r.cells.period ?? '' },
              {
                key: 'breakdowns',
                header: t('exchange.mapping.breakdowns'),
                cell: (r) =>
                  DIMENSIONS.filter((d) => r.cells[d] && r.cells[d] !== '_T')
                    .map((d) => `${d} ${r.cells[d]}`)
                    .join(', '),
              },
              { key: 'value', header: 'value', isNumeric: true, cell: (r) => r.cells.value ?? '' },
            ]}
          />
        </div>
      ) : null}
    </section>
  );
}

function Problems({
  errors,
  refEl,
}: {
  errors: ImportError[];
  refEl: React.RefObject<HTMLDivElement | null>;
}) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--error" role="alert" ref={refEl} tabIndex={-1} data-testid="mapping-errors">
      <p>{t('exchange.mapping.rejected', { count: errors.length })}</p>
      <ul>
        {errors.slice(0, 50).map((e, i) => (
          // Errors have no id; the list is replaced as a whole.
          // biome-ignore lint/suspicious/noArrayIndexKey: the errors' order is the file's
          <li key={i} data-testid="mapping-error">
            {[
              e.file,
              e.sheet,
              e.row !== undefined && `${t('exchange.upload.errorRow')} ${e.row}`,
              e.column && `${t('exchange.upload.errorColumn')} ${e.column}`,
            ]
              .filter(Boolean)
              .join(', ')}
            {': '}
            {e.field} — {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
