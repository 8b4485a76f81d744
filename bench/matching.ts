// Matching benchmark: 100,000 and 1,000,000 workers with realistic spreads in PostgreSQL, then the p50/p99
// of selecting and ranking the candidates of a job, beside the bare nearest-first walk of the GiST index for
// the same job (the baseline) in the same run. DATABASE_URL names a server: the run works in a scratch database of its own,
// created and dropped. Knobs: BENCH_WORKERS=100000,1000000, BENCH_JOBS=300, BENCH_KEEP_DB=1 (leave the seeded database).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { availabilityPresets, type Availability } from '../src/conversation/answers/availability.js';
import { skills } from '../data/skills.js';
import { rankCandidates } from '../src/marketplace/matching/rank-candidates.js';
import { KM_PER_UNIT, mapPoint } from '../src/marketplace/matching/map-point.js';
import { MAX_RADIUS_KM, POOL_LIMIT, selectCandidates, type JobToMatch, type MatchRules } from '../src/marketplace/matching/select-candidates.js';
import { availabilityBits, dayBits, shiftBits } from '../src/marketplace/matching/week-hours.js';

const SIZES = (process.env.BENCH_WORKERS ?? '100000,1000000').split(',').map(Number).filter((n) => n > 0);
const JOBS = Number(process.env.BENCH_JOBS ?? 300);
const OFFERS_PER_JOB = 10;

/** Cities workers live in, with their share of workers and how far they spread (degrees, ~1 sd). */
const CITIES = [
  { lat: 40.4168, lng: -3.7038, share: 0.4, spread: 0.12 },
  { lat: 41.3874, lng: 2.1686, share: 0.3, spread: 0.1 },
  { lat: 39.4699, lng: -0.3763, share: 0.12, spread: 0.08 },
  { lat: 37.3891, lng: -5.9845, share: 0.1, spread: 0.08 },
  { lat: 43.263, lng: -2.935, share: 0.08, spread: 0.06 },
];

/** Typical answers to "when can you work?". */
const PATTERNS: Availability[] = [
  availabilityPresets.weekdays,
  availabilityPresets.evenings,
  availabilityPresets.weekends,
  availabilityPresets.anytime,
  [{ days: [0, 1, 2, 3, 4], from: '18:00', to: '23:00' }],
  [{ days: [5, 6], from: '10:00', to: '22:00' }],
  [{ days: [0, 2, 4], from: '08:00', to: '14:00' }],
  [{ days: [3, 4, 5], from: '17:00', to: '02:00' }],
];

function must(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) {
    console.error(`${name} must name a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres): this benchmark measures PostgreSQL.`);
    process.exit(2);
  }
  return value;
}

