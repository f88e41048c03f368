import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../app/i18n/i18n';
import { useCountryNames } from '../exchange/use-country-names';

/**
 * The label of a party key in the interface language: a state's name (ISO3 while the names load), the EU,
 * or the organisation's name (the key is ORG:<name>).
 */
export function usePartyLabel(): {
  label: (key: string) => string;
  countryNames: ReadonlyMap<string, string>;
} {
  const { t } = useTranslation();
  const countryNames = useCountryNames(currentLanguage());
  const label = useCallback(
    (key: string) =>
      key === 'EU'
        ? t('agreements.eu')
        : key.startsWith('ORG:')
          ? key.slice(4)
          : (countryNames.get(key) ?? key),
    [countryNames, t],
  );
  return { label, countryNames };
}
