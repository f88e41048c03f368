/** Queries of the reference data: the shipped country list written into the countries table. */
import sql from 'sql-template-tag';
import type { Queryable } from '../../db/connect';
import type { CountryRef } from '../../reference/countries';

/** Inserts the countries or updates them in place (one statement, keyed by ISO 3166 alpha-3). */
export async function upsertCountries(db: Queryable, cs: readonly CountryRef[]): Promise<void> {
  const col = <T>(f: (c: CountryRef) => T) => cs.map(f);
  await db.query(sql`INSERT INTO countries (iso3, iso2, numeric_code, name_en, name_fr, name_ru, region, subregion,
      m49_region, m49_subregion, is_special)
    SELECT * FROM unnest(${col((c) => c.iso3)}::text[], ${col((c) => c.iso2)}::text[], ${col((c) => c.numeric)}::text[],
      ${col((c) => c.name.en)}::text[], ${col((c) => c.name.fr)}::text[], ${col((c) => c.name.ru)}::text[],
      ${col((c) => c.region)}::text[], ${col((c) => c.subregion)}::text[], ${col((c) => c.m49Region)}::text[],
      ${col((c) => c.m49Subregion)}::text[], ${col((c) => c.isSpecial)}::boolean[])
    ON CONFLICT (iso3) DO UPDATE SET iso2 = EXCLUDED.iso2, numeric_code = EXCLUDED.numeric_code,
      name_en = EXCLUDED.name_en, name_fr = EXCLUDED.name_fr, name_ru = EXCLUDED.name_ru, region = EXCLUDED.region,
      subregion = EXCLUDED.subregion, m49_region = EXCLUDED.m49_region, m49_subregion = EXCLUDED.m49_subregion,
      is_special = EXCLUDED.is_special`);
}
