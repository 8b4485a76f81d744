// A channel-neutral reply as the outbox stores it; src/whatsapp/ turns it into a Cloud API message.
import { z } from 'zod';

const replyButton = z.object({ id: z.string().min(1).max(256), title: z.string().min(1).max(20) });
const listRow = z.object({ id: z.string().min(1).max(200), title: z.string().min(1).max(24), description: z.string().max(72).optional() });

export const templateMessageSchema = z.object({
  type: z.literal('template'),
  name: z.string().min(1),
  language: z.string().min(2),
  /** Body parameters {{1}}, {{2}}, ... in order. */
  params: z.array(z.string()).default([]),
  /**
   * The template's quick-reply buttons, in order: the payload each tap sends back (its id, as a reply
   * button's), and the title the registered template shows (for the simulator; Meta knows it already).
   */
  quickReplies: z.array(z.object({ payload: z.string().min(1).max(256), title: z.string().min(1).max(25) })).max(3).optional(),
});

export const outboundMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    text: z.string().min(1).max(4096),
    /** Sent instead when the 24-hour window is closed; else the row waits (held). */
    fallbackTemplate: templateMessageSchema.optional(),
  }),
  z.object({
    type: z.literal('buttons'),
    body: z.string().min(1).max(1024),
    buttons: z.array(replyButton).min(1).max(3),
    fallbackTemplate: templateMessageSchema.optional(),
  }),
  z.object({
    type: z.literal('list'),
    body: z.string().min(1).max(1024),
    /** The label of the button that opens the list. */
    button: z.string().min(1).max(20),
    sections: z
      .array(z.object({ title: z.string().max(24).optional(), rows: z.array(listRow).min(1) }))
      .min(1)
      .refine((sections) => sections.reduce((n, s) => n + s.rows.length, 0) <= 10, 'a list has at most 10 rows in all'),
    fallbackTemplate: templateMessageSchema.optional(),
  }),
  templateMessageSchema,
  /** WhatsApp's "Share contact info" button: the person's number comes back as a contacts message. */
  z.object({ type: z.literal('contact_request'), body: z.string().min(1).max(1024), fallbackTemplate: templateMessageSchema.optional() }),
  /** A read receipt for an inbound message (blue ticks); not a message, never held by the 24-hour rule. */
  z.object({ type: z.literal('read_receipt'), wamid: z.string() }),
]);
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;
export type OutboundMessageInput = z.input<typeof outboundMessageSchema>;
