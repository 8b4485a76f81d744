import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { databaseBackends, testRedisUrl } from '../helpers/backends.js';
import { startTestApp } from '../helpers/test-app.js';
import { openTestDatabase } from '../helpers/test-database.js';

// Ports nothing listens on: a real client gets a real "connection refused".
const DEAD_POSTGRES = 'postgres://postgres@127.0.0.1:1/partimer';
const DEAD_REDIS = 'redis://127.0.0.1:1';

describe.each(databaseBackends)('readiness on %s', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('when the database answers, then live and ready are 200', async () => {
    const t = await startTestApp(database);
    try {
      expect((await t.app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
      const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ok', checks: { database: 'up' } });
    } finally {
      await t.close();
    }
  });

  // Declared only where a real Redis is given (always in CI), so no run reports it as skipped.
  const liveRedis = testRedisUrl === undefined ? [] : [testRedisUrl];
  it.each(liveRedis)('when Redis is configured and answers, then ready is 200 and checks it', async (redisUrl) => {
    const t = await startTestApp(database, { REDIS_URL: redisUrl });
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
    } finally {
      await t.close();
    }
  });

  it('when Redis is configured but unreachable, then ready is 503 naming Redis and live stays 200', async () => {
    const t = await startTestApp(database, { REDIS_URL: DEAD_REDIS });
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        status: 'unavailable',
        checks: { database: 'up', redis: 'down' },
        error: { code: 'dependency_down', message: 'Not ready: redis is down' },
      });
      expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('readiness with the database down', () => {
  it('when PGlite has been closed, then ready is 503 naming the database', async () => {
    const database = await openTestDatabase('pglite');
    const t = await startTestApp(database);
    try {
      await database.close();
      const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ checks: { database: 'down' }, error: { message: 'Not ready: database is down' } });
    } finally {
      await t.close();
    }
  });

  it('when the PostgreSQL server is unreachable, then ready is 503 naming the database', async () => {
    const database = openDatabase({ kind: 'postgres', url: DEAD_POSTGRES, poolSize: 1 });
    const t = await startTestApp(database);
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ checks: { database: 'down' }, error: { code: 'dependency_down' } });
    } finally {
      await t.close();
      await database.close();
    }
  });

  it('when both are unreachable, then ready names both', async () => {
    const database = openDatabase({ kind: 'postgres', url: DEAD_POSTGRES, poolSize: 1 });
    const t = await startTestApp(database, { REDIS_URL: DEAD_REDIS });
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        checks: { database: 'down', redis: 'down' },
        error: { message: 'Not ready: database, redis are down' },
      });
    } finally {
      await t.close();
      await database.close();
    }
  });
});
