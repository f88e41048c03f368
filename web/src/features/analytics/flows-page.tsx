import { useTranslation } from 'react-i18next';
import type { ChartOption } from '../../ui/echart';
import { useAsync } from '../../ui/use-async';
import { routeColor } from '../dialogues/route-colors';
import { type AnalyticsContext, AnalyticsLayout } from './analytics-layout';
import { type AnalyticsParams, type FlowsView, fetchAnalytics } from './api';
import { ChartCard, ChartTable } from './chart-card';
import { formatNumber, formatShare } from './format';

/** Sankey labels: about 7 px per character at the chart's 12 px font; the right margin stops at 240 px. */
const LABEL_CHAR_PX = 7;
const LABEL_MAX_PX = 240;

/** Flows: citizenship → route → reporting country for a period, as a Sankey diagram with its table. */
export default function FlowsPage() {
  return (
    <AnalyticsLayout titleKey="analytics.tabs.flows" fields={['indicator', 'range', 'asOf']}>
      {(ctx) => <Flows ctx={ctx} />}
    </AnalyticsLayout>
  );
}

function Flows({ ctx }: { ctx: AnalyticsContext }) {
  const { t } = useTranslation();
  const indicator = ctx.indicators[0];
  const route = ctx.q.get('flowRoute');
  const params: AnalyticsParams<'flows'> = {
    indicator: indicator?.code,
    route,
    from: ctx.from,
    to: ctx.to,
    limit: 12,
  };
  const key = JSON.stringify(params);
  const state = useAsync(
    (signal) => fetchAnalytics(ctx.slug, 'flows', { ...params, asOf: ctx.asOf }, signal),
    [ctx.slug, key, ctx.asOf],
  );
  if (!indicator) return <p className="notice">{t('analytics.noIndicators')}</p>;
  const range = state.status === 'success' && state.data.from ? `${state.data.from} – ${state.data.to}` : '';
  const what = [
    ctx.indicatorName(indicator.code),
    route ? ctx.routeName(route) : t('analytics.allRoutes'),
    range,
  ]
    .filter(Boolean)
    .join(', ');
  // Node names are prefixed by level: a citizenship and a reporting state may share an ISO code.
  const chart = (v: FlowsView): ChartOption => {
    const routeIndex = (code: string) => ctx.home.routes.findIndex((r) => r.code === code);
    const nodes = new Map<string, { name: string; label: string; color?: string }>();
    const links: { source: string; target: string; value: number }[] = [];
    for (const l of v.links) {
      const rt = `r:${l.kind === 'citizenship' ? l.target : l.source}`;
      const other = l.kind === 'citizenship' ? `c:${l.source}` : `s:${l.target}`;
      const code = rt.slice(2);
      nodes.set(rt, { name: rt, label: code, color: routeColor(routeIndex(code)) });
      nodes.set(other, { name: other, label: ctx.countryName(other.slice(2)) });
      links.push(
        l.kind === 'citizenship'
          ? { source: other, target: rt, value: l.value }
          : { source: rt, target: other, value: l.value },
      );
    }
    // Room on the right for the last column's labels (reporting states, or routes), so long names such as
    // "Bosnia and Herzegovina" are not cut; names longer than the room wrap onto a second line.
    const sources = new Set(links.map((l) => l.source));
    const lastColumn = [...nodes.values()].filter((n) => !sources.has(n.name));
    const longest = Math.max(0, ...lastColumn.map((n) => n.label.length));
    const right = Math.min(LABEL_MAX_PX, Math.max(60, Math.ceil(longest * LABEL_CHAR_PX) + 16));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: {
          dataType: string;
          data: { source?: string; target?: string; value: number; displayName?: string };
        }) => {
          const name = (id: string | undefined) => nodes.get(id ?? '')?.label ?? id;
          return p.dataType === 'edge'
            ? `${name(p.data.source)} → ${name(p.data.target)}: ${formatNumber(p.data.value, ctx.lng)}`
            : `${p.data.displayName}`;
        },
      },
      series: [
        {
          type: 'sankey',
          top: 90,
          bottom: 16,
          left: 8,
          right,
          nodeGap: 10,
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.45 },
          label: {
            formatter: (p: { data: { displayName: string } }) => p.data.displayName,
            width: right - 12,
            overflow: 'break',
          },
          data: [...nodes.values()].map((n) => ({
            name: n.name,
            displayName: n.label,
            ...(n.color ? { itemStyle: { color: n.color } } : {}),
          })),
          links,
        },
      ],
    } as ChartOption;
  };
  return (
    <>
      <form className="analytics-filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="flow-route">{t('analytics.route')}</label>
          <select
            id="flow-route"
            value={route ?? ''}
            onChange={(e) => ctx.q.set({ flowRoute: e.target.value })}
          >
            <option value="">{t('analytics.allRoutes')}</option>
            {ctx.home.routes.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} · {ctx.routeName(r.code)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ChartCard
        title={t('analytics.flowsTitle', { what })}
        unit={ctx.unitOf(indicator)}
        source={ctx.source}
        asOf={ctx.asOf}
        slug={ctx.slug}
        view="flows"
        params={params}
        state={state}
        isEmpty={(v) => v.links.length === 0}
        emptyWhat={what}
        chart={chart}
        height={560}
        testId="flows"
        fileName={`${ctx.slug}-${indicator.code}-flows`}
      >
        {(v) => (
          <ChartTable
            caption={what}
            testId="flows-table"
            isOpen
            numericFrom={2}
            header={[
              t('analytics.linkFrom'),
              t('analytics.linkTo'),
              ctx.unitOf(indicator),
              t('analytics.share'),
            ]}
            rows={v.links.map((l) => {
              const name = (code: string, isRoute: boolean) =>
                isRoute ? ctx.routeName(code) : ctx.countryName(code);
              const isCitizenship = l.kind === 'citizenship';
              // Shares within each layer: of all detections by citizenship, of all route totals.
              const layer = v.links.filter((x) => x.kind === l.kind).reduce((s, x) => s + x.value, 0);
              return [
                name(l.source, !isCitizenship),
                name(l.target, isCitizenship),
                formatNumber(l.value, ctx.lng),
                formatShare(layer ? l.value / layer : 0, ctx.lng),
              ];
            })}
          />
        )}
      </ChartCard>
    </>
  );
}
