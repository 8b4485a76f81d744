// A local HTTP server speaking the Graph API's messages endpoint as Meta documents it: the real client
// (whatsapp-api-js through WHATSAPP_API_URL) talks to it. Replies can be scripted per request.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphRequest {
  at: number;
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface GraphReply {
  status: number;
  body: unknown;
}

/** Meta's error envelope, as the Graph API returns it. */
export function graphError(code: number, message: string, status = 400, details = message): GraphReply {
  return {
    status,
    body: {
      error: {
        message: `(#${code}) ${message}`,
        type: 'OAuthException',
        code,
        error_data: { messaging_product: 'whatsapp', details },
        fbtrace_id: `A${randomBytes(10).toString('base64url')}`,
      },
    },
  };
}

function success(body: Record<string, unknown>): GraphReply {
  if (body.status === 'read') return { status: 200, body: { success: true } };
  const to = String(body.to ?? body.recipient ?? '');
  return {
    status: 200,
    body: {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to }],
      messages: [{ id: `wamid.${randomBytes(24).toString('base64')}` }],
    },
  };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
}

export class FakeGraphApi {
  readonly requests: GraphRequest[] = [];
  /** Replies used in order for message sends (not read receipts); when empty, sends succeed. */
  readonly script: GraphReply[] = [];
  private readonly server: Server;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor() {
    this.server = createServer((request, response) => {
      void readJson(request).then((body) => {
        this.requests.push({ at: performance.now(), method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization, body });
        const isSend = body.status !== 'read';
        const reply = (isSend ? this.script.shift() : undefined) ?? success(body);
        response.writeHead(reply.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(reply.body));
        this.waiters = this.waiters.filter((waiter) => {
          if (this.requests.length < waiter.count) return true;
          waiter.resolve();
          return false;
        });
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  sends(): GraphRequest[] {
    return this.requests.filter((request) => request.body.status !== 'read');
  }

  /** Resolves once the server has seen at least `count` requests of any kind. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
