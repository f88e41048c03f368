/**
 * The e-mails Passage writes to users besides alerts, in the three interface languages: reminders of the
 * reporting calendar, the secretariat's digest of who is late, and the steps of the submission workflow. Pure:
 * the caller passes what to say and the recipient's language; the web app words the same messages (in-app
 * notifications) from its own i18n files, by kind and payload.
 */
export type MessageLanguage = 'en' | 'fr' | 'ru';

export function asMessageLanguage(locale: string | null | undefined): MessageLanguage {
  return locale === 'fr' || locale === 'ru' ? locale : 'en';
}

export interface MailText {
  subject: string;
  body: string;
}

export interface ReminderItem {
  indicator: string;
  period: string;
  deadline: string;
  /** Days from the deadline to today: negative before it. */
  daysFromDeadline: number;
}

export interface ReminderInput {
  dialogue: string;
  reporter: string;
  items: readonly ReminderItem[];
  link: string;
}

export interface DigestInput {
  dialogue: string;
  asOf: string;
  states: readonly { reporter: string; overdue: number; oldest: string }[];
  link: string;
}

export type WorkflowStep = 'submitted' | 'returned' | 'validated' | 'published';

export interface WorkflowInput {
  dialogue: string;
  step: WorkflowStep;
  submissionId: number;
  reporter: string;
  comment: string | null;
  link: string;
}

/** How many items a mail lists; the rest is "… and N more". */
const LISTED = 30;

