// The marketplace in the chat: answering offer cards, a worker's offers, an employer's jobs and candidates,
// cancelling, "still open?", ratings and share links. Pure like the rest of the engine: it reads the market the
// processor loaded (context.market) and returns replies and effects.
import { emptyMarket, type JobCard, type LeadView, type MarketContext, type OfferView } from './market-view.js';
import { actionId, shareLink, type MarketAction } from './market-actions.js';
import { formatInstant, jobDate, jobTimes, leadCard, linkCard, offerCard, priceOf, ratingQuestion, shortRecordOf, formatKm } from '../../marketplace/cards.js';
import type { Engine } from './engine.js';
import type { Turn } from './turn.js';
import { money } from './params.js';

const HOUR_MS = 3_600_000;
const market = (turn: Turn): MarketContext => turn.context.market ?? emptyMarket();
const timeOf = (iso: string) => Date.parse(iso);

/** An offer the worker can still answer: waiting, within its deadline, its job open. */
export const isWaiting = (offer: OfferView, now: Date) => offer.status === 'sent' && timeOf(offer.expiresAt) > now.getTime() && offer.job.status === 'open';
const isOpenInterest = (offer: OfferView) => offer.status === 'interested' && offer.job.status === 'open';

/** A lead the employer can still unlock: not withdrawn or closed, interest fresh, job open. */
function leadState(turn: Turn, lead: LeadView, job: JobCard | undefined): 'for_sale' | 'unlocked' | 'expired' | 'withdrawn' | 'closed' {
  if (lead.status === 'unlocked') return 'unlocked';
  if (lead.status === 'withdrawn') return 'withdrawn';
  if (lead.status === 'closed' || job?.status !== 'open') return 'closed';
  return timeOf(lead.interestedAt) + turn.context.settings.leadFreshHours * HOUR_MS > turn.context.now.getTime() ? 'for_sale' : 'expired';
}

function menuButton(turn: Turn, body: string): void {
  turn.buttons(body, [{ id: 'cmd.menu', label: 'button.menu' }]);
}

export function handleMarketAction(engine: Engine, action: MarketAction): void {
  switch (action.kind) {
    case 'offer':
      return answerOffer(engine, action.id, action.verb);
    case 'link':
      return answerLinkCard(engine, action.id, action.verb);
    case 'lead':
      return leadAction(engine, action.id, action.verb);
    case 'job':
      return jobAction(engine, action.id, action.verb);
    case 'rate':
      return rateAction(engine, action);
  }
}

// ---------------------------------------------------------------------------------------------- workers

function offerParams(offer: OfferView, turn: Turn) {
  return { title: offer.job.title, businessName: offer.job.businessName, date: jobDate(offer.job, turn.locale), deadline: formatInstant(new Date(offer.expiresAt), turn.context.timeZone, turn.locale) };
}

function answerOffer(engine: Engine, offerId: number, verb: 'yes' | 'no' | 'withdraw' | 'show' | 'share'): void {
  const { turn } = engine;
  const offer = market(turn).offers.find((o) => o.id === offerId);
  if (!offer) return menuButton(turn, turn.t('offer.not_found'));
  const params = offerParams(offer, turn);
  const now = turn.context.now;
  const unlocked = offer.lead?.status === 'unlocked';
  switch (verb) {
    case 'share': {
      const { displayPhoneNumber } = turn.context.settings;
      if (offer.job.status !== 'open') return menuButton(turn, turn.t('offer.job_closed', params));
      if (!displayPhoneNumber) return menuButton(turn, turn.t('offer.share_unavailable'));
      return turn.say('offer.share', { ...params, link: shareLink(displayPhoneNumber, offer.job.code, turn.context.contactId) });
    }
    case 'show':
      return showOffer(turn, offer);
    case 'yes':
      if (offer.job.status !== 'open') return menuButton(turn, turn.t('offer.job_closed', params));
      if (offer.status === 'interested') return withdrawable(turn, offer, turn.t(unlocked ? 'offer.unlocked_already' : 'offer.already_interested', params));
      if (timeOf(offer.expiresAt) <= now.getTime()) return menuButton(turn, turn.t('offer.expired', params));
      turn.effect({ type: 'answer_offer', offerId, answer: 'interested' });
      return turn.say('offer.interested', params);
    case 'no':
    case 'withdraw':
      if (unlocked) return menuButton(turn, turn.t('offer.unlocked_already', params));
      if (offer.status === 'interested') {
        turn.effect({ type: 'withdraw_interest', offerId });
        return turn.say('offer.withdrawn', params);
      }
      if (offer.status === 'sent' && verb === 'no') turn.effect({ type: 'answer_offer', offerId, answer: 'declined' });
      return turn.say('offer.declined');
  }
}

