/**
 * How a dialogue's calendar chases its reporters (docs/definitions.md): reminder offsets (days relative to
 * the deadline), the secretariat's digest, and whether published months are locked. One row per dialogue;
 * without one the defaults apply (reminders 5 days before, on the day and 3 days after; digest on; locks on).
 * Read by members, changed by the secretariat with optimistic concurrency, audited.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { DEFAULT_REMINDER_OFFSETS, normaliseOffsets } from '../../domain/calendars/reminders';
import { allows } from '../../shared/access';
import type { Ctx } from '../../shared/ctx';
import { Conflict, type FieldError, Invalid, NotFound } from '../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { requireDialogue, requireDialogueFor } from '../dialogues/dialogues.service';
import { calendarsPolicy } from './calendars.policy';
import type { CalendarSettingsBody, CalendarSettingsView } from './calendars.schema';
import { findCalendarSettings, upsertCalendarSettings } from './calendars.sql';

export const DEFAULT_CALENDAR_SETTINGS: CalendarSettingsView = {
  areRemindersEnabled: true,
  reminderOffsets: [...DEFAULT_REMINDER_OFFSETS],
  isDigestEnabled: true,
  isLockingPublished: true,
  revision: 0,
};

/** The dialogue's settings, or the defaults (runs in the caller's transaction; jobs run it as the owner). */
export async function loadCalendarSettings(db: Queryable, dialogueId: number): Promise<CalendarSettingsView> {
  const row = await findCalendarSettings(db, dialogueId);
  if (!row)
    return { ...DEFAULT_CALENDAR_SETTINGS, reminderOffsets: [...DEFAULT_CALENDAR_SETTINGS.reminderOffsets] };
  return {
    areRemindersEnabled: row.are_reminders_enabled,
    reminderOffsets: row.reminder_offsets,
    isDigestEnabled: row.is_digest_enabled,
    isLockingPublished: row.is_locking_published,
    revision: row.revision,
  };
}

/** GET …/definitions/calendar-settings (members). */
export async function getCalendarSettings(ctx: Ctx, slug: string): Promise<CalendarSettingsView> {
  const d = await requireDialogue(ctx, slug);
  if (!ctx.actor || !allows(ctx.actor, calendarsPolicy.read, { dialogueId: d.id }))
    throw new NotFound(`Dialogue "${slug}"`);
  return withActor(ctx.db, ctx.actor, (db) => loadCalendarSettings(db, d.id));
}

/** PUT …/definitions/calendar-settings (secretariat): 409 with the current settings when stale. */
export async function putCalendarSettings(
  ctx: Ctx,
  slug: string,
  input: CalendarSettingsBody,
): Promise<CalendarSettingsView> {
  const { d, actor } = await requireDialogueFor(
    ctx,
    slug,
    calendarsPolicy.manage,
    'Only the secretariat of the dialogue sets how its calendar chases',
  );
  const offsets = checkOffsets(input.reminderOffsets);
  return withActor(ctx.db, actor, async (db) => {
    const current = await loadCalendarSettings(db, d.id);
    if (current.revision !== input.expectedRevision)
      throw new Conflict(
        `The calendar settings were changed after you opened them (now revision ${current.revision}); reload them`,
        current,
      );
    await upsertCalendarSettings(db, d.id, { ...input, reminderOffsets: offsets, userId: actor.userId });
    await recordAudit(
      db,
      actor,
      'calendar.settings',
      { type: 'calendar_settings', dialogueId: d.id },
      {
        areRemindersEnabled: input.areRemindersEnabled,
        reminderOffsets: offsets,
        isDigestEnabled: input.isDigestEnabled,
        isLockingPublished: input.isLockingPublished,
      },
      { ip: ctx.ip },
    );
    return loadCalendarSettings(db, d.id);
  });
}

function checkOffsets(offsets: number[]): number[] {
  const errors: FieldError[] = [];
  offsets.forEach((o, i) => {
    try {
      normaliseOffsets([o]);
    } catch (e) {
      errors.push({
        field: `body.reminderOffsets[${i}]`,
        message: e instanceof Error ? e.message : String(e),
      });
    }
  });
  if (errors.length) throw new Invalid(errors);
  return normaliseOffsets(offsets);
}
