/**
 * Real data through the normal import path: Frontex monthly detections of irregular border crossing (IBC) by
 * route, border type and nationality, 2009-2025 (../shared/data/frontex-ibc, see its SOURCE.md). The file is
 * turned into Passage's import format here (route names -> route codes of the test dialogue, Land/Sea ->
 * LAND/SEA, nationalities -> citizenship), uploaded, and the stored totals per year and route must equal the
 * source's. Skipped, with a message, when the shared data folder is absent. Nothing is copied into the repo.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, makeExchangeWorld } from '../../../../test/exchange-world';
import { REPO_ROOT } from '../../../shared/config';

const DATA_DIR = join(REPO_ROOT, '../shared/data/frontex-ibc');
const FILE = join(DATA_DIR, 'frontex_ibc_monthly.csv');
const hasData = existsSync(FILE);
if (!hasData)
  console.warn(`Skipping the Frontex real-data import test: ${FILE} is absent (../shared/data not mounted).`);

const ROUTE_CODES: Record<string, string> = {
  'Eastern Mediterranean Route': 'EMR',
  'Central Mediterranean Route': 'CMR',
  'Western Balkan Route': 'WBR',
  'Western Mediterranean Route': 'WMR',
  'Eastern Borders Route': 'EBR',
  'Western African Route': 'WAR',
  'Circular Route from Albania to Greece': 'CAG',
  'Black Sea Route': 'BSR',
  Other: 'OTH',
};
/** Frontex's non-ISO nationality codes: OOO (not specified) and OOS (unidentified Sub-Saharan) -> UNK. */
const CITIZENSHIP: Record<string, string> = { OOO: 'UNK', OOS: 'UNK' };

interface FrontexRow {
  route: string;
  type: string;
  nat: string;
  t: string;
  n: string;
}

describe.skipIf(!hasData).each(testDatabases())('exchange: Frontex IBC real data [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let source: FrontexRow[];
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t, { routes: Object.values(ROUTE_CODES) });
    source = parse(readFileSync(FILE), { columns: true, bom: true }) as FrontexRow[];
  });
  afterAll(() => t?.close());

  it('imports every row and stores the same totals per year and route as the source', async () => {
    // Import format; the two unknown-nationality codes share Passage's UNK, so their counts are added up.
    const rows = new Map<string, { route: string; type: string; nat: string; t: string; n: number }>();
    for (const r of source) {
      const nat = CITIZENSHIP[r.nat] ?? r.nat;
      const key = `${r.route}|${r.type}|${nat}|${r.t}`;
      const cur = rows.get(key);
      if (cur) cur.n += Number(r.n);
      else rows.set(key, { route: r.route, type: r.type, nat, t: r.t, n: Number(r.n) });
    }
    const csv = stringify([
      ['indicator', 'period', 'route', 'border_type', 'citizenship', 'sex', 'age_group', 'value'],
      ...[...rows.values()].map((r) => [
        'IBC',
        r.t,
        ROUTE_CODES[r.route],
        r.type.toUpperCase(),
        r.nat,
        '_T',
        '_T',
        String(r.n),
      ]),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      // Frontex's figures are EU-wide; the test files them under one member state.
      url: `/api/dialogues/${w.slug}/imports?reporter=GRC&fileName=frontex_ibc_monthly.csv`,
      headers: { cookie: w.cookies.manager, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(201);
    expect(res.json().observations).toBe(rows.size);

    const expected = new Map<string, number>();
    let grand = 0;
    for (const r of source) {
      const k = `${r.t.slice(0, 4)}|${ROUTE_CODES[r.route]}`;
      expected.set(k, (expected.get(k) ?? 0) + Number(r.n));
      grand += Number(r.n);
    }
    const stored = await t.db.query<{ year: string; route: string; total: number }>(sql`SELECT
        to_char(period, 'YYYY') AS year, route, sum(value)::float8 AS total
      FROM observations WHERE submission_id = ${res.json().submissionId} GROUP BY 1, 2`);
    const got = new Map(stored.map((s) => [`${s.year}|${s.route}`, s.total]));
    expect(got).toEqual(expected);
    // Figures published by Frontex for 2015 (see SOURCE.md).
    expect(got.get('2015|EMR')).toBe(885_386);
    expect(got.get('2015|WBR')).toBe(764_033);
    expect([...got.values()].reduce((a, b) => a + b, 0)).toBe(grand);
  });
});
