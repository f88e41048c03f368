/**
 * SDMX data messages of a dialogue's observations, pure: SDMX-ML 2.1 GenericData and StructureSpecificData,
 * SDMX-JSON 1.0 data, SDMX-CSV 1.0, and SDMX error messages (SDMX-ML `mes:Error`, SDMX-JSON `errors`). The
 * caller gives the structure (sdmx-structure.ts) and the series (sdmx-query.ts selectSeries); a suppressed
 * observation has no value (never 0) and CONF_STATUS C (primary) or D (secondary).
 */
import { toSafeCsv } from '../csv-safe';
import type { DataSeries, Detail } from './sdmx-query';
import { SDMX_AGENCY, SDMX_VERSION, type SdmxStructure } from './sdmx-structure';

const NS = {
  mes: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message',
  gen: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic',
  ss: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific',
  com: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
};

export function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

export interface DataMessage {
  structure: SdmxStructure;
  series: readonly DataSeries[];
  detail: Detail;
  atObservation: 'TIME_PERIOD' | 'AllDimensions';
  /** Message id and preparation time. */
  id: string;
  prepared: Date;
}

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Dimension ids other than TIME_PERIOD, in DSD order. */
export function seriesDimensions(s: SdmxStructure): string[] {
  return s.dsd.components.filter((c) => c.kind === 'dimension').map((c) => c.id);
}

const withObs = (d: Detail) => d === 'full' || d === 'dataonly';
const withAttributes = (d: Detail) => d === 'full' || d === 'nodata';

function attributesOf(o: DataSeries['observations'][number]): [string, string][] {
  const out: [string, string][] = [
    ['OBS_STATUS', o.obsStatus],
    ['CONF_STATUS', o.confStatus],
  ];
  if (o.comment) out.push(['COMMENT', o.comment]);
  return out;
}

function header(m: DataMessage, prefix: string, extra: string): string {
  const dsd = m.structure.dsd.id;
  return `  <${prefix}:Header>
    <${prefix}:ID>${esc(m.id)}</${prefix}:ID>
    <${prefix}:Test>false</${prefix}:Test>
    <${prefix}:Prepared>${isoSeconds(m.prepared)}</${prefix}:Prepared>
    <${prefix}:Sender id="${SDMX_AGENCY}"/>
    <${prefix}:Structure structureID="${esc(dsd)}"${extra} dimensionAtObservation="${m.atObservation}">
      <com:Structure><Ref agencyID="${SDMX_AGENCY}" id="${esc(dsd)}" version="${SDMX_VERSION}"/></com:Structure>
    </${prefix}:Structure>
  </${prefix}:Header>
`;
}

/** SDMX-ML 2.1 GenericData (time series, or flat with dimensionAtObservation=AllDimensions). */
export function toGenericData(m: DataMessage): string {
  const dims = seriesDimensions(m.structure);
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.push(`<mes:GenericData xmlns:mes="${NS.mes}" xmlns:gen="${NS.gen}" xmlns:com="${NS.com}">\n`);
  out.push(header(m, 'mes', ''));
  out.push(`  <mes:DataSet structureRef="${esc(m.structure.dsd.id)}">\n`);
  const values = (pairs: [string, string][], indent: string) =>
    pairs.map(([id, v]) => `${indent}<gen:Value id="${id}" value="${esc(v)}"/>\n`).join('');
  const obsBody = (o: DataSeries['observations'][number], indent: string) => {
    let s = '';
    if (m.detail !== 'nodata' && o.value !== null) s += `${indent}<gen:ObsValue value="${o.value}"/>\n`;
    if (withAttributes(m.detail))
      s += `${indent}<gen:Attributes>\n${values(attributesOf(o), `${indent}  `)}${indent}</gen:Attributes>\n`;
    return s;
  };
  if (m.atObservation === 'AllDimensions') {
    if (m.detail !== 'serieskeysonly')
      for (const s of m.series)
        for (const o of s.observations)
          out.push(
            `    <gen:Obs>\n      <gen:ObsKey>\n${values(
              [...dims.map((d, i): [string, string] => [d, s.key[i]!]), ['TIME_PERIOD', o.period]],
              '        ',
            )}      </gen:ObsKey>\n${obsBody(o, '      ')}    </gen:Obs>\n`,
          );
  } else
    for (const s of m.series) {
      out.push(
        `    <gen:Series>\n      <gen:SeriesKey>\n${values(
          dims.map((d, i) => [d, s.key[i]!]),
          '        ',
        )}      </gen:SeriesKey>\n`,
      );
      if (withObs(m.detail) || m.detail === 'nodata')
        for (const o of m.detail === 'nodata' ? [] : s.observations)
          out.push(
            `      <gen:Obs>\n        <gen:ObsDimension value="${o.period}"/>\n${obsBody(o, '        ')}      </gen:Obs>\n`,
          );
      out.push('    </gen:Series>\n');
    }
  out.push('  </mes:DataSet>\n</mes:GenericData>\n');
  return out.join('');
}

