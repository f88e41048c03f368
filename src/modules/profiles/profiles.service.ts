/**
 * Use cases of country profiles, one transaction each, run as the actor (row-level security applies). A
 * profile's narrative comes in versions: the secretariat or the state saves a draft (changed in place while a
 * draft; after an endorsement or a return a save starts a new version, so decided versions are kept as they
 * were); the state's authorities endorse it or return it with a comment. Only endorsed versions are shown
 * beyond the editors (the secretariat and the state). Every write names the profile's revision it read (409
 * when stale). The key figures are never stored: they are read through the analytics service from the
 * published statistics each time, with the date the state's latest figures were published.
 */
import type { Db, Queryable } from '../../db/connect';
import { uniqueOr } from '../../db/unique-violation';
import { withActor } from '../../db/with-actor';
import { TOTAL_CODE } from '../../domain/observations/dimensions';
import { addMonths, periodRange } from '../../domain/periods';
import {
  type BreakdownCell,
  dateSections,
  diffSections,
  duplicateKeys,
  isReminderDue,
  SECTION_KEYS,
  stepOn,
  summariseBreakdown,
} from '../../domain/profiles/profile-rules';
import type { MaybeActor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { AppError, Conflict, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { domainEvents } from '../../shared/events';
import { dashboardClasses, getReporterMonth, getSeries } from '../analytics/analytics.service';
import { recordAudit } from '../audit/audit.service';
import {
  type DialogueRef,
  findDialogueFor,
  isMemberState,
  listMemberStateCodes,
  requireDialogueFor,
  requireMemberDialogue,
} from '../dialogues/dialogues.service';
import { listIndicatorDefinitions } from '../indicators/indicators.service';
import { sendUserMessages } from '../messages/messages.service';
import { listRouteDefinitions } from '../migratory-routes/migratory-routes.service';
import { latestPublicationOf } from '../observations/observations.service';
import type { SearchItem } from '../search/search.service';
import { profilesPolicy } from './profiles.policy';
import type {
  CompareQuery,
  CompareView,
  DraftBody,
  EndorseBody,
  FiguresView,
  ProfileList,
  ProfileView,
  PublicProfile,
  ReturnBody,
  SectionView,
  VersionSummary,
  VersionView,
} from './profiles.schema';
import {
  bumpProfileRevision,
  countryName,
  decideVersion,
  findLatestVersionRow,
  findProfileRow,
  insertProfile,
  insertVersion,
  listEndorsedSectionRows,
  listProfileRecipients,
  listProfileRows,
  listReminderRows,
  listSectionRows,
  listVersionRows,
  markReminded,
  type ProfileRow,
  replaceSections,
  type SectionRow,
  touchVersion,
  type VersionRow,
} from './profiles.sql';

const iso = (v: Date | string) => new Date(v).toISOString();

const nameIn = (r: { name_en: string; name_fr: string; name_ru: string }, lang?: string) =>
  lang === 'fr' ? r.name_fr : lang === 'ru' ? r.name_ru : r.name_en;

const summaryOf = (v: VersionRow): VersionSummary => ({
  number: v.number,
  status: v.status,
  createdBy: v.created_by_org,
  createdAt: iso(v.created_at),
  updatedAt: iso(v.updated_at),
  decidedBy: v.decided_by_org,
  decidedAt: v.decided_at ? iso(v.decided_at) : null,
  comment: v.comment,
});

const sectionOf = (s: SectionRow): SectionView => ({
  key: s.key,
  body: s.body,
  sources: s.sources.map((x) => ({ title: x.title, url: x.url ?? null })),
  classification: s.classification,
  updatedAt: iso(s.updated_at),
});

/** The state must be a member state of the dialogue: else its profile does not exist (404). */
async function requireState(db: Queryable, d: DialogueRef, iso3: string) {
  if (!(await isMemberState(db, d.id, iso3))) throw new NotFound(`Country profile ${iso3}`);
  const c = await countryName(db, iso3);
  if (!c) throw new NotFound(`Country profile ${iso3}`);
  return c;
}

const target = (d: DialogueRef, state: string) => ({ dialogueId: d.id, state });

/** GET …/profiles: every member state with its profile's endorsed version (and, for editors, its latest). */
export async function listProfiles(ctx: Ctx, slug: string): Promise<ProfileList> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const states = await listMemberStateCodes(db, d.id);
    const rows = await listProfileRows(db, d.id, states);
    return {
      items: rows.map((r) => ({
        state: r.state_iso3,
        stateName: nameIn(r, ctx.language),
        endorsedAt: r.endorsed_at ? iso(r.endorsed_at) : null,
        endorsedNumber: r.endorsed_number,
        // What the latest version is, only for those who may see it (rows are read as the actor, too).
        latestStatus: profilesPolicy.isEditor(ctx.actor, target(d, r.state_iso3)) ? r.latest_status : null,
      })),
    };
  });
}

