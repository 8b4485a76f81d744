// Turns one message of Meta's webhook into our MessageContent; types we do not handle become "unsupported".
import { z } from 'zod';
import type { MessageContent } from './inbound-event.js';
import { accepted, describeIssues, refused, type ItemResult } from './webhook-item-result.js';
import {
  interactiveReplyTypes,
  isHandledMessageType,
  wireMessageSchema,
  type MessageEnvelope,
  type WireMessage,
} from './webhook-schema.js';
import { toMetaError } from './webhook-wire-values.js';

// Only to tell a new interactive reply type (e.g. nfm_reply) from a broken button or list reply.
const interactiveTypeSchema = z.looseObject({ interactive: z.looseObject({ type: z.string() }) });

function unsupported(originalType: string, envelope: MessageEnvelope): MessageContent {
  return { type: 'unsupported', originalType, errors: (envelope.errors ?? []).map(toMetaError) };
}

/** The type we do not handle, if any: a message type, or `interactive.<type>` for a new interactive reply. */
function unhandledType(message: unknown, envelope: MessageEnvelope): string | null {
  if (!isHandledMessageType(envelope.type)) return envelope.type;
  if (envelope.type !== 'interactive') return null;
  const interactive = interactiveTypeSchema.safeParse(message);
  if (!interactive.success) return null;
  const subtype = interactive.data.interactive.type;
  return (interactiveReplyTypes as readonly string[]).includes(subtype) ? null : `interactive.${subtype}`;
}

/** `message` is the raw item; `envelope` the same item already checked by messageEnvelopeSchema. */
export function toMessageContent(message: unknown, envelope: MessageEnvelope): ItemResult<MessageContent> {
  const unhandled = unhandledType(message, envelope);
  if (unhandled !== null) return accepted(unsupported(unhandled, envelope));
  const parsed = wireMessageSchema.safeParse(message);
  if (!parsed.success) return refused(describeIssues(parsed.error));
  return accepted(contentOf(parsed.data, envelope));
}

function contentOf(message: WireMessage, envelope: MessageEnvelope): MessageContent {
  switch (message.type) {
    case 'text':
      return { type: 'text', body: message.text.body };
    case 'interactive': {
      const reply = message.interactive;
      if (reply.type === 'button_reply') return { type: 'button_reply', id: reply.button_reply.id, title: reply.button_reply.title };
      return { type: 'list_reply', id: reply.list_reply.id, title: reply.list_reply.title, description: reply.list_reply.description };
    }
    case 'button':
      return { type: 'button', payload: message.button.payload, text: message.button.text };
    case 'location': {
      const { latitude, longitude, name, address, url } = message.location;
      return { type: 'location', latitude, longitude, name, address, url };
    }
    case 'image':
      return media('image', message.image);
    case 'audio':
      return { ...media('audio', message.audio), voice: message.audio.voice };
    case 'video':
      return media('video', message.video);
    case 'document':
      return media('document', message.document);
    case 'sticker':
      return media('sticker', message.sticker);
    case 'contacts':
      return {
        type: 'contacts',
        contacts: message.contacts.map((card) => ({
          name: card.name?.formatted_name ?? joinName(card.name?.first_name, card.name?.last_name),
          phones: (card.phones ?? []).map((phone) => ({ phone: phone.phone, waId: phone.wa_id })),
          origin: card.origin,
        })),
      };
    case 'reaction':
      return { type: 'reaction', messageId: message.reaction.message_id, emoji: message.reaction.emoji ?? null };
    case 'order':
      return {
        type: 'order',
        catalogId: message.order.catalog_id,
        text: message.order.text,
        items: message.order.product_items.map((item) => ({
          productRetailerId: item.product_retailer_id,
          quantity: item.quantity,
          itemPrice: item.item_price,
          currency: item.currency,
        })),
      };
    case 'system':
      return {
        type: 'system',
        systemType: message.system.type,
        body: message.system.body,
        // user_changed_number; new_wa_id is the older name of the same field.
        newWaId: message.system.wa_id ?? message.system.new_wa_id,
        // user_changed_user_id
        newUserId: message.system.user_id,
      };
    case 'unsupported':
      // Meta names the type it could not deliver (e.g. "edit"); that is the useful one to keep.
      return unsupported(message.unsupported?.type ?? 'unsupported', envelope);
  }
}

type MediaContent = Extract<MessageContent, { type: 'media' }>;

function media(
  mediaType: MediaContent['mediaType'],
  wire: { id: string; mime_type: string; caption?: string; filename?: string },
): MediaContent {
  return { type: 'media', mediaType, mediaId: wire.id, mimeType: wire.mime_type, caption: wire.caption, filename: wire.filename };
}

function joinName(first: string | undefined, last: string | undefined): string | undefined {
  const name = [first, last].filter((part) => part !== undefined && part !== '').join(' ');
  return name === '' ? undefined : name;
}
