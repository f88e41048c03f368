import { describe, expect, it } from 'vitest';
import { type ProtectableObservation, protectObservationTable } from '../disclosure/observations';
import { type Breakdowns, DIMENSIONS, TOTAL_CODE } from '../observations/dimensions';
import { isMapPeriod, latestMapPeriod, type MapFigureInput, mapPeriods, mapValues } from './map-values';

const THRESHOLD = 5;

const totals = (over: Partial<Breakdowns> = {}): Breakdowns => ({
  ...(Object.fromEntries(DIMENSIONS.map((d) => [d, TOTAL_CODE])) as Breakdowns),
  ...over,
});

const obs = (
  reporter: string,
  period: string,
  route: string,
  value: number | null,
  over: Partial<Breakdowns> = {},
): ProtectableObservation => ({
  indicator: 'IBC',
  reporter,
  period,
  breakdowns: totals({ route, ...over }),
  value,
  flags: [],
});

/** The public table as the sdmx service builds it: the same suppression run, withheld figures without value. */
function publicTable(rows: ProtectableObservation[]) {
  const { status, totals: derived } = protectObservationTable(rows, THRESHOLD);
  const figures: MapFigureInput[] = rows.map((r, i) => ({
    indicator: r.indicator,
    reporter: r.reporter,
    period: r.period,
    breakdowns: r.breakdowns,
    value: status[i] ? null : r.value,
    obsStatus: r.value === null ? 'M' : 'A',
    confStatus: status[i] === 'primary' ? 'C' : status[i] === 'secondary' ? 'D' : 'F',
  }));
  return { figures, totals: derived, status };
}

