import { rule } from '../../shared/access';

/**
 * Who may read dialogues. The list is `public` (names of public dialogues and of one's own; any token may
 * list them). A dialogue's home shows its routes and indicators by classification: open to anyone, a token
 * needs observations:read. A dialogue one may not see answers 404.
 */
export const dialoguesPolicy = {
  list: 'public',
  read: rule.open('dialogues.read', 'observations:read'),
} as const;