/** "You said yes", with a way to take it back while it is not unlocked. */
function withdrawable(turn: Turn, offer: OfferView, body: string): void {
  // An offer made by this very turn (from a share link) has no id to withdraw yet.
  if (offer.lead?.status === 'unlocked' || offer.job.status !== 'open' || offer.id <= 0) return menuButton(turn, body);
  turn.buttons(body, [
    { id: actionId('offer', offer.id, 'withdraw'), label: 'button.withdraw' },
    { id: 'cmd.menu', label: 'button.menu' },
  ]);
}

/** An offer again, as it stands now. */
function showOffer(turn: Turn, offer: OfferView): void {
  const params = offerParams(offer, turn);
  if (offer.job.status !== 'open') return menuButton(turn, turn.t('offer.job_closed', params));
  if (offer.status === 'interested') return withdrawable(turn, offer, turn.t(offer.lead?.status === 'unlocked' ? 'offer.unlocked_already' : 'offer.already_interested', params));
  // Past its deadline, an offer not said yes to can no longer be answered, whatever its state.
  if (timeOf(offer.expiresAt) <= turn.context.now.getTime()) return menuButton(turn, turn.t('offer.expired', params));
  if (offer.source === 'link' && offer.status !== 'sent') return turn.reply(linkCard(turn.locale, offer.job));
  turn.reply(offerCard(turn.locale, { id: offer.id, distanceKm: offer.distanceKm, fit: offer.fit, expiresAt: new Date(offer.expiresAt) }, offer.job, turn.context.timeZone));
}

/** "my offers" (and "find jobs": jobs come to the worker, and these are the open ones). */
export function listOffers(engine: Engine, lead?: string): void {
  const { turn } = engine;
  const { worker, now } = turn.context;
  if (!worker) return engine.menu(turn.t(turn.state.role === 'employer' ? 'only.workers' : 'only.profile'));
  const open = market(turn).offers.filter((o) => isWaiting(o, now) || isOpenInterest(o)).slice(0, 10);
  const notes = [lead, worker.paused ? turn.t('offers.paused_note') : undefined].filter((n): n is string => n !== undefined);
  if (open.length === 0) return menuButton(turn, [...notes, turn.t('offers.none')].join('\n'));
  turn.list(
    [...notes, turn.t('offers.list')].join('\n'),
    open.map((o) => ({
      id: actionId('offer', o.id, 'show'),
      title: o.job.title,
      description: `${jobDate(o.job, turn.locale)} ${jobTimes(o.job)} - ${turn.t(o.status === 'interested' ? 'offers.row_interested' : 'offers.row_waiting')}`,
    })),
  );
}

/** A typed "yes" or "no" with no question pending: the answer to the one offer waiting, if exactly one is. */
export function answerTypedToOffer(engine: Engine, answer: 'yes' | 'no'): boolean {
  const { turn } = engine;
  if (!turn.context.worker) return false;
  const waiting = market(turn).offers.filter((o) => isWaiting(o, turn.context.now));
  if (waiting.length !== 1) return false;
  answerOffer(engine, waiting[0]!.id, answer);
  return true;
}

// ---------------------------------------------------------------------------------------------- share links

