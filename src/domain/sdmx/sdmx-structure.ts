/**
 * SDMX structure of a dialogue's observations: the data structure definition (DSD), its codelists, concepts and
 * the dataflow the SDMX-CSV data exports name (`PASSAGE:DF_<SLUG>(1.0)`), as an SDMX-ML 2.1 structure message
 * (XML) or an SDMX-JSON 1.0 structure message. Pure: the caller gives the indicators, routes, countries and
 * codelists; nothing is read here.
 *
 * Dimensions, in the order of the SDMX-CSV columns: INDICATOR, REF_AREA (reporting state), one per breakdown
 * (ROUTE, BORDER_TYPE, CITIZENSHIP, SEX, AGE, REASON, PLACE, DOCUMENT_TYPE, FRAUD_TYPE, RETURN_TYPE, `_T` for
 * the total) and the time dimension TIME_PERIOD (monthly). Measure OBS_VALUE; attributes OBS_STATUS,
 * CONF_STATUS and COMMENT (as written by toSdmxRow in sdmx-csv.ts).
 */
import { DIMENSION_CODES, DIMENSIONS, type Dimension, TOTAL_CODE } from '../observations/dimensions';
import { dataflowId, SDMX_DIMENSION_COLUMNS } from './sdmx-csv';

export const SDMX_AGENCY = 'PASSAGE';
export const SDMX_VERSION = '1.0';
export const CONCEPT_SCHEME_ID = 'CS_PASSAGE';

/** Names by language (at least `en`). */
export type Names = { en: string } & Partial<Record<'fr' | 'ru', string>>;

export interface StructureCode {
  id: string;
  names: Names;
  /** Key/value notes (SDMX annotations), e.g. an indicator's unit and breakdowns. */
  annotations?: { type: string; text: string }[];
}

export interface StructureCodelist {
  id: string;
  names: Names;
  codes: StructureCode[];
}

export interface StructureInput {
  slug: string;
  dialogueName: string;
  indicators: readonly { code: string; names: Names; unit: string; breakdowns: readonly string[] }[];
  routes: readonly { code: string; name: string }[];
  /** Countries and the special codes (stateless, unknown, Kosovo*). */
  countries: readonly { code: string; names: Names }[];
  /** The reference codelists by id (SEX, AGE_GROUP, BORDER_TYPE …; src/reference/codelists.ts). */
  codelists: readonly { id: string; names: Names; codes: readonly { code: string; names: Names }[] }[];
  prepared: Date;
}

export type ComponentKind = 'dimension' | 'time' | 'attribute' | 'measure';

export interface StructureComponent {
  id: string;
  kind: ComponentKind;
  /** Codelist id for coded components. */
  codelist?: string;
  /** For attributes: mandatory or conditional. */
  assignment?: 'Mandatory' | 'Conditional';
}

export interface SdmxStructure {
  id: string;
  /** The dialogue's name (the portal's title). */
  dialogueName: string;
  prepared: string;
  dataflow: { id: string; names: Names };
  dsd: { id: string; names: Names; components: StructureComponent[] };
  concepts: { id: string; names: Names }[];
  codelists: StructureCodelist[];
}

const names = (en: string, fr?: string, ru?: string): Names => ({
  en,
  ...(fr !== undefined && { fr }),
  ...(ru !== undefined && { ru }),
});

const TOTAL_NAMES = names('Total', 'Total', 'Всего');

/** Codelist id of a dimension: CL_AREA for countries, CL_ROUTE_<SLUG> for routes, CL_<codelist> otherwise. */
export function codelistIdOf(d: Dimension, slug: string): string {
  const source = DIMENSION_CODES[d];
  if (source === 'ROUTES') return `CL_ROUTE_${slugId(slug)}`;
  if (source === 'COUNTRIES') return 'CL_AREA';
  return `CL_${source}`;
}

