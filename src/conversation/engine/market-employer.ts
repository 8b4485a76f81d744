// An employer in the marketplace chat: their jobs, cancelling, "still open?", and their candidates (leads).
import { formatInstant, formatKm, jobDate, jobTimes, leadCard, priceOf, shortRecordOf } from '../../marketplace/cards.js';
import type { Engine } from './engine.js';
import { actionId, shareLink } from './market-actions.js';
import { HOUR_MS, market, menuButton, timeOf } from './market-common.js';
import type { JobCard, LeadView } from './market-view.js';
import { money } from './params.js';
import type { Turn } from './turn.js';

/** A lead the employer can still unlock: not withdrawn or closed, interest fresh, job open. */
function leadState(turn: Turn, lead: LeadView, job: JobCard | undefined): 'for_sale' | 'unlocked' | 'expired' | 'withdrawn' | 'closed' {
  if (lead.status === 'unlocked') return 'unlocked';
  if (lead.status === 'withdrawn') return 'withdrawn';
  if (lead.status === 'closed' || job?.status !== 'open') return 'closed';
  return timeOf(lead.interestedAt) + turn.context.settings.leadFreshHours * HOUR_MS > turn.context.now.getTime() ? 'for_sale' : 'expired';
}

export function jobParams(job: JobCard, turn: Turn) {
  return { title: job.title, date: jobDate(job, turn.locale) };
}

export const ownJob = (turn: Turn, jobId: number) => market(turn).jobs.find((j) => j.id === jobId);

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

export function showJob(engine: Engine, jobId: number): void {
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

export function jobAction(engine: Engine, jobId: number, verb: 'show' | 'leads' | 'cancel' | 'cancel_yes' | 'keep' | 'close'): void {
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

export function leadAction(engine: Engine, leadId: number, verb: 'unlock' | 'skip' | 'show'): void {
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
