/**
 * The inbound e-mail address of a dialogue's notices, without I/O: its settings, the address of a dialogue
 * (`notices+<slug>@<domain>`) and the reverse, the check of the sender (the only checks that can be made
 * locally: see checkSender), and how a message becomes a draft notice (subject → title, text → summary,
 * the measure type and the notifying state from the subject). The parsing of the message itself (mailparser)
 * and the writing are in src/modules/notices/notices.inbound.ts.
 */
import { MEASURE_TYPES, type MeasureType } from './notice-rules';

export interface InboundMailConfig {
  /** PASSAGE_INBOUND_MAIL_DOMAIN: the domain of the addresses; unset: no inbound e-mail at all. */
  domain: string | undefined;
  /** PASSAGE_INBOUND_MAIL_LOCAL_PART: the part before `+<slug>`, default `notices`. */
  localPart: string;
  /** PASSAGE_INBOUND_MAIL_SECRET: the shared secret a relay sends to POST /api/inbound-mail; unset: route off. */
  secret: string | undefined;
  /** PASSAGE_INBOUND_SMTP_PORT: the port of the SMTP listener; unset: no listener (the default). */
  smtpPort: number | undefined;
  /** PASSAGE_INBOUND_SMTP_HOST: the address the listener binds, default 127.0.0.1 (a relay on this machine). */
  smtpHost: string;
  /**
   * PASSAGE_INBOUND_AUTHSERV_ID: the authserv-id of the trusted relay's Authentication-Results header (RFC 8601).
   * Set: a message needs a DKIM or SPF pass for its From domain in such a header. Unset: not checked.
   */
  trustedAuthservId: string | undefined;
  /** PASSAGE_INBOUND_MAIL_MAX_BYTES: the largest message, default 25 MiB. */
  maxBytes: number;
}

const MiB = 1024 * 1024;

/** The settings; a malformed port stops the start with the variable's name. */
export function readInboundMailConfig(env: NodeJS.ProcessEnv = process.env): InboundMailConfig {
  const port = env.PASSAGE_INBOUND_SMTP_PORT?.trim();
  const portNumber = port ? Number(port) : undefined;
  if (portNumber !== undefined && !(Number.isInteger(portNumber) && portNumber >= 0 && portNumber <= 65535))
    throw new Error(`PASSAGE_INBOUND_SMTP_PORT: expected a port number (0–65535), got "${port}"`);
  const domain = env.PASSAGE_INBOUND_MAIL_DOMAIN?.trim().toLowerCase() || undefined;
  if (portNumber !== undefined && !domain)
    throw new Error('PASSAGE_INBOUND_SMTP_PORT is set: set PASSAGE_INBOUND_MAIL_DOMAIN too (the addresses)');
  const max = Number(env.PASSAGE_INBOUND_MAIL_MAX_BYTES);
  return {
    domain,
    localPart: env.PASSAGE_INBOUND_MAIL_LOCAL_PART?.trim().toLowerCase() || 'notices',
    secret: env.PASSAGE_INBOUND_MAIL_SECRET || undefined,
    smtpPort: portNumber,
    smtpHost: env.PASSAGE_INBOUND_SMTP_HOST?.trim() || '127.0.0.1',
    trustedAuthservId: env.PASSAGE_INBOUND_AUTHSERV_ID?.trim().toLowerCase() || undefined,
    maxBytes: Number.isInteger(max) && max > 0 ? max : 25 * MiB,
  };
}

/** The address members write to for a dialogue, or null when inbound e-mail is not configured. */
export function inboundAddress(
  slug: string,
  c: Pick<InboundMailConfig, 'domain' | 'localPart'>,
): string | null {
  return c.domain ? `${c.localPart}+${slug}@${c.domain}` : null;
}

