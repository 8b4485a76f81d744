// The service as production runs it: several web and worker processes (src/main.ts) sharing one PostgreSQL
// database and one Redis. Messages are processed exactly once and in order, and a killed worker loses nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { setTimeout as pause } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { signBody } from '../../src/web/simulator-payload.js';
import { testDatabaseUrl, testRedisUrl } from '../helpers/backends.js';
import { CHOICE_HINT, HAVING_TROUBLE, NOT_FOUND, quotedText, replyText, seedAtSkillStep, WELCOME } from '../helpers/conversation-seed.js';
import { APP_SECRET, mergeDeliveries, textDelivery } from '../helpers/meta-webhook.js';
import { adminQuery } from '../helpers/test-database.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const mainScript = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

interface Child {
  name: string;
  proc: ChildProcess;
  output: { stdout: string; stderr: string };
  /** Set before the test stops or kills it: only other exits fail the test. */
  expectedExit: boolean;
  exited: Promise<void>;
}

const alive = (child: Child) => child.proc.exitCode === null && child.proc.signalCode === null;

/** The children of one test; every wait races `failure`, which rejects when a child exits unbidden. */
class Fleet {
  readonly children: Child[] = [];
  readonly failure: Promise<never>;
  private fail: (error: Error) => void = () => undefined;

  constructor(private readonly env: NodeJS.ProcessEnv) {
    this.failure = new Promise<never>((_, reject) => {
      this.fail = reject;
    });
    this.failure.catch(() => undefined);
  }

  start(name: string, role: 'web' | 'worker', env: Record<string, string> = {}): Child {
    const proc = spawn(process.execPath, ['--import', 'tsx', mainScript, '--role', role], {
      cwd: projectRoot,
      env: { ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { stdout: '', stderr: '' };
    proc.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    proc.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    const child: Child = { name, proc, output, expectedExit: false, exited: new Promise((resolve) => proc.once('exit', () => resolve())) };
    proc.once('exit', (code, signal) => {
      if (!child.expectedExit) this.fail(new Error(`${name} exited early (code ${code}, signal ${signal})\n${this.report()}`));
    });
    this.children.push(child);
    return child;
  }

  report(): string {
    return this.children
      .map((c) => `--- ${c.name} stderr:\n${c.output.stderr.slice(-4000)}\n--- ${c.name} stdout (tail):\n${c.output.stdout.slice(-2000)}`)
      .join('\n');
  }

  /** Polls `probe` until it gives a value, for at most timeoutMs. */
  async until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await Promise.race([probe(), this.failure]);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.report()}`);
      await Promise.race([pause(everyMs), this.failure]);
    }
  }

  async web(name: string, port: number): Promise<Child> {
    const child = this.start(name, 'web', { PORT: String(port) });
    await this.until(`${name} to be ready`, () =>
      fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (response) => (response.status === 200 ? true : undefined),
        () => undefined,
      ),
    );
    return child;
  }

  async worker(name: string, env: Record<string, string> = {}): Promise<Child> {
    const child = this.start(name, 'worker', env);
    await this.until(`${name} to start`, async () => (child.output.stdout.includes('partimer started') ? true : undefined));
    return child;
  }

  kill(child: Child): void {
    child.expectedExit = true;
    child.proc.kill('SIGKILL');
  }

  /** SIGTERM, then SIGKILL for any child still running after a grace period. */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        child.expectedExit = true;
        if (!alive(child)) return;
        child.proc.kill('SIGTERM');
        await Promise.race([child.exited, pause(5000)]);
        if (alive(child)) child.proc.kill('SIGKILL');
        await child.exited;
      }),
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function withPath(base: string, path: string, params: Record<string, string> = {}): string {
  const url = new URL(base);
  url.pathname = path;
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/** Queue keys are fixed under `{partimer}`, so each test takes an empty Redis logical database of its own. */
async function claimRedisDatabase(): Promise<{ url: string; redis: Redis }> {
  const first = randomInt(15);
  for (const index of Array.from({ length: 15 }, (_, i) => ((first + i) % 15) + 1)) {
    const url = withPath(testRedisUrl!, `/${index}`);
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    if ((await redis.dbsize()) === 0) return { url, redis };
    redis.disconnect();
  }
  throw new Error('no empty Redis logical database in 1..15');
}

function post(port: number, bytes: Buffer): Promise<number> {
  return fetch(`http://127.0.0.1:${port}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(bytes, APP_SECRET) },
    body: bytes,
  }).then((response) => response.status);
}

const randomWaId = () => `44${randomInt(1_000_000_000, 9_999_999_999)}`;

