/**
 * One code per country in everything Passage stores. Some territories reach Passage under two codes: Kosovo is
 * `XKX` in Eurostat and Frontex data (and in the shipped country-codes table) and `XKK` in i18n-iso-countries,
 * the registry package the reference list is built from. Passage keeps `XKX` and maps the other code to it
 * wherever a country code comes in (imports, submissions, member states), so the same detections never end up
 * under two citizenships.
 */
import sql, { join, type Sql } from 'sql-template-tag';

/** Accepted on input, stored as the code on the right. */
export const COUNTRY_CODE_ALIASES: Readonly<Record<string, string>> = { XKK: 'XKX' };

/** The code Passage stores for an upper-case alpha-3 code (itself when it has no alias). */
export function canonicalCountryCode(code: string): string {
  return COUNTRY_CODE_ALIASES[code] ?? code;
}

/** The same mapping as a SQL expression over `code` (for set-based checks of staged import rows). */
export function canonicalCountrySql(code: Sql): Sql {
  const aliases = Object.entries(COUNTRY_CODE_ALIASES);
  if (aliases.length === 0) return code;
  return sql`CASE ${code} ${join(
    aliases.map(([alias, kept]) => sql`WHEN ${alias} THEN ${kept}`),
    ' ',
  )} ELSE ${code} END`;
}
