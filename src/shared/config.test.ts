import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('configuration from the environment', () => {
  it('takes the embedded database buffer pool as a PostgreSQL size, unset by default', () => {
    expect(readConfig({}).pgliteSharedBuffers).toBeUndefined();
    expect(readConfig({ PASSAGE_PGLITE_SHARED_BUFFERS: ' 32MB ' }).pgliteSharedBuffers).toBe('32MB');
  });

  it('refuses a malformed size, naming the variable and the value', () => {
    for (const bad of ['32', '32 MB', '0MB', '1TB', '16MB; DROP'])
      expect(() => readConfig({ PASSAGE_PGLITE_SHARED_BUFFERS: bad })).toThrow(
        `PASSAGE_PGLITE_SHARED_BUFFERS: expected a size such as 64MB (kB, MB or GB), got "${bad.trim()}"`,
      );
  });
});
