// The marketplace's messages as WhatsApp shows them, in the reader's language: an offer card for a worker, a
// candidate card for an employer, the clock's notices. Pure: data and a locale in, a channel-neutral message out,
// each with the approved template that goes instead outside the 24-hour window.
import { render, type TemplateKey, type TemplateParams } from '../../templates/index.js';
import { templateLanguage, whatsappTemplates, type WhatsAppTemplateId } from '../../templates/whatsapp-templates.js';
import { formatAvailability } from '../conversation/answers/availability.js';
import { formatLocalDate, localTimeOf, todayIn } from '../conversation/answers/date-time.js';
import { catalogueTitles } from '../conversation/engine/catalogues.js';
import { actionId, rateId } from '../conversation/engine/market-actions.js';
import type { CandidateView, Fit, JobCard } from '../conversation/engine/market-view.js';
import { money } from '../conversation/engine/params.js';
import type { Locale } from '../conversation/engine/state.js';
import type { OutboundMessageInput } from '../whatsapp/outbound-message.js';

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function formatKm(km: number, locale: Locale): string {
  const value = km < 10 ? Math.round(km * 10) / 10 : Math.round(km);
  return `${value.toLocaleString(locale === 'es' ? 'es-ES' : 'en-GB')} km`;
}

export const priceOf = (cents: number, currency: string, locale: Locale) => money(cents / 100, currency, locale);

/** "Sat 6 Dec, 22:00" in a zone. */
export function formatInstant(instant: Date, timeZone: string, locale: Locale): string {
  return `${formatLocalDate(todayIn(instant, timeZone), locale)}, ${localTimeOf(instant, timeZone)}`;
}

export const jobDate = (job: Pick<JobCard, 'localDate'>, locale: Locale) => formatLocalDate(job.localDate, locale);
export const jobTimes = (job: Pick<JobCard, 'from' | 'to'>) => `${job.from}-${job.to}`;

/** The worker's free hours that day: "Sat 10:00-16:00". */
const slotOf = (fit: Fit, locale: Locale) => formatAvailability([{ days: [fit.day], from: fit.from, to: fit.to }], locale);

/** "M." - the first initial of a worker's name: all an employer sees of it before unlocking. */
export function initialOf(name: string): string {
  const first = [...name.trim()][0];
  return first ? `${first.toUpperCase()}.` : '?';
}

/** A rating mean with the prior left out: what the worker's raters gave, to one decimal. */
const meanStars = (c: Pick<CandidateView, 'ratingCount' | 'ratingSum'>) => Math.round((c.ratingSum / c.ratingCount) * 10) / 10;

export function recordOf(candidate: Pick<CandidateView, 'ratingCount' | 'ratingSum' | 'jobsDone'>, locale: Locale): string {
  if (candidate.ratingCount === 0) return render(locale, 'lead.record_new');
  return render(locale, 'lead.record_rated', { stars: meanStars(candidate).toLocaleString(locale === 'es' ? 'es-ES' : 'en-GB'), count: candidate.ratingCount, jobs: candidate.jobsDone });
}

export function shortRecordOf(candidate: Pick<CandidateView, 'ratingCount' | 'ratingSum'>, locale: Locale): string {
  if (candidate.ratingCount === 0) return render(locale, 'candidates.row_new');
  return render(locale, 'candidates.row_rated', { stars: meanStars(candidate).toLocaleString(locale === 'es' ? 'es-ES' : 'en-GB') });
}

/** The approved template for a message, with its quick replies' payloads in the order the template declares them. */
export function fallback(id: WhatsAppTemplateId, locale: Locale, params: readonly string[], payloads: readonly string[] = []) {
  const template = whatsappTemplates[id];
  const titles: readonly string[] = 'buttons' in template ? template.buttons[locale] : [];
  return {
    type: 'template' as const,
    name: template.name,
    language: templateLanguage[locale],
    params: params.map((p) => clip(p, 200)),
    ...(titles.length > 0 ? { quickReplies: titles.map((title, i) => ({ payload: payloads[i] ?? title, title })) } : {}),
  };
}

const buttons = (locale: Locale, body: string, list: readonly { id: string; label: TemplateKey }[]) => ({
  type: 'buttons' as const,
  body: clip(body, 1024),
  buttons: list.slice(0, 3).map((b) => ({ id: b.id, title: clip(render(locale, b.label), 20) })),
});

export interface OfferCardData {
  id: number;
  distanceKm: number;
  fit: Fit | null;
  expiresAt: Date;
}

