// WhatsApp ingest end to end over real HTTP: how fast signed webhook deliveries are acknowledged (against a bare
// fastify route measured in the same run), how many conversation turns per second the workers finish on a full
// inbox, and how long a message takes from its webhook POST to its reply being queued.
// Run: npm run bench:ingest                                  (PGlite + in-process queue)
//      DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 npm run bench:ingest
// DATABASE_URL names a server only: the run works in a scratch database of its own (created, then dropped), and
// in a Redis key prefix of its own (deleted at the end). Knobs: BENCH_RATE, BENCH_SECONDS, BENCH_CONNECTIONS,
// BENCH_WARM_SECONDS (part 1's warm-up at the measured rate), BENCH_BACKLOG, BENCH_LATENCY_SECONDS, BENCH_LATENCY_RATES=80,300; BENCH_ACK_ROLE=web|all|split (web, the default: no workers during the ack run; all: workers in the same thread; split: the
// worker role in a child process, PostgreSQL + Redis only), BENCH_PARTS=1,2,3, BENCH_TRACE=1 (stage times in part 3),
// BENCH_PGLITE=memory.
// Service variables (QUEUE_CONCURRENCY, DATABASE_POOL_SIZE, LOG_LEVEL) pass through; WHATSAPP_* and STRIPE_* never do.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { loadConfig, SANDBOX_WHATSAPP, type Config } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { contacts, deliveryStatuses, inbox, outbox } from '../src/db/schema.js';
import type { AnyProcessor, EnqueueOptions, JobContext, JobDefinition, JobQueue } from '../src/queue/job.js';
import { createProcessors } from '../src/queue/processors.js';
import { startService, type Role, type Service } from '../src/service.js';
import { LoadClient, STATUS_ORDER, waIdFor, type LoadResult, type LoadSpec } from './ingest-client.js';

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const RATE = num('BENCH_RATE', 4000);
const SECONDS = num('BENCH_SECONDS', 10);
const WARM_SECONDS = num('BENCH_WARM_SECONDS', 2);
const CONNECTIONS = num('BENCH_CONNECTIONS', 64);
const SENDERS = 2000;
const LATENCY_SECONDS = num('BENCH_LATENCY_SECONDS', 10);
const LATENCY_RATES = (process.env.BENCH_LATENCY_RATES ?? "80,300").split(",").map(Number).filter((rate) => rate > 0);
const DRAIN_MS = 5000;
const PROCESS_TIMEOUT_MS = 30_000;
const WEBHOOK = '/webhooks/whatsapp';
// Part 1 measures the webhook endpoint: by default a web-role service, its workers off (their rate is part 2).
const ACK_ROLE = process.env.BENCH_ACK_ROLE ?? 'web';
/** Which parts to run (for profiling one of them): BENCH_PARTS=1,3 */
const PARTS = new Set((process.env.BENCH_PARTS ?? '1,2,3').split(',').map((part) => part.trim()));

const epochNow = () => performance.timeOrigin + performance.now();
const benchStarted = epochNow();
const runId = randomBytes(4).toString('hex');
const cleanups: (() => Promise<void>)[] = [];

// ---------------------------------------------------------------------------------------------- figures

function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const ms = (value: number) => (Number.isNaN(value) ? '-' : value < 10 ? value.toFixed(1) : value.toFixed(0));

interface AckFigures {
  ok: number;
  non200: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  clientLagP99: number;
}

function ackFigures(result: LoadResult): AckFigures {
  const latencies: number[] = [];
  let non200 = 0;
  for (let i = 0; i < result.status.length; i += 1) {
    if (result.status[i] === 200) latencies.push(result.latencyMs[i]!);
    else non200 += 1;
  }
  latencies.sort((a, b) => a - b);
  const lags = Float64Array.from(result.lagMs).sort();
  const seconds = (result.lastEnd - result.firstStart) / 1000;
  return {
    ok: latencies.length,
    non200,
    perSecond: seconds > 0 ? latencies.length / seconds : 0,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    clientLagP99: percentile(lags, 99),
  };
}

