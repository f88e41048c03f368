/**
 * Who may do what with the document library (src/modules/documents). Reading is open: a public dialogue's
 * public documents are for anyone, the rest by classification (the service filters); a token needs
 * `documents:read`. Uploading is for the secretariat and the member states' analysts; a new version of a
 * document is added by its originating organisation or the secretariat (record rule `changeDocument`).
 */
import { rule } from '../../shared/access';
import { hasRole, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

const UPLOADERS = [...SECRETARIAT_ROLES, 'analyst'] as const;

export const documentsPolicy = {
  /** The list, one document, a file download (then by classification). */
  read: rule.open('documents.read', 'documents:read'),
  /** Upload a document, or a new version / language version of one. */
  upload: rule.dialogue(
    'documents.upload',
    'documents:write',
    (a, t) => hasRole(a, t.dialogueId, UPLOADERS),
    {
      membersOnly: true,
    },
  ),
  /** A new version: the originating organisation, or the secretariat. */
  changeDocument: (a: MaybeActor, d: { dialogueId: number; originatorOrgId: number }): boolean =>
    !!a &&
    hasRole(a, d.dialogueId, UPLOADERS) &&
    (a.orgId === d.originatorOrgId || hasRole(a, d.dialogueId, SECRETARIAT_ROLES)),
};
