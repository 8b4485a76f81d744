// Reads the marketplace a turn needs (a worker's offers, an employer's jobs and candidates, jobs named by a
// share link) in one statement, only for the contacts whose messages need it: most turns never pay for it.
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { commandOf } from './engine/commands.js';
import { inputOf } from './engine/input.js';
import { marketActionOf, shareCodeOf, typedAnswerOf } from './engine/market-actions.js';
import type { EmployerJobView, LeadView, MarketContext, OfferView } from './engine/market-view.js';
import type { MessageContent } from '../whatsapp/inbound-event.js';
import { initialOf } from '../marketplace/cards.js';
import { jobCardOf, jobObjectSql, type JobRow } from '../marketplace/job-card-sql.js';

/** How far back a contact's offers, jobs and candidates are read. */
const LOOKBACK_DAYS = 30;
const MARKET_COMMANDS = new Set(['my_offers', 'find_jobs', 'my_jobs', 'candidates']);

export interface MarketNeed {
  contactId: number;
  /** Job codes named by share links in the pending messages or saved in the state. */
  codes: string[];
  /** Jobs whose link card is answered in the pending messages (link/<jobId>/yes). */
  jobIds: number[];
}

/** Whether a contact's pending messages (or saved state) touch the marketplace, and which share codes they name. */
export function marketNeedOf(contactId: number, state: unknown, pending: readonly { message: unknown }[]): MarketNeed | null {
  const codes = new Set<string>();
  const jobIds = new Set<number>();
  let needed = false;
  // A job saved for after onboarding (state.pendingJob), read without parsing the whole state.
  const saved = (state as { pendingJob?: { code?: unknown } | null } | null)?.pendingJob?.code;
  if (typeof saved === 'string') {
    codes.add(saved);
    needed = true;
  }
  for (const { message } of pending) {
    // Stored messages were normalised at ingest: the content is read as it is, without a second parse (the
    // turn itself parses each one in full).
    const content = (message as { content?: { type?: unknown } } | null)?.content;
    if (typeof content?.type !== 'string') continue;
    const input = inputOf(content as MessageContent);
    const share = shareCodeOf(input);
    if (share) codes.add(share.code);
    const action = marketActionOf(input);
    if (action?.kind === 'link') jobIds.add(action.id);
    const command = commandOf(input);
    if (share || action || typedAnswerOf(input) || (command !== null && MARKET_COMMANDS.has(command))) needed = true;
  }
  return needed ? { contactId, codes: [...codes], jobIds: [...jobIds] } : null;
}

interface MarketRow {
  contactId: string | number;
  offers: (Omit<OfferView, 'job'> & { job: JobRow })[];
  jobs: (JobRow & Pick<EmployerJobView, 'interested' | 'unlocked' | 'waiting' | 'closedReason' | 'stillOpenAskedAt'>)[];
  leads: (Omit<LeadView, 'worker'> & { workerName: string | null; skills: string[] | null; ratingCount: number | null; ratingSum: number | null; jobsDone: number | null })[];
}

