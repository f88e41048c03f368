import './agreements.css';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Field, Select } from '../../ui/form';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { mapStatesOf } from '../dialogues/components/map-countries';
import { listCountries } from '../reference/api';
import {
  AGREEMENT_STATUSES,
  AGREEMENT_TYPES,
  type AgreementList,
  type AgreementMatrix,
  type AgreementStatus,
  type AgreementType,
  agreementsCsvUrl,
  getAgreementMatrix,
  getAgreementPartners,
  listAgreements,
} from './api';
import { usePartyLabel } from './party-names';

const DialogueMap = lazy(() => import('../dialogues/components/dialogue-map'));

/** Stable: the map is rebuilt when its inputs change. */
const NO_ROUTES: [] = [];

const VIEWS = ['list', 'matrix', 'map', 'timeline'] as const;
type View = (typeof VIEWS)[number];

type Item = AgreementList['items'][number];
type MatrixAgreement = AgreementMatrix['cells'][number]['agreements'][number];

/** The filters of the list and the timeline, as read from the URL. */
interface Filter {
  type?: AgreementType | undefined;
  party?: string | undefined;
  status?: AgreementStatus | undefined;
  year?: number | undefined;
}

/**
 * /d/:slug/agreements — the agreements registry: the list with filters (type, party, status, year) and its
 * CSV export, the party × party matrix, the map of one state's partners, and the timeline of all agreements.
 * The view and the filters are in the URL, so a view can be linked.
 */
export function AgreementsPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [q, setQ] = useSearchParams();
  const view: View = VIEWS.find((v) => v === q.get('view')) ?? 'list';
  const filter: Filter = {
    type: AGREEMENT_TYPES.find((x) => x === q.get('type')),
    party: q.get('party') || undefined,
    status: AGREEMENT_STATUSES.find((x) => x === q.get('status')),
    year: q.get('year') ? Number(q.get('year')) : undefined,
  };
  const key = JSON.stringify(filter);
  const state = useAsync((signal) => listAgreements(slug, filter, signal), [slug, key]);
  const set = (name: string, value: string) =>
    setQ(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  const canRecord = state.status === 'success' && state.data.abilities.canRecord;
  return (
    <Page
      title={t('agreements.title')}
      lead={t('agreements.intro')}
      testId="agreements-page"
      actions={
        canRecord ? (
          <Link className="button" to={`/d/${slug}/agreements/new`} data-testid="agreement-new">
            {t('agreements.record')}
          </Link>
        ) : null
      }
    >
      <nav className="agreements-tabs" aria-label={t('agreements.views')}>
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            className={v === view ? 'tab tab--active' : 'tab'}
            aria-pressed={v === view}
            onClick={() => set('view', v === 'list' ? '' : v)}
            data-testid={`agreements-view-${v}`}
          >
            {t(`agreements.view.${v}`)}
          </button>
        ))}
      </nav>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        <>
          {view === 'list' || view === 'timeline' ? (
            <Filters filter={filter} parties={state.data.parties} set={set} />
          ) : null}
          {view === 'list' ? <ListView items={state.data.items} filter={filter} /> : null}
          {view === 'timeline' ? <TimelineView items={state.data.items} /> : null}
          {view === 'matrix' ? <MatrixView type={filter.type} set={set} /> : null}
          {view === 'map' ? <MapView parties={state.data.parties} chosen={filter.party} set={set} /> : null}
        </>
      ) : null}
    </Page>
  );
}

function Filters({
  filter,
  parties,
  set,
}: {
  filter: Filter;
  parties: readonly string[];
  set: (name: string, value: string) => void;
}) {
  const { t } = useTranslation();
  const { label } = usePartyLabel();
  const thisYear = new Date().getUTCFullYear();
  const years = Array.from({ length: 40 }, (_, i) => String(thisYear + 5 - i));
  return (
    <div className="agreements-filters" data-testid="agreements-filters">
      <Field label={t('agreements.field.type')}>
        <Select
          value={filter.type ?? ''}
          empty={t('agreements.all')}
          options={AGREEMENT_TYPES.map((x) => ({ value: x, label: t(`agreements.type.${x}`) }))}
          onChange={(v) => set('type', v)}
          data-testid="filter-type"
        />
      </Field>
      <Field label={t('agreements.field.party')}>
        <Select
          value={filter.party ?? ''}
          empty={t('agreements.all')}
          options={parties.map((p) => ({ value: p, label: label(p) }))}
          onChange={(v) => set('party', v)}
          data-testid="filter-party"
        />
      </Field>
      <Field label={t('agreements.field.status')}>
        <Select
          value={filter.status ?? ''}
          empty={t('agreements.all')}
          options={AGREEMENT_STATUSES.map((x) => ({ value: x, label: t(`agreements.status.${x}`) }))}
          onChange={(v) => set('status', v)}
          data-testid="filter-status"
        />
      </Field>
      <Field label={t('agreements.field.year')}>
        <Select
          value={filter.year === undefined ? '' : String(filter.year)}
          empty={t('agreements.all')}
          options={years.map((y) => ({ value: y, label: y }))}
          onChange={(v) => set('year', v)}
          data-testid="filter-year"
        />
      </Field>
    </div>
  );
}

