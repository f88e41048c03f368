import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest test files start first. Vitest orders files by the durations of the previous run, which a clean
 * CI clone does not have: a two-minute file picked last kept one worker busy while the other sat idle
 * (wall 752 s for 1,136 file-seconds on 2 workers, 2026-12-02). The list is the top of a run's per-file
 * durations (the default reporter's, which count the file's set-up too; 2026-12-04: backup-cli, 86 s, was
 * not on it and started late); the rest follow in Vitest's own order.
 */
const LONGEST_FIRST = [
  'cli/tests/setup-cli.test.ts',
  'e2e/every-page.e2e.test.ts',
  'src/demo/tests/demo-first-start.test.ts',
  'cli/tests/passage-cli.test.ts',
  'test/access-matrix.test.ts',
  'cli/tests/backup-cli.test.ts',
  'src/modules/observations/tests/import-fuzz.api.test.ts',
  'cli/tests/start-shutdown.test.ts',
  'src/modules/observations/tests/xlsx-bombs.api.test.ts',
  'e2e/consultations.e2e.test.ts',
  'test/privacy-walk.test.ts',
  'e2e/first-upload.e2e.test.ts',
  'test/backup.test.ts',
  'e2e/public-portal.e2e.test.ts',
  'e2e/notices.e2e.test.ts',
  'src/modules/reports/tests/reports.api.test.ts',
];

const rank = (spec: TestSpecification) => {
  const i = LONGEST_FIRST.findIndex((f) => spec.moduleId.endsWith(`/${f}`));
  return i < 0 ? LONGEST_FIRST.length : i;
};

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: files outside the list keep Vitest's order.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
