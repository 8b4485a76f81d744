// Messages the marketplace starts (cards, notices) to contacts other than the one whose turn it is: written to
// the outbox in the transaction that decided them, and scheduled once it commits (the sweeper if that fails).
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { contactTimeZone } from '../conversation/answers/phone.js';
import { localeSchema, type Locale } from '../conversation/engine/state.js';
import type { DbOrTx } from '../db/database.js';
import { outbox } from '../db/schema.js';
import type { JobQueue } from '../queue/job.js';
import type { OutboundMessageInput } from '../whatsapp/outbound-message.js';
import { outboundMessageSchema } from '../whatsapp/outbound-message.js';
import { sendJob } from '../whatsapp/send-job.js';

export interface Recipient {
  contactId: number;
  phoneNumberId: string;
  locale: Locale;
  timeZone: string;
  /** "stop": nothing we start goes to them. */
  optedOut: boolean;
}

/** The contacts' numbers, languages and zones, for writing to them. */
export async function recipientsOf(tx: DbOrTx, contactIds: readonly number[], defaultTimeZone: string): Promise<Map<number, Recipient>> {
  if (contactIds.length === 0) return new Map();
  const result = (await tx.execute(sql`select id, phone_number_id as "phoneNumberId", locale, wa_id as "waId", opted_out_at is not null as "optedOut"
    from contacts where id = any(${sql.param([...new Set(contactIds)])}::bigint[])`)) as unknown as {
    rows: { id: string | number; phoneNumberId: string; locale: string | null; waId: string | null; optedOut: boolean }[];
  };
  return new Map(
    result.rows.map((row) => [
      Number(row.id),
      {
        contactId: Number(row.id),
        phoneNumberId: row.phoneNumberId,
        locale: localeSchema.catch('en').parse(row.locale),
        timeZone: contactTimeZone(row.waId, defaultTimeZone),
        optedOut: row.optedOut,
      },
    ]),
  );
}

/** Writes a message we start; returns its outbox id, or null for a contact who opted out. */
export async function writeOutbound(tx: DbOrTx, to: Recipient, message: OutboundMessageInput, causedBy: string): Promise<number | null> {
  if (to.optedOut) return null;
  const [row] = await tx
    .insert(outbox)
    .values({ phoneNumberId: to.phoneNumberId, contactId: to.contactId, message: outboundMessageSchema.parse(message), causedBy })
    .returning({ id: outbox.id });
  return row!.id;
}

/** Schedules written messages after their transaction committed; a queue that is away leaves them to the sweeper. */
export async function scheduleSends(queue: JobQueue, outboxIds: readonly number[], log: Pick<Logger, 'warn'>): Promise<void> {
  try {
    await Promise.all(outboxIds.map((id) => queue.enqueue(sendJob, { outboxId: id }, { jobId: `out-${id}-after-0` })));
  } catch (error) {
    log.warn({ err: error, messages: outboxIds.length }, 'could not schedule marketplace messages; the sweeper will');
  }
}
