// Zod schemas of the body Meta POSTs to the WhatsApp Cloud API webhook, in Meta's wire names.
// Every object is loose: Meta adds fields without notice, and an unknown key must never fail a delivery.
import { z } from 'zod';

/** messages[].timestamp, statuses[].timestamp, user_id_update[].timestamp: unix seconds as a string. */
export const unixSecondsSchema = z.string().regex(/^\d{1,12}$/, 'expected a string of unix seconds');

/** Meta's error object, in statuses[].errors[], messages[].errors[] and value.errors[]. */
export const wireErrorSchema = z.looseObject({
  code: z.number(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});
export type WireError = z.infer<typeof wireErrorSchema>;

export const wireMetadataSchema = z.looseObject({
  display_phone_number: z.string().optional(),
  phone_number_id: z.string(),
});

/** value.contacts[]: the sender(s) of the messages in the same value (not shared contact cards). */
export const wireContactSchema = z.looseObject({
  profile: z.looseObject({ name: z.string().optional(), username: z.string().optional() }).optional(),
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  parent_user_id: z.string().optional(),
  identity_key_hash: z.string().optional(),
});
export type WireContact = z.infer<typeof wireContactSchema>;

export const wireContextSchema = z.looseObject({
  from: z.string().optional(),
  id: z.string().optional(),
  forwarded: z.boolean().optional(),
  frequently_forwarded: z.boolean().optional(),
  referred_product: z.looseObject({ catalog_id: z.string(), product_retailer_id: z.string() }).optional(),
});
export type WireContext = z.infer<typeof wireContextSchema>;

/** What every message has, whatever its type; `type` names the key that holds the content. */
export const messageEnvelopeSchema = z.looseObject({
  id: z.string().min(1),
  timestamp: unixSecondsSchema,
  type: z.string().min(1),
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  from_parent_user_id: z.string().optional(),
  context: wireContextSchema.optional(),
  referral: z.looseObject({ source_type: z.string().optional(), ctwa_clid: z.string().optional() }).optional(),
  errors: z.array(wireErrorSchema).optional(),
});
export type MessageEnvelope = z.infer<typeof messageEnvelopeSchema>;

const wireMediaSchema = z.looseObject({
  id: z.string(),
  mime_type: z.string(),
  sha256: z.string().optional(),
  url: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

const wireSharedContactSchema = z.looseObject({
  name: z
    .looseObject({ formatted_name: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() })
    .optional(),
  phones: z.array(z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional(), type: z.string().optional() })).optional(),
  /** "contact_request": the user shared their own number through a REQUEST_CONTACT_INFO button. */
  origin: z.string().optional(),
});

export const interactiveReplyTypes = ['button_reply', 'list_reply'] as const;

/** One schema per message type we turn into content; any other type becomes "unsupported" content. */
export const wireMessageSchema = z.discriminatedUnion('type', [
  messageEnvelopeSchema.extend({ type: z.literal('text'), text: z.looseObject({ body: z.string() }) }),
  messageEnvelopeSchema.extend({
    type: z.literal('interactive'),
    interactive: z.discriminatedUnion('type', [
      z.looseObject({ type: z.literal('button_reply'), button_reply: z.looseObject({ id: z.string(), title: z.string() }) }),
      z.looseObject({
        type: z.literal('list_reply'),
        list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }),
      }),
    ]),
  }),
  messageEnvelopeSchema.extend({ type: z.literal('button'), button: z.looseObject({ payload: z.string(), text: z.string() }) }),
  messageEnvelopeSchema.extend({
    type: z.literal('location'),
    location: z.looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    }),
  }),
  messageEnvelopeSchema.extend({ type: z.literal('image'), image: wireMediaSchema }),
  messageEnvelopeSchema.extend({ type: z.literal('audio'), audio: wireMediaSchema.extend({ voice: z.boolean().optional() }) }),
  messageEnvelopeSchema.extend({ type: z.literal('video'), video: wireMediaSchema }),
  messageEnvelopeSchema.extend({ type: z.literal('document'), document: wireMediaSchema }),
  messageEnvelopeSchema.extend({ type: z.literal('sticker'), sticker: wireMediaSchema.extend({ animated: z.boolean().optional() }) }),
  messageEnvelopeSchema.extend({ type: z.literal('contacts'), contacts: z.array(wireSharedContactSchema) }),
  /** emoji absent: the reaction was removed. */
  messageEnvelopeSchema.extend({
    type: z.literal('reaction'),
    reaction: z.looseObject({ message_id: z.string(), emoji: z.string().optional() }),
  }),
  messageEnvelopeSchema.extend({
    type: z.literal('order'),
    order: z.looseObject({
      catalog_id: z.string(),
      text: z.string().optional(),
      product_items: z.array(
        z.looseObject({ product_retailer_id: z.string(), quantity: z.number(), item_price: z.number(), currency: z.string() }),
      ),
    }),
  }),
  /** user_changed_number carries the new number in wa_id; user_changed_user_id the new BSUID in user_id. */
  messageEnvelopeSchema.extend({
    type: z.literal('system'),
    system: z.looseObject({
      type: z.string(),
      body: z.string().optional(),
      wa_id: z.string().optional(),
      new_wa_id: z.string().optional(),
      user_id: z.string().optional(),
    }),
  }),
  /** Meta's own "unsupported" (e.g. an edit), with errors[] code 131051. */
  messageEnvelopeSchema.extend({
    type: z.literal('unsupported'),
    unsupported: z.looseObject({ type: z.string().optional() }).optional(),
  }),
]);
export type WireMessage = z.infer<typeof wireMessageSchema>;
export type WireMessageType = WireMessage['type'];

