// Ratings in the chat, after a shift: the employer rates the worker (or reports a no-show), the worker the employer.
import { ratingQuestion } from '../../marketplace/cards.js';
import type { Engine } from './engine.js';
import type { MarketAction } from './market-actions.js';
import { market, menuButton } from './market-common.js';
import { jobParams, ownJob } from './market-employer.js';

export function rateAction(engine: Engine, action: Extract<MarketAction, { kind: 'rate' }>): void {
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
