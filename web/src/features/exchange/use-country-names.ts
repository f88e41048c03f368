import { useEffect, useMemo, useState } from 'react';
import type { Language } from '../../app/i18n/i18n';
import { pickTranslated } from '../../ui/format';
import { type CountryView, listCountries } from '../reference/api';

/** Country names in the interface language by ISO alpha-3 (empty until loaded; codes are shown meanwhile). */
export function useCountryNames(lng: Language): ReadonlyMap<string, string> {
  const [countries, setCountries] = useState<CountryView[]>([]);
  useEffect(() => {
    let isCancelled = false;
    listCountries().then(
      (list) => {
        if (!isCancelled) setCountries(list);
      },
      () => {
        // Codes are shown instead of names.
      },
    );
    return () => {
      isCancelled = true;
    };
  }, []);
  return useMemo(
    () => new Map(countries.map((c) => [c.iso3, pickTranslated(c.name, lng)])),
    [countries, lng],
  );
}
