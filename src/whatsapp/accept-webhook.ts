// The ingest use-case: verify, normalise, store durably and schedule; the conversation itself runs later.
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import { normaliseWebhook } from './normalise-webhook.js';
import type { WebhookEvent } from './inbound-event.js';
import type { StoredDelivery } from './store-webhook-events.js';
import type { SignatureVerifier } from './verify-signature.js';

export type AcceptOutcome =
  | { kind: 'bad_signature' }
  | { kind: 'accepted'; messages: number; statuses: number; skipped: number }
  | { kind: 'unavailable'; error: unknown };

export interface AcceptDeps {
  /**
   * Stores one delivery's events durably and schedules the conversations of its new messages (in
   * production batched with concurrent deliveries: see store-deliveries.ts). Rejects only when nothing
   * could be stored; a queue that is away does not make it reject.
   */
  store: (events: WebhookEvent[]) => Promise<StoredDelivery>;
  verifySignature: SignatureVerifier;
  metrics: Metrics;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** The signature is checked over the exact bytes received, before anything parses them. */
export async function acceptWhatsAppWebhook(deps: AcceptDeps, rawBody: Buffer, signature: string | undefined): Promise<AcceptOutcome> {
  if (!deps.verifySignature(rawBody, signature)) return { kind: 'bad_signature' };

  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
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
  return { kind: 'accepted', messages: stored.newMessages.length, statuses: stored.statuses, skipped: skipped.length };
}
