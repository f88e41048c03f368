/**
 * The words of a portal link's preview (its title and description) in each interface language, so a link
 * shared as /p/<slug>/…?lang=fr previews in French (and a crawler that sends Accept-Language: ru reads Russian).
 * Names of routes and states come from the reference data in the same language; a dialogue's own name and
 * description are shown as the secretariat wrote them.
 */
import type { Locale } from '../../shared/locales';

export interface PreviewTexts {
  asOf(date: string): string;
  /** The preview image's line under the dialogue's name. */
  card(routes: number, indicators: number): string;
  /** The preview image's last line. */
  asOfLine(date: string): string;
  dialogue(name: string, routes: number, indicators: number): string;
  routeTitle(route: string): string;
  route(route: string): string;
  routesTitle: string;
  routes(name: string): string;
  mapTitle: string;
  map(name: string): string;
  downloadsTitle: string;
  downloads(name: string): string;
  releasesTitle: string;
  releases(name: string): string;
  noticesTitle: string;
  notices(name: string): string;
  documentsTitle: string;
  documents(name: string): string;
  practicesTitle: string;
  practices(name: string): string;
  agreementsTitle: string;
  agreement(title: string, parties: string): string;
  agreements(name: string): string;
  european: string;
  profilesTitle: string;
  profile(state: string, name: string, updated: string): string;
  profiles(name: string): string;
}

const en: PreviewTexts = {
  asOf: (date) => ` Data as published on ${date}.`,
  card: (routes, indicators) => `${routes} routes · ${indicators} indicators · public migration statistics`,
  asOfLine: (date) => `Data as published on ${date}`,
  dialogue: (name, routes, indicators) =>
    `Public migration statistics of ${name}: ${routes} routes, ${indicators} indicators, figures after disclosure control.`,
  routeTitle: (route) => route,
  route: (route) => `Monthly figures of the route ${route} per reporting state, after disclosure control.`,
  routesTitle: 'Routes',
  routes: (name) => `The migratory routes of ${name}.`,
  mapTitle: 'Map of figures',
  map: (name) => `Public figures of ${name} per reporting state on a map, with the same figures in a table.`,
  downloadsTitle: 'Downloads',
  downloads: (name) => `Public figures of ${name} as CSV, XLSX and SDMX-CSV.`,
  releasesTitle: 'Release calendar',
  releases: (name) => `Upcoming and past releases of ${name}.`,
  noticesTitle: 'Notices',
  notices: (name) => `Notices of new national measures in ${name}.`,
  documentsTitle: 'Documents',
  documents: (name) => `Public documents of ${name}.`,
  practicesTitle: 'Best practices',
  practices: (name) => `The inventory of best practices of ${name}.`,
  agreementsTitle: 'Agreements',
  agreement: (title, parties) => `${title}: an agreement between ${parties}.`,
  agreements: (name) => `The registry of agreements between the parties of ${name}.`,
  european: 'European Union',
  profilesTitle: 'Country profiles',
  profile: (state, name, updated) =>
    `Country profile of ${state} in ${name}: key figures and narrative. Last updated ${updated}.`,
  profiles: (name) => `Country profiles of the member states of ${name}.`,
};

