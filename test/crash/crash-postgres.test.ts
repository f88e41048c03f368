/** The crash-consistency harness (crash-harness.ts) on native PostgreSQL (the test cluster). */
import { crashConsistency } from './crash-harness';

crashConsistency('postgres');
