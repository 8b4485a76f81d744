// The sandbox WhatsApp simulator: a chat page for developers that posts signed webhooks to the real ingest
// route and streams the bot's sent outbox rows back over Server-Sent Events.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { projectRoot } from '../project-root.js';
import { buildWebhookBody, makeWamid, signBody, simulatedMessageSchema, toMetaWireJson } from './simulator-payload.js';
import { listSentMessages, type SimulatorRow } from './simulator-repo.js';

export interface SimulatorOptions {
  /** The secret the ingest route verifies x-hub-signature-256 with. */
  appSecret: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

const assetsFolder = join(projectRoot, 'src', 'web', 'simulator');
const assets: Record<string, string> = {
  'simulator.js': 'text/javascript; charset=utf-8',
  'simulator.css': 'text/css; charset=utf-8',
};

const POLL_MS = 300;
const KEEPALIVE_MS = 15_000;

const waId = z.string().regex(/^\d{8,15}$/, 'must be 8 to 15 digits');
const postMessageSchema = z.object({
  waId,
  name: z.string().trim().min(1).max(60),
  message: simulatedMessageSchema,
});
const streamQuerySchema = z.object({ waId });
const assetParamsSchema = z.object({ file: z.string() });

export function simulatorRoutes(deps: Deps, options: SimulatorOptions) {
  return async function simulator(app: FastifyInstance): Promise<void> {
    // Open streams end when the app closes, or they would hold app.close() until the browser leaves.
    const openStreams = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of openStreams) end();
    });

    app.get('/simulator', async (_request, reply) => {
      const html = await readFile(join(assetsFolder, 'index.html'), 'utf8');
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(html.replaceAll('{{displayPhoneNumber}}', options.displayPhoneNumber));
    });

    app.get('/simulator/assets/:file', async (request, reply) => {
      const { file } = assetParamsSchema.parse(request.params);
      const type = Object.hasOwn(assets, file) ? assets[file] : undefined;
      if (type === undefined) throw new AppError('not_found', `No simulator asset ${file}`, { status: 404 });
      const body = await readFile(join(assetsFolder, file));
      return reply.type(type).header('cache-control', 'no-cache').send(body);
    });

    app.post('/simulator/api/messages', async (request) => {
      const input = postMessageSchema.parse(request.body);
      const wamid = makeWamid(input.waId, randomBytes(10).toString('hex'));
      const body = buildWebhookBody({
        phoneNumberId: options.phoneNumberId,
        displayPhoneNumber: options.displayPhoneNumber,
        waId: input.waId,
        name: input.name,
        wamid,
        sentAt: deps.clock.now(),
        message: input.message,
      });
      const bytes = toMetaWireJson(body);
      const ingest = await app.inject({
        method: 'POST',
        url: '/webhooks/whatsapp',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(bytes, options.appSecret) },
        payload: bytes,
      });
      if (ingest.statusCode !== 200) {
        throw new AppError('simulator.ingest_failed', `The webhook ingest answered ${ingest.statusCode}`, { status: 502 });
      }
      return { wamid, ingestStatus: ingest.statusCode };
    });

    app.get('/simulator/api/stream', async (request, reply) => {
      const query = streamQuerySchema.parse(request.query);
      stream(request, reply, { deps, options, waId: query.waId, openStreams });
    });
  };
}

function stream(
  request: FastifyRequest,
  reply: FastifyReply,
  context: { deps: Deps; options: SimulatorOptions; waId: string; openStreams: Set<() => void> },
): void {
  const { deps, options, waId, openStreams } = context;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Proxies such as nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  res.write('retry: 2000\n\n');

  // A reconnecting EventSource names the last event it saw; a fresh one gets the whole history.
  const lastEventId = Number(request.headers['last-event-id']);
  let afterId = Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0;
  let ended = false;
  let pollTimer: NodeJS.Timeout | undefined;
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);

  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(pollTimer);
    clearInterval(keepalive);
    openStreams.delete(end);
    res.end();
  };
  openStreams.add(end);
  request.raw.on('close', end);

  const poll = async () => {
    try {
      const rows = await listSentMessages(deps.database.db, { phoneNumberId: options.phoneNumberId, waId, afterId });
      if (ended) return;
      for (const row of rows) {
        res.write(toEvent(row));
        afterId = row.id;
      }
    } catch (error) {
      request.log.warn({ err: error }, 'simulator stream could not read the outbox');
    }
    if (!ended) pollTimer = setTimeout(() => void poll(), POLL_MS);
  };
  void poll();
}

/** One SSE event: the page shows `message` as a bot bubble, `read` as blue ticks on the user's own message. */
function toEvent(row: SimulatorRow): string {
  const message = row.message as { type?: unknown; wamid?: unknown } | null;
  if (message?.type === 'read_receipt') {
    return `id: ${row.id}\nevent: read\ndata: ${JSON.stringify({ wamid: message.wamid })}\n\n`;
  }
  const data = { id: row.id, message: row.message, status: row.status, createdAt: row.createdAt.toISOString(), wamid: row.wamid };
  return `id: ${row.id}\nevent: message\ndata: ${JSON.stringify(data)}\n\n`;
}
