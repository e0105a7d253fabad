import { expect } from "chai";
import {
  accounts,
  balanceOf,
  checkInvariants,
  computeFees,
  defaultFeeSchedules,
} from "../../server/domain/settlement/index.ts";
import { checkLedger } from "../../server/services/ledger.ts";
import { PayoutService } from "../../server/services/payouts.ts";
import { auditTrail } from "../../server/store/audit.ts";
import { loadEntries } from "../../server/store/ledger.ts";
import { findProject } from "../../server/store/projects.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { GOOD_CARD, pledgeService } from "../support/pledging.ts";
import { createUser } from "../support/project-factory.ts";
import {
  back,
  DAY_MS,
  FAILING_CARD,
  itemOf,
  liveCampaign,
  passDeadline,
  settlerOf,
  succeededChargesPerPledge,
} from "../support/settlement-factory.ts";

describe("Settlement (all-or-nothing)", () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => {
    await ctx.close();
  });

  const entriesOf = async (projectId: number) => (await loadEntries(ctx.db, projectId)).map((s) => s.entry);
  const payouts = () =>
    new PayoutService({
      db: ctx.db,
      clock: ctx.clock,
      gateway: ctx.gateway,
      encryptionKey: ctx.config.encryptionKey,
      settings: ctx.config.settlement,
    });

  it("does nothing before the deadline", async () => {
    const campaign = await liveCampaign(ctx);
    await back(ctx, campaign, { amountMinor: 20_000 });
    const runs = await settlerOf(ctx).settleDue();
    expect(runs).to.deep.equal([]);
    const run = await settlerOf(ctx).settleCampaign(campaign.project.id);
    expect(run.result).to.equal("not_due");
    expect((await findProject(ctx.db, campaign.project.id))?.state).to.equal("live");
    expect(await ctx.db("settlements").count({ n: "*" }).first()).to.deep.equal({ n: 0 });
  });

  it("goal reached: charges every pledge once, enters the retry window, then pays out less fees", async () => {
    const campaign = await liveCampaign(ctx, { goalMinor: 10_000 });
    const a = await back(ctx, campaign, { amountMinor: 4_000 });
    const b = await back(ctx, campaign, { amountMinor: 9_900, limited: true, locale: "zh-CN" });
    const c = await back(ctx, campaign, { amountMinor: 2_500 });
    const cancelled = await back(ctx, campaign, { amountMinor: 7_000 });
    await pledgeService(ctx).cancelPledge(cancelled.backer, cancelled.pledgeId);
    const mailBefore = ctx.mail.length; // the backers' receipts and the cancellation notice
    passDeadline(ctx);

    const [run] = await settlerOf(ctx).settleDue();
    expect(run).to.include({
      projectId: campaign.project.id,
      result: "progress",
      charged: 3,
      failed: 0,
      phase: "collecting",
    });
    const project = await findProject(ctx.db, campaign.project.id);
    expect(project?.state).to.equal("succeeded");
    for (const { pledgeId } of [a, b, c]) {
      expect((await itemOf(ctx, pledgeId)).status).to.equal("charged");
      expect((await ctx.db("pledges").where({ id: pledgeId }).first()).payment_status).to.equal("charged");
    }
    expect(await itemOf(ctx, cancelled.pledgeId)).to.equal(undefined);
    const perPledge = await succeededChargesPerPledge(ctx);
    expect([...perPledge.values()]).to.deep.equal([1, 1, 1]);
    const attempts = await ctx.db("charge_attempts").orderBy("id");
    expect(attempts.map((x) => [x.idempotency_key, x.status, x.attempt, x.trigger])).to.deep.equal([
      [`pledge-${a.pledgeId}-attempt-1`, "succeeded", 1, "deadline"],
      [`pledge-${b.pledgeId}-attempt-1`, "succeeded", 1, "deadline"],
      [`pledge-${c.pledgeId}-attempt-1`, "succeeded", 1, "deadline"],
    ]);
    expect(attempts.every((x) => x.gateway_charge_id && x.completed_at)).to.equal(true);
    const collected = 4_000 + 10_900 + 2_500;
    let entries = await entriesOf(campaign.project.id);
    expect(checkInvariants(entries)).to.deep.equal([]);
    expect(balanceOf(entries, accounts.escrow(campaign.project.id), "CNY")).to.equal(collected);
    const audit = await auditTrail(ctx.db, "project", campaign.project.id);
    expect(audit.at(-1)).to.include({ action: "project.succeed", actorId: null });
    const settlementMail = ctx.mail.slice(mailBefore);
    expect(settlementMail.map((m) => m.subject)).to.deep.equal([`“${campaign.project.title}” is funded!`]);
    expect(settlementMail[0]?.text).to.include(`/projects/${campaign.project.id}/settlement`);

    // Nothing more happens until the retry window is over.
    ctx.clock.advance(3 * DAY_MS);
    expect(await settlerOf(ctx).settleDue()).to.deep.equal([]);
    ctx.clock.advance(5 * DAY_MS);
    const [payoutRun] = await settlerOf(ctx).settleDue();
    expect(payoutRun).to.include({ result: "done", phase: "done" });

    const fees = computeFees(defaultFeeSchedules[0]?.fees.CNY as never, [
      { id: 1, amountMinor: 4_000 },
      { id: 2, amountMinor: 10_900 },
      { id: 3, amountMinor: 2_500 },
    ]);
    const settlement = await ctx.db("settlements").where({ project_id: campaign.project.id }).first();
    expect(settlement).to.include({
      phase: "done",
      collected_minor: collected,
      platform_fee_minor: fees.platformFeeMinor,
      processing_fee_minor: fees.processingFeeMinor,
      payout_minor: fees.payoutMinor,
    });
    expect(fees.platformFeeMinor + fees.processingFeeMinor + fees.payoutMinor).to.equal(collected);
    const transfers = await ctx.db("sandbox_transfers");
    expect(transfers).to.have.length(1);
    expect(transfers[0]).to.include({
      amount_minor: fees.payoutMinor,
      currency: "CNY",
      account_last4: "3445",
    });
    expect(settlement.transfer_id).to.equal(transfers[0].id);
    entries = await entriesOf(campaign.project.id);
    expect(checkInvariants(entries)).to.deep.equal([]);
    expect(balanceOf(entries, accounts.escrow(campaign.project.id), "CNY")).to.equal(0);
    expect(balanceOf(entries, accounts.paidOut(campaign.creator.id), "CNY")).to.equal(fees.payoutMinor);
    expect(balanceOf(entries, accounts.platformFees(), "CNY")).to.equal(fees.platformFeeMinor);
    const items = await ctx
      .db("settlement_items")
      .where({ project_id: campaign.project.id, status: "charged" });
    expect(items.reduce((s, i) => s + i.platform_fee_minor, 0)).to.equal(fees.platformFeeMinor);
    expect(items.reduce((s, i) => s + i.processing_fee_minor, 0)).to.equal(fees.processingFeeMinor);
    expect(ctx.mail.at(-1)?.subject).to.equal(`Payout for “${campaign.project.title}” sent`);
    expect((await checkLedger(ctx.db)).problems).to.deep.equal([]);

    // A second run changes nothing.
    expect(await settlerOf(ctx).settleDue()).to.deep.equal([]);
    expect(await ctx.db("sandbox_transfers")).to.have.length(1);
  });

  it("goal missed: fails, charges nobody, releases every pledge and its reward, tells everyone in their language", async () => {
    const campaign = await liveCampaign(ctx, { goalMinor: 100_000, creatorLocale: "zh-CN" });
    const en = await back(ctx, campaign, { amountMinor: 9_900, limited: true });
    const zh = await back(ctx, campaign, { amountMinor: 5_000, locale: "zh-CN" });
    const claimedBefore = (await ctx.db("reward_tiers").where({ id: campaign.limitedTierId }).first())
      .quantity_claimed;
    expect(claimedBefore).to.equal(1);
    passDeadline(ctx);

    const [run] = await settlerOf(ctx).settleDue();
    expect(run).to.include({ result: "done", phase: "done", charged: 0 });
    expect((await findProject(ctx.db, campaign.project.id))?.state).to.equal("failed");
    for (const { pledgeId } of [en, zh]) {
      expect((await itemOf(ctx, pledgeId)).status).to.equal("released");
      expect((await ctx.db("pledges").where({ id: pledgeId }).first()).payment_status).to.equal("released");
    }
    expect(await ctx.db("sandbox_charges")).to.have.length(0);
    expect(await ctx.db("journal_entries")).to.have.length(0);
    expect(
      (await ctx.db("reward_tiers").where({ id: campaign.limitedTierId }).first()).quantity_claimed,
    ).to.equal(0);
    const byRecipient = new Map(ctx.mail.map((m) => [m.to, m]));
    expect(byRecipient.get(campaign.creator.email)?.subject).to.equal(
      `“${campaign.project.title}”未达到目标`,
    );
    expect(byRecipient.get(en.backer.email)?.subject).to.equal(
      `“${campaign.project.title}” did not reach its goal — you were not charged`,
    );
    expect(byRecipient.get(zh.backer.email)?.subject).to.equal(
      `“${campaign.project.title}”未达到目标，您未被扣款`,
    );
    expect(byRecipient.get(zh.backer.email)?.text).to.include("¥50");
    expect((await auditTrail(ctx.db, "project", campaign.project.id)).at(-1)?.action).to.equal(
      "project.fail",
    );
    expect((await checkLedger(ctx.db)).ok).to.equal(true);
    expect(await settlerOf(ctx).settleDue()).to.deep.equal([]);
  });

  it("a closed campaign takes no more pledges, changes or cancellations", async () => {
    const campaign = await liveCampaign(ctx);
    const a = await back(ctx, campaign, { amountMinor: 20_000 });
    passDeadline(ctx);
    await settlerOf(ctx).settleDue();
    const service = pledgeService(ctx);
    let refused: unknown;
    try {
      await service.cancelPledge(a.backer, a.pledgeId);
    } catch (error) {
      refused = error;
    }
    expect((refused as { messageKey?: string })?.messageKey).to.match(/^pledges\.refused\./);
    refused = undefined;
    try {
      await back(ctx, campaign, { amountMinor: 3_000 });
    } catch (error) {
      refused = error;
    }
    expect((refused as { messageKey?: string })?.messageKey).to.equal("pledges.refused.notLive");
  });

  it("a failed charge: payment_failed, the backer is mailed a fix link, retries follow the schedule, recovery charges once", async () => {
    const campaign = await liveCampaign(ctx, { goalMinor: 5_000 });
    const good = await back(ctx, campaign, { amountMinor: 6_000 });
    const bad = await back(ctx, campaign, { card: FAILING_CARD, amountMinor: 3_000, locale: "zh-CN" });
    const mailBefore = ctx.mail.length;
    passDeadline(ctx);
    const closedAt = ctx.clock.now();
    await settlerOf(ctx).settleDue();
    const item = await itemOf(ctx, bad.pledgeId);
    expect(item).to.include({
      status: "payment_failed",
      scheduled_attempts: 1,
      failure_code: "card_declined",
    });
    expect(item.next_retry_at).to.equal(new Date(closedAt.getTime() + DAY_MS).toISOString());
    expect((await ctx.db("pledges").where({ id: bad.pledgeId }).first()).payment_status).to.equal(
      "payment_failed",
    );
    const mail = ctx.mail.slice(mailBefore).find((m) => m.to === bad.backer.email);
    expect(mail?.subject).to.equal(`需要您处理：“${campaign.project.title}”的付款失败`);
    expect(mail?.text).to.include(`http://localhost:3000/pledges/${bad.pledgeId}/payment`);
    expect((await itemOf(ctx, good.pledgeId)).status).to.equal("charged");

    // Day 1: the automatic retry fails again; no second mail.
    ctx.clock.advance(DAY_MS);
    const [retry] = await settlerOf(ctx).settleDue();
    expect(retry).to.include({ failed: 1, charged: 0 });
    expect((await itemOf(ctx, bad.pledgeId)).scheduled_attempts).to.equal(2);
    expect(ctx.mail.slice(mailBefore).filter((m) => m.to === bad.backer.email)).to.have.length(1);

    // The backer adds a working card and retries now: charged, with the next attempt number.
    const added = await pledgeService(ctx).addCard(bad.backer, {
      number: GOOD_CARD,
      expMonth: 12,
      expYear: 2031,
      cvc: "123",
      holderName: "Wang Fang",
    });
    if (!added.ok) throw new Error(added.error);
    const result = await settlerOf(ctx).retryNow(bad.backer, bad.pledgeId, added.method.id);
    expect(result.outcome).to.equal("charged");
    const attempts = await ctx.db("charge_attempts").where({ item_id: item.id }).orderBy("attempt");
    expect(attempts.map((x) => [x.attempt, x.trigger, x.status])).to.deep.equal([
      [1, "deadline", "failed"],
      [2, "retry", "failed"],
      [3, "backer", "succeeded"],
    ]);
    expect((await ctx.db("pledges").where({ id: bad.pledgeId }).first()).payment_method_id).to.equal(
      added.method.id,
    );
    expect((await succeededChargesPerPledge(ctx)).get(bad.pledgeId)).to.equal(1);
    // Retrying a charged pledge is refused.
    let refused: unknown;
    try {
      await settlerOf(ctx).retryNow(bad.backer, bad.pledgeId, added.method.id);
    } catch (error) {
      refused = error;
    }
    expect((refused as { messageKey?: string }).messageKey).to.equal("settlement.fix.notFailed");

    ctx.clock.advance(7 * DAY_MS);
    await settlerOf(ctx).settleDue();
    const s = await ctx.db("settlements").where({ project_id: campaign.project.id }).first();
    expect(s).to.include({ phase: "done", collected_minor: 9_000 });
    expect((await checkLedger(ctx.db)).problems).to.deep.equal([]);
  });

  it("retries exhausted: the 0341 card is retried at 1, 2, 4 and 7 days, then dropped and its reward released", async () => {
    const campaign = await liveCampaign(ctx, { goalMinor: 5_000 });
    await back(ctx, campaign, { amountMinor: 6_000 });
    const bad = await back(ctx, campaign, { card: FAILING_CARD, amountMinor: 9_900, limited: true });
    const mailBefore = ctx.mail.length;
    passDeadline(ctx);
    const closedAt = ctx.clock.now().getTime();
    await settlerOf(ctx).settleDue();
    expect(
      (await ctx.db("reward_tiers").where({ id: campaign.limitedTierId }).first()).quantity_claimed,
    ).to.equal(1);
    const seen: number[] = [];
    for (let day = 1; day <= 8; day++) {
      ctx.clock.set(new Date(closedAt + day * DAY_MS));
      await settlerOf(ctx).settleDue();
      seen.push((await itemOf(ctx, bad.pledgeId)).scheduled_attempts);
    }
    expect(seen).to.deep.equal([2, 3, 3, 4, 4, 4, 5, 5]);
    const item = await itemOf(ctx, bad.pledgeId);
    expect(item).to.include({ status: "dropped", attempts: 5 });
    expect((await ctx.db("pledges").where({ id: bad.pledgeId }).first()).payment_status).to.equal("dropped");
    expect(
      (await ctx.db("reward_tiers").where({ id: campaign.limitedTierId }).first()).quantity_claimed,
    ).to.equal(0);
    expect(
      ctx.mail
        .slice(mailBefore)
        .filter((m) => m.to === bad.backer.email)
        .map((m) => m.subject),
    ).to.deep.equal([
      `Action needed: your payment for “${campaign.project.title}” failed`,
      `Your pledge to “${campaign.project.title}” was dropped`,
    ]);
    const s = await ctx.db("settlements").where({ project_id: campaign.project.id }).first();
    expect(s).to.include({ phase: "done", outcome: "succeeded", collected_minor: 6_000 });
    expect((await findProject(ctx.db, campaign.project.id))?.state).to.equal("succeeded");
    expect((await checkLedger(ctx.db)).problems).to.deep.equal([]);
    // After the window the backer can no longer retry.
    let refused: unknown;
    try {
      await settlerOf(ctx).retryNow(bad.backer, bad.pledgeId, bad.paymentMethodId);
    } catch (error) {
      refused = error;
    }
    expect((refused as { messageKey?: string }).messageKey).to.equal("settlement.fix.notFailed");
  });

  it("all retries due after a long pause run at once, and the window end drops the pledge", async () => {
    const campaign = await liveCampaign(ctx, { goalMinor: 5_000 });
    await back(ctx, campaign, { amountMinor: 6_000 });
    const bad = await back(ctx, campaign, { card: FAILING_CARD, amountMinor: 3_000 });
    passDeadline(ctx);
    await settlerOf(ctx).settleDue();
    ctx.clock.advance(30 * DAY_MS);
    const [run] = await settlerOf(ctx).settleDue();
    expect(run).to.include({ dropped: 1, result: "done" });
    expect((await itemOf(ctx, bad.pledgeId)).scheduled_attempts).to.equal(5);
  });

  it("a configured retry window of 0 days drops a failed pledge at once", async () => {
    const campaign = await liveCampaign(ctx, { goalMinor: 5_000 });
    await back(ctx, campaign, { amountMinor: 6_000 });
    const bad = await back(ctx, campaign, { card: FAILING_CARD, amountMinor: 3_000 });
    passDeadline(ctx);
    const [run] = await settlerOf(ctx, undefined, { retryWindowDays: 0 }).settleDue();
    expect(run).to.include({ charged: 1, dropped: 1, result: "done" });
    expect((await itemOf(ctx, bad.pledgeId)).status).to.equal("dropped");
  });

  it("refund before payout reverses the escrow; after payout the platform's fee share and the creator's receivable", async () => {
    const campaign = await liveCampaign(ctx, { goalMinor: 5_000 });
    const a = await back(ctx, campaign, { amountMinor: 9_900, limited: true });
    const b = await back(ctx, campaign, { amountMinor: 4_000 });
    const c = await back(ctx, campaign, { amountMinor: 5_000 });
    passDeadline(ctx);
    await settlerOf(ctx).settleDue();
    const admin = await createUser(ctx.db, { role: "admin" });
    const itemA = await itemOf(ctx, a.pledgeId);

    // Only admins, only with a reason.
    let refused: unknown;
    try {
      await payouts().refund({ id: campaign.creator.id, role: "user" }, campaign.project.id, itemA.id, "x");
    } catch (error) {
      refused = error;
    }
    expect((refused as { status?: number }).status).to.equal(403);
    refused = undefined;
    try {
      await payouts().refund(admin, campaign.project.id, itemA.id, "   ");
    } catch (error) {
      refused = error;
    }
    expect((refused as { fieldErrors?: object }).fieldErrors).to.deep.equal({
      reason: "validation.required",
    });

    const refunded = await payouts().refund(
      admin,
      campaign.project.id,
      itemA.id,
      "Backer asked before shipping",
    );
    expect(refunded.status).to.equal("refunded");
    expect((await ctx.db("pledges").where({ id: a.pledgeId }).first()).payment_status).to.equal("refunded");
    expect(
      (await ctx.db("reward_tiers").where({ id: campaign.limitedTierId }).first()).quantity_claimed,
    ).to.equal(0);
    const sandboxRefunds = await ctx.db("sandbox_refunds");
    expect(sandboxRefunds).to.have.length(1);
    expect(sandboxRefunds[0]).to.include({
      amount_minor: 10_900,
      idempotency_key: `refund-pledge-${a.pledgeId}`,
    });
    const trail = await auditTrail(ctx.db, "pledge", a.pledgeId);
    expect(trail.map((e) => [e.action, e.actorId, e.reason])).to.deep.equal([
      ["settlement.refund", admin.id, "Backer asked before shipping"],
      ["settlement.refund_completed", admin.id, null],
    ]);
    let entries = await entriesOf(campaign.project.id);
    expect(entries.find((e) => e.key === `refund:pledge-${a.pledgeId}`)?.kind).to.equal("refund");
    expect(balanceOf(entries, accounts.escrow(campaign.project.id), "CNY")).to.equal(9_000);
    refused = undefined;
    try {
      await payouts().refund(admin, campaign.project.id, itemA.id, "again");
    } catch (error) {
      refused = error;
    }
    expect((refused as { messageKey?: string }).messageKey).to.equal("settlement.refund.already");

    // Payout: the refunded pledge carries no fee.
    ctx.clock.advance(8 * DAY_MS);
    await settlerOf(ctx).settleDue();
    const s = await ctx.db("settlements").where({ project_id: campaign.project.id }).first();
    expect(s).to.include({ phase: "done", collected_minor: 9_000 });
    const itemB = await itemOf(ctx, b.pledgeId);
    expect(itemB.platform_fee_minor).to.be.greaterThan(0);

    // After payout: the platform gives back b's fee share, the creator owes the rest.
    await payouts().refund(admin, campaign.project.id, itemB.id, "Damaged in transit");
    entries = await entriesOf(campaign.project.id);
    const after = entries.find((e) => e.key === `refund:pledge-${b.pledgeId}`);
    expect(after?.kind).to.equal("refund_after_payout");
    expect(balanceOf(entries, accounts.creatorReceivable(campaign.creator.id), "CNY")).to.equal(
      4_000 - itemB.platform_fee_minor,
    );
    expect(checkInvariants(entries)).to.deep.equal([]);
    expect((await checkLedger(ctx.db)).problems).to.deep.equal([]);
    await settlerOf(ctx).settleDue(); // sends the queued mail
    expect(ctx.mail.filter((m) => m.to === b.backer.email).at(-1)?.subject).to.equal(
      `Refund of your pledge to “${campaign.project.title}”`,
    );
    void c;
  });

  it("a refund asked for while the gateway is down is completed by the next settlement run", async () => {
    const campaign = await liveCampaign(ctx, { goalMinor: 5_000 });
    const a = await back(ctx, campaign, { amountMinor: 6_000 });
    passDeadline(ctx);
    await settlerOf(ctx).settleDue();
    const admin = await createUser(ctx.db, { role: "admin" });
    const item = await itemOf(ctx, a.pledgeId);
    ctx.gateway.options = { failureRate: 1 };
    let failed: unknown;
    try {
      await payouts().refund(admin, campaign.project.id, item.id, "Duplicate order");
    } catch (error) {
      failed = error;
    }
    expect(failed).to.be.instanceOf(Error);
    expect((await itemOf(ctx, a.pledgeId)).status).to.equal("charged");
    // The payout waits for the refund.
    ctx.clock.advance(8 * DAY_MS);
    ctx.gateway.options = {};
    await settlerOf(ctx).settleDue();
    expect((await itemOf(ctx, a.pledgeId)).status).to.equal("refunded");
    const s = await ctx.db("settlements").where({ project_id: campaign.project.id }).first();
    expect(s).to.include({ phase: "done", collected_minor: 0, payout_minor: 0 });
    expect(await ctx.db("sandbox_transfers")).to.have.length(0);
    expect((await checkLedger(ctx.db)).problems).to.deep.equal([]);
  });

  it("a gateway outage leaves attempts in flight; the next run re-sends the same keys and charges each pledge once", async () => {
    const campaign = await liveCampaign(ctx, { goalMinor: 5_000 });
    const backings = [];
    for (let i = 0; i < 4; i++) backings.push(await back(ctx, campaign, { amountMinor: 2_000 + i }));
    passDeadline(ctx);
    ctx.gateway.options = { failureRate: 1 };
    const [down] = await settlerOf(ctx).settleDue();
    expect(down?.result).to.equal("error");
    expect(await ctx.db("charge_attempts").where({ status: "started" })).to.have.length(4);
    expect((await checkLedger(ctx.db)).ok).to.equal(true);
    ctx.gateway.options = {};
    const [up] = await settlerOf(ctx).settleDue();
    expect(up).to.include({ charged: 4, phase: "collecting" });
    const attempts = await ctx.db("charge_attempts");
    expect(attempts.every((x) => x.attempt === 1 && x.status === "succeeded")).to.equal(true);
    expect([...(await succeededChargesPerPledge(ctx)).values()]).to.deep.equal([1, 1, 1, 1]);
  });

  it("a gateway answer lost after it charged: the re-sent key returns the same charge", async () => {
    const campaign = await liveCampaign(ctx, { goalMinor: 1_000 });
    const a = await back(ctx, campaign, { amountMinor: 2_000 });
    passDeadline(ctx);
    const settler = settlerOf(ctx);
    // Charge at the gateway, then "crash" before completing: the gateway call succeeds but throws.
    const original = ctx.gateway.chargeMany.bind(ctx.gateway);
    ctx.gateway.chargeMany = async (inputs) => {
      await original(inputs);
      throw new Error("connection reset");
    };
    const [first] = await settler.settleDue();
    expect(first?.result).to.equal("error");
    expect(await ctx.db("sandbox_charges").where({ status: "succeeded" })).to.have.length(1);
    const check = await checkLedger(ctx.db);
    expect(check.problems).to.have.length(1);
    expect(check.problems[0]).to.include("in flight");
    ctx.gateway.chargeMany = original;
    await settlerOf(ctx).settleDue();
    expect((await itemOf(ctx, a.pledgeId)).status).to.equal("charged");
    expect(await ctx.db("sandbox_charges")).to.have.length(1);
    expect((await checkLedger(ctx.db)).ok).to.equal(true);
  });

  it("a campaign without a payout account waits at paying out and says why", async () => {
    const campaign = await liveCampaign(ctx, { goalMinor: 1_000 });
    await back(ctx, campaign, { amountMinor: 2_000 });
    await ctx.db("creator_profiles").where({ user_id: campaign.creator.id }).delete();
    passDeadline(ctx);
    await settlerOf(ctx).settleDue();
    ctx.clock.advance(8 * DAY_MS);
    await settlerOf(ctx).settleDue();
    let s = await ctx.db("settlements").where({ project_id: campaign.project.id }).first();
    expect(s).to.include({ phase: "paying_out", payout_problem: "no_payout_account" });
    expect((await checkLedger(ctx.db)).ok).to.equal(true);
    const { addCreatorProfile } = await import("../support/project-factory.ts");
    await addCreatorProfile(ctx.db, campaign.creator.id);
    await settlerOf(ctx).settleDue();
    s = await ctx.db("settlements").where({ project_id: campaign.project.id }).first();
    expect(s).to.include({ phase: "done", payout_problem: null });
  });
});
