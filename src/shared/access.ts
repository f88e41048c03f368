import type { FastifyRequest } from 'fastify';
import type { MaybeActor } from './actor';

/**
 * What every API route declares in `config.access`: who may call it at all. Record-level rules (may this
 * actor see this notice?) live in each module's policy file and are applied by its service.
 *
 * - `public`: anyone, also without login (the public portal, login itself).
 * - `user`: any logged-in user; the service narrows what they see.
 * - a check: a named rule evaluated against the actor and the request (e.g. admin of the dialogue in the URL).
 */
export type AccessRule = 'public' | 'user' | AccessCheck;

export interface AccessCheck {
  name: string;
  check: (actor: NonNullable<MaybeActor>, req: FastifyRequest) => boolean;
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

export function describeAccess(rule: AccessRule): string {
  return typeof rule === 'string' ? rule : rule.name;
}
