/**
 * The standard indicator set that ships with Passage, modelled on the monthly indicators of risk-analysis
 * networks. Codes are Passage's own. Counts are detections, not persons.
 */
export interface IndicatorDef {
  code: string;
  name: { en: string; fr: string; ru: string };
  unit: string;
  breakdowns: string[];
}

export const STANDARD_INDICATORS: readonly IndicatorDef[] = [
  {
    code: 'IBC',
    name: {
      en: 'Detections of irregular border crossing between border crossing points',
      fr: 'Détections de franchissements irréguliers entre les points de passage frontaliers',
      ru: 'Выявленные незаконные пересечения границы вне пунктов пропуска',
    },
    unit: 'detections',
    breakdowns: ['route', 'border_type', 'citizenship', 'sex', 'age_group'],
  },
  {
    code: 'IBC_AT_BCP',
    name: {
      en: 'Detections of clandestine entry at border crossing points',
      fr: "Détections d'entrées clandestines aux points de passage frontaliers",
      ru: 'Выявленные случаи скрытного въезда в пунктах пропуска',
    },
    unit: 'detections',
    breakdowns: ['route', 'border_type', 'citizenship'],
  },
  {
    code: 'FAC',
    name: {
      en: 'Detections of facilitators',
      fr: 'Détections de passeurs',
      ru: 'Выявленные пособники (перевозчики)',
    },
    unit: 'detections',
    breakdowns: ['citizenship', 'place'],
  },
  {
    code: 'ILS',
    name: {
      en: 'Detections of illegal stay',
      fr: 'Détections de séjour irrégulier',
      ru: 'Выявленные случаи незаконного пребывания',
    },
    unit: 'detections',
    breakdowns: ['citizenship', 'place'],
  },
  {
    code: 'REF',
    name: { en: 'Refusals of entry', fr: "Refus d'entrée", ru: 'Отказы во въезде' },
    unit: 'refusals',
    breakdowns: ['border_type', 'citizenship', 'reason'],
  },
  {
    code: 'FDOC',
    name: {
      en: 'Persons detected using fraudulent documents',
      fr: 'Personnes détectées avec des documents frauduleux',
      ru: 'Лица, выявленные с поддельными документами',
    },
    unit: 'detections',
    breakdowns: ['document_type', 'fraud_type', 'citizenship'],
  },
  {
    code: 'ASY',
    name: { en: 'Asylum applications', fr: "Demandes d'asile", ru: 'Ходатайства об убежище' },
    unit: 'applications',
    breakdowns: ['citizenship', 'sex', 'age_group'],
  },
  {
    code: 'RET_DEC',
    name: { en: 'Return decisions issued', fr: 'Décisions de retour', ru: 'Решения о возвращении' },
    unit: 'decisions',
    breakdowns: ['citizenship'],
  },
  {
    code: 'RET_EFF',
    name: { en: 'Effective returns', fr: 'Retours effectifs', ru: 'Фактические возвращения' },
    unit: 'returns',
    breakdowns: ['citizenship', 'return_type'],
  },
];
