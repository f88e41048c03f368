import type { FastifyRequest } from 'fastify';
import { type Actor, hasRole, hasScope, isMember, type MaybeActor } from './actor';
import type { Role } from './roles';
import type { TokenScope } from './token-scopes';

/**
 * What every API route declares in `config.access`: who may call it, checked at the door by the auth plugin
 * (src/server/plugins/auth.ts) before the body is read. Each module writes its rules in its `<module>.policy.ts`
 * with the constructors below; record-level rules (may this actor see this alert?) sit next to them in the same
 * file and are applied by the module's service.
 *
 * A rule is an object: a stable `name` (`alerts.createRule`: in 403s, in the OpenAPI document as `x-access`,
 * in docs/identity.md), the token `scope` the route needs (`SESSION_ONLY`: no token may call it), and a check.
 * The door answers, in this order: 401 to an anonymous caller (except `public` and open rules); 403
 * TOKEN_NOT_ALLOWED / TOKEN_SCOPE_MISSING to a token without the scope; for a dialogue rule 404 when the
 * dialogue in the URL is not visible to the caller (or, `membersOnly`, when they are not a member); 403 when
 * the check says no. A browser session has no scope limit.
 *
 * - `'public'`: anyone, tokens of any scope included: data-free or identity routes (login, health, reference).
 * - `open`: anyone, also anonymous; what it shows depends on who asks, so a token needs the scope.
 * - `signedIn`: any signed-in actor; allowed only with a `reason` (the access-matrix test fails without one).
 * - `actor`: a signed-in actor the check accepts (e.g. admin of some dialogue).
 * - `dialogue`: a signed-in actor the check accepts for the dialogue named by `:slug` or `:dialogueId`.
 * - `members`: the most common dialogue rule: members of the dialogue (404 to everyone else, also for a public
 *   dialogue), optionally only those holding one of some roles or passing a check (403 to other members).
 * - `'user'` is the old bare "any logged-in user": it still type-checks so that code written before the rules
 *   fails the access-matrix test with a clear message instead of the build; the door refuses tokens on it.
 */
export type AccessRule = 'public' | 'user' | AccessCheck;
export type AccessCheck = OpenRule | ActorRule | DialogueRule;

/** The scope a token needs: one of the token scopes, or no token at all. */
export const SESSION_ONLY = 'session-only';
export type RouteScope = TokenScope | typeof SESSION_ONLY;

interface RuleBase {
  /** `<module>.<action>`, unique: what a 403 and the OpenAPI document name. */
  name: string;
  scope: RouteScope;
}

export interface OpenRule extends RuleBase {
  kind: 'open';
}

export interface ActorRule extends RuleBase {
  kind: 'actor';
  check: (actor: Actor) => boolean;
  /** Set for rules that admit every signed-in actor: why that is right (the service narrows to their own). */
  reason?: string;
  admitsEveryone: boolean;
}

/** The dialogue a request acts on, resolved at the door from the route's `:slug` or `:dialogueId`. */
export interface DialogueTarget {
  dialogueId: number;
}

export interface DialogueRule extends RuleBase {
  kind: 'dialogue';
  check: (actor: Actor, t: DialogueTarget) => boolean;
  /**
   * true: a caller who is not a member of the dialogue gets 404 even when the dialogue is public (its
   * workings, e.g. submissions or alerts, do not exist for outsiders). false: 404 only when the dialogue is not
   * visible to them, 403 otherwise.
   */
  membersOnly: boolean;
}

/** The constructors every policy file uses. */
export const rule = {
  open: (name: string, scope: RouteScope): OpenRule => ({ kind: 'open', name, scope }),
  signedIn: (name: string, scope: RouteScope, reason: string): ActorRule => ({
    kind: 'actor',
    name,
    scope,
    reason,
    admitsEveryone: true,
    check: () => true,
  }),
  actor: (name: string, scope: RouteScope, check: (actor: Actor) => boolean): ActorRule => ({
    kind: 'actor',
    name,
    scope,
    admitsEveryone: false,
    check,
  }),
  dialogue: (
    name: string,
    scope: RouteScope,
    check: (actor: Actor, t: DialogueTarget) => boolean,
    opts: { membersOnly?: boolean } = {},
  ): DialogueRule => ({ kind: 'dialogue', name, scope, check, membersOnly: opts.membersOnly ?? false }),
  /**
   * "Members of the dialogue may …": a `dialogue` rule with `membersOnly`. Without `who`, every member; with
   * roles, members holding one of them; with a check, members it accepts. Others get 404, members refused 403.
   */
  members: (
    name: string,
    scope: RouteScope,
    who?: readonly Role[] | ((actor: Actor, t: DialogueTarget) => boolean),
  ): DialogueRule => ({
    kind: 'dialogue',
    name,
    scope,
    check:
      who === undefined
        ? (a, t) => isMember(a, t.dialogueId)
        : typeof who === 'function'
          ? who
          : (a, t) => hasRole(a, t.dialogueId, who),
    membersOnly: true,
  }),
};

/** Whether anonymous callers pass the door (the service then shows them what is public). */
export function admitsAnonymous(r: AccessRule): boolean {
  return r === 'public' || (typeof r === 'object' && r.kind === 'open');
}

/** The scope a token needs for the rule; `'public'` needs none, the bare `'user'` admits no token. */
export function scopeOf(r: AccessRule): RouteScope | null {
  if (r === 'public') return null;
  if (r === 'user') return SESSION_ONLY;
  return r.scope;
}

/**
 * What the actor may do under a rule, scope included: the abilities sent to the web app are computed with
 * this, so they say exactly what the door would let through. A dialogue rule needs the dialogue.
 */
export function can(actor: MaybeActor, r: AccessCheck, t?: DialogueTarget): boolean {
  if (r.kind === 'open') return !actor || hasScope(actor, r.scope);
  if (!actor || !hasScope(actor, r.scope)) return false;
  if (r.kind === 'actor') return r.check(actor);
  return t !== undefined && r.check(actor, t);
}

/**
 * The rule's check alone, for a service re-checking a dialogue-level rule in its use case (defence in depth,
 * and callers outside HTTP): the token scope is the door's business and is not asked again here, so a
 * service may re-check with a rule whose scope differs from its route's.
 */
export function allows(actor: MaybeActor, r: DialogueRule, t: DialogueTarget): boolean {
  return !!actor && r.check(actor, t);
}

/** One entry of the server's route table, as collected by the auth plugin's onRoute hook. */
export interface RouteEntry {
  method: string;
  url: string;
  access: AccessRule | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyInstance {
    /** Every route registered, with its access rule: walked by the access-matrix test. */
    routeTable: RouteEntry[];
  }
}

export function describeAccess(r: AccessRule): string {
  return typeof r === 'string' ? r : r.name;
}

/** The request's route parameters as strings (what a dialogue rule reads its dialogue from). */
export function routeParams(req: FastifyRequest): Record<string, string> {
  const p = req.params;
  if (!p || typeof p !== 'object') return {};
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));
}