async function versionView(db: Queryable, actor: MaybeActor, v: VersionRow, profileId: number) {
  return {
    ...summaryOf(v),
    sections: (await listSectionRows(db, actor, v.id)).map(sectionOf),
    profileId,
  };
}

/** GET …/profiles/:iso3: the version the caller may read (editors: the latest; others: the latest endorsed). */
export async function getProfile(ctx: Ctx, slug: string, iso3: string): Promise<ProfileView> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const c = await requireState(db, d, iso3);
    const p = await findProfileRow(db, d.id, iso3);
    const t = target(d, iso3);
    const isEditor = profilesPolicy.isEditor(ctx.actor, t);
    const versions = p ? await listVersionRows(db, ctx.actor, p.id) : [];
    const shown = isEditor ? versions[0] : versions.find((v) => v.status === 'endorsed');
    const latest = versions[0]?.status ?? null;
    const decides = profilesPolicy.canDecide(ctx.actor, t) && stepOn(latest, 'endorse') !== null;
    let version: VersionView | null = null;
    if (shown && p) {
      const { profileId: _, ...v } = await versionView(db, ctx.actor, shown, p.id);
      version = v;
    }
    return {
      state: iso3,
      stateName: nameIn(c, ctx.language),
      revision: p?.revision ?? 0,
      isEditor,
      version,
      versions: versions.map(summaryOf),
      abilities: {
        canEdit: profilesPolicy.canWrite(ctx.actor, t),
        canEndorse: decides,
        canReturn: decides,
      },
    };
  });
}

/** A version the caller may read (a draft or a returned version only for the editors), else 404. */
async function requireVersion(db: Queryable, actor: MaybeActor, p: ProfileRow | undefined, n: number) {
  const v = p ? (await listVersionRows(db, actor, p.id)).find((x) => x.number === n) : undefined;
  if (!v || !p) throw new NotFound(`Version ${n} of the profile`);
  return v;
}

/** GET …/profiles/:iso3/versions/:number */
export async function getVersion(ctx: Ctx, slug: string, iso3: string, n: number): Promise<VersionView> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    await requireState(db, d, iso3);
    const p = await findProfileRow(db, d.id, iso3);
    const v = await requireVersion(db, ctx.actor, p, n);
    const { profileId: _, ...view } = await versionView(db, ctx.actor, v, p!.id);
    return view;
  });
}

/** GET …/profiles/:iso3/compare?from=&to=: two versions the caller reads, section by section. */
export async function compareVersions(
  ctx: Ctx,
  slug: string,
  iso3: string,
  q: CompareQuery,
): Promise<CompareView> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    await requireState(db, d, iso3);
    const p = await findProfileRow(db, d.id, iso3);
    const a = await requireVersion(db, ctx.actor, p, q.from);
    const b = await requireVersion(db, ctx.actor, p, q.to);
    const from = await versionView(db, ctx.actor, a, p!.id);
    const to = await versionView(db, ctx.actor, b, p!.id);
    const { sections: _a, profileId: _pa, ...fromSummary } = from;
    const { sections: _b, profileId: _pb, ...toSummary } = to;
    return { from: fromSummary, to: toSummary, sections: diffSections(from.sections, to.sections) };
  });
}

/** The indicators a profile's key figures are about, in this order when the dialogue has them. */
const KEY_INDICATORS = ['IBC', 'ASY', 'RET_EFF'];
/** How far back the trend reads (months up to the current one). */
const TREND_MONTHS = 48;

/** Runs an analytics read; an indicator or route the caller may not see answers 400, read here as "none". */
async function orNothing<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof Invalid) return null;
    throw e;
  }
}

/**
 * GET …/profiles/:iso3/figures: the key figures of the state from the published statistics the caller may see,
 * read through the analytics service as the dashboards read them: the state's monthly series per route (or
 * its total, for indicators without routes), its figures by citizenship for the latest twelve months
 * (reporter-month), and when its latest figures were published.
 */
