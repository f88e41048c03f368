/** The languages API messages are translated into (English, the fallback, is src/shared/errors.ts). */
export type MessageLanguage = 'fr' | 'ru';
