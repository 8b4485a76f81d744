// One WhatsApp user chatting with the service: each message goes in as a signed Meta webhook, and the
// driver waits (polling the database, bounded) until the conversation processor has handled it, then
// reads back what it answered from the outbox. The service runs in cloud mode against FakeGraphApi, so
// what actually goes out to "Meta" is captured as well.
import { randomBytes, randomInt } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { contacts, conversations, employers, inbox, outbox, workers } from '../../src/db/schema.js';
import type { OutboundMessage } from '../../src/whatsapp/outbound-message.js';
import { buildWebhookBody, makeWamid, signBody, toMetaWireJson, type SimulatedMessage } from '../../src/web/simulator-payload.js';
import { testRedisUrl, type QueueBackend } from './backends.js';
import { FakeGraphApi, type GraphRequest } from './fake-graph-api.js';
import { fixtureBytes } from './meta-webhook.js';
import { startTestService, type TestService } from './test-service.js';

/** The business number of the fixtures in tests/fixtures/whatsapp: the service is configured as that number. */
export const BUSINESS = {
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
  wabaId: '102290129340398',
  appSecret: 'chat-driver-app-secret',
  accessToken: 'EAAG-chat-driver-token',
  verifyToken: 'chat-driver-verify-token',
} as const;

/** The longest a message may take to be handled before a test gives up on it. */
export const TURN_TIMEOUT_MS = 20_000;

export type Reply = Exclude<OutboundMessage, { type: 'read_receipt' }>;

export interface ChatService {
  service: TestService;
  graph: FakeGraphApi;
  database: Database;
  close(): Promise<void>;
}

/** The app and its workers, sending to a fake Graph API (the real client, over HTTP), on the given queue. */
export async function startChatService(database: Database, queue: QueueBackend, env: Record<string, string> = {}): Promise<ChatService> {
  const graph = new FakeGraphApi();
  const url = await graph.start();
  const service = await startTestService(database, {
    LOG_LEVEL: 'warn',
    WHATSAPP_ACCESS_TOKEN: BUSINESS.accessToken,
    WHATSAPP_PHONE_NUMBER_ID: BUSINESS.phoneNumberId,
    WHATSAPP_APP_SECRET: BUSINESS.appSecret,
    WHATSAPP_VERIFY_TOKEN: BUSINESS.verifyToken,
    WHATSAPP_API_URL: url,
    ...(queue === 'redis' ? { REDIS_URL: testRedisUrl! } : {}),
    ...env,
  });
  return {
    service,
    graph,
    database,
    async close() {
      await service.close();
      await graph.stop();
    },
  };
}

const usedNumbers = new Set<string>();

/** A fresh, valid phone number (as a wa_id) for one test: a US one for English, a Spanish mobile for Spanish. */
export function freshNumber(country: 'us' | 'es' = 'us'): string {
  for (;;) {
    // 650-555-xxxx passes libphonenumber's validation (555-123-xxxx has no real area code and would not).
    const number = country === 'us' ? `1650555${String(randomInt(10_000)).padStart(4, '0')}` : `346${String(randomInt(100_000_000)).padStart(8, '0')}`;
    if (!usedNumbers.has(number)) {
      usedNumbers.add(number);
      return number;
    }
  }
}

/** The text a reply shows: a text's text, an interactive message's body, a template's name. */
export function bodyOf(reply: Reply): string {
  switch (reply.type) {
    case 'text':
      return reply.text;
    case 'buttons':
    case 'list':
    case 'contact_request':
      return reply.body;
    case 'template':
      return reply.name;
  }
}

/** The ids a reply offers to tap: its buttons or list rows. */
export function idsOf(reply: Reply): string[] {
  if (reply.type === 'buttons') return reply.buttons.map((b) => b.id);
  if (reply.type === 'list') return reply.sections.flatMap((s) => s.rows.map((r) => r.id));
  return [];
}

export interface Turn {
  wamid: string;
  /** The inbox row, once processed. */
  row: typeof inbox.$inferSelect;
  /** What the bot answered to this message, in sending order (read receipts left out). */
  replies: Reply[];
  /** Read receipts written for this message. */
  receipts: number;
  /** The last reply (most turns end on the question asked next); undefined when nothing was answered. */
  last: Reply | undefined;
  /** Every reply's text, joined by new lines. */
  text: string;
}

/** Where the conversation stands, read from the stored state. */
export interface FlowPosition {
  name: string;
  step: string;
}

type FixtureMessage = Record<string, unknown> & { from: string; id: string; timestamp: string };
type FixtureBody = { entry: { changes: { value: { contacts?: { wa_id: string }[]; messages: FixtureMessage[] } }[] }[] };

export class Chat {
  constructor(
    readonly chat: ChatService,
    readonly waId: string = freshNumber(),
    readonly name = 'Test User',
  ) {}

  private get db() {
    return this.chat.database.db;
  }

  private newWamid(): string {
    return makeWamid(this.waId, randomBytes(10).toString('hex'));
  }

  async text(text: string): Promise<Turn> {
    return this.message({ type: 'text', text });
  }

  /** A reply button tapped (the title is what WhatsApp echoes; routing is on the id). */
  async tap(id: string, title: string): Promise<Turn> {
    return this.message({ type: 'button_reply', id, title });
  }

  /** A list row picked. */
  async pick(id: string, title: string): Promise<Turn> {
    return this.message({ type: 'list_reply', id, title });
  }

