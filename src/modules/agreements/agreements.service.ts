/**
 * Use cases of the agreements registry, one transaction each, run as the actor (row-level security applies).
 * An agreement's status is never stored: it is derived from its dates on the day asked (agreementStatus in
 * src/domain/agreements). Every change is a new revision; a change based on an older revision is refused
 * (409). Agreements are search items (indexed in the writing transaction, and a search source for reindexing).
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import {
  type AgreementRef,
  agreementStatus,
  agreementTimeline,
  buildMatrix,
  checkAgreementDates,
  checkParties,
  isActiveInYear,
  type Party,
  partnersOf,
  partyKey,
  sortPartyKeys,
} from '../../domain/agreements/agreement-rules';
import { toSafeCsv } from '../../domain/csv-safe';
import { allows } from '../../shared/access';
import type { Actor, MaybeActor } from '../../shared/actor';
import type { Ctx } from '../../shared/ctx';
import { Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import {
  type DialogueRef,
  requireDialogue,
  requireDialogueFor,
  requireMemberDialogue,
} from '../dialogues/dialogues.service';
import { getDocument } from '../documents/documents.service';
import { checkSharedWith } from '../members/members.service';
import { listCountries } from '../reference/reference.service';
import { indexItem, type SearchItem } from '../search/search.service';
import { agreementsPolicy } from './agreements.policy';
import type {
  AgreementBody,
  AgreementFilter,
  AgreementHistory,
  AgreementList,
  AgreementMatrix,
  AgreementPartners,
  AgreementUpdateBody,
  AgreementView,
} from './agreements.schema';
import {
  type AgreementContent,
  type AgreementRow,
  findAgreementRow,
  insertAgreement,
  insertAgreementRevision,
  listAgreementRevisionRows,
  listAgreementRows,
  listAgreementsForSearch,
  updateAgreementRow,
} from './agreements.sql';

const iso = (v: Date | string) => new Date(v).toISOString();
const today = () => new Date().toISOString().slice(0, 10);

const datesOf = (r: AgreementRow) => ({
  mandateOn: r.mandate_on,
  signedOn: r.signed_on,
  inForceOn: r.in_force_on,
  suspendedOn: r.suspended_on,
  endedOn: r.ended_on,
});

const statusOf = (r: AgreementRow, on = today()) => agreementStatus(datesOf(r), on, r.rounds);

const partyView = (p: Party) => ({
  kind: p.kind,
  key: partyKey(p),
  iso3: p.kind === 'state' ? p.iso3 : null,
  name: p.kind === 'organisation' ? p.name : null,
});

const stateParties = (parties: readonly Party[]) =>
  parties.flatMap((p) => (p.kind === 'state' ? [p.iso3.toUpperCase()] : []));

function summaryOf(r: AgreementRow) {
  return {
    id: r.id,
    type: r.agreement_type,
    title: r.title,
    parties: r.parties.map(partyView),
    status: statusOf(r),
    ...datesOf(r),
    rounds: r.rounds,
    classification: r.classification,
    revision: r.revision,
    updatedAt: iso(r.updated_at),
  };
}

const refOf = (r: AgreementRow): AgreementRef => ({
  id: r.id,
  type: r.agreement_type,
  title: r.title,
  status: statusOf(r),
  partyKeys: r.party_keys,
});

function viewOf(actor: MaybeActor, r: AgreementRow): AgreementView {
  return {
    ...summaryOf(r),
    texts: r.texts.map((t) => ({
      kind: t.kind,
      url: t.kind === 'link' ? t.url : null,
      documentId: t.kind === 'document' ? t.documentId : null,
      title: t.title,
    })),
    notes: r.notes,
    sharedWithOrgIds: r.shared_with_org_ids,
    originator: r.originator,
    timeline: agreementTimeline(datesOf(r), r.rounds, today()),
    abilities: {
      canEdit:
        allows(actor, agreementsPolicy.record, { dialogueId: r.dialogue_id }) &&
        agreementsPolicy.change(actor, {
          dialogueId: r.dialogue_id,
          originatorOrgId: r.originator_org_id,
          stateParties: stateParties(r.parties),
        }),
    },
  };
}

/** The filters the database does not apply: status (from the dates, today) and the year an agreement was active. */
function matchesFilter(r: AgreementRow, f: AgreementFilter): boolean {
  if (f.status && statusOf(r) !== f.status) return false;
  if (f.year !== undefined && !isActiveInYear(datesOf(r), r.rounds, f.year)) return false;
  return true;
}

