// Turns the body Meta POSTs to the WhatsApp webhook into flat events; never throws, skips what it cannot read.
import { z } from 'zod';
import type { NormalisedWebhook, SkippedPart, WebhookEvent } from './inbound-event.js';
import { normaliseMessage } from './normalise-webhook-message.js';
import { accepted, describeIssues, refused, type ItemResult } from './webhook-item-result.js';
import {
  messagesValueSchema,
  userIdUpdateValueSchema,
  webhookBodySchema,
  webhookChangeSchema,
  webhookEntrySchema,
  wireContactSchema,
  wireErrorSchema,
  wireStatusSchema,
  wireUserIdUpdateSchema,
} from './webhook-schema.js';
import { isoFromUnixSeconds, toMetaError } from './webhook-wire-values.js';

// The same schemas with their lists left unchecked, so that one bad item is skipped alone.
const bodyShell = webhookBodySchema.extend({ entry: z.array(z.unknown()) });
const entryShell = webhookEntrySchema.extend({ changes: z.array(z.unknown()) });
const messagesValueShell = messagesValueSchema.extend({
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});
const userIdUpdateValueShell = userIdUpdateValueSchema.extend({ user_id_update: z.array(z.unknown()) });

class Collector {
  readonly events: WebhookEvent[] = [];
  readonly skipped: SkippedPart[] = [];

  skip(path: string, reason: string): void {
    this.skipped.push({ path, reason });
  }

  /** Each item of `items` through `convert`, in order; an event for each one accepted, a skipped part for each other. */
  each(items: readonly unknown[], path: string, convert: (item: unknown) => ItemResult<WebhookEvent>): void {
    items.forEach((item, i) => {
      const result = convert(item);
      if (result.ok) this.events.push(result.value);
      else this.skip(`${path}[${i}]`, result.reason);
    });
  }

  /** The items of `items` that pass `schema`; a skipped part for each other. */
  valid<T>(items: readonly unknown[], path: string, schema: z.ZodType<T>): T[] {
    return items.flatMap((item, i) => {
      const parsed = schema.safeParse(item);
      if (parsed.success) return [parsed.data];
      this.skip(`${path}[${i}]`, describeIssues(parsed.error));
      return [];
    });
  }
}

/** Paths in skipped parts start at the body: `entry[0].changes[1].value.messages[2]`; `body` is the whole body. */
export function normaliseWebhook(body: unknown): NormalisedWebhook {
  const out = new Collector();
  try {
    walkBody(body, out);
  } catch (error) {
    // Not expected (every part goes through safeParse); a last guard, because a webhook must always get its 200.
    out.skip('body', `normaliser failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { events: out.events, skipped: out.skipped };
}

function walkBody(body: unknown, out: Collector): void {
  const envelope = bodyShell.safeParse(body);
  if (!envelope.success) return out.skip('body', `not a WhatsApp webhook body: ${describeIssues(envelope.error)}`);
  envelope.data.entry.forEach((rawEntry, i) => {
    const path = `entry[${i}]`;
    const entry = entryShell.safeParse(rawEntry);
    if (!entry.success) return out.skip(path, describeIssues(entry.error));
    entry.data.changes.forEach((change, j) => walkChange(change, `${path}.changes[${j}]`, out));
  });
}

function walkChange(rawChange: unknown, path: string, out: Collector): void {
  const change = webhookChangeSchema.safeParse(rawChange);
  if (!change.success) return out.skip(path, describeIssues(change.error));
  const { field, value } = change.data;
  if (field === 'messages') return walkMessagesValue(value, `${path}.value`, out);
  if (field === 'user_id_update') return walkUserIdUpdateValue(value, `${path}.value`, out);
  out.skip(path, `field ${field} is not handled`);
}

function walkMessagesValue(rawValue: unknown, path: string, out: Collector): void {
  const parsed = messagesValueShell.safeParse(rawValue);
  if (!parsed.success) return out.skip(path, describeIssues(parsed.error));
  const value = parsed.data;
  const phoneNumberId = value.metadata?.phone_number_id ?? null;
  const messages = value.messages ?? [];
  const statuses = value.statuses ?? [];
  if (phoneNumberId === null && (messages.length > 0 || statuses.length > 0)) {
    out.skip(`${path}.metadata`, 'metadata.phone_number_id is missing: the messages and statuses cannot be attributed');
  } else if (phoneNumberId !== null) {
    const contacts = out.valid(value.contacts ?? [], `${path}.contacts`, wireContactSchema);
    out.each(messages, `${path}.messages`, (message) => normaliseMessage(message, phoneNumberId, contacts));
    out.each(statuses, `${path}.statuses`, (status) => normaliseStatus(status, phoneNumberId));
  }
  const errors = out.valid(value.errors ?? [], `${path}.errors`, wireErrorSchema);
  if (errors.length > 0) out.events.push({ kind: 'error', phoneNumberId, errors: errors.map(toMetaError) });
}

function normaliseStatus(rawStatus: unknown, phoneNumberId: string): ItemResult<WebhookEvent> {
  const parsed = wireStatusSchema.safeParse(rawStatus);
  if (!parsed.success) return refused(describeIssues(parsed.error));
  const status = parsed.data;
  return accepted({
    kind: 'status',
    phoneNumberId,
    wamid: status.id,
    status: status.status,
    timestamp: isoFromUnixSeconds(status.timestamp),
    recipient: { waId: status.recipient_id ?? null, userId: status.recipient_user_id ?? null },
    errors: (status.errors ?? []).map(toMetaError),
  });
}

function walkUserIdUpdateValue(rawValue: unknown, path: string, out: Collector): void {
  const parsed = userIdUpdateValueShell.safeParse(rawValue);
  if (!parsed.success) return out.skip(path, describeIssues(parsed.error));
  const phoneNumberId = parsed.data.metadata.phone_number_id;
  out.each(parsed.data.user_id_update, `${path}.user_id_update`, (rawUpdate) => {
    const update = wireUserIdUpdateSchema.safeParse(rawUpdate);
    if (!update.success) return refused(describeIssues(update.error));
    return accepted({
      kind: 'user_id_change',
      phoneNumberId,
      previousUserId: update.data.user_id.previous,
      currentUserId: update.data.user_id.current,
      waId: update.data.wa_id ?? null,
      timestamp: isoFromUnixSeconds(update.data.timestamp),
    });
  });
}
