// GET (verification handshake) and POST (signed deliveries) on /webhooks/whatsapp.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, errorBody } from '../errors.js';
import type { AcceptDeps } from './accept-webhook.js';
import { acceptWhatsAppWebhook } from './accept-webhook.js';

/** Meta sends up to 1,000 updates and 3 MB in one POST. */
export const WEBHOOK_BODY_LIMIT = 4 * 1024 * 1024;
export const WHATSAPP_WEBHOOK_PATH = '/webhooks/whatsapp';

const handshakeQuery = z.object({
  'hub.mode': z.string(),
  'hub.verify_token': z.string(),
  'hub.challenge': z.string().max(1000),
});

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function whatsappWebhookRoutes(deps: AcceptDeps, verifyToken: string) {
  return async (app: FastifyInstance) => {
    // Signatures cover the exact bytes: this scope keeps the body raw.
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => {
      done(null, body);
    });

    app.get(WHATSAPP_WEBHOOK_PATH, { config: { rateLimit: false } }, async (request, reply) => {
      const query = handshakeQuery.safeParse(request.query);
      if (!query.success || query.data['hub.mode'] !== 'subscribe' || !same(query.data['hub.verify_token'], verifyToken)) {
        throw new AppError('whatsapp.bad_verify_token', 'Verification failed', { status: 403 });
      }
      return reply.type('text/plain; charset=utf-8').send(query.data['hub.challenge']);
    });

    // Machine-to-machine JSON: no browser security headers. Per-request log lines are off here (see app.ts);
    // the outcome is counted in metrics and anything but a 200 is logged below.
    app.post(WHATSAPP_WEBHOOK_PATH, { bodyLimit: WEBHOOK_BODY_LIMIT, helmet: false, config: { rateLimit: false } }, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = request.headers['x-hub-signature-256'];
      const outcome = await acceptWhatsAppWebhook({ ...deps, log: request.log }, raw, typeof signature === 'string' ? signature : undefined);
      deps.metrics.webhooks.inc({ source: 'whatsapp', outcome: outcome.kind });
      switch (outcome.kind) {
        case 'bad_signature':
          request.log.info({ bytes: raw.length, signed: signature !== undefined }, 'WhatsApp webhook refused: bad signature');
          return reply.code(401).send(errorBody('whatsapp.bad_signature', 'Missing or invalid X-Hub-Signature-256'));
        case 'unavailable':
          request.log.error({ err: outcome.error }, 'could not store a WhatsApp delivery; Meta will redeliver');
          return reply
            .code(503)
            .header('retry-after', '5')
            .send(errorBody('whatsapp.unavailable', 'Could not store the delivery; please retry'));
        case 'accepted':
          return reply.code(200).send({ received: true });
      }
    });
  };
}