/** GET …/agreements: the agreements the caller sees, by type, party, status and year. */
export async function listAgreements(ctx: Ctx, slug: string, f: AgreementFilter): Promise<AgreementList> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const all = await listAgreementRows(db, ctx.actor, d.id);
    const rows = all.filter(
      (r) => (!f.type || r.agreement_type === f.type) && (!f.party || r.party_keys.includes(f.party)),
    );
    return {
      items: rows.filter((r) => matchesFilter(r, f)).map(summaryOf),
      parties: sortPartyKeys([...new Set(all.flatMap((r) => r.party_keys))]),
      abilities: { canRecord: allows(ctx.actor, agreementsPolicy.record, { dialogueId: d.id }) },
    };
  });
}

async function requireAgreement(
  db: Queryable,
  actor: MaybeActor,
  d: DialogueRef,
  id: number,
  forUpdate = false,
) {
  const row = await findAgreementRow(db, actor, d.id, id, { forUpdate });
  if (!row) throw new NotFound(`Agreement ${id}`);
  return row;
}

/** GET …/agreements/:id: the agreement with its timeline and what the caller may do. */
export async function getAgreement(ctx: Ctx, slug: string, id: number): Promise<AgreementView> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) =>
    viewOf(ctx.actor, await requireAgreement(db, ctx.actor, d, id)),
  );
}

/** GET …/agreements/:id/history: every revision, oldest first. */
export async function getAgreementHistory(ctx: Ctx, slug: string, id: number): Promise<AgreementHistory> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => {
    const r = await requireAgreement(db, ctx.actor, d, id);
    return {
      items: (await listAgreementRevisionRows(db, r.id)).map((v) => ({
        revision: v.revision,
        change: v.change,
        organisation: v.organisation,
        at: iso(v.created_at),
        content: v.content,
      })),
    };
  });
}

/** GET …/agreements/matrix: who has which agreement with whom (optionally one type). */
export async function getAgreementMatrix(
  ctx: Ctx,
  slug: string,
  q: { type?: AgreementFilter['type'] },
): Promise<AgreementMatrix> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) =>
    buildMatrix((await listAgreementRows(db, ctx.actor, d.id)).map(refOf), { type: q.type }),
  );
}

/** GET …/agreements/partners: the partners of one party across its agreements (the map). */
export async function getAgreementPartners(
  ctx: Ctx,
  slug: string,
  party: string,
): Promise<AgreementPartners> {
  const d = await requireMemberDialogue(ctx, slug);
  return withActor(ctx.db, ctx.actor, async (db) => ({
    party,
    partners: partnersOf((await listAgreementRows(db, ctx.actor, d.id, { party })).map(refOf), party),
  }));
}

// ---------- used by the public portal (src/modules/portal) ----------

/**
 * The public agreements of a dialogue, read as an anonymous caller whoever asks (row-level security: public
 * agreements of a public dialogue; migration 0045), filtered like the members' list. NotFound when the dialogue
 * is not visible to the public.
 */
export async function listPublicAgreements(
  ctx: Ctx,
  slug: string,
  f: AgreementFilter,
): Promise<{ items: AgreementView[]; parties: string[] }> {
  const d = await requireDialogue({ ...ctx, actor: null }, slug);
  return withActor(ctx.db, null, async (db) => {
    const all = (await listAgreementRows(db, null, d.id)).filter((r) => r.classification === 'public');
    const rows = all.filter(
      (r) => (!f.type || r.agreement_type === f.type) && (!f.party || r.party_keys.includes(f.party)),
    );
    return {
      items: rows.filter((r) => matchesFilter(r, f)).map((r) => viewOf(null, r)),
      parties: sortPartyKeys([...new Set(all.flatMap((r) => r.party_keys))]),
    };
  });
}

/** One public agreement, read as an anonymous caller (NotFound for any other). */
export async function getPublicAgreement(ctx: Ctx, slug: string, id: number): Promise<AgreementView> {
  const d = await requireDialogue({ ...ctx, actor: null }, slug);
  return withActor(ctx.db, null, async (db) => {
    const r = await requireAgreement(db, null, d, id);
    if (r.classification !== 'public') throw new NotFound(`Agreement ${id}`);
    return viewOf(null, r);
  });
}

const CSV_HEADER = [
  'id',
  'type',
  'title',
  'parties',
  'status',
  'mandate',
  'rounds',
  'signed',
  'in_force',
  'suspended',
  'ended',
  'texts',
  'classification',
  'revision',
];

