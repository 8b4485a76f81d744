// The simulator's inbound message as Meta would deliver it: the webhook body, its wire bytes and their signature.
import { createHmac } from 'node:crypto';
import { z } from 'zod';

const text = (max: number) => z.string().min(1).max(max);

/** What a simulated user can send; the simulator page posts one of these. */
export const simulatedMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: text(4096) }),
  z.object({ type: z.literal('button_reply'), id: text(256), title: text(20), contextWamid: z.string().min(1).optional() }),
  z.object({
    type: z.literal('list_reply'),
    id: text(200),
    title: text(24),
    description: z.string().max(72).optional(),
    contextWamid: z.string().min(1).optional(),
  }),
  z.object({
    type: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().max(1000).optional(),
    address: z.string().max(1000).optional(),
  }),
  /** The "Share contact info" button of a contact request: WhatsApp sends the person's own number. */
  z.object({ type: z.literal('share_contact') }),
  /** A template's quick-reply button (outside the 24-hour window): WhatsApp sends its payload and title. */
  z.object({ type: z.literal('quick_reply'), payload: text(256), text: text(25), contextWamid: z.string().min(1).optional() }),
]);
export type SimulatedMessage = z.infer<typeof simulatedMessageSchema>;

/** The WABA id the simulator's deliveries carry in entry[].id (made up, in Meta's format). */
export const SIMULATOR_WABA_ID = '100000000000000';

export interface WebhookDelivery {
  phoneNumberId: string;
  displayPhoneNumber: string;
  waId: string;
  name: string;
  wamid: string;
  /** When the user sent it; Meta sends whole unix seconds as a string. */
  sentAt: Date;
  message: SimulatedMessage;
  wabaId?: string;
}

/** The one-message webhook body, with keys in the order Meta's examples use. */
export function buildWebhookBody(delivery: WebhookDelivery) {
  const { message } = delivery;
  const context =
    (message.type === 'button_reply' || message.type === 'list_reply' || message.type === 'quick_reply') && message.contextWamid !== undefined
      ? { context: { from: delivery.displayPhoneNumber, id: message.contextWamid } }
      : {};
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: delivery.wabaId ?? SIMULATOR_WABA_ID,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: delivery.displayPhoneNumber, phone_number_id: delivery.phoneNumberId },
              contacts: [{ profile: { name: delivery.name }, wa_id: delivery.waId }],
              messages: [
                {
                  ...context,
                  from: delivery.waId,
                  id: delivery.wamid,
                  timestamp: String(Math.floor(delivery.sentAt.getTime() / 1000)),
                  ...messageContent(message, delivery.waId, delivery.name),
                },
              ],
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

function messageContent(message: SimulatedMessage, waId: string, name: string) {
  switch (message.type) {
    case 'text':
      return { type: 'text', text: { body: message.text } };
    case 'button_reply':
      return { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: message.id, title: message.title } } };
    case 'list_reply': {
      const description = message.description === undefined ? {} : { description: message.description };
      return {
        type: 'interactive',
        interactive: { type: 'list_reply', list_reply: { id: message.id, title: message.title, ...description } },
      };
    }
    case 'location': {
      const { latitude, longitude, name, address } = message;
      return {
        type: 'location',
        location: { latitude, longitude, ...(name === undefined ? {} : { name }), ...(address === undefined ? {} : { address }) },
      };
    }
    case 'quick_reply':
      return { type: 'button', button: { payload: message.payload, text: message.text } };
    case 'share_contact':
      return {
        type: 'contacts',
        contacts: [{ origin: 'contact_request', name: { formatted_name: name }, phones: [{ phone: `+${waId}`, wa_id: waId, type: 'MOBILE' }] }],
      };
  }
}

/**
 * A message id in Meta's layout: base64 of a small record holding the user's number, an inbound
 * flag and a 20-character client id (give 20 random hex digits for a fresh one).
 */
export function makeWamid(waId: string, clientId: string): string {
  const record = Buffer.concat([
    Buffer.from([0x1c, 0x18, waId.length]),
    Buffer.from(waId, 'ascii'),
    Buffer.from([0x15, 0x02, 0x00, 0x12, 0x18, clientId.length]),
    Buffer.from(clientId.toUpperCase(), 'ascii'),
    Buffer.from([0x00]),
  ]);
  return `wamid.${record.toString('base64')}`;
}

/**
 * JSON as Meta puts it on the wire: compact, `/` as `\/`, and every character past `~` as a
 * lowercase \uXXXX escape (UTF-16 units, so emoji become surrogate pairs). DEL is escaped too,
 * as the verifiers that re-escape a body before hashing (whatsapp-api-js) do.
 */
export function toMetaWireJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[^\0-~]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The x-hub-signature-256 header value for these exact bytes. */
export function signBody(bytes: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;
}
