import './definitions.css';
import { LOCALES } from '@passage/contract/constants';
import { type FormEvent, Fragment, type ReactNode, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../ui/api-client';
import { type Column, DataTable } from '../../ui/data-table';
import { RequireAbility, useDialogue } from '../../ui/dialogue-context';
import { FieldError } from '../../ui/form';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { TranslatedText, type TranslatedTextValue } from '../../ui/translated-text';
import { useAsync } from '../../ui/use-async';
import { SharedWithChoice } from '../dialogues/components/shared-with-choice';
import { DIMENSIONS, type Dimension } from '../exchange/api';
import { dimensionName, isDimension } from '../exchange/breakdown-label';
import {
  type CalendarEntryInput,
  type CalendarView,
  CLASSIFICATIONS,
  type Classification,
  createIndicator,
  createRoute,
  type DefinitionsView,
  fetchDefinitions,
  fetchOverdue,
  type IndicatorDefinition,
  type RouteDefinition,
  type RouteUpdateBody,
  removeCalendarEntry,
  saveCalendar,
  updateIndicator,
  updateRoute,
} from './api';
import { ChaseSettingsSection, ReopenSection, ReportingRatesSection } from './chase-sections';

/** The interface languages: a name is entered in each. */
const NAME_LANGUAGES = LOCALES;

/** The known dimensions among `list`, in its order (the server lists breakdowns as plain strings). */
const asDimensions = (list: readonly string[]): Dimension[] =>
  list.flatMap((b) => DIMENSIONS.filter((d) => d === b));

/** A route line the server accepts (GeoJSON LineString or MultiLineString: a type and coordinates). */
function isGeoJsonLine(value: unknown): value is NonNullable<RouteUpdateBody['geometry']> {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    typeof value.type === 'string' &&
    'coordinates' in value &&
    Array.isArray(value.coordinates)
  );
}

/** The breakdown's name in the interface language (its code if it is not a known dimension). */
function useDimensionLabel() {
  const { t } = useTranslation();
  return (d: string) => (isDimension(d) ? dimensionName(t, d) : d);
}

/** /d/:slug/definitions: the secretariat defines indicators, routes and the reporting calendar. */
export function DefinitionsPage() {
  const { t } = useTranslation();
  return (
    <Page className="definitions-page" title={t('definitions.title')} lead={t('definitions.intro')}>
      <RequireAbility ability="canManageDefinitions" denied={t('definitions.noAccess')}>
        <DefinitionsDesk />
      </RequireAbility>
    </Page>
  );
}

/** The secretariat's desk: only rendered for the secretariat, so nobody else sends a request that is refused. */
function DefinitionsDesk() {
  const { t } = useTranslation();
  const { slug, reload: reloadDialogue } = useDialogue();
  const defs = useAsync((signal) => fetchDefinitions(slug, signal), [slug]);
  if (defs.status === 'loading') return <Loading />;
  if (defs.status === 'error') return <ErrorMessage error={defs.error} onRetry={defs.reload} />;
  // Indicators and routes are also part of the dialogue every page shows: refresh it too.
  const onDefinitionsChanged = () => {
    defs.reload();
    reloadDialogue();
  };
  return (
    <>
      <IndicatorsSection slug={slug} defs={defs.data} onChanged={onDefinitionsChanged} />
      <RoutesSection slug={slug} defs={defs.data} onChanged={onDefinitionsChanged} />
      <CalendarSection slug={slug} calendar={defs.data.calendar} onChanged={defs.reload} />
      <OverdueSection slug={slug} />
      <ReportingRatesSection slug={slug} />
      <ChaseSettingsSection slug={slug} />
      <ReopenSection
        slug={slug}
        memberStates={defs.data.memberStates}
        indicators={defs.data.indicators.map((i) => i.code)}
      />
      <p>
        <Link to={`/d/${slug}/rules`} data-testid="rules-link">
          {t('rules.link')}
        </Link>
      </p>
    </>
  );
}