export async function getFigures(ctx: Ctx, slug: string, iso3: string): Promise<FiguresView> {
  const d = await requireMemberDialogue(ctx, slug);
  const { indicators, routes, publishedAt } = await withActor(ctx.db, ctx.actor, async (db) => {
    await requireState(db, d, iso3);
    const defs = await listIndicatorDefinitions(db, d.id);
    return {
      indicators: KEY_INDICATORS.flatMap((c) => defs.filter((i) => i.code === c)),
      routes: (await listRouteDefinitions(db, d.id)).map((r) => r.code),
      publishedAt: await latestPublicationOf(db, {
        dialogueId: d.id,
        reporter: iso3,
        classes: dashboardClasses(ctx.actor, d.id),
      }),
    };
  });
  const to = new Date().toISOString().slice(0, 7);
  const from = addMonths(to, -(TREND_MONTHS - 1));
  const cells = new Map<string, BreakdownCell[]>();
  for (const i of indicators) {
    const hasRoutes = i.breakdowns.includes('route');
    const list: BreakdownCell[] = [];
    for (const route of hasRoutes ? routes : [TOTAL_CODE]) {
      const series = await orNothing(() =>
        getSeries(ctx, slug, { indicator: i.code, route, reporter: iso3, from, to, format: 'json' }),
      );
      for (const p of series?.points ?? [])
        list.push({
          dimension: hasRoutes ? 'route' : 'total',
          code: route,
          period: p.period,
          value: p.value,
        });
    }
    cells.set(i.code, list);
  }
  // Citizenships: every figure of the state for each of the latest twelve months with figures.
  const window = new Set<string>();
  for (const list of cells.values()) {
    const s = summariseBreakdown(list);
    if (s.from && s.to) for (const p of periodRange(s.from, s.to)) window.add(p);
  }
  for (const period of [...window].sort()) {
    const month = await orNothing(() =>
      getReporterMonth(ctx, slug, { reporter: iso3, period, format: 'json' }),
    );
    for (const o of month?.observations ?? []) {
      const { citizenship, ...others } = o.breakdowns;
      if (!citizenship || citizenship === TOTAL_CODE) continue;
      // One split only: citizenship on a route (or the total), every other breakdown the total.
      if (Object.entries(others).some(([k, v]) => k !== 'route' && v !== TOTAL_CODE)) continue;
      cells.get(o.indicator)?.push({ dimension: 'citizenship', code: citizenship, period, value: o.value });
    }
  }
  const out: FiguresView['indicators'] = [];
  for (const i of indicators) {
    const s = summariseBreakdown(cells.get(i.code) ?? []);
    if (s.total !== null) out.push({ indicator: i.code, ...s });
  }
  return { state: iso3, publishedAt: publishedAt ? iso(publishedAt) : null, indicators: out };
}

const stale = (p: { revision: number } | undefined, expected: number) =>
  new Conflict(`The profile is at revision ${p?.revision ?? 0}, not ${expected}: reload it`, {
    revision: p?.revision ?? 0,
  });

/** Moves the profile to its next revision, or 409 when someone changed it since `expected`. */
async function nextRevision(db: Queryable, p: ProfileRow, expected: number) {
  if (p.revision !== expected || !(await bumpProfileRevision(db, p.id, expected))) throw stale(p, expected);
}

/**
 * PUT …/profiles/:iso3/draft: saves the draft (a new profile, a change of the draft, or a new version after
 * an endorsement or a return). Sections left out are not part of the version.
 */
