/**
 * API error messages (problem+json `title`, and `detail` when it is a stock sentence) in French and Russian.
 * English is src/shared/errors.ts (ERROR_CODES), which stays the fallback: a code missing here is answered
 * in English. The `code` member never changes with the language.
 */
import { ERROR_CODES, type ErrorCode, type FieldError } from '../../shared/errors';
import { portalMapMessages } from '../portal/map-messages';
import { ruleRunMessages } from '../rules/run-messages';
import { releaseMessages } from '../submissions/release-messages';
import { translateUploadLimitDetail } from '../upload-limits';
import { translateFieldDetail } from './field-messages';
import type { MessageLanguage } from './message-language';

export type { MessageLanguage };

/** Titles per code. Add the new codes of a module here (both languages) when you add them to ERROR_CODES. */
export const ERROR_TITLES: Record<MessageLanguage, Partial<Record<ErrorCode, string>>> = {
  fr: {
    VALIDATION_FAILED: 'La requête n’a pas passé la validation',
    MALFORMED_JSON: 'Le corps de la requête n’est pas du JSON valide',
    NOT_FOUND: 'La ressource n’existe pas ou ne vous est pas visible',
    ROUTE_NOT_FOUND: 'Ce point d’accès de l’API n’existe pas',
    UNAUTHENTICATED: 'Vous devez vous connecter',
    INVALID_CREDENTIALS: 'Adresse e-mail ou mot de passe incorrect',
    ACCOUNT_DISABLED: 'Le compte est désactivé',
    FORBIDDEN: 'Vous n’êtes pas autorisé à faire ceci',
    CONFLICT: 'La ressource a été modifiée par quelqu’un d’autre',
    ALREADY_EXISTS: 'Une ressource avec cette clé existe déjà',
    SELF_ROLE_CHANGE: 'Vous ne pouvez pas modifier vos propres rôles ni vous désactiver',
    WRONG_PASSWORD: 'Le mot de passe actuel est incorrect',
    PASSWORD_REJECTED: 'Le mot de passe ne respecte pas la règle des mots de passe',
    INVITATION_INVALID: 'L’invitation est inconnue, déjà utilisée ou expirée',
    TOKEN_INVALID: 'Le jeton d’API n’est pas valide',
    TOKEN_EXPIRED: 'Le jeton d’API a expiré',
    TOKEN_REVOKED: 'Le jeton d’API a été révoqué',
    TOKEN_NOT_ALLOWED: 'Les jetons d’API ne permettent pas ceci ; connectez-vous',
    TOKEN_SCOPE_MISSING: 'Le jeton d’API n’a pas la portée nécessaire',
    TOTP_INVALID: 'Le code à deux facteurs est erroné ou a déjà été utilisé',
    TOTP_LOCKED: 'Trop de codes à deux facteurs erronés ; réessayez plus tard',
    TOTP_LOGIN_EXPIRED: 'La connexion en attente d’un code à deux facteurs a expiré ; reconnectez-vous',
    TOTP_ENROLMENT_REQUIRED: 'Vos rôles exigent l’authentification à deux facteurs : activez-la d’abord',
    TOTP_ALREADY_ENROLLED: 'L’authentification à deux facteurs est déjà activée',
    TOTP_NOT_ENROLLED: 'L’authentification à deux facteurs n’est pas activée',
    SSO_DISABLED: 'L’authentification unique n’est pas configurée sur cette installation',
    SSO_FAILED: 'L’authentification unique a échoué',
    ACCOUNT_LOCKED: 'Trop de connexions échouées pour ce compte ; réessayez plus tard',
    ADDRESS_LOCKED: 'Trop de connexions échouées depuis votre adresse ; réessayez plus tard',
    RATE_LIMITED: 'Trop de requêtes ; ralentissez',
    CSRF_REJECTED: 'Requête intersite refusée',
    IMPORT_REJECTED: 'Le fichier a été refusé ; rien n’a été enregistré',
    FILE_TOO_LARGE: 'Le fichier dépasse la taille maximale autorisée',
    DOCUMENT_UNSUPPORTED:
      'Le fichier n’est ni un PDF, ni un DOCX, XLSX, ODT ou texte brut ; rien n’a été enregistré',
    DOCUMENT_UNREADABLE: 'Le fichier est endommagé ou illisible dans son format ; rien n’a été enregistré',
    DOCUMENT_ENCRYPTED: 'Le fichier est protégé par un mot de passe ou chiffré ; rien n’a été enregistré',
    UPLOAD_LIMIT_EXCEEDED:
      'Le fichier dépasse une limite une fois décompressé (taille, lignes, cellules ou chaînes)',
    SUBMISSION_WRONG_STATUS: 'Le statut de la soumission ne permet pas ceci',
    RELEASE_SCHEDULED: 'La soumission est programmée ; elle sera publiée automatiquement à l’heure prévue',
    RELEASE_INVALID: 'L’heure de publication ne peut pas être utilisée',
    RULES_FAILED: 'Les règles de validation ont trouvé des erreurs ; corrigez-les avant de soumettre',
    WARNINGS_NEED_COMMENT: 'Chaque avertissement de validation doit être commenté avant la soumission',
    REPORT_RATE_LIMITED:
      'Vous avez généré trop de rapports au cours de la dernière minute ; réessayez bientôt',
    REPORT_QUEUE_FULL: 'Trop de rapports sont en cours de production ; réessayez bientôt',
    PERIOD_OUTSIDE_CALENDAR: 'Une période est en dehors du calendrier de déclaration de l’État',
    SETUP_LINK_INVALID:
      'Le lien de configuration est inconnu, déjà utilisé, remplacé par un plus récent ou expiré',
    SETUP_DONE: 'Passage a déjà un administrateur : connectez-vous',
    DIALOGUE_ARCHIVED: 'Le dialogue est archivé : il est en lecture seule',
    IMAGE_REJECTED: 'L’image a été refusée : envoyez un fichier PNG, JPEG ou WebP dans les limites de taille',
    PERIOD_LOCKED: 'Un mois publié est verrouillé ; le secrétariat doit le rouvrir avant toute modification',
    PERIOD_NOT_LOCKED: 'Rien n’est verrouillé pour ce mois (jamais publié, ou déjà rouvert)',
    NOTICE_ALREADY_SENT: 'La notification a déjà été envoyée',
    NOTICE_NOT_SENT: 'La notification est un brouillon : elle n’est pas encore envoyée',
    NOTICE_OWN:
      'Cette notification est celle de votre propre État : vous y répondez, vous n’en accusez pas réception et ne la commentez pas',
    NOTICE_ALREADY_ACKNOWLEDGED: 'Votre organisation a déjà accusé réception de cette notification',
    NOTICE_COMMENTS_CLOSED: 'Le délai pour commenter cette notification est dépassé',
    NOTICE_ATTACHMENT_TYPE:
      'Le fichier n’est ni un PDF, ni un DOCX, ni une image PNG ou JPEG ; rien n’a été enregistré',
    NOTICE_ATTACHMENTS_FULL:
      'La notification a déjà autant de pièces jointes qu’elle peut en avoir ; rien n’a été enregistré',
    PRACTICE_ATTACHMENTS_FULL:
      'La pratique a déjà autant de fichiers qu’elle peut en avoir ; rien n’a été enregistré',
    INBOUND_MAIL_DISABLED: 'La réception de courriels n’est pas activée sur cette installation',
    INBOUND_MAIL_SECRET: 'Le secret de réception des courriels est absent ou faux',
    INBOUND_MAIL_REFUSED: 'Le courriel a été écarté : aucun projet de notification n’a été créé',
    CONTACT_LINK_INVALID:
      'Le lien de confirmation n’est pas valide (modifié, incomplet ou pour une fiche supprimée)',
    CONTACT_LINK_EXPIRED: 'Le lien de confirmation a expiré ; demandez-en un nouveau au secrétariat',
    SPLIT_REJECTED:
      'Le découpage de la déclaration perd du texte ou utilise deux fois un numéro d’engagement ; rien n’a été enregistré',
    CYCLE_CLOSED: 'Le cycle de rapports est clos : il est en lecture seule',
    CYCLE_DEADLINE_PASSED: 'La date limite du cycle de rapports est dépassée',
    REPORT_WRONG_STATUS: 'Le rapport n’est pas dans un statut qui permet cette action',
    PRACTICE_WRONG_STATUS: 'La pratique n’est pas dans un statut qui permet cette action',
    CONSULTATION_CLOSED: 'Le délai pour commenter ce projet est dépassé ; rien n’a été enregistré',
    CONSULTATION_NOT_DRAFT: 'La consultation est ouverte : son découpage ne peut plus être corrigé',
    CONSULTATION_NOT_OPEN: 'La consultation n’est pas encore ouverte aux commentaires',
    CONSULTATION_OLD_VERSION:
      'Le commentaire porte sur une version antérieure du projet, qui ne peut plus changer',
    PROFILE_NOT_DRAFT: "Seul le dernier projet d'un profil est approuvé ou renvoyé",
    DATABASE_STOPPED:
      'La base de données intégrée s’est arrêtée : libérez de l’espace disque, puis redémarrez Passage',
    DATABASE_DISK_FULL: 'Le disque de la base de données est plein',
    DATABASE_UNAVAILABLE: 'La base de données ne répond pas',
    INTERNAL: 'Erreur interne du serveur',
  },
  ru: {
    VALIDATION_FAILED: 'Запрос не прошёл проверку',
    MALFORMED_JSON: 'Тело запроса не является корректным JSON',
    NOT_FOUND: 'Ресурс не существует или недоступен вам',
    ROUTE_NOT_FOUND: 'Такого метода API нет',
    UNAUTHENTICATED: 'Необходимо войти в систему',
    INVALID_CREDENTIALS: 'Неверный адрес электронной почты или пароль',
    ACCOUNT_DISABLED: 'Учётная запись отключена',
    FORBIDDEN: 'У вас нет прав на это действие',
    CONFLICT: 'Ресурс был изменён другим пользователем',
    ALREADY_EXISTS: 'Ресурс с таким ключом уже существует',
    SELF_ROLE_CHANGE: 'Нельзя менять собственные роли или отключать себя',
    WRONG_PASSWORD: 'Текущий пароль неверен',
    PASSWORD_REJECTED: 'Пароль не соответствует правилам',
    INVITATION_INVALID: 'Приглашение неизвестно, уже использовано или истекло',
    TOKEN_INVALID: 'Токен API недействителен',
    TOKEN_EXPIRED: 'Срок действия токена API истёк',
    TOKEN_REVOKED: 'Токен API отозван',
    TOKEN_NOT_ALLOWED: 'С токеном API это сделать нельзя; войдите в систему',
    TOKEN_SCOPE_MISSING: 'У токена API нет нужной области действия',
    TOTP_INVALID: 'Код двухфакторной аутентификации неверен или уже использован',
    TOTP_LOCKED: 'Слишком много неверных кодов; повторите попытку позже',
    TOTP_LOGIN_EXPIRED: 'Время ожидания кода истекло; войдите снова',
    TOTP_ENROLMENT_REQUIRED: 'Ваши роли требуют двухфакторной аутентификации: сначала подключите её',
    TOTP_ALREADY_ENROLLED: 'Двухфакторная аутентификация уже подключена',
    TOTP_NOT_ENROLLED: 'Двухфакторная аутентификация не подключена',
    SSO_DISABLED: 'Единый вход не настроен в этой установке',
    SSO_FAILED: 'Единый вход не удался',
    ACCOUNT_LOCKED: 'Слишком много неудачных входов в эту учётную запись; повторите попытку позже',
    ADDRESS_LOCKED: 'Слишком много неудачных входов с вашего адреса; повторите попытку позже',
    RATE_LIMITED: 'Слишком много запросов; помедленнее',
    CSRF_REJECTED: 'Межсайтовый запрос отклонён',
    IMPORT_REJECTED: 'Файл отклонён; ничего не записано',
    FILE_TOO_LARGE: 'Файл больше допустимого размера',
    DOCUMENT_UNSUPPORTED: 'Файл не является PDF, DOCX, XLSX, ODT или простым текстом; ничего не записано',
    DOCUMENT_UNREADABLE: 'Файл повреждён или не читается в своём формате; ничего не записано',
    DOCUMENT_ENCRYPTED: 'Файл защищён паролем или зашифрован; ничего не записано',
    UPLOAD_LIMIT_EXCEEDED:
      'Файл после распаковки превышает ограничение (размер, число строк, ячеек или общих строк)',
    SUBMISSION_WRONG_STATUS: 'Статус представления не позволяет это сделать',
    RELEASE_SCHEDULED:
      'Публикация представления запланирована; оно будет опубликовано автоматически в назначенное время',
    RELEASE_INVALID: 'Это время публикации нельзя использовать',
    RULES_FAILED: 'Правила проверки нашли ошибки; исправьте их перед отправкой',
    WARNINGS_NEED_COMMENT: 'Каждое предупреждение проверки требует комментария перед отправкой',
    REPORT_RATE_LIMITED: 'За последнюю минуту вы создали слишком много отчётов; повторите попытку чуть позже',
    REPORT_QUEUE_FULL: 'Сейчас формируется слишком много отчётов; повторите попытку чуть позже',
    PERIOD_OUTSIDE_CALENDAR: 'Период не входит в календарь отчётности государства',
    SETUP_LINK_INVALID: 'Ссылка для настройки неизвестна, уже использована, заменена новой или истекла',
    SETUP_DONE: 'У Passage уже есть администратор: войдите в систему',
    DIALOGUE_ARCHIVED: 'Диалог находится в архиве: только для чтения',
    IMAGE_REJECTED: 'Изображение отклонено: отправьте файл PNG, JPEG или WebP допустимого размера',
    PERIOD_LOCKED: 'Опубликованный месяц заблокирован; секретариат должен открыть его до изменения',
    PERIOD_NOT_LOCKED: 'За этот месяц ничего не заблокировано (не публиковался или уже открыт)',
    NOTICE_ALREADY_SENT: 'Уведомление уже отправлено',
    NOTICE_NOT_SENT: 'Уведомление — черновик: оно ещё не отправлено',
    NOTICE_OWN:
      'Это уведомление вашего собственного государства: вы отвечаете на него, а не подтверждаете получение и не комментируете',
    NOTICE_ALREADY_ACKNOWLEDGED: 'Ваша организация уже подтвердила получение этого уведомления',
    NOTICE_COMMENTS_CLOSED: 'Срок для комментариев к этому уведомлению истёк',
    NOTICE_ATTACHMENT_TYPE: 'Файл не является PDF, DOCX или изображением PNG или JPEG; ничего не записано',
    NOTICE_ATTACHMENTS_FULL: 'У уведомления уже максимальное число вложений; ничего не записано',
    PRACTICE_ATTACHMENTS_FULL: 'У практики уже максимальное число файлов; ничего не записано',
    INBOUND_MAIL_DISABLED: 'Приём электронной почты на этой установке не включён',
    INBOUND_MAIL_SECRET: 'Секрет приёма электронной почты отсутствует или неверен',
    INBOUND_MAIL_REFUSED: 'Письмо отброшено: черновик уведомления не создан',
    CONTACT_LINK_INVALID: 'Ссылка подтверждения недействительна (изменена, неполна или запись удалена)',
    CONTACT_LINK_EXPIRED: 'Срок действия ссылки подтверждения истёк; запросите новую у секретариата',
    SPLIT_REJECTED:
      'Разбивка декларации теряет текст или дважды использует номер обязательства; ничего не сохранено',
    CYCLE_CLOSED: 'Цикл отчётности закрыт: только для чтения',
    CYCLE_DEADLINE_PASSED: 'Срок цикла отчётности истёк',
    REPORT_WRONG_STATUS: 'Статус отчёта не позволяет это действие',
    PRACTICE_WRONG_STATUS: 'Статус практики не позволяет это действие',
    CONSULTATION_CLOSED: 'Срок для замечаний к этому проекту истёк; ничего не записано',
    CONSULTATION_NOT_DRAFT: 'Консультация открыта: разбивку текста больше нельзя исправить',
    CONSULTATION_NOT_OPEN: 'Консультация ещё не открыта для замечаний',
    CONSULTATION_OLD_VERSION: 'Замечание относится к прежней версии проекта, которая больше не меняется',
    PROFILE_NOT_DRAFT: 'Одобрить или вернуть можно только последний проект профиля',
    DATABASE_STOPPED:
      'Встроенная база данных остановилась: освободите место на диске и перезапустите Passage',
    DATABASE_DISK_FULL: 'На диске базы данных не осталось места',
    DATABASE_UNAVAILABLE: 'База данных не отвечает',
    INTERNAL: 'Внутренняя ошибка сервера',
  },
};

