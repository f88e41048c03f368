/**
 * The messages of the public portal's map query (GET /api/portal/:slug/map), each with a stable code, in
 * English, French and Russian (src/domain/i18n/message-catalogue.ts): the API's error handler words them in the
 * caller's language.
 */
import { messageCatalogue } from '../i18n/message-catalogue';

export const portalMapMessages = messageCatalogue({
  PORTAL_MAP_PERIOD_FORMAT: {
    en: () => 'expected a month YYYY-MM or a year YYYY, e.g. 2024-03 or 2024',
    fr: () => 'un mois AAAA-MM ou une année AAAA est attendu, par ex. 2024-03 ou 2024',
    ru: () => 'ожидается месяц ГГГГ-ММ или год ГГГГ, например 2024-03 или 2024',
  },
  PORTAL_MAP_INDICATOR_UNKNOWN: {
    en: (p) => `"${p.indicator}" is not a public indicator of this dialogue (one of: ${p.known})`,
    fr: (p) => `« ${p.indicator} » n’est pas un indicateur public de ce dialogue (au choix : ${p.known})`,
    ru: (p) => `«${p.indicator}» — не публичный показатель этого диалога (допустимые: ${p.known})`,
  },
});
