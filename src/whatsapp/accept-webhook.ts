// The ingest use-case: verify, normalise, store durably, schedule; the conversation itself runs later.
import type { WhatsAppAPI } from 'whatsapp-api-js';
import type { Logger } from 'pino';
import { conversationJob, conversationJobId } from '../conversation/conversation-job.js';
import type { Metrics } from '../observability/metrics.js';
import type { JobQueue } from '../queue/job.js';
import { normaliseWebhook } from './normalise-webhook.js';
import type { WebhookEvent } from './inbound-event.js';
import type { StoredDelivery } from './store-webhook-events.js';

export type AcceptOutcome =
  | { kind: 'bad_signature' }
  | { kind: 'accepted'; messages: number; statuses: number; skipped: number }
  | { kind: 'unavailable'; error: unknown };

export interface AcceptDeps {
  /** Stores one delivery's events durably (in production, batched with concurrent deliveries). */
  store: (events: WebhookEvent[]) => Promise<StoredDelivery>;
  queue: JobQueue;
  verifier: WhatsAppAPI;
  metrics: Metrics;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** The signature is checked over the exact bytes received, before anything parses them. */
export async function acceptWhatsAppWebhook(deps: AcceptDeps, rawBody: Buffer, signature: string | undefined): Promise<AcceptOutcome> {
  const raw = rawBody.toString('utf8');
  if (signature === undefined || !signature.startsWith('sha256=') || !(await deps.verifier.verifyRequestSignature(raw, signature))) {
    return { kind: 'bad_signature' };
  }

  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    deps.log.warn({ bytes: rawBody.length }, 'signed WhatsApp webhook is not JSON; ignored');
    return { kind: 'accepted', messages: 0, statuses: 0, skipped: 1 };
  }
  const { events, skipped } = normaliseWebhook(body);
  for (const part of skipped) deps.log.info({ path: part.path, reason: part.reason }, 'webhook part not handled');
  for (const event of events) deps.metrics.webhookEvents.inc({ source: 'whatsapp', kind: event.kind });
  if (skipped.length > 0) deps.metrics.webhookEvents.inc({ source: 'whatsapp', kind: 'skipped' }, skipped.length);

  let stored;
  try {
    stored = await deps.store(events);
  } catch (error) {
    return { kind: 'unavailable', error };
  }

  for (const refused of stored.refused) deps.log.warn(refused, 'webhook event refused by the database; skipped');

  // One job per contact with new messages; it processes all of that contact's unprocessed rows in order.
  const firstByContact = new Map<number, string>();
  for (const { contactId, wamid } of stored.newMessages) if (!firstByContact.has(contactId)) firstByContact.set(contactId, wamid);
  await Promise.all(
    [...firstByContact].map(async ([contactId, wamid]) => {
      try {
        await deps.queue.enqueue(conversationJob, { contactId }, { jobId: conversationJobId(contactId, wamid) });
      } catch (error) {
        // The inbox row is durable; the sweeper schedules it once the queue is back.
        deps.log.warn({ err: error, contactId }, 'could not schedule a conversation; the sweeper will');
      }
    }),
  );
  return { kind: 'accepted', messages: stored.newMessages.length, statuses: stored.statuses, skipped: skipped.length };
}
