import path from "node:path";
import { z } from "zod";
import { feeSchedulesFrom, type SettlementSettings } from "./services/settlement-settings.ts";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const int = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATA_DIR: z.string().default("./data"),
  BASE_URL: z.url().optional(),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  TRUST_PROXY: z.string().default("false"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().default("Crowdfund <no-reply@crowdfund.local>"),
  RATE_LIMIT_WINDOW_SECONDS: int(15 * 60),
  RATE_LIMIT_LOGIN: int(10),
  RATE_LIMIT_REGISTER: int(10),
  RATE_LIMIT_PASSWORD_RESET: int(5),
  PASSWORD_RESET_TTL_MINUTES: int(60),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "ENCRYPTION_KEY must be 64 hex characters (32 bytes)")
    .optional(),
  UPLOAD_MAX_IMAGE_MB: int(5),
  UPLOAD_MAX_DOCUMENT_MB: int(10),
  // Communication (issue 7): the mail outbox, Q&A rate limits, overdue creator updates.
  OUTBOX_INTERVAL_SECONDS: int(5),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_QUESTIONS: int(10),
  RATE_LIMIT_QA_REPORTS: int(20),
  UPDATE_OVERDUE_DAYS: z.coerce.number().int().min(1).default(30),
  // Settlement (issue 6): job interval (0: off), retry window, lease, batch size, fee overrides.
  SETTLEMENT_INTERVAL_SECONDS: int(60),
  RETRY_WINDOW_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  SETTLEMENT_LEASE_SECONDS: z.coerce.number().int().min(1).default(120),
  SETTLEMENT_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(1000),
  SETTLEMENT_FEES: z.string().optional(),
  // Customer service and operations (issue 7)
  SUPPORT_FIRST_RESPONSE_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  RATE_LIMIT_TICKETS: int(5),
  RATE_LIMIT_REPORTS: int(10),
  RISK_LARGE_PLEDGE_CNY: int(50_000),
  RISK_LARGE_PLEDGE_USD: int(10_000),
  RISK_LARGE_PLEDGE_GBP: int(8_000),
  RISK_LARGE_PLEDGE_EUR: int(9_000),
  RISK_WINDOW_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  RISK_PLEDGES_PER_ACCOUNT: int(5),
  RISK_PLEDGES_PER_IP: int(10),
  PROJECT_VIEWS_FLUSH_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  uploadDir: string;
  /** Identity documents (ID scans): never served to the public. */
  identityDir: string;
  mailDir: string;
  baseUrl: string;
  sessionSecret: string;
  trustProxy: boolean | number | string;
  logLevel: string;
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string } | null;
  mailFrom: string;
  rateLimit: { windowMs: number; login: number; register: number; passwordReset: number };
  passwordResetTtlMinutes: number;
  encryptionKey: string;
  uploads: { maxImageBytes: number; maxDocumentBytes: number };
  /** Mail is queued in the outbox and delivered by a job every intervalMs (0: no job), with backoff, giving up after maxAttempts. */
  outbox: { intervalMs: number; maxAttempts: number };
  /** Questions asked and Q&A reports per IP per rate-limit window (0: off). */
  qaRateLimit: { questions: number; reports: number };
  /** A funded creator who posts no update for this many days before every reward is delivered is overdue. */
  updateOverdueDays: number;
  /** All-or-nothing settlement: see server/services/settlement-settings.ts. */
  settlement: SettlementSettings;
  /** Support tickets and project reports: the first-response target and the per-IP limits per rate-limit window (0 = off). */
  support: { firstResponseHours: number; ticketsPerWindow: number; reportsPerWindow: number };
  /** Risk flags on pledges: the large-pledge amount per currency (minor units; 0 = off) and the velocity limits. */
  risk: {
    largePledgeMinor: Record<"CNY" | "USD" | "GBP" | "EUR", number>;
    windowMinutes: number;
    pledgesPerAccount: number;
    pledgesPerIp: number;
  };
  /** How often counted project page views are written to the database. */
  projectViewsFlushSeconds: number;
}

