// The marketplace in the chat: answering offer cards, a worker's offers, an employer's jobs and candidates,
// cancelling, "still open?", ratings and share links. Pure like the rest of the engine: it reads the market the
// processor loaded (context.market) and returns replies and effects. Each side lives in a file of its own.
import type { Engine } from './engine.js';
import type { MarketAction } from './market-actions.js';
import { jobAction, leadAction } from './market-employer.js';
import { rateAction } from './market-ratings.js';
import { answerLinkCard, answerOffer } from './market-worker.js';

export { listCandidates, listJobs } from './market-employer.js';
export { answerTypedToOffer, isWaiting, listOffers, openSharedJob, showPendingJob } from './market-worker.js';

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
