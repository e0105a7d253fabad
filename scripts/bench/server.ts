/**
 * The benchmark's server process: the whole app on one port and a bare Express "hello" route on a
 * second port, in the same process, so both compete for the same CPU. Prints its ports as one JSON
 * line on stdout. Configuration comes from the environment (scripts/bench/run.ts sets it).
 *
 * Mail is queued in the outbox table, as server/main.ts does: a request's work ends when its mail is
 * committed with it; delivering the queue is the outbox job's, which does not run during the
 * measurement (the queue is left for it).
 */
import express from "express";
import { pino } from "pino";
import { createApp } from "../../server/app.ts";
import { systemClock } from "../../server/clock.ts";
import { loadConfig } from "../../server/config.ts";
import { OutboxMailer } from "../../server/mail/outbox.ts";
import { SandboxGateway } from "../../server/payments/sandbox.ts";
import { openDatabase } from "../../server/store/db.ts";

const config = loadConfig();
const db = openDatabase(config.databaseFile);
const logger = pino({ level: config.logLevel });
const gateway = new SandboxGateway(db, systemClock);
const mailer = new OutboxMailer({ db, clock: systemClock });
const app = createApp({ config, db, mailer, clock: systemClock, logger, gateway });

const bare = express();
bare.disable("x-powered-by");
bare.get("/hello", (_req, res) => {
  res.send("hello");
});

const listen = (server: express.Express) =>
  new Promise<number>((resolve) => {
    const s = server.listen(0, "127.0.0.1", () => {
      const address = s.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });

const [appPort, barePort] = await Promise.all([listen(app), listen(bare)]);
process.stdout.write(`${JSON.stringify({ appPort, barePort })}\n`);
process.on("SIGTERM", () => process.exit(0));
