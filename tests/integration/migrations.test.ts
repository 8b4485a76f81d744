import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { migrationsFolder } from '../../src/project-root.js';
import { databaseBackends } from '../helpers/backends.js';
import { openEmptyDatabase } from '../helpers/test-database.js';

const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as { entries: { tag: string }[] };

async function rows<T>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

async function tables(database: Database): Promise<string[]> {
  const found = await rows<{ table_name: string }>(
    database,
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return found.map((row) => row.table_name);
}

describe.each(databaseBackends)('migrations on %s', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await openEmptyDatabase(backend);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('when the database is empty, then every migration applies and creates the schema', async () => {
    expect(await tables(database)).toEqual([]);
    await database.migrate();
    expect(await tables(database)).toContain('dead_letters');
    const applied = await rows<{ count: number | string }>(database, sql`select count(*) as count from drizzle.__drizzle_migrations`);
    expect(Number(applied[0]?.count)).toBe(journal.entries.length);
  });

  it('when migrations run again, then nothing changes', async () => {
    const before = await tables(database);
    await database.migrate();
    await database.migrate();
    expect(await tables(database)).toEqual(before);
    const applied = await rows<{ count: number | string }>(database, sql`select count(*) as count from drizzle.__drizzle_migrations`);
    expect(Number(applied[0]?.count)).toBe(journal.entries.length);
  });
});
