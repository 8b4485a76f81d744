// Sends through whatsapp-api-js; its fetch is ours, to point it at WHATSAPP_API_URL and to read HTTP statuses.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { WhatsAppAPI } from 'whatsapp-api-js';
import {
  ActionButtons,
  ActionContactRequest,
  ActionList,
  Body,
  BodyComponent,
  BodyParameter,
  Button,
  Interactive,
  Language,
  ListSection,
  PayloadComponent,
  Row,
  Template,
  Text,
} from 'whatsapp-api-js/messages';
import type { ClientMessage } from 'whatsapp-api-js/types';
import { z } from 'zod';
import { classifyGraphError } from './graph-errors.js';
import type { OutboundMessage } from './outbound-message.js';
import type { Recipient, SendResult, WhatsAppTransport } from './transport.js';

const GRAPH_ORIGIN = 'https://graph.facebook.com';
const SEND_TIMEOUT_MS = 10_000;

const sentSchema = z.object({ messages: z.array(z.object({ id: z.string() })).min(1) });
const readSchema = z.object({ success: z.literal(true) });
const errorSchema = z.object({ error: z.object({ code: z.number(), message: z.string().optional() }) });

type AtLeastOne<T> = [T, ...T[]];
function atLeastOne<T>(items: T[]): AtLeastOne<T> {
  if (items.length === 0) throw new Error('expected at least one item');
  return items as AtLeastOne<T>;
}

export function toClientMessage(message: Exclude<OutboundMessage, { type: 'read_receipt' }>): ClientMessage {
  switch (message.type) {
    case 'text':
      return new Text(message.text);
    case 'buttons':
      return new Interactive(
        new ActionButtons(...atLeastOne(message.buttons.map((b) => new Button(b.id, b.title)))),
        new Body(message.body),
      );
    case 'list':
      return new Interactive(
        new ActionList(
          message.button,
          ...atLeastOne(
            message.sections.map(
              (section) => new ListSection(section.title, ...atLeastOne(section.rows.map((r) => new Row(r.id, r.title, r.description)))),
            ),
          ),
        ),
        new Body(message.body),
      );
    case 'contact_request':
      return new Interactive(new ActionContactRequest(), new Body(message.body));
    case 'template': {
      // Quick-reply buttons carry the payload each tap sends back, in the order the template declares them.
      const components = [
        ...(message.params.length === 0 ? [] : [new BodyComponent(...atLeastOne(message.params.map((p) => new BodyParameter(p))))]),
        ...(message.quickReplies ?? []).map((reply) => new PayloadComponent(reply.payload)),
      ];
      return new Template(message.name, new Language(message.language), ...components);
    }
  }
}

export class CloudApiTransport implements WhatsAppTransport {
  readonly mode = 'cloud' as const;
  private readonly api: WhatsAppAPI;
  private readonly lastStatus = new AsyncLocalStorage<{ status: number | null }>();

  constructor(options: { accessToken: string; apiUrl: string; apiVersion: string; appSecret: string }) {
    const origin = new URL(options.apiUrl).origin;
    this.api = new WhatsAppAPI({
      token: options.accessToken,
      appSecret: options.appSecret,
      v: options.apiVersion,
      ponyfill: {
        fetch: async (input: string | URL | Request, init?: RequestInit) => {
          const url = String(input instanceof Request ? input.url : input).replace(GRAPH_ORIGIN, origin);
          const response = await fetch(url, { ...init, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
          const store = this.lastStatus.getStore();
          if (store) store.status = response.status;
          return response;
        },
      },
    });
  }

  async send(phoneNumberId: string, recipient: Recipient, message: OutboundMessage): Promise<SendResult> {
    let built: ClientMessage | undefined;
    try {
      built = message.type === 'read_receipt' ? undefined : toClientMessage(message);
    } catch (error) {
      // The library refused to build it (a limit we did not check): no request was made, none will help.
      return { ok: false, kind: 'permanent', outcomeUnknown: false, code: null, httpStatus: null, message: `not sendable: ${String(error)}` };
    }
    const store = { status: null as number | null };
    return this.lastStatus.run(store, async () => {
      let body: unknown;
      try {
        if (built === undefined) {
          body = await this.api.markAsRead(phoneNumberId, (message as { wamid: string }).wamid);
        } else {
          // The phone number when we have it, else the business-scoped user id (the library tells them apart).
          const to = recipient.waId ?? recipient.userId ?? '';
          body = await this.api.sendMessage(phoneNumberId, to, built);
        }
      } catch (error) {
        // No status: the connection failed or timed out; with a status, the body was not JSON (a proxy's page).
        const httpStatus = store.status;
        const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
        return {
          ok: false,
          kind: httpStatus === null ? 'retry' : classifyGraphError(httpStatus, null),
          outcomeUnknown: httpStatus === null && !refused,
          code: null,
          httpStatus,
          message: error instanceof Error ? error.message : String(error),
        };
      }
      const httpStatus = store.status ?? 0;
      if (httpStatus < 400) {
        const sent = sentSchema.safeParse(body);
        if (sent.success) return { ok: true, wamid: sent.data.messages[0]!.id };
        if (readSchema.safeParse(body).success) return { ok: true, wamid: null };
      }
      const failure = errorSchema.safeParse(body);
      const code = failure.success ? failure.data.error.code : null;
      return {
        ok: false,
        kind: classifyGraphError(httpStatus, code),
        outcomeUnknown: false,
        code,
        httpStatus,
        message: failure.success ? (failure.data.error.message ?? 'Graph API error') : 'unexpected Graph API response',
      };
    });
  }
}

/** The sandbox: nothing leaves the machine; the simulator page shows the outbox rows. */
export class SandboxTransport implements WhatsAppTransport {
  readonly mode = 'sandbox' as const;
  async send(_phoneNumberId: string, _recipient: Recipient, message: OutboundMessage): Promise<SendResult> {
    return { ok: true, wamid: message.type === 'read_receipt' ? null : `wamid.sandbox.${randomBytes(12).toString('base64url')}` };
  }
}
