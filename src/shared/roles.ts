/** Roles a user holds per dialogue. `admin` and `data_manager` belong to the secretariat. */
export const ROLES = ['admin', 'data_manager', 'data_provider', 'analyst', 'observer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const SECRETARIAT_ROLES: readonly Role[] = ['admin', 'data_manager'];
