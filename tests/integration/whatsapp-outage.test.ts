import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { inbox, outbox } from '../../src/db/schema.js';
import { sweep } from '../../src/whatsapp/sweeper.js';
import { testDatabaseUrl, testRedisUrl } from '../helpers/backends.js';
import { postSigned, textDelivery } from '../helpers/meta-webhook.js';
import { TcpProxy, throughProxy } from '../helpers/tcp-proxy.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { startTestService } from '../helpers/test-service.js';

/** The sweeper leaves rows younger than its settle time alone; looking from a little later is the same as waiting. */
const later = { now: () => new Date(Date.now() + 11_000) };

describe('when the database is down', () => {
  it('when PGlite has gone away, then the webhook answers 503 so that Meta redelivers', async () => {
    const database = await openTestDatabase('pglite');
    const t = await startTestService(database, {}, { workers: false });
    try {
      await database.close();
      const response = await postSigned(t.app, textDelivery({ waId: '15551230301', text: 'into the void' }).bytes);
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ error: { code: 'whatsapp.unavailable', message: 'Could not store the delivery; please retry' } });
      expect(response.headers['retry-after']).toBe('5');
    } finally {
      await t.close();
    }
  });

  if (testDatabaseUrl) {
    it('when PostgreSQL drops out, then 503; once it is back, the redelivery is stored and answered once', async () => {
      const direct: TestDatabase = await openTestDatabase('postgres');
      const target = new URL(direct.url!);
      const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      const port = await proxy.start();
      const proxied = openDatabase({ kind: 'postgres', url: throughProxy(direct.url!, port), poolSize: 3 });
      const t = await startTestService(proxied);
      try {
        const delivery = textDelivery({ waId: '15551230302', text: 'are you there?' });
        await proxy.cut();
        expect((await postSigned(t.app, delivery.bytes)).statusCode).toBe(503);
        expect(await direct.db.select().from(inbox).where(eq(inbox.wamid, delivery.wamid))).toEqual([]);

        await proxy.start();
        // Meta redelivers what was not acknowledged.
        expect((await postSigned(t.app, delivery.bytes)).statusCode).toBe(200);
        await vi.waitFor(
          async () => expect((await direct.db.select().from(inbox).where(eq(inbox.wamid, delivery.wamid)))[0]?.processedAt).toBeTruthy(),
          { timeout: 15_000, interval: 25 },
        );
        const replies = await direct.db.select().from(outbox).where(eq(outbox.causedBy, delivery.wamid));
        expect(replies.filter((r) => (r.message as { type: string }).type === 'buttons')).toHaveLength(1);
      } finally {
        await t.close();
        await proxied.close();
        await proxy.stop();
        await direct.close();
      }
    });
  }
});

if (testRedisUrl) {
  describe('when Redis is down', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase('pglite');
    });
    afterAll(async () => {
      await database?.close();
    });

    it('when Redis drops out, then the webhook still answers 200, and the message is answered once Redis is back', async () => {
      const target = new URL(testRedisUrl!);
      const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
      const port = await proxy.start();
      const t = await startTestService(database, { REDIS_URL: throughProxy(testRedisUrl!, port) });
      try {
        await t.deps.queue.ping();
        await proxy.cut();
        const delivery = textDelivery({ waId: '15551230303', text: 'while redis sleeps' });
        const response = await postSigned(t.app, delivery.bytes);
        expect(response.statusCode).toBe(200);
        const [stored] = await database.db.select().from(inbox).where(eq(inbox.wamid, delivery.wamid));
        expect(stored).toMatchObject({ processedAt: null });

        await proxy.start();
        await vi.waitFor(() => t.deps.queue.ping(), { timeout: 15_000, interval: 100 });
        // The worker role's sweeper runs this every 15 s; here the test runs it once, seen from 11 s later.
        const swept = await sweep({ db: database.db, queue: t.deps.queue, clock: later, log: t.deps.logger });
        expect(swept.conversations).toBeGreaterThanOrEqual(1);
        await vi.waitFor(
          async () => expect((await database.db.select().from(inbox).where(eq(inbox.wamid, delivery.wamid)))[0]?.processedAt).toBeTruthy(),
          { timeout: 20_000, interval: 50 },
        );
        const replies = await database.db.select().from(outbox).where(eq(outbox.causedBy, delivery.wamid));
        expect(replies.map((r) => (r.message as { type: string }).type).sort()).toEqual(['buttons', 'read_receipt']);
      } finally {
        await t.close();
        await proxy.stop();
      }
    });
  });
}
