/**
 * The door: where every route's access rule (src/shared/access.ts) is enforced, and the ONLY place API-token
 * scopes are checked. Runs before the body is validated, so a refused caller learns nothing about the schema
 * and the access-matrix test can probe every route with an empty body. Kept apart from the auth plugin (which
 * finds out who is calling) because this part decides what they may do.
 */
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/connect';
import { type DialogueRef, findDialogueFor } from '../../modules/dialogues/dialogues.service';
import {
  type AccessRule,
  admitsAnonymous,
  type DialogueRule,
  describeAccess,
  routeParams,
  SESSION_ONLY,
  scopeOf,
} from '../../shared/access';
import { type Actor, hasScope, isMember } from '../../shared/actor';
import { AppError, Forbidden, NotFound, Unauthenticated } from '../../shared/errors';
import { actorCacheKey } from '../../shared/response-cache';
import { cacheTtlFromEnv, TtlCache } from '../../shared/ttl-cache';

/** Checked when a route is registered: a dialogue rule needs a dialogue in the URL. */
export function assertRuleFitsRoute(method: string, url: string, r: AccessRule | undefined): void {
  if (url.startsWith('/api/') && !url.startsWith('/api/docs') && !r)
    throw new Error(`Route ${method} ${url} declares no access rule (config.access)`);
  if (r && typeof r === 'object' && r.kind === 'dialogue' && !/:(slug|dialogueId)\b/.test(url))
    throw new Error(
      `Route ${method} ${url}: the dialogue rule "${r.name}" needs :slug or :dialogueId in the URL`,
    );
}

/**
 * 401, 403 or 404 if the caller may not pass; nothing when they may. A refused upload's body (a stream the
 * import route reads itself) is drained, so the next request on the connection is not kept waiting.
 */
export async function enforceAccess(db: Db, req: FastifyRequest): Promise<void> {
  try {
    await decide(db, req);
  } catch (e) {
    const body: unknown = req.body;
    if (body instanceof Readable) body.resume();
    throw e;
  }
}

async function decide(db: Db, req: FastifyRequest): Promise<void> {
  const r = req.routeOptions.config.access;
  if (!r || r === 'public') return;
  const actor = req.ctx.actor;
  if (!actor) {
    if (admitsAnonymous(r)) return;
    throw new Unauthenticated();
  }
  refuseTokenWithoutScope(actor, r, req);
  if (r === 'user' || r.kind === 'open') return;
  if (r.kind === 'actor') {
    if (!r.check(actor)) throw refused(r);
    return;
  }
  const dialogueId = await dialogueAtDoor(db, actor, r, req);
  if (!r.check(actor, { dialogueId })) throw refused(r);
}

function refused(r: AccessRule): Forbidden {
  return new Forbidden(`This requires: ${describeAccess(r)}`);
}

/** A token may call the route only if it holds the rule's scope; session-only routes refuse every token. */
function refuseTokenWithoutScope(actor: Actor, r: AccessRule, req: FastifyRequest): void {
  const scope = scopeOf(r);
  if (scope === null || hasScope(actor, scope)) return;
  const what = `${req.method} ${req.routeOptions.url} (${describeAccess(r)})`;
  if (scope === SESSION_ONLY)
    throw new AppError('TOKEN_NOT_ALLOWED', 403, `API tokens cannot use ${what}; log in instead.`, {
      rule: describeAccess(r),
    });
  throw new AppError(
    'TOKEN_SCOPE_MISSING',
    403,
    `This API token lacks the scope "${scope}" that ${what} needs (it has: ${(actor.scopes ?? []).join(', ') || 'none'}).`,
    { rule: describeAccess(r), requiredScope: scope },
  );
}

// "Which dialogue is :slug, as this caller sees it", asked by every dialogue route: kept briefly per database,
// caller and slug, as the other look-ups (src/shared/ttl-cache.ts: cleared by every write, here and on the
// other servers), so a request answered from the response cache costs no round trip at the door.
const doorDialogues = new WeakMap<Db, TtlCache<DialogueRef>>();

async function visibleDialogue(db: Db, actor: Actor, slug: string): Promise<DialogueRef | undefined> {
  let cache = doorDialogues.get(db);
  if (!cache) {
    cache = new TtlCache<DialogueRef>(cacheTtlFromEnv(), 5_000);
    doorDialogues.set(db, cache);
  }
  const key = `${slug}\n${actorCacheKey(actor)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const d = await findDialogueFor(db, actor, slug);
  if (d) cache.set(key, d);
  return d;
}

/**
 * The dialogue of the URL, as the caller may see it: by `:slug`, a public dialogue or one they belong to; by
 * `:dialogueId` (administration), only one they belong to. Otherwise 404, as the services answer.
 */
async function dialogueAtDoor(db: Db, actor: Actor, r: DialogueRule, req: FastifyRequest): Promise<number> {
  const params = routeParams(req);
  if (params.slug !== undefined) {
    const d = await visibleDialogue(db, actor, params.slug);
    if (!d || (r.membersOnly && !isMember(actor, d.id))) throw new NotFound(`Dialogue "${params.slug}"`);
    return d.id;
  }
  const id = Number(params.dialogueId);
  if (!Number.isSafeInteger(id) || !isMember(actor, id)) throw new NotFound(`Dialogue ${params.dialogueId}`);
  return id;
}
