// Which real backends this run has: PGlite and the in-process queue always; PostgreSQL and Redis when
// TEST_DATABASE_URL / TEST_REDIS_URL are set. In CI both must be set: nothing is skipped there.
import { existsSync } from 'node:fs';

export type DatabaseBackend = 'pglite' | 'postgres';
export type QueueBackend = 'memory' | 'redis';

function required(name: string): string | undefined {
  const value = process.env[name]?.trim();
  if (!value && process.env.CI === 'true') {
    throw new Error(`${name} must be set in CI (bash .ci/run sets it): the real-server suites may not be skipped`);
  }
  return value || undefined;
}

export const testDatabaseUrl = required('TEST_DATABASE_URL');
export const testRedisUrl = required('TEST_REDIS_URL');

export const databaseBackends: DatabaseBackend[] = testDatabaseUrl ? ['pglite', 'postgres'] : ['pglite'];
export const queueBackends: QueueBackend[] = testRedisUrl ? ['memory', 'redis'] : ['memory'];

/** Debian's Chromium, for browser tests: .ci/run installs it; elsewhere those tests run only where it is. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const browserAvailable = existsSync(CHROMIUM_PATH);
if (!browserAvailable && process.env.CI === 'true') {
  throw new Error(`${CHROMIUM_PATH} is missing in CI (bash .ci/run installs Debian's chromium): browser tests may not be skipped`);
}
