import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contacts, employers, outbox } from '../../src/db/schema.js';
import { verifyEmployer } from '../../src/marketplace/verify-employer.js';
import { databaseBackends } from '../helpers/backends.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

const NUMBER = '100000000000001';

describe.each(databaseBackends)('verifying an employer on %s', (backend) => {
  let database: TestDatabase;
  let t: TestService;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    t = await startTestService(database);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  async function pendingEmployer(waId: string, locale: 'en' | 'es') {
    const [contact] = await database.db.insert(contacts).values({ phoneNumberId: NUMBER, waId, locale, role: 'employer', lastInboundAt: new Date() }).returning();
    await database.db.insert(employers).values({
      contactId: contact!.id,
      businessName: 'Cafe Sol',
      contactName: 'Ana Garcia',
      businessType: 'restaurant',
      lat: 40.4168,
      lng: -3.7038,
      areaLabel: 'Centro, Madrid',
      status: 'pending',
    });
    return contact!.id;
  }

  const deps = () => ({ db: database.db, queue: t.deps.queue, now: new Date(), log: t.deps.logger });

  it('when a pending employer is verified, then it becomes active and is told in its language, with the approved template as fallback', async () => {
    const contactId = await pendingEmployer('34600000101', 'es');
    const result = await verifyEmployer(deps(), contactId);
    expect(result.kind).toBe('verified');
    const [employer] = await database.db.select().from(employers).where(eq(employers.contactId, contactId));
    expect(employer).toMatchObject({ status: 'active' });
    expect(employer!.verifiedAt).not.toBeNull();
    const rows = await database.db.select().from(outbox).where(eq(outbox.contactId, contactId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.message).toMatchObject({
      type: 'buttons',
      body: 'Cafe Sol está verificado. Ya puedes publicar trabajos.',
      fallbackTemplate: { type: 'template', name: 'partimer_employer_verified', language: 'es', params: ['Cafe Sol'] },
    });
    // Scheduled at once: the sandbox transport sends it.
    await vi.waitFor(async () => expect((await database.db.select().from(outbox).where(eq(outbox.contactId, contactId)))[0]?.status).toBe('sent'), {
      timeout: 15_000,
      interval: 25,
    });
  });

  it('when an employer is verified twice or does not exist, then nothing more happens', async () => {
    const contactId = await pendingEmployer('15551230911', 'en');
    expect((await verifyEmployer(deps(), contactId)).kind).toBe('verified');
    expect((await verifyEmployer(deps(), contactId)).kind).toBe('already_active');
    expect(await database.db.select().from(outbox).where(eq(outbox.contactId, contactId))).toHaveLength(1);
    expect((await verifyEmployer(deps(), 987_654_321)).kind).toBe('not_found');
  });
});
