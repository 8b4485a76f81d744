import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { deadLetters } from '../db/schema.js';
import type { DeadLetter } from './job.js';

export async function recordDeadLetter(db: Db, letter: DeadLetter): Promise<void> {
  await db.insert(deadLetters).values({
    queue: letter.queue,
    jobId: letter.jobId,
    data: letter.data ?? null,
    attempts: letter.attempts,
    error: letter.error.slice(0, 2000),
  });
}

export async function listDeadLetters(db: Db, queue: string) {
  return db.select().from(deadLetters).where(eq(deadLetters.queue, queue)).orderBy(desc(deadLetters.failedAt));
}
