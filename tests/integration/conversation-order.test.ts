import { asc, eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { contacts, conversations, inbox, outbox } from '../../src/db/schema.js';
import { databaseBackends } from '../helpers/backends.js';
import { quotedTexts, seedAtSkillStep } from '../helpers/conversation-seed.js';
import { mergeDeliveries, postSigned, textDelivery } from '../helpers/meta-webhook.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { startTestService } from '../helpers/test-service.js';

/** The texts the replies to these messages quote (the contact is at the skill step), in sending order. */
async function quotedTextsFor(database: Database, wamids: string[]): Promise<string[]> {
  const rows = await database.db.select().from(outbox).where(inArray(outbox.causedBy, wamids)).orderBy(asc(outbox.id));
  return quotedTexts(rows.map((r) => r.message));
}

async function waitProcessed(database: Database, wamids: string[]): Promise<void> {
  await vi.waitFor(
    async () => {
      const rows = await database.db.select().from(inbox).where(inArray(inbox.wamid, wamids));
      expect(rows.filter((r) => r.processedAt !== null)).toHaveLength(wamids.length);
    },
    { timeout: 15_000, interval: 25 },
  );
}

describe.each(databaseBackends)('conversation order on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('when a later message is delivered before an earlier one, then they are answered in timestamp order', async () => {
    const t = await startTestService(database, {}, { workers: false });
    try {
      const base = Date.now() - 60_000;
      await seedAtSkillStep(database.db, { waId: '15551230201' });
      const later = textDelivery({ waId: '15551230201', text: 'second', sentAt: new Date(base + 10_000) });
      const earlier = textDelivery({ waId: '15551230201', text: 'first', sentAt: new Date(base) });
      expect((await postSigned(t.app, later.bytes)).statusCode).toBe(200);
      expect((await postSigned(t.app, earlier.bytes)).statusCode).toBe(200);
      t.startWorkers();
      await waitProcessed(database, [later.wamid, earlier.wamid]);
      expect(await quotedTextsFor(database, [later.wamid, earlier.wamid])).toEqual(['first', 'second']);
    } finally {
      await t.close();
    }
  });

  it('when two contacts write interleaved in one delivery, then each contact is answered in its own order', async () => {
    const t = await startTestService(database);
    try {
      const base = Date.now() - 30_000;
      await seedAtSkillStep(database.db, { waId: '15551230202' });
      await seedAtSkillStep(database.db, { waId: '15551230203' });
      const parts = [
        textDelivery({ waId: '15551230202', text: 'a2', sentAt: new Date(base + 2000) }),
        textDelivery({ waId: '15551230203', text: 'b1', sentAt: new Date(base + 1000) }),
        textDelivery({ waId: '15551230202', text: 'a1', sentAt: new Date(base) }),
        textDelivery({ waId: '15551230203', text: 'b2', sentAt: new Date(base + 3000) }),
      ];
      expect((await postSigned(t.app, mergeDeliveries(parts.map((p) => p.bytes)))).statusCode).toBe(200);
      const wamids = parts.map((p) => p.wamid);
      await waitProcessed(database, wamids);
      expect(await quotedTextsFor(database, [parts[0]!.wamid, parts[2]!.wamid])).toEqual(['a1', 'a2']);
      expect(await quotedTextsFor(database, [parts[1]!.wamid, parts[3]!.wamid])).toEqual(['b1', 'b2']);
    } finally {
      await t.close();
    }
  });

  // A second connection holding one contact's lock needs a real server (PGlite serves one connection).
  if (backend === 'postgres') {
    it('when one contact is being processed elsewhere, then another contact is not held up, and the first resumes after', async () => {
      const t = await startTestService(database);
      const url = database.url;
      try {
        await seedAtSkillStep(database.db, { waId: '15551230204' });
        const first = textDelivery({ waId: '15551230204', text: 'held up' });
        expect((await postSigned(t.app, first.bytes)).statusCode).toBe(200);
        await waitProcessed(database, [first.wamid]);
        const [contact] = await database.db.select().from(contacts).where(eq(contacts.waId, '15551230204'));

        // Another worker (this connection) is in the middle of contact A's turn.
        const other = new pg.Client({ connectionString: url });
        await other.connect();
        await other.query('begin');
        await other.query('select 1 from conversations where contact_id = $1 for update', [contact!.id]);
        try {
          const a = textDelivery({ waId: '15551230204', text: 'waits its turn' });
          const b = textDelivery({ waId: '15551230205', text: 'goes ahead' });
          await postSigned(t.app, a.bytes);
          await postSigned(t.app, b.bytes);
          await waitProcessed(database, [b.wamid]);
          const [aRow] = await database.db.select().from(inbox).where(eq(inbox.wamid, a.wamid));
          expect(aRow?.processedAt).toBeNull();
          await other.query('commit');
          await waitProcessed(database, [a.wamid]);
          expect(await quotedTextsFor(database, [first.wamid, a.wamid])).toEqual(['held up', 'waits its turn']);
        } finally {
          await other.end();
        }
        const [state] = await database.db.select().from(conversations).where(eq(conversations.contactId, contact!.id));
        // Both turns counted in its own state: two misunderstood answers in a row.
        expect(state?.state).toMatchObject({ flow: { name: 'worker_onboarding', step: 'skill', tries: 2 } });
      } finally {
        await t.close();
      }
    });
  }
});
