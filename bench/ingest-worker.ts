// A worker-role process for bench/ingest.ts (BENCH_ACK_ROLE=split): the same service, consuming the queues the
// web process fills. Configured by the parent through the environment; stops when the parent says so (IPC).
import { loadConfig } from '../src/config.js';
import { createProcessors } from '../src/queue/processors.js';
import { startService } from '../src/service.js';

const service = await startService({
  config: loadConfig(process.env),
  role: 'worker',
  processors: createProcessors,
  depsOptions: { queuePrefix: process.env.BENCH_QUEUE_PREFIX, logDestination: { write: () => undefined } },
});
await service.deps.queue.ping();
process.send?.('ready');
process.on('message', (message) => {
  if (message === 'stop') void service.stop().finally(() => process.exit(0));
});
process.on('disconnect', () => void service.stop().finally(() => process.exit(0)));
