/**
 * What an API token may do. Each scope needs one of the listed roles in the token's dialogue, at creation
 * and at every use (a token never does more than its owner may). Services check with hasScope().
 * A file without imports, so the web app offers the same scopes (src/contract/constants.ts).
 */
export const TOKEN_SCOPES = {
  'observations:read': ['admin', 'data_manager', 'data_provider', 'analyst', 'observer', 'viewer'],
  'observations:write': ['admin', 'data_manager', 'data_provider'],
  'notices:read': ['admin', 'data_manager', 'data_provider', 'analyst', 'observer', 'viewer'],
  'notices:write': ['admin', 'data_manager', 'analyst'],
} as const;
// Object.keys loses the key type; the keys are exactly TOKEN_SCOPES' (a non-empty tuple, as z.enum wants).
export const TOKEN_SCOPE_NAMES = Object.keys(TOKEN_SCOPES) as [
  keyof typeof TOKEN_SCOPES,
  ...(keyof typeof TOKEN_SCOPES)[],
];
export type TokenScope = keyof typeof TOKEN_SCOPES;

export const MAX_TOKEN_DAYS = 365;
