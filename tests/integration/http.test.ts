import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { AppError } from '../../src/errors.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { openTestDatabase } from '../helpers/test-database.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase('pglite');
});
afterAll(async () => {
  await database?.close();
});

describe('HTTP app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database, { BODY_LIMIT_BYTES: '4096', CORS_ORIGINS: 'https://admin.partimer.example', TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when a request carries x-request-id, then the same id comes back and is on its log lines', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'edge-7f3a.42' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('edge-7f3a.42');
    const lines = t.logs.records().filter((record) => record.reqId === 'edge-7f3a.42');
    expect(lines.map((record) => record.msg)).toEqual(['incoming request', 'request completed']);
  });

  it('when a request has no usable x-request-id, then a fresh one is made', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/health/live' });
    const hostile = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'a b\n{"level":60}' } });
    const uuid = /^[0-9a-f-]{36}$/;
    expect(none.headers['x-request-id']).toMatch(uuid);
    expect(hostile.headers['x-request-id']).toMatch(uuid);
    expect(hostile.headers['x-request-id']).not.toBe(none.headers['x-request-id']);
  });

  it('when a route does not exist, then the answer is the JSON 404', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/no/such/route?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /no/such/route' } });
  });

  it('when a body is larger than the limit, then the answer is the JSON 413', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/health/live',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ padding: 'x'.repeat(5000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: { code: 'payload_too_large', message: 'Request body is too large' } });
  });

  it('when a body is not JSON, then the answer is a 400 that does not echo it', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/anything',
      headers: { 'content-type': 'application/json' },
      payload: '{"phone": +34600111222',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'bad_request', message: 'Body is not valid JSON' } });
  });

  it('when a request carries a phone number and a bearer token, then no log line contains either', async () => {
    const before = t.logs.lines().length;
    await t.app.inject({
      method: 'GET',
      url: '/health/live?phone=%2B34600111222&token=tok_live_9f8e7d',
      headers: { authorization: 'Bearer sk_admin_5up3rs3cr3t', 'x-request-id': 'redaction-check' },
    });
    await t.app.inject({ method: 'GET', url: '/users/34600111222', headers: { authorization: 'Bearer sk_admin_5up3rs3cr3t' } });
    const written = t.logs.lines().slice(before);
    expect(written.length).toBeGreaterThanOrEqual(4);
    const text = written.join('\n');
    for (const secret of ['34600111222', '600111222', 'sk_admin_5up3rs3cr3t', 'tok_live_9f8e7d']) expect(text).not.toContain(secret);
    expect(text).toContain('/health/live?phone=[redacted]&token=[redacted]');
  });

  it('when the request came over HTTPS through the proxy, then HSTS is sent; over HTTP it is not', async () => {
    const https = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-forwarded-proto': 'https' } });
    const http = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(http.headers['strict-transport-security']).toBeUndefined();
    expect(http.headers['x-content-type-options']).toBe('nosniff');
    expect(http.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('when a browser origin is listed in CORS_ORIGINS, then it is allowed; any other is not', async () => {
    const allowed = await t.app.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://admin.partimer.example' } });
    const other = await t.app.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://evil.example' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://admin.partimer.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('HTTP errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database, { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when a client goes over the rate limit, then the answer is the JSON 429', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 3; i += 1) {
      last = await t.app.inject({ method: 'GET', url: '/rate-limited-route', remoteAddress: '203.0.113.9' });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([404, 404, 429]);
    expect(last!.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/^Too many requests; try again in/) } });
    const health = await t.app.inject({ method: 'GET', url: '/health/live', remoteAddress: '203.0.113.9' });
    expect(health.statusCode).toBe(200);
  });
});

describe('HTTP errors from route code', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Routes of later features throw these; two stand-ins exercise the one handler they all share.
    t = await startTestApp(database, { NODE_ENV: 'production', ...productionCredentials() }, (app) => {
      app.get('/boom', async () => {
        throw new Error('connection to 10.0.0.5 refused at db.ts:42');
      });
      app.get('/forbidden', async () => {
        throw new AppError('admin.forbidden', 'Your role cannot do this', { status: 403 });
      });
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when route code fails unexpectedly in production, then the 500 says nothing of its internals', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: 'internal', message: 'Something went wrong on our side; please try again' } });
    expect(response.body).not.toMatch(/10\.0\.0\.5|db\.ts|at /);
    expect(t.logs.records().some((record) => record.msg === 'request failed' && record.level === 50)).toBe(true);
  });

  it('when route code throws an AppError, then its status and code are the answer', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/forbidden' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: { code: 'admin.forbidden', message: 'Your role cannot do this' } });
  });
});

function productionCredentials(): Record<string, string> {
  return {
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    REDIS_URL: 'redis://127.0.0.1:1',
    PRIVACY_POLICY_URL: 'https://partimer.example/privacy',
    WHATSAPP_ACCESS_TOKEN: 't',
    WHATSAPP_PHONE_NUMBER_ID: '1',
    WHATSAPP_APP_SECRET: 's',
    WHATSAPP_VERIFY_TOKEN: 'v',
    STRIPE_SECRET_KEY: 'sk_test_1',
    STRIPE_WEBHOOK_SECRET: 'whsec_1',
  };
}
