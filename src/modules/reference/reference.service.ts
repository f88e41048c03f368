import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Queryable } from '../../db/connect';
import { CODELISTS, type Codelist } from '../../reference/codelists';
import { type CountryRef, listCountryRefs } from '../../reference/countries';
import { upsertCountries } from './reference.sql';

/** Upserts the shipped country list into the countries table (idempotent; run at every start). */
export async function syncCountries(db: Queryable): Promise<number> {
  const cs = listCountryRefs();
  await upsertCountries(db, cs);
  return cs.length;
}

export function listCountries(): CountryRef[] {
  return listCountryRefs();
}

export function listCodelists(): Codelist[] {
  return [...CODELISTS];
}

const require = createRequire(import.meta.url);
let geometry: string | undefined;

/** Country outlines (world-atlas TopoJSON, 1:50m; object `countries`, feature ids are ISO numeric codes). */
export function countryGeometryTopoJson(): string {
  geometry ??= readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8');
  return geometry;
}
