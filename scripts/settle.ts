// npm run settle [-- --project ID] [--dry-run]
// Settles every campaign with work due now (close at the deadline, charge, retry, pay out, mail), as
// the server's scheduled job does; safe to run while the server runs, or in several processes at once
// (each campaign is claimed in the database). Prints one JSON line per campaign and a summary.
// Exit code: 0 when nothing failed, 1 when a campaign could not be finished (it is retried next run).
// SANDBOX_LATENCY_MS (tests, benchmarks): milliseconds each sandbox gateway call waits.
import { parseArgs } from "node:util";
import { pino } from "pino";
import { systemClock } from "../server/clock.ts";
import { loadConfig } from "../server/config.ts";
import { createSettler } from "../server/jobs/settlement.ts";
import { OutboxMailer } from "../server/mail/outbox.ts";
import { SandboxGateway } from "../server/payments/sandbox.ts";
import { previewSettlement } from "../server/services/settlement-reports.ts";
import { migrateToLatest, openDatabase } from "../server/store/db.ts";

const { values } = parseArgs({
  options: { project: { type: "string" }, "dry-run": { type: "boolean", default: false } },
});
const config = loadConfig();
const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" }, pino.destination(2));
const db = openDatabase(config.databaseFile);
await migrateToLatest(db);
const gateway = new SandboxGateway(db, systemClock, {
  latencyMs: Number(process.env.SANDBOX_LATENCY_MS ?? 0),
});
// Mail goes into the app's outbox, delivered with retries by the server's outbox job.
const mailer = new OutboxMailer({ db, clock: systemClock });
const settler = createSettler({ config, db, clock: systemClock, mailer, gateway, logger });
let failed = false;
try {
  const projectId = values.project === undefined ? undefined : Number(values.project);
  if (projectId !== undefined && (!Number.isSafeInteger(projectId) || projectId <= 0)) {
    console.error("--project must be a project id");
    process.exitCode = 2;
  } else if (values["dry-run"]) {
    if (projectId === undefined) {
      console.error("--dry-run needs --project ID");
      process.exitCode = 2;
    } else {
      console.log(
        JSON.stringify(await previewSettlement(db, config.settlement, projectId, systemClock.now()), null, 2),
      );
    }
  } else {
    const runs =
      projectId === undefined ? await settler.settleDue() : [await settler.settleCampaign(projectId)];
    for (const run of runs) console.log(JSON.stringify(run));
    failed = runs.some((r) => r.result === "error");
    console.log(
      JSON.stringify({
        campaigns: runs.length,
        done: runs.filter((r) => r.result === "done").length,
        busy: runs.filter((r) => r.result === "busy").length,
        errors: runs.filter((r) => r.result === "error").length,
        charged: runs.reduce((s, r) => s + r.charged, 0),
        failed: runs.reduce((s, r) => s + r.failed, 0),
        dropped: runs.reduce((s, r) => s + r.dropped, 0),
      }),
    );
    if (failed) process.exitCode = 1;
  }
} finally {
  await db.destroy();
}