export class ConfigError extends Error {}

/** Reads configuration from environment variables; every value has a safe default except in production. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === "production" && !e.SESSION_SECRET) {
    throw new ConfigError(
      "SESSION_SECRET is required when NODE_ENV=production. Set it to a random string of at least 32 characters, e.g. `openssl rand -hex 32`.",
    );
  }
  if (e.NODE_ENV === "production" && !e.ENCRYPTION_KEY) {
    throw new ConfigError(
      "ENCRYPTION_KEY is required when NODE_ENV=production (it encrypts ID and bank account numbers). Generate one with `openssl rand -hex 32` and keep it safe: data sealed with it cannot be read without it.",
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseFile: path.join(dataDir, "crowdfund.sqlite"),
    uploadDir: path.join(dataDir, "uploads"),
    identityDir: path.join(dataDir, "identity"),
    mailDir: path.join(dataDir, "mail"),
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    sessionSecret: e.SESSION_SECRET ?? "development-only-secret-change-me-in-production",
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    smtp: e.SMTP_HOST
      ? {
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          secure: e.SMTP_SECURE,
          user: e.SMTP_USER,
          password: e.SMTP_PASSWORD,
        }
      : null,
    mailFrom: e.MAIL_FROM,
    rateLimit: {
      windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000,
      login: e.RATE_LIMIT_LOGIN,
      register: e.RATE_LIMIT_REGISTER,
      passwordReset: e.RATE_LIMIT_PASSWORD_RESET,
    },
    passwordResetTtlMinutes: e.PASSWORD_RESET_TTL_MINUTES,
    // The development key is public; production refuses to start without a real one (above).
    encryptionKey: e.ENCRYPTION_KEY ?? "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
    uploads: {
      maxImageBytes: e.UPLOAD_MAX_IMAGE_MB * 1024 * 1024,
      maxDocumentBytes: e.UPLOAD_MAX_DOCUMENT_MB * 1024 * 1024,
    },
    outbox: { intervalMs: e.OUTBOX_INTERVAL_SECONDS * 1000, maxAttempts: e.OUTBOX_MAX_ATTEMPTS },
    qaRateLimit: { questions: e.RATE_LIMIT_QUESTIONS, reports: e.RATE_LIMIT_QA_REPORTS },
    updateOverdueDays: e.UPDATE_OVERDUE_DAYS,
    settlement: {
      intervalSeconds: e.SETTLEMENT_INTERVAL_SECONDS,
      retryWindowDays: e.RETRY_WINDOW_DAYS,
      leaseSeconds: e.SETTLEMENT_LEASE_SECONDS,
      batchSize: e.SETTLEMENT_BATCH_SIZE,
      feeSchedules: settlementFees(e.SETTLEMENT_FEES),
    },
    support: {
      firstResponseHours: e.SUPPORT_FIRST_RESPONSE_HOURS,
      ticketsPerWindow: e.RATE_LIMIT_TICKETS,
      reportsPerWindow: e.RATE_LIMIT_REPORTS,
    },
    risk: {
      // Whole units of the currency in the environment, minor units (× 100) in the app.
      largePledgeMinor: {
        CNY: e.RISK_LARGE_PLEDGE_CNY * 100,
        USD: e.RISK_LARGE_PLEDGE_USD * 100,
        GBP: e.RISK_LARGE_PLEDGE_GBP * 100,
        EUR: e.RISK_LARGE_PLEDGE_EUR * 100,
      },
      windowMinutes: e.RISK_WINDOW_MINUTES,
      pledgesPerAccount: e.RISK_PLEDGES_PER_ACCOUNT,
      pledgesPerIp: e.RISK_PLEDGES_PER_IP,
    },
    projectViewsFlushSeconds: e.PROJECT_VIEWS_FLUSH_SECONDS,
  };
}

function settlementFees(text: string | undefined) {
  try {
    return feeSchedulesFrom(text);
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  ${(error as Error).message}`);
  }
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === "true") return true;
  if (value === "false" || value === "") return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // e.g. "loopback" or a list of addresses, as Express understands it
}
