import type { Topology } from 'topojson-specification';
import { apiRequest } from '../../ui/api-client';
import type { Translated } from '../dialogues/api';

export interface CountryView {
  iso3: string;
  iso2: string | null;
  numeric: string | null;
  name: Translated;
  region: string | null;
  subregion: string | null;
}

let countriesPromise: Promise<CountryView[]> | null = null;
let outlinesPromise: Promise<Topology> | null = null;

/** ISO 3166 countries with EN/FR/RU names; fetched once per page load (the server marks it cacheable). */
export function listCountries(): Promise<CountryView[]> {
  countriesPromise ??= apiRequest<CountryView[]>('/api/reference/countries').catch((error: unknown) => {
    countriesPromise = null;
    throw error;
  });
  return countriesPromise;
}

/** World country outlines (world-atlas TopoJSON, object `countries`, ids = ISO numeric), fetched once. */
export function fetchCountryOutlines(): Promise<Topology> {
  outlinesPromise ??= apiRequest<Topology>('/api/reference/geometry/countries.topojson').catch(
    (error: unknown) => {
      outlinesPromise = null;
      throw error;
    },
  );
  return outlinesPromise;
}
