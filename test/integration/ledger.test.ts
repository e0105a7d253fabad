import { expect } from "chai";
import { checkLedger } from "../../server/services/ledger.ts";
import { PayoutService } from "../../server/services/payouts.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { createUser } from "../support/project-factory.ts";
import { startScript } from "../support/settle-process.ts";
import {
  back,
  DAY_MS,
  FAILING_CARD,
  itemOf,
  liveCampaign,
  passDeadline,
  settlerOf,
} from "../support/settlement-factory.ts";

describe("Ledger", function () {
  this.timeout(30_000);
  let ctx: TestContext;
  let projectId: number;
  let creatorId: number;
  let pledgeIds: number[];

  beforeEach(async () => {
    ctx = await createTestContext();
    // A settled campaign with every kind of entry: charges, a refund before payout, fees, payout,
    // transfer, a refund after payout; and a dropped pledge.
    const campaign = await liveCampaign(ctx, { goalMinor: 5_000 });
    projectId = campaign.project.id;
    creatorId = campaign.creator.id;
    const a = await back(ctx, campaign, { amountMinor: 6_000 });
    const b = await back(ctx, campaign, { amountMinor: 4_000 });
    const c = await back(ctx, campaign, { amountMinor: 9_900, limited: true });
    await back(ctx, campaign, { card: FAILING_CARD, amountMinor: 2_000 });
    pledgeIds = [a.pledgeId, b.pledgeId, c.pledgeId];
    passDeadline(ctx);
    await settlerOf(ctx).settleDue();
    const admin = await createUser(ctx.db, { role: "admin" });
    const payouts = new PayoutService({
      db: ctx.db,
      clock: ctx.clock,
      gateway: ctx.gateway,
      encryptionKey: ctx.config.encryptionKey,
      settings: ctx.config.settlement,
    });
    await payouts.refund(admin, projectId, (await itemOf(ctx, b.pledgeId)).id, "Before payout");
    ctx.clock.advance(8 * DAY_MS);
    await settlerOf(ctx).settleDue();
    await payouts.refund(admin, projectId, (await itemOf(ctx, c.pledgeId)).id, "After payout");
  });
  afterEach(async () => {
    await ctx.close();
  });

  const env = () => ({ ...process.env, NODE_ENV: "test", DATA_DIR: ctx.config.dataDir, LOG_LEVEL: "silent" });

  it("passes on a settled campaign with refunds before and after payout (and npm run ledger:check exits 0)", async () => {
    const kinds = (await ctx.db("journal_entries").orderBy("id").select("kind")).map((r) => r.kind);
    expect(kinds).to.deep.equal([
      "charge",
      "charge",
      "charge",
      "refund",
      "fees",
      "payout",
      "transfer",
      "refund_after_payout",
    ]);
    const result = await checkLedger(ctx.db);
    expect(result.problems).to.deep.equal([]);
    expect(result.stats).to.include({ entries: 8, gatewayRefunds: 2, gatewayTransfers: 1 });
    const run = await startScript(env(), "scripts/ledger-check.ts").done;
    expect(run.code, run.output).to.equal(0);
    expect(run.output).to.include("OK: every invariant holds.");
  });

  it("is append-only: entries and postings cannot be changed or deleted", async () => {
    for (const table of ["journal_entries", "postings"]) {
      let refused: unknown;
      try {
        await ctx.db(table).update({ currency: "USD" });
      } catch (error) {
        refused = error;
      }
      expect(String(refused), table).to.include("append-only");
      refused = undefined;
      try {
        await ctx.db(table).delete();
      } catch (error) {
        refused = error;
      }
      expect(String(refused), table).to.include("append-only");
    }
    let refused: unknown;
    try {
      await ctx.db("postings").insert({
        entry_id: 1,
        account: "escrow:campaign:1",
        currency: "CNY",
        debit_minor: 5,
        credit_minor: 5,
      });
    } catch (error) {
      refused = error;
    }
    expect(String(refused)).to.include("CHECK constraint failed");
  });

  it("fails on an unbalanced entry (an extra posting) and the script exits 1 listing it", async () => {
    const entry = await ctx.db("journal_entries").where({ kind: "charge" }).first();
    await ctx.db("postings").insert({
      entry_id: entry.id,
      account: `escrow:campaign:${projectId}`,
      currency: "CNY",
      debit_minor: 1,
      credit_minor: 0,
    });
    const result = await checkLedger(ctx.db);
    expect(result.ok).to.equal(false);
    expect(result.problems.join("\n")).to.include(
      `entry ${entry.key}: debits and credits differ by 1 in CNY`,
    );
    const run = await startScript(env(), "scripts/ledger-check.ts").done;
    expect(run.code).to.equal(1);
    expect(run.output).to.include("debits and credits differ by 1 in CNY");
  });

  it("fails on a tampered amount that still balances but disagrees with the gateway", async () => {
    // Someone goes around the append-only triggers and edits both sides of a charge.
    await ctx.db.raw("DROP TRIGGER postings_no_update");
    const entry = await ctx
      .db("journal_entries")
      .where({ key: `charge:pledge-${pledgeIds[0]}` })
      .first();
    await ctx
      .db("postings")
      .where({ entry_id: entry.id, account: "backer_funds" })
      .update({ credit_minor: 5_000 });
    await ctx
      .db("postings")
      .where({ entry_id: entry.id })
      .whereNot({ account: "backer_funds" })
      .update({ debit_minor: 5_000 });
    const problems = (await checkLedger(ctx.db)).problems.join("\n");
    expect(problems).to.include(`entry charge:pledge-${pledgeIds[0]}: 5000 CNY but gateway charge`);
    // The escrow no longer empties at payout either.
    expect(problems).to.include("escrow");
  });

  it("fails when the gateway has a charge the ledger does not (or a pledge charged twice)", async () => {
    const charge = await ctx.db("sandbox_charges").where({ status: "succeeded" }).first();
    await ctx.db("sandbox_charges").insert({
      ...charge,
      id: "ch_extra",
      idempotency_key: `pledge-${pledgeIds[0]}-attempt-9`,
      refunded_minor: 0,
    });
    const problems = (await checkLedger(ctx.db)).problems.join("\n");
    expect(problems).to.include("gateway charge ch_extra");
    expect(problems).to.include(`pledge-${pledgeIds[0]} was charged 2 times at the gateway`);
  });

  it("fails on an account that goes negative", async () => {
    const [row] = await ctx
      .db("journal_entries")
      .insert({
        key: "fees:campaign-999",
        kind: "fees",
        project_id: projectId,
        currency: "CNY",
        created_at: new Date().toISOString(),
      })
      .returning("id");
    const id = (row as { id: number }).id;
    await ctx.db("postings").insert([
      {
        entry_id: id,
        account: `escrow:campaign:${projectId}`,
        currency: "CNY",
        debit_minor: 0,
        credit_minor: 100,
      },
      { entry_id: id, account: "platform_fees", currency: "CNY", debit_minor: 100, credit_minor: 0 },
    ]);
    const problems = (await checkLedger(ctx.db)).problems.join("\n");
    expect(problems).to.include(`escrow:campaign:${projectId} CNY goes negative: -100`);
  });

  it("fails when a settlement's state and the ledger disagree", async () => {
    await ctx
      .db("settlement_items")
      .where({ kind: "pledge", backing_id: pledgeIds[0] })
      .update({ status: "dropped" });
    const problems = (await checkLedger(ctx.db)).problems.join("\n");
    expect(problems).to.include(`pledge ${pledgeIds[0]} is dropped but has a charge entry`);
    void creatorId;
  });
});
