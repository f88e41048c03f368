/**
 * The demo dialogue: who is in it, its routes and accounts. Synthetic: names of states are real, every
 * figure generated from it is not.
 */
import type { Role } from '../shared/roles';

export const DEMO_SLUG = 'demo';

export const DEMO_DIALOGUE = {
  slug: DEMO_SLUG,
  name: 'Demo Dialogue on Migration Routes',
  description:
    'A synthetic dialogue to explore Passage: thirteen states along four migratory routes share monthly statistics. All figures are generated, not real.',
  workingLanguages: ['en', 'fr', 'ru'],
  /** Translations of the name (the description is left in English: the app then says it falls back). */
  nameTranslations: {
    fr: 'Dialogue de démonstration sur les routes migratoires',
    ru: 'Демонстрационный диалог о миграционных маршрутах',
  },
  secretariat: { name: 'Demo Dialogue Secretariat', acronym: 'SEC' },
};

export const DEMO_MEMBER_STATES = [
  'GRC',
  'TUR',
  'BGR',
  'MKD',
  'SRB',
  'BIH',
  'HRV',
  'HUN',
  'AUT',
  'ITA',
  'MLT',
  'AFG',
  'PAK',
] as const;

/**
 * Member states that take part without reporting statistics: Afghanistan, an origin country on the Silk
 * Routes, is in the dialogue's meetings and consultations but sends no monthly figures, so the reporting
 * calendar expects nothing of it (and the overdue list and reminders leave it alone).
 */
export const DEMO_NON_REPORTING: readonly string[] = ['AFG'];

export const DEMO_OBSERVERS = [
  { name: 'International Organization for Migration', acronym: 'IOM' },
  { name: 'United Nations High Commissioner for Refugees', acronym: 'UNHCR' },
];

export interface DemoRoute {
  code: string;
  name: string;
  description: string;
  countries: string[];
  /** Waypoints [lon, lat] for the map line. */
  path: [number, number][];
  /** Reporting states, their share of the route's detections and main border type. */
  reporters: { iso3: string; share: number; sea: number }[];
  /** Monthly detections at the start of the series. */
  level: number;
  /** Citizenship mix on the route (weights). */
  citizenships: Record<string, number>;
}

/** Route names in the other working languages (descriptions stay English-only in the demo). */
export const DEMO_ROUTE_NAME_TRANSLATIONS: Record<string, { fr: string; ru: string }> = {
  EMED: { fr: 'Méditerranée orientale', ru: 'Восточное Средиземноморье' },
  WBAL: { fr: 'Balkans occidentaux', ru: 'Западные Балканы' },
  CMED: { fr: 'Méditerranée centrale', ru: 'Центральное Средиземноморье' },
  SILK: { fr: 'Routes de la soie', ru: 'Шёлковые пути' },
};

export const DEMO_ROUTES: DemoRoute[] = [
  {
    code: 'EMED',
    name: 'Eastern Mediterranean',
    description: 'From Türkiye to Greece, Cyprus and Bulgaria by sea and land.',
    countries: ['AFG', 'IRN', 'TUR', 'GRC', 'BGR'],
    path: [
      [69.2, 34.5],
      [51.4, 35.7],
      [32.9, 39.9],
      [26.6, 39.1],
      [23.7, 38.0],
    ],
    reporters: [
      { iso3: 'GRC', share: 0.75, sea: 0.7 },
      { iso3: 'BGR', share: 0.25, sea: 0 },
    ],
    level: 2600,
    citizenships: { SYR: 30, AFG: 22, PAK: 10, IRQ: 9, PSE: 8, SOM: 6, COD: 5, ERI: 4 },
  },
  {
    code: 'WBAL',
    name: 'Western Balkans',
    description: 'Overland from Greece and Bulgaria through the Western Balkans towards Austria.',
    countries: ['GRC', 'MKD', 'SRB', 'HUN', 'AUT'],
    path: [
      [22.9, 40.6],
      [21.4, 42.0],
      [20.5, 44.8],
      [19.0, 47.5],
      [16.4, 48.2],
    ],
    reporters: [
      { iso3: 'MKD', share: 0.15, sea: 0 },
      { iso3: 'SRB', share: 0.25, sea: 0 },
      { iso3: 'BIH', share: 0.12, sea: 0 },
      { iso3: 'HRV', share: 0.18, sea: 0 },
      { iso3: 'HUN', share: 0.2, sea: 0 },
      { iso3: 'AUT', share: 0.1, sea: 0 },
    ],
    level: 1800,
    citizenships: { SYR: 28, AFG: 20, TUR: 12, MAR: 10, PAK: 9, IND: 7, BGD: 6, BDI: 3 },
  },
  {
    code: 'CMED',
    name: 'Central Mediterranean',
    description: 'By sea from Libya and Tunisia to Italy and Malta.',
    countries: ['LBY', 'TUN', 'ITA', 'MLT'],
    path: [
      [13.2, 32.9],
      [10.2, 36.8],
      [12.6, 35.5],
      [14.5, 35.9],
      [15.1, 37.5],
    ],
    reporters: [
      { iso3: 'ITA', share: 0.9, sea: 1 },
      { iso3: 'MLT', share: 0.1, sea: 1 },
    ],
    level: 4200,
    citizenships: { TUN: 18, EGY: 14, BGD: 14, CIV: 11, GIN: 10, SYR: 9, PAK: 7, ERI: 6 },
  },
  {
    code: 'SILK',
    name: 'Silk Routes',
    description: 'From Afghanistan and Pakistan through Iran towards Türkiye.',
    countries: ['AFG', 'PAK', 'IRN', 'TUR'],
    path: [
      [69.2, 34.5],
      [67.0, 30.2],
      [59.6, 36.3],
      [44.0, 39.9],
      [32.9, 39.9],
    ],
    reporters: [
      { iso3: 'PAK', share: 0.35, sea: 0 },
      { iso3: 'TUR', share: 0.65, sea: 0 },
    ],
    level: 1500,
    citizenships: { AFG: 55, PAK: 18, IRN: 9, BGD: 7, SYR: 6, IRQ: 5 },
  },
];

export interface DemoUser {
  email: string;
  name: string;
  /** ISO3 of the state authority, or 'SEC' / an observer acronym. */
  org: string;
  role: Role;
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@demo.passage', name: 'Ada Admin', org: 'SEC', role: 'admin' },
  { email: 'manager@demo.passage', name: 'Marek Manager', org: 'SEC', role: 'data_manager' },
  { email: 'provider@demo.passage', name: 'Paola Provider', org: 'ITA', role: 'data_provider' },
  { email: 'analyst@demo.passage', name: 'Anna Analyst', org: 'GRC', role: 'analyst' },
  { email: 'observer@demo.passage', name: 'Omar Observer', org: 'IOM', role: 'observer' },
  { email: 'viewer@demo.passage', name: 'Vera Viewer', org: 'AUT', role: 'viewer' },
];
