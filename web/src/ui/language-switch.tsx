import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, LANGUAGES } from '../app/i18n/i18n';

/** EN / FR / RU buttons; the pressed one is the interface language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
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
          onClick={() => void changeLanguage(lng)}
        >
          <span aria-hidden="true">{lng.toUpperCase()}</span>
          <span className="visually-hidden">{t(`languages.${lng}`)}</span>
        </button>
      ))}
    </fieldset>
  );
}
