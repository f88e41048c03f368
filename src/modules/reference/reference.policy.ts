/**
 * Who may read the reference data (countries, code lists, country geometry): everyone. They are the same for
 * every caller and hold nothing classified, so any token may read them too.
 */
export const referencePolicy = {
  read: 'public',
} as const;
