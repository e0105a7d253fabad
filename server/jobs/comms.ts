import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { TransactionalMailer } from "../mail/outbox.ts";
import { DeliveryService } from "../services/delivery.ts";
import { Notifier } from "../services/notifications.ts";
import type { Db } from "../store/db.ts";
import { deliverOutbox } from "./outbox.ts";
import type { Scheduler } from "./scheduler.ts";

export interface CommsJobDeps {
  db: Db;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** The app's mailer (the outbox), for the messages jobs send. */
  mailer: TransactionalMailer;
  /** The real transport the outbox delivers through (createMailer: SMTP or .eml files). */
  transport: Mailer;
}

const HOUR = 3600 * 1000;

/**
 * The communication jobs: mail delivery from the outbox (every OUTBOX_INTERVAL_SECONDS), and the
 * reminders to funded creators who are overdue with an update (hourly).
 */
export function registerCommsJobs(scheduler: Scheduler, deps: CommsJobDeps): void {
  const { db, clock, config, logger, transport, mailer } = deps;
  scheduler.every("outbox", config.outbox.intervalMs, () =>
    deliverOutbox({ db, clock, transport, maxAttempts: config.outbox.maxAttempts, logger }),
  );
  const delivery = new DeliveryService({
    db,
    clock,
    notifier: new Notifier({ db, clock, mailer, baseUrl: config.baseUrl }),
    overdueDays: config.updateOverdueDays,
  });
  scheduler.every("update-reminders", HOUR, async () => {
    const sent = await delivery.remindOverdue();
    if (sent) logger.info({ sent }, "overdue update reminders sent");
  });
}
