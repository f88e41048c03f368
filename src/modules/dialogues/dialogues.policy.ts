import type { FastifyRequest } from 'fastify';
import type { AccessCheck } from '../../shared/access';
import { type Actor, hasRole } from '../../shared/actor';

/** The `:dialogueId` path parameter of an administration route (a number once validated; a string in tests). */
export function dialogueIdParam(req: Pick<FastifyRequest, 'params'>): number {
  const params = req.params;
  const raw =
    typeof params === 'object' && params !== null && 'dialogueId' in params ? params.dialogueId : NaN;
  return Number(raw);
}

/** A person in a browser session, not an API token: tokens never administer. */
const isPerson = (a: Actor) => a.scopes === undefined;

/** Dialogues the actor holds the admin role in. */
export function administeredDialogueIds(a: Actor): number[] {
  return Object.keys(a.roles)
    .map(Number)
    .filter((d) => hasRole(a, d, ['admin']));
}

/**
 * Who administers dialogues. An installation administrator (`isPlatformAdmin`, the first one made by set-up)
 * creates dialogues and becomes the new dialogue's admin; from then on each dialogue is run by its own `admin`
 * role: its settings, logo, archiving, member states, observers and invitations (src/modules/members).
 */
export const dialoguesPolicy = {
  create: {
    name: 'installation administrator',
    check: (a) => isPerson(a) && a.isPlatformAdmin === true,
  } satisfies AccessCheck,
  /** The list of dialogues to administer: every dialogue for an installation administrator, else one's own. */
  listAdministered: {
    name: 'installation administrator or admin of a dialogue',
    check: (a) => isPerson(a) && (a.isPlatformAdmin === true || administeredDialogueIds(a).length > 0),
  } satisfies AccessCheck,
  /** Settings, logo, archiving, members and invitations of the dialogue in the URL (`:dialogueId`). */
  administer: {
    name: 'admin of the dialogue',
    check: (a, req) => isPerson(a) && hasRole(a, dialogueIdParam(req), ['admin']),
  } satisfies AccessCheck,
};
