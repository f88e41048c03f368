import { CLASSIFICATIONS } from '@passage/contract/constants';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { EChart } from '../../ui/echart';
import { Field, fieldErrorsOf, Select } from '../../ui/form';
import { formatDate } from '../../ui/format';
import { Page, PageFrame, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { formatNumber } from '../analytics/format';
import {
  compareVersions,
  type DraftBody,
  endorseVersion,
  getFigures,
  getProfile,
  PROFILE_SECTIONS,
  type ProfileCompareView,
  type ProfileFiguresView,
  type ProfileView,
  returnVersion,
  saveDraft,
} from './api';

/**
 * /d/:slug/profiles/:iso3 — a member state's country profile: key figures from the published statistics
 * (always current, with the date they were published), the narrative sections of the version the reader may
 * see (editors: the latest, drafts too; everyone else: the endorsed one), the state's endorsement or return,
 * the editor of the draft, and the comparison of two versions section by section.
 */
export function ProfilePage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const iso3 = useParams().iso3 ?? '';
  const [version, setVersion] = useState(0);
  const state = useAsync((signal) => getProfile(slug, iso3, signal), [slug, iso3, version]);
  if (state.status === 'loading')
    return (
      <PageFrame>
        <Loading />
      </PageFrame>
    );
  if (state.status === 'error')
    return (
      <PageFrame>
        <ErrorMessage error={state.error} onRetry={state.reload} />
      </PageFrame>
    );
  const p = state.data;
  const reload = () => setVersion((v) => v + 1);
  return (
    <Page
      title={t('profiles.profileTitle', { state: p.stateName })}
      lead={t('profiles.profileLead')}
      breadcrumbs={[{ label: t('profiles.title'), to: `/d/${slug}/profiles` }]}
      testId="profile-page"
    >
      <Figures slug={slug} iso3={iso3} />
      <Narrative profile={p} />
      {p.abilities.canEndorse ? <Decision slug={slug} profile={p} onDone={reload} /> : null}
      {p.abilities.canEdit ? <Editor slug={slug} profile={p} onSaved={reload} /> : null}
      {p.versions.length > 1 ? <Compare slug={slug} profile={p} /> : null}
    </Page>
  );
}

function Figures({ slug, iso3 }: { slug: string; iso3: string }) {
  const { t } = useTranslation();
  const state = useAsync((signal) => getFigures(slug, iso3, signal), [slug, iso3]);
  return (
    <Section title={t('profiles.figures')} testId="profile-figures">
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? <FiguresBody figures={state.data} /> : null}
    </Section>
  );
}

function FiguresBody({ figures }: { figures: ProfileFiguresView }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  return (
    <>
      <p data-testid="profile-published-at">
        {figures.publishedAt
          ? t('profiles.publishedOn', { date: formatDate(figures.publishedAt, lng) })
          : t('profiles.noFigures')}
      </p>
      <p className="muted">{t('profiles.detectionsNote')}</p>
      {figures.indicators.map((i) => (
        <div key={i.indicator} data-testid={`profile-indicator-${i.indicator}`}>
          <h3>
            {t('profiles.indicatorTotal', {
              indicator: i.indicator,
              from: i.from,
              to: i.to,
              total: formatNumber(i.total, lng),
              previous: formatNumber(i.previous, lng),
            })}
          </h3>
          <EChart
            label={t('profiles.trendLabel', { indicator: i.indicator })}
            height={200}
            option={{
              tooltip: { trigger: 'axis' },
              grid: { left: 60, right: 16, top: 16, bottom: 30 },
              xAxis: { type: 'category', data: i.trend.map((p) => p.period) },
              yAxis: { type: 'value' },
              series: [
                { type: 'line', name: i.indicator, data: i.trend.map((p) => p.value), connectNulls: false },
              ],
            }}
          />
          <div className="grid-2">
            <DataTable
              rows={i.byRoute}
              rowKey={(r) => r.code}
              empty={t('profiles.noRoutes')}
              columns={[
                { key: 'route', header: t('profiles.route'), isRowHeader: true, cell: (r) => r.code },
                {
                  key: 'value',
                  header: t('profiles.value'),
                  isNumeric: true,
                  cell: (r) => formatNumber(r.value, lng),
                },
              ]}
            />
            <DataTable
              rows={i.topCitizenships}
              rowKey={(r) => r.code}
              empty={t('profiles.noCitizenships')}
              columns={[
                { key: 'cit', header: t('profiles.citizenship'), isRowHeader: true, cell: (r) => r.code },
                {
                  key: 'value',
                  header: t('profiles.value'),
                  isNumeric: true,
                  cell: (r) => formatNumber(r.value, lng),
                },
              ]}
            />
          </div>
        </div>
      ))}
    </>
  );
}

