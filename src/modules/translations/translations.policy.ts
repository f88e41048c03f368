import { rule } from '../../shared/access';
import { hasRole } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

/**
 * Who may read the translation table of a dialogue and edit translations: its secretariat (403 to other
 * signed-in callers who see the dialogue, 404 when it is hidden). The interface language is public.
 */
export const translationsPolicy = {
  read: rule.dialogue('translations.read', 'translations:read', (a, t) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  ),
  edit: rule.dialogue('translations.edit', 'translations:write', (a, t) =>
    hasRole(a, t.dialogueId, SECRETARIAT_ROLES),
  ),
};
