import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import type { TransactionalMailer } from "../mail/outbox.ts";
import { InvestingService } from "../services/investing.ts";
import { Notifier } from "../services/notifications.ts";
import type { Db } from "../store/db.ts";
import type { Scheduler } from "./scheduler.ts";

export interface ReconfirmationJobDeps {
  db: Db;
  clock: Clock;
  mailer: TransactionalMailer;
  baseUrl: string;
  logger?: Pick<Logger, "info" | "error">;
}

/** How often the job looks for commitments whose reconfirmation deadline has passed. */
export const RECONFIRMATION_INTERVAL_MS = 5 * 60 * 1000;

/**
 * The reconfirmation deadline job (US Rule 304): a commitment not reconfirmed within five business
 * days of a material change is cancelled, its amount leaves the offering's totals, and the investor is
 * told. Returns a function the scheduler runs; it returns how many commitments it cancelled.
 */
export function reconfirmationJob(deps: ReconfirmationJobDeps): () => Promise<number> {
  const { db, clock, mailer, baseUrl } = deps;
  const investing = new InvestingService({
    db,
    clock,
    notifier: new Notifier({ db, clock, mailer, baseUrl }),
  });
  return async () => {
    const cancelled = await investing.expireReconfirmations();
    if (cancelled > 0) deps.logger?.info({ cancelled }, "commitments not reconfirmed in time were cancelled");
    return cancelled;
  };
}

/** Registers the job with the process's scheduler (server/main.ts). */
export function registerReconfirmationJob(
  scheduler: Scheduler,
  deps: ReconfirmationJobDeps,
  intervalMs = RECONFIRMATION_INTERVAL_MS,
): void {
  scheduler.every("reconfirmation-deadlines", intervalMs, reconfirmationJob(deps));
}
