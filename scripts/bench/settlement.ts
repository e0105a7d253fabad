/**
 * npm run bench:settlement — settles reward campaigns of 10,000 and 100,000 pledges through the
 * sandbox gateway and prints ONE JSON document: pledges per second, peak memory and the 100k/10k time
 * ratio, with pass/fail against the targets (≥ 25,000 pledges/s, ratio ≤ 12, peak < 300 MB).
 *
 * For each size: a fresh SQLite database under a temporary directory is filled (backers, saved
 * sandbox cards, pledges; 1 % of the cards fail at charge time) by this process; then a separate
 * worker process (this file with --worker) settles it and measures itself: the close and the first
 * pass of charges, then, with its clock moved past the retry window, the retries, drops, fees, payout
 * and transfer. Peak memory is the worker's resident set size, sampled every 10 ms. The ledger is
 * checked at the end (npm run ledger:check's checks) and must pass.
 *
 * Environment: BENCH_SETTLEMENT_SIZES (default "10000,100000"), BENCH_FAIL_EVERY (default 100),
 * SETTLEMENT_BATCH_SIZE (default 1000), BENCH_KEEP=1 keeps the temporary directories.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { ManualClock } from "../../server/clock.ts";
import { loadConfig } from "../../server/config.ts";
import { createSettler } from "../../server/jobs/settlement.ts";
import { OutboxMailer } from "../../server/mail/outbox.ts";
import { SandboxGateway } from "../../server/payments/sandbox.ts";
import { checkLedger } from "../../server/services/ledger.ts";
import { migrateToLatest, openDatabase } from "../../server/store/db.ts";
import { seedCampaign } from "./settlement-data.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const TARGETS = { pledgesPerSecond: 25_000, ratio100kTo10k: 12, peakMemoryMb: 300 };
const DAY_MS = 24 * 3600 * 1000;

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

interface WorkerResult {
  pledges: number;
  closeAndChargeSeconds: number;
  payoutSeconds: number;
  totalSeconds: number;
  pledgesPerSecond: number;
  cpuSeconds: number;
  pledgesPerCpuSecond: number;
  loadAverage: number[];
  peakRssMb: number;
  baselineRssMb: number;
  charged: number;
  dropped: number;
  ledgerOk: boolean;
  ledgerCheckSeconds: number;
}

async function worker(dataDir: string, pledges: number): Promise<WorkerResult> {
  let peak = process.memoryUsage().rss;
  const baseline = peak;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const config = loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir });
  const db = openDatabase(config.databaseFile);
  const clock = new ManualClock(new Date());
  const gateway = new SandboxGateway(db, clock);
  const settler = createSettler({
    config,
    db,
    clock,
    gateway,
    mailer: new OutboxMailer({ db, clock }), // as in production: settlement's mail is queued in the outbox
    logger: pino({ level: "silent" }),
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const [first] = await settler.settleDue();
  const t1 = performance.now();
  clock.advance((config.settlement.retryWindowDays + 1) * DAY_MS);
  const [second] = await settler.settleDue();
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(sampler);
  if (first?.result === "error" || second?.result !== "done") {
    throw new Error(`settlement did not finish: ${JSON.stringify({ first, second })}`);
  }
  const c0 = performance.now();
  const ledger = await checkLedger(db);
  const c1 = performance.now();
  await db.destroy();
  const total = (t2 - t0) / 1000;
  return {
    pledges,
    closeAndChargeSeconds: round((t1 - t0) / 1000),
    payoutSeconds: round((t2 - t1) / 1000),
    totalSeconds: round(total),
    pledgesPerSecond: Math.round(pledges / total),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6),
    pledgesPerCpuSecond: Math.round(pledges / ((cpu.user + cpu.system) / 1e6)),
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    peakRssMb: round(peak / 1024 / 1024, 1),
    baselineRssMb: round(baseline / 1024 / 1024, 1),
    charged: (first?.charged ?? 0) + (second?.charged ?? 0),
    dropped: (first?.dropped ?? 0) + (second?.dropped ?? 0),
    ledgerOk: ledger.ok,
    ledgerCheckSeconds: round((c1 - c0) / 1000),
  };
}

function round(n: number, digits = 3) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

async function prepare(
  pledges: number,
  failEvery: number,
): Promise<{ dataDir: string; seedSeconds: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `seedfund-bench-settle-${pledges}-`));
  const db = openDatabase(path.join(dataDir, "crowdfund.sqlite"));
  await migrateToLatest(db);
  const started = performance.now();
  await seedCampaign(db, {
    backers: pledges,
    failEvery,
    goalMinor: 1_000_000,
    amountMinor: (i) => 1_000 + ((i * 7919) % 50_000),
  });
  await db.raw("PRAGMA wal_checkpoint(TRUNCATE)");
  await db.destroy();
  return { dataDir, seedSeconds: round((performance.now() - started) / 1000, 1) };
}

function runWorker(dataDir: string, pledges: number): Promise<WorkerResult> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--worker", dataDir, String(pledges)],
    {
      cwd: root,
      env: { PATH: process.env.PATH, SETTLEMENT_BATCH_SIZE: process.env.SETTLEMENT_BATCH_SIZE ?? "1000" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`bench worker exited with ${code}`));
      else resolve(JSON.parse(out) as WorkerResult);
    });
  });
}

async function main() {
  const sizes = (process.env.BENCH_SETTLEMENT_SIZES ?? "10000,100000").split(",").map(Number);
  const failEvery = Number(process.env.BENCH_FAIL_EVERY ?? 100);
  const results: (WorkerResult & { seedSeconds: number })[] = [];
  for (const size of sizes) {
    log(`settlement bench: preparing ${size} pledges…`);
    const { dataDir, seedSeconds } = await prepare(size, failEvery);
    log(`settlement bench: settling ${size} pledges…`);
    try {
      results.push({ ...(await runWorker(dataDir, size)), seedSeconds });
    } finally {
      if (process.env.BENCH_KEEP !== "1") fs.rmSync(dataDir, { recursive: true, force: true });
      else log(`kept ${dataDir}`);
    }
  }
  const small = results.find((r) => r.pledges === 10_000);
  const large = results.find((r) => r.pledges === 100_000);
  const ratio = small && large ? round(large.totalSeconds / small.totalSeconds, 2) : null;
  const slowest = Math.min(...results.map((r) => r.pledgesPerSecond));
  const peak = Math.max(...results.map((r) => r.peakRssMb));
  const report = {
    benchmark: "settlement",
    node: process.version,
    batchSize: Number(process.env.SETTLEMENT_BATCH_SIZE ?? 1000),
    failingCards: failEvery ? `1 in ${failEvery}` : "none",
    results,
    ratio100kTo10k: ratio,
    targets: TARGETS,
    pass: {
      pledgesPerSecond: slowest >= TARGETS.pledgesPerSecond,
      ratio100kTo10k: ratio === null ? null : ratio <= TARGETS.ratio100kTo10k,
      peakMemory: peak < TARGETS.peakMemoryMb,
      ledger: results.every((r) => r.ledgerOk),
    },
  };
  console.log(JSON.stringify(report, null, 2));
  if (Object.values(report.pass).some((v) => v === false)) process.exitCode = 1;
}

if (process.argv[2] === "--worker") {
  const result = await worker(process.argv[3] as string, Number(process.argv[4]));
  process.stdout.write(JSON.stringify(result));
} else {
  await main();
}