function statusSummary(result: LoadResult): string {
  const counts = new Map<number, number>();
  for (const code of result.status) if (code !== 200) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${code === -1 ? 'no answer' : code === 0 ? 'conn error' : code}: ${n}`).join(', ');
}

/** How busy the service's thread (this one) was between two readings, and its busy time per unit of work. */
function busy(from: ReturnType<typeof performance.eventLoopUtilization>, units: number): string {
  const elu = performance.eventLoopUtilization(from);
  return `service thread ${(elu.utilization * 100).toFixed(0)}% busy, ${units > 0 ? (elu.active / units).toFixed(2) : '-'} ms each`;
}

const mark = (pass: boolean) => (pass ? 'PASS' : 'MISS');

// ---------------------------------------------------------------------------------------------- backends

interface Backends {
  database: Database;
  label: string;
  env: Record<string, string>;
  redisUrl: string | undefined;
}

async function adminQuery(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function openBackends(): Promise<Backends> {
  const serverUrl = process.env.DATABASE_URL?.trim() || undefined;
  const redisUrl = process.env.REDIS_URL?.trim() || undefined;
  const env: Record<string, string> = {};
  let database: Database;
  let dbLabel: string;
  if (serverUrl !== undefined) {
    const name = `partimer_bench_${runId}`;
    await adminQuery(serverUrl, `create database ${name}`);
    cleanups.push(() => adminQuery(serverUrl, `drop database if exists ${name} with (force)`).then(() => undefined));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    database = openDatabase(loadConfig({ DATABASE_URL: env.DATABASE_URL, DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE }).database);
    const version = await adminQuery(serverUrl, 'show server_version');
    dbLabel = `PostgreSQL ${String(version.rows[0]?.server_version).split(' ')[0]} (scratch db ${name}, pool ${process.env.DATABASE_POOL_SIZE || 10})`;
  } else {
    // File-backed like `npm start` (./.data), in a temp dir; BENCH_PGLITE=memory for an in-memory one.
    if (process.env.BENCH_PGLITE === 'memory') {
      database = openDatabase({ kind: 'pglite', dataDir: null });
      dbLabel = 'PGlite (in memory)';
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'partimer-bench-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      database = openDatabase({ kind: 'pglite', dataDir: dir });
      dbLabel = 'PGlite (file-backed, temp dir)';
    }
  }
  cleanups.push(() => database.close());
  await database.migrate();

  let queueLabel = 'in-process queue';
  if (redisUrl !== undefined) {
    env.REDIS_URL = redisUrl;
    const redis = new Redis(redisUrl, { lazyConnect: true });
    await redis.connect();
    const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
    redis.disconnect();
    queueLabel = `BullMQ on Redis ${version} (prefix {partimer-bench-${runId}-*})`;
    cleanups.push(() => deleteRedisKeys(redisUrl, `{partimer-bench-${runId}-`));
  }
  return { database, label: `${dbLabel} + ${queueLabel}`, env, redisUrl };
}

async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Every phase starts on empty tables (the migrations stay). */
async function emptyTables(database: Database): Promise<void> {
  const result = await database.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`);
  const tables = (result as unknown as { rows: { tablename: string }[] }).rows.map((r) => `"${r.tablename}"`);
  await database.db.execute(sql.raw(`truncate table ${tables.join(', ')} restart identity cascade`));
}

// ---------------------------------------------------------------------------------------------- the service

/** Log lines go here (counted, not printed): the service logs at its normal level, the terminal stays readable. */
const logSink = {
  lines: 0,
  problems: 0,
  firstProblem: '',
  /** Off while a phase's service stops: dropping its leftover backlog is expected, and warned about. */
  counting: true,
  write(line: string) {
    if (!this.counting) return;
    this.lines += 1;
    const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 0);
    if (level >= 40) {
      this.problems += 1;
      if (this.firstProblem === '') this.firstProblem = line.slice(0, 200).trim();
    }
  },
};

