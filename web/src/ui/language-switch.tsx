import { useTranslation } from 'react-i18next';
import {
  changeLanguage,
  currentInterfaceLanguage,
  INTERFACE_LANGUAGES,
  type InterfaceLanguage,
  isLanguage,
} from '../app/i18n/i18n';
import { PSEUDO_LANGUAGE } from '../app/i18n/pseudo-locale';
import { useSession } from '../app/session';
import { saveLocale } from '../features/auth/api';

/** EN / FR / RU buttons (plus the RTL pseudo-locale in tests and development); the pressed one is active. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { state } = useSession();
  const choose = (lng: InterfaceLanguage) => {
    void changeLanguage(lng);
    // Logged-in users keep their choice on every device; a failure here only loses that convenience.
    if (state.status === 'authenticated' && isLanguage(lng)) saveLocale(lng).catch(() => {});
  };
  // Re-rendered by useTranslation when the language changes.
  const active = i18n.resolvedLanguage ? currentInterfaceLanguage() : 'en';
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t('shell.language')}</legend>
      {INTERFACE_LANGUAGES.map((lng) => {
        const name = lng === PSEUDO_LANGUAGE ? t('i18n.pseudoLocale') : t(`languages.${lng}`);
        return (
          <button
            key={lng}
            type="button"
            lang={lng}
            className="language-switch__option"
            aria-pressed={lng === active}
            title={name}
            data-language={lng}
            onClick={() => choose(lng)}
          >
            <span aria-hidden="true">{lng === PSEUDO_LANGUAGE ? 'RTL' : lng.toUpperCase()}</span>
            <span className="visually-hidden">{name}</span>
          </button>
        );
      })}
    </fieldset>
  );
}
