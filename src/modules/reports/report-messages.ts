/** The strings of situation reports, in the three interface languages (server-side: reports are rendered here). */
export type ReportLanguage = 'en' | 'fr' | 'ru';
export const REPORT_LANGUAGES: readonly ReportLanguage[] = ['en', 'fr', 'ru'];

export interface ReportMessages {
  title: (where: string, period: string) => string;
  wholeDialogue: string;
  generated: (at: string, asOf: string) => string;
  classification: string;
  classifications: Record<string, string>;
  detectionsNote: string;
  likeForLikeNote: string;
  keyFigures: string;
  keyFiguresByRoute: string;
  keyFiguresByIndicator: string;
  indicator: string;
  route: string;
  month: string;
  ytd: string;
  yoyMonth: string;
  yoyYtd: string;
  total: string;
  chartTitle: (indicator: string) => string;
  chartHistory: string;
  chartForecast: string;
  chartInterval: string;
  topCitizenships: (from: string, to: string) => string;
  citizenship: string;
  value: string;
  previous: string;
  change: string;
  share: string;
  shift: string;
  noData: string;
  forecasts: string;
  forecastModel: (model: string, origin: string) => string;
  noForecast: string;
  period: string;
  point: string;
  interval80: string;
  interval95: string;
  activeAlerts: string;
  noAlerts: string;
  rule: string;
  kind: string;
  kinds: Record<string, string>;
  reference: string;
}

const EN: ReportMessages = {
  title: (where, period) => `Situation report: ${where}, ${period}`,
  wholeDialogue: 'all routes',
  generated: (at, asOf) => `Generated ${at}; data as published up to ${asOf}.`,
  classification: 'Classification',
  classifications: {
    public: 'public',
    dialogue: 'dialogue members',
    restricted: 'restricted',
    originator: 'originator only',
  },
  detectionsNote: 'Counts are detections, not persons: one person may be detected more than once.',
  likeForLikeNote:
    'Changes compare like for like: only the states (and months) that reported in both periods; the month and year-to-date columns show every figure published.',
  keyFigures: 'Key figures',
  keyFiguresByRoute: 'By route',
  keyFiguresByIndicator: 'By indicator',
  indicator: 'Indicator',
  route: 'Route',
  month: 'Month',
  ytd: 'Year to date',
  yoyMonth: 'Change vs same month last year',
  yoyYtd: 'Change vs same period last year',
  total: 'Total',
  chartTitle: (indicator) => `${indicator}: last 24 months and forecast`,
  chartHistory: 'published',
  chartForecast: 'forecast',
  chartInterval: '95 % interval',
  topCitizenships: (from, to) =>
    `Top citizenships, ${from} to ${to}, and shifts against the same months a year earlier`,
  citizenship: 'Citizenship',
  value: 'Detections',
  previous: 'A year earlier',
  change: 'Change',
  share: 'Share',
  shift: 'Shift (points)',
  noData: 'No published figures.',
  forecasts: 'Forecasts',
  forecastModel: (model, origin) => `Model: ${model}; last month observed: ${origin}.`,
  noForecast: 'No forecast for this series',
  period: 'Month',
  point: 'Forecast',
  interval80: '80 % interval',
  interval95: '95 % interval',
  activeAlerts: 'Alerts (last three months)',
  noAlerts: 'No alerts.',
  rule: 'Rule',
  kind: 'Type',
  kinds: {
    threshold: 'threshold',
    yoy: 'year-on-year rise',
    mom: 'month-on-month rise',
    forecast_interval: 'outside forecast interval',
    level_shift: 'level shift',
    route_shift: 'route shift',
  },
  reference: 'Compared with',
};

