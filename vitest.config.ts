import { configDefaults, defineConfig } from 'vitest/config';

// Suites that need both real servers (several service processes sharing them) are named
// *.servers.test.ts; without TEST_DATABASE_URL and TEST_REDIS_URL they are left out, and in CI
// both are required (tests/helpers/backends.ts), so there they always run.
const haveServers = Boolean(process.env.TEST_DATABASE_URL?.trim() && process.env.TEST_REDIS_URL?.trim());

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: haveServers ? configDefaults.exclude : [...configDefaults.exclude, 'tests/**/*.servers.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests that would pass on a missing backend must not silently skip in CI: see tests/helpers/backends.ts.
    passWithNoTests: false,
  },
});