/** The marketplace of each contact in `needs`, read at `now`. */
export async function loadMarket(tx: Tx, needs: readonly MarketNeed[], now: Date): Promise<Map<number, MarketContext>> {
  const markets = new Map<number, MarketContext>();
  if (needs.length === 0) return markets;
  const since = new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000).toISOString();
  const ids = sql.param(needs.map((n) => n.contactId));
  const result = await tx.execute(sql`
    select c.id as "contactId",
      coalesce((select json_agg(x order by x."sentAt" desc) from (
        select o.id, o.status, o.source, o.sent_at as "sentAt", o.expires_at as "expiresAt", o.distance_km as "distanceKm", o.fit, ${jobObjectSql} as job,
          (select json_build_object('id', l.id, 'status', l.status, 'ratingAsked', l.rating_asked_at is not null,
              'rated', exists (select 1 from ratings r where r.lead_id = l.id and r.direction = 'of_employer'))
            from leads l where l.offer_id = o.id) as lead
        from offers o join jobs j on j.id = o.job_id left join employers e on e.contact_id = j.employer_contact_id
        where o.worker_contact_id = c.id and o.sent_at > ${since}::timestamptz
        order by o.sent_at desc limit 20) x), '[]'::json) as offers,
      coalesce((select json_agg(y.job order by y.starts_at) from (
        select ${jobObjectSql}::jsonb || jsonb_build_object(
            'interested', (select count(*) from leads l where l.job_id = j.id and l.status <> 'withdrawn'),
            'unlocked', (select count(*) from leads l where l.job_id = j.id and l.status = 'unlocked'),
            'waiting', (select count(*) from offers o where o.job_id = j.id and o.status = 'sent'),
            'closedReason', j.closed_reason, 'stillOpenAskedAt', j.still_open_asked_at) as job, j.starts_at
        from jobs j left join employers e on e.contact_id = j.employer_contact_id
        where j.employer_contact_id = c.id and (j.status = 'open' or j.closed_at > ${since}::timestamptz)
        order by j.starts_at limit 20) y), '[]'::json) as jobs,
      coalesce((select json_agg(x order by x."interestedAt" desc) from (
        select l.id, l.job_id as "jobId", l.status, l.interested_at as "interestedAt", l.price_cents as "priceCents", l.currency,
          o.distance_km as "distanceKm", o.fit, l.rating_asked_at is not null as "ratingAsked",
          exists (select 1 from ratings r where r.lead_id = l.id and r.direction = 'of_worker') as rated,
          w.name as "workerName", w.skills, w.rating_count as "ratingCount", w.rating_sum as "ratingSum", w.jobs_done as "jobsDone"
        from leads l join offers o on o.id = l.offer_id left join workers w on w.contact_id = l.worker_contact_id
        where l.employer_contact_id = c.id and l.interested_at > ${since}::timestamptz
        order by l.interested_at desc limit 60) x), '[]'::json) as leads
    from contacts c where c.id = any(${ids}::bigint[])`);
  const codes = [...new Set(needs.flatMap((n) => n.codes))];
  const jobIds = [...new Set(needs.flatMap((n) => n.jobIds))];
  const linked =
    codes.length === 0 && jobIds.length === 0
      ? []
      : (
          (await tx.execute(sql`select ${jobObjectSql} as job from jobs j left join employers e on e.contact_id = j.employer_contact_id
            where j.code = any(${sql.param(codes)}::text[]) or j.id = any(${sql.param(jobIds)}::bigint[])`)) as unknown as { rows: { job: JobRow }[] }
        ).rows.map((row) => jobCardOf(row.job));
  for (const row of (result as unknown as { rows: MarketRow[] }).rows) {
    const contactId = Number(row.contactId);
    const need = needs.find((n) => n.contactId === contactId);
    markets.set(contactId, {
      offers: row.offers.map((o) => ({ ...o, id: Number(o.id), job: jobCardOf(o.job), lead: o.lead && { ...o.lead, id: Number(o.lead.id) } })),
      jobs: row.jobs.map((j) => ({ ...jobCardOf(j), interested: Number(j.interested), unlocked: Number(j.unlocked), waiting: Number(j.waiting), closedReason: j.closedReason, stillOpenAskedAt: j.stillOpenAskedAt })),
      leads: row.leads.map(({ workerName, skills, ratingCount, ratingSum, jobsDone, ...l }) => ({
        ...l,
        id: Number(l.id),
        jobId: Number(l.jobId),
        worker: {
          initial: workerName ? initialOf(workerName) : '?',
          skills: skills ?? [],
          ratingCount: ratingCount ?? 0,
          ratingSum: ratingSum ?? 0,
          jobsDone: jobsDone ?? 0,
          // The name only once this employer has unlocked the worker; the number never enters a turn.
          name: l.status === 'unlocked' ? workerName : null,
        },
      })),
      linked: linked.filter((job) => need?.codes.includes(job.code) || need?.jobIds.includes(job.id)),
    });
  }
  return markets;
}
