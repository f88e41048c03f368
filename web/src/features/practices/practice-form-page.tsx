import './practices.css';
import { CLASSIFICATIONS } from '@passage/contract/constants';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { RequireAbility, useDialogue } from '../../ui/dialogue-context';
import { Field, fieldErrorsOf } from '../../ui/form';
import { Page, PageFrame, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import {
  createPractice,
  getPractice,
  type PracticeCreateBody,
  type PracticeView,
  THEMATIC_AREAS,
  type ThematicArea,
  updatePractice,
} from './api';

interface IndicatorRow {
  name: string;
  unit: string;
  before: string;
  after: string;
}
interface ContactRow {
  organisation: string;
  function: string;
  name: string;
  email: string;
}
interface Draft {
  title: string;
  area: ThematicArea;
  summary: string;
  countries: string;
  partners: string;
  periodFrom: string;
  periodTo: string;
  funding: string;
  objectives: string;
  results: string;
  lessons: string;
  links: string;
  tags: string;
  classification: PracticeCreateBody['classification'];
  impact: IndicatorRow[];
  contacts: ContactRow[];
}

const EMPTY: Draft = {
  title: '',
  area: 'migration_mobility',
  summary: '',
  countries: '',
  partners: '',
  periodFrom: '',
  periodTo: '',
  funding: '',
  objectives: '',
  results: '',
  lessons: '',
  links: '',
  tags: '',
  classification: 'dialogue',
  impact: [],
  contacts: [],
};

const draftOf = (p: PracticeView): Draft => ({
  title: p.title,
  area: p.area,
  summary: p.summary,
  countries: p.countries.join(' '),
  partners: p.partners.join('\n'),
  periodFrom: p.periodFrom,
  periodTo: p.periodTo ?? '',
  funding: p.funding,
  objectives: p.objectives,
  results: p.results,
  lessons: p.lessons,
  links: p.links.join('\n'),
  tags: p.tags.join(', '),
  classification: p.classification,
  impact: p.impact.map((i) => ({
    name: i.name,
    unit: i.unit,
    before: i.before === null ? '' : String(i.before),
    after: i.after === null ? '' : String(i.after),
  })),
  contacts: p.contacts.map((c) => ({ ...c })),
});

const words = (s: string) => s.split(/[\s,;]+/).filter(Boolean);
const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
const numberOrNull = (s: string) => (s.trim() === '' ? null : Number(s.replace(',', '.')));

/** What the form sends: lists split, empty end month as ongoing, numbers as numbers (the server checks all). */
function bodyOf(d: Draft): PracticeCreateBody {
  return {
    title: d.title,
    area: d.area,
    summary: d.summary,
    countries: words(d.countries.toUpperCase()),
    partners: lines(d.partners),
    periodFrom: d.periodFrom,
    periodTo: d.periodTo || null,
    funding: d.funding,
    objectives: d.objectives,
    results: d.results,
    lessons: d.lessons,
    links: lines(d.links),
    tags: d.tags
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
    classification: d.classification,
    impact: d.impact
      .filter((i) => i.name.trim() || i.before.trim() || i.after.trim())
      .map((i) => ({
        name: i.name,
        unit: i.unit,
        before: numberOrNull(i.before),
        after: numberOrNull(i.after),
      })),
    contacts: d.contacts.filter((c) => c.organisation.trim() || c.name.trim() || c.email.trim()),
  };
}

/** /d/:slug/practices/new and /d/:slug/practices/:id/edit — the one form of a practice. */
export function PracticeFormPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const id = useParams().id;
  const state = useAsync(
    (signal) => (id ? getPractice(slug, Number(id), signal) : Promise.resolve(null)),
    [slug, id],
  );
  return (
    <RequireAbility ability="isMember" denied={t('practices.membersOnly')}>
      {state.status === 'loading' ? (
        <PageFrame>
          <Loading />
        </PageFrame>
      ) : state.status === 'error' ? (
        <PageFrame>
          <ErrorMessage error={state.error} onRetry={state.reload} />
        </PageFrame>
      ) : (
        <PracticeForm existing={state.data} />
      )}
    </RequireAbility>
  );
}

