import type { CountryView } from '@passage/contract';
import type { Topology } from 'topojson-specification';
import { api } from '../../ui/api-client';

export type { CountryView } from '@passage/contract';

let countriesPromise: Promise<CountryView[]> | null = null;
let outlinesPromise: Promise<Topology> | null = null;

/** ISO 3166 countries with EN/FR/RU names; fetched once per page load (the server marks it cacheable). */
export function listCountries(): Promise<CountryView[]> {
  countriesPromise ??= api('GET /api/reference/countries').catch((error: unknown) => {
    countriesPromise = null;
    throw error;
  });
  return countriesPromise;
}

/** TopoJSON is not described by a zod schema: the answer is checked to be a topology before it is used. */
function isTopology(value: unknown): value is Topology {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    value.type === 'Topology' &&
    'objects' in value &&
    'arcs' in value
  );
}

/** World country outlines (world-atlas TopoJSON, object `countries`, ids = ISO numeric), fetched once. */
export function fetchCountryOutlines(): Promise<Topology> {
  outlinesPromise ??= api('GET /api/reference/geometry/countries.topojson').then(
    (body) => {
      if (!isTopology(body)) throw new Error('the country outlines are not TopoJSON');
      return body;
    },
    (error: unknown) => {
      outlinesPromise = null;
      throw error;
    },
  );
  return outlinesPromise;
}