function ListView({ items, filter }: { items: readonly Item[]; filter: Filter }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const { label } = usePartyLabel();
  return (
    <Section
      title={t('agreements.list')}
      testId="agreements-list"
      actions={
        <a className="button button--secondary button--small" href={agreementsCsvUrl(slug, filter)} download>
          {t('agreements.csv')}
        </a>
      }
    >
      <DataTable
        testId="agreements-table"
        rows={items}
        rowKey={(a) => a.id}
        empty={t('agreements.none')}
        columns={[
          {
            key: 'title',
            header: t('agreements.field.title'),
            isRowHeader: true,
            sortBy: (a) => a.title,
            cell: (a) => <Link to={`/d/${slug}/agreements/${a.id}`}>{a.title}</Link>,
          },
          { key: 'type', header: t('agreements.field.type'), cell: (a) => t(`agreements.type.${a.type}`) },
          {
            key: 'parties',
            header: t('agreements.field.parties'),
            cell: (a) => a.parties.map((p) => label(p.key)).join(', '),
          },
          {
            key: 'status',
            header: t('agreements.field.status'),
            cell: (a) => (
              <span className={`badge agreement-status agreement-status--${a.status}`}>
                {t(`agreements.status.${a.status}`)}
              </span>
            ),
          },
          {
            key: 'signed',
            header: t('agreements.field.signedOn'),
            sortBy: (a) => a.signedOn,
            cell: (a) => a.signedOn ?? '',
          },
          { key: 'inForce', header: t('agreements.field.inForceOn'), cell: (a) => a.inForceOn ?? '' },
        ]}
      />
    </Section>
  );
}

/** The first date of an agreement and its last (its end, else today), or null when nothing is dated. */
function spanOf(a: Item, today: string): { from: string; to: string } | null {
  const dates = [
    a.mandateOn,
    ...a.rounds.map((r) => r.date),
    a.signedOn,
    a.inForceOn,
    a.suspendedOn,
    a.endedOn,
  ]
    .filter((d): d is string => d !== null)
    .sort();
  if (dates.length === 0) return null;
  return { from: dates[0]!, to: a.endedOn ?? (dates.at(-1)! > today ? dates.at(-1)! : today) };
}

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

function TimelineView({ items }: { items: readonly Item[] }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const today = new Date().toISOString().slice(0, 10);
  const rows = items
    .map((a) => ({ a, span: spanOf(a, today) }))
    .filter((r): r is { a: Item; span: { from: string; to: string } } => r.span !== null)
    .sort((x, y) => x.span.from.localeCompare(y.span.from));
  if (rows.length === 0) return <p className="muted">{t('agreements.noDates')}</p>;
  const startYear = Number(rows[0]!.span.from.slice(0, 4));
  const endYear = Math.max(...rows.map((r) => Number(r.span.to.slice(0, 4)))) + 1;
  const start = dayNumber(`${startYear}-01-01`);
  const length = dayNumber(`${endYear}-01-01`) - start;
  const pos = (d: string) => `${(((dayNumber(d) - start) / length) * 100).toFixed(2)}%`;
  const step = Math.max(1, Math.ceil((endYear - startYear) / 10));
  const ticks = Array.from(
    { length: Math.floor((endYear - startYear) / step) + 1 },
    (_, i) => startYear + i * step,
  );
  const marks = (a: Item) =>
    (
      [
        ['signed', a.signedOn],
        ['in_force', a.inForceOn],
        ['suspended', a.suspendedOn],
        ['ended', a.endedOn],
      ] as const
    ).filter((m): m is readonly [(typeof m)[0], string] => m[1] !== null);
  return (
    <Section title={t('agreements.view.timeline')} testId="agreements-timeline">
      <div className="agreement-timeline">
        <div className="agreement-timeline__axis" aria-hidden="true">
          {ticks.map((y) => (
            <span key={y} style={{ left: pos(`${y}-01-01`) }}>
              {y}
            </span>
          ))}
        </div>
        <ul className="agreement-timeline__rows">
          {rows.map(({ a, span }) => (
            <li key={a.id} className="agreement-timeline__row" data-testid="timeline-row">
              <Link className="agreement-timeline__label" to={`/d/${slug}/agreements/${a.id}`}>
                {a.title}
              </Link>
              <div className="agreement-timeline__track">
                <span
                  className={`agreement-timeline__bar agreement-status--${a.status}`}
                  style={{ left: pos(span.from), width: `calc(${pos(span.to)} - ${pos(span.from)} + 2px)` }}
                  title={`${span.from} – ${a.endedOn ?? ''} · ${t(`agreements.status.${a.status}`)}`}
                />
                {marks(a).map(([kind, date]) => (
                  <span
                    key={kind}
                    className={`agreement-timeline__mark agreement-timeline__mark--${kind}`}
                    style={{ left: pos(date) }}
                    title={`${t(`agreements.event.${kind}`)} ${date}`}
                  />
                ))}
              </div>
            </li>
          ))}
        </ul>
      </div>
      <p className="muted">{t('agreements.timelineHint')}</p>
    </Section>
  );
}