/** "JOB <code>": the job, for a worker to answer; a newcomer onboards first and sees it after. */
export function openSharedJob(engine: Engine, share: { code: string; referrer: number | null }): void {
  const { turn } = engine;
  const job = market(turn).linked.find((j) => j.code === share.code);
  if (!job) return engine.menu(turn.t('link.not_found'));
  const { state, context } = turn;
  if (job.employerContactId === context.contactId || context.employer || state.role === 'employer') {
    if (job.employerContactId === context.contactId) return showJob(engine, job.id);
    return engine.menu(turn.t('link.for_workers', { title: job.title }));
  }
  const existing = market(turn).offers.find((o) => o.job.id === job.id);
  if (context.worker) {
    turn.effect({ type: 'record_referral', jobId: job.id, referrerContactId: share.referrer });
    if (existing) return showOffer(turn, existing);
    if (job.status !== 'open') return menuButton(turn, turn.t('offer.job_closed', { title: job.title }));
    return turn.reply(linkCard(turn.locale, job));
  }
  if (job.status !== 'open') return engine.menu(turn.t('offer.job_closed', { title: job.title }));
  // No worker profile yet: the job waits for one (and who shared it is recorded with their answer to it).
  turn.state = { ...turn.state, pendingJob: { code: job.code, referrer: share.referrer } };
  const registered = state.consent === 'given' && state.role !== null;
  if (registered && engine.repeat(turn.t('link.after_profile', { title: job.title }))) return;
  if (registered) return engine.start('worker_onboarding');
  engine.startFlow('welcome', {}, undefined, turn.t('link.onboard_first', { title: job.title, businessName: job.businessName }));
}

/** After a new worker profile is saved: the job whose link brought them, if one is waiting. */
export function showPendingJob(turn: Turn): void {
  const pending = turn.state.pendingJob;
  if (!pending) return;
  turn.state = { ...turn.state, pendingJob: null };
  const job = market(turn).linked.find((j) => j.code === pending.code);
  if (!job) return;
  // Signed up now: who shared the link is recorded (nothing was before they agreed to the privacy notice).
  turn.effect({ type: 'record_referral', jobId: job.id, referrerContactId: pending.referrer });
  if (job.status !== 'open') return turn.say('offer.job_closed', { title: job.title });
  turn.reply(linkCard(turn.locale, job));
}

function answerLinkCard(engine: Engine, jobId: number, verb: 'yes' | 'no'): void {
  const { turn } = engine;
  const existing = market(turn).offers.find((o) => o.job.id === jobId);
  if (existing) return answerOffer(engine, existing.id, verb);
  const job = market(turn).linked.find((j) => j.id === jobId);
  if (!job) return menuButton(turn, turn.t('offer.not_found'));
  if (!turn.context.worker) return engine.menu(turn.t('offer.need_profile'));
  if (job.employerContactId === turn.context.contactId) return menuButton(turn, turn.t('offer.own_job'));
  if (job.status !== 'open') return menuButton(turn, turn.t('offer.job_closed', { title: job.title }));
  turn.effect({ type: 'answer_link', jobId, answer: verb === 'yes' ? 'interested' : 'declined', referrerContactId: null });
  if (verb === 'yes') return turn.say('offer.interested', { businessName: job.businessName });
  turn.say('offer.declined');
}

// ---------------------------------------------------------------------------------------------- employers

function jobParams(job: JobCard, turn: Turn) {
  return { title: job.title, date: jobDate(job, turn.locale) };
}

const ownJob = (turn: Turn, jobId: number) => market(turn).jobs.find((j) => j.id === jobId);

/** "my jobs": the open ones first, then those closed lately. */
export function listJobs(engine: Engine, _lead?: string): void {
  const { turn } = engine;
  if (!turn.context.employer) return engine.menu(turn.t(turn.state.role === 'worker' ? 'only.employers' : 'only.profile'));
  const jobs = [...market(turn).jobs].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open')).slice(0, 10);
  if (jobs.length === 0) {
    return turn.buttons(turn.t('jobs.none'), [
      { id: 'cmd.post_job', label: 'button.post_job' },
      { id: 'cmd.menu', label: 'button.menu' },
    ]);
  }
  turn.list(
    turn.t('jobs.list'),
    jobs.map((j) => ({
      id: actionId('job', j.id, 'show'),
      title: j.title,
      description: j.status === 'open' ? turn.t('jobs.row', { date: jobDate(j, turn.locale), times: jobTimes(j), interested: j.interested }) : turn.t(`job.status_${j.status}`),
    })),
  );
}

