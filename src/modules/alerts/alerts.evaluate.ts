/**
 * Evaluation of alert rules: run after publication by the job 'alerts.evaluate' ({dialogueId, periods}), or
 * directly (evaluateAlerts, the "evaluate now" endpoints, tests).
 *
 * Each rule reads its series through the analytics service *as its owner*, so a rule never sees more than its
 * owner may (an owner who lost access gets no alerts). An alert is stored once per event (rule, period, series):
 * re-running the evaluation is harmless. With a new alert, in the same transaction: an in-app notification
 * for the rule's owner and for in-app subscribers, and a pending delivery per e-mail/webhook subscription —
 * for every recipient who may see the alert.
 */
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import type { Db } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { loadChangepointDetector } from '../../domain/alerts/changepoint';
import {
  type ChangepointDetect,
  evaluateRule,
  type IntervalForecast,
  type Point,
  RuleDefinition,
  type RuleInputs,
} from '../../domain/alerts/rules';
import { isPeriod, parsePeriod } from '../../domain/periods';
import { type Actor, isMember } from '../../shared/actor';
import { type Classification, classificationRank } from '../../shared/classification';
import type { Ctx } from '../../shared/ctx';
import { AppError } from '../../shared/errors';
import { type ClassifiedRecord, canSee } from '../../shared/visibility';
import { getSeries, getTopCitizenships } from '../analytics/analytics.service';
import { findUserAuth, loadActor } from '../identity/auth/auth.service';
import {
  findForecastOf,
  findVisibleIndicator,
  findVisibleRoute,
  insertAlertOnce,
  insertDelivery,
  insertNotification,
  listActiveRules,
  listActiveSubscriptions,
  type RuleRow,
  type SubscriptionRow,
} from './alerts.sql';

const TOTAL = '_T';

export interface EvaluateOptions {
  dialogueId: number;
  /** Periods (YYYY-MM) to evaluate; default: the latest period of each rule's series. */
  periods?: readonly string[] | undefined;
  /** Only these rules (default: every active rule of the dialogue). */
  ruleIds?: readonly number[] | undefined;
  log?: FastifyBaseLogger | undefined;
}

export interface EvaluationResult {
  rules: number;
  created: number;
  alertIds: number[];
  /** New e-mail/webhook deliveries waiting for the delivery job. */
  deliveries: number;
  skipped: { ruleId: number; reason: string }[];
}

/** Evaluates the active rules of a dialogue for some periods; stores new alerts, notifications, deliveries. */
export async function evaluateAlerts(db: Db, opts: EvaluateOptions): Promise<EvaluationResult> {
  const log: FastifyBaseLogger = opts.log ?? pino({ level: 'silent' });
  const periodsAsked = (opts.periods ?? []).filter(isPeriod);
  const rules = await listActiveRules(db, opts.dialogueId, opts.ruleIds ? [...opts.ruleIds] : undefined);
  const subscriptions = await listActiveSubscriptions(db, opts.dialogueId);
  const actors = new Map<number, Promise<Actor | null>>();
  const actorOf = (userId: number) => {
    let found = actors.get(userId);
    if (!found) {
      found = findUserAuth(db, userId).then((u) => (u?.is_active ? loadActor(db, u) : null));
      actors.set(userId, found);
    }
    return found;
  };
  let detect: ChangepointDetect | undefined;
  const result: EvaluationResult = {
    rules: rules.length,
    created: 0,
    alertIds: [],
    deliveries: 0,
    skipped: [],
  };

  for (const rule of rules) {
    const skip = (reason: string) => result.skipped.push({ ruleId: rule.id, reason });
    const owner = await actorOf(rule.owner_id);
    if (!owner || !isMember(owner, rule.dialogue_id)) {
      skip('the owner is no longer a member of the dialogue');
      continue;
    }
    const parsed = RuleDefinition.safeParse(rule.definition);
    if (!parsed.success) {
      skip('the rule definition is not valid');
      continue;
    }
    const def = parsed.data;
    const ctx: Ctx = { db, actor: owner, log };
    const citizenship = rule.citizenship === TOTAL ? undefined : rule.citizenship;
    let series: Point[];
    let record: Awaited<ReturnType<typeof classificationOfRule>>;
    try {
      record = await classificationOfRule(db, owner, rule);
      series = await readSeries(ctx, rule, def.kind === 'route_shift' ? undefined : citizenship);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      skip(`the owner may no longer read this series (${e.message})`);
      continue;
    }
    const lastKnown = series.filter((p) => p.value !== null).at(-1)?.period;
    const periods = periodsAsked.length ? periodsAsked : lastKnown ? [lastKnown] : [];
    if (!periods.length) {
      skip('no data');
      continue;
    }
    for (const period of periods) {
      const inputs: RuleInputs = { series };
      if (def.kind === 'forecast_interval') {
        inputs.forecast = await readForecast(db, owner, rule, period);
        if (!inputs.forecast) skip(`no forecast of ${period} made before it`);
      } else if (def.kind === 'level_shift') {
        detect ??= await loadChangepointDetector();
        inputs.detect = detect;
      } else if (def.kind === 'route_shift') {
        inputs.parts = await readCitizenshipSeries(ctx, rule, period, citizenship);
      }
      for (const event of evaluateRule(def, period, inputs)) {
        // Recipients are resolved before the transaction (PGlite has one connection: no query beside it).
        const recipients: SubscriptionRow[] = [];
        for (const s of subscriptions)
          if (await isRecipient(s, rule, { dialogueId: rule.dialogue_id, ...record }, actorOf))
            recipients.push(s);
        const outcome = await db.transaction(async (tx) => {
          const alert = {
            ruleId: rule.id,
            dialogueId: rule.dialogue_id,
            period: event.period,
            seriesKey: event.seriesKey,
            kind: def.kind,
            value: event.value,
            reference: event.reference,
            details: event.details,
            ...record,
          };
          const id = await insertAlertOnce(tx, alert);
          if (id === null) return null;
          const visible = { dialogueId: rule.dialogue_id, ...record };
          let deliveries = 0;
          if (canSee(owner, visible)) await insertNotification(tx, owner.userId, id, rule.dialogue_id);
          for (const s of recipients) {
            if (s.channel === 'in_app') await insertNotification(tx, s.user_id, id, rule.dialogue_id);
            else {
              await insertDelivery(tx, {
                alertId: id,
                subscriptionId: s.id,
                dialogueId: rule.dialogue_id,
                userId: s.user_id,
                channel: s.channel,
              });
              deliveries++;
            }
          }
          return { id, deliveries };
        });
        if (outcome) {
          result.created++;
          result.alertIds.push(outcome.id);
          result.deliveries += outcome.deliveries;
          log.info({ alertId: outcome.id, ruleId: rule.id, period: event.period }, 'alert raised');
        }
      }
    }
  }
  return result;
}

