/**
 * The vocabulary of country profiles shared with the web app (src/contract/constants.ts): the narrative
 * sections in the order they are shown, and the statuses of a version. Plain TypeScript, importing nothing.
 */
export const SECTION_KEYS = [
  'governance',
  'legal_framework',
  'institutions',
  'policies',
  'cooperation',
  'challenges',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const VERSION_STATUSES = ['draft', 'endorsed', 'returned'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];
