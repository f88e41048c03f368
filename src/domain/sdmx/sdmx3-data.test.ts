import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CODELISTS } from '../../reference/codelists';
import { buildSdmxStructure } from './sdmx-structure';
import { type DataMessage3, toSdmxCsv2Data, toSdmxJson2Data, toSdmxJson2Error } from './sdmx3-data';
import { toSdmxJson2Structures } from './sdmx3-structure';

const structure = buildSdmxStructure({
  slug: 'demo',
  dialogueName: 'Demo',
  indicators: [{ code: 'IBC', names: { en: 'Crossings' }, unit: 'detections', breakdowns: ['citizenship'] }],
  routes: [{ code: 'EMR', name: 'Eastern Mediterranean' }],
  countries: [{ code: 'GRC', names: { en: 'Greece' } }],
  codelists: CODELISTS.map((c) => ({
    id: c.id,
    names: c.name,
    codes: c.codes.map((x) => ({ code: x.code, names: x.name })),
  })),
  prepared: new Date('2025-01-01T00:00:00Z'),
});
const key = (citizenship: string) => [
  'IBC',
  'GRC',
  'EMR',
  '_T',
  citizenship,
  '_T',
  '_T',
  '_T',
  '_T',
  '_T',
  '_T',
  '_T',
];
const o = (period: string, value: number | null, comment: string | null = null) => ({
  key: [],
  period,
  value,
  obsStatus: 'A',
  confStatus: value === null ? 'C' : 'F',
  comment,
});
const message = (over: Partial<DataMessage3> = {}): DataMessage3 => ({
  structure,
  series: [
    { key: key('SYR'), observations: [o('2024-01', null), o('2024-02', 20, 'late, "revised"')] },
    { key: key('AFG'), observations: [o('2024-02', 0)] },
  ],
  atObservation: 'TIME_PERIOD',
  attributes: ['OBS_STATUS', 'CONF_STATUS', 'COMMENT'],
  withMeasure: true,
  id: 'DATA_DF_DEMO',
  prepared: new Date('2024-02-20T10:00:00.123Z'),
  ...over,
});

describe('SDMX-JSON 2.0 data', () => {
  it('indexes series and periods into the structure; a suppressed value is null, a zero is 0', () => {
    const m = toSdmxJson2Data(message()) as {
      meta: { prepared: string };
      data: {
        structures: {
          dimensions: { observation: { values: { id: string; start: string; end: string }[] }[] };
        }[];
        dataSets: { series: Record<string, { observations: Record<string, unknown[]> }> }[];
      };
    }; // the shape toSdmxJson2Data writes (checked against the official schema by the API tests)
    expect(m.meta.prepared).toBe('2024-02-20T10:00:00Z');
    const time = m.data.structures[0]!.dimensions.observation[0]!.values;
    expect(time.map((v) => v.id)).toEqual(['2024-01', '2024-02']);
    expect(time[1]).toMatchObject({ start: '2024-02-01T00:00:00Z', end: '2024-02-29T23:59:59Z' });
    const series = m.data.dataSets[0]!.series;
    expect(series['0:0:0:0:0:0:0:0:0:0:0:0']!.observations).toEqual({
      0: [null, 0, 0, null],
      1: [20, 0, 1, 0],
    });
    expect(series['0:0:0:0:1:0:0:0:0:0:0:0']!.observations).toEqual({ 1: [0, 0, 1, null] });
  });

  it('leaves the measure out with measures=none and writes flat observations with AllDimensions', () => {
    const bare = toSdmxJson2Data(message({ withMeasure: false, attributes: ['CONF_STATUS'] }));
    expect(JSON.stringify(bare)).toContain('"observations":{"0":[0],"1":[1]}');
    const flat = toSdmxJson2Data(message({ atObservation: 'AllDimensions' }));
    expect(JSON.stringify(flat)).toContain('"0:0:0:0:0:0:0:0:0:0:0:0:0":[null,0,0,null]');
  });

  it('writes errors with meta and the HTTP status as code', () => {
    expect(toSdmxJson2Error(404, 'No results found: x', new Date('2024-01-01T00:00:00Z'))).toMatchObject({
      meta: { id: 'ERROR_404', prepared: '2024-01-01T00:00:00Z', sender: { id: 'PASSAGE' } },
      errors: [{ code: 404, title: 'Not found', detail: 'No results found: x' }],
    });
  });
});

describe('SDMX-CSV 2.0 data', () => {
  it('writes STRUCTURE, STRUCTURE_ID, ACTION, the dimensions, OBS_VALUE and the attributes; suppressed: empty', () => {
    const rows: string[][] = parse(toSdmxCsv2Data(message()));
    expect(rows[0]!.slice(0, 4)).toEqual(['STRUCTURE', 'STRUCTURE_ID', 'ACTION', 'INDICATOR']);
    expect(rows[0]!.slice(-5)).toEqual(['TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'CONF_STATUS', 'COMMENT']);
    expect(rows.slice(1).map((r) => [...r.slice(0, 3), ...r.slice(-5)])).toEqual([
      ['dataflow', 'PASSAGE:DF_DEMO(1.0)', 'I', '2024-01', '', 'A', 'C', ''],
      ['dataflow', 'PASSAGE:DF_DEMO(1.0)', 'I', '2024-02', '20', 'A', 'F', 'late, "revised"'],
      ['dataflow', 'PASSAGE:DF_DEMO(1.0)', 'I', '2024-02', '0', 'A', 'F', ''],
    ]);
    const narrow: string[][] = parse(toSdmxCsv2Data(message({ withMeasure: false, attributes: [] })));
    expect(narrow[0]!.at(-1)).toBe('TIME_PERIOD');
  });
});

describe('SDMX-JSON 2.0 structures', () => {
  it('carries the parts asked for, dimensions positioned from 0 and the time dimension apart', () => {
    const all = toSdmxJson2Structures(
      [structure],
      { dataflows: true, dsds: true, concepts: false, codelists: ['CL_AREA'] },
      'S',
      '2025-01-01T00:00:00Z',
    ) as {
      data: {
        dataflows: unknown[];
        dataStructures: {
          dataStructureComponents: {
            dimensionList: { dimensions: { id: string; position: number }[]; timeDimension: { id: string } };
          };
        }[];
        codelists: { id: string }[];
        conceptSchemes?: unknown;
      };
    }; // the shape toSdmxJson2Structures writes (checked against the official schema by the API tests)
    expect(all.data.dataflows).toHaveLength(1);
    const dims = all.data.dataStructures[0]!.dataStructureComponents.dimensionList;
    expect(dims.dimensions[0]).toMatchObject({ id: 'INDICATOR', position: 0 });
    expect(dims.dimensions).toHaveLength(12);
    expect(dims.timeDimension.id).toBe('TIME_PERIOD');
    expect(all.data.codelists.map((c) => c.id)).toEqual(['CL_AREA']);
    expect(all.data.conceptSchemes).toBeUndefined();
  });
});