function showJob(engine: Engine, jobId: number): void {
  const { turn } = engine;
  const job = ownJob(turn, jobId);
  if (!job) return menuButton(turn, turn.t('job.not_found'));
  const { displayPhoneNumber } = turn.context.settings;
  const body = turn.t('job.detail', {
    ...jobParams(job, turn),
    times: jobTimes(job),
    pay: money(job.payCents / 100, job.currency, turn.locale),
    headcount: job.headcount === 1 ? turn.t('job.one_worker') : turn.t('job.workers', { count: job.headcount }),
    status: turn.t(`job.status_${job.status}`),
    interested: job.interested,
    unlocked: job.unlocked,
    waiting: job.waiting,
    share: job.status === 'open' && displayPhoneNumber ? turn.t('job.detail_share', { link: shareLink(displayPhoneNumber, job.code) }) : '',
  });
  if (job.status !== 'open') return menuButton(turn, body);
  turn.buttons(body, [
    { id: actionId('job', job.id, 'leads'), label: 'button.candidates' },
    { id: actionId('job', job.id, 'cancel'), label: 'button.cancel_job' },
    { id: 'cmd.menu', label: 'button.menu' },
  ]);
}

function jobAction(engine: Engine, jobId: number, verb: 'show' | 'leads' | 'cancel' | 'cancel_yes' | 'keep' | 'close'): void {
  const { turn } = engine;
  if (verb === 'show') return showJob(engine, jobId);
  if (verb === 'leads') return listLeads(engine, jobId);
  const job = ownJob(turn, jobId);
  if (!job) return menuButton(turn, turn.t('job.not_found'));
  const params = jobParams(job, turn);
  if (job.status !== 'open') return menuButton(turn, turn.t('job.not_open', params));
  switch (verb) {
    case 'cancel':
      return turn.buttons(turn.t('job.cancel_confirm', params), [
        { id: actionId('job', job.id, 'cancel_yes'), label: 'button.yes_cancel' },
        { id: actionId('job', job.id, 'show'), label: 'button.keep_it' },
      ]);
    case 'cancel_yes':
      turn.effect({ type: 'close_job', jobId });
      return menuButton(turn, turn.t('job.cancelled_done', { ...params, count: job.interested }));
    case 'close':
      turn.effect({ type: 'close_job', jobId });
      return menuButton(turn, turn.t('job.closed_done', params));
    case 'keep':
      turn.effect({ type: 'keep_job_open', jobId });
      return menuButton(turn, turn.t('job.kept', params));
  }
}

/** "candidates": one job's at once; with several jobs that have some, the job first. */
export function listCandidates(engine: Engine, _lead?: string): void {
  const { turn } = engine;
  if (!turn.context.employer) return engine.menu(turn.t(turn.state.role === 'worker' ? 'only.employers' : 'only.profile'));
  const open = market(turn).jobs.filter((j) => j.status === 'open');
  const withLeads = open.filter((j) => market(turn).leads.some((l) => l.jobId === j.id && ['for_sale', 'unlocked'].includes(leadState(turn, l, j))));
  if (withLeads.length === 1) return listLeads(engine, withLeads[0]!.id);
  if (withLeads.length === 0) {
    if (open.length === 1) return listLeads(engine, open[0]!.id);
    return listJobs(engine);
  }
  turn.list(
    turn.t('candidates.pick_job'),
    withLeads.slice(0, 10).map((j) => ({ id: actionId('job', j.id, 'leads'), title: j.title, description: `${jobDate(j, turn.locale)} ${jobTimes(j)}` })),
  );
}

