// Posting a job: its summary, and the job the confirmed answers make (code, instants in UTC, place).
import { createHash } from 'node:crypto';
import { render } from '../../../templates/index.js';
import { formatLocalDate, toUtcInstant } from '../answers/date-time.js';
import { catalogueTitles } from './catalogues.js';
import { CODE_ALPHABET } from './market-actions.js';
import { newJobSchema, type EngineContext, type NewJob } from './context.js';
import { money } from './params.js';
import type { Locale } from './state.js';

type Answers = Readonly<Record<string, unknown>>;

/**
 * A job's share code, from the message that posted it: the same turn retried makes the same code, and no
 * random source enters the engine. Six characters of 31 give ~887 million codes; the column is unique.
 */
export function jobCode(messageId: string): string {
  const digest = createHash('sha256').update(`job:${messageId}`).digest();
  return Array.from(digest.subarray(0, 6), (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}

const placeOf = (answers: Answers, context: EngineContext) =>
  answers.placeChoice === 'business' ? context.employer?.location : (answers.place as NewJob['location'] | undefined);

function nextDay(date: string): string {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

export function jobSummary(answers: Answers, context: EngineContext, locale: Locale): string {
  const times = answers.times as { from?: string; to?: string } | undefined;
  const headcount = typeof answers.headcount === 'number' ? answers.headcount : null;
  const description = typeof answers.description === 'string' ? answers.description : null;
  return render(locale, 'job.summary_body', {
    title: typeof answers.title === 'string' ? answers.title : '-',
    skill: catalogueTitles('skills', answers.skill, locale) || '-',
    date: typeof answers.date === 'string' ? formatLocalDate(answers.date, locale) : '-',
    times: times?.from && times.to ? `${times.from}-${times.to}` : '-',
    pay: typeof answers.pay === 'number' ? money(answers.pay, context.settings.currency, locale) : '-',
    headcount: headcount === null ? '-' : headcount === 1 ? render(locale, 'job.one_worker') : render(locale, 'job.workers', { count: headcount }),
    place: placeOf(answers, context)?.label ?? '-',
    details: description ? `\n${description}` : '',
  });
}

/** The job the answers describe, or the step to ask again (an answer missing, or a start already past). */
export function jobOf(answers: Answers, context: EngineContext): { ok: true; job: NewJob } | { ok: false; step: string; pastStart?: boolean } {
  const times = answers.times as { from: string; to: string } | undefined;
  if (typeof answers.date !== 'string') return { ok: false, step: 'date' };
  if (!times) return { ok: false, step: 'times' };
  const zone = context.timeZone;
  const startsAt = toUtcInstant(answers.date, times.from, zone);
  // A shift that ends at or before its start time ends the next day.
  const endDate = times.to <= times.from ? nextDay(answers.date) : answers.date;
  const endsAt = toUtcInstant(endDate, times.to, zone);
  if (startsAt.getTime() <= context.now.getTime()) return { ok: false, step: 'date', pastStart: true };
  const job = newJobSchema.safeParse({
    code: jobCode(context.messageId),
    title: answers.title,
    skill: answers.skill,
    localDate: answers.date,
    timeZone: zone,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    payCents: typeof answers.pay === 'number' ? Math.round(answers.pay * 100) : undefined,
    currency: context.settings.currency,
    headcount: answers.headcount,
    location: placeOf(answers, context),
    description: typeof answers.description === 'string' ? answers.description : null,
  });
  if (job.success) return { ok: true, job: job.data };
  const field = String(job.error.issues[0]?.path[0]);
  const steps: Record<string, string> = { title: 'title', skill: 'skill', payCents: 'pay', headcount: 'headcount', location: 'place', description: 'description' };
  return { ok: false, step: steps[field] ?? 'title' };
}