function PracticeForm({ existing }: { existing: PracticeView | null }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const navigate = useNavigate();
  const [d, setD] = useState<Draft>(existing ? draftOf(existing) : EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const errorOf = fieldErrorsOf(error);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((now) => ({ ...now, [k]: v }));
  const listErrors = (prefix: string) => {
    const shown: React.ReactNode[] = [];
    for (let i = 0; i < 250; i++) {
      const e = errorOf(`${prefix}[${i}]`);
      if (e) shown.push(<span key={i}>{e}</span>);
    }
    return shown.length ? shown : null;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = bodyOf(d);
      const saved = existing
        ? await updatePractice(slug, existing.id, { ...body, expectedRevision: existing.revision })
        : await createPractice(slug, body);
      navigate(`/d/${slug}/practices/${saved.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const text = (k: 'title' | 'funding', testId: string) => (
    <Field label={t(`practices.field.${k}`)} error={errorOf(`body.${k}`)}>
      <input value={d[k]} onChange={(e) => set(k, e.target.value)} data-testid={testId} />
    </Field>
  );
  const area = (k: 'summary' | 'objectives' | 'results' | 'lessons') => (
    <Field label={t(`practices.field.${k}`)} error={errorOf(`body.${k}`)}>
      <textarea
        value={d[k]}
        rows={3}
        onChange={(e) => set(k, e.target.value)}
        data-testid={`practice-${k}`}
      />
    </Field>
  );

  return (
    <Page
      title={existing ? t('practices.editTitle', { title: existing.title }) : t('practices.new')}
      breadcrumbs={[{ to: `/d/${slug}/practices`, label: t('practices.title') }]}
      lead={t('practices.formLead')}
    >
      <form onSubmit={save} className="stack practice-form" data-testid="practice-form" noValidate>
        <Section title={t('practices.about')}>
          {text('title', 'practice-title')}
          <Field label={t('practices.field.area')} error={errorOf('body.area')}>
            <select
              value={d.area} // The options are THEMATIC_AREAS: the value is one of them.
              onChange={(e) => set('area', e.target.value as ThematicArea)}
              data-testid="practice-area"
            >
              {THEMATIC_AREAS.map((a) => (
                <option key={a} value={a}>
                  {t(`practices.areas.${a}`)}
                </option>
              ))}
            </select>
          </Field>
          {area('summary')}
          <Field
            label={t('practices.field.countriesHint')}
            error={errorOf('body.countries') ?? listErrors('body.countries')}
          >
            <input
              value={d.countries}
              onChange={(e) => set('countries', e.target.value)}
              data-testid="practice-countries"
            />
          </Field>
          <Field label={t('practices.field.partnersHint')} error={errorOf('body.partners')}>
            <textarea value={d.partners} rows={2} onChange={(e) => set('partners', e.target.value)} />
          </Field>
          <Field label={t('practices.field.periodFrom')} error={errorOf('body.periodFrom')}>
            <input
              type="month"
              value={d.periodFrom}
              onChange={(e) => set('periodFrom', e.target.value)}
              data-testid="practice-from"
            />
          </Field>
          <Field label={t('practices.field.periodTo')} error={errorOf('body.periodTo')}>
            <input
              type="month"
              value={d.periodTo}
              onChange={(e) => set('periodTo', e.target.value)}
              data-testid="practice-to"
            />
          </Field>
          {text('funding', 'practice-funding')}
          <Field label={t('practices.field.tagsHint')} error={errorOf('body.tags')}>
            <input value={d.tags} onChange={(e) => set('tags', e.target.value)} data-testid="practice-tags" />
          </Field>
          <Field label={t('practices.field.classification')} error={errorOf('body.classification')}>
            <select
              value={d.classification}
              data-testid="practice-classification"
              // The options are CLASSIFICATIONS: the value is one of them.
              onChange={(e) => set('classification', e.target.value as Draft['classification'])}
            >
              {CLASSIFICATIONS.map((c) => (
                <option key={c} value={c}>
                  {t(`classification.${c}`)}
                </option>
              ))}
            </select>
          </Field>
        </Section>
        <Section title={t('practices.objectivesResults')}>
          {area('objectives')}
          {area('results')}
          {area('lessons')}
        </Section>
        <Section
          title={t('practices.field.impact')}
          actions={
            <button
              type="button"
              className="button--secondary"
              onClick={() => set('impact', [...d.impact, { name: '', unit: '', before: '', after: '' }])}
              data-testid="practice-add-indicator"
            >
              {t('practices.impact.add')}
            </button>
          }
        >
          <p className="muted">{t('practices.impact.hint')}</p>
          {d.impact.map((ind, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no id of their own
            <fieldset key={i} className="inline-fields" data-testid={`practice-indicator-${i}`}>
              <legend>{t('practices.impact.row', { n: i + 1 })}</legend>
              {(['name', 'unit', 'before', 'after'] as const).map((k) => (
                <Field key={k} label={t(`practices.impact.${k}`)} error={errorOf(`body.impact[${i}].${k}`)}>
                  <input
                    value={ind[k]}
                    inputMode={k === 'before' || k === 'after' ? 'decimal' : undefined}
                    onChange={(e) =>
                      set(
                        'impact',
                        d.impact.map((x, j) => (j === i ? { ...x, [k]: e.target.value } : x)),
                      )
                    }
                    data-testid={`indicator-${i}-${k}`}
                  />
                </Field>
              ))}
              {errorOf(`body.impact[${i}]`)}
              <button
                type="button"
                className="button--secondary button--small"
                onClick={() =>
                  set(
                    'impact',
                    d.impact.filter((_, j) => j !== i),
                  )
                }
              >
                {t('practices.remove')}
              </button>
            </fieldset>
          ))}
        </Section>
        <Section
          title={t('practices.field.contacts')}
          actions={
            <button
              type="button"
              className="button--secondary"
              onClick={() =>
                set('contacts', [...d.contacts, { organisation: '', function: '', name: '', email: '' }])
              }
            >
              {t('practices.contact.add')}
            </button>
          }
        >
          <p className="muted">{t('practices.contact.hint')}</p>
          {d.contacts.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no id of their own
            <fieldset key={i} className="inline-fields">
              <legend>{t('practices.contact.row', { n: i + 1 })}</legend>
              {(['organisation', 'function', 'name', 'email'] as const).map((k) => (
                <Field
                  key={k}
                  label={t(`practices.contact.${k}`)}
                  error={errorOf(`body.contacts[${i}].${k}`)}
                >
                  <input
                    value={c[k]}
                    type={k === 'email' ? 'email' : 'text'}
                    onChange={(e) =>
                      set(
                        'contacts',
                        d.contacts.map((x, j) => (j === i ? { ...x, [k]: e.target.value } : x)),
                      )
                    }
                  />
                </Field>
              ))}
              <button
                type="button"
                className="button--secondary button--small"
                onClick={() =>
                  set(
                    'contacts',
                    d.contacts.filter((_, j) => j !== i),
                  )
                }
              >
                {t('practices.remove')}
              </button>
            </fieldset>
          ))}
        </Section>
        <Section title={t('practices.field.links')}>
          <Field
            label={t('practices.field.linksHint')}
            error={errorOf('body.links') ?? listErrors('body.links')}
          >
            <textarea value={d.links} rows={2} onChange={(e) => set('links', e.target.value)} />
          </Field>
        </Section>
        {error ? (
          <div data-testid="practice-form-error">
            <ErrorMessage error={error} />
          </div>
        ) : null}
        <div className="button-row">
          <button type="submit" disabled={isBusy} data-testid="practice-save">
            {t('practices.save')}
          </button>
        </div>
      </form>
    </Page>
  );
}
