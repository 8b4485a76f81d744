// The load generator of bench/ingest.ts, run in a worker thread so that it does not share the service's event
// loop: signed Meta-shaped deliveries (one text message, or one delivery status, each) sent at a steady pace over
// keep-alive sockets.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { parentPort, Worker } from 'node:worker_threads';
import { SANDBOX_WHATSAPP } from '../src/config.js';
import { buildWebhookBody, makeWamid, signBody, toMetaWireJson } from '../src/web/simulator-payload.js';

export interface LoadSpec {
  port: number;
  path: string;
  /** Requests per second; sends are spread evenly (checked every millisecond), never in bursts. */
  rate: number;
  count: number;
  /** At most this many sockets, kept alive; more requests than that wait in the agent's queue. */
  connections: number;
  /** Requests still unanswered this long after the last one was due are abandoned (status -1). */
  drainMs: number;
  /** Message i comes from sender (senderOffset + i % senders). */
  senders: number;
  senderOffset: number;
  /**
   * Meta's mix: with these wamids of messages we sent, only every fourth request is an inbound message; the
   * other three are their statuses (sent, delivered, read, in that order for each wamid, spread over the run).
   */
  outboundWamids?: string[];
}

export const STATUS_ORDER = ['sent', 'delivered', 'read'] as const;

export interface LoadResult {
  /** The message's wamid, or for a status the wamid it is about. */
  wamids: string[];
  /** 0 for a message; 1, 2, 3 for a sent, delivered, read status (STATUS_ORDER[kind - 1]). */
  kinds: Uint8Array;
  /** HTTP status per request; 0 = connection error, -1 = no answer before the deadline. */
  status: Int16Array;
  /** When each request was issued, epoch ms (sub-ms precision, comparable across threads). */
  startedAt: Float64Array;
  latencyMs: Float64Array;
  /** How late each request left relative to its slot in the schedule (the client's own lag). */
  lagMs: Float64Array;
  firstStart: number;
  lastEnd: number;
}

const epochNow = () => performance.timeOrigin + performance.now();

export function waIdFor(sender: number): string {
  return `1555${String(sender).padStart(8, '0')}`;
}

/** One status delivery in Meta's shape (the recipient made up: the service does not read it). */
function statusBody(wamid: string, status: string, at: Date) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '100000000000000',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: SANDBOX_WHATSAPP.displayPhoneNumber, phone_number_id: SANDBOX_WHATSAPP.phoneNumberId },
              statuses: [{ id: wamid, status, timestamp: String(Math.floor(at.getTime() / 1000)), recipient_id: '15550000000' }],
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

function prepare(spec: LoadSpec) {
  const run = randomBytes(3).toString('hex');
  const bodies: Buffer[] = [];
  const signatures: string[] = [];
  const wamids: string[] = [];
  const kinds = new Uint8Array(spec.count);
  const sentAt = new Date();
  const outbound = spec.outboundWamids ?? [];
  let messages = 0;
  let statuses = 0;
  for (let i = 0; i < spec.count; i += 1) {
    let wamid: string;
    let body: unknown;
    if (outbound.length > 0 && i % 4 !== 0) {
      // Each wamid's three statuses, in order, a third of the run apart.
      const perRound = outbound.length;
      const round = Math.floor(statuses / perRound) % STATUS_ORDER.length;
      wamid = outbound[statuses % perRound]!;
      kinds[i] = round + 1;
      body = statusBody(wamid, STATUS_ORDER[round]!, sentAt);
      statuses += 1;
    } else {
      const waId = waIdFor(spec.senderOffset + (messages % spec.senders));
      // 20 characters: unique per run and request, random across runs.
      wamid = makeWamid(waId, `${run}${i.toString(16).padStart(8, '0')}${randomBytes(3).toString('hex')}`);
      body = buildWebhookBody({
        phoneNumberId: SANDBOX_WHATSAPP.phoneNumberId,
        displayPhoneNumber: SANDBOX_WHATSAPP.displayPhoneNumber,
        waId,
        name: 'Bench User',
        wamid,
        sentAt,
        message: { type: 'text', text: `bench message ${i}` },
      });
      messages += 1;
    }
    const bytes = Buffer.from(toMetaWireJson(body));
    bodies.push(bytes);
    signatures.push(signBody(bytes, SANDBOX_WHATSAPP.appSecret));
    wamids.push(wamid);
  }
  return { bodies, signatures, wamids, kinds };
}

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const { bodies, signatures, wamids, kinds } = prepare(spec);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections, maxFreeSockets: spec.connections });
  const status = new Int16Array(spec.count).fill(-1);
  const startedAt = new Float64Array(spec.count);
  const latencyMs = new Float64Array(spec.count).fill(Number.NaN);
  const lagMs = new Float64Array(spec.count);
  const finished = new Uint8Array(spec.count);
  let answered = 0;
  let lastEnd = 0;
  let allAnswered!: () => void;
  const done = new Promise<void>((resolve) => {
    allAnswered = resolve;
  });

  const settle = (i: number, code: number) => {
    if (finished[i] === 1) return;
    finished[i] = 1;
    const end = epochNow();
    status[i] = code;
    latencyMs[i] = end - startedAt[i]!;
    lastEnd = Math.max(lastEnd, end);
    answered += 1;
    if (answered === spec.count) allAnswered();
  };

  const fire = (i: number, due: number) => {
    const now = epochNow();
    startedAt[i] = now;
    lagMs[i] = now - due;
    const body = bodies[i]!;
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port: spec.port,
        method: 'POST',
        path: spec.path,
        headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-hub-signature-256': signatures[i]! },
      },
      (res) => {
        res.resume();
        res.on('end', () => settle(i, res.statusCode ?? 0));
        res.on('error', () => settle(i, 0));
      },
    );
    req.on('error', () => settle(i, 0));
    req.end(body);
  };

  const t0 = epochNow() + 20;
  const interval = 1000 / spec.rate;
  let issued = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(spec.count, Math.floor((epochNow() - t0) / interval) + 1);
      while (issued < due) {
        fire(issued, t0 + issued * interval);
        issued += 1;
      }
      if (issued < spec.count) setTimeout(tick, 1);
      else resolve();
    };
    setTimeout(tick, Math.max(0, t0 - epochNow()));
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, spec.drainMs)))]);
  clearTimeout(timer);
  agent.destroy();
  return { wamids, kinds, status, startedAt, latencyMs, lagMs, firstStart: startedAt[0] ?? t0, lastEnd };
}

/** The main thread's handle on the client thread. */
export class LoadClient {
  // Under tsx the thread needs the TypeScript loader registered before it imports this file.
  private readonly worker = new Worker(
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`,
    { eval: true },
  );
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    // A thread that dies between runs must not crash the bench before it cleans up; the next run reports it.
    this.worker.on('error', () => undefined);
  }

  run(spec: LoadSpec): Promise<LoadResult> {
    const next = this.queue.then(
      () =>
        new Promise<LoadResult>((resolve, reject) => {
          const onMessage = (result: LoadResult) => {
            this.worker.off('error', onError);
            resolve(result);
          };
          const onError = (error: Error) => {
            this.worker.off('message', onMessage);
            reject(error);
          };
          this.worker.once('message', onMessage);
          this.worker.once('error', onError);
          this.worker.postMessage(spec);
        }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

if (parentPort !== null) {
  const port = parentPort;
  port.on('message', (spec: LoadSpec) => {
    void runLoad(spec).then((result) => {
      port.postMessage(result);
    });
  });
}
