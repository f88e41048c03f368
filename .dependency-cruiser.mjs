/**
 * The layer rules of Passage (docs/architecture.md), checked by test/architecture.test.ts with
 * dependency-cruiser. Paths are matched on the source tree; `(ts|js)` because the test hands dependency-cruiser
 * a JavaScript copy of src/ (TypeScript 7 has no compiler API it could read .ts with, see the test).
 *
 *   src/server   composition root: builds the app, registers modules, wires events and jobs; nothing imports it
 *   src/modules  features; use src/shared, src/domain, src/db, src/jobs and other modules' services, never their SQL
 *   src/jobs     the job queue and worker (infrastructure); imports no module
 *   src/shared   cross-cutting types and helpers (Ctx, errors, access rules, events); imports no module
 *   src/domain   pure rules without I/O
 */

/** A module: `src/modules/<m>/` or, for the identity modules, `src/modules/identity/<m>/`. */
const MODULE = '^src/modules/((?:identity/)?[^/]+)/';

export default {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment:
        'An import cycle among src/ files: open it (move the shared piece down a layer, or use an event).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'modules-not-to-server',
      severity: 'error',
      comment:
        'src/server is the composition root: modules (and their tests) do not import it. Ctx, access rules and ' +
        'settings are in src/shared; tests reach the app through test/app.ts.',
      from: { path: '^src/modules/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'nothing-below-to-server',
      severity: 'error',
      comment: 'Only src/server (and tests of the start-up) may import src/server.',
      from: { path: '^src/(shared|domain|db|jobs|reference|demo)/', pathNot: '/tests/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'shared-not-to-modules',
      severity: 'error',
      comment: 'src/shared imports no module (and not the composition root).',
      from: { path: '^src/shared/' },
      to: { path: '^src/(modules|server)/' },
    },
    {
      name: 'jobs-not-to-modules',
      severity: 'error',
      comment: 'The job queue is infrastructure: handlers are registered at the root (src/server/jobs.ts).',
      from: { path: '^src/jobs/', pathNot: '/tests?/|\\.test\\.(ts|js)$' },
      to: { path: '^src/(modules|server)/' },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain is pure logic: no database, no module, no server.',
      from: { path: '^src/domain/' },
      to: { path: '^src/(db|modules|server|jobs)/' },
    },
    {
      name: 'no-foreign-sql',
      severity: 'error',
      comment: "A module uses another module's service, never its .sql.ts.",
      from: { path: MODULE },
      to: { path: '^src/modules/.+\\.sql\\.(ts|js)$', pathNot: '^src/modules/$1/' },
    },
  ],
  options: {
    includeOnly: '^src/',
    moduleSystems: ['es6'],
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
