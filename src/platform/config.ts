import path from 'node:path';
import { z } from 'zod';

/** Everything the service reads from its environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  production: boolean;
  /** Demo mode: secrets may be generated and kept in the data directory; demo data may be loaded. */
  demo: boolean;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string | undefined;
  encryptionKey: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  signInLockoutAttempts: number;
  signInLockoutMinutes: number;
  /** Sign-in attempts allowed per minute from one address (per app process). */
  signInRateLimit: number;
  /** Anonymous public reports allowed per 10 minutes from one address (per app process, counted in memory only). */
  publicReportRateLimit: number;
  logLevel: string;
  trustProxy: boolean;
  /** Keep compiled page templates (production); off, a template's edits show at the next request. */
  templateCache: boolean;
  /** Mail server for decision letters (smtp://…); without it, email goes to the development mailbox. */
  smtpUrl: string | undefined;
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  NODE_ENV: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  PALERMO_DATA_DIR: z.string().default('./data'),
  PALERMO_SESSION_SECRET: z.string().optional(),
  PALERMO_ENCRYPTION_KEY: z.string().optional(),
  PALERMO_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  PALERMO_SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  PALERMO_LOCKOUT_ATTEMPTS: z.coerce.number().int().positive().default(5),
  PALERMO_LOCKOUT_MINUTES: z.coerce.number().int().positive().default(30),
  PALERMO_SIGN_IN_RATE_LIMIT: z.coerce.number().int().positive().default(20),
  PALERMO_PUBLIC_REPORT_RATE_LIMIT: z.coerce.number().int().positive().default(5),
  LOG_LEVEL: z.string().default('info'),
  PALERMO_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  PALERMO_SMTP_URL: z.string().url().optional(),
  PALERMO_TEMPLATE_CACHE: z.enum(['true', 'false']).optional(),
});

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { demo?: boolean } = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return {
    port: e.PORT,
    host: e.HOST,
    production,
    demo: options.demo ?? false,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: path.resolve(e.PALERMO_DATA_DIR),
    sessionSecret: e.PALERMO_SESSION_SECRET,
    encryptionKey: e.PALERMO_ENCRYPTION_KEY,
    sessionIdleMinutes: e.PALERMO_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.PALERMO_SESSION_MAX_HOURS,
    signInLockoutAttempts: e.PALERMO_LOCKOUT_ATTEMPTS,
    signInLockoutMinutes: e.PALERMO_LOCKOUT_MINUTES,
    signInRateLimit: e.PALERMO_SIGN_IN_RATE_LIMIT,
    publicReportRateLimit: e.PALERMO_PUBLIC_REPORT_RATE_LIMIT,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.PALERMO_TRUST_PROXY === 'true',
    templateCache: e.PALERMO_TEMPLATE_CACHE ? e.PALERMO_TEMPLATE_CACHE === 'true' : production,
    smtpUrl: e.PALERMO_SMTP_URL || undefined,
  };
}
