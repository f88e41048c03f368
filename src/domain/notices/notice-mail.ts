/**
 * The e-mails of notice subscriptions in the three interface languages: one notice that matched a saved
 * filter (delivery "e-mail at once"), and the daily or weekly digest of the new matching notices. Pure: the
 * caller passes the recipient's language and absolute links (notice-mail.test.ts).
 */
import type { MailText, MessageLanguage } from '../messages/message-text';
import type { MeasureType } from './notice-rules';

export interface MailNotice {
  id: number;
  title: string;
  state: string;
  measureType: MeasureType;
  effectiveOn: string | null;
  summary: string;
  link: string;
}

export interface SubscriptionMailInput {
  dialogue: string;
  subscription: string;
  notices: readonly MailNotice[];
  /** The page where the subscriber manages subscriptions. */
  manageLink: string;
}

const TYPES: Record<MessageLanguage, Record<MeasureType, string>> = {
  en: {
    visa_regime: 'Visa regime',
    border_management: 'Border management',
    asylum_procedure: 'Asylum procedure',
    reception: 'Reception',
    return_readmission: 'Return and readmission',
    labour_migration: 'Labour migration',
    integration: 'Integration',
    anti_smuggling: 'Anti-smuggling',
    other: 'Other',
  },
  fr: {
    visa_regime: 'Régime des visas',
    border_management: 'Gestion des frontières',
    asylum_procedure: 'Procédure d’asile',
    reception: 'Accueil',
    return_readmission: 'Retour et réadmission',
    labour_migration: 'Migration de travail',
    integration: 'Intégration',
    anti_smuggling: 'Lutte contre le trafic de migrants',
    other: 'Autre',
  },
  ru: {
    visa_regime: 'Визовый режим',
    border_management: 'Управление границами',
    asylum_procedure: 'Процедура предоставления убежища',
    reception: 'Приём',
    return_readmission: 'Возвращение и реадмиссия',
    labour_migration: 'Трудовая миграция',
    integration: 'Интеграция',
    anti_smuggling: 'Борьба с незаконным ввозом мигрантов',
    other: 'Другое',
  },
};

/** A measure type's name in a message language: e-mails, digests and the Atom/iCalendar feeds say it alike. */
export function measureTypeLabel(type: MeasureType, language: MessageLanguage = 'en'): string {
  return TYPES[language][type];
}

interface Words {
  oneSubject: (i: SubscriptionMailInput, n: MailNotice) => string;
  oneIntro: (i: SubscriptionMailInput) => string;
  digestSubject: (i: SubscriptionMailInput, count: number) => string;
  digestIntro: (i: SubscriptionMailInput, count: number) => string;
  effective: (day: string) => string;
  open: string;
  manage: string;
}

const WORDS: Record<MessageLanguage, Words> = {
  en: {
    oneSubject: (i, n) => `[${i.dialogue}] New notice (${i.subscription}): ${n.state} — ${n.title}`,
    oneIntro: (i) => `A notice matching your subscription “${i.subscription}” was sent in ${i.dialogue}.`,
    digestSubject: (i, c) => `[${i.dialogue}] ${c} new notice${c === 1 ? '' : 's'} (${i.subscription})`,
    digestIntro: (i, c) =>
      `${c} new notice${c === 1 ? '' : 's'} matching your subscription “${i.subscription}” since the last digest:`,
    effective: (d) => `effective ${d}`,
    open: 'Open',
    manage: 'Manage your subscriptions',
  },
  fr: {
    oneSubject: (i, n) =>
      `[${i.dialogue}] Nouvelle notification (${i.subscription}) : ${n.state} — ${n.title}`,
    oneIntro: (i) =>
      `Une notification correspondant à votre abonnement « ${i.subscription} » a été envoyée dans ${i.dialogue}.`,
    digestSubject: (i, c) =>
      `[${i.dialogue}] ${c} nouvelle${c > 1 ? 's' : ''} notification${c > 1 ? 's' : ''} (${i.subscription})`,
    digestIntro: (i, c) =>
      `${c} nouvelle${c > 1 ? 's' : ''} notification${c > 1 ? 's' : ''} correspondant à votre abonnement « ${i.subscription} » depuis le dernier récapitulatif :`,
    effective: (d) => `en vigueur le ${d}`,
    open: 'Ouvrir',
    manage: 'Gérer vos abonnements',
  },
  ru: {
    oneSubject: (i, n) => `[${i.dialogue}] Новое уведомление (${i.subscription}): ${n.state} — ${n.title}`,
    oneIntro: (i) =>
      `В диалоге «${i.dialogue}» отправлено уведомление по вашей подписке «${i.subscription}».`,
    digestSubject: (i, c) => `[${i.dialogue}] Новые уведомления: ${c} (${i.subscription})`,
    digestIntro: (i, c) =>
      `Новые уведомления по вашей подписке «${i.subscription}» с последней сводки: ${c}.`,
    effective: (d) => `вступает в силу ${d}`,
    open: 'Открыть',
    manage: 'Управление подписками',
  },
};

/** How many notices a digest lists; the rest are behind the link. */
const LISTED = 50;

function line(n: MailNotice, lang: MessageLanguage): string {
  const w = WORDS[lang];
  const when = n.effectiveOn ? ` · ${w.effective(n.effectiveOn)}` : '';
  return `- ${n.state} · ${TYPES[lang][n.measureType]}${when}\n  ${n.title}\n  ${w.open}: ${n.link}`;
}

/** One notice that matched (e-mail at once). */
export function subscriptionNoticeMail(i: SubscriptionMailInput, lang: MessageLanguage): MailText {
  const w = WORDS[lang];
  const n = i.notices[0];
  if (!n) throw new Error('subscriptionNoticeMail needs a notice');
  const summary = n.summary.length > 600 ? `${n.summary.slice(0, 600)}…` : n.summary;
  return {
    subject: w.oneSubject(i, n),
    body: `${w.oneIntro(i)}\n\n${line(n, lang)}\n\n${summary}\n\n${w.manage}: ${i.manageLink}\n`,
  };
}

/** The digest of the new matching notices. */
export function subscriptionDigestMail(i: SubscriptionMailInput, lang: MessageLanguage): MailText {
  const w = WORDS[lang];
  const count = i.notices.length;
  const lines = i.notices.slice(0, LISTED).map((n) => line(n, lang));
  const more = count > LISTED ? `\n… +${count - LISTED}` : '';
  return {
    subject: w.digestSubject(i, count),
    body: `${w.digestIntro(i, count)}\n\n${lines.join('\n\n')}${more}\n\n${w.manage}: ${i.manageLink}\n`,
  };
}
