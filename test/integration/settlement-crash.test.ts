import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { type SeededCampaign, seedCampaign } from "../../scripts/bench/settlement-data.ts";
import { loadConfig } from "../../server/config.ts";
import { checkInvariants } from "../../server/domain/settlement/index.ts";
import { checkLedger } from "../../server/services/ledger.ts";
import { type Db, migrateToLatest, openDatabase } from "../../server/store/db.ts";
import { loadEntries } from "../../server/store/ledger.ts";
import { startScript } from "../support/settle-process.ts";

const KILLS = Number(process.env.CRASH_KILLS ?? 24);
/** Each sandbox call waits this long (half before, half after recording): kills land mid-run. */
const LATENCY_MS = 120;

/**
 * Crash safety (issue 6): `npm run settle` on a campaign of 300 pledges is SIGKILLed at random points
 * at least 20 times and restarted each time. The sandbox's latency (half before, half after it records
 * a batch of charges) makes the kills land mid-run: before an attempt is recorded, between recording
 * it and the gateway, between the gateway charging and the answer being recorded, in the close, in
 * the payout. After every kill: no pledge was charged twice, states agree with the gateway and the
 * ledger, the ledger balances. At the end one more run finishes the job and ledger:check passes.
 */
describe("Settlement: killed at random points and restarted", function () {
  this.timeout(180_000);
  let dataDir: string;
  let db: Db;
  let campaign: SeededCampaign;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "seedfund-crash-"));
    db = openDatabase(loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir }).databaseFile);
    await migrateToLatest(db);
    campaign = await seedCampaign(db, { backers: 300, failEvery: 10, goalMinor: 100_000, withTier: true });
  });
  after(async () => {
    await db.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({
    ...process.env,
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    SANDBOX_LATENCY_MS: String(LATENCY_MS),
    SETTLEMENT_BATCH_SIZE: "5",
    RETRY_WINDOW_DAYS: "0",
    LOG_LEVEL: "silent",
  });

  /** How much settlement has written: a number that grows with every step. */
  async function progress(): Promise<number> {
    const [a] = await db("charge_attempts").count({ n: "*" });
    const [e] = await db("journal_entries").count({ n: "*" });
    const [s] = await db("settlements").count({ n: "*" });
    return Number(a?.n ?? 0) + Number(e?.n ?? 0) + Number(s?.n ?? 0);
  }

  /** Everything that must hold at any instant, whatever was interrupted. */
  async function checkConsistent(): Promise<{ inFlightCharged: number }> {
    // No pledge charged twice at the gateway.
    const charges = await db("sandbox_charges").select("idempotency_key", "status", "id");
    const succeeded = new Map<number, string>();
    for (const c of charges) {
      const m = /^pledge-(\d+)-attempt-\d+$/.exec(c.idempotency_key);
      if (!m || c.status !== "succeeded") continue;
      expect(succeeded.has(Number(m[1])), `pledge ${m[1]} charged twice`).to.equal(false);
      succeeded.set(Number(m[1]), c.id);
    }
    // Every charge attempt has exactly one gateway charge at most, under its own key.
    const attempts = await db("charge_attempts").select("*");
    const openItems = new Set(attempts.filter((a) => a.status === "started").map((a) => a.item_id));
    const chargeByKey = new Map(charges.map((c) => [c.idempotency_key, c]));
    for (const a of attempts) {
      if (a.status === "started") continue;
      const c = chargeByKey.get(a.idempotency_key);
      expect(c, `completed attempt ${a.idempotency_key} has no gateway charge`).to.not.equal(undefined);
      expect(c?.status).to.equal(a.status);
      expect(a.gateway_charge_id).to.equal(c?.id);
    }
    // Items, pledges, gateway and ledger agree.
    const entries = (await loadEntries(db)).map((s) => s.entry);
    const chargeEntries = new Set(entries.filter((e) => e.kind === "charge").map((e) => e.key));
    const items = await db("settlement_items as i")
      .join("pledges as p", "p.id", "i.backing_id")
      .select("i.*", "p.payment_status", "p.status as pledge_status");
    let inFlightCharged = 0;
    for (const i of items) {
      expect(i.payment_status, `pledge ${i.backing_id}`).to.equal(i.status);
      const key = `charge:pledge-${i.backing_id}`;
      if (i.status === "charged") {
        expect(succeeded.get(i.backing_id), `charged pledge ${i.backing_id} at the gateway`).to.equal(
          i.charge_id,
        );
        expect(chargeEntries.has(key)).to.equal(true);
      } else {
        expect(chargeEntries.has(key), `${i.status} pledge ${i.backing_id} has a charge entry`).to.equal(
          false,
        );
        if (succeeded.has(i.backing_id)) {
          // Charged by the gateway, answer not yet recorded: only possible with an attempt in flight.
          expect(openItems.has(i.id), `pledge ${i.backing_id} charged without an attempt in flight`).to.equal(
            true,
          );
          inFlightCharged += 1;
        }
      }
    }
    // The project and its settlement moved together.
    const project = await db("projects").where({ id: campaign.projectId }).first();
    const settlement = await db("settlements").where({ project_id: campaign.projectId }).first();
    if (settlement) {
      expect(project.state).to.equal(settlement.outcome);
      expect(items).to.have.length(campaign.pledgeIds.length);
    } else {
      expect(project.state).to.equal("live");
      expect(items).to.have.length(0);
    }
    // The ledger balances, nothing negative, escrow zero after payout.
    expect(checkInvariants(entries)).to.deep.equal([]);
    return { inFlightCharged };
  }

  it(`survives ${KILLS} SIGKILLs and finishes the job on the last run`, async () => {
    let kills = 0;
    let runs = 0;
    let sawInFlightCharged = 0;
    const killedAt: string[] = [];
    // After the required kills, a few more aimed at the end of the run (the payout and transfer).
    let tail = 0;
    while (kills < KILLS || (tail < 4 && !(await db("settlements").where({ phase: "done" }).first()))) {
      if (kills >= KILLS) tail += 1;
      runs += 1;
      expect(runs, "the job finished before it could be killed often enough").to.be.lessThan(KILLS * 3);
      const before = await progress();
      const started = Date.now();
      const { child, done } = startScript(env());
      let exited = false;
      void done.then(() => {
        exited = true;
      });
      // Most kills wait for the run to start writing, then a random moment; some are purely random
      // (they may land while the process is still starting).
      if (kills % 4 === 3 || kills === 0) {
        await sleep(Math.random() * 1500);
      } else {
        while (!exited && (await progress()) === before && Date.now() - started < 10_000) await sleep(5);
        await sleep(Math.random() * (tail ? 6 : 2) * LATENCY_MS);
      }
      if (!exited) {
        child.kill("SIGKILL");
        const result = await done;
        if (result.signal === "SIGKILL") {
          kills += 1;
          const settlement = await db("settlements").where({ project_id: campaign.projectId }).first();
          killedAt.push(settlement?.phase ?? "closing");
        }
      } else {
        const result = await done;
        expect(result.code, result.output).to.equal(0);
      }
      const { inFlightCharged } = await checkConsistent();
      sawInFlightCharged += inFlightCharged;
      const finished = await db("settlements")
        .where({ project_id: campaign.projectId, phase: "done" })
        .first();
      if (finished && kills < KILLS) {
        throw new Error(`the job finished after ${kills} kills (${killedAt.join(", ")}); make it longer`);
      }
    }

    // The last run, not killed, finishes everything.
    const last = await startScript(env()).done;
    expect(last.code, last.output).to.equal(0);
    await checkConsistent();
    const items = await db("settlement_items").where({ project_id: campaign.projectId });
    const byStatus = new Map<string, number>();
    for (const i of items) byStatus.set(i.status, (byStatus.get(i.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).to.deep.equal({ charged: 270, dropped: 30 });
    const settlement = await db("settlements").where({ project_id: campaign.projectId }).first();
    expect(settlement.phase).to.equal("done");
    expect(await db("sandbox_transfers")).to.have.length(1);
    expect(await db("charge_attempts").where({ status: "started" })).to.have.length(0);
    const check = await checkLedger(db);
    expect(check.problems).to.deep.equal([]);
    // npm run ledger:check agrees.
    const ledger = await startScript(env(), "scripts/ledger-check.ts").done;
    expect(ledger.code, ledger.output).to.equal(0);
    expect(ledger.output).to.include("OK: every invariant holds.");
    console.log(
      `      ${kills} kills in ${runs} runs (phases: ${[...new Set(killedAt)].join(", ")}); ` +
        `${sawInFlightCharged} time(s) a pledge was charged at the gateway with its answer not yet recorded`,
    );
  });
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
