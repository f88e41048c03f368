import { AGREEMENT_STATUSES, AGREEMENT_TYPES, THEMATIC_AREAS } from '@passage/contract/constants';
import { type FormEvent, Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { DataTable } from '../../ui/data-table';
import { formatDate, pickTranslated } from '../../ui/format';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { formatNumber } from '../analytics/format';
import {
  getPortalAgreement,
  getPortalAgreements,
  getPortalPractice,
  getPortalPractices,
  getPortalProfile,
  getPortalProfiles,
  type PortalAgreement,
  type PortalPractice,
  type PortalProfileView,
} from './api';
import { usePortal } from './portal-layout';

/*
 * The public knowledge of a dialogue on the portal (issue 16): best practices, the agreements registry and
 * country profiles (/p/:slug/practices[/:id], /agreements[/:id], /profiles[/:state]). Only what the public may
 * read, as src/modules/portal gives it: published public practices without their contacts, public agreements,
 * the endorsed version's public sections and the state's public figures after disclosure control.
 */

const day = (iso: string | null, lng: ReturnType<typeof currentLanguage>) =>
  iso ? formatDate(iso, lng) : '–';

/** The page's loading and error states (a 404 says the item is not public). */
function Pending({
  state,
  title,
  testId,
  notFound,
}: {
  state: { status: 'loading' } | { status: 'error'; error: unknown; reload: () => void };
  title: string;
  testId: string;
  notFound: string;
}) {
  return (
    <Page title={title} testId={testId}>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? (
        <ErrorMessage
          error={state.error}
          message={isApiError(state.error, 404) ? notFound : undefined}
          onRetry={state.reload}
        />
      ) : null}
    </Page>
  );
}

/** A filter form kept in the URL: each field a select (or a short text), applied with the button. */
function FilterForm({
  fields,
  testId,
}: {
  fields: { name: string; label: string; options?: { value: string; label: string }[] }[];
  testId: string;
}) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const f of fields) {
      const v = data.get(f.name);
      if (typeof v === 'string' && v.trim()) next.set(f.name, v.trim());
    }
    setParams(next);
  };
  return (
    <form className="practice-filters" onSubmit={submit} data-testid={testId} key={params.toString()}>
      {fields.map((f) => (
        <label key={f.name} htmlFor={`portal-filter-${f.name}`}>
          {f.label}{' '}
          {f.options ? (
            <select
              id={`portal-filter-${f.name}`}
              name={f.name}
              defaultValue={params.get(f.name) ?? ''}
              data-testid={`filter-${f.name}`}
            >
              <option value="">{t('portal.filter.any')}</option>
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`portal-filter-${f.name}`}
              name={f.name}
              size={4}
              maxLength={3}
              defaultValue={params.get(f.name) ?? ''}
              data-testid={`filter-${f.name}`}
            />
          )}
        </label>
      ))}
      <button type="submit" data-testid="filter-apply">
        {t('portal.filter.apply')}
      </button>
    </form>
  );
}

const period = (from: string, to: string | null, ongoing: string) => `${from} – ${to ?? ongoing}`;

