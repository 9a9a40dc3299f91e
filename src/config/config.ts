import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseBusinessHours, type WeeklyHours } from '../domain/business-hours';

/** The token every local tool (the call simulator, demos) uses when no `.env` exists: never valid in production. */
export const LOCAL_TWILIO_AUTH_TOKEN = 'local-only-twilio-auth-token-not-a-secret';
export const LOCAL_OPS_API_TOKEN = 'local-only-ops-api-token-not-a-secret';
const DEFAULT_SQLITE_FILE = 'data/hotline.db';
const DEFAULT_OUTAGE_SPOOL_DIR = 'data/outage-spool';

export type DatabaseTarget = { kind: 'sqlite'; url: string; file: string } | { kind: 'postgresql'; url: string };

export interface HotlineConfig {
  /** `local` when started without configuration outside production: embedded database and local tokens. */
  mode: 'local' | 'configured';
  nodeEnv: string;
  port: number;
  publicBaseUrl: string;
  twilioAuthToken: string;
  database: DatabaseTarget;
  opsApiToken: string;
  businessHours: WeeklyHours;
  businessHoursText: string;
  timezone: string;
  queueMaxWaitSeconds: number;
  /** Music played in the hold loop (Twilio fetches it; the simulator only marks it). */
  holdMusicUrl: string;
  /** Where confirmed freeze requests are delivered (signed JSON); unset: they wait in the outbox. */
  riskWebhook: { url: string; secret: string } | null;
  /** Call logs older than this are anonymised by `npm run retention`. */
  retentionDays: number;
  /** Which proxies' X-Forwarded-For to believe (Express `trust proxy`), for per-address sign-in throttling. */
  trustProxy: string | number | false;
  /** Ops console sessions: idle expiry and absolute expiry. */
  consoleSession: { idleMinutes: number; maxHours: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Where this instance keeps what arrives while the database is unreachable (a persistent volume in containers). */
  outageSpoolDir: string;
  /** The hotline's own number (E.164): the caller ID of every callback and the sender of every SMS. */
  hotlineNumber: string;
  /** Callback attempts: how long before a failed one is offered again, and how many before it is unreachable. */
  callbacks: { retryMinutes: number; maxAttempts: number };
  /** A caller who hung up after waiting this long in a queue gets a callback ticket of their own. */
  abandonedFollowUpSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const REQUIRED_IN_PRODUCTION = [
  'PUBLIC_BASE_URL',
  'TWILIO_AUTH_TOKEN',
  'DATABASE_URL',
  'OPS_API_TOKEN',
  'BUSINESS_HOURS',
  'RISK_WEBHOOK_URL',
  'RISK_WEBHOOK_SECRET',
  'HOTLINE_NUMBER',
] as const;

/** A number local tools may dial out from: Twilio's magic test number, never a real line. */
export const LOCAL_HOTLINE_NUMBER = '+15005550006';

const blankAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.preprocess(blankAsUndefined, z.string().default('development')),
  PORT: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  PUBLIC_BASE_URL: z.preprocess(
    blankAsUndefined,
    z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://hotline.example.com' }).optional(),
  ),
  TWILIO_AUTH_TOKEN: z.preprocess(blankAsUndefined, z.string().min(8, 'must be the account auth token').optional()),
  DATABASE_URL: z.preprocess(blankAsUndefined, z.string().optional()),
  OPS_API_TOKEN: z.preprocess(blankAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  BUSINESS_HOURS: z.preprocess(blankAsUndefined, z.string().default('always')),
  HOTLINE_TIMEZONE: z.preprocess(blankAsUndefined, z.string().default('Asia/Shanghai')),
  QUEUE_MAX_WAIT_SECONDS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(30).max(7200).default(600)),
  HOLD_MUSIC_URL: z.preprocess(
    blankAsUndefined,
    z.url({ protocol: /^https?$/ }).default('https://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3'),
  ),
  RISK_WEBHOOK_URL: z.preprocess(blankAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  RISK_WEBHOOK_SECRET: z.preprocess(blankAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  RETENTION_DAYS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(3650).default(180)),
  TRUST_PROXY: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^(loopback|linklocal|uniquelocal|\d{1,2}|[\d.:/, a-f]+)$/i, 'a hop count (1), loopback, uniquelocal or addresses/CIDRs')
      .optional(),
  ),
  CONSOLE_SESSION_IDLE_MINUTES: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(480).default(30)),
  CONSOLE_SESSION_MAX_HOURS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(24).default(12)),
  LOG_LEVEL: z.preprocess(blankAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  OUTAGE_SPOOL_DIR: z.preprocess(blankAsUndefined, z.string().default(DEFAULT_OUTAGE_SPOOL_DIR)),
  HOTLINE_NUMBER: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be the hotline number in E.164, e.g. +862150001234')
      .default(LOCAL_HOTLINE_NUMBER),
  ),
  CALLBACK_RETRY_MINUTES: z.preprocess(blankAsUndefined, z.coerce.number().int('must be a whole number of minutes').min(1).max(1440).default(30)),
  CALLBACK_MAX_ATTEMPTS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(10).default(3)),
  ABANDONED_FOLLOW_UP_SECONDS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).max(3600).default(60)),
});