/** The namespace of a DSD's structure-specific schema (SDMX 2.1 Technical Notes, section 10.2). */
export function structureSpecificNamespace(s: SdmxStructure, atObservation: string): string {
  const obsLevel = atObservation === 'AllDimensions' ? 'AllDimensions' : `ObsLevelDim:${atObservation}`;
  return `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=${SDMX_AGENCY}:${s.dsd.id}(${SDMX_VERSION}):${obsLevel}`;
}

/** SDMX-ML 2.1 StructureSpecificData: components as XML attributes, typed by the DSD-specific schema. */
export function toStructureSpecificData(m: DataMessage): string {
  const dims = seriesDimensions(m.structure);
  const ns = structureSpecificNamespace(m.structure, m.atObservation);
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.push(
    `<mes:StructureSpecificData xmlns:mes="${NS.mes}" xmlns:ss="${NS.ss}" xmlns:com="${NS.com}" xmlns:xsi="${NS.xsi}" xmlns:ns1="${esc(ns)}">\n`,
  );
  out.push(header(m, 'mes', ` namespace="${esc(ns)}"`));
  out.push(
    `  <mes:DataSet ss:structureRef="${esc(m.structure.dsd.id)}" ss:dataScope="DataStructure" xsi:type="ns1:DataSetType">\n`,
  );
  const attrs = (pairs: [string, string][]) => pairs.map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  const obsAttrs = (o: DataSeries['observations'][number]) =>
    (m.detail !== 'nodata' && o.value !== null ? ` OBS_VALUE="${o.value}"` : '') +
    (withAttributes(m.detail) ? attrs(attributesOf(o)) : '');
  if (m.atObservation === 'AllDimensions') {
    if (m.detail !== 'serieskeysonly')
      for (const s of m.series)
        for (const o of s.observations)
          out.push(
            `    <Obs xsi:type="ns1:ObsType"${attrs(dims.map((d, i) => [d, s.key[i]!]))} TIME_PERIOD="${o.period}"${obsAttrs(o)}/>\n`,
          );
  } else
    for (const s of m.series) {
      const obs = withObs(m.detail) ? s.observations : [];
      const open = `    <Series xsi:type="ns1:SeriesType"${attrs(dims.map((d, i) => [d, s.key[i]!]))}`;
      if (!obs.length) {
        out.push(`${open}/>\n`);
        continue;
      }
      out.push(`${open}>\n`);
      for (const o of obs)
        out.push(`      <Obs xsi:type="ns1:ObsType" TIME_PERIOD="${o.period}"${obsAttrs(o)}/>\n`);
      out.push('    </Series>\n');
    }
  out.push('  </mes:DataSet>\n</mes:StructureSpecificData>\n');
  return out.join('');
}

/**
 * The DSD-specific XML schema that StructureSpecificData messages of this structure follow (SDMX 2.1 Technical
 * Notes 10.2): every dimension and attribute as an XML attribute of Series and Obs, codes as enumerations.
 * Served at /schema/datastructure/… and used by the tests to validate the messages with xmllint.
 */
