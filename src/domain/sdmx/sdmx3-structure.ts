/**
 * SDMX-JSON 2.0 structure messages (the structure format of SDMX 3.0 REST), pure: dataflows, data structure
 * definitions, codelists and the concept scheme of the dialogues' structures (sdmx-structure.ts), with the parts a
 * query asks for. The same artefacts (ids, version 1.0, codes, names in every language) as the 2.1 messages.
 */
import {
  CONCEPT_SCHEME_ID,
  codelistsOf,
  conceptsOf,
  type Names,
  SDMX_AGENCY,
  SDMX_VERSION,
  type SdmxStructure,
  type StructureComponent,
  type StructureParts,
} from './sdmx-structure';

export const SDMX_JSON2_STRUCTURE_SCHEMA =
  'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/structure-message/tools/schemas/2.0.0/sdmx-json-structure-schema.json';

const urn = (cls: string, id: string, item?: string) =>
  `urn:sdmx:org.sdmx.infomodel.${cls}=${SDMX_AGENCY}:${id}(${SDMX_VERSION})${item ? `.${item}` : ''}`;

const localised = (n: Names) => ({ name: n.en, names: n });

const maintainable = (id: string, n: Names) => ({
  id,
  agencyID: SDMX_AGENCY,
  version: SDMX_VERSION,
  isExternalReference: false,
  ...localised(n),
});

const conceptUrn = (id: string) => urn('conceptscheme.Concept', CONCEPT_SCHEME_ID, id);

function representation(c: StructureComponent) {
  return c.codelist
    ? { enumeration: urn('codelist.Codelist', c.codelist) }
    : { format: { dataType: 'String' } };
}

function dataStructure(s: SdmxStructure) {
  const components = s.dsd.components;
  return {
    ...maintainable(s.dsd.id, s.dsd.names),
    dataStructureComponents: {
      dimensionList: {
        id: 'DimensionDescriptor',
        dimensions: components
          .filter((c) => c.kind === 'dimension')
          .map((c, position) => ({
            id: c.id,
            position,
            conceptIdentity: conceptUrn(c.id),
            localRepresentation: representation(c),
          })),
        timeDimension: {
          id: 'TIME_PERIOD',
          conceptIdentity: conceptUrn('TIME_PERIOD'),
          localRepresentation: { format: { dataType: 'ObservationalTimePeriod' } },
        },
      },
      attributeList: {
        id: 'AttributeDescriptor',
        attributes: components
          .filter((c) => c.kind === 'attribute')
          .map((c) => ({
            id: c.id,
            usage: c.assignment === 'Mandatory' ? 'mandatory' : 'optional',
            attributeRelationship: { observation: {} },
            conceptIdentity: conceptUrn(c.id),
            localRepresentation: representation(c),
          })),
      },
      measureList: {
        id: 'MeasureDescriptor',
        measures: components
          .filter((c) => c.kind === 'measure')
          .map((c) => ({
            id: c.id,
            conceptIdentity: conceptUrn(c.id),
            localRepresentation: { format: { dataType: 'Double' } },
          })),
      },
    },
  };
}

/** SDMX-JSON 2.0 structure message of several dialogues' structures, with the parts asked for. */
export function toSdmxJson2Structures(
  list: readonly SdmxStructure[],
  parts: StructureParts,
  id: string,
  prepared: string,
): Record<string, unknown> {
  const codelists = codelistsOf(list, parts.codelists);
  const data: Record<string, unknown> = {};
  if (parts.dataflows && list.length)
    data.dataflows = list.map((s) => ({
      ...maintainable(s.dataflow.id, s.dataflow.names),
      structure: urn('datastructure.DataStructure', s.dsd.id),
    }));
  if (parts.dsds && list.length) data.dataStructures = list.map(dataStructure);
  if (codelists.length)
    data.codelists = codelists.map((cl) => ({
      ...maintainable(cl.id, cl.names),
      codes: cl.codes.map((c) => ({
        id: c.id,
        ...localised(c.names),
        ...(c.annotations?.length && {
          annotations: c.annotations.map((a) => ({ type: a.type, text: a.text, texts: { en: a.text } })),
        }),
      })),
    }));
  if (parts.concepts && list.length)
    data.conceptSchemes = [
      {
        ...maintainable(CONCEPT_SCHEME_ID, {
          en: 'Passage concepts',
          fr: 'Concepts de Passage',
          ru: 'Понятия Passage',
        }),
        concepts: conceptsOf(list).map((c) => ({ id: c.id, ...localised(c.names) })),
      },
    ];
  return {
    $schema: SDMX_JSON2_STRUCTURE_SCHEMA,
    meta: {
      id,
      test: false,
      prepared,
      contentLanguages: ['en', 'fr', 'ru'],
      sender: { id: SDMX_AGENCY },
    },
    data,
  };
}
