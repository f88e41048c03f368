import { join } from 'node:path';
import { REPO_ROOT } from '../src/shared/config';

/**
 * The shared material beside the checkout (`../shared`: real statistics, the declarations, the SDMX schemas),
 * or where PASSAGE_SHARED_DIR says. Tests that need it skip with a message when it is absent.
 */
export const SHARED_DIR = process.env.PASSAGE_SHARED_DIR ?? join(REPO_ROOT, '../shared');

/** The declarations (`../shared/seeds`). */
export const SEEDS_DIR = join(SHARED_DIR, 'seeds');
