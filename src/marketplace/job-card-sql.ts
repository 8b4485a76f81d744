// A job as cards show it, read in SQL (jobs j left join employers e) and mapped to the engine's JobCard.
import { sql } from 'drizzle-orm';
import { localTimeOf } from '../conversation/answers/date-time.js';
import type { JobCard } from '../conversation/engine/market-view.js';

/** json of the job `j` and its employer's business `e`, as JobRow. */
export const jobObjectSql = sql`json_build_object('id', j.id, 'code', j.code, 'employerContactId', j.employer_contact_id,
  'businessName', coalesce(e.business_name, ''), 'title', j.title, 'skill', j.skill, 'localDate', j.local_date, 'timeZone', j.time_zone,
  'startsAt', j.starts_at, 'endsAt', j.ends_at, 'payCents', j.pay_cents, 'currency', j.currency, 'headcount', j.headcount,
  'areaLabel', j.area_label, 'description', j.description, 'status', j.status)`;

export interface JobRow extends Omit<JobCard, 'from' | 'to' | 'startsAt'> {
  timeZone: string;
  startsAt: string;
  endsAt: string;
}

export function jobCardOf(row: JobRow): JobCard {
  const { timeZone, endsAt, ...rest } = row;
  return {
    ...rest,
    id: Number(row.id),
    employerContactId: Number(row.employerContactId),
    startsAt: new Date(row.startsAt).toISOString(),
    from: localTimeOf(new Date(row.startsAt), timeZone),
    to: localTimeOf(new Date(endsAt), timeZone),
  };
}
