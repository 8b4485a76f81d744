// The app and its workers on a test database, as one process of role "all" runs them (HTTP through inject).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { createProcessors } from '../../src/queue/processors.js';
import { captureLogs, type LogCapture } from './log-capture.js';
import { testConfig } from './test-config.js';

export interface TestService {
  app: FastifyInstance;
  deps: Deps;
  logs: LogCapture;
  /** Starts the workers (tests that want messages to pile up first call it later). */
  startWorkers(): void;
  close(): Promise<void>;
}

export async function startTestService(
  database: Database,
  env: Record<string, string> = {},
  options: { workers?: boolean } = {},
): Promise<TestService> {
  const logs = captureLogs();
  const deps = createDeps(testConfig({ LOG_LEVEL: 'info', ...env }), {
    database,
    logDestination: logs.stream,
    queuePrefix: `{partimer-test-${randomBytes(4).toString('hex')}}`,
  });
  const app = await buildApp(deps);
  await app.ready();
  let started = false;
  const startWorkers = () => {
    if (started) return;
    started = true;
    deps.queue.start(createProcessors(deps));
  };
  if (options.workers !== false) startWorkers();
  return {
    app,
    deps,
    logs,
    startWorkers,
    async close() {
      await app.close();
      await deps.queue.close(5000);
    },
  };
}
