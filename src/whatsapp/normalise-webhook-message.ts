// Turns one item of value.messages[] into an InboundMessage, its sender completed from value.contacts[].
import type { InboundMessage, Sender } from './inbound-event.js';
import { accepted, describeIssues, refused, type ItemResult } from './webhook-item-result.js';
import { toMessageContent } from './webhook-message-content.js';
import { messageEnvelopeSchema, type MessageEnvelope, type WireContact, type WireContext } from './webhook-schema.js';
import { isoFromUnixSeconds } from './webhook-wire-values.js';

export function normaliseMessage(message: unknown, phoneNumberId: string, contacts: readonly WireContact[]): ItemResult<InboundMessage> {
  const parsed = messageEnvelopeSchema.safeParse(message);
  if (!parsed.success) return refused(describeIssues(parsed.error));
  const envelope = parsed.data;
  if (envelope.from === undefined && envelope.from_user_id === undefined) return refused('message has neither from nor from_user_id');
  const content = toMessageContent(message, envelope);
  if (!content.ok) return content;
  const context = toContext(envelope.context);
  return accepted({
    kind: 'message',
    phoneNumberId,
    wamid: envelope.id,
    timestamp: isoFromUnixSeconds(envelope.timestamp),
    sender: resolveSender(envelope, contacts),
    content: content.value,
    ...(context !== undefined && { context }),
  });
}

/** The message gives the ids; the matching contact adds the profile and the ids the message left out. */
export function resolveSender(envelope: MessageEnvelope, contacts: readonly WireContact[]): Sender {
  const contact = contacts.find(
    (candidate) =>
      (envelope.from_user_id !== undefined && candidate.user_id === envelope.from_user_id) ||
      (envelope.from !== undefined && candidate.wa_id === envelope.from),
  );
  return {
    userId: envelope.from_user_id ?? contact?.user_id ?? null,
    waId: envelope.from ?? contact?.wa_id ?? null,
    parentUserId: envelope.from_parent_user_id ?? contact?.parent_user_id ?? null,
    profileName: contact?.profile?.name ?? null,
    username: contact?.profile?.username ?? null,
  };
}

function toContext(context: WireContext | undefined): InboundMessage['context'] {
  if (context === undefined) return undefined;
  const forwarded = context.forwarded === true || context.frequently_forwarded === true;
  if (context.id === undefined && !forwarded) return undefined;
  return {
    ...(context.id !== undefined && { replyToWamid: context.id }),
    ...(forwarded && { forwarded: true }),
  };
}
