// A migrated database of its own for a test file: in-memory PGlite, or a new database on the real server.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.js';
import { testDatabaseUrl, type DatabaseBackend } from './backends.js';

function serverUrl(database: string): string {
  const url = new URL(testDatabaseUrl!);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one statement on the real server's TEST_DATABASE_URL database (create / drop databases). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A test database; on the real server it knows its URL (for a second connection or a proxy). */
export type TestDatabase = Database & { url?: string };

/** An empty database, not migrated; close() also drops it from the server. */
export async function openEmptyDatabase(backend: DatabaseBackend): Promise<TestDatabase> {
  if (backend === 'pglite') return openDatabase({ kind: 'pglite', dataDir: null });
  const name = `partimer_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = serverUrl(name);
  const database = openDatabase({ kind: 'postgres', url, poolSize: 5 });
  const close = database.close;
  return {
    ...database,
    url,
    async close() {
      await close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

export async function openTestDatabase(backend: DatabaseBackend): Promise<TestDatabase> {
  const database = await openEmptyDatabase(backend);
  await database.migrate();
  return database;
}
