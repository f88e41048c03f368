/** Interface languages Passage ships. Adding one: a message file in web/src/app/i18n and an entry here. */
export const LOCALES = ['en', 'fr', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