function Narrative({ profile: p }: { profile: ProfileView }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const v = p.version;
  return (
    <Section
      title={t('profiles.narrative')}
      testId="profile-narrative"
      actions={
        v ? (
          <span data-testid="profile-version-status">
            {t('profiles.versionStatus', { number: v.number, status: t(`profiles.status.${v.status}`) })}
          </span>
        ) : null
      }
    >
      {!v ? <p data-testid="profile-empty">{t('profiles.noVersion')}</p> : null}
      {v?.status === 'returned' && v.comment ? (
        <p className="warning" data-testid="profile-return-comment">
          {t('profiles.returnedWith', { comment: v.comment })}
        </p>
      ) : null}
      {v?.sections.map((s) => (
        <article key={s.key} data-testid={`profile-section-${s.key}`}>
          <h3>{t(`profiles.section.${s.key}`)}</h3>
          <p style={{ whiteSpace: 'pre-wrap' }}>{s.body}</p>
          {s.sources.length ? (
            <ul>
              {s.sources.map((src) => (
                <li key={`${src.title}${src.url ?? ''}`}>
                  {src.url ? (
                    <a href={src.url} rel="noreferrer noopener" target="_blank">
                      {src.title}
                    </a>
                  ) : (
                    src.title
                  )}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="muted">
            {t('profiles.sectionMeta', {
              date: formatDate(s.updatedAt, lng),
              classification: t(`classification.${s.classification}`),
            })}
          </p>
        </article>
      ))}
    </Section>
  );
}

function Decision({ slug, profile: p, onDone }: { slug: string; profile: ProfileView; onDone: () => void }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const v = p.version;
  if (!v) return null;
  const act = async (kind: 'endorse' | 'return') => {
    setError(null);
    try {
      if (kind === 'endorse') await endorseVersion(slug, p.state, v.number, p.revision);
      else await returnVersion(slug, p.state, v.number, { expectedRevision: p.revision, comment });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  const errorOf = fieldErrorsOf(error);
  return (
    <Section title={t('profiles.decision')} testId="profile-decision">
      <p>{t('profiles.decisionLead', { number: v.number })}</p>
      <button type="button" data-testid="profile-endorse" onClick={() => void act('endorse')}>
        {t('profiles.endorse')}
      </button>
      <Field label={t('profiles.returnComment')} error={errorOf('body.comment')}>
        <textarea
          data-testid="profile-return-comment-input"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </Field>
      <button type="button" data-testid="profile-return" onClick={() => void act('return')}>
        {t('profiles.return')}
      </button>
      {error && !errorOf('body.comment') ? <ErrorMessage error={error} /> : null}
    </Section>
  );
}

interface SectionDraft {
  body: string;
  sources: string;
  classification: string;
}

/** Sources are written one a line: "title | https://…" (the address is optional). */
const parseSources = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [title, url] = l.split('|').map((x) => x.trim());
      return { title: title ?? '', url: url ? url : null };
    });

function Editor({ slug, profile: p, onSaved }: { slug: string; profile: ProfileView; onSaved: () => void }) {
  const { t } = useTranslation();
  const initial = Object.fromEntries(
    PROFILE_SECTIONS.map((k) => {
      const s = p.version?.sections.find((x) => x.key === k);
      return [
        k,
        {
          body: s?.body ?? '',
          sources: (s?.sources ?? []).map((x) => (x.url ? `${x.title} | ${x.url}` : x.title)).join('\n'),
          classification: s?.classification ?? 'dialogue',
        },
      ];
    }),
  ) as Record<(typeof PROFILE_SECTIONS)[number], SectionDraft>;
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const filled = PROFILE_SECTIONS.filter((k) => draft[k].body.trim() !== '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    const body: DraftBody = {
      expectedRevision: p.revision,
      sections: filled.map((k) => ({
        key: k,
        body: draft[k].body,
        sources: parseSources(draft[k].sources),
        classification: draft[k].classification as DraftBody['sections'][number]['classification'],
      })),
    };
    try {
      await saveDraft(slug, p.state, body);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };
  const errorOf = fieldErrorsOf(error);
  const set = (k: (typeof PROFILE_SECTIONS)[number], patch: Partial<SectionDraft>) =>
    setDraft((d) => ({ ...d, [k]: { ...d[k], ...patch } }));
  return (
    <Section title={t('profiles.editor')} testId="profile-editor">
      <p>{p.version?.status === 'draft' ? t('profiles.editorDraft') : t('profiles.editorNew')}</p>
      <form onSubmit={(e) => void submit(e)}>
        {PROFILE_SECTIONS.map((k) => {
          const i = filled.indexOf(k);
          return (
            <fieldset key={k} data-testid={`editor-${k}`}>
              <legend>{t(`profiles.section.${k}`)}</legend>
              <Field label={t('profiles.text')} error={i >= 0 ? errorOf(`body.sections[${i}].body`) : null}>
                <textarea
                  data-testid={`editor-${k}-body`}
                  rows={4}
                  value={draft[k].body}
                  onChange={(e) => set(k, { body: e.target.value })}
                />
              </Field>
              <Field label={t('profiles.sources')}>
                <textarea
                  data-testid={`editor-${k}-sources`}
                  rows={2}
                  value={draft[k].sources}
                  onChange={(e) => set(k, { sources: e.target.value })}
                />
              </Field>
              <Field label={t('profiles.classification')}>
                <Select
                  data-testid={`editor-${k}-classification`}
                  value={draft[k].classification}
                  options={CLASSIFICATIONS.map((c) => ({ value: c, label: t(`classification.${c}`) }))}
                  onChange={(v) => set(k, { classification: v })}
                />
              </Field>
            </fieldset>
          );
        })}
        <button type="submit" data-testid="profile-save" disabled={saving || filled.length === 0}>
          {t('profiles.save')}
        </button>
        {error ? <ErrorMessage error={error} /> : null}
      </form>
    </Section>
  );
}

function Compare({ slug, profile: p }: { slug: string; profile: ProfileView }) {
  const { t } = useTranslation();
  const numbers = p.versions.map((v) => String(v.number));
  const [from, setFrom] = useState(numbers[1] ?? numbers[0] ?? '');
  const [to, setTo] = useState(numbers[0] ?? '');
  const state = useAsync(
    (signal) => compareVersions(slug, p.state, Number(from), Number(to), signal),
    [slug, p.state, from, to],
  );
  const options = p.versions.map((v) => ({
    value: String(v.number),
    label: t('profiles.versionStatus', { number: v.number, status: t(`profiles.status.${v.status}`) }),
  }));
  return (
    <Section title={t('profiles.compare')} testId="profile-compare">
      <Field label={t('profiles.compareFrom')}>
        <Select value={from} options={options} onChange={setFrom} />
      </Field>
      <Field label={t('profiles.compareTo')}>
        <Select value={to} options={options} onChange={setTo} />
      </Field>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? <Diff view={state.data} /> : null}
    </Section>
  );
}

function Diff({ view }: { view: ProfileCompareView }) {
  const { t } = useTranslation();
  return (
    <>
      {view.sections.map((s) => (
        <article key={s.key} data-testid={`diff-${s.key}`} data-change={s.change}>
          <h3>
            {t(`profiles.section.${s.key}`)}: {t(`profiles.change.${s.change}`)}
          </h3>
          <p style={{ whiteSpace: 'pre-wrap' }}>
            {s.text.map((part, i) =>
              part.op === 'insert' ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one diff never move
                <ins key={i}>{part.text}</ins>
              ) : part.op === 'delete' ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one diff never move
                <del key={i}>{part.text}</del>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one diff never move
                <span key={i}>{part.text}</span>
              ),
            )}
          </p>
          {s.sourcesAdded.length || s.sourcesRemoved.length ? (
            <p className="muted">
              {t('profiles.sourcesChanged', {
                added: s.sourcesAdded.map((x) => x.title).join(', ') || '–',
                removed: s.sourcesRemoved.map((x) => x.title).join(', ') || '–',
              })}
            </p>
          ) : null}
          {s.classification.from !== s.classification.to && s.classification.from && s.classification.to ? (
            <p className="muted">
              {t('profiles.classificationChanged', {
                from: t(`classification.${s.classification.from}`),
                to: t(`classification.${s.classification.to}`),
              })}
            </p>
          ) : null}
        </article>
      ))}
    </>
  );
}
