import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../app/i18n/i18n';
import { formatLanguageName } from '../../ui/format';

/**
 * One input per working language for a translatable text (a dialogue's name or description), named
 * `${name}.${language}` in the form; read back with readTexts().
 */
export function TextFields({
  name,
  label,
  languages,
  values,
  isRequired,
  isMultiline,
}: {
  name: string;
  /** The message key of the label; it receives {{language}}. */
  label: 'dialogueAdmin.nameIn' | 'dialogueAdmin.descriptionIn';
  languages: readonly string[];
  values?: Record<string, string>;
  /** The first language's text is required. */
  isRequired?: boolean;
  isMultiline?: boolean;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  return (
    <>
      {languages.map((language, i) => {
        const id = `${name}-${language}`;
        const props = {
          id,
          name: `${name}.${language}`,
          lang: language,
          defaultValue: values?.[language] ?? '',
          required: isRequired === true && i === 0,
        };
        return (
          <div className="field" key={language}>
            <label htmlFor={id}>{t(label, { language: formatLanguageName(language, lng) })}</label>
            {isMultiline ? <textarea rows={3} {...props} /> : <input {...props} />}
          </div>
        );
      })}
    </>
  );
}

/** The texts of TextFields in a form, empty ones left out. */
export function readTexts(
  form: FormData,
  name: string,
  languages: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const language of languages) {
    const v = String(form.get(`${name}.${language}`) ?? '').trim();
    if (v) out[language] = v;
  }
  return out;
}