const fr: PreviewTexts = {
  asOf: (date) => ` Données telles que publiées le ${date}.`,
  card: (routes, indicators) =>
    `${routes} routes · ${indicators} indicateurs · statistiques migratoires publiques`,
  asOfLine: (date) => `Données telles que publiées le ${date}`,
  dialogue: (name, routes, indicators) =>
    `Statistiques migratoires publiques de ${name} : ${routes} routes, ${indicators} indicateurs, chiffres après contrôle de la divulgation.`,
  routeTitle: (route) => route,
  route: (route) =>
    `Chiffres mensuels de la route ${route} par État déclarant, après contrôle de la divulgation.`,
  routesTitle: 'Routes',
  routes: (name) => `Les routes migratoires de ${name}.`,
  mapTitle: 'Carte des chiffres',
  map: (name) =>
    `Chiffres publics de ${name} par État déclarant sur une carte, avec les mêmes chiffres en tableau.`,
  downloadsTitle: 'Téléchargements',
  downloads: (name) => `Chiffres publics de ${name} en CSV, XLSX et SDMX-CSV.`,
  releasesTitle: 'Calendrier des publications',
  releases: (name) => `Publications à venir et passées de ${name}.`,
  noticesTitle: 'Notifications',
  notices: (name) => `Notifications de nouvelles mesures nationales dans ${name}.`,
  documentsTitle: 'Documents',
  documents: (name) => `Documents publics de ${name}.`,
  practicesTitle: 'Bonnes pratiques',
  practices: (name) => `L’inventaire des bonnes pratiques de ${name}.`,
  agreementsTitle: 'Accords',
  agreement: (title, parties) => `${title} : un accord entre ${parties}.`,
  agreements: (name) => `Le registre des accords entre les parties de ${name}.`,
  european: 'Union européenne',
  profilesTitle: 'Profils de pays',
  profile: (state, name, updated) =>
    `Profil de pays : ${state} dans ${name}, chiffres clés et présentation. Mis à jour le ${updated}.`,
  profiles: (name) => `Profils des États membres de ${name}.`,
};

const ru: PreviewTexts = {
  asOf: (date) => ` Данные по состоянию на дату публикации ${date}.`,
  card: (routes, indicators) =>
    `Маршрутов: ${routes} · показателей: ${indicators} · открытая миграционная статистика`,
  asOfLine: (date) => `Данные опубликованы ${date}`,
  dialogue: (name, routes, indicators) =>
    `Открытая миграционная статистика: ${name}. Маршрутов: ${routes}, показателей: ${indicators}, данные после контроля раскрытия.`,
  routeTitle: (route) => route,
  route: (route) =>
    `Ежемесячные данные маршрута ${route} по отчитывающимся государствам после контроля раскрытия.`,
  routesTitle: 'Маршруты',
  routes: (name) => `Миграционные маршруты: ${name}.`,
  mapTitle: 'Карта показателей',
  map: (name) => `Открытые данные (${name}) по отчитывающимся государствам на карте и в таблице.`,
  downloadsTitle: 'Загрузки',
  downloads: (name) => `Открытые данные (${name}) в форматах CSV, XLSX и SDMX-CSV.`,
  releasesTitle: 'Календарь публикаций',
  releases: (name) => `Предстоящие и прошедшие публикации: ${name}.`,
  noticesTitle: 'Уведомления',
  notices: (name) => `Уведомления о новых национальных мерах: ${name}.`,
  documentsTitle: 'Документы',
  documents: (name) => `Открытые документы: ${name}.`,
  practicesTitle: 'Передовая практика',
  practices: (name) => `Перечень передовой практики: ${name}.`,
  agreementsTitle: 'Соглашения',
  agreement: (title, parties) => `${title}: соглашение между сторонами ${parties}.`,
  agreements: (name) => `Реестр соглашений между сторонами: ${name}.`,
  european: 'Европейский союз',
  profilesTitle: 'Страновые профили',
  profile: (state, name, updated) =>
    `Страновой профиль: ${state} (${name}), ключевые показатели и описание. Обновлено ${updated}.`,
  profiles: (name) => `Страновые профили государств-членов: ${name}.`,
};

const TEXTS: Readonly<Record<Locale, PreviewTexts>> = { en, fr, ru };

export function previewTexts(language: Locale): PreviewTexts {
  return TEXTS[language];
}

/** A name in the language, else English (reference data may lack a translation). */
export function nameIn(
  names: { en: string; fr?: string | undefined; ru?: string | undefined },
  language: Locale,
) {
  return (language === 'en' ? names.en : names[language]) || names.en;
}