/** A dialogue slug as an SDMX id part: upper case, [A-Z0-9_]. */
export function slugId(slug: string): string {
  return slug.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

const CONCEPT_NAMES: Record<string, Names> = {
  INDICATOR: names('Indicator', 'Indicateur', 'Показатель'),
  REF_AREA: names('Reporting state', 'État déclarant', 'Отчитывающееся государство'),
  ROUTE: names('Migratory route', 'Route migratoire', 'Миграционный маршрут'),
  BORDER_TYPE: names('Border type', 'Type de frontière', 'Тип границы'),
  CITIZENSHIP: names('Citizenship', 'Nationalité', 'Гражданство'),
  SEX: names('Sex', 'Sexe', 'Пол'),
  AGE: names('Age group', "Groupe d'âge", 'Возрастная группа'),
  REASON: names('Reason for refusal', 'Motif du refus', 'Причина отказа'),
  PLACE: names('Place of detection', 'Lieu de détection', 'Место выявления'),
  DOCUMENT_TYPE: names('Document type', 'Type de document', 'Тип документа'),
  FRAUD_TYPE: names('Type of fraud', 'Type de fraude', 'Вид подделки'),
  RETURN_TYPE: names('Type of return', 'Type de retour', 'Вид возвращения'),
  TIME_PERIOD: names('Time period (month)', 'Période (mois)', 'Период (месяц)'),
  OBS_VALUE: names('Observation value', "Valeur de l'observation", 'Значение'),
  OBS_STATUS: names('Observation status', "Statut de l'observation", 'Статус значения'),
  CONF_STATUS: names('Confidentiality status', 'Statut de confidentialité', 'Статус конфиденциальности'),
  COMMENT: names('Comment', 'Commentaire', 'Комментарий'),
};

const OBS_STATUS_CODES: StructureCode[] = [
  { id: 'A', names: names('Normal value', 'Valeur normale', 'Обычное значение') },
  { id: 'P', names: names('Provisional value', 'Valeur provisoire', 'Предварительное значение') },
  { id: 'E', names: names('Estimated value', 'Valeur estimée', 'Оценочное значение') },
  { id: 'M', names: names('Missing value; not available', 'Valeur manquante', 'Нет данных') },
];
const CONF_STATUS_CODES: StructureCode[] = [
  { id: 'F', names: names('Free', 'Diffusion libre', 'Открытые данные') },
  { id: 'C', names: names('Confidential', 'Confidentiel', 'Конфиденциально') },
  {
    id: 'D',
    names: names(
      'Secondary confidentiality set by the sender, not for publication',
      "Confidentialité secondaire fixée par l'émetteur, ne pas publier",
      'Вторичная конфиденциальность, установленная отправителем, не для публикации',
    ),
  },
];

/** The structure of a dialogue's observations (one DSD, its dataflow, concepts and codelists). */
export function buildSdmxStructure(input: StructureInput): SdmxStructure {
  const slug = slugId(input.slug);
  const withTotal = (codes: StructureCode[]): StructureCode[] =>
    codes.some((c) => c.id === TOTAL_CODE) ? codes : [{ id: TOTAL_CODE, names: TOTAL_NAMES }, ...codes];
  const codelists: StructureCodelist[] = [
    {
      id: `CL_INDICATOR_${slug}`,
      names: names(`Indicators of ${input.dialogueName}`),
      codes: input.indicators.map((i) => ({
        id: i.code,
        names: i.names,
        annotations: [
          { type: 'UNIT', text: i.unit },
          {
            type: 'BREAKDOWNS',
            text: DIMENSIONS.filter((d) => i.breakdowns.includes(d))
              .map((d) => SDMX_DIMENSION_COLUMNS[d])
              .join(','),
          },
        ],
      })),
    },
    {
      id: 'CL_AREA',
      names: names('Countries and areas', 'Pays et zones', 'Страны и территории'),
      codes: withTotal(input.countries.map((c) => ({ id: c.code, names: c.names }))),
    },
    {
      id: `CL_ROUTE_${slug}`,
      names: names(`Migratory routes of ${input.dialogueName}`),
      codes: withTotal(input.routes.map((r) => ({ id: r.code, names: names(r.name) }))),
    },
  ];
  const seen = new Set(codelists.map((c) => c.id));
  for (const d of DIMENSIONS) {
    const id = codelistIdOf(d, input.slug);
    if (seen.has(id)) continue;
    const source = input.codelists.find((c) => `CL_${c.id}` === id);
    if (!source) continue;
    seen.add(id);
    codelists.push({
      id,
      names: source.names,
      codes: withTotal(source.codes.map((c) => ({ id: c.code, names: c.names }))),
    });
  }
  codelists.push(
    { id: 'CL_OBS_STATUS', names: CONCEPT_NAMES.OBS_STATUS!, codes: OBS_STATUS_CODES },
    { id: 'CL_CONF_STATUS', names: CONCEPT_NAMES.CONF_STATUS!, codes: CONF_STATUS_CODES },
  );
  const components: StructureComponent[] = [
    { id: 'INDICATOR', kind: 'dimension', codelist: `CL_INDICATOR_${slug}` },
    { id: 'REF_AREA', kind: 'dimension', codelist: 'CL_AREA' },
    ...DIMENSIONS.map(
      (d): StructureComponent => ({
        id: SDMX_DIMENSION_COLUMNS[d],
        kind: 'dimension',
        codelist: codelistIdOf(d, input.slug),
      }),
    ),
    { id: 'TIME_PERIOD', kind: 'time' },
    { id: 'OBS_STATUS', kind: 'attribute', codelist: 'CL_OBS_STATUS', assignment: 'Mandatory' },
    { id: 'CONF_STATUS', kind: 'attribute', codelist: 'CL_CONF_STATUS', assignment: 'Conditional' },
    { id: 'COMMENT', kind: 'attribute', assignment: 'Conditional' },
    { id: 'OBS_VALUE', kind: 'measure' },
  ];
  const flow = /^PASSAGE:(.+)\(1\.0\)$/.exec(dataflowId(input.slug))![1]!;
  return {
    id: `STRUCTURE_${slug}`,
    prepared: input.prepared.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    dialogueName: input.dialogueName,
    dataflow: { id: flow, names: names(`Observations of ${input.dialogueName}`) },
    dsd: {
      id: `DSD_${slug}`,
      names: names(`Migration statistics of ${input.dialogueName}`),
      components,
    },
    concepts: components.map((c) => ({ id: c.id, names: CONCEPT_NAMES[c.id] ?? names(c.id) })),
    codelists,
  };
}

// ---------- SDMX-ML 2.1 ----------

const NS = {
  mes: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message',
  str: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure',
  com: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common',
};

function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

function xmlNames(n: Names, indent: string): string {
  return (['en', 'fr', 'ru'] as const)
    .filter((l) => n[l] !== undefined && n[l] !== '')
    .map((l) => `${indent}<com:Name xml:lang="${l}">${esc(n[l]!)}</com:Name>\n`)
    .join('');
}

const ref = (attrs: Record<string, string>) =>
  `<Ref ${Object.entries(attrs)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(' ')}/>`;

const maintained = (id: string) => `id="${esc(id)}" agencyID="${SDMX_AGENCY}" version="${SDMX_VERSION}"`;

/** Which parts of the structures a message carries (SDMX REST `references`: the artefact and its children). */
export interface StructureParts {
  dataflows: boolean;
  dsds: boolean;
  concepts: boolean;
  /** true: every codelist; a list: those ids only. */
  codelists: boolean | readonly string[];
}

export const ALL_PARTS: StructureParts = { dataflows: true, dsds: true, concepts: true, codelists: true };

/** The codelists of several structures, each id once (CL_AREA etc. are shared by every dialogue). */
export function codelistsOf(
  list: readonly SdmxStructure[],
  which: StructureParts['codelists'],
): StructureCodelist[] {
  if (which === false) return [];
  const seen = new Map<string, StructureCodelist>();
  for (const s of list)
    for (const cl of s.codelists)
      if (!seen.has(cl.id) && (which === true || which.includes(cl.id))) seen.set(cl.id, cl);
  return [...seen.values()];
}

export function conceptsOf(list: readonly SdmxStructure[]): SdmxStructure['concepts'] {
  const seen = new Map<string, SdmxStructure['concepts'][number]>();
  for (const s of list) for (const c of s.concepts) if (!seen.has(c.id)) seen.set(c.id, c);
  return [...seen.values()];
}

/** SDMX-ML 2.1 structure message (mes:Structure) with the dataflow, codelists, concepts and DSD. */
export function toSdmxMl(s: SdmxStructure): string {
  return toSdmxMlStructures([s], ALL_PARTS, s.id, s.prepared);
}

/** SDMX-ML 2.1 structure message of several dialogues' structures, with the parts asked for. */
export function toSdmxMlStructures(
  list: readonly SdmxStructure[],
  parts: StructureParts,
  id: string,
  prepared: string,
): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.push(`<mes:Structure xmlns:mes="${NS.mes}" xmlns:str="${NS.str}" xmlns:com="${NS.com}">\n`);
  out.push(
    `  <mes:Header>\n    <mes:ID>${esc(id)}</mes:ID>\n    <mes:Test>false</mes:Test>\n    <mes:Prepared>${prepared}</mes:Prepared>\n    <mes:Sender id="${SDMX_AGENCY}"/>\n  </mes:Header>\n`,
  );
  out.push('  <mes:Structures>\n');
  if (parts.dataflows && list.length) {
    out.push('    <str:Dataflows>\n');
    for (const s of list)
      out.push(
        `      <str:Dataflow ${maintained(s.dataflow.id)}>\n${xmlNames(s.dataflow.names, '        ')}        <str:Structure>${ref({ id: s.dsd.id, agencyID: SDMX_AGENCY, version: SDMX_VERSION, class: 'DataStructure', package: 'datastructure' })}</str:Structure>\n      </str:Dataflow>\n`,
      );
    out.push('    </str:Dataflows>\n');
  }
  const codelists = codelistsOf(list, parts.codelists);
  if (codelists.length) {
    out.push('    <str:Codelists>\n');
    for (const cl of codelists) {
      out.push(`      <str:Codelist ${maintained(cl.id)}>\n${xmlNames(cl.names, '        ')}`);
      for (const c of cl.codes) {
        out.push(`        <str:Code id="${esc(c.id)}">\n`);
        if (c.annotations?.length) {
          out.push('          <com:Annotations>\n');
          for (const a of c.annotations)
            out.push(
              `            <com:Annotation>\n              <com:AnnotationType>${esc(a.type)}</com:AnnotationType>\n              <com:AnnotationText xml:lang="en">${esc(a.text)}</com:AnnotationText>\n            </com:Annotation>\n`,
            );
          out.push('          </com:Annotations>\n');
        }
        out.push(`${xmlNames(c.names, '          ')}        </str:Code>\n`);
      }
      out.push('      </str:Codelist>\n');
    }
    out.push('    </str:Codelists>\n');
  }
  if (parts.concepts && list.length) {
    out.push(
      `    <str:Concepts>\n      <str:ConceptScheme ${maintained(CONCEPT_SCHEME_ID)}>\n${xmlNames(names('Passage concepts', 'Concepts de Passage', 'Понятия Passage'), '        ')}`,
    );
    // Each concept carries a description as well as names: rsdmx (R) fails to read a concept without one when the
    // names are in more than two languages (its as.data.frame fills the missing description with two NAs).
    for (const c of conceptsOf(list))
      out.push(
        `        <str:Concept id="${esc(c.id)}">\n${xmlNames(c.names, '          ')}${xmlNames(c.names, '          ').replaceAll('com:Name', 'com:Description')}        </str:Concept>\n`,
      );
    out.push('      </str:ConceptScheme>\n    </str:Concepts>\n');
  }
  const concept = (id: string) =>
    `<str:ConceptIdentity>${ref({ id, maintainableParentID: CONCEPT_SCHEME_ID, maintainableParentVersion: SDMX_VERSION, agencyID: SDMX_AGENCY, class: 'Concept', package: 'conceptscheme' })}</str:ConceptIdentity>`;
  const enumeration = (cl: string) =>
    `<str:LocalRepresentation><str:Enumeration>${ref({ id: cl, version: SDMX_VERSION, agencyID: SDMX_AGENCY, class: 'Codelist', package: 'codelist' })}</str:Enumeration></str:LocalRepresentation>`;
  if (parts.dsds && list.length) {
    out.push('    <str:DataStructures>\n');
    for (const s of list) {
      out.push(
        `      <str:DataStructure ${maintained(s.dsd.id)}>\n${xmlNames(s.dsd.names, '        ')}        <str:DataStructureComponents>\n          <str:DimensionList id="DimensionDescriptor">\n`,
      );
      let position = 0;
      for (const c of s.dsd.components) {
        if (c.kind === 'dimension')
          out.push(
            `            <str:Dimension id="${c.id}" position="${++position}">${concept(c.id)}${enumeration(c.codelist!)}</str:Dimension>\n`,
          );
        if (c.kind === 'time')
          out.push(
            `            <str:TimeDimension id="${c.id}" position="${++position}">${concept(c.id)}<str:LocalRepresentation><str:TextFormat textType="ObservationalTimePeriod"/></str:LocalRepresentation></str:TimeDimension>\n`,
          );
      }
      out.push('          </str:DimensionList>\n          <str:AttributeList id="AttributeDescriptor">\n');
      for (const c of s.dsd.components.filter((x) => x.kind === 'attribute'))
        out.push(
          `            <str:Attribute id="${c.id}" assignmentStatus="${c.assignment}">${concept(c.id)}${c.codelist ? enumeration(c.codelist) : '<str:LocalRepresentation><str:TextFormat textType="String"/></str:LocalRepresentation>'}<str:AttributeRelationship><str:PrimaryMeasure>${ref({ id: 'OBS_VALUE' })}</str:PrimaryMeasure></str:AttributeRelationship></str:Attribute>\n`,
        );
      out.push('          </str:AttributeList>\n          <str:MeasureList id="MeasureDescriptor">\n');
      for (const c of s.dsd.components.filter((x) => x.kind === 'measure'))
        out.push(`            <str:PrimaryMeasure id="${c.id}">${concept(c.id)}</str:PrimaryMeasure>\n`);
      out.push(
        '          </str:MeasureList>\n        </str:DataStructureComponents>\n      </str:DataStructure>\n',
      );
    }
    out.push('    </str:DataStructures>\n');
  }
  out.push('  </mes:Structures>\n</mes:Structure>\n');
  return out.join('');
}

