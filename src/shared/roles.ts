/** Roles a user holds per dialogue. `admin` and `data_manager` belong to the secretariat. */
export const ROLES = ['admin', 'data_manager', 'data_provider', 'analyst', 'observer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const SECRETARIAT_ROLES: readonly Role[] = ['admin', 'data_manager'];

/**
 * Roles that contribute shared records (alert rules, comments, acknowledgements, notices by role): every
 * role but `viewer`. A viewer reads; it manages only what is its own — account, tokens, second factor,
 * notification preferences and alert subscriptions, its own acknowledgement of an alert (docs/identity.md).
 */
export const CONTRIBUTOR_ROLES: readonly Role[] = [
  'admin',
  'data_manager',
  'data_provider',
  'analyst',
  'observer',
];
