// Builds the HTTP app from its dependencies; main.ts and the tests build it the same way.
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { batchesInFlight } from './db/database.js';
import type { Deps } from './deps.js';
import { AppError } from './errors.js';
import { installErrorHandlers, installNotFoundHandler } from './http/error-handler.js';
import { healthRoutes } from './http/health-routes.js';
import { metricsRoutes } from './http/metrics-routes.js';
import { installRequestId, requestIdFrom } from './http/request-id.js';
import { simulatorRoutes } from './web/simulator-routes.js';
import { scheduleConversations } from './whatsapp/schedule-conversations.js';
import { createDeliveryBatcher, storeDeliveries } from './whatsapp/store-deliveries.js';
import { WHATSAPP_WEBHOOK_PATH, whatsappWebhookRoutes } from './whatsapp/webhook-routes.js';

const HSTS = 'max-age=31536000; includeSubDomains';

export async function buildApp(deps: Deps): Promise<FastifyInstance> {
  const { config, metrics } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: requestIdFrom,
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    return503OnClosing: true,
    // Meta posts thousands of deliveries a second at peak: two log lines each would cost more than storing
    // them. The webhook route logs what is not a plain 200 itself; metrics count every delivery.
    logController: new LogController({
      disableRequestLogging: (request: { method: string; url: string }) =>
        request.method === 'POST' && request.url.split('?', 1)[0] === WHATSAPP_WEBHOOK_PATH,
    }),
  });

  installRequestId(app);
  installErrorHandlers(app);

  await app.register(helmet, { hsts: false });
  // HSTS only over HTTPS (directly, or as told by a trusted proxy): over plain HTTP it is meaningless.
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
  });
  await app.register(cors, { origin: config.http.corsOrigins.length > 0 ? config.http.corsOrigins : false });
  await app.register(rateLimit, {
    max: config.http.rateLimitPerMinute,
    timeWindow: '1 minute',
    redis: deps.redis,
    nameSpace: 'partimer-rate-limit-',
    // Redis away must not take the API down with it.
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `Too many requests; try again in ${context.after}`, { status: 429 }),
  });
  installNotFoundHandler(app, app.rateLimit());

  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(healthRoutes(deps));
  await app.register(metricsRoutes(metrics, config.http.metricsToken));
  // Concurrent deliveries are stored together (group commit), and one job schedules all their senders.
  const store = createDeliveryBatcher(
    async (deliveries) => {
      const stored = await storeDeliveries(deps.database.db, deliveries);
      await scheduleConversations(deps.queue, stored, deps.logger);
      return stored;
    },
    { maxInFlight: batchesInFlight(deps.database) },
  );
  await app.register(
    whatsappWebhookRoutes({ store, verifySignature: deps.whatsapp.verifySignature, metrics, log: deps.logger }, config.whatsapp.verifyToken),
  );
  // The simulator signs deliveries with the sandbox's own secret: never with a real app secret, never in production.
  if (config.whatsapp.mode === 'sandbox' && !config.isProduction) {
    const { appSecret, phoneNumberId, displayPhoneNumber } = config.whatsapp;
    await app.register(simulatorRoutes(deps, { appSecret, phoneNumberId, displayPhoneNumber: displayPhoneNumber || phoneNumberId }));
  }
  return app;
}