/** /p/:slug/practices: the published public practices, by thematic area, country and tag. */
export function PortalPracticesPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug } = usePortal();
  const [params] = useSearchParams();
  const query = {
    area: THEMATIC_AREAS.find((a) => a === params.get('area')),
    country: params.get('country') || undefined,
    tag: params.get('tag') || undefined,
  };
  const key = JSON.stringify(query);
  const state = useAsync((signal) => getPortalPractices(slug, query, signal), [slug, key]);
  const tags = state.status === 'success' ? state.data.tags : [];
  return (
    <Page title={t('portal.nav.practices')} testId="portal-practices" lead={t('portal.practices.lead')}>
      <FilterForm
        testId="portal-practice-filters"
        fields={[
          {
            name: 'area',
            label: t('practices.field.area'),
            options: THEMATIC_AREAS.map((a) => ({ value: a, label: t(`practices.areas.${a}`) })),
          },
          { name: 'country', label: t('practices.field.country') },
          {
            name: 'tag',
            label: t('practices.field.tag'),
            options: tags.map((x) => ({ value: x, label: x })),
          },
        ]}
      />
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        <DataTable<PortalPractice>
          testId="portal-practice-list"
          caption={t('portal.practices.caption', { n: state.data.items.length })}
          rows={state.data.items}
          rowKey={(p) => p.id}
          empty={<p className="notice">{t('portal.practices.none')}</p>}
          columns={[
            {
              key: 'title',
              header: t('practices.field.title'),
              isRowHeader: true,
              cell: (p) => <Link to={`/p/${slug}/practices/${p.id}`}>{p.title}</Link>,
            },
            { key: 'area', header: t('practices.field.area'), cell: (p) => t(`practices.areas.${p.area}`) },
            { key: 'countries', header: t('practices.field.countries'), cell: (p) => p.countries.join(', ') },
            {
              key: 'period',
              header: t('practices.field.period'),
              cell: (p) => period(p.periodFrom, p.periodTo, t('practices.ongoing')),
            },
            {
              key: 'published',
              header: t('portal.practices.published'),
              cell: (p) => day(p.publishedAt, lng),
            },
          ]}
        />
      ) : null}
    </Page>
  );
}

const textSection = (title: string, body: string): ReactNode =>
  body ? (
    <Section title={title}>
      <p className="prewrap">{body}</p>
    </Section>
  ) : null;

