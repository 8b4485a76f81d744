// What each global command does. Commands that answer something else ask the pending question again after.
import type { TemplateKey } from '../../../templates/index.js';
import { formatAvailability } from '../answers/availability.js';
import { catalogueTitles } from './catalogues.js';
import type { Command } from './commands.js';
import type { Engine } from './engine.js';
import { flowOf, isOnboarding } from './flow-lookup.js';
import { showPrivacy } from './menu.js';
import { money } from './params.js';
import { listCandidates, listJobs, listOffers } from './market.js';
import { formatInstant } from '../../marketplace/cards.js';

const comingSoon: Partial<Record<Command, TemplateKey>> = {
  export: 'feature.export',
  who_has_my_number: 'feature.who_has_my_number',
};

export function runCommand(engine: Engine, command: Command): void {
  const { turn } = engine;
  const { state, context } = turn;
  const position = state.flow;
  const onboarding = position !== null && isOnboarding(position.name, context);
  /** Says something, then asks the pending question again, or shows the menu (a newcomer: the welcome). */
  const sayThenGoOn = (lead: string) => {
    if (!engine.repeat(lead)) engine.menu(lead);
  };

  const feature = comingSoon[command];
  if (feature) return sayThenGoOn(turn.t('coming_soon', { feature: turn.t(feature) }));

  switch (command) {
    case 'menu':
      turn.state = { ...turn.state, flow: null, parked: onboarding ? position : turn.state.parked };
      return engine.menu();
    case 'privacy':
      return showPrivacy(turn);
    case 'help': {
      const registered = state.consent === 'given' && state.role !== null;
      return sayThenGoOn(turn.t(!registered ? 'help.new' : state.role === 'employer' ? 'help.employer' : 'help.worker'));
    }
    case 'back': {
      if (!position) return sayThenGoOn(turn.t('back.nothing'));
      const flow = flowOf(position.name);
      // Back from a field being edited is back to the summary, as it was.
      if (position.editing && flow?.summary) return engine.enter({ ...position, step: flow.summary.step, editing: false, replace: null, tries: 0, page: 0 });
      if (position.trail.length === 0) return sayThenGoOn(turn.t('back.nothing'));
      const previous = position.trail.at(-1)!;
      const save = (flow?.steps as Record<string, { save?: { key: string; append?: number } }> | undefined)?.[previous]?.save;
      const answers = { ...position.answers };
      // Going back over an item added to a list takes it off again.
      if (save?.append && Array.isArray(answers[save.key])) answers[save.key] = (answers[save.key] as unknown[]).slice(0, -1);
      return engine.enter({ ...position, step: previous, answers, trail: position.trail.slice(0, -1), editing: false, tries: 0, page: 0 });
    }
    case 'cancel': {
      if (!position) return sayThenGoOn(turn.t('common.cancelled'));
      turn.state = { ...turn.state, flow: null, parked: onboarding && position.name !== 'welcome' ? position : turn.state.parked };
      if (position.name === 'welcome') return turn.say('welcome.cancelled');
      if (onboarding) return turn.say('onboarding.cancelled');
      // A profile being edited keeps what was saved.
      const edit = position.name === 'worker_onboarding' || position.name === 'employer_onboarding';
      const cancelled = turn.t(edit ? 'profile.unchanged' : (flowOf(position.name)?.cancelled ?? 'common.cancelled'));
      if (!engine.unpark(cancelled)) engine.menu(cancelled);
      return;
    }
    case 'profile': {
      if (onboarding) return sayThenGoOn(turn.t('profile.in_progress'));
      if (context.worker && state.role !== 'employer') {
        const w = context.worker;
        const answers = { name: w.name, skills: w.skills, availability: w.availability, location: w.location, radiusKm: w.radiusKm, minRate: w.minRateCents / 100, phone: w.phone, phoneChoice: 'other' };
        const lead = turn.t('profile.status', { status: turn.t(w.paused ? 'status.paused' : 'status.active') });
        return engine.startFlow('worker_onboarding', answers, 'summary', lead);
      }
      if (context.employer) {
        const e = context.employer;
        const lead = turn.t('profile.status', { status: turn.t(e.status === 'pending' ? 'status.pending' : 'status.active') });
        return engine.startFlow('employer_onboarding', { businessName: e.businessName, contactName: e.contactName, businessType: e.businessType, location: e.location }, 'summary', lead);
      }
      return sayThenGoOn(turn.t('only.profile'));
    }
    case 'pause':
    case 'resume': {
      if (!context.worker) return sayThenGoOn(turn.t(state.role === 'employer' ? 'only.workers' : 'only.profile'));
      const pausing = command === 'pause';
      if (context.worker.paused === pausing) return sayThenGoOn(turn.t(pausing ? 'pause.already' : 'resume.already'));
      turn.effect({ type: 'set_worker_paused', paused: pausing });
      return sayThenGoOn(turn.t(pausing ? 'pause.done' : 'resume.done'));
    }
    case 'language':
      return engine.startFlow('language');
    case 'stop':
      turn.state = { ...turn.state, optedOut: true };
      turn.effect({ type: 'set_preferences', optedOut: true });
      return sayThenGoOn(turn.t('stop.done'));
    case 'start':
      turn.state = { ...turn.state, optedOut: false };
      turn.effect({ type: 'set_preferences', optedOut: false });
      return sayThenGoOn(turn.t('start.done'));
    case 'report':
      return engine.startFlow('report');
    case 'delete':
      return engine.startFlow('delete_data');
    case 'why':
      return sayThenGoOn(whyText(engine));
    case 'find_jobs':
    case 'my_offers':
    case 'my_jobs':
    case 'candidates': {
      const list = { find_jobs: listOffers, my_offers: listOffers, my_jobs: listJobs, candidates: listCandidates }[command];
      list(engine, command === 'find_jobs' && context.worker ? turn.t('offers.come_to_you') : undefined);
      // The question pending is asked again after the list (a newcomer's welcome already was).
      if (position && turn.state.flow === position) engine.repeat();
      return;
    }
    case 'post_job': {
      const { employer, jobs, settings } = context;
      if (!employer) return sayThenGoOn(turn.t(state.role === 'worker' ? 'only.employers' : 'only.profile'));
      if (employer.status !== 'active') return sayThenGoOn(turn.t('employer.pending', { businessName: employer.businessName }));
      if (jobs.open >= settings.maxOpenJobs) return sayThenGoOn(turn.t('job.cap_open', { max: settings.maxOpenJobs }));
      if (jobs.postedToday >= settings.maxPostsPerDay) return sayThenGoOn(turn.t('job.cap_day', { max: settings.maxPostsPerDay }));
      return engine.startFlow('post_job');
    }
  }
}

function whyText(engine: Engine): string {
  const { turn } = engine;
  const { moderation, worker, employer } = turn.context;
  if (moderation.status !== 'active') {
    if (moderation.reason) return turn.t('why.restricted', { reason: moderation.reason.slice(0, 200) });
    return turn.t('why.moderated', { status: turn.t(moderation.status === 'suspended' ? 'status.suspended' : 'status.restricted') });
  }
  const pausedUntil = worker?.offersPausedUntil ? new Date(worker.offersPausedUntil) : null;
  if (pausedUntil && pausedUntil > turn.context.now) {
    return turn.t('why.offers_paused', { until: formatInstant(pausedUntil, turn.context.timeZone, turn.locale) });
  }
  if (worker) {
    return turn.t('why.worker', {
      skills: catalogueTitles('skills', worker.skills, turn.locale),
      radiusKm: worker.radiusKm,
      area: worker.location.label,
      availability: formatAvailability(worker.availability, turn.locale),
      rate: money(worker.minRateCents / 100, worker.currency, turn.locale),
    });
  }
  return turn.t(employer ? 'why.employer' : 'why.new');
}