export async function saveDraft(
  ctx: Ctx,
  slug: string,
  iso3: string,
  input: DraftBody,
): Promise<ProfileView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    profilesPolicy.edit,
    "Only the secretariat and the state's authorities write a profile",
  );
  const twice = duplicateKeys(input.sections);
  if (twice.length)
    throw new Invalid(
      twice.map((k) => ({
        field: `body.sections[${input.sections.findLastIndex((s) => s.key === k)}].key`,
        message: `the section "${k}" is given twice`,
      })),
    );
  await withActor(ctx.db, actor, async (db) => {
    await requireState(db, d, iso3);
    const t = target(d, iso3);
    if (!profilesPolicy.canWrite(actor, t))
      throw new Forbidden(`Only the secretariat and the authorities of ${iso3} write its profile`);
    let p = await findProfileRow(db, d.id, iso3, { forUpdate: true });
    if (!p) {
      if (input.expectedRevision !== 0) throw stale(p, input.expectedRevision);
      await uniqueOr(
        () => insertProfile(db, { dialogueId: d.id, iso3, userId: actor.userId }),
        () => stale({ revision: 1 }, input.expectedRevision),
      );
      p = (await findProfileRow(db, d.id, iso3, { forUpdate: true }))!;
    } else await nextRevision(db, p, input.expectedRevision);
    const latest = await findLatestVersionRow(db, p.id);
    const step = stepOn(latest?.status ?? null, 'save');
    const previous = latest ? (await listSectionRows(db, actor, latest.id)).map(sectionOf) : [];
    const sections = dateSections(
      input.sections.map((s) => ({
        key: s.key,
        body: s.body,
        sources: (s.sources ?? []).map((x) => ({ title: x.title, url: x.url ?? null })),
        classification: s.classification ?? 'dialogue',
      })),
      previous,
      new Date().toISOString(),
    );
    let versionId: number;
    if (step === 'edit' && latest) {
      versionId = latest.id;
      await touchVersion(db, versionId);
    } else
      versionId = await insertVersion(db, {
        profileId: p.id,
        dialogueId: d.id,
        iso3,
        number: (latest?.number ?? 0) + 1,
        userId: actor.userId,
        orgId: actor.orgId,
      });
    await replaceSections(db, { versionId, dialogueId: d.id, iso3 }, sections);
    await recordAudit(
      db,
      actor,
      'profiles.draft.save',
      { type: 'profile', id: p.id, dialogueId: d.id },
      { state: iso3, version: step === 'edit' ? latest!.number : (latest?.number ?? 0) + 1 },
      { ip: ctx.ip },
    );
  });
  return getProfile(ctx, slug, iso3);
}

/** The draft a state endorses or returns: it must be the latest version and still a draft (else 409). */
async function decide(
  ctx: Ctx,
  slug: string,
  iso3: string,
  n: number,
  expectedRevision: number,
  decision: { status: 'endorsed' | 'returned'; comment: string | null },
): Promise<ProfileView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    profilesPolicy.endorse,
    "Only the state's authorities endorse or return its profile",
  );
  await withActor(ctx.db, actor, async (db) => {
    await requireState(db, d, iso3);
    const t = target(d, iso3);
    if (!profilesPolicy.canDecide(actor, t))
      throw new Forbidden(`Only the authorities of ${iso3} endorse or return its profile`);
    const p = await findProfileRow(db, d.id, iso3, { forUpdate: true });
    const v = await requireVersion(db, actor, p, n);
    const latest = await findLatestVersionRow(db, p!.id);
    if (latest?.number !== v.number || stepOn(v.status, 'endorse') === null)
      throw new AppError(
        'PROFILE_NOT_DRAFT',
        409,
        `Version ${n} is ${v.status === 'draft' ? 'not the latest' : v.status}: only the latest draft is endorsed or returned`,
      );
    await nextRevision(db, p!, expectedRevision);
    if (!(await decideVersion(db, { id: v.id, ...decision, userId: actor.userId, orgId: actor.orgId })))
      throw stale(p, expectedRevision);
    await recordAudit(
      db,
      actor,
      decision.status === 'endorsed' ? 'profiles.version.endorse' : 'profiles.version.return',
      { type: 'profile', id: p!.id, dialogueId: d.id },
      { state: iso3, version: n },
      { ip: ctx.ip },
    );
    if (decision.status === 'endorsed')
      await domainEvents.emit('profile.endorsed', { dialogueId: d.id, profileId: p!.id, state: iso3 }, db);
  });
  return getProfile(ctx, slug, iso3);
}

/** POST …/profiles/:iso3/versions/:number/endorse: the state endorses the draft; it is shown to all members. */
export const endorseVersion = (ctx: Ctx, slug: string, iso3: string, n: number, input: EndorseBody) =>
  decide(ctx, slug, iso3, n, input.expectedRevision, { status: 'endorsed', comment: null });

/** POST …/profiles/:iso3/versions/:number/return: the state returns the draft with a comment. */
export const returnVersion = (ctx: Ctx, slug: string, iso3: string, n: number, input: ReturnBody) =>
  decide(ctx, slug, iso3, n, input.expectedRevision, { status: 'returned', comment: input.comment });

// ---------- used by other modules and the composition root ----------

