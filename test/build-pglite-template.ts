/**
 * Builds the run's PGlite template (test/templates.ts) in a process of its own, started by the global set-up
 * (test/global-setup.ts) before the native cluster: the WASM initdb and migrations (~6 s of CPU) run on the
 * other core while initdb, pg_ctl and the native template's migrations keep the set-up's process busy.
 * Prints the template's path.
 */
import { buildPgliteTemplate } from './templates';

const path = await buildPgliteTemplate(process.argv[2]);
process.stdout.write(path);
