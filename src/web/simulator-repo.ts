// What the simulator page shows: the bot's outbox rows to one simulated user, once they count as sent.
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { contacts, outbox, type outboxStatuses } from '../db/schema.js';

export const shownStatuses = ['sent', 'delivered', 'read'] as const;

export interface SimulatorRow {
  id: number;
  message: unknown;
  status: (typeof outboxStatuses)[number];
  wamid: string | null;
  createdAt: Date;
}

/** Rows after `afterId`, in id order, at most `limit` of them. */
export async function listSentMessages(
  db: Db,
  query: { phoneNumberId: string; waId: string; afterId: number; limit?: number },
): Promise<SimulatorRow[]> {
  return db
    .select({ id: outbox.id, message: outbox.message, status: outbox.status, wamid: outbox.wamid, createdAt: outbox.createdAt })
    .from(outbox)
    .innerJoin(contacts, eq(contacts.id, outbox.contactId))
    .where(
      and(
        eq(contacts.waId, query.waId),
        eq(contacts.phoneNumberId, query.phoneNumberId),
        inArray(outbox.status, [...shownStatuses]),
        gt(outbox.id, query.afterId),
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(query.limit ?? 100);
}
