import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { openTestDatabase } from '../helpers/test-database.js';
import { parsePrometheusText } from '../helpers/prometheus-text.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase('pglite');
});
afterAll(async () => {
  await database?.close();
});

describe('metrics without a token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when a request was just made, then /metrics parses as Prometheus text and counts it by route', async () => {
    const count = async () => {
      const response = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const samples = parsePrometheusText(response.body);
      const sample = samples.find(
        (s) =>
          s.name === 'partimer_http_request_duration_seconds_count' &&
          s.labels.route === '/health/ready' &&
          s.labels.method === 'GET' &&
          s.labels.status_code === '200',
      );
      return { samples, value: sample?.value ?? 0 };
    };
    const before = await count();
    expect((await t.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    const after = await count();
    expect(after.value).toBe(before.value + 1);
    expect(after.samples.some((s) => s.name === 'partimer_process_resident_memory_bytes')).toBe(true);
  });

  it('when a job has run, then queue outcomes are counted', async () => {
    t.deps.metrics.recordJobOutcome('conversation', 'completed');
    const samples = parsePrometheusText((await t.app.inject({ method: 'GET', url: '/metrics' })).body);
    expect(samples).toContainEqual({ name: 'partimer_queue_jobs_total', labels: { queue: 'conversation', outcome: 'completed' }, value: 1 });
  });
});

describe('metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database, { METRICS_TOKEN: 'scrape-me-7f' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when the bearer token is missing or wrong, then 401; when right, then 200', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/metrics' });
    const wrong = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-me-7g' } });
    const right = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-me-7f' } });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toEqual({ error: { code: 'metrics.unauthorized', message: 'A valid metrics bearer token is required' } });
    expect(wrong.statusCode).toBe(401);
    expect(right.statusCode).toBe(200);
    expect(parsePrometheusText(right.body).length).toBeGreaterThan(10);
  });
});
