import { describe, expect, it } from 'vitest';
import { totalBreakdowns } from '../observations/dimensions';
import {
  dataflowId,
  fromSdmxRow,
  mapSdmxHeader,
  normaliseTimePeriod,
  SDMX_HEADER,
  toSdmxRow,
} from './sdmx-csv';

describe('SDMX-CSV', () => {
  const obs = {
    indicator: 'IBC',
    reporter: 'ITA',
    period: '2024-03',
    breakdowns: { ...totalBreakdowns(), citizenship: 'SYR', border_type: 'SEA' },
    value: 42,
    flags: ['provisional', 'confidential'],
    comment: 'late data',
  };

  it('writes a data row in header order with status attributes', () => {
    const row = toSdmxRow(dataflowId('demo-1'), obs);
    expect(row.length).toBe(SDMX_HEADER.length);
    const byCol = Object.fromEntries(SDMX_HEADER.map((h, i) => [h, row[i]]));
    expect(byCol).toMatchObject({
      DATAFLOW: 'PASSAGE:DF_DEMO_1(1.0)',
      REF_AREA: 'ITA',
      TIME_PERIOD: '2024-03',
      CITIZENSHIP: 'SYR',
      BORDER_TYPE: 'SEA',
      SEX: '_T',
      OBS_VALUE: '42',
      OBS_STATUS: 'P',
      CONF_STATUS: 'C',
    });
    expect(
      toSdmxRow('X', { ...obs, value: null, flags: ['not_available'] })[SDMX_HEADER.indexOf('OBS_STATUS')],
    ).toBe('M');
  });

  it('reads back what it writes', () => {
    const mapping = mapSdmxHeader(SDMX_HEADER);
    expect(mapping.errors).toEqual([]);
    const cells = fromSdmxRow(toSdmxRow('X', obs), mapping);
    expect(cells).toMatchObject({
      indicator: 'IBC',
      reporter: 'ITA',
      period: '2024-03',
      citizenship: 'SYR',
      value: '42',
      flags: 'provisional;confidential',
      comment: 'late data',
    });
  });

  it('reads SDMX-CSV 2.0 headers with labels and monthly periods written 2024-M03', () => {
    const mapping = mapSdmxHeader([
      'STRUCTURE',
      'STRUCTURE_ID',
      'ACTION',
      'INDICATOR: Indicator',
      'REF_AREA',
      'TIME_PERIOD',
      'OBS_VALUE',
    ]);
    expect(mapping.errors).toEqual([]);
    expect(fromSdmxRow(['dataflow', 'X:Y(1.0)', 'I', 'RET_DEC', 'GRC', '2024-M03', '7'], mapping)).toEqual({
      indicator: 'RET_DEC',
      reporter: 'GRC',
      period: '2024-03',
      value: '7',
    });
    expect(normaliseTimePeriod('2024-Q1')).toBe('2024-Q1');
  });

  it('reports a missing DATAFLOW column and unknown columns', () => {
    const m = mapSdmxHeader(['INDICATOR', 'TIME_PERIOD', 'OBS_VALUE', 'COLOUR']);
    expect(m.errors.map((e) => e.field)).toEqual(['DATAFLOW', 'COLOUR']);
  });
});