const FR: ReportMessages = {
  title: (where, period) => `Rapport de situation : ${where}, ${period}`,
  wholeDialogue: 'toutes les routes',
  generated: (at, asOf) => `Établi le ${at} ; données publiées jusqu’au ${asOf}.`,
  classification: 'Classification',
  classifications: {
    public: 'public',
    dialogue: 'membres du dialogue',
    restricted: 'restreint',
    originator: 'émetteur seulement',
  },
  detectionsNote:
    'Les chiffres sont des détections, non des personnes : une personne peut être détectée plusieurs fois.',
  likeForLikeNote:
    'Les évolutions comparent à périmètre constant : seuls les États (et les mois) ayant déclaré sur les deux périodes ; les colonnes du mois et du cumul annuel montrent tous les chiffres publiés.',
  keyFigures: 'Chiffres clés',
  keyFiguresByRoute: 'Par route',
  keyFiguresByIndicator: 'Par indicateur',
  indicator: 'Indicateur',
  route: 'Route',
  month: 'Mois',
  ytd: 'Depuis le début de l’année',
  yoyMonth: 'Évolution sur un an (mois)',
  yoyYtd: 'Évolution sur un an (cumul)',
  total: 'Total',
  chartTitle: (indicator) => `${indicator} : 24 derniers mois et prévision`,
  chartHistory: 'publié',
  chartForecast: 'prévision',
  chartInterval: 'intervalle à 95 %',
  topCitizenships: (from, to) =>
    `Principales nationalités, de ${from} à ${to}, et glissements par rapport aux mêmes mois de l’année précédente`,
  citizenship: 'Nationalité',
  value: 'Détections',
  previous: 'Un an plus tôt',
  change: 'Évolution',
  share: 'Part',
  shift: 'Glissement (points)',
  noData: 'Aucun chiffre publié.',
  forecasts: 'Prévisions',
  forecastModel: (model, origin) => `Modèle : ${model} ; dernier mois observé : ${origin}.`,
  noForecast: 'Pas de prévision pour cette série',
  period: 'Mois',
  point: 'Prévision',
  interval80: 'Intervalle à 80 %',
  interval95: 'Intervalle à 95 %',
  activeAlerts: 'Alertes (trois derniers mois)',
  noAlerts: 'Aucune alerte.',
  rule: 'Règle',
  kind: 'Type',
  kinds: {
    threshold: 'seuil',
    yoy: 'hausse sur un an',
    mom: 'hausse sur un mois',
    forecast_interval: 'hors de l’intervalle de prévision',
    level_shift: 'changement de niveau',
    route_shift: 'glissement de route',
  },
  reference: 'Comparé à',
};

const RU: ReportMessages = {
  title: (where, period) => `Обзор обстановки: ${where}, ${period}`,
  wholeDialogue: 'все маршруты',
  generated: (at, asOf) => `Подготовлен ${at}; данные, опубликованные по ${asOf}.`,
  classification: 'Гриф',
  classifications: {
    public: 'открыто',
    dialogue: 'участники диалога',
    restricted: 'ограниченный доступ',
    originator: 'только источник',
  },
  detectionsNote:
    'Показатели — это случаи выявления, а не число людей: одно лицо может быть выявлено несколько раз.',
  likeForLikeNote:
    'Изменения сопоставимы: учитываются только государства (и месяцы), представившие данные в обоих периодах; столбцы месяца и периода с начала года показывают все опубликованные данные.',
  keyFigures: 'Основные показатели',
  keyFiguresByRoute: 'По маршрутам',
  keyFiguresByIndicator: 'По показателям',
  indicator: 'Показатель',
  route: 'Маршрут',
  month: 'Месяц',
  ytd: 'С начала года',
  yoyMonth: 'Изменение к тому же месяцу прошлого года',
  yoyYtd: 'Изменение к тому же периоду прошлого года',
  total: 'Итого',
  chartTitle: (indicator) => `${indicator}: последние 24 месяца и прогноз`,
  chartHistory: 'опубликовано',
  chartForecast: 'прогноз',
  chartInterval: '95-процентный интервал',
  topCitizenships: (from, to) =>
    `Основные гражданства, ${from} — ${to}, и сдвиги к тем же месяцам прошлого года`,
  citizenship: 'Гражданство',
  value: 'Выявлено',
  previous: 'Годом ранее',
  change: 'Изменение',
  share: 'Доля',
  shift: 'Сдвиг (п. п.)',
  noData: 'Нет опубликованных данных.',
  forecasts: 'Прогнозы',
  forecastModel: (model, origin) => `Модель: ${model}; последний наблюдаемый месяц: ${origin}.`,
  noForecast: 'Для этого ряда прогноза нет',
  period: 'Месяц',
  point: 'Прогноз',
  interval80: 'Интервал 80 %',
  interval95: 'Интервал 95 %',
  activeAlerts: 'Оповещения (последние три месяца)',
  noAlerts: 'Оповещений нет.',
  rule: 'Правило',
  kind: 'Тип',
  kinds: {
    threshold: 'порог',
    yoy: 'рост за год',
    mom: 'рост за месяц',
    forecast_interval: 'вне интервала прогноза',
    level_shift: 'сдвиг уровня',
    route_shift: 'сдвиг на маршруте',
  },
  reference: 'Для сравнения',
};

export const REPORT_MESSAGES: Record<ReportLanguage, ReportMessages> = { en: EN, fr: FR, ru: RU };
