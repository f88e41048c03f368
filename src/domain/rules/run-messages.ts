/**
 * The messages of asking for a re-run of the validation rules over published figures
 * (src/modules/validation-rules/validation-rules.run.ts), each with a stable code and its parameters, in
 * English, French and Russian (src/domain/i18n/message-catalogue.ts).
 */
import { messageCatalogue } from '../i18n/message-catalogue';

export const ruleRunMessages = messageCatalogue({
  RULE_RUN_TO_BEFORE_FROM: {
    en: (p) => `${p.to} is before the first month (${p.from})`,
    fr: (p) => `${p.to} est antérieur au premier mois (${p.from})`,
    ru: (p) => `${p.to} — раньше первого месяца (${p.from})`,
  },
  RULE_RUN_TOO_LONG: {
    en: (p) => `${p.months} months from ${p.from} to ${p.to}: at most ${p.max} months in one run`,
    fr: (p) => `${p.months} mois de ${p.from} à ${p.to} : au plus ${p.max} mois par vérification`,
    ru: (p) => `${p.months} мес. с ${p.from} по ${p.to}: за один запуск — не более ${p.max} мес.`,
  },
  RULE_RUN_DENIED: {
    en: () => 'Only data managers of the secretariat re-run the validation rules',
    fr: () => 'Seuls les gestionnaires de données du secrétariat relancent les règles de validation',
    ru: () => 'Повторно запускать правила проверки могут только менеджеры данных секретариата',
  },
});

export type RuleRunMessageCode = keyof typeof ruleRunMessages.messages;
