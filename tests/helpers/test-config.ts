import { loadConfig, type Config } from '../../src/config.js';

/** A config as the service would read it from this environment, quiet by default. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
}
