import { describe, expect, it } from 'vitest';
import { type ReportInput, reportClassification, uniqueInputs } from './report-inputs';

const input = (
  kind: ReportInput['kind'],
  id: number,
  c: ReportInput['classification'],
  shared: number[] = [],
) => ({
  kind,
  id,
  code: `${kind}${id}`,
  classification: c,
  sharedWithOrgIds: shared,
});

describe('report inputs', () => {
  it('a report is at least dialogue, else its most protected input', () => {
    expect(reportClassification([input('indicator', 1, 'public')])).toEqual({
      classification: 'dialogue',
      sharedWith: [],
    });
    expect(
      reportClassification([
        input('indicator', 1, 'public'),
        input('route', 2, 'originator'),
        input('route', 3, 'restricted', [7]),
      ]),
    ).toEqual({ classification: 'originator', sharedWith: [] });
  });

  it('restricted: shared with the organisations every restricted input is shared with', () => {
    expect(
      reportClassification([
        input('indicator', 1, 'restricted', [5, 7, 9]),
        input('indicator', 4, 'dialogue'),
        input('route', 2, 'restricted', [9, 7]),
      ]),
    ).toEqual({ classification: 'restricted', sharedWith: [7, 9] });
  });

  it('lists each indicator and route once, in a stable order', () => {
    const inputs = uniqueInputs([
      input('route', 2, 'public'),
      input('indicator', 3, 'public'),
      input('route', 2, 'public'),
    ]);
    expect(inputs.map((i) => `${i.kind}:${i.id}`)).toEqual(['indicator:3', 'route:2']);
  });
});
