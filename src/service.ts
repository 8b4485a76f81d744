// Starting and stopping one process of the service in its role: web (HTTP), worker (queues) or all.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { createDeps, type Deps, type DepsOptions } from './deps.js';
import type { AnyProcessor } from './queue/job.js';
import { startMarketplaceClock } from './marketplace/clock.js';
import { startSweeper } from './whatsapp/sweeper.js';

export const roleSchema = z.enum(['web', 'worker', 'all'], { error: '--role must be web, worker or all' });
export type Role = z.infer<typeof roleSchema>;

export interface Service {
  deps: Deps;
  app: FastifyInstance | undefined;
  /** The address HTTP listens on, when the role serves HTTP. */
  address: string | undefined;
  /** Stops taking requests, lets running jobs finish (bounded), closes Redis and the database. */
  stop(): Promise<void>;
}

export async function startService(options: {
  config: Config;
  role: Role;
  processors: (deps: Deps) => readonly AnyProcessor[];
  depsOptions?: DepsOptions;
  /** How often the worker role sweeps for work a lost job left behind. */
  sweepIntervalMs?: number;
  /** How often the worker role runs the marketplace's clock (expiries, next rounds, "still open?", ratings). */
  marketClockIntervalMs?: number;
}): Promise<Service> {
  const { config, role } = options;
  const deps = createDeps(config, options.depsOptions);
  try {
    await deps.database.migrate();
  } catch (error) {
    await deps.close();
    throw error;
  }
  const app = role === 'worker' ? undefined : await buildApp(deps);
  let address: string | undefined;
  if (app !== undefined) address = await app.listen({ port: config.http.port, host: config.http.host });
  let stopSweeper: (() => Promise<void>) | undefined;
  let stopClock: (() => Promise<void>) | undefined;
  if (role !== 'web') {
    deps.queue.start(options.processors(deps));
    const base = { db: deps.database.db, queue: deps.queue, clock: deps.clock, log: deps.logger };
    stopSweeper = startSweeper(base, options.sweepIntervalMs);
    stopClock = startMarketplaceClock({ ...base, market: config.marketplace }, options.marketClockIntervalMs);
  }
  deps.logger.info(
    { role, database: deps.database.kind, queue: deps.queue.kind, whatsapp: config.whatsapp.mode, payments: config.payments.mode },
    `partimer started${address ? ` on ${address}` : ''}`,
  );

  let stopping: Promise<void> | undefined;
  return {
    deps,
    app,
    address,
    stop() {
      stopping ??= (async () => {
        // Close HTTP first (in-flight requests finish, new ones get 503), then the queue, then storage.
        if (app !== undefined) await app.close();
        await stopSweeper?.();
        await stopClock?.();
        await deps.close();
        deps.logger.info('partimer stopped');
      })();
      return stopping;
    },
  };
}
