import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Field, fieldErrorsOf, optionsOf, Select } from '../../ui/form';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import {
  atomFeedUrl,
  calendarFeedUrl,
  createNotice,
  getInboundAddress,
  listNotices,
  MEASURE_TYPES,
  type MeasureType,
  NOTICE_STAGES,
  type NoticeCreateBody,
  type NoticeFilter,
  type NoticeStage,
  type NoticeSummaryView,
} from './api';
import { SaveSubscription } from './save-subscription';

/**
 * /d/:slug/notices — early notification of new national measures: the feed with its filters and feeds
 * (Atom, iCalendar), and the one-page form to post a notice. The form asks four things (title, type, summary,
 * stage; the state too when the secretariat posts for one); choosing a type fills the summary with that
 * type's template, and "copy from a previous notice" fills everything from one already posted.
 */
export function NoticesPage() {
  const { t } = useTranslation();
  const { slug, can } = useDialogue();
  const [filter, setFilter] = useState<NoticeFilter>({});
  const [version, setVersion] = useState(0);
  const state = useAsync(
    (signal) => listNotices(slug, filter, signal),
    [slug, JSON.stringify(filter), version],
  );
  const items = state.status === 'success' ? state.data.items : [];
  return (
    <Page
      title={t('notices.title')}
      lead={t('notices.intro')}
      actions={
        <>
          <a href={atomFeedUrl(slug, filter)} data-testid="notices-atom">
            {t('notices.atom')}
          </a>{' '}
          <a href={calendarFeedUrl(slug, filter)} data-testid="notices-ics">
            {t('notices.calendar')}
          </a>{' '}
          <Link to={`/d/${slug}/notices/subscriptions`} data-testid="notices-subscriptions-link">
            {t('noticeSubscriptions.title')}
          </Link>
          {/* The uptake rule is the secretariat's, as posting for any state is (the same roles). */}
          {can.canPostNoticesForAnyState ? (
            <>
              {' '}
              <Link to={`/d/${slug}/notices/uptake`} data-testid="notices-uptake-link">
                {t('noticeUptake.title')}
              </Link>
            </>
          ) : null}
        </>
      }
    >
      {can.canPostNotices ? <InboundAddress /> : null}
      {can.canPostNotices ? <PostNotice previous={items} onPosted={() => setVersion((v) => v + 1)} /> : null}
      <Section title={t('notices.feed')} testId="notices-feed">
        <Filters onChange={setFilter} />
        <SaveSubscription filter={filter} />
        {state.status === 'loading' ? <Loading /> : null}
        {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
        {state.status === 'success' ? <NoticeTable items={items} /> : null}
      </Section>
    </Page>
  );
}

/** "Or send it by e-mail": the dialogue's inbound address, when the installation receives e-mail. */
function InboundAddress() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const state = useAsync((signal) => getInboundAddress(slug, signal), [slug]);
  if (state.status !== 'success' || !state.data.address) return null;
  const { address } = state.data;
  return (
    <p className="muted" data-testid="notices-inbound-address">
      {t('notices.inbound.lead')} <a href={`mailto:${address}`}>{address}</a> {t('notices.inbound.how')}
    </p>
  );
}

function NoticeTable({ items }: { items: readonly NoticeSummaryView[] }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  return (
    <DataTable
      testId="notices-table"
      rows={items}
      rowKey={(n) => n.id}
      empty={t('notices.empty')}
      columns={[
        {
          key: 'title',
          header: t('notices.field.title'),
          isRowHeader: true,
          sortBy: (n) => n.title,
          cell: (n) => <Link to={`/d/${slug}/notices/${n.id}`}>{n.title}</Link>,
        },
        { key: 'state', header: t('notices.field.state'), sortBy: (n) => n.state, cell: (n) => n.state },
        {
          key: 'type',
          header: t('notices.field.measureType'),
          cell: (n) => t(`notices.types.${n.measureType}`),
        },
        { key: 'stage', header: t('notices.field.stage'), cell: (n) => t(`notices.stages.${n.stage}`) },
        {
          key: 'effective',
          header: t('notices.field.effectiveOn'),
          sortBy: (n) => n.effectiveOn,
          cell: (n) => n.effectiveOn ?? '—',
        },
        {
          key: 'status',
          header: t('notices.status'),
          cell: (n) =>
            n.status === 'draft'
              ? t('notices.draft')
              : `${n.sentAt?.slice(0, 10) ?? ''}${n.isLate ? ` · ${t('notices.late')}` : ''}`,
        },
      ]}
    />
  );
}

