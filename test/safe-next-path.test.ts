import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../web/src/features/auth/safe-next-path';

describe('safeNextPath (the login page’s ?next=)', () => {
  it('keeps paths of this app, with their query and fragment', () => {
    expect(safeNextPath('/d/demo/data')).toBe('/d/demo/data');
    expect(safeNextPath('/d/demo/analytics?route=EMR&from=2024-01#map')).toBe(
      '/d/demo/analytics?route=EMR&from=2024-01#map',
    );
    expect(safeNextPath('/')).toBe('/');
  });

  it('refuses other hosts however they are spelled', () => {
    for (const next of [
      '//evil.example',
      '/\\evil.example',
      '/\\/evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      ' /d/demo',
      'd/demo',
      '',
      null,
      undefined,
    ])
      expect({ next, to: safeNextPath(next) }).toEqual({ next, to: '/' });
  });

  it('refuses paths with control characters or backslashes anywhere', () => {
    expect(safeNextPath('/d/demo\\..\\admin')).toBe('/');
    expect(safeNextPath('/d/demo\u0000')).toBe('/');
  });
});
