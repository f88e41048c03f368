/**
 * Key figures of a situation report (issue 14): the month and the year to date as published, and their
 * changes against a year earlier compared like for like — only the reporters (and months) present in both
 * periods, as the analytics series computes them — so a month one state of thirteen has reported does not
 * read as a −90 % fall. Pure: the caller gives series points as the analytics service returns them.
 */
import { pctChange } from '../analytics/like-for-like';

/** One month of a series with its like-for-like parts (the analytics SeriesView point, narrowed). */
export interface ComparedPoint {
  period: string;
  /** As published (every reporter). */
  value: number | null;
  ytd: number | null;
  /** The parts compared with a year earlier, and the year-earlier figures of the same parts. */
  comparedValue: number | null;
  previous: number | null;
  comparedYtd: number | null;
  ytdPrevious: number | null;
}

export interface KeyFigures {
  month: number | null;
  ytd: number | null;
  yoyMonthPct: number | null;
  yoyYtdPct: number | null;
}

export function keyFigures(points: readonly ComparedPoint[], period: string): KeyFigures {
  const p = points.find((x) => x.period === period);
  if (!p) return { month: null, ytd: null, yoyMonthPct: null, yoyYtdPct: null };
  return {
    month: p.value,
    ytd: p.ytd,
    yoyMonthPct: pctChange(p.comparedValue, p.previous),
    yoyYtdPct: pctChange(p.comparedYtd, p.ytdPrevious),
  };
}

const FIELDS = ['value', 'ytd', 'comparedValue', 'previous', 'comparedYtd', 'ytdPrevious'] as const;

/**
 * The month-by-month sum of several series (the routes of a dialogue): each field is summed over the series
 * that have it, and stays null when none has. Summing like-for-like parts route by route compares the same
 * (reporter, route) pairs in both periods, so the total stays like for like.
 */
export function sumSeries(series: readonly (readonly ComparedPoint[])[]): ComparedPoint[] {
  const byPeriod = new Map<string, ComparedPoint>();
  for (const points of series)
    for (const p of points) {
      const acc = byPeriod.get(p.period) ?? {
        period: p.period,
        value: null,
        ytd: null,
        comparedValue: null,
        previous: null,
        comparedYtd: null,
        ytdPrevious: null,
      };
      for (const f of FIELDS) {
        const v = p[f];
        if (v !== null) acc[f] = (acc[f] ?? 0) + v;
      }
      byPeriod.set(p.period, acc);
    }
  return [...byPeriod.values()].sort((a, b) => a.period.localeCompare(b.period));
}
