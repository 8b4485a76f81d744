// An employer posts a job through signed webhooks: the jobs row, the share link, and the caps.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../src/db/schema.js';
import { render } from '../../templates/index.js';
import { testDatabaseUrl, testRedisUrl, type DatabaseBackend, type QueueBackend } from '../helpers/backends.js';
import { Chat, freshNumber, idsOf, startChatService, type ChatService } from '../helpers/chat-driver.js';
import { activeEmployer, postJob } from '../helpers/marketplace-chat.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const setups: { database: DatabaseBackend; queue: QueueBackend }[] = [{ database: 'pglite', queue: 'memory' }];
if (testDatabaseUrl || testRedisUrl) setups.push({ database: testDatabaseUrl ? 'postgres' : 'pglite', queue: testRedisUrl ? 'redis' : 'memory' });

describe.each(setups)('posting a job on $database with the $queue queue', ({ database: backend, queue }) => {
  let database: TestDatabase;
  let service: ChatService;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    service = await startChatService(database, queue, {
      EMPLOYER_VERIFICATION: 'auto',
      WHATSAPP_DISPLAY_PHONE_NUMBER: '15550783881',
      JOBS_MAX_OPEN_PER_EMPLOYER: '2',
      WHATSAPP_CONTACT_FLOOD_PER_MINUTE: '10000',
    });
  });
  afterAll(async () => {
    await service?.close();
    await database?.close();
  });

  it('when an active employer posts a job, then one open jobs row holds it and the reply carries its share link', async () => {
    const chat = new Chat(service, freshNumber('us'));
    await activeEmployer(chat);
    const posted = await postJob(chat, 'Waiter for a busy lunch');
    const contact = await chat.contact();
    const rows = await database.db.select().from(jobs).where(eq(jobs.employerContactId, contact.id));
    expect(rows).toHaveLength(1);
    const [job] = rows;
    expect(job).toMatchObject({ title: 'Waiter for a busy lunch', skill: 'waiter', payCents: 1400, currency: 'EUR', headcount: 1, status: 'open', areaLabel: 'Chamberí, Madrid' });
    expect(job!.endsAt.getTime() - job!.startsAt.getTime()).toBe(6 * 3600_000);
    expect(posted.last).toMatchObject({
      type: 'buttons',
      body: render('en', 'job.posted_share', { link: `https://wa.me/15550783881?text=JOB%20${job!.code}` }),
    });
    expect(idsOf(posted.last!)).toEqual(['cmd.post_job', 'cmd.menu']);
  });

  it('when an employer reaches the cap of open jobs, then the next post is refused with the reason and no row is written', async () => {
    const chat = new Chat(service, freshNumber('us'));
    await activeEmployer(chat);
    await postJob(chat, 'First shift');
    await postJob(chat, 'Second shift');
    const third = await chat.tap('cmd.post_job', 'Post a job');
    expect(third.text).toContain(render('en', 'job.cap_open', { max: 2 }));
    const contact = await chat.contact();
    expect(await database.db.select().from(jobs).where(eq(jobs.employerContactId, contact.id))).toHaveLength(2);
  });
});