function Filters({ onChange }: { onChange: (f: NoticeFilter) => void }) {
  const { t } = useTranslation();
  const { dialogue } = useDialogue();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const value = (k: string) => {
      const v = data.get(k);
      return typeof v === 'string' && v.trim() ? v.trim() : undefined;
    };
    onChange({
      type: value('type'),
      country: value('country'),
      route: value('route'),
      stage: value('stage'),
      from: value('from'),
      to: value('to'),
      q: value('q'),
      status: value('status'),
    });
  };
  return (
    <form className="filters" onSubmit={submit} data-testid="notices-filters">
      <label>
        {t('notices.filter.text')} <input name="q" type="search" />
      </label>
      <label>
        {t('notices.field.measureType')}{' '}
        <select name="type" defaultValue="">
          <option value="">{t('notices.filter.any')}</option>
          {MEASURE_TYPES.map((m) => (
            <option key={m} value={m}>
              {t(`notices.types.${m}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('notices.filter.country')} <input name="country" size={4} maxLength={3} />
      </label>
      <label>
        {t('notices.field.routes')}{' '}
        <select name="route" defaultValue="">
          <option value="">{t('notices.filter.any')}</option>
          {dialogue.routes.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('notices.field.stage')}{' '}
        <select name="stage" defaultValue="">
          <option value="">{t('notices.filter.any')}</option>
          {NOTICE_STAGES.map((s) => (
            <option key={s} value={s}>
              {t(`notices.stages.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('notices.filter.from')} <input name="from" type="date" />
      </label>
      <label>
        {t('notices.filter.to')} <input name="to" type="date" />
      </label>
      <label>
        {t('notices.status')}{' '}
        <select name="status" defaultValue="">
          <option value="">{t('notices.filter.sent')}</option>
          <option value="draft">{t('notices.filter.drafts')}</option>
        </select>
      </label>
      <button type="submit">{t('notices.filter.apply')}</button>
    </form>
  );
}

interface Draft {
  title: string;
  measureType: MeasureType | '';
  summary: string;
  stage: NoticeStage | '';
  state: string;
  legalReference: string;
  legalLink: string;
  adoptedOn: string;
  effectiveOn: string;
  endsOn: string;
  countries: string;
  routes: string[];
  classification: 'public' | 'dialogue' | 'restricted' | 'originator';
  requestComments: boolean;
  commentsUntil: string;
}

/** The draft's fields that are one line of text (or a date, a URL) in the form. */
type StringField =
  | 'title'
  | 'summary'
  | 'legalReference'
  | 'legalLink'
  | 'adoptedOn'
  | 'effectiveOn'
  | 'endsOn'
  | 'countries'
  | 'commentsUntil';

const EMPTY: Draft = {
  title: '',
  measureType: '',
  summary: '',
  stage: '',
  state: '',
  legalReference: '',
  legalLink: '',
  adoptedOn: '',
  effectiveOn: '',
  endsOn: '',
  countries: '',
  routes: [],
  classification: 'dialogue',
  requestComments: false,
  commentsUntil: '',
};

const fromNotice = (n: NoticeSummaryView): Draft => ({
  title: n.title,
  measureType: n.measureType,
  summary: n.summary,
  stage: n.stage,
  state: n.state,
  legalReference: n.legalReference,
  legalLink: n.legalLink ?? '',
  adoptedOn: n.adoptedOn ?? '',
  effectiveOn: n.effectiveOn ?? '',
  endsOn: n.endsOn ?? '',
  countries: n.countries.join(', '),
  routes: n.routes,
  classification: n.classification === 'restricted' ? 'dialogue' : n.classification,
  requestComments: false,
  commentsUntil: '',
});

function bodyOf(d: Draft, forAnyState: boolean, send: boolean): NoticeCreateBody | null {
  if (!d.measureType || !d.stage) return null;
  const orNull = (v: string) => (v.trim() ? v.trim() : null);
  return {
    title: d.title,
    measureType: d.measureType,
    summary: d.summary,
    stage: d.stage,
    ...(forAnyState ? { state: d.state } : {}),
    legalReference: d.legalReference,
    legalLink: orNull(d.legalLink),
    adoptedOn: orNull(d.adoptedOn),
    effectiveOn: orNull(d.effectiveOn),
    endsOn: orNull(d.endsOn),
    countries: d.countries
      .split(/[\s,;]+/)
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean),
    routes: d.routes,
    classification: d.classification,
    commentsUntil: d.requestComments ? orNull(d.commentsUntil) : null,
    send,
  };
}

/** The one-page form: four required fields, a template per measure type, copy from a previous notice. */
function PostNotice({
  previous,
  onPosted,
}: {
  previous: readonly NoticeSummaryView[];
  onPosted: () => void;
}) {
  const { t } = useTranslation();
  const { slug, dialogue, can } = useDialogue();
  const navigate = useNavigate();
  const [d, setD] = useState<Draft>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((cur) => ({ ...cur, [k]: v }));
  const errorOf = fieldErrorsOf(error);
  const fieldError = (name: string) => errorOf(`body.${name}`);
  /** A text (or date, URL) field of the draft, labelled `notices.field.<name>`. */
  const text = (
    name: StringField,
    props: { type?: string; required?: boolean; placeholder?: string; rows?: number } = {},
  ) => {
    const { rows, ...inputProps } = props;
    const label = `${t(`notices.field.${name}`)}${props.required ? ' *' : ''}`;
    const control = {
      name,
      value: d[name],
      onChange: (e: { target: { value: string } }) => set(name, e.target.value),
    };
    return (
      <Field label={label} error={fieldError(name)}>
        {rows ? (
          <textarea {...control} required={props.required} rows={rows} />
        ) : (
          <input {...control} {...inputProps} />
        )}
      </Field>
    );
  };

  const chooseType = (m: MeasureType | '') => {
    setD((cur) => {
      const isTemplateOrEmpty =
        !cur.summary.trim() || MEASURE_TYPES.some((x) => cur.summary === t(`notices.templates.${x}`));
      return {
        ...cur,
        measureType: m,
        summary: m && isTemplateOrEmpty ? t(`notices.templates.${m}`) : cur.summary,
      };
    });
  };

  const submit = async (send: boolean) => {
    const body = bodyOf(d, can.canPostNoticesForAnyState, send);
    if (!body) {
      setError(new Error(t('notices.form.missing')));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const n = await createNotice(slug, body);
      onPosted();
      await navigate(`/d/${slug}/notices/${n.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('notices.form.title')} testId="notice-form">
      <form
        className="form notice-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(true);
        }}
      >
        {previous.length ? (
          <Field label={t('notices.form.copy')}>
            <Select
              data-testid="notice-copy"
              value=""
              empty="—"
              options={previous.map((p) => ({ value: String(p.id), label: `${p.state} · ${p.title}` }))}
              onChange={(id) => {
                const n = previous.find((p) => String(p.id) === id);
                if (n) setD(fromNotice(n));
              }}
            />
          </Field>
        ) : null}
        {can.canPostNoticesForAnyState ? (
          <Field label={`${t('notices.field.state')} *`} error={fieldError('state')}>
            <Select
              name="state"
              required
              value={d.state}
              empty="—"
              options={optionsOf(dialogue.memberStates.map((s) => s.iso3))}
              onChange={(v) => set('state', v)}
            />
          </Field>
        ) : null}
        {text('title', { required: true })}
        <Field label={`${t('notices.field.measureType')} *`}>
          <Select
            name="measureType"
            required
            value={d.measureType}
            empty="—"
            options={MEASURE_TYPES.map((m) => ({ value: m, label: t(`notices.types.${m}`) }))}
            onChange={(v) => chooseType(MEASURE_TYPES.find((m) => m === v) ?? '')}
          />
        </Field>
        {text('summary', { required: true, rows: 8 })}
        <Field label={`${t('notices.field.stage')} *`}>
          <Select
            name="stage"
            required
            value={d.stage}
            empty="—"
            options={NOTICE_STAGES.map((s) => ({ value: s, label: t(`notices.stages.${s}`) }))}
            onChange={(v) => set('stage', NOTICE_STAGES.find((s) => s === v) ?? '')}
          />
        </Field>
        <fieldset>
          <legend>{t('notices.form.optional')}</legend>
          {text('legalReference')}
          {text('legalLink', { type: 'url' })}
          {text('adoptedOn', { type: 'date' })}
          {text('effectiveOn', { type: 'date' })}
          {text('endsOn', { type: 'date' })}
          {text('countries', { placeholder: t('notices.form.countriesHint') })}
          {dialogue.routes.length ? (
            <div className="checkbox-group">
              {t('notices.field.routes')}:{' '}
              {dialogue.routes.map((r) => (
                <label key={r.code}>
                  <input
                    type="checkbox"
                    name="routes"
                    value={r.code}
                    checked={d.routes.includes(r.code)}
                    onChange={(e) =>
                      set(
                        'routes',
                        e.target.checked ? [...d.routes, r.code] : d.routes.filter((x) => x !== r.code),
                      )
                    }
                  />{' '}
                  {r.name}
                </label>
              ))}
            </div>
          ) : null}
          <Field label={t('notices.field.classification')}>
            <Select
              name="classification"
              value={d.classification}
              options={[
                { value: 'dialogue', label: t('classification.dialogue') },
                { value: 'public', label: t('classification.public') },
              ]}
              onChange={(v) => set('classification', v === 'public' ? 'public' : 'dialogue')}
            />
          </Field>
          <label>
            <input
              type="checkbox"
              name="requestComments"
              checked={d.requestComments}
              onChange={(e) => set('requestComments', e.target.checked)}
            />{' '}
            {t('notices.form.requestComments')}
          </label>
          {d.requestComments ? text('commentsUntil', { type: 'date', required: true }) : null}
        </fieldset>
        {error ? <ErrorMessage error={error} /> : null}
        <div className="form-actions">
          <button type="submit" disabled={busy} data-testid="notice-send">
            {t('notices.form.send')}
          </button>{' '}
          <button
            type="button"
            disabled={busy}
            onClick={() => void submit(false)}
            data-testid="notice-save-draft"
          >
            {t('notices.form.saveDraft')}
          </button>
        </div>
      </form>
    </Section>
  );
}