// A Record, so that tsc fails when a type is added to the union and not here, or the other way round.
const handledTypes: Record<WireMessageType, true> = {
  text: true,
  interactive: true,
  button: true,
  location: true,
  image: true,
  audio: true,
  video: true,
  document: true,
  sticker: true,
  contacts: true,
  reaction: true,
  order: true,
  system: true,
  unsupported: true,
};

export function isHandledMessageType(type: string): type is WireMessageType {
  return Object.hasOwn(handledTypes, type);
}

export const wireStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'played', 'failed']),
  timestamp: unixSecondsSchema,
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  recipient_parent_user_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  conversation: z
    .looseObject({
      id: z.string(),
      expiration_timestamp: unixSecondsSchema.optional(),
      origin: z.looseObject({ type: z.string() }).optional(),
    })
    .optional(),
  pricing: z
    .looseObject({
      billable: z.boolean().optional(),
      pricing_model: z.string().optional(),
      type: z.string().optional(),
      category: z.string().optional(),
    })
    .optional(),
  errors: z.array(wireErrorSchema).optional(),
});
export type WireStatus = z.infer<typeof wireStatusSchema>;

/** value of field "messages": messages, statuses or value-level errors (each in its own change). */
export const messagesValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  /** Present on every documented value; optional so that value-level errors survive its absence. */
  metadata: wireMetadataSchema.optional(),
  contacts: z.array(wireContactSchema).optional(),
  /** Checked here up to the envelope; the content is checked per type by wireMessageSchema. */
  messages: z.array(messageEnvelopeSchema).optional(),
  statuses: z.array(wireStatusSchema).optional(),
  errors: z.array(wireErrorSchema).optional(),
});

export const wireUserIdUpdateSchema = z.looseObject({
  wa_id: z.string().optional(),
  detail: z.string().optional(),
  user_id: z.looseObject({ previous: z.string(), current: z.string() }),
  timestamp: unixSecondsSchema,
});
export type WireUserIdUpdate = z.infer<typeof wireUserIdUpdateSchema>;

/** value of field "user_id_update": a user's BSUID changed. */
export const userIdUpdateValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: wireMetadataSchema,
  contacts: z.array(wireContactSchema).optional(),
  user_id_update: z.array(wireUserIdUpdateSchema),
});

/** changes[].field decides the shape of value (messagesValueSchema, userIdUpdateValueSchema, or others we ignore). */
export const webhookChangeSchema = z.looseObject({ field: z.string(), value: z.unknown() });

export const webhookEntrySchema = z.looseObject({
  /** The WhatsApp Business Account id. */
  id: z.string(),
  /** Integer unix seconds; only on account-level fields. */
  time: z.number().optional(),
  changes: z.array(webhookChangeSchema),
});

export const webhookBodySchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(webhookEntrySchema),
});
export type WebhookBody = z.infer<typeof webhookBodySchema>;
