// The composition root: everything that touches the outside world is built here, from the config, and handed down.
import { Redis } from 'ioredis';
import type { DestinationStream, Logger } from 'pino';
import type { Config } from './config.js';
import { systemClock, type Clock } from './clock.js';
import { openDatabase, type Database } from './db/database.js';
import { createLogger } from './observability/logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { BullmqQueue } from './queue/bullmq-queue.js';
import { recordDeadLetter } from './queue/dead-letters-repo.js';
import type { JobQueue, QueueHooks } from './queue/job.js';
import { MemoryQueue } from './queue/memory-queue.js';
import { CloudApiTransport, SandboxTransport } from './whatsapp/cloud-api-transport.js';
import type { WhatsAppTransport } from './whatsapp/transport.js';
import { createSignatureVerifier, type SignatureVerifier } from './whatsapp/verify-signature.js';

export interface Deps {
  config: Config;
  logger: Logger;
  clock: Clock;
  database: Database;
  /** Present when REDIS_URL is set: the queue's producer connection, shared with the rate limiter. */
  redis: Redis | undefined;
  queue: JobQueue;
  metrics: Metrics;
  whatsapp: {
    /** Cloud API in production, the simulator's sandbox otherwise. */
    transport: WhatsAppTransport;
    /** Checks X-Hub-Signature-256 with the app secret (the sandbox has its own). */
    verifySignature: SignatureVerifier;
  };
  /** Stops the queue (letting running jobs finish, bounded), then closes Redis and the database. */
  close(): Promise<void>;
}

export interface DepsOptions {
  logDestination?: DestinationStream;
  /** BullMQ key prefix; tests give each run its own. */
  queuePrefix?: string;
  /** An already opened database (tests share one per file). */
  database?: Database;
  /** Replaces the WhatsApp transport (the benchmark's stand-in for Meta). */
  transport?: WhatsAppTransport;
  clock?: Clock;
}

export function createDeps(config: Config, options: DepsOptions = {}): Deps {
  const logger = createLogger(config.logLevel, options.logDestination);
  const database = options.database ?? openDatabase(config.database);
  const metrics = createMetrics();
  const hooks: QueueHooks = {
    onOutcome: metrics.recordJobOutcome,
    onDeadLetter: (letter) => recordDeadLetter(database.db, letter),
  };
  let redis: Redis | undefined;
  let queue: JobQueue;
  if (config.queue.kind === 'redis') {
    const bull = new BullmqQueue(config.queue.url, {
      concurrency: config.queue.concurrency,
      hooks,
      log: logger,
      prefix: options.queuePrefix,
    });
    redis = bull.producerConnection;
    queue = bull;
  } else {
    queue = new MemoryQueue({ concurrency: config.queue.concurrency, hooks, log: logger });
  }
  metrics.watchQueue(queue);
  const wa = config.whatsapp;
  const transport =
    options.transport ??
    (wa.mode === 'cloud'
      ? new CloudApiTransport({ accessToken: wa.accessToken, apiUrl: wa.apiUrl, apiVersion: wa.apiVersion, appSecret: wa.appSecret })
      : new SandboxTransport());

  let closing: Promise<void> | undefined;
  return {
    config,
    logger,
    clock: options.clock ?? systemClock,
    database,
    redis,
    queue,
    metrics,
    whatsapp: { transport, verifySignature: createSignatureVerifier(wa.appSecret) },
    close() {
      closing ??= (async () => {
        await queue.close(config.shutdownTimeoutMs);
        await database.close();
      })();
      return closing;
    },
  };
}
