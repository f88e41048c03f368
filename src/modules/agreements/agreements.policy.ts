/**
 * Who may do what with the agreements registry (src/modules/agreements). Members of the dialogue read the
 * agreements their classification lets them see (list, one agreement, its history, the matrix, the partners
 * map, the CSV export). The secretariat records and changes any agreement; a member state's analyst records
 * agreements their own state is a party to, and changes those their organisation recorded. Observers and
 * viewers read only. The record rules below say which agreement an actor may record or change; the door only
 * checks the dialogue.
 */
import { rule } from '../../shared/access';
import { hasRole, type MaybeActor } from '../../shared/actor';
import { SECRETARIAT_ROLES } from '../../shared/roles';

const isStateAnalyst = (a: NonNullable<MaybeActor>, dialogueId: number) =>
  a.orgKind === 'state' && hasRole(a, dialogueId, ['analyst']);

export interface AgreementRef {
  dialogueId: number;
  originatorOrgId: number;
  /** ISO3 codes of the states among the parties. */
  stateParties: readonly string[];
}

export const agreementsPolicy = {
  /** The list, one agreement, its history, the matrix, the partners map, the CSV export: members. */
  read: rule.members('agreements.read', 'agreements:read'),
  /** Record and change agreements: the secretariat, and a member state's analysts (record rules below). */
  record: rule.members(
    'agreements.record',
    'agreements:write',
    (a, t) => hasRole(a, t.dialogueId, SECRETARIAT_ROLES) || isStateAnalyst(a, t.dialogueId),
  ),
  /** The secretariat records for any parties; a state's analyst only an agreement their state is party to. */
  mayRecordFor: (a: MaybeActor, dialogueId: number, stateParties: readonly string[]): boolean =>
    !!a &&
    (hasRole(a, dialogueId, SECRETARIAT_ROLES) ||
      (isStateAnalyst(a, dialogueId) && stateParties.includes(a.countryIso3 ?? ''))),
  /** The secretariat changes any agreement; a state's analyst those their organisation recorded. */
  change: (a: MaybeActor, r: AgreementRef): boolean =>
    !!a &&
    (hasRole(a, r.dialogueId, SECRETARIAT_ROLES) ||
      (isStateAnalyst(a, r.dialogueId) && a.orgId === r.originatorOrgId)),
};