function benchEnv(backends: Backends): Record<string, string> {
  const env: Record<string, string> = {};
  // The sandbox transport only, never Meta or Stripe, whatever this shell has set; the backends are the scratch ones.
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(WHATSAPP_|STRIPE_|DATABASE_URL$|REDIS_URL$)/.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    ...backends.env,
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
}

const benchConfig = (backends: Backends): Config => loadConfig(benchEnv(backends));

/** BENCH_ACK_ROLE=split: the worker role in a child process of its own, on the same database and queue prefix. */
async function startWorkerProcess(backends: Backends, prefix: string): Promise<() => Promise<void>> {
  const child = fork(fileURLToPath(new URL('./ingest-worker.ts', import.meta.url)), {
    env: { ...benchEnv(backends), BENCH_QUEUE_PREFIX: prefix },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
  });
  return async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('stop');
    await exited;
  };
}

/** When a send job was enqueued for an outbox row: after its turn commits, the processor schedules the read receipt and the contact's head row. */
type SendLog = Map<number, number>;

function recordSends(queue: JobQueue, sends: SendLog): void {
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = async <T>(job: JobDefinition<T>, data: T, options?: EnqueueOptions) => {
    await enqueue(job, data, options);
    const id = options?.jobId === undefined ? null : /^out-(\d+)(?:-after-\d+)?$/.exec(options.jobId);
    if (id) sends.set(Number(id[1]), epochNow());
  };
}

/** With BENCH_TRACE=1: when each contact's first conversation job started, for the stage breakdown of part 3. */
const TRACE = process.env.BENCH_TRACE === '1';
const jobStarts = new Map<number, number>();

function traceConversations(processors: AnyProcessor[]): AnyProcessor[] {
  const started = (contactIds: number[]) => {
    for (const id of contactIds) if (!jobStarts.has(id)) jobStarts.set(id, epochNow());
  };
  return processors.map((p) =>
    p.job.name === 'conversation'
      ? { ...p, process: (data: { contactId: number }, context: JobContext) => (started([data.contactId]), p.process(data, context)) }
      : p.job.name === 'conversations'
        ? { ...p, process: (data: { contactIds: number[] }, context: JobContext) => (started(data.contactIds), p.process(data, context)) }
        : p,
  );
}

let phase = 0;
const queuePrefix = () => `{partimer-bench-${runId}-${phase}}`;
async function start(backends: Backends, role: Role, sends?: SendLog): Promise<{ service: Service; port: number }> {
  phase += 1;
  await emptyTables(backends.database);
  const service = await startService({
    config: benchConfig(backends),
    role,
    processors: (deps) => {
      if (sends) recordSends(deps.queue, sends);
      return TRACE ? traceConversations(createProcessors(deps)) : createProcessors(deps);
    },
    depsOptions: {
      // Shared across phases; closed once at the end.
      database: { ...backends.database, close: async () => undefined },
      queuePrefix: queuePrefix(),
      logDestination: logSink,
    },
  });
  if (sends && role === 'web') recordSends(service.deps.queue, sends);
  if (backends.redisUrl) await service.deps.queue.ping();
  logSink.counting = true;
  const stop = service.stop.bind(service);
  service.stop = async () => {
    logSink.counting = false;
    await stop();
  };
  return { service, port: Number(new URL(service.address!).port) };
}

const load = (client: LoadClient, spec: Partial<LoadSpec> & Pick<LoadSpec, 'port' | 'rate' | 'count'>) =>
  client.run({ path: WEBHOOK, connections: CONNECTIONS, drainMs: DRAIN_MS, senders: SENDERS, senderOffset: 0, ...spec });

const wait = (delayMs: number) => new Promise((resolve) => setTimeout(resolve, delayMs));

// ---------------------------------------------------------------------------------------------- 1. acks

