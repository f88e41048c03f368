/** Who sees the e-mail outbox of a dialogue: the secretariat all of it, other members their own e-mails. */
import type { AccessCheck } from '../../shared/access';
import { isMember, type MaybeActor } from '../../shared/actor';

export const messagesPolicy = {
  read: (a: MaybeActor, t: { dialogueId: number }) => isMember(a, t.dialogueId),
  readRoute: {
    name: 'member of a dialogue',
    check: (a) => Object.keys(a.roles).some((d) => isMember(a, Number(d))),
  } satisfies AccessCheck,
};
