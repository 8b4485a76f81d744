// What the webhook normaliser makes of Meta's payloads: one flat event per message, status or error.
// The inbox stores InboundMessage as JSON; the conversation handler reads it back with this schema.
import { z } from 'zod';

export const metaErrorSchema = z.object({
  code: z.number(),
  title: z.string().optional(),
  message: z.string().optional(),
  details: z.string().optional(),
});
export type MetaError = z.infer<typeof metaErrorSchema>;

/** Who sent a message: a business-scoped user id (BSUID) and/or a phone number; never neither. */
export const senderSchema = z.object({
  userId: z.string().nullable(),
  waId: z.string().nullable(),
  parentUserId: z.string().nullable(),
  profileName: z.string().nullable(),
  username: z.string().nullable(),
});
export type Sender = z.infer<typeof senderSchema>;

const mediaTypes = ['image', 'audio', 'video', 'document', 'sticker'] as const;

export const messageContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), body: z.string() }),
  z.object({ type: z.literal('button_reply'), id: z.string(), title: z.string() }),
  z.object({ type: z.literal('list_reply'), id: z.string(), title: z.string(), description: z.string().optional() }),
  /** A quick-reply button of a template message. */
  z.object({ type: z.literal('button'), payload: z.string(), text: z.string() }),
  z.object({
    type: z.literal('location'),
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
    url: z.string().optional(),
  }),
  z.object({
    type: z.literal('media'),
    mediaType: z.enum(mediaTypes),
    mediaId: z.string(),
    mimeType: z.string(),
    caption: z.string().optional(),
    filename: z.string().optional(),
    voice: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('contacts'),
    contacts: z.array(
      z.object({
        name: z.string().optional(),
        phones: z.array(z.object({ phone: z.string().optional(), waId: z.string().optional() })),
        /** "contact_request" when the user shared their own number through a contact-request button. */
        origin: z.string().optional(),
      }),
    ),
  }),
  /** emoji null: the reaction was removed. */
  z.object({ type: z.literal('reaction'), messageId: z.string(), emoji: z.string().nullable() }),
  z.object({
    type: z.literal('order'),
    catalogId: z.string(),
    text: z.string().optional(),
    items: z.array(z.object({ productRetailerId: z.string(), quantity: z.number(), itemPrice: z.number(), currency: z.string() })),
  }),
  /** user_changed_number (newWaId) or user_changed_user_id (newUserId). */
  z.object({
    type: z.literal('system'),
    systemType: z.string(),
    body: z.string().optional(),
    newWaId: z.string().optional(),
    newUserId: z.string().optional(),
  }),
  /** Meta's "unsupported" and any type we do not know: kept, so the user can be told. */
  z.object({ type: z.literal('unsupported'), originalType: z.string(), errors: z.array(metaErrorSchema) }),
]);
export type MessageContent = z.infer<typeof messageContentSchema>;

export const inboundMessageSchema = z.object({
  kind: z.literal('message'),
  phoneNumberId: z.string(),
  wamid: z.string(),
  /** Meta's timestamp (unix seconds), as an ISO string. */
  timestamp: z.iso.datetime(),
  sender: senderSchema,
  content: messageContentSchema,
  context: z.object({ replyToWamid: z.string().optional(), forwarded: z.boolean().optional() }).optional(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export const deliveryStatusValues = ['sent', 'delivered', 'read', 'played', 'failed'] as const;

export const statusUpdateSchema = z.object({
  kind: z.literal('status'),
  phoneNumberId: z.string(),
  wamid: z.string(),
  status: z.enum(deliveryStatusValues),
  timestamp: z.iso.datetime(),
  recipient: z.object({ waId: z.string().nullable(), userId: z.string().nullable() }),
  errors: z.array(metaErrorSchema),
});
export type StatusUpdate = z.infer<typeof statusUpdateSchema>;

/** An app- or account-level error in value.errors[]. */
export const webhookErrorSchema = z.object({
  kind: z.literal('error'),
  phoneNumberId: z.string().nullable(),
  errors: z.array(metaErrorSchema),
});

/** field user_id_update: a user's BSUID changed. */
export const userIdChangeSchema = z.object({
  kind: z.literal('user_id_change'),
  phoneNumberId: z.string(),
  previousUserId: z.string(),
  currentUserId: z.string(),
  waId: z.string().nullable(),
  timestamp: z.iso.datetime(),
});

export type WebhookEvent =
  | InboundMessage
  | StatusUpdate
  | z.infer<typeof webhookErrorSchema>
  | z.infer<typeof userIdChangeSchema>;

/** Parts of a delivery that were not turned into events, with the reason (logged, never fatal). */
export interface SkippedPart {
  path: string;
  reason: string;
}

export interface NormalisedWebhook {
  events: WebhookEvent[];
  skipped: SkippedPart[];
}
