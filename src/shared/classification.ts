/** Classification levels, ordered from least to most protected. Every content record carries one. */
export const CLASSIFICATIONS = ['public', 'dialogue', 'restricted', 'originator'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export function classificationRank(c: Classification): number {
  return CLASSIFICATIONS.indexOf(c);
}
