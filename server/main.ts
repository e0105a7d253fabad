import { pino } from "pino";
import { createApp } from "./app.ts";
import { systemClock } from "./clock.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { registerCommsJobs } from "./jobs/comms.ts";
import { registerReconfirmationJob } from "./jobs/reconfirmation.ts";
import { Scheduler } from "./jobs/scheduler.ts";
import { registerSettlementJob } from "./jobs/settlement.ts";
import { createMailer } from "./mail/mailer.ts";
import { OutboxMailer } from "./mail/outbox.ts";
import { SandboxGateway } from "./payments/sandbox.ts";
import { migrateToLatest, openDatabase } from "./store/db.ts";
import { deleteExpiredSessions } from "./web/session-store.ts";
import { projectViewsFor } from "./web/support.ts";

const HOUR_MS = 60 * 60 * 1000;

export async function startServer(onListening?: (url: string) => void) {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const db = openDatabase(config.databaseFile);
  const applied = await migrateToLatest(db);
  if (applied.length) logger.info({ applied }, "migrations applied");
  const gateway = new SandboxGateway(db, systemClock);
  // Mail is queued in the outbox table; the outbox job delivers it through the real transport.
  const mailer = new OutboxMailer({ db, clock: systemClock });
  const scheduler = new Scheduler(logger);
  registerCommsJobs(scheduler, {
    db,
    clock: systemClock,
    config,
    logger,
    mailer,
    transport: createMailer(config),
  });
  registerReconfirmationJob(scheduler, { db, clock: systemClock, mailer, baseUrl: config.baseUrl, logger });
  registerSettlementJob(scheduler, { config, db, clock: systemClock, mailer, gateway, logger }); // every SETTLEMENT_INTERVAL_SECONDS
  scheduler.every("expired-sessions", HOUR_MS, () => deleteExpiredSessions(db, systemClock.now()));
  const app = createApp({ config, db, mailer, clock: systemClock, logger, gateway });
  // Project page views are counted in memory and written every few seconds (and at shutdown).
  const projectViews = projectViewsFor({ db, clock: systemClock, logger });
  projectViews.start(config.projectViewsFlushSeconds);
  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
    logger.info({ url }, "listening");
    scheduler.start();
    onListening?.(url);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    server.close(async () => {
      await scheduler.stop();
      await projectViews.stop();
      await db.destroy();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref(); // in-flight requests get 10 s
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  return { server, config, db };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  startServer().catch((error) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    console.error(error);
    process.exit(1);
  });
}
