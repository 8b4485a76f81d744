// How the sender reaches a user: the Cloud API in production, the simulator's outbox view in the sandbox.
import type { OutboundMessage } from './outbound-message.js';
import type { SendFailureKind } from './graph-errors.js';

export interface Recipient {
  waId: string | null;
  userId: string | null;
}

export type SendResult =
  | { ok: true; wamid: string | null }
  | {
      ok: false;
      kind: SendFailureKind;
      /** The request may have reached Meta (a timeout or a dropped connection): a retry could duplicate. */
      outcomeUnknown: boolean;
      code: number | null;
      httpStatus: number | null;
      message: string;
    };

export interface WhatsAppTransport {
  readonly mode: 'cloud' | 'sandbox';
  send(phoneNumberId: string, recipient: Recipient, message: OutboundMessage): Promise<SendResult>;
}