  async location(latitude: number, longitude: number, extra: { name?: string; address?: string } = {}): Promise<Turn> {
    return this.message({ type: 'location', latitude, longitude, ...extra });
  }

  /** Any simulated message, in Meta's wire format, from this user to the business number. */
  async message(message: SimulatedMessage): Promise<Turn> {
    const wamid = this.newWamid();
    const body = buildWebhookBody({
      phoneNumberId: BUSINESS.phoneNumberId,
      displayPhoneNumber: BUSINESS.displayPhoneNumber,
      wabaId: BUSINESS.wabaId,
      waId: this.waId,
      name: this.name,
      wamid,
      sentAt: new Date(),
      message,
    });
    return this.deliver(Buffer.from(toMetaWireJson(body)), wamid);
  }

  /**
   * A fixture of tests/fixtures/whatsapp as if this user sent it now: sender, message id and timestamp
   * replaced, the rest as Meta sent it. `edit` may change the message further.
   */
  async fixture(name: string, edit?: (message: FixtureMessage) => void): Promise<Turn> {
    const wamid = this.newWamid();
    const body = JSON.parse(fixtureBytes(name).toString('utf8')) as FixtureBody;
    const value = body.entry[0]!.changes[0]!.value;
    for (const contact of value.contacts ?? []) contact.wa_id = this.waId;
    const message = value.messages[0]!;
    message.from = this.waId;
    message.id = wamid;
    message.timestamp = String(Math.floor(Date.now() / 1000));
    edit?.(message);
    return this.deliver(Buffer.from(toMetaWireJson(body)), wamid);
  }

  /** Posts signed bytes, expects Meta's 200, and waits until the message has been handled. */
  async deliver(bytes: Buffer, wamid: string): Promise<Turn> {
    const response = await this.chat.service.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(bytes, BUSINESS.appSecret) },
      payload: bytes,
    });
    expect(response.statusCode, response.body).toBe(200);
    return this.processed(wamid);
  }

  /** The turn of an inbound message, once the conversation processor has marked it processed. */
  async processed(wamid: string): Promise<Turn> {
    const row = await vi.waitFor(
      async () => {
        const [found] = await this.db.select().from(inbox).where(eq(inbox.wamid, wamid));
        if (found?.processedAt == null) throw new Error(`message ${wamid} not processed yet (${found ? 'stored' : 'not stored'})`);
        return found;
      },
      { timeout: TURN_TIMEOUT_MS, interval: 10 },
    );
    // The replies are written in the transaction that marks the message processed.
    const rows = await this.db.select().from(outbox).where(eq(outbox.causedBy, wamid)).orderBy(asc(outbox.id));
    const messages = rows.map((r) => r.message as OutboundMessage);
    const replies = messages.filter((m): m is Reply => m.type !== 'read_receipt');
    return {
      wamid,
      row,
      replies,
      receipts: messages.length - replies.length,
      last: replies.at(-1),
      text: replies.map(bodyOf).join('\n'),
    };
  }

  async contact(): Promise<typeof contacts.$inferSelect> {
    const [row] = await this.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.phoneNumberId, BUSINESS.phoneNumberId), eq(contacts.waId, this.waId)));
    if (!row) throw new Error(`no contact for ${this.waId}`);
    return row;
  }

  async worker(): Promise<typeof workers.$inferSelect | undefined> {
    const { id } = await this.contact();
    return (await this.db.select().from(workers).where(eq(workers.contactId, id)))[0];
  }

  async employer(): Promise<typeof employers.$inferSelect | undefined> {
    const { id } = await this.contact();
    return (await this.db.select().from(employers).where(eq(employers.contactId, id)))[0];
  }

  /** The flow and step the stored conversation state is at; null outside any flow. */
  async position(): Promise<FlowPosition | null> {
    const { id } = await this.contact();
    const [row] = await this.db.select().from(conversations).where(eq(conversations.contactId, id));
    const flow = (row?.state as { flow?: { name?: unknown; step?: unknown } | null } | undefined)?.flow;
    return flow && typeof flow.name === 'string' && typeof flow.step === 'string' ? { name: flow.name, step: flow.step } : null;
  }

  /** Every inbound message of this contact, in arrival order. */
  async inbox(): Promise<(typeof inbox.$inferSelect)[]> {
    const { id } = await this.contact();
    return this.db.select().from(inbox).where(eq(inbox.contactId, id)).orderBy(asc(inbox.seq));
  }

  /** The Graph API requests that sent this contact a message (read receipts carry no recipient). */
  sends(): GraphRequest[] {
    return this.chat.graph.sends().filter((request) => request.body.to === this.waId);
  }

  /** Waits until the Graph API has been asked to mark this inbound message read (blue ticks). */
  async waitForRead(wamid: string): Promise<GraphRequest> {
    return vi.waitFor(
      () => {
        const receipt = this.chat.graph.requests.find((request) => request.body.status === 'read' && request.body.message_id === wamid);
        if (!receipt) throw new Error(`message ${wamid} not marked read`);
        return receipt;
      },
      { timeout: TURN_TIMEOUT_MS, interval: 20 },
    );
  }

  /** Waits until the Graph API has been sent at least `count` messages for this contact. */
  async waitForSends(count: number): Promise<GraphRequest[]> {
    return vi.waitFor(
      () => {
        const sends = this.sends();
        if (sends.length < count) throw new Error(`${sends.length} of ${count} messages sent to ${this.waId}`);
        return sends;
      },
      { timeout: TURN_TIMEOUT_MS, interval: 20 },
    );
  }
}