/** Reads `.env` (when present) into the environment without overriding what is already set. */
export function loadDotEnv(file = path.resolve('.env')): boolean {
  if (!fs.existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}

/** Where the database lives: `postgresql://…` → PostgreSQL, unset → the embedded SQLite file under `./data/`. */
export function resolveDatabaseTarget(databaseUrl: string | undefined, cwd = process.cwd()): DatabaseTarget {
  if (!databaseUrl) {
    const file = path.resolve(cwd, DEFAULT_SQLITE_FILE);
    return { kind: 'sqlite', url: `file:${file}`, file };
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return { kind: 'postgresql', url: databaseUrl };
  if (databaseUrl.startsWith('file:')) {
    const file = path.resolve(cwd, databaseUrl.slice('file:'.length));
    return { kind: 'sqlite', url: `file:${file}`, file };
  }
  throw new ConfigError([
    // The value itself is not repeated: it may hold a password.
    'DATABASE_URL: must start with postgresql:// or file: (or be unset for the embedded database)',
  ]);
}

/** The database part alone, for commands (migrations, admin tools) that need nothing else. */
export function loadDatabaseTarget(env: Env = process.env): DatabaseTarget {
  return resolveDatabaseTarget(blankAsUndefined(env.DATABASE_URL) as string | undefined);
}

/** Validates the whole environment once, at start; fails fast with every problem listed. */
export function loadConfig(env: Env = process.env): HotlineConfig {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    const missing = REQUIRED_IN_PRODUCTION.filter((name) => !blankAsUndefined(env[name]));
    for (const name of missing) problems.push(`${name}: required when NODE_ENV=production`);
  }
  if (e.RISK_WEBHOOK_URL && !e.RISK_WEBHOOK_SECRET) problems.push('RISK_WEBHOOK_SECRET: required when RISK_WEBHOOK_URL is set');
  if (e.TWILIO_AUTH_TOKEN === LOCAL_TWILIO_AUTH_TOKEN && production) {
    problems.push('TWILIO_AUTH_TOKEN: the local token cannot be used in production');
  }
  // The local ops token is published with the code: in production it would open the call log to anyone.
  if (e.OPS_API_TOKEN === LOCAL_OPS_API_TOKEN && production) {
    problems.push('OPS_API_TOKEN: the local token cannot be used in production');
  }

  let businessHours: WeeklyHours | undefined;
  try {
    businessHours = parseBusinessHours(e.BUSINESS_HOURS);
  } catch (err) {
    problems.push(`BUSINESS_HOURS: ${(err as Error).message}`);
  }
  if (!isKnownTimeZone(e.HOTLINE_TIMEZONE)) problems.push(`HOTLINE_TIMEZONE: unknown time zone "${e.HOTLINE_TIMEZONE}"`);

  let database: DatabaseTarget | undefined;
  try {
    database = resolveDatabaseTarget(e.DATABASE_URL);
  } catch (err) {
    problems.push(...(err as ConfigError).problems);
  }
  if (problems.length > 0 || !businessHours || !database) throw new ConfigError(problems);

  const local = !e.TWILIO_AUTH_TOKEN;
  return {
    mode: local ? 'local' : 'configured',
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    twilioAuthToken: e.TWILIO_AUTH_TOKEN ?? LOCAL_TWILIO_AUTH_TOKEN,
    database,
    opsApiToken: e.OPS_API_TOKEN ?? LOCAL_OPS_API_TOKEN,
    businessHours,
    businessHoursText: e.BUSINESS_HOURS,
    timezone: e.HOTLINE_TIMEZONE,
    queueMaxWaitSeconds: e.QUEUE_MAX_WAIT_SECONDS,
    holdMusicUrl: e.HOLD_MUSIC_URL,
    riskWebhook: e.RISK_WEBHOOK_URL && e.RISK_WEBHOOK_SECRET ? { url: e.RISK_WEBHOOK_URL, secret: e.RISK_WEBHOOK_SECRET } : null,
    retentionDays: e.RETENTION_DAYS,
    trustProxy: e.TRUST_PROXY === undefined ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    consoleSession: { idleMinutes: e.CONSOLE_SESSION_IDLE_MINUTES, maxHours: e.CONSOLE_SESSION_MAX_HOURS },
    logLevel: e.LOG_LEVEL,
    outageSpoolDir: path.resolve(e.OUTAGE_SPOOL_DIR),
    hotlineNumber: e.HOTLINE_NUMBER,
    callbacks: { retryMinutes: e.CALLBACK_RETRY_MINUTES, maxAttempts: e.CALLBACK_MAX_ATTEMPTS },
    abandonedFollowUpSeconds: e.ABANDONED_FOLLOW_UP_SECONDS,
  };
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
