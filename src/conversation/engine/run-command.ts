// What each global command does. Commands that answer something else ask the pending question again after.
import { flows, type FlowName } from '../../../flows/index.js';
import type { TemplateKey } from '../../../templates/index.js';
import { formatAvailability } from '../answers/availability.js';
import type { Command } from './commands.js';
import type { Engine } from './engine.js';
import { catalogueTitles } from './take-answer.js';
import { money } from './params.js';

const comingSoon: Partial<Record<Command, TemplateKey>> = {
  find_jobs: 'feature.jobs',
  my_offers: 'feature.offers',
  post_job: 'feature.post_job',
  my_jobs: 'feature.my_jobs',
  candidates: 'feature.candidates',
  export: 'feature.export',
  who_has_my_number: 'feature.who_has_my_number',
};

const ONBOARDING = ['welcome', 'worker_onboarding', 'employer_onboarding'];

export function runCommand(engine: Engine, command: Command): void {
  const { turn } = engine;
  const { state, context } = turn;
  const position = state.flow;
  const registered = state.consent === 'given' && state.role !== null;
  /** Says something, then asks the pending question again (or shows the menu): never a dead end. */
  const sayThenGoOn = (lead: string) => {
    // A suspended or restricted contact gets the answer alone: a menu would offer what they cannot do.
    if (context.moderation.status !== 'active') return turn.text(lead);
    if (!engine.repeat(lead)) {
      if (registered) engine.menu(lead);
      else turn.text(lead);
    }
  };

  const feature = comingSoon[command];
  if (feature) return sayThenGoOn(turn.t('coming_soon', { feature: turn.t(feature) }));

  switch (command) {
    case 'menu':
      if (!registered) return engine.startFlow('welcome');
      if (position && ONBOARDING.includes(position.name)) turn.state = { ...turn.state, flow: null, parked: position };
      else turn.state = { ...turn.state, flow: null };
      return engine.menu();
    case 'help': {
      const key = !registered ? 'help.new' : state.role === 'employer' ? 'help.employer' : 'help.worker';
      return sayThenGoOn(turn.t(key));
    }
    case 'back': {
      if (!position || position.trail.length === 0) return sayThenGoOn(turn.t('back.nothing'));
      const previous = position.trail.at(-1)!;
      return engine.enter({ ...position, step: previous, trail: position.trail.slice(0, -1), editing: false, tries: 0, page: 0 });
    }
    case 'cancel': {
      if (!position) return sayThenGoOn(turn.t('common.cancelled'));
      const onboarding = ONBOARDING.includes(position.name);
      turn.state = { ...turn.state, flow: null, parked: onboarding && registered ? position : turn.state.parked };
      if (position.name === 'welcome') return turn.say('welcome.cancelled');
      if (onboarding) return turn.say('onboarding.cancelled');
      turn.say(flows[position.name as FlowName]?.cancelled ?? 'common.cancelled');
      if (!engine.unpark() && registered) engine.menu();
      return;
    }
    case 'profile': {
      if (context.worker && state.role !== 'employer') {
        const w = context.worker;
        const answers = {
          name: w.name,
          skills: w.skills,
          availability: w.availability,
          location: w.location,
          radiusKm: w.radiusKm,
          minRate: w.minRateCents / 100,
          phone: w.phone,
          phoneChoice: 'other',
        };
        engine.startFlow('worker_onboarding', answers, 'summary');
        return;
      }
      if (context.employer) {
        const e = context.employer;
        engine.startFlow('employer_onboarding', { businessName: e.businessName, contactName: e.contactName, businessType: e.businessType, location: e.location }, 'summary');
        return;
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
    case 'why': {
      if (context.moderation.status === 'restricted' && context.moderation.reason) return sayThenGoOn(turn.t('why.restricted', { reason: context.moderation.reason.slice(0, 200) }));
      const w = context.worker;
      if (w) {
        return sayThenGoOn(
          turn.t('why.worker', {
            skills: catalogueTitles('skills', w.skills, turn.locale),
            radiusKm: w.radiusKm,
            area: w.location.label,
            availability: formatAvailability(w.availability, turn.locale),
            rate: money(w.minRateCents / 100, w.currency, turn.locale),
          }),
        );
      }
      if (context.employer) return sayThenGoOn(turn.t('why.employer'));
      return sayThenGoOn(turn.t('why.new'));
    }
    default:
      return sayThenGoOn(turn.t('common.cancelled'));
  }
}