/** /p/:slug/practices/:id: one public practice with its impact assessment (no contacts: members only). */
export function PortalPracticePage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug } = usePortal();
  const { id = '' } = useParams();
  const state = useAsync((signal) => getPortalPractice(slug, Number(id), signal), [slug, id]);
  if (state.status !== 'success')
    return (
      <Pending
        state={state}
        title={t('portal.nav.practices')}
        testId="portal-practice"
        notFound={t('portal.practices.notFound')}
      />
    );
  const p = state.data;
  return (
    <Page
      title={p.title}
      testId="portal-practice"
      breadcrumbs={[{ label: t('portal.nav.practices'), to: `/p/${slug}/practices` }]}
    >
      <dl className="facts">
        <dt>{t('practices.field.area')}</dt>
        <dd>{t(`practices.areas.${p.area}`)}</dd>
        <dt>{t('practices.field.countries')}</dt>
        <dd>{p.countries.join(', ')}</dd>
        {p.partners.length ? (
          <>
            <dt>{t('practices.field.partners')}</dt>
            <dd>{p.partners.join('; ')}</dd>
          </>
        ) : null}
        <dt>{t('practices.field.period')}</dt>
        <dd>{period(p.periodFrom, p.periodTo, t('practices.ongoing'))}</dd>
        {p.funding ? (
          <>
            <dt>{t('practices.field.funding')}</dt>
            <dd>{p.funding}</dd>
          </>
        ) : null}
        <dt>{t('practices.field.organisation')}</dt>
        <dd>{p.organisation}</dd>
        <dt>{t('portal.practices.published')}</dt>
        <dd>{day(p.publishedAt, lng)}</dd>
        {p.tags.length ? (
          <>
            <dt>{t('practices.field.tags')}</dt>
            <dd>{p.tags.join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {textSection(t('practices.field.summary'), p.summary)}
      {textSection(t('practices.field.objectives'), p.objectives)}
      {textSection(t('practices.field.results'), p.results)}
      <Section title={t('practices.field.impact')}>
        <DataTable
          testId="portal-practice-impact"
          rows={p.impact}
          rowKey={(i) => i.name}
          empty={<p className="muted">{t('practices.noImpact')}</p>}
          columns={[
            { key: 'name', header: t('practices.impact.name'), isRowHeader: true, cell: (i) => i.name },
            { key: 'unit', header: t('practices.impact.unit'), cell: (i) => i.unit },
            {
              key: 'before',
              header: t('practices.impact.before'),
              isNumeric: true,
              cell: (i) => formatNumber(i.before, lng),
            },
            {
              key: 'after',
              header: t('practices.impact.after'),
              isNumeric: true,
              cell: (i) => formatNumber(i.after, lng),
            },
            {
              key: 'change',
              header: t('practices.impact.change'),
              isNumeric: true,
              cell: (i) =>
                i.change === null
                  ? '–'
                  : `${formatNumber(i.change, lng)}${i.percent === null ? '' : ` (${formatNumber(i.percent, lng)} %)`}`,
            },
          ]}
        />
      </Section>
      {textSection(t('practices.field.lessons'), p.lessons)}
      {p.links.length ? (
        <Section title={t('practices.field.links')}>
          <ul>
            {p.links.map((l) => (
              <li key={l}>
                <a href={l} rel="noopener noreferrer nofollow">
                  {l}
                </a>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {p.files.length ? (
        <Section title={t('portal.practices.files')} testId="portal-practice-files">
          <ul>
            {p.files.map((f) => (
              <li key={f.id}>
                <a href={f.url} download={f.fileName} data-testid="portal-practice-file">
                  {f.fileName}
                </a>{' '}
                (
                {t('portal.practices.fileFacts', {
                  type: f.format.toUpperCase(),
                  size: t('files.size', { kb: Math.max(1, Math.round(f.byteSize / 1024)) }),
                })}
                )
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <p className="muted" data-testid="portal-practice-contacts-note">
        {t('portal.practices.contactsNote')}
      </p>
    </Page>
  );
}

/** A party's name: a state by its code, the EU, an organisation by its name. */
function usePartyName() {
  const { t } = useTranslation();
  return (key: string) => (key === 'EU' ? t('agreements.eu') : key.startsWith('ORG:') ? key.slice(4) : key);
}

/** /p/:slug/agreements: the public agreements, by type, status and party. */
export function PortalAgreementsPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug } = usePortal();
  const partyName = usePartyName();
  const [params] = useSearchParams();
  const query = {
    type: AGREEMENT_TYPES.find((x) => x === params.get('type')),
    status: AGREEMENT_STATUSES.find((x) => x === params.get('status')),
    party: params.get('party') || undefined,
  };
  const key = JSON.stringify(query);
  const state = useAsync((signal) => getPortalAgreements(slug, query, signal), [slug, key]);
  const parties = state.status === 'success' ? state.data.parties : [];
  return (
    <Page title={t('portal.nav.agreements')} testId="portal-agreements" lead={t('portal.agreements.lead')}>
      <FilterForm
        testId="portal-agreement-filters"
        fields={[
          {
            name: 'type',
            label: t('agreements.field.type'),
            options: AGREEMENT_TYPES.map((x) => ({ value: x, label: t(`agreements.type.${x}`) })),
          },
          {
            name: 'status',
            label: t('agreements.field.status'),
            options: AGREEMENT_STATUSES.map((x) => ({ value: x, label: t(`agreements.status.${x}`) })),
          },
          {
            name: 'party',
            label: t('agreements.field.party'),
            options: parties.map((x) => ({ value: x, label: partyName(x) })),
          },
        ]}
      />
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        <DataTable<PortalAgreement>
          testId="portal-agreement-list"
          caption={t('portal.agreements.caption', { n: state.data.items.length })}
          rows={state.data.items}
          rowKey={(a) => a.id}
          empty={<p className="notice">{t('portal.agreements.none')}</p>}
          columns={[
            {
              key: 'title',
              header: t('agreements.field.title'),
              isRowHeader: true,
              cell: (a) => <Link to={`/p/${slug}/agreements/${a.id}`}>{a.title}</Link>,
            },
            { key: 'type', header: t('agreements.field.type'), cell: (a) => t(`agreements.type.${a.type}`) },
            {
              key: 'parties',
              header: t('agreements.field.parties'),
              cell: (a) => a.parties.map((p) => partyName(p.key)).join(', '),
            },
            {
              key: 'status',
              header: t('agreements.field.status'),
              cell: (a) => t(`agreements.status.${a.status}`),
            },
            { key: 'signed', header: t('agreements.field.signedOn'), cell: (a) => day(a.signedOn, lng) },
            { key: 'inForce', header: t('agreements.field.inForceOn'), cell: (a) => day(a.inForceOn, lng) },
          ]}
        />
      ) : null}
    </Page>
  );
}

/** /p/:slug/agreements/:id: one public agreement: parties, status, dates and timeline. */
export function PortalAgreementPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug } = usePortal();
  const partyName = usePartyName();
  const { id = '' } = useParams();
  const state = useAsync((signal) => getPortalAgreement(slug, Number(id), signal), [slug, id]);
  if (state.status !== 'success')
    return (
      <Pending
        state={state}
        title={t('portal.nav.agreements')}
        testId="portal-agreement"
        notFound={t('portal.agreements.notFound')}
      />
    );
  const a = state.data;
  const dates = (['mandateOn', 'signedOn', 'inForceOn', 'suspendedOn', 'endedOn'] as const).filter(
    (k) => a[k] !== null,
  );
  return (
    <Page
      title={a.title}
      testId="portal-agreement"
      breadcrumbs={[{ label: t('portal.nav.agreements'), to: `/p/${slug}/agreements` }]}
    >
      <dl className="facts">
        <dt>{t('agreements.field.type')}</dt>
        <dd>{t(`agreements.type.${a.type}`)}</dd>
        <dt>{t('agreements.field.parties')}</dt>
        <dd>{a.parties.map((p) => partyName(p.key)).join(', ')}</dd>
        <dt>{t('agreements.field.status')}</dt>
        <dd data-testid="portal-agreement-status">{t(`agreements.status.${a.status}`)}</dd>
        {dates.map((k) => (
          <Fragment key={k}>
            <dt>{t(`agreements.field.${k}`)}</dt>
            <dd>{day(a[k], lng)}</dd>
          </Fragment>
        ))}
      </dl>
      <Section title={t('agreements.timeline')}>
        <DataTable
          testId="portal-agreement-timeline"
          rows={a.timeline}
          rowKey={(s) => `${s.kind}-${s.date}`}
          empty={<p className="muted">{t('agreements.noDates')}</p>}
          columns={[
            {
              key: 'date',
              header: t('agreements.field.date'),
              isRowHeader: true,
              cell: (s) => `${day(s.date, lng)}${s.isFuture ? ` (${t('portal.agreements.expected')})` : ''}`,
            },
            {
              key: 'kind',
              header: t('portal.agreements.step'),
              cell: (s) => t(`agreements.event.${s.kind}`),
            },
            { key: 'place', header: t('agreements.field.place'), cell: (s) => s.place ?? '' },
          ]}
        />
      </Section>
      {a.links.length ? (
        <Section title={t('agreements.texts')}>
          <ul>
            {a.links.map((l) => (
              <li key={l.url}>
                <a href={l.url} rel="noopener noreferrer nofollow">
                  {l.title || l.url}
                </a>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {textSection(t('agreements.field.notes'), a.notes)}
    </Page>
  );
}

/** /p/:slug/profiles: the member states with an endorsed profile. */
export function PortalProfilesPage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug } = usePortal();
  const state = useAsync((signal) => getPortalProfiles(slug, signal), [slug]);
  return (
    <Page title={t('portal.nav.profiles')} testId="portal-profiles" lead={t('portal.profiles.lead')}>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.status === 'success' ? (
        state.data.items.length ? (
          <ul className="portal-list" data-testid="portal-profile-list">
            {state.data.items.map((p) => (
              <li key={p.state}>
                <Link to={`/p/${slug}/profiles/${p.state}`}>{pickTranslated(p.names, lng)}</Link>
                <span className="muted">
                  {' '}
                  · {t('portal.profiles.lastUpdated', { date: day(p.endorsedAt, lng) })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="notice">{t('portal.profiles.none')}</p>
        )
      ) : null}
    </Page>
  );
}

/** A sum on the profile: its value, or "withheld" (a part is withheld by disclosure control). */
function SumValue({ sum }: { sum: { value: number | null; isWithheld: boolean } }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  if (!sum.isWithheld) return <>{formatNumber(sum.value, lng)}</>;
  return (
    <abbr className="withheld" title={t('portal.profiles.withheldWhy')}>
      {t('portal.withheld')}
    </abbr>
  );
}

type KeyFigures = PortalProfileView['figures'][number];

function FiguresOf({ f }: { f: KeyFigures }) {
  const { t } = useTranslation();
  const { nameOf } = usePortal();
  const indicator = nameOf('indicators', f.indicator);
  return (
    <Section title={indicator} testId={`portal-profile-figures-${f.indicator}`}>
      <dl className="facts">
        <dt>{t('portal.profiles.window', { from: f.from, to: f.to })}</dt>
        <dd>
          <SumValue sum={f.total} />
        </dd>
        <dt>{t('portal.profiles.yearEarlier')}</dt>
        <dd>
          <SumValue sum={f.previous} />
        </dd>
      </dl>
      {f.byRoute.length ? (
        <DataTable
          caption={t('portal.profiles.byRoute', { indicator })}
          rows={f.byRoute}
          rowKey={(r) => r.route}
          columns={[
            {
              key: 'route',
              header: t('profiles.route'),
              isRowHeader: true,
              cell: (r) => nameOf('routes', r.route),
            },
            { key: 'value', header: t('profiles.value'), isNumeric: true, cell: (r) => <SumValue sum={r} /> },
          ]}
        />
      ) : null}
      <DataTable
        caption={t('portal.profiles.monthly', { indicator })}
        rows={f.trend.slice(-12)}
        rowKey={(m) => m.period}
        columns={[
          { key: 'period', header: t('portal.routePage.month'), isRowHeader: true, cell: (m) => m.period },
          { key: 'value', header: t('profiles.value'), isNumeric: true, cell: (m) => <SumValue sum={m} /> },
        ]}
      />
    </Section>
  );
}

/** /p/:slug/profiles/:state: the endorsed version's public sections and the state's public figures. */
export function PortalProfilePage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { slug } = usePortal();
  const { state: iso3 = '' } = useParams();
  const state = useAsync((signal) => getPortalProfile(slug, iso3, signal), [slug, iso3]);
  if (state.status !== 'success')
    return (
      <Pending
        state={state}
        title={t('portal.nav.profiles')}
        testId="portal-profile"
        notFound={t('portal.profiles.notFound')}
      />
    );
  const p = state.data;
  return (
    <Page
      title={t('profiles.profileTitle', { state: pickTranslated(p.names, lng) })}
      testId="portal-profile"
      breadcrumbs={[{ label: t('portal.nav.profiles'), to: `/p/${slug}/profiles` }]}
      lead={t('portal.profiles.endorsed', { number: p.version, date: day(p.endorsedAt, lng) })}
    >
      <Section title={t('profiles.figures')} testId="portal-profile-figures">
        <p data-testid="portal-profile-as-of">
          {p.dataAsPublishedOn
            ? t('portal.dataAsPublishedOn', { date: day(p.dataAsPublishedOn, lng) })
            : t('portal.noData')}
        </p>
        <p className="muted">{t('profiles.detectionsNote')}</p>
        {p.figures.map((f) => (
          <FiguresOf key={f.indicator} f={f} />
        ))}
      </Section>
      <Section title={t('profiles.narrative')} testId="portal-profile-sections">
        {p.sections.length ? null : <p className="muted">{t('portal.profiles.noSections')}</p>}
        {p.sections.map((s) => (
          <Section key={s.key} title={t(`profiles.section.${s.key}`)}>
            <p className="muted">{t('portal.profiles.lastUpdated', { date: day(s.updatedAt, lng) })}</p>
            <p className="prewrap">{s.body}</p>
            {s.sources.length ? (
              <ul>
                {s.sources.map((x) => (
                  <li key={`${x.title}-${x.url ?? ''}`}>
                    {x.url ? (
                      <a href={x.url} rel="noopener noreferrer nofollow">
                        {x.title}
                      </a>
                    ) : (
                      x.title
                    )}
                  </li>
                ))}
              </ul>
            ) : null}
          </Section>
        ))}
      </Section>
    </Page>
  );
}
