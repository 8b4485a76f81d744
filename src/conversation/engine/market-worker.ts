// A worker in the marketplace chat: answering offer cards, their open offers, and jobs opened by share links.
import { formatInstant, jobDate, jobTimes, linkCard, offerCard } from '../../marketplace/cards.js';
import type { Engine } from './engine.js';
import { actionId, shareLink } from './market-actions.js';
import { market, menuButton, timeOf } from './market-common.js';
import { showJob } from './market-employer.js';
import type { OfferView } from './market-view.js';
import type { Turn } from './turn.js';

/** An offer the worker can still answer: waiting, within its deadline, its job open. */
export const isWaiting = (offer: OfferView, now: Date) => offer.status === 'sent' && timeOf(offer.expiresAt) > now.getTime() && offer.job.status === 'open';
const isOpenInterest = (offer: OfferView) => offer.status === 'interested' && offer.job.status === 'open';

function offerParams(offer: OfferView, turn: Turn) {
  return { title: offer.job.title, businessName: offer.job.businessName, date: jobDate(offer.job, turn.locale), deadline: formatInstant(new Date(offer.expiresAt), turn.context.timeZone, turn.locale) };
}

export function answerOffer(engine: Engine, offerId: number, verb: 'yes' | 'no' | 'withdraw' | 'show' | 'share'): void {
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

export function answerLinkCard(engine: Engine, jobId: number, verb: 'yes' | 'no'): void {
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