// ---------- SDMX-JSON 1.0 (structure) ----------

const urn = (cls: string, id: string, item?: string) =>
  `urn:sdmx:org.sdmx.infomodel.${cls}=${SDMX_AGENCY}:${id}(${SDMX_VERSION})${item ? `.${item}` : ''}`;

const jsonNames = (n: Names) => ({ name: n.en, names: n });

/** SDMX-JSON structure message (version 1.0): meta + data.{dataflows, dataStructures, codelists, conceptSchemes}. */
export function toSdmxJson(s: SdmxStructure): Record<string, unknown> {
  const concept = (id: string) => urn('conceptscheme.Concept', CONCEPT_SCHEME_ID, id);
  const representation = (c: StructureComponent) =>
    c.codelist
      ? { enumeration: urn('codelist.Codelist', c.codelist) }
      : { textFormat: { textType: c.kind === 'time' ? 'ObservationalTimePeriod' : 'String' } };
  let position = 0;
  const dimensions = s.dsd.components
    .filter((c) => c.kind === 'dimension')
    .map((c) => ({
      id: c.id,
      position: ++position,
      type: 'Dimension',
      conceptIdentity: concept(c.id),
      localRepresentation: representation(c),
    }));
  const timeDimensions = s.dsd.components
    .filter((c) => c.kind === 'time')
    .map((c) => ({
      id: c.id,
      position: ++position,
      type: 'TimeDimension',
      conceptIdentity: concept(c.id),
      localRepresentation: representation(c),
    }));
  return {
    meta: {
      schema:
        'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/structure-message/tools/schemas/1.0/sdmx-json-structure-schema.json',
      id: s.id,
      test: false,
      prepared: s.prepared,
      contentLanguages: ['en', 'fr', 'ru'],
      sender: { id: SDMX_AGENCY },
    },
    data: {
      dataflows: [
        {
          id: s.dataflow.id,
          agencyID: SDMX_AGENCY,
          version: SDMX_VERSION,
          ...jsonNames(s.dataflow.names),
          structure: urn('datastructure.DataStructure', s.dsd.id),
        },
      ],
      dataStructures: [
        {
          id: s.dsd.id,
          agencyID: SDMX_AGENCY,
          version: SDMX_VERSION,
          ...jsonNames(s.dsd.names),
          dataStructureComponents: {
            dimensionList: { id: 'DimensionDescriptor', dimensions, timeDimensions },
            attributeList: {
              id: 'AttributeDescriptor',
              attributes: s.dsd.components
                .filter((c) => c.kind === 'attribute')
                .map((c) => ({
                  id: c.id,
                  assignmentStatus: c.assignment,
                  conceptIdentity: concept(c.id),
                  localRepresentation: representation(c),
                  attributeRelationship: { primaryMeasure: 'OBS_VALUE' },
                })),
            },
            measureList: {
              id: 'MeasureDescriptor',
              primaryMeasure: { id: 'OBS_VALUE', conceptIdentity: concept('OBS_VALUE') },
            },
          },
        },
      ],
      codelists: s.codelists.map((cl) => ({
        id: cl.id,
        agencyID: SDMX_AGENCY,
        version: SDMX_VERSION,
        ...jsonNames(cl.names),
        codes: cl.codes.map((c) => ({
          id: c.id,
          ...jsonNames(c.names),
          ...(c.annotations?.length && {
            annotations: c.annotations.map((a) => ({ type: a.type, text: a.text })),
          }),
        })),
      })),
      conceptSchemes: [
        {
          id: CONCEPT_SCHEME_ID,
          agencyID: SDMX_AGENCY,
          version: SDMX_VERSION,
          ...jsonNames(names('Passage concepts', 'Concepts de Passage', 'Понятия Passage')),
          concepts: s.concepts.map((c) => ({ id: c.id, ...jsonNames(c.names) })),
        },
      ],
    },
  };
}

/** SDMX-JSON structure message of several dialogues' structures, with the parts asked for. */
export function toSdmxJsonStructures(
  list: readonly SdmxStructure[],
  parts: StructureParts,
  id: string,
  prepared: string,
): Record<string, unknown> {
  type Item = { id: string };
  const merged = {
    dataflows: [] as Item[],
    dataStructures: [] as Item[],
    codelists: [] as Item[],
    conceptSchemes: [] as Item[],
  };
  for (const s of list) {
    const one = toSdmxJson(s) as { data: typeof merged };
    for (const k of Object.keys(merged) as (keyof typeof merged)[])
      for (const item of one.data[k]) if (!merged[k].some((x) => x.id === item.id)) merged[k].push(item);
  }
  const which = parts.codelists;
  return {
    meta: { ...(toSdmxJson(list[0]!) as { meta: Record<string, unknown> }).meta, id, prepared },
    data: {
      ...(parts.dataflows && { dataflows: merged.dataflows }),
      ...(parts.dsds && { dataStructures: merged.dataStructures }),
      ...(which !== false && {
        codelists: merged.codelists.filter((c) => which === true || which.includes(c.id)),
      }),
      ...(parts.concepts && { conceptSchemes: merged.conceptSchemes }),
    },
  };
}
