/**
 * The yearly e-mail that asks a person to confirm their directory entry, in English, French or Russian (the
 * first of their languages that Passage speaks, else English), and the topic labels used in it and in the
 * exports. Pure: links are given.
 */
import type { MailText, MessageLanguage } from '../messages/message-text';

export const TOPIC_LABELS: Record<MessageLanguage, Record<string, string>> = {
  en: {
    national_contact_point: 'National contact point',
    statistics: 'Statistics',
    document_security: 'Document security',
    return_readmission: 'Return and readmission',
    trafficking_smuggling: 'Trafficking and smuggling',
    asylum: 'Asylum',
    secretariat: 'Secretariat',
    liaison_officer: 'Liaison officer',
  },
  fr: {
    national_contact_point: 'Point de contact national',
    statistics: 'Statistiques',
    document_security: 'Sécurité des documents',
    return_readmission: 'Retour et réadmission',
    trafficking_smuggling: 'Traite et trafic de migrants',
    asylum: 'Asile',
    secretariat: 'Secrétariat',
    liaison_officer: 'Officier de liaison',
  },
  ru: {
    national_contact_point: 'Национальный контактный пункт',
    statistics: 'Статистика',
    document_security: 'Безопасность документов',
    return_readmission: 'Возвращение и реадмиссия',
    trafficking_smuggling: 'Торговля людьми и незаконный ввоз мигрантов',
    asylum: 'Убежище',
    secretariat: 'Секретариат',
    liaison_officer: 'Офицер связи',
  },
};

export function topicLabel(topic: string, lang: MessageLanguage): string {
  return TOPIC_LABELS[lang][topic] ?? topic;
}

/** The first of the person's languages that Passage writes e-mails in. */
export function mailLanguage(languages: readonly string[]): MessageLanguage {
  const known = languages.find((l): l is MessageLanguage => l === 'en' || l === 'fr' || l === 'ru');
  return known ?? 'en';
}

export interface ConfirmMailInput {
  dialogue: string;
  name: string;
  topic: string;
  country: string | null;
  confirmLink: string;
  correctLink: string;
  expiresOn: string;
}

export function confirmMail(m: ConfirmMailInput, lang: MessageLanguage): MailText {
  const what = `${topicLabel(m.topic, lang)}${m.country ? ` (${m.country})` : ''}`;
  if (lang === 'fr')
    return {
      subject: `${m.dialogue} : confirmez votre fiche de contact`,
      body: `Bonjour ${m.name},\n\nVous figurez dans l’annuaire des contacts de ${m.dialogue} : ${what}.\nSi votre fiche est exacte, confirmez-la d’un clic (lien valable jusqu’au ${m.expiresOn}) :\n${m.confirmLink}\n\nSi elle doit être corrigée :\n${m.correctLink}\n(ou répondez à ce message pour que le secrétariat la corrige).\n`,
    };
  if (lang === 'ru')
    return {
      subject: `${m.dialogue}: подтвердите вашу контактную запись`,
      body: `Здравствуйте, ${m.name}!\n\nВы указаны в справочнике контактов ${m.dialogue}: ${what}.\nЕсли запись верна, подтвердите её одним щелчком (ссылка действует до ${m.expiresOn}):\n${m.confirmLink}\n\nЕсли её нужно исправить:\n${m.correctLink}\n(или ответьте на это письмо, и секретариат её исправит).\n`,
    };
  return {
    subject: `${m.dialogue}: please confirm your contact entry`,
    body: `Dear ${m.name},\n\nYou are listed in the contact directory of ${m.dialogue}: ${what}.\nIf your entry is correct, confirm it with one click (the link is valid until ${m.expiresOn}):\n${m.confirmLink}\n\nIf it needs a correction:\n${m.correctLink}\n(or reply to this message and the secretariat will correct it).\n`,
  };
}
