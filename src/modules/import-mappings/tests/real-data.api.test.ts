/**
 * Real published tables through the mapping step, without hand conversion (issue 22), on both databases:
 * - Eurostat MIGR_EIRFS, third-country nationals refused entry (../shared/data/eurostat-enforcement): the
 *   data browser's labelled SDMX-CSV, annual, one file with 33 reporting states named in English plus the
 *   "European Union - 27 countries" aggregate, which the user leaves out once. One draft per state; the stored
 *   figures equal the source's.
 * - Mexico's irregular migrants by nationality, monthly (../shared/data/americas-irregular), laid out as a
 *   state's own table would be: one row per nationality, one column per month ("Jan 2018" …), no totals. The
 *   user confirms the non-ISO code OOO once; the derived totals per year equal the source's.
 * Skipped, with a message, when the shared data folder is absent (PASSAGE_SHARED_DIR or ../shared).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeIndicators } from '../../../../test/exchange-world';
import { makeDialogue, makeUser } from '../../../../test/factories';
import { SHARED_DIR } from '../../../../test/shared-data';

const SHARED = SHARED_DIR;
const EIRFS = join(SHARED, 'data/eurostat-enforcement/migr_eirfs_refused_entry_annual.sdmx.csv');
const ASYL = join(SHARED, 'data/eurostat-enforcement/migr_asyappctza_total_and_ukraine_annual.sdmx.csv');
const MEXICO = join(SHARED, 'data/americas-irregular/mexico_irregular_by_nationality_monthly.csv');
const hasData = existsSync(EIRFS) && existsSync(ASYL) && existsSync(MEXICO);
if (!hasData)
  console.warn(
    `Skipping the real-data mapping tests: ${EIRFS} or ${MEXICO} is absent (../shared/data not mounted).`,
  );

const EU27 = 'European Union - 27 countries (from 2020)';
/** The states of the Eurostat file (ISO-3), as named there in English. */
const STATES: Record<string, string> = {
  Austria: 'AUT',
  Belgium: 'BEL',
  Bulgaria: 'BGR',
  Croatia: 'HRV',
  Cyprus: 'CYP',
  Czechia: 'CZE',
  Denmark: 'DNK',
  Estonia: 'EST',
  Finland: 'FIN',
  France: 'FRA',
  Germany: 'DEU',
  Greece: 'GRC',
  Hungary: 'HUN',
  Iceland: 'ISL',
  Ireland: 'IRL',
  Italy: 'ITA',
  Latvia: 'LVA',
  Liechtenstein: 'LIE',
  Lithuania: 'LTU',
  Luxembourg: 'LUX',
  Malta: 'MLT',
  Montenegro: 'MNE',
  Netherlands: 'NLD',
  Norway: 'NOR',
  Poland: 'POL',
  Portugal: 'PRT',
  Romania: 'ROU',
  Slovakia: 'SVK',
  Slovenia: 'SVN',
  Spain: 'ESP',
  Sweden: 'SWE',
  Switzerland: 'CHE',
  'United Kingdom': 'GBR',
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

describe.skipIf(!hasData).each(testDatabases())('import mappings: real tables [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  let dialogueId: number;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, {
      classification: 'dialogue',
      states: [...Object.values(STATES), 'MEX'],
    });
    slug = d.slug;
    dialogueId = d.id;
    await makeIndicators(t.db, d.id, d.secretariatOrgId);
    await t.db.query(
      sql`UPDATE indicators SET additive_breakdowns = '{citizenship}' WHERE dialogue_id = ${d.id} AND code = 'ILS'`,
    );
    const manager = await makeUser(t.db, {
      orgId: d.secretariatOrgId,
      roles: [{ dialogueId: d.id, role: 'data_manager' }],
    });
    cookie = await loginCookie(t.app, manager.email, manager.password);
  });
  afterAll(() => t?.close());

  const post = (path: string, file: Buffer | string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${slug}/import-mappings${path}`,
      headers: { cookie, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: file,
    });
  const put = (name: string, body: Record<string, unknown>) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/dialogues/${slug}/import-mappings/${name}`,
      headers: { cookie, 'x-passage-csrf': '1' },
      payload: body,
    });

  it('imports the Eurostat refused-entry SDMX-CSV: one draft per state, the aggregate left out, figures as the source', async () => {
    const file = readFileSync(EIRFS);
    const source = parse(file, { columns: true, bom: true }) as Record<string, string>[];
    const proposed = await post('/propose?fileName=migr_eirfs.sdmx.csv', file);
    expect(proposed.statusCode, proposed.body).toBe(200);
    const p = proposed.json();
    expect(p.layout).toBe('long');
    const fieldOf = (h: string) => p.mapping.columns[p.header.indexOf(h)];
    expect(fieldOf('geo')).toEqual({ kind: 'field', field: 'reporter' });
    expect(fieldOf('TIME_PERIOD')).toEqual({ kind: 'field', field: 'period' });
    expect(fieldOf('OBS_VALUE')).toEqual({ kind: 'field', field: 'value' });
    expect(fieldOf('citizen')).toEqual({ kind: 'field', field: 'citizenship' });
    expect(fieldOf('border')).toEqual({ kind: 'field', field: 'border_type' });
    expect(p.mapping.yearAs).toBe('january');
    // The first rows are Austria's: no label to confirm yet; the aggregate comes later in the file.
    const mapping = { ...p.mapping, fixed: { indicator: 'REF' }, codes: { reporter: { [EU27]: null } } };
    expect((await put('eurostat-eirfs', { mapping })).statusCode).toBe(201);

    // Without the answer for the aggregate, the dry run names it once (every row of it, the first row).
    expect((await put('eurostat-eirfs-unconfirmed', { mapping: { ...mapping, codes: {} } })).statusCode).toBe(
      201,
    );
    const unconfirmed = await post('/eurostat-eirfs-unconfirmed/imports?dryRun=true', file);
    expect(unconfirmed.statusCode).toBe(400);
    const aggregateRows = source.filter((r) => r.geo === EU27);
    expect(unconfirmed.json().errors).toEqual([
      expect.objectContaining({
        column: 'H',
        field: 'reporter',
        message: expect.stringContaining(`"${EU27}" is not a known reporter label`),
      }),
    ]);
    expect(unconfirmed.json().errors[0].message).toContain(`(${aggregateRows.length} rows, the first here)`);

    const res = await post('/eurostat-eirfs/imports?historical=true&fileName=migr_eirfs.sdmx.csv', file);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(201);
    const body = res.json();
    expect(body.submissions).toHaveLength(33);
    expect(body.skippedRows).toBe(aggregateRows.length);
    expect(body.observations).toBe(source.length - aggregateRows.length);
    const stored = await t.db.query<{
      reporter: string;
      year: string;
      value: number;
      flags: string[];
    }>(sql`SELECT
        reporter_iso3 AS reporter, to_char(period, 'YYYY') AS year, value::float8 AS value, flags
      FROM observations WHERE dialogue_id = ${dialogueId} AND submission_id = ANY(${body.submissions.map((s: { submissionId: number }) => s.submissionId)}::int[])`);
    const got = new Map(stored.map((s) => [`${s.reporter}|${s.year}`, s.value]));
    const expected = new Map(
      source
        .filter((r) => r.geo !== EU27)
        .map((r) => [`${STATES[r.geo!]}|${r.TIME_PERIOD}`, Number(r.OBS_VALUE)]),
    );
    expect(got).toEqual(expected);
    // The flag e (estimated) came through as Passage's flag.
    const flagged = source.filter((r) => r.OBS_FLAG === 'e' && r.geo !== EU27).length;
    expect(stored.filter((s) => s.flags.includes('estimated')).length).toBe(flagged);
  });

  it('imports the Eurostat asylum SDMX-CSV in its other layout (codes with label columns, EL and UK), as the source', async () => {
    const file = readFileSync(ASYL);
    const source = parse(file, { columns: true, bom: true }) as Record<string, string>[];
    const proposed = await post('/propose?fileName=migr_asyappctza.sdmx.csv', file);
    expect(proposed.statusCode, proposed.body).toBe(200);
    const p = proposed.json();
    const roleOf = (h: string) => p.mapping.columns[p.header.indexOf(h)];
    expect(roleOf('citizen')).toEqual({ kind: 'field', field: 'citizenship' });
    expect(roleOf('age')).toEqual({ kind: 'field', field: 'age_group' });
    expect(roleOf('geo')).toEqual({ kind: 'field', field: 'reporter' });
    // Each label column after its code column is left aside, marked as a duplicate.
    for (const h of ['Country of citizenship', 'Sex', 'Age class', 'Geopolitical entity (reporting)', 'Time'])
      expect([h, roleOf(h), p.reasons[p.header.indexOf(h)]]).toEqual([h, { kind: 'ignore' }, 'duplicate']);
    expect(p.problems).toEqual([]);
    const mapping = { ...p.mapping, fixed: { indicator: 'ASY' } };
    expect((await put('eurostat-asyl', { mapping })).statusCode).toBe(201);
    const res = await post('/eurostat-asyl/imports?historical=true&fileName=migr_asyappctza.sdmx.csv', file);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(201);
    expect(res.json().submissions).toHaveLength(33);
    const ids = res.json().submissions.map((s: { submissionId: number }) => s.submissionId);
    const stored = await t.db.query<{
      reporter: string;
      year: string;
      citizenship: string;
      value: number;
    }>(sql`SELECT
        reporter_iso3 AS reporter, to_char(period, 'YYYY') AS year, citizenship, value::float8 AS value
      FROM observations WHERE submission_id = ANY(${ids}::int[])`);
    const got = new Map(stored.map((r) => [`${r.reporter}|${r.year}|${r.citizenship}`, r.value]));
    const expected = new Map(
      source.map((r) => [
        `${STATES[r['Geopolitical entity (reporting)']!]}|${r.TIME_PERIOD}|${r.citizen === 'UA' ? 'UKR' : '_T'}`,
        Number(r.OBS_VALUE),
      ]),
    );
    expect(got).toEqual(expected);
    expect(got.get('DEU|2015|_T')).toBe(476_620); // SOURCE.md's check
  });

  it('imports Mexico’s monthly table laid out wide (months as columns, no totals), with totals derived as the source’s', async () => {
    const source = parse(readFileSync(MEXICO), { columns: true, bom: true }) as {
      t: string;
      nat: string;
      n: string;
    }[];
    const months = [...new Set(source.map((r) => r.t))].sort();
    const byNat = new Map<string, Map<string, number>>();
    for (const r of source) {
      const m = byNat.get(r.nat) ?? new Map<string, number>();
      m.set(r.t, (m.get(r.t) ?? 0) + Number(r.n)); // the file repeats a few (month, nationality) pairs: added up
      byNat.set(r.nat, m);
    }
    const label = (p: string) => `${MONTHS[Number(p.slice(5)) - 1]} ${p.slice(0, 4)}`;
    const wide = stringify([
      ['Nacionalidad', ...months.map(label)],
      ...[...byNat].map(([nat, m]) => [nat, ...months.map((p) => (m.has(p) ? String(m.get(p)) : ''))]),
    ]);
    const proposed = await post('/propose?fileName=mexico-wide.csv', wide);
    expect(proposed.statusCode, proposed.body).toBe(200);
    const p = proposed.json();
    expect(p.layout).toBe('wide-period');
    expect(p.mapping.columns[0]).toEqual({ kind: 'field', field: 'citizenship' }); // by its values: ISO-3 codes
    expect(p.mapping.columns[1]).toEqual({ kind: 'period', period: months[0] });
    const mapping = {
      ...p.mapping,
      fixed: { indicator: 'ILS', reporter: 'MEX' },
      codes: { citizenship: { OOO: 'UNK' } },
    };
    expect((await put('mexico-wide', { reporter: 'MEX', mapping })).statusCode).toBe(201);
    const res = await post('/mexico-wide/imports?fileName=mexico-wide.csv', wide);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(201);
    const [sub] = res.json().submissions;
    expect(sub.reporter).toBe('MEX');
    expect(sub.derivedTotals).toBe(months.length);
    const [flagged] = await t.db.query<{ totals: number; parts: number }>(sql`SELECT
        count(*) FILTER (WHERE citizenship = '_T' AND derived)::int AS totals,
        count(*) FILTER (WHERE citizenship <> '_T' AND derived)::int AS parts
      FROM observations WHERE submission_id = ${sub.submissionId}`);
    expect(flagged).toEqual({ totals: months.length, parts: 0 });
    const totals = await t.db.query<{
      year: string;
      total: number;
    }>(sql`SELECT to_char(period, 'YYYY') AS year,
        sum(value)::float8 AS total
      FROM observations WHERE submission_id = ${sub.submissionId} AND citizenship = '_T' GROUP BY 1 ORDER BY 1`);
    const expected: Record<string, number> = {};
    for (const r of source) expected[r.t.slice(0, 4)] = (expected[r.t.slice(0, 4)] ?? 0) + Number(r.n);
    expect(Object.fromEntries(totals.map((x) => [x.year, x.total]))).toEqual(expected);
    // Figures published by Mexico (see SOURCE.md).
    expect(expected['2023']).toBe(778_907);
    expect(expected['2024']).toBe(1_231_320);
  });
});