function listLeads(engine: Engine, jobId: number): void {
  const { turn } = engine;
  const job = ownJob(turn, jobId);
  if (!job) return menuButton(turn, turn.t('job.not_found'));
  const leads = market(turn)
    .leads.filter((l) => l.jobId === jobId && ['for_sale', 'unlocked'].includes(leadState(turn, l, job)))
    .slice(0, 10);
  if (leads.length === 0) return menuButton(turn, turn.t('candidates.none', { title: job.title }));
  turn.list(
    turn.t('candidates.list', { title: job.title }),
    leads.map((l) => ({
      id: actionId('lead', l.id, 'show'),
      title: `${l.worker.name ?? l.worker.initial} - ${formatKm(l.distanceKm, turn.locale)}`,
      description: shortRecordOf(l.worker, turn.locale),
    })),
  );
}

function leadAction(engine: Engine, leadId: number, verb: 'unlock' | 'skip' | 'show'): void {
  const { turn } = engine;
  const lead = market(turn).leads.find((l) => l.id === leadId);
  const job = lead && ownJob(turn, lead.jobId);
  if (!lead || !job) return menuButton(turn, turn.t('lead.not_found'));
  const state = leadState(turn, lead, job);
  const params = { ...jobParams(job, turn), initial: lead.worker.initial, hours: turn.context.settings.leadFreshHours };
  if (state === 'withdrawn') return menuButton(turn, turn.t('lead.withdrawn', params));
  if (state === 'closed') return menuButton(turn, turn.t('lead.job_closed', params));
  if (state === 'unlocked') return menuButton(turn, turn.t('lead.unlocked_already'));
  if (state === 'expired') return menuButton(turn, turn.t('lead.expired', params));
  switch (verb) {
    case 'show':
      return turn.reply(leadCard(turn.locale, { ...lead, worker: lead.worker }, job, true));
    case 'skip':
      if (lead.status === 'offered') turn.effect({ type: 'skip_lead', leadId });
      return menuButton(turn, turn.t('lead.skipped', params));
    case 'unlock': {
      // Paying for a lead comes with the payments release; until then the card says so, and keeps the lead.
      const until = formatInstant(new Date(timeOf(lead.interestedAt) + turn.context.settings.leadFreshHours * HOUR_MS), turn.context.timeZone, turn.locale);
      return menuButton(turn, turn.t('lead.unlock_unavailable', { initial: lead.worker.initial, until, price: priceOf(lead.priceCents, lead.currency, turn.locale) }));
    }
  }
}

// ---------------------------------------------------------------------------------------------- ratings

function rateAction(engine: Engine, action: Extract<MarketAction, { kind: 'rate' }>): void {
  const { turn } = engine;
  const target =
    action.direction === 'of_worker'
      ? (() => {
          const lead = market(turn).leads.find((l) => l.id === action.id);
          const job = lead && ownJob(turn, lead.jobId);
          return lead && job && { unlocked: lead.status === 'unlocked', asked: lead.ratingAsked, rated: lead.rated, job, name: lead.worker.name ?? lead.worker.initial };
        })()
      : (() => {
          const offer = market(turn).offers.find((o) => o.lead?.id === action.id);
          return offer?.lead && { unlocked: offer.lead.status === 'unlocked', asked: offer.lead.ratingAsked, rated: offer.lead.rated, job: offer.job, name: offer.job.businessName };
        })();
  if (!target || !target.unlocked) return menuButton(turn, turn.t('rate.not_found'));
  if (target.rated) return menuButton(turn, turn.t('rate.already'));
  if (!target.asked) return menuButton(turn, turn.t('rate.not_yet'));
  const params = { ...jobParams(target.job, turn), name: target.name, businessName: target.job.businessName };
  if (action.value === 'ask') {
    const body = turn.t(action.direction === 'of_worker' ? 'rate.ask_worker' : 'rate.ask_employer', params);
    return turn.reply(ratingQuestion(turn.locale, action.direction, action.id, body));
  }
  const noShow = action.value === 'no_show';
  turn.effect({ type: 'rate', leadId: action.id, direction: action.direction, stars: action.value === 'no_show' ? null : action.value, noShow });
  menuButton(turn, turn.t(noShow ? 'rate.no_show_noted' : 'rate.thanks'));
}
