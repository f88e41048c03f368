import { dialoguesPolicy } from '../dialogues/dialogues.policy';

/**
 * Who manages a dialogue's members: its admins (the rule of dialogue administration). They add and remove member
 * states and observer organisations, see each member's organisations and users (names and e-mails: personal
 * data, never shown to other callers), and invite users in bulk.
 */
export const membersPolicy = {
  manage: dialoguesPolicy.administer,
};