interface Words {
  reminderSubject: (r: ReminderInput) => string;
  reminderIntro: (r: ReminderInput) => string;
  due: (i: ReminderItem) => string;
  more: (n: number) => string;
  open: string;
  digestSubject: (d: DigestInput) => string;
  digestIntro: (d: DigestInput) => string;
  digestLine: (s: DigestInput['states'][number]) => string;
  digestNone: string;
  workflowSubject: Record<WorkflowStep, (w: WorkflowInput) => string>;
  workflowBody: Record<WorkflowStep, (w: WorkflowInput) => string>;
  comment: string;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
/** Russian plural forms: 1 день, 2–4 дня, 5+ дней (and 11–14 дней). */
const ruPlural = (n: number, one: string, few: string, many: string) => {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  if (a > 10 && a < 20) return many;
  if (b === 1) return one;
  if (b >= 2 && b <= 4) return few;
  return many;
};

const WORDS: Record<MessageLanguage, Words> = {
  en: {
    reminderSubject: (r) =>
      `[Passage] ${r.dialogue}: ${r.items.length} ${plural(r.items.length, 'figure set', 'figure sets')} due for ${r.reporter}`,
    reminderIntro: (r) =>
      `The reporting calendar of ${r.dialogue} expects these figures from ${r.reporter}, and they have not been submitted yet:`,
    due: (i) =>
      i.daysFromDeadline < 0
        ? `${i.indicator} ${i.period}: due on ${i.deadline} (in ${-i.daysFromDeadline} ${plural(-i.daysFromDeadline, 'day', 'days')})`
        : i.daysFromDeadline === 0
          ? `${i.indicator} ${i.period}: due today (${i.deadline})`
          : `${i.indicator} ${i.period}: was due on ${i.deadline} (${i.daysFromDeadline} ${plural(i.daysFromDeadline, 'day', 'days')} late)`,
    more: (n) => `… and ${n} more`,
    open: 'Submit them in Passage',
    digestSubject: (d) =>
      `[Passage] ${d.dialogue}: ${d.states.length} member ${plural(d.states.length, 'state is', 'states are')} late`,
    digestIntro: (d) =>
      `Member states late with figures of ${d.dialogue} on ${d.asOf} (overdue months, oldest first):`,
    digestLine: (s) =>
      `${s.reporter}: ${s.overdue} overdue ${plural(s.overdue, 'figure set', 'figure sets')}, the oldest ${s.oldest}`,
    digestNone: 'No member state is late.',
    workflowSubject: {
      submitted: (w) =>
        `[Passage] ${w.dialogue}: submission ${w.submissionId} from ${w.reporter} waits for review`,
      returned: (w) => `[Passage] ${w.dialogue}: submission ${w.submissionId} was returned`,
      validated: (w) => `[Passage] ${w.dialogue}: submission ${w.submissionId} was validated`,
      published: (w) => `[Passage] ${w.dialogue}: submission ${w.submissionId} was published`,
    },
    workflowBody: {
      submitted: (w) =>
        `${w.reporter} submitted its figures (submission ${w.submissionId}); they wait for your review.`,
      returned: (w) =>
        `The secretariat returned submission ${w.submissionId} of ${w.reporter}: correct it and submit it again.`,
      validated: (w) =>
        `The secretariat validated submission ${w.submissionId} of ${w.reporter}; it will be published.`,
      published: (w) => `The secretariat published submission ${w.submissionId} of ${w.reporter}.`,
    },
    comment: 'Comment',
  },
  fr: {
    reminderSubject: (r) =>
      `[Passage] ${r.dialogue} : ${r.items.length} ${plural(r.items.length, 'série de chiffres attendue', 'séries de chiffres attendues')} de ${r.reporter}`,
    reminderIntro: (r) =>
      `Le calendrier de déclaration de ${r.dialogue} attend ces chiffres de ${r.reporter}, qui n’ont pas encore été soumis :`,
    due: (i) =>
      i.daysFromDeadline < 0
        ? `${i.indicator} ${i.period} : à rendre le ${i.deadline} (dans ${-i.daysFromDeadline} ${plural(-i.daysFromDeadline, 'jour', 'jours')})`
        : i.daysFromDeadline === 0
          ? `${i.indicator} ${i.period} : à rendre aujourd’hui (${i.deadline})`
          : `${i.indicator} ${i.period} : à rendre le ${i.deadline} (${i.daysFromDeadline} ${plural(i.daysFromDeadline, 'jour', 'jours')} de retard)`,
    more: (n) => `… et ${n} de plus`,
    open: 'Les soumettre dans Passage',
    digestSubject: (d) =>
      `[Passage] ${d.dialogue} : ${d.states.length} ${plural(d.states.length, 'État membre est en retard', 'États membres sont en retard')}`,
    digestIntro: (d) =>
      `États membres en retard pour les chiffres de ${d.dialogue} au ${d.asOf} (mois en retard, le plus ancien d’abord) :`,
    digestLine: (s) =>
      `${s.reporter} : ${s.overdue} ${plural(s.overdue, 'série en retard', 'séries en retard')}, la plus ancienne ${s.oldest}`,
    digestNone: 'Aucun État membre n’est en retard.',
    workflowSubject: {
      submitted: (w) =>
        `[Passage] ${w.dialogue} : la soumission ${w.submissionId} de ${w.reporter} attend d’être examinée`,
      returned: (w) => `[Passage] ${w.dialogue} : la soumission ${w.submissionId} a été renvoyée`,
      validated: (w) => `[Passage] ${w.dialogue} : la soumission ${w.submissionId} a été validée`,
      published: (w) => `[Passage] ${w.dialogue} : la soumission ${w.submissionId} a été publiée`,
    },
    workflowBody: {
      submitted: (w) =>
        `${w.reporter} a soumis ses chiffres (soumission ${w.submissionId}) ; ils attendent votre examen.`,
      returned: (w) =>
        `Le secrétariat a renvoyé la soumission ${w.submissionId} de ${w.reporter} : corrigez-la et soumettez-la à nouveau.`,
      validated: (w) =>
        `Le secrétariat a validé la soumission ${w.submissionId} de ${w.reporter} ; elle sera publiée.`,
      published: (w) => `Le secrétariat a publié la soumission ${w.submissionId} de ${w.reporter}.`,
    },
    comment: 'Commentaire',
  },
  ru: {
    reminderSubject: (r) =>
      `[Passage] ${r.dialogue}: ожидаются данные ${r.reporter} (${r.items.length} ${ruPlural(r.items.length, 'набор', 'набора', 'наборов')})`,
    reminderIntro: (r) =>
      `Календарь отчётности ${r.dialogue} ожидает от ${r.reporter} эти данные, которые ещё не представлены:`,
    due: (i) =>
      i.daysFromDeadline < 0
        ? `${i.indicator} ${i.period}: срок ${i.deadline} (через ${-i.daysFromDeadline} ${ruPlural(-i.daysFromDeadline, 'день', 'дня', 'дней')})`
        : i.daysFromDeadline === 0
          ? `${i.indicator} ${i.period}: срок сегодня (${i.deadline})`
          : `${i.indicator} ${i.period}: срок был ${i.deadline} (просрочено на ${i.daysFromDeadline} ${ruPlural(i.daysFromDeadline, 'день', 'дня', 'дней')})`,
    more: (n) => `… и ещё ${n}`,
    open: 'Представить их в Passage',
    digestSubject: (d) =>
      `[Passage] ${d.dialogue}: ${d.states.length} ${ruPlural(d.states.length, 'государство опаздывает', 'государства опаздывают', 'государств опаздывают')}`,
    digestIntro: (d) =>
      `Государства-члены, опаздывающие с данными ${d.dialogue} на ${d.asOf} (просроченные месяцы, сначала самые ранние):`,
    digestLine: (s) =>
      `${s.reporter}: просрочено ${s.overdue} ${ruPlural(s.overdue, 'набор', 'набора', 'наборов')}, самый ранний ${s.oldest}`,
    digestNone: 'Ни одно государство не опаздывает.',
    workflowSubject: {
      submitted: (w) =>
        `[Passage] ${w.dialogue}: представление ${w.submissionId} от ${w.reporter} ожидает проверки`,
      returned: (w) => `[Passage] ${w.dialogue}: представление ${w.submissionId} возвращено`,
      validated: (w) => `[Passage] ${w.dialogue}: представление ${w.submissionId} утверждено`,
      published: (w) => `[Passage] ${w.dialogue}: представление ${w.submissionId} опубликовано`,
    },
    workflowBody: {
      submitted: (w) =>
        `${w.reporter} представил(а) данные (представление ${w.submissionId}); они ожидают вашей проверки.`,
      returned: (w) =>
        `Секретариат вернул представление ${w.submissionId} (${w.reporter}): исправьте его и представьте снова.`,
      validated: (w) =>
        `Секретариат утвердил представление ${w.submissionId} (${w.reporter}); оно будет опубликовано.`,
      published: (w) => `Секретариат опубликовал представление ${w.submissionId} (${w.reporter}).`,
    },
    comment: 'Комментарий',
  },
};

const lines = (...parts: (string | null | false)[]) =>
  `${parts.filter((p) => p !== null && p !== false).join('\n')}\n`;

function listed<T>(items: readonly T[], line: (t: T) => string, more: (n: number) => string): string[] {
  const shown = items.slice(0, LISTED).map((i) => `- ${line(i)}`);
  return items.length > LISTED ? [...shown, more(items.length - LISTED)] : shown;
}

export function reminderMail(r: ReminderInput, lang: MessageLanguage): MailText {
  const w = WORDS[lang];
  return {
    subject: w.reminderSubject(r),
    body: lines(w.reminderIntro(r), '', ...listed(r.items, w.due, w.more), '', `${w.open}: ${r.link}`),
  };
}

export function digestMail(d: DigestInput, lang: MessageLanguage): MailText {
  const w = WORDS[lang];
  return {
    subject: w.digestSubject(d),
    body: lines(
      w.digestIntro(d),
      '',
      ...(d.states.length ? listed(d.states, w.digestLine, w.more) : [w.digestNone]),
      '',
      d.link,
    ),
  };
}

export function workflowMail(x: WorkflowInput, lang: MessageLanguage): MailText {
  const w = WORDS[lang];
  return {
    subject: w.workflowSubject[x.step](x),
    body: lines(w.workflowBody[x.step](x), x.comment ? `${w.comment}: ${x.comment}` : null, '', x.link),
  };
}
