import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../db/connect';
import { AppError } from '../../shared/errors';
import { isDialogueArchived } from './dialogue-admin.sql';

/** Routes that stay open on an archived dialogue: restoring it. */
const OPEN_ON_ARCHIVED = new Set(['/api/admin/dialogues/:dialogueId/unarchive']);

/**
 * An archived dialogue is read-only: every request that would change something in it (any method but GET/HEAD
 * on a route under /api/dialogues/:slug or /api/admin/dialogues/:dialogueId) answers 409 DIALOGUE_ARCHIVED,
 * whichever module serves it. Registered after the auth plugin, so callers without access still get 401/403.
 */
export const archivedDialogueGuard = fp(async (app: FastifyInstance, opts: { db: Db }) => {
  app.addHook('preHandler', async (req) => {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    const url = req.routeOptions.url ?? '';
    if (OPEN_ON_ARCHIVED.has(url)) return;
    const params = (req.params ?? {}) as Record<string, unknown>; // route params are strings or coerced numbers
    let key: { slug: string } | { id: number } | undefined;
    if (url.startsWith('/api/dialogues/:slug/') && typeof params.slug === 'string')
      key = { slug: params.slug };
    else if (url.startsWith('/api/admin/dialogues/:dialogueId') && params.dialogueId !== undefined)
      key = { id: Number(params.dialogueId) };
    if (!key || !(await isDialogueArchived(opts.db, key))) return;
    throw new AppError(
      'DIALOGUE_ARCHIVED',
      409,
      'This dialogue is archived and read-only. An admin can restore it (unarchive) first.',
    );
  });
});
