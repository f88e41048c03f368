import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, LANGUAGES, type Language } from '../app/i18n/i18n';
import { useSession } from '../app/session';
import { saveLocale } from '../features/auth/api';

/** EN / FR / RU buttons; the pressed one is the interface language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { state } = useSession();
  const choose = (lng: Language) => {
    void changeLanguage(lng);
    // Logged-in users keep their choice on every device; a failure here only loses that convenience.
    if (state.status === 'authenticated') saveLocale(lng).catch(() => {});
  };
  // Re-rendered by useTranslation when the language changes.
  const active = i18n.resolvedLanguage ? currentLanguage() : 'en';
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t('shell.language')}</legend>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className="language-switch__option"
          aria-pressed={lng === active}
          title={t(`languages.${lng}`)}
          onClick={() => choose(lng)}
        >
          <span aria-hidden="true">{lng.toUpperCase()}</span>
          <span className="visually-hidden">{t(`languages.${lng}`)}</span>
        </button>
      ))}
    </fieldset>
  );
}