export function toStructureSpecificSchema(
  s: SdmxStructure,
  atObservation: string,
  sdmxXsdDir: string,
): string {
  const ns = structureSpecificNamespace(s, atObservation);
  const dims = seriesDimensions(s);
  const codes = new Map(s.codelists.map((c) => [c.id, c.codes.map((x) => x.id)]));
  const typeOf = (id: string) => {
    const c = s.dsd.components.find((x) => x.id === id);
    return c?.codelist ? `${c.codelist}Type` : 'xs:string';
  };
  const usedLists = new Set(
    s.dsd.components.filter((c) => c.codelist && c.kind !== 'measure').map((c) => c.codelist!),
  );
  const enumTypes = [...usedLists]
    .map(
      (cl) =>
        `  <xs:simpleType name="${cl}Type"><xs:restriction base="xs:string">${(codes.get(cl) ?? [])
          .map((c) => `<xs:enumeration value="${esc(c)}"/>`)
          .join('')}</xs:restriction></xs:simpleType>\n`,
    )
    .join('');
  const optional = (id: string, type: string) => `<xs:attribute name="${id}" type="${type}" use="optional"/>`;
  const required = (id: string, type: string) => `<xs:attribute name="${id}" type="${type}" use="required"/>`;
  const obsAttributes = ['OBS_STATUS', 'CONF_STATUS', 'COMMENT'].map((a) => optional(a, typeOf(a))).join('');
  const flat = atObservation === 'AllDimensions';
  const obsDims = flat
    ? [
        ...dims.map((d) => required(d, typeOf(d))),
        required('TIME_PERIOD', 'common:ObservationalTimePeriodType'),
      ]
    : [required('TIME_PERIOD', 'common:ObservationalTimePeriodType')];
  return `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="${esc(ns)}" targetNamespace="${esc(ns)}"
  xmlns:common="${NS.com}" xmlns:dsd="${NS.ss}" elementFormDefault="unqualified" attributeFormDefault="unqualified">
  <xs:import namespace="${NS.com}" schemaLocation="${sdmxXsdDir}/SDMXCommon.xsd"/>
  <xs:import namespace="${NS.ss}" schemaLocation="${sdmxXsdDir}/SDMXDataStructureSpecific.xsd"/>
${enumTypes}  <xs:complexType name="DataSetType">
    <xs:complexContent><xs:restriction base="dsd:DataSetType"><xs:sequence>
      <xs:element ref="common:Annotations" minOccurs="0"/>
      <xs:element name="DataProvider" type="common:DataProviderReferenceType" minOccurs="0"/>
      ${flat ? '<xs:element name="Obs" type="ObsType" minOccurs="0" maxOccurs="unbounded"/>' : '<xs:element name="Series" type="SeriesType" minOccurs="0" maxOccurs="unbounded"/>'}
    </xs:sequence></xs:restriction></xs:complexContent>
  </xs:complexType>
  <xs:complexType name="SeriesType">
    <xs:complexContent><xs:restriction base="dsd:SeriesType"><xs:sequence>
      <xs:element ref="common:Annotations" minOccurs="0"/>
      <xs:element name="Obs" type="ObsType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>${dims.map((d) => required(d, typeOf(d))).join('')}<xs:attribute name="TIME_PERIOD" use="prohibited"/><xs:attribute name="REPORTING_YEAR_START_DAY" use="prohibited"/></xs:restriction></xs:complexContent>
  </xs:complexType>
  <xs:complexType name="ObsType">
    <xs:complexContent><xs:restriction base="dsd:ObsType"><xs:sequence>
      <xs:element ref="common:Annotations" minOccurs="0"/>
    </xs:sequence>${obsDims.join('')}<xs:attribute name="REPORTING_YEAR_START_DAY" use="prohibited"/><xs:attribute name="OBS_VALUE" type="xs:double" use="optional"/>${obsAttributes}</xs:restriction></xs:complexContent>
  </xs:complexType>
</xs:schema>
`;
}

// ---------- SDMX-JSON 1.0 ----------

