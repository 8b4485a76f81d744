// The process entry point: `node dist/src/main.js [--role web|worker|all]`.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { processors } from './queue/processors.js';
import { roleSchema, startService } from './service.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string', default: 'all' } } });
  const role = roleSchema.safeParse(values.role);
  if (!role.success) {
    console.error(role.error.issues[0]?.message);
    process.exit(2);
  }
  if (existsSync('.env')) process.loadEnvFile('.env');

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const service = await startService({ config, role: role.data, processors });
  const shutdown = (signal: NodeJS.Signals) => {
    service.deps.logger.info({ signal }, 'shutting down');
    // A last resort if something will not close: never hang forever on a deploy.
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
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