async function admin(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Workers' skill counts follow the catalogue order: the first skills are the common ones. */
function skillWeightsSql(): string {
  return `array[${skills.map((s) => `'${s.id}'`).join(',')}]`;
}

async function seed(database: Database, offset: number, count: number): Promise<void> {
  const cityCase = CITIES.map((c, i) => `when city = ${i} then ${c.lat} + (random() + random() + random() - 1.5) * ${c.spread * 2}`).join(' ');
  const cityCaseLng = CITIES.map((c, i) => `when city = ${i} then ${c.lng} + (random() + random() + random() - 1.5) * ${c.spread * 2.6}`).join(' ');
  const cumulative = CITIES.reduce<number[]>((acc, c) => [...acc, (acc.at(-1) ?? 0) + c.share], []);
  const cityOf = `case ${cumulative.map((edge, i) => `when u < ${edge.toFixed(3)} then ${i}`).join(' ')} else ${CITIES.length - 1} end`;
  const patterns = `array[${PATTERNS.map((p) => `'${availabilityBits(p)}'`).join(',')}]::text[]`;
  const patternJson = `array[${PATTERNS.map((p) => `'${JSON.stringify(p)}'`).join(',')}]::text[]`;
  await database.db.execute(sql.raw(`
    create temporary table seed as
    select i, city,
      case ${cityCase} end as lat,
      case ${cityCaseLng} end as lng,
      (array[5, 10, 10, 20, 20, 30])[1 + floor(random() * 6)::int] as radius_km,
      900 + floor(random() * 8)::int * 100 as min_rate_cents,
      1 + floor(random() * ${PATTERNS.length})::int as pattern,
      1 + floor(random() * 3)::int as skill_count
    from (select i, ${cityOf} as city from (select i, random() as u from generate_series(${offset + 1}, ${offset + count}) as i) x) y`));
  await database.db.execute(sql.raw(`
    insert into contacts (phone_number_id, wa_id, role, consent, last_inbound_at)
    select '100000000000001', 'b' || i, 'worker', 'given', now() - random() * interval '60 days' from seed order by i`));
  // Skills: a worker's first skill is skewed to the common ones (the square of a uniform), the others follow it.
  await database.db.execute(sql.raw(`
    create temporary table seed_skills as
    select s.i, c.id as contact_id, (${skillWeightsSql()})[1 + ((floor(power(random(), 2) * ${skills.length})::int + k * 7) % ${skills.length})] as skill
    from seed s join contacts c on c.wa_id = 'b' || s.i
    cross join lateral generate_series(0, s.skill_count - 1) as k`));
  // Four workers in ten have a history: 1-30 ratings averaging about 4.3 stars, and as many jobs done.
  await database.db.execute(sql.raw(`
    insert into workers (contact_id, name, skills, availability, lat, lng, area_label, radius_km, min_rate_cents, currency, phone, phone_share_consent_at,
      rating_count, rating_sum, jobs_done, active_at)
    select k.contact_id, 'Worker ' || s.i, k.skills, (${patternJson})[s.pattern]::jsonb,
      s.lat, s.lng, 'seeded', s.radius_km, s.min_rate_cents, 'EUR', '+3460' || lpad(s.i::text, 7, '0'), now(),
      h.n, round(h.n * (3.6 + random() * 1.4))::int, h.n, now() - random() * interval '60 days'
    from seed s join (select i, contact_id, array_agg(distinct skill) as skills from seed_skills group by i, contact_id) k on k.i = s.i
    cross join lateral (select case when random() < 0.4 then 1 + floor(random() * 30)::int else 0 end as n) h`));
  // As sync-worker-reach.ts writes them: the point as map-point.ts projects it, and the worker's figures.
  await database.db.execute(sql.raw(`
    insert into worker_reach (worker_contact_id, skill, location, lat, lng, radius_km, min_rate_cents, week_hours, rating_count, rating_sum, jobs_done, active_at)
    select k.contact_id, k.skill, point(s.lng * cos(radians(s.lat)), s.lat),
      s.lat, s.lng, s.radius_km, s.min_rate_cents, (${patterns})[s.pattern]::bit(168), w.rating_count, w.rating_sum, w.jobs_done, w.active_at
    from (select distinct i, contact_id, skill from seed_skills) k join seed s on s.i = k.i join workers w on w.contact_id = k.contact_id`));
  await database.db.execute(sql.raw('drop table seed; drop table seed_skills'));
  // As autovacuum leaves a table that is not being written: statistics, and the visibility map index-only scans need.
  await database.db.execute(sql.raw('vacuum analyze contacts, workers, worker_reach'));
}

function randomJob(): JobToMatch {
  const u = Math.random();
  let acc = 0;
  const city = CITIES.find((c) => (acc += c.share) >= u) ?? CITIES[0]!;
  const skill = skills[Math.floor(Math.random() ** 2 * skills.length)]!.id;
  const shifts: [string, string][] = [['10:00', '16:00'], ['18:00', '23:00'], ['09:00', '14:00'], ['12:00', '16:00'], ['20:00', '02:00']];
  const [from, to] = shifts[Math.floor(Math.random() * shifts.length)]!;
  const day = `2026-12-${String(7 + Math.floor(Math.random() * 7)).padStart(2, '0')}`;
  const startsAt = new Date(`${day}T${from}:00Z`);
  const endsAt = new Date(startsAt.getTime() + (to > from ? 5 : 6) * 3_600_000);
  return {
    id: 0,
    skill,
    lat: city.lat + (Math.random() - 0.5) * city.spread,
    lng: city.lng + (Math.random() - 0.5) * city.spread * 1.3,
    payCents: 1000 + Math.floor(Math.random() * 9) * 100,
    hours: shiftBits(day, from, to),
    days: dayBits(day, from, to),
    startsAt,
    endsAt,
  };
}

const RULES: MatchRules = { now: new Date(), maxOffersPerDay: 5 };

/** The baseline: the same nearest-first walk of the index for the skill, with no filter, no join and no ranking. */
function bareWalk(database: Database, job: JobToMatch) {
  const { x, y } = mapPoint(job.lat, job.lng);
  const reach = MAX_RADIUS_KM / KM_PER_UNIT;
  return database.db.execute(sql`select worker_contact_id from worker_reach r
    where r.skill = ${job.skill} and r.location <@ box(point(${x - reach}, ${y - reach}), point(${x + reach}, ${y + reach}))
    order by r.location <-> point(${x}, ${y}) limit ${POOL_LIMIT}`);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

async function measure(database: Database, count: number): Promise<boolean> {
  const jobs = Array.from({ length: JOBS }, randomJob);
  // Warm the caches with a pass of each query first; the figures come from the second pass.
  for (const job of jobs.slice(0, 50)) {
    await selectCandidates(database.db, job, RULES);
    await bareWalk(database, job);
  }
  const full: number[] = [];
  const bare: number[] = [];
  let found = 0;
  for (const job of jobs) {
    let start = performance.now();
    const candidates = await selectCandidates(database.db, job, RULES);
    rankCandidates(candidates, new Date(), OFFERS_PER_JOB);
    full.push(performance.now() - start);
    found += candidates.length;
    start = performance.now();
    await bareWalk(database, job);
    bare.push(performance.now() - start);
  }
  // The plan of the real query for the first job, read through a stand-in handle that EXPLAINs what it is given.
  let lines: string[] = [];
  const explaining = {
    async execute(query: ReturnType<typeof sql>) {
      const result = (await database.db.execute(sql`explain (analyze, buffers off, timing off, summary on) ${query}`)) as unknown as { rows: { 'QUERY PLAN': string }[] };
      lines = result.rows.map((r) => r['QUERY PLAN']);
      return { rows: [] };
    },
  } as unknown as Database['db'];
  await selectCandidates(explaining, jobs[0]!, RULES);
  const walk = lines.find((l) => l.includes('worker_reach_skill_location_idx')) ?? '';
  const p99 = percentile(full, 99);
  console.log(`${count.toLocaleString('en')} workers, ${JOBS} jobs (${Math.round(found / JOBS)} candidates each on average, pool of ${POOL_LIMIT}, top ${OFFERS_PER_JOB} ranked):`);
  console.log(`  select + rank       p50 ${ms(percentile(full, 50))} ms  p99 ${ms(p99)} ms`);
  console.log(`  bare index walk     p50 ${ms(percentile(bare, 50))} ms  p99 ${ms(percentile(bare, 99))} ms   (the ${POOL_LIMIT} nearest with the skill, nothing else)`);
  console.log(`  ratio select+rank / bare: p50 ${(percentile(full, 50) / percentile(bare, 50)).toFixed(1)}x  p99 ${(p99 / percentile(bare, 99)).toFixed(1)}x`);
  console.log(`  plan: ${walk.includes('Index Only Scan') ? 'index-only nearest-first walk of worker_reach_skill_location_idx' : `NOT the index-only walk (${walk.trim() || 'index unused'})`}; ${lines.find((l) => l.startsWith('Execution Time')) ?? ''}`);
  const pass = count < 1_000_000 || p99 < 10;
  if (count >= 1_000_000) console.log(`  target p99 < 10 ms at 1,000,000 workers: ${pass ? 'PASS' : 'MISS'}`);
  return pass;
}

async function main(): Promise<void> {
  const serverUrl = must('DATABASE_URL');
  const name = `partimer_bench_match_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase(loadConfig({ DATABASE_URL: url.toString() }).database);
  try {
    await database.migrate();
    console.log(`matching bench: scratch db ${name}`);
    let seeded = 0;
    for (const size of SIZES.sort((a, b) => a - b)) {
      const started = performance.now();
      // Sizes grow: each run adds the workers the next size needs on top of the ones already there.
      await seed(database, seeded, size - seeded);
      seeded = size;
      console.log(`  (seeded to ${size.toLocaleString('en')} workers in ${((performance.now() - started) / 1000).toFixed(0)} s)`);
      await measure(database, size);
    }
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP_DB === '1') console.log(`(kept the scratch database ${name}: drop it when done)`);
    else await admin(serverUrl, `drop database if exists ${name} with (force)`);
  }
}

await main();
