import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { TransactionalMailer } from "../mail/outbox.ts";
import type { PaymentGateway } from "../payments/gateway.ts";
import { type CampaignRun, SettlementService } from "../services/settlement.ts";
import type { Db } from "../store/db.ts";
import type { Scheduler } from "./scheduler.ts";

export interface SettlementJobDeps {
  config: Config;
  db: Db;
  clock: Clock;
  mailer: TransactionalMailer;
  gateway: PaymentGateway;
  logger?: Pick<Logger, "info" | "warn" | "error">;
}

/** The settler of this process (the scheduler's job and `npm run settle` both use it). */
export function createSettler(deps: SettlementJobDeps, owner?: string): SettlementService {
  return new SettlementService({
    db: deps.db,
    clock: deps.clock,
    gateway: deps.gateway,
    mailer: deps.mailer,
    logger: deps.logger,
    baseUrl: deps.config.baseUrl,
    encryptionKey: deps.config.encryptionKey,
    settings: deps.config.settlement,
    owner,
  });
}

/**
 * The settlement job: every SETTLEMENT_INTERVAL_SECONDS, settles every campaign with work due
 * (closing, charging, retries, payouts, mail). Register it with the scheduler:
 *   scheduler.every("settlement", config.settlement.intervalSeconds * 1000, settlementJob(deps));
 */
export function settlementJob(deps: SettlementJobDeps): () => Promise<CampaignRun[]> {
  const settler = createSettler(deps);
  return async () => {
    const runs = await settler.settleDue();
    for (const run of runs) {
      if (run.result === "error")
        deps.logger?.warn({ run }, "settlement: campaign not finished, retried next run");
      else if (run.result !== "busy") deps.logger?.info({ run }, "settlement: campaign processed");
    }
    return runs;
  };
}

/** Registers the settlement job with the process's scheduler (server/main.ts); interval 0 leaves it off. */
export function registerSettlementJob(scheduler: Scheduler, deps: SettlementJobDeps): void {
  scheduler.every("settlement", deps.config.settlement.intervalSeconds * 1000, settlementJob(deps));
}