/** GET …/agreements.csv: the filtered list as CSV (one row per agreement; parties by key, rounds by date). */
export async function agreementsCsv(ctx: Ctx, slug: string, f: AgreementFilter): Promise<string> {
  const list = await listAgreements(ctx, slug, f);
  const d = await requireMemberDialogue(ctx, slug);
  const texts = await withActor(ctx.db, ctx.actor, async (db) => {
    const byId = new Map<number, string>();
    for (const r of await listAgreementRows(db, ctx.actor, d.id))
      byId.set(
        r.id,
        r.texts.map((t) => (t.kind === 'link' ? t.url : `document ${t.documentId}`)).join(' | '),
      );
    return byId;
  });
  return toSafeCsv([
    CSV_HEADER,
    ...list.items.map((a) => [
      a.id,
      a.type,
      a.title,
      a.parties.map((p) => p.key).join('; '),
      a.status,
      a.mandateOn,
      a.rounds.map((r) => (r.place ? `${r.date} ${r.place}` : r.date)).join('; '),
      a.signedOn,
      a.inForceOn,
      a.suspendedOn,
      a.endedOn,
      texts.get(a.id) ?? '',
      a.classification,
      a.revision,
    ]),
  ]);
}

/** The content to save, normalised (state codes upper case, rounds by date). */
function contentOf(input: AgreementBody): AgreementContent {
  const parties: Party[] = input.parties.map((p) =>
    p.kind === 'state'
      ? { kind: 'state', iso3: p.iso3.toUpperCase() }
      : p.kind === 'organisation'
        ? { kind: 'organisation', name: p.name.replace(/\s+/g, ' ') }
        : { kind: 'eu' },
  );
  return {
    type: input.type,
    title: input.title,
    parties,
    partyKeys: parties.map(partyKey),
    mandateOn: input.mandateOn,
    rounds: [...input.rounds].sort((a, b) => a.date.localeCompare(b.date)),
    signedOn: input.signedOn,
    inForceOn: input.inForceOn,
    suspendedOn: input.suspendedOn,
    endedOn: input.endedOn,
    texts: input.texts,
    notes: input.notes,
    classification: input.classification,
    sharedWithOrgIds: input.classification === 'restricted' ? [...new Set(input.sharedWithOrgIds)] : [],
  };
}

/**
 * Everything wrong with an agreement, as field errors (what and where): parties, dates, linked documents the
 * caller cannot see, sharing. Documents are looked up through the documents service before the write.
 */
async function problemsOf(ctx: Ctx, slug: string, input: AgreementBody): Promise<FieldError[]> {
  const known = new Set(listCountries().map((c) => c.iso3));
  const errors: FieldError[] = [
    ...checkParties(input.parties, (iso3) => known.has(iso3)),
    ...checkAgreementDates(
      {
        mandateOn: input.mandateOn,
        signedOn: input.signedOn,
        inForceOn: input.inForceOn,
        suspendedOn: input.suspendedOn,
        endedOn: input.endedOn,
      },
      input.rounds,
    ),
  ];
  for (const [i, t] of input.texts.entries()) {
    if (t.kind !== 'document') continue;
    try {
      await getDocument(ctx, slug, t.documentId);
    } catch (e) {
      if (!(e instanceof NotFound)) throw e;
      errors.push({
        field: `body.texts[${i}].documentId`,
        message: `document ${t.documentId} is not in this dialogue's library (or you cannot see it)`,
      });
    }
  }
  if (input.classification === 'restricted' && input.sharedWithOrgIds.length === 0)
    errors.push({
      field: 'body.sharedWithOrgIds',
      message: 'a restricted agreement names the organisations it is shared with',
    });
  return errors;
}

async function indexAgreement(db: Queryable, id: number): Promise<void> {
  for (const item of await agreementSearchItems(db, id)) await indexItem(db, item);
}

const by = (actor: Actor) => ({ userId: actor.userId, orgId: actor.orgId });

/** POST …/agreements: records an agreement (revision 1). */
export async function createAgreement(ctx: Ctx, slug: string, input: AgreementBody): Promise<AgreementView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    agreementsPolicy.record,
    "Only the secretariat and member states' analysts record agreements",
  );
  const errors = await problemsOf(ctx, slug, input);
  if (errors.length) throw new Invalid(errors);
  const content = contentOf(input);
  if (!agreementsPolicy.mayRecordFor(actor, d.id, stateParties(content.parties)))
    throw new Forbidden(
      `You record agreements your state (${actor.countryIso3 ?? 'none'}) is a party to; the secretariat records the others`,
    );
  return withActor(ctx.db, actor, async (db) => {
    const shared = await checkSharedWith(db, d.id, content.sharedWithOrgIds);
    if (shared.length) throw new Invalid(shared);
    const id = await insertAgreement(db, { ...content, dialogueId: d.id, ...by(actor) });
    await insertAgreementRevision(db, {
      agreementId: id,
      revision: 1,
      dialogueId: d.id,
      change: 'created',
      content,
      ...by(actor),
    });
    await recordAudit(
      db,
      actor,
      'agreement.create',
      { type: 'agreement', id, dialogueId: d.id },
      { title: content.title, type: content.type, parties: content.partyKeys },
      { ip: ctx.ip },
    );
    await indexAgreement(db, id);
    return viewOf(actor, await requireAgreement(db, actor, d, id));
  });
}

