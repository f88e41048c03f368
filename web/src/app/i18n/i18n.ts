import type { Locale } from '@passage/contract';
import { LOCALES } from '@passage/contract/constants';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fr from './fr.json';
import { PSEUDO_LANGUAGE, pseudoMessages } from './pseudo-locale';
import ru from './ru.json';

/**
 * Interface languages: the server's LOCALES (src/shared/locales.ts). Every UI string lives in en.json, fr.json
 * and ru.json under the same key.
 */
export const LANGUAGES = LOCALES;
export type Language = Locale;

// The French and Russian files must hold every key of the English one: a missing key fails the type check.
const frMessages: typeof en = fr;
const ruMessages: typeof en = ru;

const STORAGE_KEY = 'passage.language';
const PSEUDO_FLAG_KEY = 'passage.pseudoLocale';

/**
 * The right-to-left pseudo-locale (pseudo-locale.ts) is offered in development builds, or when this device
 * turned it on (open any page with ?pseudo=on; ?pseudo=off turns it off). Users never see it otherwise.
 */
export function isPseudoLocaleEnabled(): boolean {
  if (import.meta.env.DEV) return true;
  try {
    const asked = new URLSearchParams(window.location.search).get('pseudo');
    if (asked === 'on' || asked === 'off') window.localStorage.setItem(PSEUDO_FLAG_KEY, asked);
    return window.localStorage.getItem(PSEUDO_FLAG_KEY) === 'on';
  } catch {
    return false;
  }
}

/** A language of the interface: a shipped one, or the pseudo-locale when enabled. */
export type InterfaceLanguage = Language | typeof PSEUDO_LANGUAGE;

const hasPseudoLocale = isPseudoLocaleEnabled();

/** The languages the language switch offers. */
export const INTERFACE_LANGUAGES: readonly InterfaceLanguage[] = hasPseudoLocale
  ? [...LANGUAGES, PSEUDO_LANGUAGE]
  : LANGUAGES;

function isInterfaceLanguage(value: string | null | undefined): value is InterfaceLanguage {
  return isLanguage(value) || (hasPseudoLocale && value === PSEUDO_LANGUAGE);
}

/** Text direction of a language ("rtl" for Arabic, Hebrew, Persian, Urdu … and the pseudo-locale). */
export function languageDirection(lng: string): 'ltr' | 'rtl' {
  return i18next.dir(lng);
}

export function isLanguage(value: string | null | undefined): value is Language {
  return value !== null && value !== undefined && (LANGUAGES as readonly string[]).includes(value);
}

/** The language a link asks for (?lang=fr, as the portal's shared links carry), if any. */
export function linkLanguage(): InterfaceLanguage | null {
  const asked = new URLSearchParams(window.location.search).get('lang');
  return isInterfaceLanguage(asked) ? asked : null;
}

/** The link's language, else the one chosen earlier on this device, else the browser's, else English. */
function detectInitialLanguage(): InterfaceLanguage {
  const linked = linkLanguage();
  if (linked) return linked;
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isInterfaceLanguage(stored)) return stored;
  } catch {
    // Storage can be disabled; fall through to the browser language.
  }
  for (const tag of window.navigator.languages ?? []) {
    const primary = tag.slice(0, 2).toLowerCase();
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/**
 * The language content and numbers are shown in: the interface language, or English under the pseudo-locale
 * (it mirrors the English messages, so figures and dates stay English as well).
 */
export function currentLanguage(): Language {
  const lng = i18next.resolvedLanguage ?? i18next.language;
  return isLanguage(lng) ? lng : 'en';
}

/** The interface language itself, including the pseudo-locale. */
export function currentInterfaceLanguage(): InterfaceLanguage {
  const lng = i18next.resolvedLanguage ?? i18next.language;
  return isInterfaceLanguage(lng) ? lng : 'en';
}

/** Switches the interface language and remembers the choice on this device. */
export async function changeLanguage(lng: InterfaceLanguage): Promise<void> {
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
    return isInterfaceLanguage(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return false;
  }
}

i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  document.documentElement.dir = languageDirection(lng);
});

/**
 * For a visitor who has not chosen a language on this device: the language the server negotiates from the
 * browser's Accept-Language (GET /api/i18n/language), which also localizes API errors. Failing that, the
 * browser's own list already chose one (detectInitialLanguage).
 */
export async function applyNegotiatedLanguage(): Promise<void> {
  if (hasStoredLanguage() || linkLanguage()) return;
  try {
    const response = await fetch('/api/i18n/language', { headers: { accept: 'application/json' } });
    if (!response.ok) return;
    // Not through the API client: that sends the interface language, and here the browser's own must count.
    const body: unknown = await response.json();
    const language = typeof body === 'object' && body !== null && 'language' in body ? body.language : null;
    if (typeof language === 'string' && isLanguage(language) && language !== currentLanguage())
      await i18next.changeLanguage(language);
  } catch {
    // Offline or an old server: keep the browser's choice.
  }
}

export const i18nReady = i18next.use(initReactI18next).init({
  resources: {
    en: { translation: en },
    fr: { translation: frMessages },
    ru: { translation: ruMessages },
    // Built from the English file only when enabled (tests, development).
    ...(hasPseudoLocale ? { [PSEUDO_LANGUAGE]: { translation: pseudoMessages(en) as typeof en } } : {}),
  },
  lng: detectInitialLanguage(),
  fallbackLng: 'en',
  supportedLngs: INTERFACE_LANGUAGES,
  interpolation: { escapeValue: false }, // React escapes.
});

export { i18next };