async function isRecipient(
  s: SubscriptionRow,
  rule: RuleRow,
  alert: ClassifiedRecord,
  actorOf: (userId: number) => Promise<Actor | null>,
): Promise<boolean> {
  if (s.scope === 'own' && s.user_id !== rule.owner_id) return false;
  const who = await actorOf(s.user_id);
  return !!who && canSee(who, alert);
}

/**
 * The classification of a rule's alerts: that of the data it reads. The series mixes public and dialogue
 * figures for members, so at least 'dialogue'; more if the indicator or the route is classified higher
 * (restricted: shared with the organisations both share it with).
 */
async function classificationOfRule(
  db: Db,
  owner: Actor,
  rule: RuleRow,
): Promise<{ classification: Classification; originatorOrgId: number; sharedWithOrgIds: number[] }> {
  const indicator = await findVisibleIndicator(db, owner, rule.dialogue_id, rule.indicator);
  const route = rule.route === TOTAL ? null : await findVisibleRoute(db, owner, rule.dialogue_id, rule.route);
  if (!indicator || (rule.route !== TOTAL && !route))
    throw new AppError('NOT_FOUND', 404, 'the indicator or route is not visible to the owner');
  const parts = [indicator, ...(route ? [route] : [])];
  let classification: Classification = 'dialogue';
  for (const p of parts)
    if (classificationRank(p.classification) > classificationRank(classification))
      classification = p.classification;
  const restricted = parts.filter((p) => p.classification === 'restricted');
  const shared =
    classification === 'restricted'
      ? restricted.reduce<number[]>(
          (acc, p, i) =>
            i === 0 ? [...p.shared_with_org_ids] : acc.filter((o) => p.shared_with_org_ids.includes(o)),
          [],
        )
      : [];
  return { classification, originatorOrgId: rule.owner_org_id, sharedWithOrgIds: shared };
}

async function readSeries(ctx: Ctx, rule: RuleRow, citizenship: string | undefined): Promise<Point[]> {
  const view = await getSeries(ctx, rule.dialogue_slug, {
    indicator: rule.indicator,
    route: rule.route,
    format: 'json',
    ...(citizenship ? { citizenship } : {}),
  });
  return view.points;
}

async function readForecast(
  db: Db,
  owner: Actor,
  rule: RuleRow,
  period: string,
): Promise<IntervalForecast | null> {
  const row = await withActor(db, owner, (tx) =>
    findForecastOf(tx, {
      indicatorId: rule.indicator_id,
      route: rule.route,
      citizenship: rule.citizenship,
      period,
    }),
  );
  return row
    ? { period, origin: row.origin, model: row.model, point: row.point, lo95: row.lo95, hi95: row.hi95 }
    : null;
}

/** route_shift: the rule's citizenship, or the route's top 10 citizenships of the period's year. */
async function readCitizenshipSeries(
  ctx: Ctx,
  rule: RuleRow,
  period: string,
  citizenship: string | undefined,
): Promise<Map<string, Point[]>> {
  let candidates: string[];
  if (citizenship) candidates = [citizenship];
  else {
    const top = await getTopCitizenships(ctx, rule.dialogue_slug, {
      indicator: rule.indicator,
      route: rule.route,
      year: parsePeriod(period).year,
      limit: 10,
      format: 'json',
    });
    candidates = top.items.map((i) => i.citizenship);
  }
  const parts = new Map<string, Point[]>();
  for (const c of candidates) parts.set(c, await readSeries(ctx, rule, c));
  return parts;
}
