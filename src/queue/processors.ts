// Every background processor of the service; the worker role consumes exactly these queues.
import { runEngine } from '../conversation/engine/engine.js';
import { conversationProcessors } from '../conversation/process-conversation.js';
import { batchesInFlight } from '../db/database.js';
import type { Deps } from '../deps.js';
import { sendProcessor } from '../whatsapp/send-outbox.js';
import type { AnyProcessor } from './job.js';

export function createProcessors(deps: Deps): AnyProcessor[] {
  const base = { db: deps.database.db, queue: deps.queue, clock: deps.clock, log: deps.logger };
  return [
    ...conversationProcessors({
      ...base,
      handler: runEngine,
      settings: { ...deps.config.conversation, leadFreshHours: deps.config.marketplace.leadFreshHours },
      floodPerMinute: deps.config.whatsapp.contactFloodPerMinute,
      maxInFlight: batchesInFlight(deps.database),
      market: deps.config.marketplace,
    }),
    sendProcessor({ ...base, metrics: deps.metrics, transport: deps.whatsapp.transport, whatsapp: deps.config.whatsapp }),
  ];
}
