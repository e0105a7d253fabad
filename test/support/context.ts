import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { type App, createApp } from "../../server/app.ts";
import { ManualClock } from "../../server/clock.ts";
import { type Config, loadConfig } from "../../server/config.ts";
import type { MailMessage } from "../../server/mail/mailer.ts";
import { OutboxMailer } from "../../server/mail/outbox.ts";
import { SandboxGateway } from "../../server/payments/sandbox.ts";
import type { Notifier } from "../../server/services/notifications.ts";
import { type Db, migrateToLatest, openDatabase } from "../../server/store/db.ts";
import { notifierFrom } from "../../server/web/notifications.ts";

export interface TestContext {
  app: App;
  db: Db;
  config: Config;
  clock: ManualClock;
  /** The sandbox processor; tests may set gateway.options (latency, failures). */
  gateway: SandboxGateway;
  /** Every message the app queued in the outbox, newest last (no outbox job runs in tests: see deliverOutbox). */
  mail: MailMessage[];
  /** The app's mailer: the outbox (what it queues is also seen in `mail`). */
  mailer: OutboxMailer;
  /** The app's Notifier (in-app notification + email queued in the outbox, so also seen in `mail`). */
  notifier: Notifier;
  /** Everything the request logger wrote. */
  logs: () => string;
  close(): Promise<void>;
}

/** A fresh app on a fresh temporary SQLite database. Call close() in after(). */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "seedfund-test-"));
  const config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    BASE_URL: "http://localhost:3000",
    LOG_LEVEL: "info",
    RATE_LIMIT_LOGIN: "0",
    RATE_LIMIT_REGISTER: "0",
    RATE_LIMIT_PASSWORD_RESET: "0",
    RATE_LIMIT_QUESTIONS: "0",
    RATE_LIMIT_QA_REPORTS: "0",
    ...env,
  });
  const db = openDatabase(config.databaseFile);
  await migrateToLatest(db);
  const clock = new ManualClock(new Date());
  const mail: MailMessage[] = [];
  const mailer = new OutboxMailer({ db, clock, onEnqueue: (message) => mail.push(message) });
  let logText = "";
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logText += chunk.toString();
      done();
    },
  });
  const logger = pino({ level: "info" }, logStream);
  const gateway = new SandboxGateway(db, clock);
  const app = createApp({ config, db, mailer, clock, logger, gateway });
  return {
    app,
    db,
    config,
    clock,
    gateway,
    mail,
    mailer,
    notifier: notifierFrom({ db, clock, mailer, config }),
    logs: () => logText,
    async close() {
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
