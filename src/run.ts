// Runs one process of the service until SIGTERM/SIGINT: reads the role and config, starts, and stops cleanly.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { Deps } from './deps.js';
import type { AnyProcessor } from './queue/job.js';
import { roleSchema, startService, type Service } from './service.js';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

function readConfig(): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 1);
    throw error;
  }
}

export async function run(processors: (deps: Deps) => readonly AnyProcessor[]): Promise<Service> {
  const { values } = parseArgs({ options: { role: { type: 'string', default: 'all' } } });
  const role = roleSchema.safeParse(values.role);
  if (!role.success) fail(role.error.issues[0]?.message ?? 'bad --role', 2);
  const config = readConfig();

  const service = await startService({ config, role: role.data, processors });
  const shutdown = (signal: NodeJS.Signals) => {
    service.deps.logger.info({ signal }, 'shutting down');
    // A last resort if something will not close: a deploy never hangs forever.
    setTimeout(() => {
      service.deps.logger.error('shutdown deadline passed; exiting anyway');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5000).unref();
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        service.deps.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return service;
}