/** Outbox rows of messages we "sent", for Meta's mix to post statuses about; returns their wamids. */
async function seedSentMessages(database: Database, count: number): Promise<string[]> {
  const tag = randomBytes(4).toString('hex');
  const wamids = Array.from({ length: count }, (_, i) => `wamid.bench-${tag}-${i}`);
  // The one recipient of them all: a number no load sender uses.
  const waId = waIdFor(99_999_999);
  const [known] = await database.db.select({ id: contacts.id }).from(contacts).where(eq(contacts.waId, waId));
  const contactId =
    known?.id ?? (await database.db.insert(contacts).values({ phoneNumberId: SANDBOX_WHATSAPP.phoneNumberId, waId, lastInboundAt: new Date() }).returning())[0]!.id;
  await database.db.execute(sql`
    insert into ${outbox} (phone_number_id, contact_id, message, status, wamid, sent_at)
    select ${SANDBOX_WHATSAPP.phoneNumberId}, ${contactId}, '{"type":"text","text":"bench"}'::jsonb, 'sent', w, now()
    from unnest(${sql.param(wamids)}::text[]) as w`);
  return wamids;
}

/** Acknowledged deliveries whose event is not in the database afterwards (a message in the inbox, a status in delivery_statuses). */
async function countLost(database: Database, results: LoadResult[]): Promise<number> {
  const messages = new Set((await database.db.select({ wamid: inbox.wamid }).from(inbox)).map((r) => r.wamid));
  const statuses = new Set((await database.db.select().from(deliveryStatuses)).map((r) => `${r.wamid} ${r.status}`));
  let lost = 0;
  for (const r of results) {
    r.wamids.forEach((wamid, i) => {
      if (r.status[i] !== 200) return;
      const kind = r.kinds[i]!;
      if (kind === 0 ? !messages.has(wamid) : !statuses.has(`${wamid} ${STATUS_ORDER[kind - 1]}`)) lost += 1;
    });
  }
  return lost;
}

