import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage, type Language } from '../../app/i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { formatDate, formatLanguageName, pickTranslated } from '../../ui/format';
import { Page, Section } from '../../ui/page';
import { Loading } from '../../ui/status';
import { pickTranslation, TranslatedText } from '../../ui/translated-text';
import { dimensionName, isDimension } from '../exchange/breakdown-label';
import { type CountryView, listCountries } from '../reference/api';
import type { DialogueHome, DialogueIndicator, RouteView } from './api';
import { ClassificationBadge } from './components/classification-badge';
import { countryNamesOf } from './components/map-countries';
import { routeColor } from './route-colors';

// MapLibre is large: it is loaded in its own chunk, after the page text is shown.
const DialogueMap = lazy(() => import('./components/dialogue-map'));

const UNIT_KEYS = {
  detections: 'units.detections',
  persons: 'units.persons',
  applications: 'units.applications',
  decisions: 'units.decisions',
  returns: 'units.returns',
  refusals: 'units.refusals',
} as const;

function lookupKey<K extends string>(keys: Record<K, string>, code: string): K | null {
  const normalised = code.toLowerCase();
  return normalised in keys ? (normalised as K) : null;
}

/** Country names in the interface language, by ISO alpha-3 and by ISO numeric code. */
function useCountryNames(home: DialogueHome | null, lng: Language): ReadonlyMap<string, string> {
  const [countries, setCountries] = useState<CountryView[]>([]);
  useEffect(() => {
    let isCancelled = false;
    listCountries().then(
      (list) => {
        if (!isCancelled) setCountries(list);
      },
      () => {
        // Names fall back to ISO codes and the map's own English names.
      },
    );
    return () => {
      isCancelled = true;
    };
  }, []);
  // The member states' own names come last: they win over the reference list's.
  return useMemo(
    () => countryNamesOf([...countries, ...(home?.memberStates ?? [])], lng),
    [countries, home, lng],
  );
}

