// Builds the real app on a test database, as main.ts does, with its log lines captured.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { captureLogs, type LogCapture } from './log-capture.js';
import { testConfig } from './test-config.js';

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  logs: LogCapture;
  close(): Promise<void>;
}

export async function startTestApp(
  database: Database,
  env: Record<string, string> = {},
  /** Adds routes before the app is ready (stand-ins for routes later features bring). */
  extend?: (app: FastifyInstance) => void,
): Promise<TestApp> {
  const logs = captureLogs();
  const deps = createDeps(testConfig({ LOG_LEVEL: 'info', ...env }), { database, logDestination: logs.stream });
  const app = await buildApp(deps);
  extend?.(app);
  await app.ready();
  return {
    app,
    deps,
    logs,
    async close() {
      await app.close();
      await deps.queue.close(1000);
    },
  };
}