/**
 * The portal's view of a profile: the latest endorsed version's sections classified public, read as the
 * public (row-level security applies: anonymous). Undefined when the dialogue is not public, the state is not
 * a member, or nothing is endorsed yet. Served by the portal (GET /api/portal/:slug/profiles/:state).
 */
export async function publicProfile(
  db: Db,
  dialogueSlug: string,
  iso3: string,
): Promise<PublicProfile | undefined> {
  return withActor(db, null, async (tx) => {
    const d = await findDialogueFor(tx, null, dialogueSlug);
    if (!d || !(await isMemberState(tx, d.id, iso3))) return undefined;
    const p = await findProfileRow(tx, d.id, iso3);
    const v = p ? (await listVersionRows(tx, null, p.id)).find((x) => x.status === 'endorsed') : undefined;
    if (!v?.decided_at) return undefined;
    const sections = (await listSectionRows(tx, null, v.id)).filter((s) => s.classification === 'public');
    return {
      state: iso3,
      number: v.number,
      endorsedAt: iso(v.decided_at),
      sections: sections.map(sectionOf),
    };
  });
}

/**
 * The portal's list of profiles: the member states whose profile has an endorsed version, with when it was
 * endorsed, read as the public (row-level security applies: anonymous). Undefined when the dialogue is not
 * public. Whether the endorsed version has public sections is publicProfile's business.
 */
export async function listPublicProfiles(
  db: Db,
  dialogueSlug: string,
): Promise<{ state: string; endorsedAt: string; number: number }[] | undefined> {
  return withActor(db, null, async (tx) => {
    const d = await findDialogueFor(tx, null, dialogueSlug);
    if (!d) return undefined;
    const rows = await listProfileRows(tx, d.id, await listMemberStateCodes(tx, d.id));
    return rows.flatMap((r) =>
      r.endorsed_at && r.endorsed_number !== null
        ? [{ state: r.state_iso3, endorsedAt: iso(r.endorsed_at), number: r.endorsed_number }]
        : [],
    );
  });
}

/**
 * The search items of profiles (src/modules/search): one per section of each profile's latest endorsed version
 * classified public or dialogue (restricted sections are not indexed), in English. Run as the owner.
 */
export async function profileSearchItems(db: Queryable, profileId?: number): Promise<SearchItem[]> {
  const rows = await listEndorsedSectionRows(db, profileId);
  return rows
    .filter((r) => r.classification === 'public' || r.classification === 'dialogue')
    .map((r) => ({
      type: 'profile',
      id: `${r.profile_id}:${r.key}`,
      dialogueId: r.dialogue_id,
      classification: r.classification,
      originatorOrgId: r.decided_org_id,
      country: r.state_iso3,
      date: iso(r.decided_at).slice(0, 10),
      language: 'en',
      title: `${r.state_iso3}: ${r.key.replace('_', ' ')}`,
      body: `${r.body}\n${r.sources.map((s) => s.title).join('\n')}`,
      link: `/d/${r.slug}/profiles/${r.state_iso3}`,
    }));
}

/** The ids of every search item a profile may have (one per section), to clear before reindexing it. */
export const profileSearchIds = (profileId: number) => SECTION_KEYS.map((k) => `${profileId}:${k}`);

export const PROFILES_REMIND_JOB = 'profiles.remind';

/**
 * The job 'profiles.remind' (hourly, idempotent): a year after a profile's last endorsement (or creation), its
 * state's authorities and the secretariat are reminded once to update it (the bell, src/modules/messages).
 */
export async function runProfilesRemindJob(db: Db, now = new Date()): Promise<{ reminded: number }> {
  return db.transaction(async (tx) => {
    let reminded = 0;
    for (const p of await listReminderRows(tx)) {
      if (
        !isReminderDue(
          { lastEndorsedAt: p.last_endorsed_at, createdAt: p.created_at, remindedAt: p.reminded_at },
          now,
        )
      )
        continue;
      const recipients = await listProfileRecipients(tx, p.dialogue_id, p.state_iso3);
      await sendUserMessages(
        tx,
        recipients.map((userId) => ({
          userId,
          dialogueId: p.dialogue_id,
          kind: 'profile.update_due',
          payload: { state: p.state_iso3 },
          link: `/d/${p.slug}/profiles/${p.state_iso3}`,
          dedupeKey: `profile.update_due:${p.id}:${now.getUTCFullYear()}`,
        })),
      );
      await markReminded(tx, p.id);
      reminded++;
    }
    return { reminded };
  });
}
