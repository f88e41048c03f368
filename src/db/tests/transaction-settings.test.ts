import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDatabases } from '../../../test/databases';
import { settingsStatement } from '../connect';

describe('settingsStatement', () => {
  it('quotes values and refuses names that are not plain identifiers', () => {
    expect(settingsStatement({ 'passage.x': "O'Brien" })).toBe(
      "SELECT set_config('passage.x', 'O''Brien', true)",
    );
    expect(() => settingsStatement({ "x'); DROP TABLE users; --": '1' })).toThrow(/Invalid setting name/);
  });
});

describe.each(testDatabases())('transaction settings [%s]', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.drop());

  it('applies them inside the transaction only, with awkward values intact', async () => {
    const value = "it's \\ {1,2} ; --";
    const inside = await t.db.transaction(
      (tx) =>
        tx.query<{ v: string; role: string }>(
          sql`SELECT current_setting('passage.probe', true) AS v, current_user AS role`,
        ),
      { 'passage.probe': value, role: 'passage_app' },
    );
    expect(inside[0]).toEqual({ v: value, role: 'passage_app' });
    const after = await t.db.query<{ v: string | null; role: string }>(
      sql`SELECT current_setting('passage.probe', true) AS v, current_user AS role`,
    );
    expect(after[0]?.v ?? '').toBe('');
    expect(after[0]?.role).not.toBe('passage_app');
  });
});