/** PUT …/agreements/:id: a new revision of the agreement; one based on an older revision answers 409. */
export async function updateAgreement(
  ctx: Ctx,
  slug: string,
  id: number,
  input: AgreementUpdateBody,
): Promise<AgreementView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    agreementsPolicy.record,
    "Only the secretariat and member states' analysts change agreements",
  );
  const { expectedRevision, ...body } = input;
  const existing = await withActor(ctx.db, actor, (db) => requireAgreement(db, actor, d, id));
  if (
    !agreementsPolicy.change(actor, {
      dialogueId: d.id,
      originatorOrgId: existing.originator_org_id,
      stateParties: stateParties(existing.parties),
    })
  )
    throw new Forbidden(
      `Agreement ${id} was recorded by ${existing.originator}: only they and the secretariat change it`,
    );
  const errors = await problemsOf(ctx, slug, body);
  if (errors.length) throw new Invalid(errors);
  const content = contentOf(body);
  if (!agreementsPolicy.mayRecordFor(actor, d.id, stateParties(content.parties)))
    throw new Forbidden(`Your state (${actor.countryIso3 ?? 'none'}) must stay a party to the agreement`);
  return withActor(ctx.db, actor, async (db) => {
    const r = await requireAgreement(db, actor, d, id, true);
    if (r.revision !== expectedRevision || !(await updateAgreementRow(db, r.id, expectedRevision, content)))
      throw new Conflict(
        `Agreement ${id} is at revision ${r.revision}, not ${expectedRevision}: reload it`,
        viewOf(actor, r),
      );
    const shared =
      content.sharedWithOrgIds.join() === r.shared_with_org_ids.join()
        ? []
        : await checkSharedWith(db, d.id, content.sharedWithOrgIds);
    if (shared.length) throw new Invalid(shared);
    await insertAgreementRevision(db, {
      agreementId: r.id,
      revision: r.revision + 1,
      dialogueId: d.id,
      change: 'edited',
      content,
      ...by(actor),
    });
    await recordAudit(
      db,
      actor,
      'agreement.update',
      { type: 'agreement', id, dialogueId: d.id },
      { revision: r.revision + 1 },
      { ip: ctx.ip },
    );
    await indexAgreement(db, id);
    const after = await findAgreementRow(db, actor, d.id, id);
    // A change may make the agreement invisible to its author (e.g. restricted to others): say so, keep it.
    if (!after) throw new Forbidden('After this change you could no longer see the agreement');
    return viewOf(actor, after);
  });
}

const TYPE_WORDS: Record<AgreementRow['agreement_type'], string> = {
  readmission: 'readmission agreement',
  visa_facilitation: 'visa facilitation agreement',
  mobility_partnership: 'mobility partnership',
  working_arrangement: 'working arrangement',
  memorandum: 'memorandum of understanding',
  labour_migration: 'labour migration agreement',
  other: 'agreement',
};

/** Agreements as search items (all of them, or one), with their parties' names in the text. */
export async function agreementSearchItems(db: Queryable, id?: number): Promise<SearchItem[]> {
  const names = new Map(listCountries().map((c) => [c.iso3, c.name.en]));
  const rows = await listAgreementsForSearch(db, id);
  return rows.map((a) => {
    const parties = a.party_keys.map((k) =>
      k === 'EU' ? 'European Union' : k.startsWith('ORG:') ? k.slice(4) : (names.get(k) ?? k),
    );
    const states = a.party_keys.filter((k) => names.has(k));
    return {
      type: 'agreement',
      id: a.id,
      dialogueId: a.dialogue_id,
      classification: a.classification,
      originatorOrgId: a.originator_org_id,
      sharedWithOrgIds: a.shared_with_org_ids,
      country: states.length === 1 ? states[0]! : null,
      date: a.day,
      language: 'en',
      title: a.title,
      body: [TYPE_WORDS[a.agreement_type], parties.join(', '), ...a.rounds.map((r) => r.place), a.notes]
        .filter(Boolean)
        .join('\n'),
      link: `/d/${a.slug}/agreements/${a.id}`,
    };
  });
}
