// The drizzle schema: the source of the SQL migrations in src/db/migrations (npm run db:generate).
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** A background job that failed for the last time: kept for an operator to inspect or replay. */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    queue: text('queue').notNull(),
    jobId: text('job_id').notNull(),
    data: jsonb('data').notNull(),
    attempts: integer('attempts').notNull(),
    error: text('error').notNull(),
    failedAt: timestamp('failed_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [index('dead_letters_queue_failed_at_idx').on(table.queue, table.failedAt)],
);
