import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fr from './fr.json';
import ru from './ru.json';

/** Interface languages. Every UI string lives in en.json, fr.json and ru.json under the same key. */
export const LANGUAGES = ['en', 'fr', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

// The French and Russian files must hold every key of the English one: a missing key fails the type check.
const frMessages: typeof en = fr;
const ruMessages: typeof en = ru;

const STORAGE_KEY = 'passage.language';

export function isLanguage(value: string | null | undefined): value is Language {
  return value !== null && value !== undefined && (LANGUAGES as readonly string[]).includes(value);
}

/** The language chosen earlier on this device, else the browser's, else English. */
function detectInitialLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage can be disabled; fall through to the browser language.
  }
  for (const tag of window.navigator.languages ?? []) {
    const primary = tag.slice(0, 2).toLowerCase();
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

export function currentLanguage(): Language {
  const lng = i18next.resolvedLanguage ?? i18next.language;
  return isLanguage(lng) ? lng : 'en';
}

/** Switches the interface language and remembers the choice on this device. */
export async function changeLanguage(lng: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not remembered, but still switched.
  }
  await i18next.changeLanguage(lng);
}

/** True when the user already picked a language on this device (so the account's locale must not override it). */
export function hasStoredLanguage(): boolean {
  try {
    return isLanguage(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return false;
  }
}

i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export const i18nReady = i18next.use(initReactI18next).init({
  resources: {
    en: { translation: en },
    fr: { translation: frMessages },
    ru: { translation: ruMessages },
  },
  lng: detectInitialLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false }, // React escapes.
});

export { i18next };