/** The dialogue slug an address is for (`notices+<slug>@<domain>`, any case), or null. */
export function slugOfRecipient(
  address: string,
  c: Pick<InboundMailConfig, 'domain' | 'localPart'>,
): string | null {
  if (!c.domain) return null;
  const a = address.trim().toLowerCase();
  const at = a.lastIndexOf('@');
  if (at < 0 || a.slice(at + 1) !== c.domain) return null;
  const local = a.slice(0, at);
  const prefix = `${c.localPart}+`;
  if (!local.startsWith(prefix)) return null;
  const slug = local.slice(prefix.length);
  return /^[a-z0-9][a-z0-9-]{0,99}$/.test(slug) ? slug : null;
}

/** One `method=result` of an Authentication-Results header, with its properties (`header.d`, `smtp.mailfrom`). */
export interface AuthResult {
  method: string;
  result: string;
  props: Record<string, string>;
}

/** An Authentication-Results header (RFC 8601): who wrote it (authserv-id) and its results. */
export function parseAuthenticationResults(value: string): { authservId: string; results: AuthResult[] } {
  // Comments in parentheses carry no meaning (RFC 8601 §2.2); quoted values are unquoted.
  const clean = value.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ');
  const [head = '', ...rest] = clean.split(';');
  const authservId = head.trim().split(' ')[0]?.toLowerCase() ?? '';
  const results: AuthResult[] = [];
  for (const part of rest) {
    const tokens = part.trim().split(' ').filter(Boolean);
    const [first, ...props] = tokens;
    const m = first ? /^([a-z0-9-]+)=([a-z]+)$/i.exec(first) : null;
    if (!m) continue;
    const p: Record<string, string> = {};
    for (const t of props) {
      const eq = t.indexOf('=');
      if (eq > 0) p[t.slice(0, eq).toLowerCase()] = t.slice(eq + 1).replace(/^"|"$/g, '');
    }
    results.push({ method: m[1]!.toLowerCase(), result: m[2]!.toLowerCase(), props: p });
  }
  return { authservId, results };
}

export type SenderRefusal =
  | 'from_missing'
  | 'from_multiple'
  | 'envelope_missing'
  | 'envelope_mismatch'
  | 'authentication_missing'
  | 'authentication_failed';

export type SenderCheck =
  | { ok: true; address: string }
  | { ok: false; reason: SenderRefusal; detail: string };

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();
/** Relaxed alignment (DMARC): the same domain, or one a subdomain of the other's organisational part. */
const aligned = (a: string, b: string) => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);

/**
 * Whether the sender is who the From header says, as far as can be told here:
 * 1. the From header names exactly one address;
 * 2. the envelope sender (SMTP MAIL FROM; for the HTTP route the relay's `envelopeFrom`, else the
 *    Return-Path header) is present and is that same address (case aside);
 * 3. when a trusted relay is configured (its authserv-id), an Authentication-Results header of that relay
 *    reports `dkim=pass` with `header.d` aligned to the From domain, or `spf=pass` with `smtp.mailfrom` aligned
 *    to it, and no `dmarc=fail`; headers of any other authserv-id are ignored (anyone can write them).
 * DKIM signatures are not verified here (no DNS at run time): that is the relay's job, reported in its header.
 */
