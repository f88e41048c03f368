import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest test files start first. Vitest orders files by the durations of the previous run, which a clean
 * CI clone does not have: a two-minute file picked last kept one worker busy while the other sat idle
 * (wall 752 s for 1,136 file-seconds on 2 workers, 2026-12-02). The list is the top of that run's report
 * (.tmp/vitest-report.json; `endTime - startTime` per file); the rest follow in Vitest's own order.
 */
const LONGEST_FIRST = [
  'e2e/every-page.e2e.test.ts',
  'cli/tests/setup-cli.test.ts',
  'test/access-matrix.test.ts',
  'src/demo/tests/demo-first-start.test.ts',
  'cli/tests/start-shutdown.test.ts',
  'cli/tests/passage-cli.test.ts',
  'src/modules/observations/tests/import-fuzz.api.test.ts',
  'e2e/calendars-chase.e2e.test.ts',
  'src/modules/observations/tests/xlsx-bombs.api.test.ts',
  'test/backup.test.ts',
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
