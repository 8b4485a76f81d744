// The one schema for the process environment, read once at start.
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const booleanText = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false'], { error: 'must be "true" or "false"' })
    .default(fallback)
    .transform((value) => value === 'true');

const integer = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const url = (protocols: readonly string[]) =>
  optionalText.pipe(
    z
      .string()
      .superRefine((value, ctx) => {
        if (!URL.canParse(value)) ctx.addIssue({ code: 'custom', message: 'must be a URL' });
        else if (!protocols.includes(new URL(value).protocol)) {
          ctx.addIssue({ code: 'custom', message: `must start with ${protocols.map((p) => `${p}//`).join(' or ')}` });
        }
      })
      .optional(),
  );

const envSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'], {
      error: 'must be development, test or production',
    })
    .default('development'),
  PORT: integer(3000, 0, 65535),
  HOST: optionalText.default('127.0.0.1'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  PUBLIC_BASE_URL: url(['http:', 'https:']),
  TRUST_PROXY: booleanText('false'),
  CORS_ORIGINS: optionalText.transform((value) =>
    value === undefined ? [] : value.split(',').map((origin) => origin.trim()).filter(Boolean),
  ),
  BODY_LIMIT_BYTES: integer(1_048_576, 1024, 50 * 1_048_576),
  RATE_LIMIT_PER_MINUTE: integer(300, 1, 1_000_000),
  SHUTDOWN_TIMEOUT_MS: integer(10_000, 0, 600_000),
  METRICS_TOKEN: optionalText,

  DATA_DIR: optionalText.default('./.data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  DATABASE_POOL_SIZE: integer(10, 1, 200),
  REDIS_URL: url(['redis:', 'rediss:']),
  QUEUE_CONCURRENCY: integer(8, 1, 1000),

  WHATSAPP_ACCESS_TOKEN: optionalText,
  WHATSAPP_PHONE_NUMBER_ID: optionalText,
  WHATSAPP_APP_SECRET: optionalText,
  WHATSAPP_VERIFY_TOKEN: optionalText,
  WHATSAPP_API_URL: url(['http:', 'https:']).default('https://graph.facebook.com'),
  WHATSAPP_API_VERSION: optionalText.pipe(
    z
      .string()
      .regex(/^v\d+\.\d+$/, 'must look like v24.0')
      .default('v24.0'),
  ),

  WHATSAPP_SEND_RATE_PER_SECOND: integer(80, 1, 1000),
  WHATSAPP_REENGAGEMENT_TEMPLATE: optionalText,
  WHATSAPP_TEMPLATE_LANGUAGE: optionalText.default('en'),
  WHATSAPP_CONTACT_FLOOD_PER_MINUTE: integer(30, 1, 10_000),

  PRIVACY_POLICY_URL: url(['https:', 'http:']),
  EMPLOYER_VERIFICATION: z.enum(['auto', 'manual'], { error: 'must be auto or manual' }).default('manual'),
  CURRENCY: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR')
    .default('EUR'),
  WHATSAPP_DISPLAY_PHONE_NUMBER: optionalText.pipe(z.string().regex(/^\d{6,15}$/, 'must be the business number in digits, e.g. 15550001111').optional()),
  JOBS_MAX_OPEN_PER_EMPLOYER: integer(10, 1, 10_000),
  JOBS_MAX_POSTS_PER_DAY: integer(5, 1, 10_000),
  MATCH_OFFERS_PER_ROUND: integer(10, 1, 100),
  OFFER_ANSWER_HOURS: integer(12, 1, 168),
  OFFERS_MAX_PER_WORKER_PER_DAY: integer(5, 1, 100),
  LEAD_FRESH_HOURS: integer(48, 1, 720),
  LEAD_PRICE_CENTS: integer(500, 0, 1_000_000),
  JOB_STILL_OPEN_AFTER_DAYS: integer(7, 1, 365),
  JOB_STILL_OPEN_REPLY_HOURS: integer(48, 1, 720),
  DEFAULT_TIMEZONE: z
    .string()
    .trim()
    .default('Europe/Madrid')
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Madrid'),

  STRIPE_SECRET_KEY: optionalText,
  STRIPE_WEBHOOK_SECRET: optionalText,
  STRIPE_API_URL: url(['http:', 'https:']),
});

type Env = z.infer<typeof envSchema>;

