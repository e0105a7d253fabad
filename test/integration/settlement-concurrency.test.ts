import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { seedCampaign } from "../../scripts/bench/settlement-data.ts";
import { loadConfig } from "../../server/config.ts";
import { checkLedger } from "../../server/services/ledger.ts";
import { LeaseLost } from "../../server/services/settlement.ts";
import { type Db, migrateToLatest, openDatabase } from "../../server/store/db.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { settle } from "../support/settle-process.ts";
import { settlerOf, succeededChargesPerPledge } from "../support/settlement-factory.ts";

describe("Settlement: concurrent settlers", () => {
  describe("in one process", () => {
    let ctx: TestContext;
    beforeEach(async () => {
      ctx = await createTestContext({ SETTLEMENT_BATCH_SIZE: "7" });
    });
    afterEach(async () => {
      await ctx.close();
    });

    it("two settlers running at once settle every campaign exactly once", async () => {
      const campaigns = [];
      for (let i = 0; i < 3; i++) {
        campaigns.push(await seedCampaign(ctx.db, { backers: 40, failEvery: 9, now: ctx.clock.now() }));
      }
      ctx.gateway.options = { latencyMs: 3 };
      const one = settlerOf(ctx, "settler-one");
      const two = settlerOf(ctx, "settler-two");
      const [a, b] = await Promise.all([one.settleDue(), two.settleDue()]);
      const worked = [...a, ...b].filter((r) => r.result !== "busy");
      // Each campaign was worked on by one settler; the other found it claimed (or already done).
      for (const c of campaigns) {
        expect(worked.filter((r) => r.projectId === c.projectId && r.charged > 0)).to.have.length(1);
      }
      const perPledge = await succeededChargesPerPledge(ctx);
      const all = campaigns.flatMap((c) => c.pledgeIds);
      const failing = new Set(campaigns.flatMap((c) => c.failingPledgeIds));
      for (const id of all) expect(perPledge.get(id) ?? 0).to.equal(failing.has(id) ? 0 : 1);
      const attempts = await ctx.db("charge_attempts").count({ n: "*" }).first();
      expect(Number(attempts?.n)).to.equal(all.length);
      expect((await checkLedger(ctx.db)).problems).to.deep.equal([]);
    });

    it("the same campaign asked of two settlers at once: one works, the other is told it is busy", async () => {
      const c = await seedCampaign(ctx.db, { backers: 30, now: ctx.clock.now() });
      ctx.gateway.options = { latencyMs: 2 };
      const runs = await Promise.all([
        settlerOf(ctx, "x").settleCampaign(c.projectId),
        settlerOf(ctx, "y").settleCampaign(c.projectId),
      ]);
      expect(runs.map((r) => r.result).sort()).to.deep.equal(["busy", "progress"]);
      expect(runs.reduce((s, r) => s + r.charged, 0)).to.equal(30);
    });

    it("a claim is a lease: held by a live settler it blocks others until it expires, then the holder is fenced out", async () => {
      const c = await seedCampaign(ctx.db, { backers: 5, goalMinor: 1_000, now: ctx.clock.now() });
      const holder = settlerOf(ctx, "holder");
      expect(await holder.claim(c.projectId)).to.equal(true);
      expect((await settlerOf(ctx, "other").settleCampaign(c.projectId)).result).to.equal("busy");
      ctx.clock.advance((ctx.config.settlement.leaseSeconds + 1) * 1000);
      const run = await settlerOf(ctx, "other").settleCampaign(c.projectId);
      expect(run).to.include({ result: "progress", charged: 5 });
      // The old holder wakes up: its next write transaction is refused.
      let refused: unknown;
      try {
        await ctx.db.transaction((trx) => holder.renew(trx, c.projectId));
      } catch (error) {
        refused = error;
      }
      expect(refused).to.be.instanceOf(LeaseLost);
    });

    it("a claim left by a process that no longer exists on this host is taken over at once", async () => {
      const c = await seedCampaign(ctx.db, { backers: 3, goalMinor: 1_000, now: ctx.clock.now() });
      const until = new Date(ctx.clock.now().getTime() + 3600_000).toISOString();
      await ctx.db("settlement_claims").insert({
        project_id: c.projectId,
        claimed_by: `${os.hostname()}/99999999/dead`,
        claimed_until: until,
        updated_at: until,
      });
      expect((await settlerOf(ctx).settleCampaign(c.projectId)).charged).to.equal(3);
      // A live holder on this host (this very process) is respected.
      await ctx
        .db("settlement_claims")
        .where({ project_id: c.projectId })
        .update({ claimed_by: `${os.hostname()}/${process.pid}/alive`, claimed_until: until });
      expect(await settlerOf(ctx).claim(c.projectId)).to.equal(false);
    });
  });

  describe("in two processes", function () {
    this.timeout(60_000);
    let dataDir: string;
    let db: Db;
    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "seedfund-settle2-"));
      db = openDatabase(loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir }).databaseFile);
      await migrateToLatest(db);
    });
    after(async () => {
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it("two `npm run settle` processes at once charge each pledge once and finish every campaign", async () => {
      const campaigns = [];
      for (let i = 0; i < 4; i++) campaigns.push(await seedCampaign(db, { backers: 60, failEvery: 13 }));
      const env = {
        ...process.env,
        NODE_ENV: "test",
        DATA_DIR: dataDir,
        SANDBOX_LATENCY_MS: "20",
        SETTLEMENT_BATCH_SIZE: "8",
        RETRY_WINDOW_DAYS: "0",
        LOG_LEVEL: "warn",
      };
      const runs = await Promise.all([settle(env), settle(env)]);
      for (const r of runs) expect(r.code, r.output).to.equal(0);
      const summaries = runs.map((r) => JSON.parse(r.output.trim().split("\n").at(-1) as string));
      expect(summaries.reduce((s, x) => s + x.charged, 0)).to.equal(
        campaigns.reduce((s, c) => s + c.pledgeIds.length - c.failingPledgeIds.length, 0),
      );
      const perPledge = await succeededChargesPerPledge({ db });
      for (const c of campaigns) {
        for (const id of c.pledgeIds) {
          expect(perPledge.get(id) ?? 0, `pledge ${id}`).to.equal(c.failingPledgeIds.includes(id) ? 0 : 1);
        }
      }
      const phases = await db("settlements").select("phase");
      expect(phases.map((p) => p.phase)).to.deep.equal(["done", "done", "done", "done"]);
      expect(await db("sandbox_transfers")).to.have.length(4);
      expect((await checkLedger(db)).problems).to.deep.equal([]);
    });
  });
});
