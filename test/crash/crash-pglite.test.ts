/** The crash-consistency harness (crash-harness.ts) on the embedded database. */
import { crashConsistency } from './crash-harness';

crashConsistency('pglite');
