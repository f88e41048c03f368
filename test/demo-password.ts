/**
 * The demo accounts' password in tests and browser journeys. The seeder has no default password (each demo
 * account gets a random one), so tests seed with this one explicitly; PASSAGE_DEMO_PASSWORD overrides it,
 * e.g. to run the journeys against a server started with the same variable (PASSAGE_E2E_URL).
 */
export const TEST_DEMO_PASSWORD = process.env.PASSAGE_DEMO_PASSWORD || 'demo-password-for-tests';