export function checkSender(input: {
  from: readonly string[];
  envelopeFrom: string | null;
  authenticationResults: readonly string[];
  trustedAuthservId: string | undefined;
}): SenderCheck {
  const from = input.from.map((a) => a.trim().toLowerCase()).filter(Boolean);
  if (from.length === 0)
    return { ok: false, reason: 'from_missing', detail: 'the message has no From address' };
  if (from.length > 1)
    return { ok: false, reason: 'from_multiple', detail: 'the From header names more than one address' };
  const address = from[0]!;
  const envelope = input.envelopeFrom?.trim().toLowerCase() ?? '';
  if (!envelope)
    return { ok: false, reason: 'envelope_missing', detail: 'the envelope sender (MAIL FROM) is empty' };
  if (envelope !== address)
    return {
      ok: false,
      reason: 'envelope_mismatch',
      detail: 'the envelope sender (MAIL FROM) is not the From address',
    };
  if (!input.trustedAuthservId) return { ok: true, address };
  const trusted = input.authenticationResults
    .map(parseAuthenticationResults)
    .filter((h) => h.authservId === input.trustedAuthservId);
  if (trusted.length === 0)
    return {
      ok: false,
      reason: 'authentication_missing',
      detail: `no Authentication-Results header of the trusted relay ${input.trustedAuthservId}`,
    };
  const results = trusted.flatMap((h) => h.results);
  const fromDomain = domainOf(address);
  const dmarcFailed = results.some((r) => r.method === 'dmarc' && r.result === 'fail');
  const dkimPass = results.some(
    (r) =>
      r.method === 'dkim' && r.result === 'pass' && aligned(domainOf(r.props['header.d'] ?? '@'), fromDomain),
  );
  const spfPass = results.some(
    (r) =>
      r.method === 'spf' &&
      r.result === 'pass' &&
      aligned(domainOf(r.props['smtp.mailfrom'] ?? '@'), fromDomain),
  );
  if (dmarcFailed || !(dkimPass || spfPass))
    return {
      ok: false,
      reason: 'authentication_failed',
      detail: `the trusted relay reports no DKIM or SPF pass for ${fromDomain}${dmarcFailed ? ' (DMARC failed)' : ''}`,
    };
  return { ok: true, address };
}

/** Words of the subject that name a measure type (English, French, Russian stems), checked at word starts. */
const TYPE_WORDS: Record<Exclude<MeasureType, 'other'>, readonly string[]> = {
  visa_regime: ['visa', 'виз'],
  border_management: ['border', 'frontière', 'frontiere', 'границ', 'погранич'],
  asylum_procedure: ['asylum', 'asile', 'убежищ'],
  reception: ['reception', 'accueil', 'приём', 'прием'],
  return_readmission: ['return', 'readmission', 'réadmission', 'retour', 'реадмисси', 'возвращени'],
  labour_migration: ['labour', 'labor', 'work permit', 'travail', 'трудов'],
  integration: ['integration', 'intégration', 'интеграци'],
  anti_smuggling: ['smuggling', 'smuggler', 'passeur', 'контрабанд'],
};

/** A bracketed tag naming a type: `[asylum_procedure]`, `[asylum procedure]`, `[type: asylum procedure]`. */
function typeFromTag(tag: string): MeasureType | null {
  const t = tag
    .replace(/^type\s*:\s*/i, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (MEASURE_TYPES as readonly string[]).includes(t) ? (t as MeasureType) : null; // checked just before
}

/**
 * The measure type the subject names: a bracketed tag first, else the word that comes first in the subject,
 * else `other`.
 */
export function measureTypeOfSubject(subject: string): MeasureType {
  for (const m of subject.matchAll(/\[([^\]]{1,60})\]/g)) {
    const t = typeFromTag(m[1]!);
    if (t) return t;
  }
  const s = subject.toLowerCase();
  let best: { type: MeasureType; at: number } | null = null;
  for (const [type, words] of Object.entries(TYPE_WORDS)) {
    for (const w of words) {
      const re = new RegExp(`(^|[^\\p{L}])${w}`, 'u');
      const m = re.exec(s);
      if (m && (!best || m.index < best.at)) best = { type: type as MeasureType, at: m.index }; // a key of TYPE_WORDS
    }
  }
  return best?.type ?? 'other';
}

export interface MailContent {
  subject: string;
  text: string;
  /** The day the message was received (UTC), for a title when the subject is empty. */
  receivedOn: string;
}

export interface InboundDraft {
  title: string;
  summary: string;
  measureType: MeasureType;
  /** An ISO 3166-1 alpha-3 code in brackets in the subject (`[GRC]`): the state the secretariat posts for. */
  state: string | undefined;
}