async function ackSide(backends: Backends, client: LoadClient): Promise<void> {
  const count = Math.round(RATE * SECONDS);
  // Both sides warm up at the measured rate: until V8 has optimised the hot path at that concurrency (and
  // the pools are at size), a fresh process queues requests for its first second or so. That cold start
  // is printed on its own line; the sustained figures are measured after it.
  const warm = { rate: RATE, count: Math.round(RATE * WARM_SECONDS) };

  const bare = Fastify();
  bare.post(WEBHOOK, async () => ({ received: true }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const barePort = (bare.server.address() as { port: number }).port;
  await load(client, { port: barePort, ...warm });
  const bareElu = performance.eventLoopUtilization();
  const b = ackFigures(await load(client, { port: barePort, rate: RATE, count }));
  const bareBusy = busy(bareElu, b.ok);
  await bare.close();

  const split = ACK_ROLE === 'split' && backends.database.kind === 'postgres' && backends.redisUrl !== undefined;
  const role = split ? 'split' : ACK_ROLE === 'web' ? 'web' : 'all';
  const row = (label: string, f: AckFigures) =>
    `  ${label} ${f.perSecond.toFixed(0).padStart(5)}/s  p50 ${ms(f.p50)}  p99 ${ms(f.p99)}  max ${ms(f.max)} ms  non-200 ${f.non200}`;
  console.log(`1. ack: ${count} signed deliveries at ${RATE}/s for ${SECONDS} s (after ${WARM_SECONDS} s of warm-up at that rate), ${SENDERS} senders, ${CONNECTIONS} keep-alive sockets`);
  console.log(`${row('bare fastify', b)}  (${bareBusy.replace('service thread', 'thread')})`);

  const scenarios = [
    { label: "Meta's mix", note: '1 inbound message : 3 statuses of messages we sent', mix: true },
    { label: 'messages only', note: 'every delivery an inbound message, each scheduling its conversation', mix: false },
  ];
  const passes: boolean[] = [];
  for (const scenario of scenarios) {
    const { service, port } = await start(backends, role === 'all' ? 'all' : 'web');
    const stopWorker = split ? await startWorkerProcess(backends, queuePrefix()) : undefined;
    const { database } = service.deps;
    try {
      const outbound = async (n: number) => (scenario.mix ? { outboundWamids: await seedSentMessages(database, Math.ceil(n / 4)) } : {});
      const warmResult = await load(client, { port, ...warm, ...(await outbound(warm.count)) });
      const spec = { port, rate: RATE, count, ...(await outbound(count)) };
      const elu = performance.eventLoopUtilization();
      const result = await load(client, spec);
      const o = ackFigures(result);
      const ackBusy = busy(elu, o.ok);
      const lost = await countLost(database, [warmResult, result]);
      const cold = ackFigures(warmResult);
      console.log(`  ${scenario.label}: ${scenario.note}`);
      console.log(`${row(`  ours (${role})`.padEnd(12), o)}  lost ${lost}${o.non200 > 0 ? ` (${statusSummary(result)})` : ''}`);
      console.log(`    ratio ours/bare: rate ${(o.perSecond / b.perSecond).toFixed(2)}  p50 ${(o.p50 / b.p50).toFixed(1)}x  p99 ${(o.p99 / b.p99).toFixed(1)}x; ${ackBusy}`);
      console.log(`    cold start (the warm-up: the first ${WARM_SECONDS} s of a new service at that rate): p50 ${ms(cold.p50)}  p99 ${ms(cold.p99)}  max ${ms(cold.max)} ms  non-200 ${cold.non200}`);
      if (Math.max(b.clientLagP99, o.clientLagP99) > 5) console.log(`    (client lag p99 ${ms(b.clientLagP99)} / ${ms(o.clientLagP99)} ms: the sender fell behind its schedule)`);
      passes.push(o.perSecond >= RATE * 0.98 && o.non200 === 0 && o.p99 < 100 && lost === 0);
    } finally {
      logSink.counting = false;
      await stopWorker?.();
      await service.stop();
    }
  }
  console.log(`  target ${RATE}/s, p99 < 100 ms, 0 lost, in both: ${mark(passes.every(Boolean))}`);
}

// ---------------------------------------------------------------------------------------------- 2. turns

async function saturation(backends: Backends, client: LoadClient): Promise<void> {
  // PGlite stores ~100-200 deliveries/s here: a smaller default backlog keeps its run within about two minutes.
  const backlog = num('BENCH_BACKLOG', backends.database.kind === 'postgres' ? 4_000 : 2_000);
  const sends: SendLog = new Map();
  const { service, port } = await start(backends, 'web', sends);
  try {
    // Workers stopped: the whole backlog is stored and scheduled first, one message per contact.
    const ingest = await load(client, { port, rate: 100_000, count: backlog, senders: backlog, senderOffset: 100_000, drainMs: 30_000 });
    const stored = ackFigures(ingest).ok;
    const { db } = service.deps.database;
    const started = epochNow();
    const elu = performance.eventLoopUtilization();
    service.deps.queue.start(createProcessors(service.deps));
    // Each turn schedules two sends right after it commits: the read receipt and the reply (the contact's head).
    while (sends.size < 2 * stored && epochNow() - started < PROCESS_TIMEOUT_MS) await wait(20);
    const finished = Math.max(...sends.values(), started);
    const seconds = (sends.size >= 2 * stored ? finished - started : epochNow() - started) / 1000;
    const turnBusy = busy(elu, sends.size / 2);
    const [counts] = (
      (await db.execute(sql`select
          (select count(*) from ${inbox} where ${inbox.processedAt} is not null and ${inbox.outcome} = 'handled')::int as handled,
          (select count(distinct ${outbox.causedBy}) from ${outbox} where ${outbox.message}->>'type' <> 'read_receipt')::int as replied`)) as unknown as {
        rows: { handled: number; replied: number }[];
      }
    ).rows;
    const turns = Math.min(counts!.handled, counts!.replied);
    const perSecond = turns / seconds;
    console.log(
      `2. turns: ${stored} stored messages from ${stored} contacts, workers started on the full inbox: ${turns} turns (inbox row -> reply in outbox) in ${seconds.toFixed(1)} s = ${perSecond.toFixed(0)} turns/s; ${turnBusy}`,
    );
    if (turns < stored) console.log(`  only ${turns} of ${stored} done within ${PROCESS_TIMEOUT_MS / 1000} s`);
    const onPostgres = backends.database.kind === 'postgres';
    console.log(`  target >= 1,000 turns/s on PostgreSQL: ${mark(onPostgres && perSecond >= 1000)}${onPostgres ? '' : ' (this run is not on PostgreSQL)'}`);
  } finally {
    await service.stop();
  }
}

// ---------------------------------------------------------------------------------------------- 3. latency

async function replyLatency(backends: Backends, client: LoadClient): Promise<void> {
  const sends: SendLog = new Map();
  const { service, port } = await start(backends, 'all', sends);
  const { db } = service.deps.database;
  try {
    await load(client, { port, rate: 80, count: 80, senderOffset: 50_000 });
    console.log(`3. webhook POST -> reply queued, steady rate for ${LATENCY_SECONDS} s (row = outbox created_at, the turn's start; job = its send job enqueued after the commit; target on job)`);
    for (const rate of LATENCY_RATES) {
      const delay = monitorEventLoopDelay({ resolution: 5 });
      // PostgreSQL only: how many queries waited for a free pooled connection.
      const pool = (db as unknown as { $client?: { waitingCount?: number } }).$client;
      const waiting: number[] = [];
      const sampler = TRACE && typeof pool?.waitingCount === 'number' ? setInterval(() => waiting.push(pool.waitingCount!), 5) : undefined;
      if (TRACE) delay.enable();
      const result = await load(client, { port, rate, count: Math.round(rate * LATENCY_SECONDS), senderOffset: rate * 1000 });
      const ok = new Set<string>();
      result.wamids.forEach((wamid, i) => result.status[i] === 200 && ok.add(wamid));
      const startOf = new Map(result.wamids.map((wamid, i) => [wamid, result.startedAt[i]!]));
      // Wait (bounded) for every accepted message's reply.
      const deadline = epochNow() + 15_000;
      let rows: { id: number; causedBy: string | null; type: string; createdAt: Date }[] = [];
      // The turn commits its rows together and then schedules the contact's head (the read receipt):
      // that enqueue is when the reply is queued.
      const headOf = new Map<string, number>();
      for (;;) {
        const all = (
          await db
            .select({ id: outbox.id, causedBy: outbox.causedBy, type: sql<string>`${outbox.message}->>'type'`, createdAt: outbox.createdAt })
            .from(outbox)
        ).filter((r) => r.causedBy !== null && ok.has(r.causedBy));
        for (const r of all) if (r.type === 'read_receipt') headOf.set(r.causedBy!, r.id);
        rows = all
          .filter((r) => r.type !== 'read_receipt')
          .map((r) => ({ ...r, id: headOf.get(r.causedBy!) ?? -1 }));
        if ((rows.length >= ok.size && rows.every((r) => sends.has(r.id))) || epochNow() > deadline) break;
        await wait(200);
      }
      const byRow: number[] = [];
      const byJob: number[] = [];
      for (const r of rows) {
        const posted = startOf.get(r.causedBy!)!;
        byRow.push(r.createdAt.getTime() - posted);
        const sent = sends.get(r.id);
        if (sent !== undefined) byJob.push(sent - posted);
      }
      byRow.sort((a, b) => a - b);
      byJob.sort((a, b) => a - b);
      const ack = ackFigures(result);
      const missing = ok.size - rows.length;
      const p99 = percentile(byJob, 99);
      console.log(
        `  ${String(rate).padStart(3)}/s: row p50 ${ms(percentile(byRow, 50))} p99 ${ms(percentile(byRow, 99))}; job p50 ${ms(percentile(byJob, 50))} p99 ${ms(p99)} max ${ms(byJob.at(-1) ?? Number.NaN)} ms; ack p99 ${ms(ack.p99)} ms; non-200 ${ack.non200}${missing > 0 ? `; ${missing} replies missing` : ''}${rate === 80 ? `  target p99 < 50 ms: ${mark(p99 < 50 && missing === 0)}` : ''}`,
      );
      if (TRACE) {
        const contactOf = new Map((await db.select({ wamid: inbox.wamid, contactId: inbox.contactId }).from(inbox)).map((r) => [r.wamid, r.contactId]));
        const seen = new Set<number>();
        const queueWait: number[] = [];
        const turn: number[] = [];
        const acked: number[] = [];
        for (const r of rows) {
          const contactId = contactOf.get(r.causedBy!);
          const i = result.wamids.indexOf(r.causedBy!);
          const jobStart = contactId === undefined ? undefined : jobStarts.get(contactId);
          const sent = sends.get(r.id);
          if (contactId === undefined || seen.has(contactId) || jobStart === undefined || sent === undefined) continue;
          seen.add(contactId);
          const ackEnd = result.startedAt[i]! + result.latencyMs[i]!;
          acked.push(result.latencyMs[i]!);
          queueWait.push(jobStart - ackEnd);
          turn.push(sent - jobStart);
        }
        const p = (values: number[]) => {
          values.sort((a, b) => a - b);
          return `p50 ${ms(percentile(values, 50))} p99 ${ms(percentile(values, 99))}`;
        };
        delay.disable();
        clearInterval(sampler);
        waiting.sort((a, b) => a - b);
        if (waiting.length > 0) console.log(`    pool: callers waiting for a connection p50 ${percentile(waiting, 50)} p99 ${percentile(waiting, 99)} max ${waiting.at(-1)}; ${(100 * waiting.filter((n) => n > 0).length / waiting.length).toFixed(0)}% of samples > 0`);
        console.log(`    event-loop delay of the service thread: p50 ${ms(delay.percentile(50) / 1e6)} p99 ${ms(delay.percentile(99) / 1e6)} max ${ms(delay.max / 1e6)} ms`);
        console.log(`    stages (${seen.size} first messages): ack ${p(acked)}; ack -> job start ${p(queueWait)}; job start -> send enqueued ${p(turn)} ms`);
      }
    }
  } finally {
    await service.stop();
  }
}

// ---------------------------------------------------------------------------------------------- main

let cleaning: Promise<void> | undefined;
async function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
  })();
  return cleaning;
}
// A closed stdout (| head) must not kill the run before it has dropped its scratch database and keys.
process.stdout.on('error', () => undefined);
process.on('uncaughtException', (error) => {
  console.error('benchmark failed:', error);
  void cleanUp().finally(() => process.exit(0));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

const client = new LoadClient();
try {
  const backends = await openBackends();
  console.log(`ingest bench: ${backends.label}; sandbox WhatsApp; service in-process, load from a worker thread, paced every 1 ms`);
  if (PARTS.has('1')) await ackSide(backends, client);
  if (PARTS.has('2')) await saturation(backends, client);
  if (PARTS.has('3')) await replyLatency(backends, client);
  console.log(
    `log: ${logSink.lines} lines at ${process.env.LOG_LEVEL || 'info'} while measuring (discarded), ${logSink.problems} warn+${logSink.firstProblem ? `, first: ${logSink.firstProblem}` : ''}`,
  );
} catch (error) {
  console.error('benchmark failed:', error);
} finally {
  await client.close();
  await cleanUp();
  console.log(`total ${((epochNow() - benchStarted) / 1000).toFixed(0)} s`);
}
process.exit(0);