function MatrixView({
  type,
  set,
}: {
  type: AgreementType | undefined;
  set: (name: string, value: string) => void;
}) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const { label } = usePartyLabel();
  const state = useAsync((signal) => getAgreementMatrix(slug, type, signal), [slug, type]);
  const cells = useMemo(() => {
    const m = new Map<string, MatrixAgreement[]>();
    if (state.status === 'success')
      for (const c of state.data.cells) {
        m.set(`${c.a}|${c.b}`, c.agreements);
        m.set(`${c.b}|${c.a}`, c.agreements);
      }
    return m;
  }, [state]);
  return (
    <Section title={t('agreements.view.matrix')} testId="agreements-matrix">
      <Field label={t('agreements.field.type')}>
        <Select
          value={type ?? ''}
          empty={t('agreements.all')}
          options={AGREEMENT_TYPES.map((x) => ({ value: x, label: t(`agreements.type.${x}`) }))}
          onChange={(v) => set('type', v)}
          data-testid="matrix-type"
        />
      </Field>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        <DataTable
          testId="matrix-table"
          rows={state.data.parties}
          rowKey={(p) => p}
          empty={t('agreements.none')}
          columns={[
            { key: 'party', header: t('agreements.field.party'), isRowHeader: true, cell: (p) => label(p) },
            ...state.data.parties.map((col) => ({
              key: col,
              header: <abbr title={label(col)}>{col.startsWith('ORG:') ? col.slice(4) : col}</abbr>,
              cellProps: (row: string) => ({
                'data-cell': `${row}|${col}`,
                className: row === col ? 'matrix-cell matrix-cell--self' : 'matrix-cell',
              }),
              cell: (row: string) =>
                row === col ? null : (
                  <span className="matrix-cell__list">
                    {(cells.get(`${row}|${col}`) ?? []).map((a) => (
                      <Link
                        key={a.id}
                        to={`/d/${slug}/agreements/${a.id}`}
                        className={`badge agreement-status--${a.status}`}
                        title={`${a.title} · ${t(`agreements.status.${a.status}`)}`}
                      >
                        {t(`agreements.typeShort.${a.type}`)}
                      </Link>
                    ))}
                  </span>
                ),
            })),
          ]}
        />
      ) : null}
      <p className="muted">{t('agreements.matrixHint')}</p>
    </Section>
  );
}

function MapView({
  parties,
  chosen,
  set,
}: {
  parties: readonly string[];
  chosen: string | undefined;
  set: (name: string, value: string) => void;
}) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const { label, countryNames } = usePartyLabel();
  const states = parties.filter((p) => /^[A-Z]{3}$/.test(p));
  const party = chosen && states.includes(chosen) ? chosen : states[0];
  const state = useAsync(
    (signal) => (party ? getAgreementPartners(slug, party, signal) : Promise.resolve(null)),
    [slug, party],
  );
  const partners = state.status === 'success' && state.data ? state.data.partners : [];
  const numerics = useAsync(() => listCountries(), []);
  const highlighted = useMemo(
    () =>
      numerics.status === 'success'
        ? mapStatesOf(
            numerics.data,
            partners.map((p) => p.party),
          )
        : [],
    [numerics, partners],
  );
  return (
    <Section title={t('agreements.view.map')} testId="agreements-map">
      <Field label={t('agreements.mapState')}>
        <Select
          value={party ?? ''}
          options={states.map((p) => ({ value: p, label: label(p) }))}
          onChange={(v) => set('party', v)}
          data-testid="map-state"
        />
      </Field>
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {party && state.status === 'success' ? (
        <>
          <p data-testid="map-summary">
            {t('agreements.mapSummary', { state: label(party), count: partners.length })}
          </p>
          <Suspense fallback={<Loading label={t('map.loading')} />}>
            <DialogueMap
              memberStates={highlighted}
              routes={NO_ROUTES}
              countryNames={countryNames}
              highlightLabels={{ legend: t('agreements.mapPartner'), kind: t('agreements.mapPartner') }}
            />
          </Suspense>
          <DataTable
            testId="partners-table"
            rows={partners}
            rowKey={(p) => p.party}
            empty={t('agreements.none')}
            columns={[
              {
                key: 'party',
                header: t('agreements.field.party'),
                isRowHeader: true,
                cell: (p) => label(p.party),
              },
              {
                key: 'agreements',
                header: t('agreements.list'),
                cell: (p) =>
                  p.agreements.map((a, i) => (
                    <span key={a.id}>
                      {i > 0 ? ', ' : ''}
                      <Link to={`/d/${slug}/agreements/${a.id}`}>{t(`agreements.type.${a.type}`)}</Link>
                    </span>
                  )),
              },
            ]}
          />
        </>
      ) : null}
      {!party ? <p className="muted">{t('agreements.none')}</p> : null}
    </Section>
  );
}
