// Prometheus metrics of one service instance; each instance has its own registry (tests build several).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobOutcome, JobQueue } from '../queue/job.js';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  jobOutcomes: Counter<'queue' | 'outcome'>;
  recordJobOutcome(queue: string, outcome: JobOutcome): void;
  /** Webhook deliveries by source (whatsapp, stripe) and outcome (accepted, bad_signature, unavailable, ...). */
  webhooks: Counter<'source' | 'outcome'>;
  /** Inbound events by kind (message, status, error, skipped). */
  webhookEvents: Counter<'source' | 'kind'>;
  /** Cloud API sends by outcome (sent, retry, failed, held, blocked, template) and Meta error code ("" when none). */
  whatsappSends: Counter<'outcome' | 'code'>;
  /** Reports the queue's depth at each scrape. */
  watchQueue(queue: JobQueue): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'partimer_' });
  const httpDuration = new Histogram({
    name: 'partimer_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const jobOutcomes = new Counter({
    name: 'partimer_queue_jobs_total',
    help: 'Job attempts by queue and outcome (completed, retried, dead_lettered)',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'partimer_webhooks_total',
    help: 'Webhook deliveries by source and outcome',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  const webhookEvents = new Counter({
    name: 'partimer_webhook_events_total',
    help: 'Events in webhook deliveries by source and kind',
    labelNames: ['source', 'kind'] as const,
    registers: [registry],
  });
  const whatsappSends = new Counter({
    name: 'partimer_whatsapp_sends_total',
    help: 'WhatsApp sends by outcome and Meta error code',
    labelNames: ['outcome', 'code'] as const,
    registers: [registry],
  });
  let watched: JobQueue | undefined;
  new Gauge({
    name: 'partimer_queue_depth',
    help: 'Jobs per queue and state (waiting, active, delayed)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (watched === undefined) return;
      try {
        for (const depth of await watched.depth()) {
          this.set({ queue: depth.queue, state: 'waiting' }, depth.waiting);
          this.set({ queue: depth.queue, state: 'active' }, depth.active);
          this.set({ queue: depth.queue, state: 'delayed' }, depth.delayed);
        }
      } catch {
        // Redis away: the depth is unknown, and /health/ready says why.
      }
    },
  });
  return {
    registry,
    httpDuration,
    jobOutcomes,
    webhooks,
    webhookEvents,
    whatsappSends,
    recordJobOutcome: (queue, outcome) => jobOutcomes.inc({ queue, outcome }),
    watchQueue: (queue) => {
      watched = queue;
    },
  };
}
