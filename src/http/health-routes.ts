// Liveness (the process answers) and readiness (its dependencies answer): for load balancers and orchestrators.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { withTimeout } from '../with-timeout.js';

const CHECK_TIMEOUT_MS = 2000;
type CheckState = 'up' | 'down';

async function check(name: string, probe: () => Promise<void>): Promise<CheckState> {
  try {
    await withTimeout(probe(), CHECK_TIMEOUT_MS, `${name} check`);
    return 'up';
  } catch {
    return 'down';
  }
}

export function healthRoutes(deps: Pick<Deps, 'database' | 'queue'>) {
  return async (app: FastifyInstance) => {
    app.get('/health/live', { config: { rateLimit: false } }, async () => ({ status: 'ok' }));

    app.get('/health/ready', { config: { rateLimit: false } }, async (_request, reply) => {
      const probes: Record<string, () => Promise<void>> = { database: () => deps.database.ping() };
      if (deps.queue.kind === 'redis') probes.redis = () => deps.queue.ping();
      const names = Object.keys(probes);
      const states = await Promise.all(names.map((name) => check(name, probes[name]!)));
      const checks = Object.fromEntries(names.map((name, i) => [name, states[i]]));
      const down = names.filter((_, i) => states[i] === 'down');
      if (down.length === 0) return { status: 'ok', checks };
      return reply.code(503).send({
        status: 'unavailable',
        checks,
        error: { code: 'dependency_down', message: `Not ready: ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} down` },
      });
    });
  };
}
