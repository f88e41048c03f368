import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { CODELISTS } from '../../reference/codelists';
import { DIMENSIONS } from '../observations/dimensions';
import { SDMX_DIMENSION_COLUMNS, SDMX_HEADER } from './sdmx-csv';
import { buildSdmxStructure, type StructureInput, toSdmxJson, toSdmxMl } from './sdmx-structure';

const input: StructureInput = {
  slug: 'budapest-process',
  dialogueName: 'Budapest Process & <friends>',
  indicators: [
    {
      code: 'IBC',
      names: { en: 'Irregular crossings', fr: 'Franchissements' },
      unit: 'detections',
      breakdowns: ['route', 'border_type', 'citizenship'],
    },
    { code: 'RET_DEC', names: { en: 'Return decisions' }, unit: 'decisions', breakdowns: ['citizenship'] },
  ],
  routes: [
    { code: 'EMR', name: 'Eastern Mediterranean' },
    { code: 'WBR', name: 'Western Balkans' },
  ],
  countries: [
    { code: 'AFG', names: { en: 'Afghanistan', fr: 'Afghanistan', ru: 'Афганистан' } },
    { code: 'STL', names: { en: 'Stateless' } },
  ],
  codelists: CODELISTS.map((c) => ({
    id: c.id,
    names: c.name,
    codes: c.codes.map((x) => ({ code: x.code, names: x.name })),
  })),
  prepared: new Date('2025-03-01T10:00:00Z'),
};

/** Parses the XML (throws when it is not well-formed) and returns the codes of every codelist by id. */
function parseCodelists(xml: string): {
  codelists: Map<string, string[]>;
  dimensions: string[];
  root: string;
} {
  const parser = new SaxesParser({ xmlns: true });
  const codelists = new Map<string, string[]>();
  const dimensions: string[] = [];
  let current: string[] | undefined;
  let root = '';
  parser.on('opentag', (t) => {
    if (!root) root = `${t.uri}#${t.local}`;
    if (t.local === 'Codelist') {
      current = [];
      codelists.set(String(t.attributes.id?.value), current);
    }
    if (t.local === 'Code') current?.push(String(t.attributes.id?.value));
    if (t.local === 'Dimension' || t.local === 'TimeDimension')
      dimensions.push(String(t.attributes.id?.value));
  });
  parser.on('closetag', (t) => {
    if (t.local === 'Codelist') current = undefined;
  });
  parser.write(xml).close();
  return { codelists, dimensions, root };
}

describe('SDMX structure', () => {
  const s = buildSdmxStructure(input);

  it('writes a well-formed SDMX-ML 2.1 structure message with every code of every codelist', () => {
    const xml = toSdmxMl(s);
    const parsed = parseCodelists(xml);
    expect(parsed.root).toBe('http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message#Structure');
    expect(xml).toContain('Budapest Process &amp; &lt;friends&gt;');
    expect([...parsed.codelists.keys()].sort()).toEqual(s.codelists.map((c) => c.id).sort());
    for (const cl of s.codelists) expect(parsed.codelists.get(cl.id)).toEqual(cl.codes.map((c) => c.id));
    // Every reference codelist code is there, with the total.
    for (const ref of CODELISTS) {
      const codes = parsed.codelists.get(`CL_${ref.id}`);
      expect(codes, ref.id).toBeDefined();
      for (const c of ref.codes) expect(codes).toContain(c.code);
    }
    expect(parsed.codelists.get('CL_INDICATOR_BUDAPEST_PROCESS')).toEqual(['IBC', 'RET_DEC']);
    expect(parsed.codelists.get('CL_ROUTE_BUDAPEST_PROCESS')).toEqual(['_T', 'EMR', 'WBR']);
    expect(parsed.codelists.get('CL_AREA')).toEqual(['_T', 'AFG', 'STL']);
  });

  it('has the SDMX-CSV columns as its dimensions, time last, and names the data exports dataflow', () => {
    const parsed = parseCodelists(toSdmxMl(s));
    const csvDimensions = SDMX_HEADER.filter(
      (h) => !['DATAFLOW', 'OBS_VALUE', 'OBS_STATUS', 'CONF_STATUS', 'COMMENT', 'TIME_PERIOD'].includes(h),
    );
    expect(parsed.dimensions).toEqual([...csvDimensions, 'TIME_PERIOD']);
    expect(s.dataflow.id).toBe('DF_BUDAPEST_PROCESS');
    expect(s.dsd.components.filter((c) => c.kind === 'attribute').map((c) => c.id)).toEqual([
      'OBS_STATUS',
      'CONF_STATUS',
      'COMMENT',
    ]);
    const ibc = s.codelists[0]!.codes[0]!;
    expect(ibc.annotations).toContainEqual({ type: 'BREAKDOWNS', text: 'ROUTE,BORDER_TYPE,CITIZENSHIP' });
  });

  it('writes SDMX-JSON with the same structures', () => {
    const json = JSON.parse(JSON.stringify(toSdmxJson(s)));
    expect(json.meta).toMatchObject({
      id: 'STRUCTURE_BUDAPEST_PROCESS',
      test: false,
      prepared: '2025-03-01T10:00:00Z',
    });
    expect(json.data.dataflows[0]).toMatchObject({
      id: 'DF_BUDAPEST_PROCESS',
      agencyID: 'PASSAGE',
      version: '1.0',
      structure: 'urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=PASSAGE:DSD_BUDAPEST_PROCESS(1.0)',
    });
    const dsd = json.data.dataStructures[0].dataStructureComponents;
    expect(dsd.dimensionList.dimensions.map((d: { id: string }) => d.id)).toEqual([
      'INDICATOR',
      'REF_AREA',
      ...DIMENSIONS.map((d) => SDMX_DIMENSION_COLUMNS[d]),
    ]);
    expect(dsd.dimensionList.timeDimensions[0]).toMatchObject({ id: 'TIME_PERIOD', position: 13 });
    expect(dsd.dimensionList.dimensions[0].localRepresentation.enumeration).toBe(
      'urn:sdmx:org.sdmx.infomodel.codelist.Codelist=PASSAGE:CL_INDICATOR_BUDAPEST_PROCESS(1.0)',
    );
    expect(dsd.measureList.primaryMeasure.id).toBe('OBS_VALUE');
    for (const cl of s.codelists) {
      const j = json.data.codelists.find((x: { id: string }) => x.id === cl.id);
      expect(j.codes.map((c: { id: string }) => c.id)).toEqual(cl.codes.map((c) => c.id));
    }
    const sex = json.data.codelists.find((x: { id: string }) => x.id === 'CL_SEX');
    expect(sex.codes.find((c: { id: string }) => c.id === 'F').names).toEqual({
      en: 'Female',
      fr: 'Femmes',
      ru: 'Женщины',
    });
    const concepts = json.data.conceptSchemes[0].concepts.map((c: { id: string }) => c.id);
    for (const c of dsd.dimensionList.dimensions) expect(concepts).toContain(c.id);
  });
});
