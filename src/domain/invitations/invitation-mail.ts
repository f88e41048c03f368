/**
 * The invitation e-mail, in the invitee's language (English, French or Russian). Pure: the caller sends it.
 * It names who invites, to which dialogue, in which organisation and role, and the one-time link to set a
 * password; it holds no other personal data.
 */
import type { Locale } from '../../shared/locales';
import type { Role } from '../../shared/roles';

export interface InvitationMailInput {
  language: Locale;
  dialogueName: string;
  organisationName: string;
  role: Role;
  inviterName: string | null;
  link: string;
  validDays: number;
}

const ROLE_NAMES: Record<Locale, Record<Role, string>> = {
  en: {
    admin: 'administrator',
    data_manager: 'data manager',
    data_provider: 'data provider',
    analyst: 'analyst',
    observer: 'observer',
    viewer: 'viewer',
  },
  fr: {
    admin: 'administrateur',
    data_manager: 'gestionnaire des données',
    data_provider: 'fournisseur de données',
    analyst: 'analyste',
    observer: 'observateur',
    viewer: 'lecteur',
  },
  ru: {
    admin: 'администратор',
    data_manager: 'менеджер данных',
    data_provider: 'поставщик данных',
    analyst: 'аналитик',
    observer: 'наблюдатель',
    viewer: 'читатель',
  },
};

export function invitationMail(m: InvitationMailInput): { subject: string; text: string } {
  const role = ROLE_NAMES[m.language][m.role];
  switch (m.language) {
    case 'fr':
      return {
        subject: `Invitation à ${m.dialogueName} sur Passage`,
        text: [
          `${m.inviterName ?? 'Le secrétariat'} vous invite à rejoindre ${m.dialogueName} sur Passage, en tant que ${role} (${m.organisationName}).`,
          '',
          `Choisissez votre mot de passe dans les ${m.validDays} jours avec ce lien (il ne sert qu’une fois) :`,
          m.link,
          '',
          'Si vous n’attendiez pas ce message, ignorez-le.',
        ].join('\n'),
      };
    case 'ru':
      return {
        subject: `Приглашение в ${m.dialogueName} в Passage`,
        text: [
          `${m.inviterName ?? 'Секретариат'} приглашает вас в ${m.dialogueName} в Passage в роли «${role}» (${m.organisationName}).`,
          '',
          `Задайте пароль в течение ${m.validDays} дней по этой одноразовой ссылке:`,
          m.link,
          '',
          'Если вы не ждали этого письма, просто проигнорируйте его.',
        ].join('\n'),
      };
    default:
      return {
        subject: `Invitation to ${m.dialogueName} on Passage`,
        text: [
          `${m.inviterName ?? 'The secretariat'} invites you to ${m.dialogueName} on Passage, as ${role} (${m.organisationName}).`,
          '',
          `Set your password within ${m.validDays} days with this link (it works once):`,
          m.link,
          '',
          'If you did not expect this message, ignore it.',
        ].join('\n'),
      };
  }
}