describe('mapValues', () => {
  it('a month: each state’s sum over its routes; a small count and what would reveal it withheld, never 0', () => {
    const t = publicTable([
      obs('GRC', '2024-01', 'EMR', 100),
      obs('GRC', '2024-01', 'CMR', 50),
      obs('ITA', '2024-01', 'EMR', 107),
      obs('ITA', '2024-01', 'CMR', 3),
      obs('GRC', '2024-02', 'EMR', 110),
      obs('ITA', '2024-02', 'EMR', 117),
    ]);
    expect(mapValues(t.figures, t.totals, 'IBC', '2024-01')).toEqual([
      { reporter: 'GRC', value: null, obsStatus: 'A', confStatus: 'D' },
      { reporter: 'ITA', value: null, obsStatus: 'A', confStatus: 'D' },
    ]);
    expect(mapValues(t.figures, t.totals, 'IBC', '2024-02')).toEqual([
      { reporter: 'GRC', value: 110, obsStatus: 'A', confStatus: 'F' },
      { reporter: 'ITA', value: 117, obsStatus: 'A', confStatus: 'F' },
    ]);
    expect(mapValues(t.figures, t.totals, 'IBC', '2024-03')).toEqual([]);
    expect(mapValues(t.figures, t.totals, 'ASY', '2024-02')).toEqual([]);
  });

  it('takes a state’s stored total when it reports one (not its routes again), with its own status', () => {
    const t = publicTable([
      obs('GRC', '2024-01', TOTAL_CODE, 160),
      obs('GRC', '2024-01', 'EMR', 100),
      obs('GRC', '2024-01', 'CMR', 50),
      obs('ITA', '2024-01', TOTAL_CODE, 4),
      // The smallest other state's total is withheld with ITA's (their sum over states is derived).
      obs('TUR', '2024-01', TOTAL_CODE, 20),
      // Other breakdowns are not the map's level.
      obs('GRC', '2024-01', TOTAL_CODE, 9999, { citizenship: 'SYR' }),
    ]);
    expect(mapValues(t.figures, t.totals, 'IBC', '2024-01')).toEqual([
      { reporter: 'GRC', value: 160, obsStatus: 'A', confStatus: 'F' },
      { reporter: 'ITA', value: null, obsStatus: 'A', confStatus: 'C' },
      { reporter: 'TUR', value: null, obsStatus: 'A', confStatus: 'D' },
    ]);
  });

  it('a year: the protected year total; shown only where no withheld month can be worked out from it', () => {
    const t = publicTable([
      obs('GRC', '2024-01', 'EMR', 100),
      obs('GRC', '2024-02', 'EMR', 110),
      obs('ITA', '2024-01', 'EMR', 3),
      obs('ITA', '2024-02', 'EMR', 107),
      obs('ITA', '2024-03', 'EMR', 120),
      obs('TUR', '2024-01', 'EMR', 2),
    ]);
    const year = mapValues(t.figures, t.totals, 'IBC', '2024');
    expect(year).toEqual([
      { reporter: 'GRC', value: 210, obsStatus: 'A', confStatus: 'F' },
      // Jan 3 is withheld, so Feb is withheld with it: the year 230 minus March reveals neither month.
      { reporter: 'ITA', value: 230, obsStatus: 'A', confStatus: 'F' },
      // The year of a single small month is the month itself: withheld.
      { reporter: 'TUR', value: null, obsStatus: 'A', confStatus: 'D' },
    ]);
    // Differencing the shown year against the shown months never isolates one withheld month.
    for (const s of year.filter((v) => v.value !== null)) {
      const months = t.figures.filter((f) => f.reporter === s.reporter);
      expect(months.filter((m) => m.value === null).length).not.toBe(1);
    }
  });

  it('a year over routes is withheld when one route’s year is', () => {
    const t = publicTable([
      obs('GRC', '2024-01', 'EMR', 100),
      obs('GRC', '2024-01', 'CMR', 2),
      obs('GRC', '2024-02', 'EMR', 100),
    ]);
    expect(mapValues(t.figures, t.totals, 'IBC', '2024')).toEqual([
      { reporter: 'GRC', value: null, obsStatus: 'A', confStatus: 'D' },
    ]);
  });

  it('never shows a value from which one withheld figure follows by subtraction (random tables)', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const seen = { shownYears: 0, shownYearsWithWithheldMonths: 0, withheldStates: 0 };
    for (let run = 0; run < 200; run++) {
      const rows: ProtectableObservation[] = [];
      for (const reporter of ['GRC', 'ITA', 'TUR'])
        for (const route of ['EMR', 'CMR'])
          for (const month of ['01', '02', '03', '04'])
            if (random() < 0.8) {
              const v = random() < 0.25 ? Math.floor(random() * 5) : Math.floor(random() * 200);
              rows.push(obs(reporter, `2024-${month}`, route, v));
            }
      const t = publicTable(rows);
      const withheld = (f: MapFigureInput) => f.value === null && f.confStatus !== 'F';
      for (const period of ['2024-01', '2024-02', '2024-03', '2024-04', '2024']) {
        for (const v of mapValues(t.figures, t.totals, 'IBC', period)) {
          if (v.confStatus !== 'F') {
            seen.withheldStates++;
            expect(v.value).toBeNull();
            continue;
          }
          const parts = t.figures.filter(
            (f) =>
              f.reporter === v.reporter &&
              (period.length === 4 ? f.period.startsWith(period) : f.period === period),
          );
          if (period.length === 7) {
            // A month is shown only as a sum of free figures.
            expect(parts.some(withheld)).toBe(false);
            expect(v.value).toBe(parts.reduce((sum, f) => sum + (f.value ?? 0), 0));
          } else {
            seen.shownYears++;
            if (parts.some(withheld)) seen.shownYearsWithWithheldMonths++;
            for (const route of ['EMR', 'CMR']) {
              // A year: per route, never exactly one withheld month (it would be the year minus the others).
              const hidden = parts.filter((f) => f.breakdowns.route === route && withheld(f)).length;
              expect(hidden, `run ${run} ${v.reporter} ${route}`).not.toBe(1);
            }
          }
        }
      }
    }
    // The random tables do reach the cases that matter: shown years over withheld months, withheld states.
    expect(seen.shownYearsWithWithheldMonths).toBeGreaterThan(10);
    expect(seen.withheldStates).toBeGreaterThan(10);
    expect(seen.shownYears).toBeGreaterThan(seen.shownYearsWithWithheldMonths);
  });

  it('lists the months and years with figures; the latest month is the default', () => {
    const t = publicTable([
      obs('GRC', '2023-12', 'EMR', 10),
      obs('GRC', '2024-02', 'EMR', 10),
      obs('GRC', '2025-01', 'EMR', 10, { sex: 'F' }),
    ]);
    expect(mapPeriods(t.figures, 'IBC')).toEqual({ months: ['2023-12', '2024-02'], years: ['2023', '2024'] });
    expect(latestMapPeriod(t.figures, 'IBC')).toBe('2024-02');
    expect(latestMapPeriod(t.figures, 'ASY')).toBeNull();
  });

  it('accepts months and years only', () => {
    for (const p of ['2024-01', '2024-12', '2024']) expect(isMapPeriod(p)).toBe(true);
    for (const p of ['2024-13', '2024-1', '24', '2024-00', '2024-Q1', '']) expect(isMapPeriod(p)).toBe(false);
  });
});
