/**
 * The messages of scheduling an embargoed release (src/modules/submissions/submissions.release.ts), each with
 * a stable code and its parameters, in English, French and Russian (src/domain/i18n/message-catalogue.ts).
 */
import { messageCatalogue } from '../i18n/message-catalogue';

export const RELEASE_OFFSET_EXAMPLE = '2026-12-03T09:00:00+01:00';

export const releaseMessages = messageCatalogue({
  RELEASE_AT_NO_OFFSET: {
    en: () => `expected a date-time with its UTC offset, e.g. ${RELEASE_OFFSET_EXAMPLE}`,
    fr: () => `date et heure attendues avec leur décalage UTC, par ex. ${RELEASE_OFFSET_EXAMPLE}`,
    ru: () => `ожидаются дата и время со смещением от UTC, например ${RELEASE_OFFSET_EXAMPLE}`,
  },
  RELEASE_AT_INVALID: {
    en: () => 'is not a valid date-time',
    fr: () => 'n’est pas une date et heure valide',
    ru: () => 'не является допустимой датой и временем',
  },
  RELEASE_AT_PAST: {
    en: (p) => `is in the past (now is ${p.now})`,
    fr: (p) => `est dans le passé (il est maintenant ${p.now})`,
    ru: (p) => `уже в прошлом (сейчас ${p.now})`,
  },
  RELEASE_TIME_ZONE_UNKNOWN: {
    en: (p) => `"${p.timeZone}" is not an IANA time zone, e.g. Europe/Vienna`,
    fr: (p) => `« ${p.timeZone} » n’est pas un fuseau horaire IANA, par ex. Europe/Vienna`,
    ru: (p) => `«${p.timeZone}» — не часовой пояс IANA (например, Europe/Vienna)`,
  },
  RELEASE_ALREADY_SCHEDULED: {
    en: () => 'this submission is already scheduled; cancel it first',
    fr: () => 'cette transmission est déjà programmée ; annulez d’abord la programmation',
    ru: () => 'публикация этой передачи данных уже запланирована; сначала отмените её',
  },
  RELEASE_NO_FIGURES: {
    en: () => 'has no figures',
    fr: () => 'ne contient aucun chiffre',
    ru: () => 'не содержит ни одного значения',
  },
  RELEASE_SCHEDULE_DENIED: {
    en: () => 'Only data managers of the secretariat schedule releases',
    fr: () => 'Seuls les gestionnaires de données du secrétariat programment les publications',
    ru: () => 'Планировать публикации могут только менеджеры данных секретариата',
  },
  RELEASE_CANCEL_DENIED: {
    en: () => 'Only data managers of the secretariat cancel releases',
    fr: () => 'Seuls les gestionnaires de données du secrétariat annulent les publications programmées',
    ru: () => 'Отменять запланированные публикации могут только менеджеры данных секретариата',
  },
});

export type ReleaseMessageCode = keyof typeof releaseMessages.messages;
