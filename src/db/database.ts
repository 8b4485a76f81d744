// Opens the database named by the config: embedded PGlite (file or memory) or PostgreSQL through node-postgres.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { migrationsFolder } from '../project-root.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  kind: DatabaseConfig['kind'];
  db: Db;
  /** Applies every pending migration; safe to call from several processes at once. */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Group-commit batches one process runs at once: PGlite serves one connection, a server's pool several. */
export function batchesInFlight(database: Pick<Database, 'kind'>): number {
  return database.kind === 'pglite' ? 1 : 4;
}

// Any fixed number: every process that migrates the same database takes the same advisory lock.
const MIGRATION_LOCK_KEY = 7_346_001;

function openPglite(dataDir: string | null): Database {
  let path: string | undefined;
  if (dataDir !== null) {
    path = resolve(dataDir, 'pglite');
    mkdirSync(path, { recursive: true });
  }
  // btree_gist: the matching index puts a skill (text) and a travel box in one GiST index.
  const client = new PGlite({ ...(path === undefined ? {} : { dataDir: path }), extensions: { btree_gist } });
  const db = drizzlePglite(client, { schema });
  let closed = false;
  return {
    kind: 'pglite',
    db,
    migrate: () => migratePglite(db, { migrationsFolder }),
    async ping() {
      if (closed) throw new Error('database is closed');
      await client.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = drizzlePostgres(pool, { schema });
  let closed = false;
  return {
    kind: 'postgres',
    db,
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

export function openDatabase(config: DatabaseConfig): Database {
  return config.kind === 'pglite' ? openPglite(config.dataDir) : openPostgres(config.url, config.poolSize);
}

/** A transaction handle, as drizzle passes it to db.transaction's callback. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either: repositories work inside or outside a transaction. */
export type DbOrTx = Db | Tx;
