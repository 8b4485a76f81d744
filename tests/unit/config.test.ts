import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configVariables, loadConfig } from '../../src/config.js';

const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app:secret@db.internal:5432/partimer',
  REDIS_URL: 'redis://cache.internal:6379',
  PRIVACY_POLICY_URL: 'https://partimer.example/privacy',
  WHATSAPP_ACCESS_TOKEN: 'EAAG-token',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_APP_SECRET: 'app-secret',
  WHATSAPP_VERIFY_TOKEN: 'verify-me',
  STRIPE_SECRET_KEY: 'sk_live_123',
  STRIPE_WEBHOOK_SECRET: 'whsec_123',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the config to be refused');
}

describe('config', () => {
  it('when nothing is set, then it runs on the embedded defaults', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.http).toMatchObject({ port: 3000, host: '127.0.0.1', corsOrigins: [], bodyLimitBytes: 1_048_576 });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './.data' });
    expect(config.queue).toEqual({ kind: 'memory', concurrency: 8 });
    expect(config.whatsapp.mode).toBe('sandbox');
    expect(config.payments).toEqual({ mode: 'sandbox' });
  });

  it('when a full production environment is given, then every mode is real', () => {
    const config = loadConfig({ ...production, PORT: '8080', HOST: '0.0.0.0', CORS_ORIGINS: 'https://a.example, https://b.example', TRUST_PROXY: 'true' });
    expect(config.isProduction).toBe(true);
    expect(config.http).toMatchObject({ port: 8080, host: '0.0.0.0', trustProxy: true, corsOrigins: ['https://a.example', 'https://b.example'] });
    expect(config.database).toEqual({ kind: 'postgres', url: production.DATABASE_URL, poolSize: 10 });
    expect(config.queue).toEqual({ kind: 'redis', url: production.REDIS_URL, concurrency: 8 });
    expect(config.whatsapp).toMatchObject({ mode: 'cloud', phoneNumberId: '106540352242922', apiUrl: 'https://graph.facebook.com', apiVersion: 'v24.0' });
    expect(config.payments).toMatchObject({ mode: 'stripe', secretKey: 'sk_live_123' });
  });

  it.each([
    ['PORT', 'eighty', 'PORT must be a number'],
    ['PORT', '70000', 'PORT must be at most 65535'],
    ['BODY_LIMIT_BYTES', '1.5', 'BODY_LIMIT_BYTES must be a whole number'],
    ['TRUST_PROXY', 'yes', 'TRUST_PROXY must be "true" or "false"'],
    ['NODE_ENV', 'staging', 'NODE_ENV must be development, test or production'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of'],
    ['DATABASE_URL', 'mysql://localhost/db', 'DATABASE_URL must start with postgres:// or postgresql://'],
    ['DATABASE_URL', 'not a url', 'DATABASE_URL must be a URL'],
    ['REDIS_URL', 'http://localhost:6379', 'REDIS_URL must start with redis:// or rediss://'],
    ['WHATSAPP_API_VERSION', '24', 'WHATSAPP_API_VERSION must look like v24.0'],
  ])('when %s is %j, then the error names it', (name, value, message) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('when several variables are bad, then one error lists every one of them', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'x', REDIS_URL: 'nope', STRIPE_SECRET_KEY: 'sk_test_1' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.problems.map((p) => p.split(' ')[0])).toEqual(['PORT', 'REDIS_URL', 'STRIPE_WEBHOOK_SECRET']);
    expect(error.message).toMatch(/^Invalid configuration:\n {2}- PORT/);
  });

  it('when only part of the WhatsApp credentials are set, then the missing ones are named', () => {
    const problems = problemsOf({ WHATSAPP_ACCESS_TOKEN: 'token', WHATSAPP_APP_SECRET: 'secret' });
    expect(problems).toEqual([
      'WHATSAPP_PHONE_NUMBER_ID is required when WHATSAPP_ACCESS_TOKEN, WHATSAPP_APP_SECRET are set',
      'WHATSAPP_VERIFY_TOKEN is required when WHATSAPP_ACCESS_TOKEN, WHATSAPP_APP_SECRET are set',
    ]);
  });

  it('when the conversation settings are wrong, then each is named with what it must be', () => {
    const problems = problemsOf({ EMPLOYER_VERIFICATION: 'sometimes', CURRENCY: 'euros', PRIVACY_POLICY_URL: 'ftp://x', DEFAULT_TIMEZONE: 'Mars/Olympus' });
    expect(problems).toEqual([
      expect.stringMatching(/^PRIVACY_POLICY_URL must start with https:\/\/ or http:\/\//),
      'EMPLOYER_VERIFICATION must be auto or manual',
      'CURRENCY must be a three-letter ISO 4217 code such as EUR',
      'DEFAULT_TIMEZONE must be an IANA time zone such as Europe/Madrid',
    ]);
    expect(loadConfig({}).conversation).toEqual({ privacyPolicyUrl: 'https://partimer.example/privacy', employerVerification: 'manual', currency: 'EUR', defaultTimeZone: 'Europe/Madrid', displayPhoneNumber: '15550000001', maxOpenJobs: 10, maxPostsPerDay: 5 });
  });

  it('when production is asked with no credentials, then every sandbox mode is refused by name', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'DATABASE_URL',
      'REDIS_URL',
      'PRIVACY_POLICY_URL',
      'WHATSAPP_ACCESS_TOKEN',
      'WHATSAPP_PHONE_NUMBER_ID',
      'WHATSAPP_APP_SECRET',
      'WHATSAPP_VERIFY_TOKEN',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
    ]);
    expect(problems[0]).toContain('required in production');
  });

  it.each(Object.keys(production).filter((name) => name !== 'NODE_ENV'))(
    'when production lacks only %s, then that one variable is named',
    (name) => {
      const env: Record<string, string> = { ...production };
      delete env[name];
      const problems = problemsOf(env);
      expect(problems.some((p) => p.startsWith(`${name} is required`))).toBe(true);
      expect(problems.every((p) => p.startsWith(name) || p.includes(`${name}`))).toBe(true);
    },
  );

  it('when an empty string is given, then it counts as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '  ' }).database.kind).toBe('pglite');
  });

  it('when the README is read, then its configuration table lists every variable', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const name of configVariables) expect(readme).toContain(`| \`${name}\` |`);
  });

  it('when .env.example is read, then it lists every variable the schema reads, each with a comment', () => {
    const lines = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').split('\n');
    const documented = lines
      .map((line, index) => ({ match: /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(line), index }))
      .filter((entry) => entry.match !== null);
    expect(documented.map((entry) => entry.match![1])).toEqual(configVariables);
    for (const { index } of documented) expect(lines[index - 1]).toMatch(/^# \S/);
  });
});
