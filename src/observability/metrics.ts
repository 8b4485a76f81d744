// Prometheus metrics of one service instance; each instance has its own registry (tests build several).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobOutcome, JobQueue } from '../queue/job.js';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  jobOutcomes: Counter<'queue' | 'outcome'>;
  recordJobOutcome(queue: string, outcome: JobOutcome): void;
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
    recordJobOutcome: (queue, outcome) => jobOutcomes.inc({ queue, outcome }),
    watchQueue: (queue) => {
      watched = queue;
    },
  };
}
