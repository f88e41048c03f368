import type { BenchEnv } from './env';

export interface Benchmark {
  name: string;
  /** One line for `npm run bench -- --list`. */
  summary: string;
  run(env: BenchEnv): Promise<void>;
}
