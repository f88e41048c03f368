import { rule } from '../../shared/access';
import { hasRole, type MaybeActor } from '../../shared/actor';

/**
 * Who may use import mappings (src/modules/import-mappings): those who import figures, a dialogue's data
 * providers and the secretariat's data managers (the same as the file import, observations.policy.ts). The
 * record rule: a mapping for one reporting state is that state's and the secretariat's; a dialogue-wide one
 * (no reporter) is every importer's, and only the secretariat changes it.
 */
const IMPORTERS = ['data_manager', 'data_provider'] as const;

export const importMappingsPolicy = {
  /** List and read the saved mappings, propose a mapping for a file. */
  read: rule.members('import-mappings.read', 'observations:write', [...IMPORTERS]),
  /** Save a mapping (a new one or a new revision) and import a file through one. */
  use: rule.members('import-mappings.use', 'observations:write', [...IMPORTERS]),
  /** Whether the actor may see and use a mapping of this reporter (null: dialogue-wide). */
  seesMapping: (a: MaybeActor, m: { dialogueId: number; reporter: string | null }): boolean =>
    hasRole(a, m.dialogueId, ['data_manager']) ||
    (hasRole(a, m.dialogueId, ['data_provider']) && (m.reporter === null || m.reporter === a?.countryIso3)),
  /** Whether the actor may save a mapping for this reporter (dialogue-wide: the secretariat only). */
  changesMapping: (a: MaybeActor, m: { dialogueId: number; reporter: string | null }): boolean =>
    hasRole(a, m.dialogueId, ['data_manager']) ||
    (hasRole(a, m.dialogueId, ['data_provider']) && m.reporter !== null && m.reporter === a?.countryIso3),
};
