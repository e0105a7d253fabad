import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { Db } from "../store/db.ts";
import {
  claimOutbox,
  dueOutbox,
  markOutboxAttemptFailed,
  markOutboxSent,
  type OutboxEntry,
} from "../store/outbox.ts";

const MINUTE = 60_000;
/** First retry after a minute, then doubling, never more than six hours apart. */
export const RETRY_BASE_MS = MINUTE;
export const RETRY_MAX_MS = 6 * 60 * MINUTE;
/** How long a claimed message is reserved for the worker sending it (a crash mid-send retries after it). */
export const LEASE_MS = 10 * MINUTE;

/** The wait after the n-th failed attempt (n ≥ 1): 1, 2, 4, 8 … minutes, at most six hours. */
export function retryDelayMs(failedAttempts: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(exponent, 30));
}

/**
 * Whether the mail server refused this message for good (an SMTP 5xx answer to the message or its
 * recipient). Connection problems and 4xx answers are temporary: the message is tried again.
 */
export function isPermanentFailure(error: unknown): boolean {
  const e = error as { responseCode?: number; command?: string };
  return (
    typeof e?.responseCode === "number" &&
    e.responseCode >= 500 &&
    e.responseCode < 600 &&
    // A 5xx greeting or to the connection (e.g. "554 no service") is the server, not the message.
    e.command !== "CONN" &&
    e.command !== "EHLO" &&
    e.command !== "HELO" &&
    e.command !== "AUTH PLAIN" &&
    e.command !== "AUTH LOGIN"
  );
}

/** The mail server could not be reached or would not talk to us (rather than refusing one message). */
export function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: string; command?: string };
  return (
    ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET", "EAUTH"].includes(
      e?.code ?? "",
    ) || e?.command === "CONN"
  );
}

export interface OutboxRunResult {
  sent: number;
  retrying: number;
  failed: number;
}

export interface OutboxJobDeps {
  db: Db;
  clock: Clock;
  /** The real transport: SMTP when configured, otherwise the .eml file writer (createMailer). */
  transport: Mailer;
  maxAttempts: number;
  logger?: Pick<Logger, "info" | "warn" | "error">;
  /** Messages per run (the next run takes the rest). */
  batchSize?: number;
}

/**
 * Delivers the queued messages that are due, oldest first. Each message is claimed before it is
 * sent (so two workers never send it twice), marked sent after the transport accepted it, or given
 * its next attempt with exponential backoff; after maxAttempts, or on a permanent refusal, it is
 * marked failed for an admin to look at. While the mail server is down the run stops at the first
 * connection failure instead of waiting on every message.
 */
export async function deliverOutbox(deps: OutboxJobDeps): Promise<OutboxRunResult> {
  const { db, clock, transport, logger } = deps;
  const result: OutboxRunResult = { sent: 0, retrying: 0, failed: 0 };
  const due = await dueOutbox(db, clock.now(), deps.batchSize ?? 50);
  let serverDown = false;
  for (const entry of due) {
    const now = clock.now();
    if (serverDown) {
      // Same wait as the failed one, without counting an attempt that was never made.
      if (await claimOutbox(db, entry, new Date(now.getTime() + retryDelayMs(Math.max(1, entry.attempts))))) {
        result.retrying += 1;
      }
      continue;
    }
    if (!(await claimOutbox(db, entry, new Date(now.getTime() + LEASE_MS)))) continue; // another worker has it
    const attempts = entry.attempts + 1;
    try {
      await transport.send({ to: entry.recipient, subject: entry.subject, text: entry.text });
    } catch (error) {
      const outcome = await recordFailure(deps, entry, attempts, error);
      result[outcome] += 1;
      if (isConnectionFailure(error)) serverDown = true;
      continue;
    }
    await markOutboxSent(db, entry.id, attempts, clock.now());
    result.sent += 1;
  }
  if (result.sent || result.retrying || result.failed) logger?.info({ outbox: result }, "outbox run");
  return result;
}

async function recordFailure(
  deps: OutboxJobDeps,
  entry: OutboxEntry,
  attempts: number,
  error: unknown,
): Promise<"retrying" | "failed"> {
  const message = describeError(error);
  const giveUp = isPermanentFailure(error) || attempts >= deps.maxAttempts;
  const next = giveUp ? null : new Date(deps.clock.now().getTime() + retryDelayMs(attempts));
  await markOutboxAttemptFailed(deps.db, entry.id, attempts, message, next);
  deps.logger?.[giveUp ? "error" : "warn"](
    { outboxId: entry.id, attempts, err: message },
    giveUp ? "mail delivery failed for good" : "mail delivery failed; will retry",
  );
  return giveUp ? "failed" : "retrying";
}

/** A short, single-line description of a transport error for the admin (no stack trace). */
export function describeError(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const text = (e?.message ?? String(error)).replace(/\s+/g, " ").trim();
  const code = e?.code ? `${e.code}: ` : "";
  return `${code}${text}`.slice(0, 500);
}