if (testDatabaseUrl && testRedisUrl) {
  const server = testDatabaseUrl;
  describe('several web and worker processes on PostgreSQL and Redis', () => {
    let databaseName: string | undefined;
    let pool: pg.Pool | undefined;
    let redis: Redis | undefined;
    let fleet: Fleet | undefined;
    const databaseUrl = (applicationName?: string) =>
      withPath(server, `/${databaseName}`, applicationName ? { application_name: applicationName } : {});

    beforeEach(async () => {
      databaseName = `partimer_test_${randomBytes(6).toString('hex')}`;
      await adminQuery(`create database ${databaseName}`);
      pool = new pg.Pool({ connectionString: databaseUrl(), max: 3 });
      const claimed = await claimRedisDatabase();
      redis = claimed.redis;
      const env: NodeJS.ProcessEnv = { ...process.env };
      // Sandbox WhatsApp and payments, whatever the outer environment holds.
      for (const name of Object.keys(env)) if (/^(WHATSAPP_|STRIPE_)/.test(name)) delete env[name];
      fleet = new Fleet({
        ...env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl(),
        REDIS_URL: claimed.url,
        SHUTDOWN_TIMEOUT_MS: '2000',
      });
    });

    afterEach(async () => {
      await fleet?.stopAll();
      await pool?.end();
      if (databaseName) await adminQuery(`drop database if exists ${databaseName} with (force)`);
      if (redis) {
        await redis.flushdb();
        redis.disconnect();
      }
      [fleet, pool, redis, databaseName] = [undefined, undefined, undefined, undefined];
    });

    const query = async <Row>(text: string, values: unknown[] = []): Promise<Row[]> => (await pool!.query(text, values)).rows as Row[];
    const unprocessed = async () =>
      Number((await query<{ n: string }>('select count(*) as n from inbox where processed_at is null'))[0]!.n);
    const allProcessed = (expected: number) => async () => {
      const [row] = await query<{ total: string; open: string }>(
        'select count(*) as total, count(*) filter (where processed_at is null) as open from inbox',
      );
      return Number(row!.total) === expected && Number(row!.open) === 0 ? true : undefined;
    };
    const outcomes = () => query<{ outcome: string | null; n: string }>('select outcome, count(*) as n from inbox group by outcome');
    /** Inbound wamid -> how many replies (read receipts aside) it caused (every inbox row listed, 0 included). */
    const repliesPerWamid = async () =>
      new Map(
        (
          await query<{ wamid: string; n: string }>(`
            select i.wamid, count(o.id) as n from inbox i
            left join outbox o on o.caused_by = i.wamid and o.message->>'type' <> 'read_receipt'
            group by i.wamid`)
        ).map((row) => [row.wamid, Number(row.n)]),
      );
    /** Every reply (read receipts aside) in sending order, with the message that caused it. */
    const replies = () =>
      query<{ caused_by: string; message: unknown }>(`select caused_by, message from outbox where message->>'type' <> 'read_receipt' order by id`);
    const bodyOf = (message: unknown) => replyText(message) ?? '';

    it('when 20 messages from one contact reach two web processes at once, then two workers answer each once, in order', async () => {
      const ports = [await freePort(), await freePort()];
      await Promise.all(ports.map((port, i) => fleet!.web(`web-${i + 1}`, port)));

      // The contact is a worker asked for a skill: each reply quotes the message it answers.
      const waId = randomWaId();
      const seeding = openDatabase({ kind: 'postgres', url: databaseUrl(), poolSize: 1 });
      try {
        await seedAtSkillStep(seeding.db, { waId });
      } finally {
        await seeding.close();
      }
      const firstSecond = Math.floor(Date.now() / 1000) * 1000 - 30_000;
      const texts = Array.from({ length: 20 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
      const deliveries = texts.map((text, i) => textDelivery({ waId, text, sentAt: new Date(firstSecond + i * 1000) }));
      const statuses = await Promise.race([Promise.all(deliveries.map((d, i) => post(ports[i % 2]!, d.bytes))), fleet!.failure]);
      expect(statuses).toEqual(deliveries.map(() => 200));
      expect(await unprocessed()).toBe(20);

      // The workers start only now that all 20 are stored, as in a busy worker pool: a message that
      // arrived after a later one had already been answered would rightly be answered after it.
      await Promise.all([fleet!.worker('worker-1'), fleet!.worker('worker-2')]);
      await fleet!.until('all 20 messages to be processed', allProcessed(20));

      expect(await outcomes()).toEqual([{ outcome: 'handled', n: '20' }]);
      // Each message answered once: the hint quoting it, and after every third one in a row the offer of help.
      const sent = await replies();
      const hints = sent.filter((r) => NOT_FOUND.test(bodyOf(r.message)));
      expect(hints.map((r) => r.caused_by)).toEqual(deliveries.map((d) => d.wamid));
      expect(hints.map((r) => quotedText(r.message))).toEqual(texts);
      const offers = sent.filter((r) => HAVING_TROUBLE.test(bodyOf(r.message)));
      expect(offers.map((r) => r.caused_by)).toEqual(deliveries.filter((_, i) => (i + 1) % 3 === 0).map((d) => d.wamid));
      expect(sent).toHaveLength(hints.length + offers.length);
      expect(await repliesPerWamid()).toEqual(new Map(deliveries.map((d, i) => [d.wamid, (i + 1) % 3 === 0 ? 2 : 1])));
    });

    it('when a worker is killed in the middle of a burst, then the other worker answers every message exactly once', async () => {
      const port = await freePort();
      await fleet!.web('web', port);
      // application_name lets the test see in pg_stat_activity when the doomed worker is inside a transaction.
      const [doomed, survivor] = await Promise.all([
        fleet!.worker('worker-doomed', { DATABASE_URL: databaseUrl('partimer-worker-doomed') }),
        fleet!.worker('worker-survivor'),
      ]);

      // 300 contacts, two messages each, in deliveries of 20 contacts: one conversation job per contact.
      const sentAt = Math.floor(Date.now() / 1000) * 1000 - 5_000;
      const contacts = Array.from({ length: 300 }, () => {
        const waId = randomWaId();
        return [0, 1].map((i) => textDelivery({ waId, text: `hello ${i}`, sentAt: new Date(sentAt + i * 1000) }));
      });
      const total = contacts.length * 2;
      const posts: Promise<number>[] = [];
      for (let from = 0; from < contacts.length; from += 20) {
        posts.push(post(port, mergeDeliveries(contacts.slice(from, from + 20).flat().map((d) => d.bytes))));
      }
      const posting = Promise.all(posts);
      posting.catch(() => undefined); // awaited after the kill

      // SIGKILL the doomed worker while it is inside a conversation's transaction (inbox / conversations
      // queries), with the burst still arriving: its jobs stay "active" in Redis and their rows unprocessed.
      const openRowsAtKill = await fleet!.until(
        'the doomed worker to be inside a conversation transaction',
        async () => {
          const [busy] = await query<{ n: string }>(
            `select count(*) as n from pg_stat_activity
             where datname = $1 and application_name = 'partimer-worker-doomed' and xact_start is not null
               and state in ('active', 'idle in transaction') and (query like '%"inbox"%' or query like '%"conversations"%')`,
            [databaseName],
          );
          if (Number(busy!.n) === 0) return undefined;
          fleet!.kill(doomed);
          return unprocessed();
        },
        20_000,
        5,
      );
      await doomed.exited;
      expect(await Promise.race([posting, fleet!.failure])).toEqual(posts.map(() => 200));
      expect(openRowsAtKill).toBeGreaterThan(0);

      // BullMQ's stalled-job check would hand the doomed worker's jobs over only after 30 s or more; the
      // survivor's sweeper (every 15 s, rows older than 10 s) reschedules them from the inbox rows sooner.
      await fleet!.until(`all ${total} messages to be processed`, allProcessed(total), 45_000, 200);
      expect(alive(survivor)).toBe(true);
      expect(await outcomes()).toEqual([{ outcome: 'handled', n: String(total) }]);
      const perWamid = await repliesPerWamid();
      expect(perWamid.size).toBe(total);
      expect([...perWamid.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      // Each contact's first message got the welcome and its second the hint to that question: handled
      // in order, from a state the first one left (a turn run twice or lost would show here too).
      const replyOf = new Map((await replies()).map((r) => [r.caused_by, bodyOf(r.message)]));
      const answers = contacts.map(([first, second]) => [replyOf.get(first!.wamid) ?? '', replyOf.get(second!.wamid) ?? ''] as const);
      expect(answers.filter(([first, second]) => !WELCOME.test(first) || !CHOICE_HINT.test(second))).toEqual([]);

      // The rows the doomed worker held came back through the survivor's sweeper (its log line may trail the rows).
      const sweptConversations = () =>
        survivor.output.stdout
          .split('\n')
          .filter((line) => line.includes('sweeper scheduled leftovers'))
          .map((line) => (JSON.parse(line) as { conversations: number }).conversations);
      const rescheduled = await fleet!.until('the survivor to log its sweep', async () => {
        const counts = sweptConversations();
        return counts.length > 0 ? Math.max(...counts) : undefined;
      }, 5_000);
      expect(rescheduled).toBeGreaterThan(0);
    });
  });
}