/**
 * Stock English details (the defaults of the error classes, src/shared/errors.ts, and fixed sentences of the
 * plugins) with their translations. Details built from data ("Dialogue "x" was not found") are matched by
 * pattern below; anything else stays in English.
 */
const STOCK_DETAILS: Record<string, Record<MessageLanguage, string>> = {
  // Refusals of scheduling a release and of re-running the rules (coded in their catalogues).
  ...releaseMessages.sentences(),
  ...ruleRunMessages.sentences(),
  ...portalMapMessages.sentences(),
  'You must log in to do this': {
    fr: 'Vous devez vous connecter pour faire ceci',
    ru: 'Для этого нужно войти в систему',
  },
  'You are not allowed to do this': {
    fr: 'Vous n’êtes pas autorisé à faire ceci',
    ru: 'У вас нет прав на это действие',
  },
  'Something went wrong on our side. The error was logged.': {
    fr: 'Un problème est survenu de notre côté. L’erreur a été journalisée.',
    ru: 'На нашей стороне произошла ошибка. Она записана в журнал.',
  },
};

const NOT_FOUND_DETAIL = /^(.+) was not found$/;
/** The door's refusal (src/server/plugins/access-door.ts), naming the access rule a route asks for. */
const DOOR_DETAIL = /^This requires: (.+)$/;