const whatsappVariables = [
  'WHATSAPP_ACCESS_TOKEN',
  'WHATSAPP_PHONE_NUMBER_ID',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
] as const;
const stripeVariables = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'] as const;
const productionVariables = ['DATABASE_URL', 'REDIS_URL', 'PRIVACY_POLICY_URL', ...whatsappVariables, ...stripeVariables] as const;

/**
 * Variables that switch a mode on must come as a complete set, and production needs every mode
 * real. Checked on the raw text so that these problems are listed together with any others.
 */
function modeProblems(source: NodeJS.ProcessEnv): string[] {
  const isSet = (name: string) => (source[name] ?? '').trim() !== '';
  const problems: string[] = [];
  for (const group of [whatsappVariables, stripeVariables]) {
    const given = group.filter(isSet);
    if (given.length === 0 || given.length === group.length) continue;
    for (const name of group.filter((n) => !isSet(n))) {
      problems.push(`${name} is required when ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set`);
    }
  }
  if ((source.NODE_ENV ?? '').trim() === 'production') {
    for (const name of productionVariables.filter((n) => !isSet(n))) {
      problems.push(`${name} is required in production (NODE_ENV=production refuses the sandbox mode)`);
    }
  }
  return problems;
}

export type DatabaseConfig = { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string; poolSize: number };
export type QueueConfig = { kind: 'memory'; concurrency: number } | { kind: 'redis'; url: string; concurrency: number };
/** The sandbox's own number and secrets: the simulator signs its webhooks with them. */
export const SANDBOX_WHATSAPP = {
  phoneNumberId: '100000000000001',
  displayPhoneNumber: '15550000001',
  appSecret: 'partimer-sandbox-app-secret',
  verifyToken: 'partimer-sandbox-verify-token',
} as const;

export interface WhatsAppConfig {
  mode: 'sandbox' | 'cloud';
  /** Empty in the sandbox. */
  accessToken: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  appSecret: string;
  verifyToken: string;
  apiUrl: string;
  apiVersion: string;
  sendRatePerSecond: number;
  /** Sent outside the 24-hour window when a message has no template of its own. */
  reengagementTemplate: { name: string; language: string } | undefined;
  contactFloodPerMinute: number;
}
export type PaymentsConfig =
  | { mode: 'sandbox' }
  | { mode: 'stripe'; secretKey: string; webhookSecret: string; apiUrl: string | undefined };

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  http: {
    port: number;
    host: string;
    publicBaseUrl: string | undefined;
    trustProxy: boolean;
    corsOrigins: string[];
    bodyLimitBytes: number;
    rateLimitPerMinute: number;
    metricsToken: string | undefined;
  };
  logLevel: Env['LOG_LEVEL'];
  shutdownTimeoutMs: number;
  database: DatabaseConfig;
  queue: QueueConfig;
  whatsapp: WhatsAppConfig;
  payments: PaymentsConfig;
  conversation: ConversationConfig;
  marketplace: MarketplaceConfig;
}

export interface MarketplaceConfig {
  /** Workers offered a job in each round of matching. */
  offersPerRound: number;
  /** How long a worker has to answer an offer (never past the shift's start). */
  offerAnswerHours: number;
  /** Offers one worker gets from matching in 24 hours, at most. */
  maxOffersPerWorkerPerDay: number;
  /** How long a worker's "interested" stays for sale as a lead. */
  leadFreshHours: number;
  /** What unlocking one lead costs the employer, in minor units of CURRENCY. */
  leadPriceCents: number;
  currency: string;
  /** The zone of contacts whose number does not settle one (their dates and times on cards). */
  defaultTimeZone: string;
  /** A job open this long asks its employer whether it still is... */
  stillOpenAfterDays: number;
  /** ...and closes when they say no, or say nothing for this long. */
  stillOpenReplyHours: number;
}

