import { describe, expect, it } from 'vitest';
import { listCountryRefs } from '../../reference/countries';
import { COUNTRY_CODE_ALIASES, canonicalCountryCode } from './country-codes';

describe('one code per country', () => {
  it('maps Kosovo XKK to XKX and leaves other codes alone', () => {
    expect(canonicalCountryCode('XKK')).toBe('XKX');
    expect(canonicalCountryCode('XKX')).toBe('XKX');
    expect(canonicalCountryCode('ITA')).toBe('ITA');
  });

  it('offers only the kept code in the reference list', () => {
    const codes = new Set(listCountryRefs().map((c) => c.iso3));
    for (const [alias, kept] of Object.entries(COUNTRY_CODE_ALIASES)) {
      expect(codes.has(alias), alias).toBe(false);
      expect(codes.has(kept), kept).toBe(true);
    }
  });
});