/** SDMX-JSON 1.0 data message (meta, data.structure, data.dataSets); values indexed into the structure. */
export function toSdmxJsonData(m: DataMessage): Record<string, unknown> {
  const dims = seriesDimensions(m.structure);
  const names = new Map(m.structure.concepts.map((c) => [c.id, c.names.en]));
  const codeNames = new Map<string, Map<string, string>>();
  for (const cl of m.structure.codelists)
    codeNames.set(cl.id, new Map(cl.codes.map((c) => [c.id, c.names.en])));
  const codelistOf = new Map(m.structure.dsd.components.map((c) => [c.id, c.codelist]));
  const nameOf = (dim: string, code: string) => codeNames.get(codelistOf.get(dim) ?? '')?.get(code) ?? code;
  // Values present in the data, per dimension, in order of first appearance.
  const used = dims.map(() => new Map<string, number>());
  const periods = new Map<string, number>();
  const statusValues = new Map<string, number>();
  const confValues = new Map<string, number>();
  const commentValues = new Map<string, number>();
  const idx = (map: Map<string, number>, v: string) => {
    let i = map.get(v);
    if (i === undefined) {
      i = map.size;
      map.set(v, i);
    }
    return i;
  };
  const sortedSeries = m.series;
  for (const s of sortedSeries) {
    s.key.forEach((c, i) => {
      idx(used[i]!, c);
    });
    for (const o of s.observations) idx(periods, o.period);
  }
  // Time values in order.
  const periodList = [...periods.keys()].sort();
  periods.clear();
  for (const p of periodList) idx(periods, p);
  const obsArray = (o: DataSeries['observations'][number]): (number | string | null)[] => {
    const arr: (number | null)[] = [m.detail === 'nodata' ? null : o.value];
    if (withAttributes(m.detail))
      arr.push(
        idx(statusValues, o.obsStatus),
        idx(confValues, o.confStatus),
        o.comment ? idx(commentValues, o.comment) : null,
      );
    return arr;
  };
  const dimension = (id: string, keyPosition: number, values: Map<string, number>) => ({
    id,
    name: names.get(id) ?? id,
    keyPosition,
    ...(id === 'TIME_PERIOD' && { roles: ['time'] }),
    values: [...values.keys()].map((v) => ({ id: v, name: id === 'TIME_PERIOD' ? v : nameOf(id, v) })),
  });
  const dataSet: Record<string, unknown> = {
    action: 'Information',
    links: [{ rel: 'dataflow', urn: flowUrn(m.structure) }],
  };
  const isFlat = m.atObservation === 'AllDimensions';
  if (isFlat) {
    const observations: Record<string, (number | string | null)[]> = {};
    if (m.detail !== 'serieskeysonly')
      for (const s of sortedSeries)
        for (const o of s.observations)
          observations[[...s.key.map((c, i) => used[i]!.get(c)!), periods.get(o.period)!].join(':')] =
            obsArray(o);
    dataSet.observations = observations;
  } else {
    const series: Record<
      string,
      { attributes: never[]; observations: Record<string, (number | string | null)[]> }
    > = {};
    for (const s of sortedSeries) {
      const observations: Record<string, (number | string | null)[]> = {};
      if (withObs(m.detail))
        for (const o of s.observations) observations[String(periods.get(o.period))] = obsArray(o);
      series[s.key.map((c, i) => used[i]!.get(c)!).join(':')] = { attributes: [], observations };
    }
    dataSet.series = series;
  }
  const attr = (id: string, values: Map<string, number>, isCoded: boolean) => ({
    id,
    name: names.get(id) ?? id,
    relationship: { primaryMeasure: 'OBS_VALUE' },
    values: [...values.keys()].map((v) => (isCoded ? { id: v, name: nameOf(id, v) } : { name: v })),
  });
  const dimList = dims.map((d, i) => dimension(d, i, used[i]!));
  const time = dimension('TIME_PERIOD', dims.length, periods);
  return {
    meta: {
      schema:
        'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/1.0/sdmx-json-data-schema.json',
      id: m.id,
      test: false,
      prepared: isoSeconds(m.prepared),
      contentLanguages: ['en'],
      sender: { id: SDMX_AGENCY },
    },
    data: {
      structure: {
        links: [{ rel: 'dataflow', urn: flowUrn(m.structure) }],
        name: m.structure.dataflow.names.en,
        dimensions: isFlat
          ? { dataSet: [], series: [], observation: [...dimList, time] }
          : { dataSet: [], series: dimList, observation: [time] },
        attributes: {
          dataSet: [],
          series: [],
          observation: withAttributes(m.detail)
            ? [
                attr('OBS_STATUS', statusValues, true),
                attr('CONF_STATUS', confValues, true),
                attr('COMMENT', commentValues, false),
              ]
            : [],
        },
      },
      dataSets: [dataSet],
    },
  };
}

const flowUrn = (s: SdmxStructure) =>
  `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=${SDMX_AGENCY}:${s.dataflow.id}(${SDMX_VERSION})`;

// ---------- SDMX-CSV 1.0 ----------

/** SDMX-CSV 1.0: DATAFLOW, the dimensions in DSD order, TIME_PERIOD, OBS_VALUE and the attributes. */
export function toSdmxCsvData(m: DataMessage): string {
  const dims = seriesDimensions(m.structure);
  const flow = `${SDMX_AGENCY}:${m.structure.dataflow.id}(${SDMX_VERSION})`;
  const attrs = withAttributes(m.detail);
  const rows: string[][] = [
    [
      'DATAFLOW',
      ...dims,
      'TIME_PERIOD',
      'OBS_VALUE',
      ...(attrs ? ['OBS_STATUS', 'CONF_STATUS', 'COMMENT'] : []),
    ],
  ];
  for (const s of m.series)
    for (const o of m.detail === 'serieskeysonly' ? [] : s.observations)
      rows.push([
        flow,
        ...s.key,
        o.period,
        m.detail === 'nodata' || o.value === null ? '' : String(o.value),
        ...(attrs ? [o.obsStatus, o.confStatus, o.comment ?? ''] : []),
      ]);
  return toSafeCsv(rows);
}

// ---------- errors ----------

export function toSdmxMlError(code: number, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<mes:Error xmlns:mes="${NS.mes}" xmlns:com="${NS.com}">
  <mes:ErrorMessage code="${code}">
    <com:Text xml:lang="en">${esc(message)}</com:Text>
  </mes:ErrorMessage>
</mes:Error>
`;
}

export function toSdmxJsonError(code: number, message: string): Record<string, unknown> {
  return { errors: [{ code, title: message, detail: message }] };
}