export function DialogueHomePage() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { dialogue: d, can } = useDialogue();
  const countryNames = useCountryNames(d, lng);

  return (
    <Page
      className="dialogue-home"
      title={<TranslatedText value={d.nameText} />}
      documentTitle={pickTranslation(d.nameText, lng).text || d.name}
      badges={<ClassificationBadge classification={d.classification} />}
      actions={
        can.canTranslate || can.canManageDefinitions ? (
          <>
            {can.canTranslate ? (
              <Link
                to={`/d/${d.slug}/translations`}
                className="button button--secondary"
                data-testid="translations-link"
              >
                {t('translations.link')}
              </Link>
            ) : null}
            {can.canManageDefinitions ? (
              <Link
                to={`/d/${d.slug}/definitions`}
                className="button button--secondary"
                data-testid="definitions-link"
              >
                {t('definitions.link')}
              </Link>
            ) : null}
          </>
        ) : undefined
      }
      lead={
        d.description ? (
          <span data-testid="dialogue-description">
            <TranslatedText value={d.descriptionText} />
          </span>
        ) : undefined
      }
    >
      <section className="panel panel--map" aria-labelledby="map-title">
        <h2 id="map-title" className="visually-hidden">
          {t('map.title')}
        </h2>
        <Suspense fallback={<Loading label={t('map.loading')} />}>
          <DialogueMap memberStates={d.memberStates} routes={d.routes} countryNames={countryNames} />
        </Suspense>
      </section>

      <div className="columns">
        <Section title={t('dialogue.overview')} headingId="overview-title">
          <dl className="facts">
            <dt>{t('dialogue.secretariat')}</dt>
            <dd data-testid="secretariat">
              {d.secretariat.name}
              {d.secretariat.acronym ? ` (${d.secretariat.acronym})` : ''}
            </dd>
            <dt>{t('dialogue.workingLanguages')}</dt>
            <dd>{d.workingLanguages.map((code) => formatLanguageName(code, lng)).join(', ')}</dd>
            <dt>{t('dialogue.myRoles')}</dt>
            <dd>
              {d.myRoles.length > 0
                ? d.myRoles.map((role) => t(`roles.${role}`)).join(', ')
                : t('dialogue.noRoles')}
            </dd>
          </dl>
          <h3>{t('dialogue.observers')}</h3>
          {d.observers.length > 0 ? (
            <ul className="plain-list" data-testid="observers">
              {d.observers.map((o) => (
                <li key={o.id}>
                  {o.name}
                  {o.acronym ? <span className="muted"> ({o.acronym})</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('dialogue.noObservers')}</p>
          )}
        </Section>

        <Section
          headingId="members-title"
          title={
            <>
              {t('dialogue.memberStates')}{' '}
              <span className="count">
                {t('dialogue.memberStatesCount', { count: d.memberStates.length })}
              </span>
            </>
          }
        >
          <ul className="member-list" data-testid="member-states">
            {[...d.memberStates]
              .sort((a, b) => pickTranslated(a.name, lng).localeCompare(pickTranslated(b.name, lng), lng))
              .map((m) => (
                <li key={m.iso3}>
                  <span className="code">{m.iso3}</span>
                  <span>{pickTranslated(m.name, lng)}</span>
                  {m.joinedOn ? (
                    <span className="muted member-list__since">
                      {t('dialogue.joinedOn', { date: formatDate(m.joinedOn, lng) })}
                    </span>
                  ) : null}
                </li>
              ))}
          </ul>
        </Section>
      </div>

      <Section title={t('dialogue.routes')} headingId="routes-title">
        {d.routes.length > 0 ? (
          <ul className="route-list" data-testid="routes">
            {d.routes.map((route, index) => (
              <RouteItem
                key={route.id}
                route={route}
                color={routeColor(index)}
                countryNames={countryNames}
                lng={lng}
              />
            ))}
          </ul>
        ) : (
          <p className="muted">{t('dialogue.noRoutes')}</p>
        )}
      </Section>

      <Section title={t('dialogue.indicators')} headingId="indicators-title">
        {d.indicators.length > 0 ? (
          <>
            <IndicatorTable indicators={d.indicators} />
            <p className="note">{t('dialogue.detectionsNote')}</p>
          </>
        ) : (
          <p className="muted">{t('dialogue.noIndicators')}</p>
        )}
      </Section>
    </Page>
  );
}

function RouteItem({
  route,
  color,
  countryNames,
  lng,
}: {
  route: RouteView;
  color: string;
  countryNames: ReadonlyMap<string, string>;
  lng: Language;
}) {
  const { t } = useTranslation();
  const from = formatDate(route.validFrom, lng);
  return (
    <li className="route-list__item">
      <h3 className="route-list__name">
        <span className="swatch swatch--line" style={{ background: color }} aria-hidden="true" />
        <span className="code">{route.code}</span> <TranslatedText value={route.nameText} />
      </h3>
      {route.description ? (
        <p>
          <TranslatedText value={route.descriptionText} />
        </p>
      ) : null}
      <p className="route-list__countries">
        <span className="visually-hidden">{t('dialogue.routeCountries')}: </span>
        {route.countries.map((iso3) => countryNames.get(iso3) ?? iso3).join(' → ')}
      </p>
      <p className="muted small">
        {route.validTo
          ? t('dialogue.validBetween', { from, to: formatDate(route.validTo, lng) })
          : t('dialogue.validFrom', { from })}
      </p>
    </li>
  );
}

function IndicatorTable({ indicators }: { indicators: readonly DialogueIndicator[] }) {
  const { t } = useTranslation();
  const breakdownName = (code: string) => {
    const dimension = code.toLowerCase();
    return isDimension(dimension) ? dimensionName(t, dimension) : code.replaceAll('_', ' ');
  };
  const unitName = (code: string) => {
    const key = lookupKey(UNIT_KEYS, code);
    return key ? t(UNIT_KEYS[key]) : code;
  };
  return (
    <DataTable
      testId="indicators"
      rows={indicators}
      rowKey={(i) => i.code}
      columns={[
        {
          key: 'code',
          header: t('dialogue.indicatorCode'),
          cell: (i) => <span className="code">{i.code}</span>,
        },
        {
          key: 'name',
          header: t('dialogue.indicatorName'),
          cell: (i) => <TranslatedText value={i.nameText} />,
        },
        { key: 'unit', header: t('dialogue.indicatorUnit'), cell: (i) => unitName(i.unit) },
        {
          key: 'breakdowns',
          header: t('dialogue.indicatorBreakdowns'),
          cell: (i) => i.breakdowns.map(breakdownName).join(', '),
        },
      ]}
    />
  );
}