/**
 * Indicators or routes: a "New" button and a table (code, name, `columns`, revision, "Edit"). "New" and
 * "Edit" open the form `renderForm` makes above the table; a saved form reloads the definitions.
 */
function DefinitionSection<
  T extends { id: number; revision: number; code: string; name: TranslatedTextValue },
>({
  kind,
  title,
  newLabel,
  items,
  columns,
  renderForm,
  onChanged,
}: {
  kind: 'indicator' | 'route';
  title: string;
  newLabel: string;
  items: readonly T[];
  columns: readonly Column<T>[];
  renderForm: (initial: T | null, onDone: (saved: boolean) => void) => ReactNode;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  return (
    <Section
      title={title}
      headingId={`definitions-${kind}s`}
      actions={
        <button
          type="button"
          className="button"
          onClick={() => setEditing('new')}
          data-testid={`new-${kind}`}
        >
          {newLabel}
        </button>
      }
    >
      {editing ? (
        <Fragment key={editing === 'new' ? 'new' : `${editing.id}-${editing.revision}`}>
          {renderForm(editing === 'new' ? null : editing, (saved) => {
            setEditing(null);
            if (saved) onChanged();
          })}
        </Fragment>
      ) : null}
      <DataTable
        testId={`${kind}-definitions`}
        rows={items}
        rowKey={(item) => item.id}
        rowProps={(item) => ({ 'data-code': item.code })}
        columns={[
          {
            key: 'code',
            header: t('definitions.fields.code'),
            isRowHeader: true,
            sortBy: (item) => item.code,
            cell: (item) => item.code,
          },
          {
            key: 'name',
            header: t('definitions.fields.name'),
            cell: (item) => <TranslatedText value={item.name} />,
          },
          ...columns,
          {
            key: 'revision',
            header: t('definitions.fields.revision'),
            isNumeric: true,
            cell: (item) => item.revision,
          },
          {
            key: 'edit',
            header: <span className="visually-hidden">{t('definitions.edit')}</span>,
            cell: (item) => (
              <button type="button" className="button button--secondary" onClick={() => setEditing(item)}>
                {t('definitions.edit')}
              </button>
            ),
          },
        ]}
      />
    </Section>
  );
}

// ---------- indicators ----------

function IndicatorsSection({
  slug,
  defs,
  onChanged,
}: {
  slug: string;
  defs: DefinitionsView;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const label = useDimensionLabel();
  return (
    <DefinitionSection
      kind="indicator"
      title={t('definitions.indicators.title')}
      newLabel={t('definitions.indicators.new')}
      items={defs.indicators}
      columns={[
        { key: 'unit', header: t('definitions.fields.unit'), cell: (i) => i.unit },
        {
          key: 'breakdowns',
          header: t('definitions.fields.breakdowns'),
          cell: (i) =>
            i.breakdowns
              .map((b) =>
                i.additiveBreakdowns.includes(b)
                  ? `${label(b)} (${t('definitions.indicators.addsUpShort')})`
                  : label(b),
              )
              .join(', '),
        },
        { key: 'valid-to', header: t('definitions.fields.validTo'), cell: (i) => i.validTo ?? '—' },
      ]}
      renderForm={(initial, onDone) => (
        <IndicatorForm slug={slug} dimensions={defs.dimensions} initial={initial} onDone={onDone} />
      )}
      onChanged={onChanged}
    />
  );
}

function NameInputs({
  value,
  onChange,
  error,
}: {
  value: Record<string, string>;
  onChange: (v: Record<string, string>) => void;
  error: unknown;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="field-group">
      <legend>{t('definitions.fields.name')}</legend>
      {NAME_LANGUAGES.map((lang) => (
        <div className="field" key={lang}>
          <label htmlFor={`${id}-${lang}`}>{t(`languages.${lang}`)}</label>
          <input
            id={`${id}-${lang}`}
            lang={lang}
            name={`name-${lang}`}
            value={value[lang] ?? ''}
            onChange={(e) => onChange({ ...value, [lang]: e.target.value })}
          />
        </div>
      ))}
      <FieldError error={error} field="body.name" />
    </fieldset>
  );
}

/** The JSON value of `text`, or undefined when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const withoutBlank = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));

function IndicatorForm({
  slug,
  dimensions,
  initial,
  onDone,
}: {
  slug: string;
  dimensions: string[];
  initial: IndicatorDefinition | null;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const label = useDimensionLabel();
  const id = useId();
  const [code, setCode] = useState(initial?.code ?? '');
  const [names, setNames] = useState<Record<string, string>>(initial?.name.values ?? {});
  const [unit, setUnit] = useState(initial?.unit ?? 'detections');
  const [breakdowns, setBreakdowns] = useState<string[]>(initial?.breakdowns ?? []);
  const [additive, setAdditive] = useState<string[]>(initial?.additiveBreakdowns ?? []);
  const [classification, setClassification] = useState<Classification>(initial?.classification ?? 'dialogue');
  const [sharedWith, setSharedWith] = useState<number[]>(initial?.sharedWithOrgIds ?? []);
  const [validTo, setValidTo] = useState(initial?.validTo ?? '');
  const [error, setError] = useState<unknown>(null);
  const [isSaving, setIsSaving] = useState(false);

  const toggle = (list: string[], set: (l: string[]) => void, d: string, on: boolean) =>
    set(on ? [...list, d] : list.filter((x) => x !== d));

  async function handleSubmit(e: FormEvent) {
    e.preventDefault();
    setIsSaving(true);
    setError(null);
    const body = {
      code,
      name: { source: initial?.name.source ?? 'en', values: withoutBlank(names) },
      unit,
      breakdowns: asDimensions(breakdowns),
      additiveBreakdowns: asDimensions(additive),
      classification,
      sharedWithOrgIds: classification === 'restricted' ? sharedWith : [],
      validTo: validTo || null,
    };
    try {
      if (initial) await updateIndicator(slug, initial.id, { ...body, expectedRevision: initial.revision });
      else await createIndicator(slug, body);
      onDone(true);
    } catch (err) {
      setError(err);
      setIsSaving(false);
    }
  }

  return (
    <form className="definition-form" onSubmit={(e) => void handleSubmit(e)} data-testid="indicator-form">
      <h3>
        {initial
          ? t('definitions.indicators.editTitle', { code: initial.code })
          : t('definitions.indicators.new')}
      </h3>
      <div className="field">
        <label htmlFor={`${id}-code`}>{t('definitions.fields.code')}</label>
        <input
          id={`${id}-code`}
          name="code"
          value={code}
          disabled={!!initial?.hasObservations}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
        />
        {initial?.hasObservations ? (
          <span className="muted small">{t('definitions.indicators.codeLocked')}</span>
        ) : null}
        <FieldError error={error} field="body.code" />
      </div>
      <NameInputs value={names} onChange={setNames} error={error} />
      <div className="field">
        <label htmlFor={`${id}-unit`}>{t('definitions.fields.unit')}</label>
        <input id={`${id}-unit`} name="unit" value={unit} onChange={(e) => setUnit(e.target.value)} />
        <FieldError error={error} field="body.unit" />
      </div>
      <fieldset className="field-group">
        <legend>{t('definitions.fields.breakdowns')}</legend>
        <p className="muted small">{t('definitions.indicators.addsUpHelp')}</p>
        {dimensions.map((d) => (
          <div className="field field--checkbox" key={d}>
            <input
              id={`${id}-b-${d}`}
              type="checkbox"
              name={`breakdown-${d}`}
              checked={breakdowns.includes(d)}
              onChange={(e) => {
                toggle(breakdowns, setBreakdowns, d, e.target.checked);
                if (!e.target.checked) setAdditive(additive.filter((x) => x !== d));
              }}
            />
            <label htmlFor={`${id}-b-${d}`}>{label(d)}</label>
            <input
              id={`${id}-a-${d}`}
              type="checkbox"
              name={`additive-${d}`}
              checked={additive.includes(d)}
              disabled={!breakdowns.includes(d)}
              onChange={(e) => toggle(additive, setAdditive, d, e.target.checked)}
            />
            <label htmlFor={`${id}-a-${d}`}>{t('definitions.indicators.addsUp')}</label>
          </div>
        ))}
        <FieldError error={error} field="body.breakdowns" />
        <FieldError error={error} field="body.additiveBreakdowns" />
      </fieldset>
      <ClassificationSelect
        slug={slug}
        value={classification}
        onChange={setClassification}
        sharedWith={sharedWith}
        onSharedWithChange={setSharedWith}
        error={error}
      />
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('definitions.indicators.retireOn')}</label>
        <input
          id={`${id}-to`}
          type="date"
          name="validTo"
          value={validTo}
          onChange={(e) => setValidTo(e.target.value)}
        />
        <FieldError error={error} field="body.validTo" />
      </div>
      <FormFooter error={error} isSaving={isSaving} onCancel={() => onDone(false)} />
    </form>
  );
}

/** The classification, and with `restricted` the organisations of the dialogue the record is shared with. */
function ClassificationSelect({
  slug,
  value,
  onChange,
  sharedWith,
  onSharedWithChange,
  error,
}: {
  slug: string;
  value: Classification;
  onChange: (c: Classification) => void;
  sharedWith: number[];
  onSharedWithChange: (ids: number[]) => void;
  error: unknown;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{t('definitions.fields.classification')}</label>
        <select
          id={id}
          name="classification"
          value={value}
          // The options are CLASSIFICATIONS, so the value is one of them.
          onChange={(e) => onChange(e.target.value as Classification)}
        >
          {CLASSIFICATIONS.map((c) => (
            <option key={c} value={c}>
              {t(`classification.${c}`)}
            </option>
          ))}
        </select>
        <FieldError error={error} field="body.classification" />
      </div>
      {value === 'restricted' ? (
        <SharedWithChoice slug={slug} value={sharedWith} onChange={onSharedWithChange} error={error} />
      ) : null}
    </>
  );
}

/** Save/cancel, a conflict notice (409), and errors that belong to no single field. */
function FormFooter({
  error,
  isSaving,
  onCancel,
}: {
  error: unknown;
  isSaving: boolean;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const hasFieldErrors = isApiError(error) && (error.problem.errors ?? []).length > 0;
  return (
    <>
      {isApiError(error, 409) && error.code === 'CONFLICT' ? (
        <p className="notice notice--error" role="alert">
          {t('definitions.conflict')}
        </p>
      ) : error && !hasFieldErrors ? (
        <ErrorMessage error={error} />
      ) : null}
      <div className="toolbar">
        <button type="submit" className="button" disabled={isSaving}>
          {isSaving ? t('definitions.saving') : t('definitions.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('definitions.cancel')}
        </button>
      </div>
    </>
  );
}

// ---------- routes ----------

function RoutesSection({
  slug,
  defs,
  onChanged,
}: {
  slug: string;
  defs: DefinitionsView;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  return (
    <DefinitionSection
      kind="route"
      title={t('definitions.routes.title')}
      newLabel={t('definitions.routes.new')}
      items={defs.routes}
      columns={[
        { key: 'countries', header: t('definitions.fields.countries'), cell: (r) => r.countries.join(' → ') },
        {
          key: 'valid-from',
          header: t('definitions.fields.validFrom'),
          sortBy: (r) => r.validFrom,
          cell: (r) => r.validFrom,
        },
        { key: 'valid-to', header: t('definitions.fields.validTo'), cell: (r) => r.validTo ?? '—' },
      ]}
      renderForm={(initial, onDone) => <RouteForm slug={slug} initial={initial} onDone={onDone} />}
      onChanged={onChanged}
    />
  );
}

function RouteForm({
  slug,
  initial,
  onDone,
}: {
  slug: string;
  initial: RouteDefinition | null;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [code, setCode] = useState(initial?.code ?? '');
  const [names, setNames] = useState<Record<string, string>>(initial?.name.values ?? {});
  const [countries, setCountries] = useState(initial?.countries.join(', ') ?? '');
  const [geometry, setGeometry] = useState('');
  const [validFrom, setValidFrom] = useState(initial?.validFrom ?? '');
  const [validTo, setValidTo] = useState(initial?.validTo ?? '');
  const [classification, setClassification] = useState<Classification>(initial?.classification ?? 'dialogue');
  const [sharedWith, setSharedWith] = useState<number[]>(initial?.sharedWithOrgIds ?? []);
  const [error, setError] = useState<unknown>(null);
  const [geometryError, setGeometryError] = useState(false);
  const [isSaving, setIsSaving] = useState(false);

  async function handleSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setGeometryError(false);
    let parsed: RouteUpdateBody['geometry'];
    if (geometry.trim()) {
      const json = parseJson(geometry);
      if (!isGeoJsonLine(json)) {
        setGeometryError(true);
        return;
      }
      parsed = json;
    }
    setIsSaving(true);
    const body = {
      code,
      name: { source: initial?.name.source ?? 'en', values: withoutBlank(names) },
      countries: countries
        .split(/[\s,;→>-]+/)
        .map((c) => c.trim())
        .filter(Boolean),
      ...(parsed === undefined ? {} : { geometry: parsed }),
      validFrom,
      validTo: validTo || null,
      classification,
      sharedWithOrgIds: classification === 'restricted' ? sharedWith : [],
    };
    try {
      if (initial) await updateRoute(slug, initial.id, { ...body, expectedRevision: initial.revision });
      else await createRoute(slug, body);
      onDone(true);
    } catch (err) {
      setError(err);
      setIsSaving(false);
    }
  }

  return (
    <form className="definition-form" onSubmit={(e) => void handleSubmit(e)} data-testid="route-form">
      <h3>
        {initial ? t('definitions.routes.editTitle', { code: initial.code }) : t('definitions.routes.new')}
      </h3>
      <div className="field">
        <label htmlFor={`${id}-code`}>{t('definitions.fields.code')}</label>
        <input
          id={`${id}-code`}
          name="code"
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
        />
        <FieldError error={error} field="body.code" />
      </div>
      <NameInputs value={names} onChange={setNames} error={error} />
      <div className="field">
        <label htmlFor={`${id}-countries`}>{t('definitions.fields.countries')}</label>
        <input
          id={`${id}-countries`}
          name="countries"
          value={countries}
          placeholder={t('definitions.routes.countriesHint')}
          onChange={(e) => setCountries(e.target.value)}
        />
        <FieldError error={error} field="body.countries" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-geometry`}>{t('definitions.fields.geometry')}</label>
        <textarea
          id={`${id}-geometry`}
          name="geometry"
          rows={3}
          value={geometry}
          placeholder={t('definitions.routes.geometryHint')}
          onChange={(e) => setGeometry(e.target.value)}
        />
        {geometryError ? (
          <span className="field-error" role="alert">
            {t('definitions.routes.geometryNotJson')}
          </span>
        ) : null}
        <FieldError error={error} field="body.geometry" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('definitions.fields.validFrom')}</label>
        <input
          id={`${id}-from`}
          type="date"
          name="validFrom"
          value={validFrom}
          onChange={(e) => setValidFrom(e.target.value)}
        />
        <FieldError error={error} field="body.validFrom" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('definitions.fields.validTo')}</label>
        <input
          id={`${id}-to`}
          type="date"
          name="validTo"
          value={validTo}
          onChange={(e) => setValidTo(e.target.value)}
        />
        <FieldError error={error} field="body.validTo" />
      </div>
      <ClassificationSelect
        slug={slug}
        value={classification}
        onChange={setClassification}
        sharedWith={sharedWith}
        onSharedWithChange={setSharedWith}
        error={error}
      />
      <FormFooter error={error} isSaving={isSaving} onCancel={() => onDone(false)} />
    </form>
  );
}

// ---------- reporting calendar ----------

interface CellDraft {
  from: string;
  deadlineDay: string;
}

function CalendarSection({
  slug,
  calendar,
  onChanged,
}: {
  slug: string;
  calendar: CalendarView;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const current = useMemo(
    () => new Map(calendar.entries.map((e) => [`${e.reporter}|${e.indicator}`, e])),
    [calendar.entries],
  );
  const [drafts, setDrafts] = useState<Record<string, CellDraft>>({});
  const [fillFrom, setFillFrom] = useState('');
  const [fillDay, setFillDay] = useState('15');
  const [error, setError] = useState<unknown>(null);
  const [isSaving, setIsSaving] = useState(false);

  const cell = (key: string): CellDraft => {
    const e = current.get(key);
    return drafts[key] ?? { from: e?.from ?? '', deadlineDay: String(e?.deadlineDay ?? 15) };
  };

  async function run(fn: () => Promise<unknown>) {
    setIsSaving(true);
    setError(null);
    try {
      await fn();
      setDrafts({});
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setIsSaving(false);
    }
  }

  const handleSave = () =>
    run(async () => {
      const changed = Object.entries(drafts);
      const upserts: CalendarEntryInput[] = [];
      for (const [key, d] of changed) {
        const [reporter = '', indicator = ''] = key.split('|');
        const revision = current.get(key)?.revision ?? 0;
        if (d.from === '') {
          if (revision > 0) await removeCalendarEntry(slug, reporter, indicator, revision);
          continue;
        }
        upserts.push({
          reporter,
          indicator,
          from: d.from,
          deadlineDay: Number(d.deadlineDay),
          expectedRevision: revision,
        });
      }
      if (upserts.length) await saveCalendar(slug, upserts);
    });

  const handleFill = () =>
    run(() =>
      saveCalendar(
        slug,
        calendar.memberStates.flatMap((reporter) =>
          calendar.indicators.map((indicator) => ({
            reporter,
            indicator,
            from: fillFrom,
            deadlineDay: Number(fillDay),
            expectedRevision: current.get(`${reporter}|${indicator}`)?.revision ?? 0,
          })),
        ),
      ),
    );

  const errors = isApiError(error) ? (error.problem.errors ?? []) : [];
  return (
    <Section title={t('definitions.calendar.title')} headingId="definitions-calendar">
      <p className="muted">
        {calendar.isOpen ? t('definitions.calendar.isOpen') : t('definitions.calendar.help')}
      </p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={`${id}-fill-from`}>{t('definitions.calendar.fillFrom')}</label>
          <input
            id={`${id}-fill-from`}
            type="month"
            value={fillFrom}
            onChange={(e) => setFillFrom(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-fill-day`}>{t('definitions.calendar.deadlineDay')}</label>
          <input
            id={`${id}-fill-day`}
            type="number"
            min={1}
            max={28}
            value={fillDay}
            onChange={(e) => setFillDay(e.target.value)}
          />
        </div>
        <button
          type="button"
          className="button button--secondary"
          disabled={isSaving || !fillFrom}
          onClick={() => void handleFill()}
        >
          {t('definitions.calendar.fill')}
        </button>
      </div>
      <DataTable
        testId="calendar-grid"
        className="calendar-grid"
        rows={calendar.memberStates}
        rowKey={(reporter) => reporter}
        columns={[
          {
            key: 'state',
            header: t('definitions.calendar.state'),
            isRowHeader: true,
            cell: (reporter) => reporter,
          },
          ...calendar.indicators.map((indicator) => ({
            key: indicator,
            header: indicator,
            cell: (reporter: string) => {
              const key = `${reporter}|${indicator}`;
              const c = cell(key);
              const set = (patch: Partial<CellDraft>) =>
                setDrafts((all) => ({ ...all, [key]: { ...c, ...patch } }));
              return (
                <span data-cell={key}>
                  <label className="visually-hidden" htmlFor={`${id}-${key}-from`}>
                    {t('definitions.calendar.fromLabel', { reporter, indicator })}
                  </label>
                  <input
                    id={`${id}-${key}-from`}
                    type="month"
                    value={c.from}
                    onChange={(e) => set({ from: e.target.value })}
                  />
                  <label className="visually-hidden" htmlFor={`${id}-${key}-day`}>
                    {t('definitions.calendar.dayLabel', { reporter, indicator })}
                  </label>
                  <input
                    id={`${id}-${key}-day`}
                    type="number"
                    min={1}
                    max={28}
                    className="input--narrow"
                    value={c.deadlineDay}
                    onChange={(e) => set({ deadlineDay: e.target.value })}
                  />
                </span>
              );
            },
          })),
        ]}
      />
      {errors.length ? (
        <ul className="notice notice--error" role="alert">
          {errors.map((e) => (
            <li key={`${e.field}-${e.message}`}>
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      ) : error ? (
        <ErrorMessage error={error} />
      ) : null}
      <button
        type="button"
        className="button"
        disabled={isSaving || Object.keys(drafts).length === 0}
        onClick={() => void handleSave()}
      >
        {isSaving ? t('definitions.saving') : t('definitions.calendar.save')}
      </button>
    </Section>
  );
}

// ---------- overdue ----------

function OverdueSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const overdue = useAsync((signal) => fetchOverdue(slug, signal), [slug]);
  return (
    <Section title={t('definitions.overdue.title')} headingId="definitions-overdue">
      {overdue.status === 'loading' ? (
        <Loading />
      ) : overdue.status === 'error' ? (
        <ErrorMessage error={overdue.error} onRetry={overdue.reload} />
      ) : overdue.data.isOpenCalendar ? (
        <p className="muted">{t('definitions.calendar.isOpen')}</p>
      ) : overdue.data.items.length === 0 ? (
        <p className="muted" data-testid="overdue-none">
          {t('definitions.overdue.none', { since: overdue.data.since, asOf: overdue.data.asOf })}
        </p>
      ) : (
        <>
          <p>
            {t('definitions.overdue.summary', {
              count: overdue.data.items.length,
              since: overdue.data.since,
            })}
          </p>
          <DataTable
            testId="overdue"
            rows={overdue.data.byReporter}
            rowKey={(r) => r.reporter}
            initialSort={{ key: 'count', direction: 'descending' }}
            columns={[
              {
                key: 'state',
                header: t('definitions.calendar.state'),
                isRowHeader: true,
                sortBy: (r) => r.reporter,
                cell: (r) => r.reporter,
              },
              {
                key: 'count',
                header: t('definitions.overdue.count'),
                isNumeric: true,
                sortBy: (r) => r.overdue,
                cell: (r) => r.overdue,
              },
              {
                key: 'oldest',
                header: t('definitions.overdue.oldest'),
                cell: (r) => {
                  const oldest = overdue.data.items.find((i) => i.reporter === r.reporter);
                  return oldest
                    ? t('definitions.overdue.item', {
                        indicator: oldest.indicator,
                        period: oldest.period,
                        count: oldest.daysLate,
                      })
                    : '';
                },
              },
            ]}
          />
        </>
      )}
    </Section>
  );
}