export interface ConversationConfig {
  /** Linked from the consent question; required in production (a placeholder address otherwise). */
  privacyPolicyUrl: string;
  /** auto: a new employer is active at once; manual: pending until an admin verifies them. */
  employerVerification: 'auto' | 'manual';
  /** Of hourly rates and prices (ISO 4217). */
  currency: string;
  /** A contact's zone when their number's country has several (or none is known): dates and times are read in it. */
  defaultTimeZone: string;
  /** The business number in digits, for wa.me share links; empty leaves the link out. */
  displayPhoneNumber: string;
  /** Caps against floods of posts: open jobs per employer, and jobs posted per employer per day. */
  maxOpenJobs: number;
  maxPostsPerDay: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function toConfig(env: Env): Config {
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    http: {
      port: env.PORT,
      host: env.HOST,
      publicBaseUrl: env.PUBLIC_BASE_URL,
      trustProxy: env.TRUST_PROXY,
      corsOrigins: env.CORS_ORIGINS,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      metricsToken: env.METRICS_TOKEN,
    },
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    database:
      env.DATABASE_URL === undefined
        ? { kind: 'pglite', dataDir: env.DATA_DIR }
        : { kind: 'postgres', url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE },
    queue:
      env.REDIS_URL === undefined
        ? { kind: 'memory', concurrency: env.QUEUE_CONCURRENCY }
        : { kind: 'redis', url: env.REDIS_URL, concurrency: env.QUEUE_CONCURRENCY },
    whatsapp: {
      ...(env.WHATSAPP_ACCESS_TOKEN && env.WHATSAPP_PHONE_NUMBER_ID && env.WHATSAPP_APP_SECRET && env.WHATSAPP_VERIFY_TOKEN
        ? {
            mode: 'cloud' as const,
            accessToken: env.WHATSAPP_ACCESS_TOKEN,
            phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
            displayPhoneNumber: '',
            appSecret: env.WHATSAPP_APP_SECRET,
            verifyToken: env.WHATSAPP_VERIFY_TOKEN,
          }
        : { mode: 'sandbox' as const, accessToken: '', ...SANDBOX_WHATSAPP }),
      apiUrl: env.WHATSAPP_API_URL,
      apiVersion: env.WHATSAPP_API_VERSION,
      sendRatePerSecond: env.WHATSAPP_SEND_RATE_PER_SECOND,
      reengagementTemplate: env.WHATSAPP_REENGAGEMENT_TEMPLATE
        ? { name: env.WHATSAPP_REENGAGEMENT_TEMPLATE, language: env.WHATSAPP_TEMPLATE_LANGUAGE }
        : undefined,
      contactFloodPerMinute: env.WHATSAPP_CONTACT_FLOOD_PER_MINUTE,
    },
    payments:
      env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
        ? {
            mode: 'stripe',
            secretKey: env.STRIPE_SECRET_KEY,
            webhookSecret: env.STRIPE_WEBHOOK_SECRET,
            apiUrl: env.STRIPE_API_URL,
          }
        : { mode: 'sandbox' },
    conversation: {
      privacyPolicyUrl: env.PRIVACY_POLICY_URL ?? 'https://partimer.example/privacy',
      employerVerification: env.EMPLOYER_VERIFICATION,
      currency: env.CURRENCY,
      defaultTimeZone: env.DEFAULT_TIMEZONE,
      displayPhoneNumber: env.WHATSAPP_DISPLAY_PHONE_NUMBER ?? (env.WHATSAPP_ACCESS_TOKEN ? '' : SANDBOX_WHATSAPP.displayPhoneNumber),
      maxOpenJobs: env.JOBS_MAX_OPEN_PER_EMPLOYER,
      maxPostsPerDay: env.JOBS_MAX_POSTS_PER_DAY,
    },
    marketplace: {
      offersPerRound: env.MATCH_OFFERS_PER_ROUND,
      offerAnswerHours: env.OFFER_ANSWER_HOURS,
      maxOffersPerWorkerPerDay: env.OFFERS_MAX_PER_WORKER_PER_DAY,
      leadFreshHours: env.LEAD_FRESH_HOURS,
      leadPriceCents: env.LEAD_PRICE_CENTS,
      currency: env.CURRENCY,
      defaultTimeZone: env.DEFAULT_TIMEZONE,
      stillOpenAfterDays: env.JOB_STILL_OPEN_AFTER_DAYS,
      stillOpenReplyHours: env.JOB_STILL_OPEN_REPLY_HOURS,
    },
  };
}

/** Parses the environment; throws one ConfigError naming every bad or missing variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(source);
  const problems = [
    ...(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`)),
    ...modeProblems(source),
  ];
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  return toConfig(result.data);
}

/** Every variable the schema reads, in declaration order (kept in step with .env.example by a test). */
export const configVariables = Object.keys(envSchema.shape);