/** The title of a code in `lang`, else English. */
export function translateTitle(code: ErrorCode, lang: MessageLanguage): string {
  return ERROR_TITLES[lang][code] ?? ERROR_CODES[code];
}

/**
 * The detail in `lang`: stock sentences, the first field error's message when it has a code (`errors`), and
 * "… was not found" are translated; other details stay English.
 */
export function translateDetail(
  code: ErrorCode,
  detail: string,
  lang: MessageLanguage,
  errors?: readonly FieldError[],
): string {
  const stock = STOCK_DETAILS[detail]?.[lang];
  if (stock) return stock;
  if (code === 'UPLOAD_LIMIT_EXCEEDED') return translateUploadLimitDetail(detail, lang);
  if (detail === ERROR_CODES[code]) return ERROR_TITLES[lang][code] ?? detail;
  const field = translateFieldDetail(detail, lang, errors?.[0]);
  if (field) return field;
  const door = DOOR_DETAIL.exec(detail);
  if (door) return lang === 'fr' ? `Il faut pour cela : ${door[1]}` : `Для этого нужно: ${door[1]}`;
  const missing = NOT_FOUND_DETAIL.exec(detail);
  if (missing) return lang === 'fr' ? `Introuvable : ${missing[1]}` : `Не найдено: ${missing[1]}`;
  return detail;
}