const REPLY_PREFIX = /^\s*(re|fw|fwd|tr|aw|wg|отв|пересл)\s*:\s*/i;

/**
 * A message as a draft notice: the subject without reply/forward prefixes and tags is the title (a title
 * naming the day when the subject is too short), the text without its signature (after a `-- ` line) the
 * summary, the measure type from the subject (measureTypeOfSubject), the state from a `[XXX]` tag.
 */
export function draftFromMail(m: MailContent): InboundDraft {
  let subject = m.subject.replace(/\s+/g, ' ').trim();
  while (REPLY_PREFIX.test(subject)) subject = subject.replace(REPLY_PREFIX, '');
  const stateTag = /\[([A-Z]{3})\]/.exec(subject)?.[1];
  const measureType = measureTypeOfSubject(subject);
  const title = subject
    .replace(/\[[^\]]{1,60}\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  const lines = m.text.replace(/\r\n?/g, '\n').split('\n');
  const signature = lines.findIndex((l) => l === '-- ' || l === '--');
  const text = (signature >= 0 ? lines.slice(0, signature) : lines).join('\n').trim();
  const summary =
    text.length >= 10 ? text.slice(0, 20000) : `${text ? `${text}\n\n` : ''}(sent by e-mail without a text)`;
  return {
    title: title.length >= 3 ? title : `Notice received by e-mail on ${m.receivedOn}`,
    summary,
    measureType,
    state: stateTag,
  };
}

export interface InboundDraftMailInput {
  dialogue: string;
  title: string;
  /** Where to review and send the draft (absolute when PASSAGE_PUBLIC_URL is set). */
  link: string;
  attachments: number;
  /** Attachments not kept, with why (in English: the checks' own words). */
  refused: readonly { fileName: string; reason: string }[];
}

type Lang = 'en' | 'fr' | 'ru';

const DRAFT_MAIL: Record<
  Lang,
  {
    subject: (i: InboundDraftMailInput) => string;
    body: (i: InboundDraftMailInput) => string;
    refused: string;
  }
> = {
  en: {
    subject: (i) => `[Passage] ${i.dialogue}: your e-mail is a draft notice: ${i.title}`,
    body: (i) =>
      `Your e-mail became a draft notice of ${i.dialogue} (${i.attachments} attachment(s)). It is visible to your organisation only until you send it.\n\nReview and send it: ${i.link}`,
    refused: 'These attachments were not kept:',
  },
  fr: {
    subject: (i) => `[Passage] ${i.dialogue} : votre courriel est un projet de notification : ${i.title}`,
    body: (i) =>
      `Votre courriel est devenu un projet de notification de ${i.dialogue} (${i.attachments} pièce(s) jointe(s)). Seule votre organisation le voit jusqu’à ce que vous l’envoyiez.\n\nRelisez-le et envoyez-le : ${i.link}`,
    refused: 'Ces pièces jointes n’ont pas été conservées :',
  },
  ru: {
    subject: (i) => `[Passage] ${i.dialogue}: ваше письмо стало черновиком уведомления: ${i.title}`,
    body: (i) =>
      `Ваше письмо стало черновиком уведомления в ${i.dialogue} (вложений: ${i.attachments}). Его видит только ваша организация, пока вы его не отправите.\n\nПроверьте и отправьте его: ${i.link}`,
    refused: 'Эти вложения не сохранены:',
  },
};

/** The e-mail telling the sender where to review and send the draft their message became. */
export function inboundDraftMail(i: InboundDraftMailInput, lang: Lang): { subject: string; body: string } {
  const w = DRAFT_MAIL[lang];
  const refused = i.refused.length
    ? `\n\n${w.refused}\n${i.refused.map((r) => `- ${r.fileName}: ${r.reason}`).join('\n')}`
    : '';
  return { subject: w.subject(i), body: `${w.body(i)}${refused}` };
}
