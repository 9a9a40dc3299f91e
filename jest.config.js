/**
 * Four projects; `npm test` runs them all, `npm run test:unit` only the first.
 * - unit: pure code and fake HTTP servers, no database (no global setup, so no PostgreSQL is started);
 * - integration: the real app on real databases (every test folder not named in another project);
 * - browser: the ops console in Chromium from npm;
 * - faults: outages, killed instances, duplicate deliveries.
 * Databases come from one global setup, shared by the projects that need it (jest runs one path once):
 * it starts PostgreSQL from npm (unless TEST_POSTGRES_URL names a server) and migrates one template per kind.
 */
const UNIT = ['flows', 'domain', 'telephony', 'config', 'http', 'simulator', 'outage'].map((dir) => `<rootDir>/tests/${dir}/`);
const UNIT_FILES = ['<rootDir>/tests/console/call-flow-diagram.test.ts'];
const BROWSER = ['<rootDir>/tests/console/console-browser.test.ts', '<rootDir>/tests/support/test-browser.test.ts'];
const FAULTS = ['<rootDir>/tests/faults/'];

const escapeRegExp = (p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
const withDatabases = {
  globalSetup: '<rootDir>/tests/support/jest-global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/jest-global-teardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  // Jest's default is one worker less than the cores, i.e. one on a 2-core machine; the tests mostly wait on
  // databases, child processes and sockets, so a second worker cuts the run by a third there.
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
  // A run-wide option (jest ignores it inside projects); the browser tests set their own.
  testTimeout: 30000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: [...UNIT.map((dir) => `${dir}**/*.test.ts`), ...UNIT_FILES] },
    {
      ...shared,
      ...withDatabases,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...[...UNIT, ...UNIT_FILES, ...BROWSER, ...FAULTS].map(escapeRegExp)],
    },
    { ...shared, ...withDatabases, displayName: 'browser', testMatch: BROWSER },
    { ...shared, ...withDatabases, displayName: 'faults', testMatch: FAULTS.map((dir) => `${dir}**/*.test.ts`) },
  ],
};
