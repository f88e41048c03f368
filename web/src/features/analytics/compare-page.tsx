import { useTranslation } from 'react-i18next';
import type { ChartOption } from '../../ui/echart';
import { pickTranslated } from '../../ui/format';
import { useAsync } from '../../ui/use-async';
import { routeColor } from '../dialogues/route-colors';
import { type AnalyticsContext, AnalyticsLayout } from './analytics-layout';
import { type AnalyticsParams, type CompareView, fetchAnalytics } from './api';
import { ChartCard, ChartTable } from './chart-card';
import { formatNumber } from './format';

/** Colours of reporting states compared side by side (routes use the shared route palette). */
const COLORS = ['#1f4e8c', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#999999'];

/** Compare: several routes or reporting states side by side. */
export default function ComparePage() {
  return (
    <AnalyticsLayout titleKey="analytics.tabs.compare" fields={['indicator', 'range', 'asOf']}>
      {(ctx) => <Compare ctx={ctx} />}
    </AnalyticsLayout>
  );
}

function Compare({ ctx }: { ctx: AnalyticsContext }) {
  const { t } = useTranslation();
  const { q, home } = ctx;
  const indicator = ctx.indicators[0];
  const by = q.get('by') === 'reporter' ? 'reporter' : 'route';
  const choices =
    by === 'route'
      ? home.routes.map((r) => ({ code: r.code, name: `${r.code} · ${ctx.routeName(r.code)}` }))
      : home.memberStates.map((m) => ({ code: m.iso3, name: pickTranslated(m.name, ctx.lng) }));
  const given = q.get('codes')?.split(',').filter(Boolean);
  const codes = given?.length ? given : choices.slice(0, 3).map((c) => c.code);
  const params: AnalyticsParams<'compare'> = {
    indicator: indicator?.code,
    by,
    codes: codes.join(','),
    from: ctx.from,
    to: ctx.to,
  };
  const key = JSON.stringify(params);
  const state = useAsync(
    (signal) => fetchAnalytics(ctx.slug, 'compare', { ...params, asOf: ctx.asOf }, signal),
    [ctx.slug, key, ctx.asOf],
  );
  if (!indicator) return <p className="notice">{t('analytics.noIndicators')}</p>;
  const nameOf = (code: string) => (by === 'route' ? ctx.routeName(code) : ctx.countryName(code));
  const what = `${ctx.indicatorName(indicator.code)}: ${codes.map(nameOf).join(', ')}`;
  const toggle = (code: string, on: boolean) => {
    const next = choices.map((c) => c.code).filter((c) => (c === code ? on : codes.includes(c)));
    q.set({ codes: next.join(',') || undefined });
  };
  const chart = (v: CompareView): ChartOption => {
    const periods = [...new Set(v.series.flatMap((s) => s.points.map((p) => p.period)))].sort();
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, left: 'center' },
      xAxis: { type: 'category', data: periods },
      yAxis: { type: 'value' },
      series: v.series.map((s, i) => {
        const byPeriod = new Map(s.points.map((p) => [p.period, p.value]));
        return {
          name: nameOf(s.code),
          type: 'line',
          showSymbol: false,
          // A route keeps its colour from every other page (the shared palette); states take this one.
          itemStyle: {
            color:
              by === 'route'
                ? routeColor(home.routes.findIndex((r) => r.code === s.code))
                : COLORS[i % COLORS.length],
          },
          data: periods.map((p) => byPeriod.get(p) ?? null),
        };
      }),
    };
  };
  return (
    <>
      <form className="analytics-filters" onSubmit={(e) => e.preventDefault()}>
        <fieldset className="field">
          <legend>{t('analytics.compareBy')}</legend>
          {(['route', 'reporter'] as const).map((b) => (
            <label key={b} className="field--checkbox">
              <input
                type="radio"
                name="compare-by"
                checked={by === b}
                onChange={() => q.set({ by: b, codes: undefined })}
              />
              {b === 'route' ? t('analytics.routes') : t('analytics.reporters')}
            </label>
          ))}
        </fieldset>
        <fieldset className="field analytics-filters__indicators">
          <legend>{by === 'route' ? t('analytics.routes') : t('analytics.reporters')}</legend>
          {choices.map((c) => (
            <label key={c.code} className="field--checkbox">
              <input
                type="checkbox"
                checked={codes.includes(c.code)}
                onChange={(e) => toggle(c.code, e.target.checked)}
              />
              {c.name}
            </label>
          ))}
        </fieldset>
      </form>
      <ChartCard
        title={t('analytics.compareTitle', { what })}
        unit={ctx.unitOf(indicator)}
        source={ctx.source}
        asOf={ctx.asOf}
        slug={ctx.slug}
        view="compare"
        params={params}
        state={state}
        isEmpty={(v) => v.series.every((s) => s.points.length === 0)}
        emptyWhat={what}
        chart={chart}
        testId="compare"
        fileName={`${ctx.slug}-${indicator.code}-compare`}
      >
        {(v) => (
          <ChartTable
            caption={what}
            testId="compare-table"
            isOpen
            header={[by === 'route' ? t('analytics.route') : t('analytics.reporter'), t('analytics.total')]}
            rows={v.series.map((s) => [nameOf(s.code), formatNumber(s.total, ctx.lng)])}
          />
        )}
      </ChartCard>
    </>
  );
}
