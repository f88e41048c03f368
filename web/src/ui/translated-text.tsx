import type { TranslatedText as TranslatedTextSchema } from '@passage/contract';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language, languageDirection } from '../app/i18n/i18n';
import { formatLanguageName } from './format';

/**
 * A text people wrote, with its translations (the API's TranslatedText): `values[source]` is the original,
 * any other key a translation. Built by the server from the content's language map.
 */
export type TranslatedTextValue = TranslatedTextSchema;

export interface ShownText {
  /** The text to show ("" when there is none in any language). */
  text: string;
  /** Its language tag: put it in a lang attribute. */
  lang: string;
  /** True when it is not in the interface language (say so, see <TranslatedText>). */
  isFallback: boolean;
}

/** The text in `lng`, else the original, else English, else any language there is. */
export function pickTranslation(value: TranslatedTextValue | null | undefined, lng: string): ShownText {
  const values = value?.values ?? {};
  const order = [lng, value?.source, 'en', ...Object.keys(values)];
  for (const lang of order) {
    if (lang === undefined) continue;
    const text = values[lang];
    if (text !== undefined && text.trim() !== '') return { text, lang, isFallback: lang !== lng };
  }
  return { text: '', lang: lng, isFallback: false };
}

/** The user's language with a fallback: { text, lang, isFallback }. Re-renders when the language changes. */
export function useTranslatedText(value: TranslatedTextValue | null | undefined): ShownText {
  useTranslation();
  return pickTranslation(value, currentLanguage());
}

/** The small "(shown in English — no French translation)" badge, in the interface language. */
export function FallbackBadge({ shownLang }: { shownLang: string }) {
  const { t } = useTranslation();
  const lng: Language = currentLanguage();
  return (
    <span className="fallback-badge" lang={lng} data-testid="fallback-badge">
      {t('i18n.fallback', {
        shown: formatLanguageName(shownLang, lng),
        missing: formatLanguageName(lng, lng),
      })}
    </span>
  );
}

/**
 * Shows a translatable text in the user's language, marked with its language (lang, dir), and followed by
 * a fallback badge when it is shown in another language.
 */
export function TranslatedText({
  value,
  hideBadge = false,
}: {
  value: TranslatedTextValue | null | undefined;
  /** E.g. in a <title> or an <option>, where markup is impossible. */
  hideBadge?: boolean;
}) {
  const shown = useTranslatedText(value);
  if (shown.text === '') return null;
  return (
    <>
      <span lang={shown.lang} dir={languageDirection(shown.lang)}>
        {shown.text}
      </span>
      {shown.isFallback && !hideBadge ? (
        <>
          {' '}
          <FallbackBadge shownLang={shown.lang} />
        </>
      ) : null}
    </>
  );
}
