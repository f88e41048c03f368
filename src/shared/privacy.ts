/**
 * What of a figure only the dialogue's members see. Who recorded a figure is personal data of a user (a
 * name), and comments are free text that may name people or internal matters: neither is public, even when
 * the figure itself is (issue 20, "Classification and privacy"). Anonymous callers and members of other
 * dialogues get the figure with `recordedBy` and `comment` empty. Applied where figures leave the server
 * for callers who may not be members: published observations (JSON and files) and the figure history.
 */
export function figureForReader<T extends { recordedBy: unknown; comment: string | null }>(
  figure: T,
  isMemberOfDialogue: boolean,
): T {
  return isMemberOfDialogue ? figure : { ...figure, recordedBy: null, comment: null };
}