/** A job offered to a worker: why they got it, and until when they can answer. */
export function offerCard(locale: Locale, offer: OfferCardData, job: JobCard, timeZone: string): OutboundMessageInput {
  const distance = formatKm(offer.distanceKm, locale);
  const skill = catalogueTitles('skills', [job.skill], locale);
  const why = offer.fit ? render(locale, 'offer.why', { slot: slotOf(offer.fit, locale), distance, skill }) : `${distance}, ${skill}`;
  const params: TemplateParams = {
    distance,
    title: job.title,
    businessName: job.businessName,
    date: jobDate(job, locale),
    times: jobTimes(job),
    pay: money(job.payCents / 100, job.currency, locale),
    why,
    deadline: formatInstant(offer.expiresAt, timeZone, locale),
  };
  const yes = actionId('offer', offer.id, 'yes');
  const no = actionId('offer', offer.id, 'no');
  return {
    ...buttons(locale, render(locale, 'offer.card', params), [
      { id: yes, label: 'button.interested' },
      { id: no, label: 'button.not_for_me' },
      { id: actionId('offer', offer.id, 'share'), label: 'button.share' },
    ]),
    fallbackTemplate: fallback('job_offer', locale, [job.title, job.businessName, `${params.date} ${params.times}`, String(params.pay), distance], [yes, no]),
  };
}

/** A job opened through its share link: no offer yet, and no "why you" (nobody matched them to it). */
export function linkCard(locale: Locale, job: JobCard): OutboundMessageInput {
  return buttons(
    locale,
    render(locale, 'offer.card_link', {
      title: job.title,
      businessName: job.businessName,
      date: jobDate(job, locale),
      times: jobTimes(job),
      pay: money(job.payCents / 100, job.currency, locale),
      place: job.areaLabel,
      details: job.description ? `\n${job.description}` : '',
    }),
    [
      { id: actionId('link', job.id, 'yes'), label: 'button.interested' },
      { id: actionId('link', job.id, 'no'), label: 'button.not_for_me' },
    ],
  );
}

export interface LeadCardData {
  id: number;
  distanceKm: number;
  fit: Fit | null;
  priceCents: number;
  currency: string;
  worker: Pick<CandidateView, 'initial' | 'skills' | 'ratingCount' | 'ratingSum' | 'jobsDone'>;
}

/** A worker who said yes, as their employer sees them before unlocking: never a name or a number. */
export function leadCard(locale: Locale, lead: LeadCardData, job: JobCard, again = false): OutboundMessageInput {
  const distance = formatKm(lead.distanceKm, locale);
  const skills = catalogueTitles('skills', lead.worker.skills, locale);
  const body = render(locale, again ? 'lead.card_again' : 'lead.card', {
    title: job.title,
    date: jobDate(job, locale),
    initial: lead.worker.initial,
    skills,
    distance,
    record: recordOf(lead.worker, locale),
    why: lead.fit ? render(locale, 'lead.why', { slot: slotOf(lead.fit, locale), distance }) : distance,
    price: priceOf(lead.priceCents, lead.currency, locale),
  });
  const unlock = actionId('lead', lead.id, 'unlock');
  return {
    ...buttons(locale, body, [
      { id: unlock, label: 'button.unlock' },
      { id: actionId('lead', lead.id, 'skip'), label: 'button.skip' },
    ]),
    fallbackTemplate: fallback('new_candidate', locale, [job.title, jobDate(job, locale), `${lead.worker.initial} ${skills}`, distance], [unlock]),
  };
}

/** A notice in plain text, with its template for a closed window. */
export function notice(locale: Locale, key: TemplateKey, params: TemplateParams, template: { id: WhatsAppTemplateId; params: readonly string[] }): OutboundMessageInput {
  return { type: 'text', text: clip(render(locale, key, params), 4096), fallbackTemplate: fallback(template.id, locale, template.params) };
}

/** "Is it still open?" to the employer of a job open for a while. */
export function stillOpenQuestion(locale: Locale, job: JobCard, days: number, replyHours: number): OutboundMessageInput {
  const keep = actionId('job', job.id, 'keep');
  const close = actionId('job', job.id, 'close');
  return {
    ...buttons(locale, render(locale, 'notice.still_open', { title: job.title, date: jobDate(job, locale), days }), [
      { id: keep, label: 'button.still_open' },
      { id: close, label: 'button.close_it' },
    ]),
    fallbackTemplate: fallback('still_open', locale, [job.title, jobDate(job, locale), String(replyHours)], [keep, close]),
  };
}

/** After a shift: a 1-5 list (and, for the employer, "did not show up"). */
export function ratingQuestion(locale: Locale, direction: 'of_worker' | 'of_employer', leadId: number, body: string): OutboundMessageInput {
  const rows = ([5, 4, 3, 2, 1] as const).map((stars) => ({ id: rateId(direction, leadId, stars), title: render(locale, `rate.${stars}`) }));
  if (direction === 'of_worker') rows.push({ id: rateId(direction, leadId, 'no_show'), title: render(locale, 'rate.no_show') });
  return { type: 'list', body: clip(body, 1024), button: clip(render(locale, 'list.button'), 20), sections: [{ rows }] };
}

/** The rating question as the clock sends it: the list inside the window, else a template whose button asks it again. */
export function ratingPrompt(locale: Locale, direction: 'of_worker' | 'of_employer', leadId: number, body: string, job: JobCard): OutboundMessageInput {
  return { ...ratingQuestion(locale, direction, leadId, body), fallbackTemplate: fallback('rate_shift', locale, [job.title, jobDate(job, locale)], [rateId(direction, leadId, 'ask')]) } as OutboundMessageInput;
}
