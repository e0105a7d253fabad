import crypto from "node:crypto";
import { expect } from "chai";
import { checkLedger } from "../../server/services/ledger.ts";
import { findProject } from "../../server/store/projects.ts";
import type { User } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { browser, csrfFrom } from "../support/http.ts";
import { createOffering } from "../support/invest-factory.ts";
import { saveCard } from "../support/pledging.ts";
import { addCreatorProfile, createUser, signIn } from "../support/project-factory.ts";
import { DAY_MS, settlerOf } from "../support/settlement-factory.ts";

/**
 * Equity offerings settle like reward campaigns, with the allocation rule deciding the shares when
 * commitments exceed the maximum raise (issue 5's commitments table).
 */
describe("Settlement of equity offerings", () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => {
    await ctx.close();
  });

  /** An offering at $1.00 a share, target $50, maximum $100 (100 shares), with three commitments. */
  async function offering(rule: "first_come" | "pro_rata", shares = [60, 50, 30]) {
    const now = ctx.clock.now();
    const { project, creator } = await createOffering(ctx.db, {
      regime: "us_reg_cf",
      now,
      pricePerShareMinor: 100,
      minInvestmentMinor: 100,
      maxRaiseMinor: 10_000,
      goalMinor: 5_000,
      deadlineAt: new Date(now.getTime() + DAY_MS),
      title: "Robot Co",
    });
    await ctx.db("equity_terms").where({ project_id: project.id }).update({ allocation_rule: rule });
    await addCreatorProfile(ctx.db, (creator as User).id);
    const investors: { user: User; commitmentId: number }[] = [];
    for (const [i, n] of shares.entries()) {
      const user = await createUser(ctx.db, { name: `Investor ${i + 1}`, locale: i === 1 ? "zh-CN" : "en" });
      const cardId = await saveCard(ctx, user);
      const at = new Date(now.getTime() - (10 - i) * 60_000).toISOString(); // in this order
      const [row] = await ctx
        .db("commitments")
        .insert({
          project_id: project.id,
          investor_id: user.id,
          shares: n,
          price_per_share_minor: 100,
          amount_minor: n * 100,
          currency: "USD",
          status: "active",
          payment_method_id: cardId,
          idempotency: crypto.randomUUID(),
          regime: "us_reg_cf",
          created_at: at,
          updated_at: at,
        })
        .returning("id");
      investors.push({ user, commitmentId: (row as { id: number }).id });
    }
    return { project, creator: creator as User, investors };
  }

  const items = async (projectId: number) =>
    ctx.db("settlement_items").where({ project_id: projectId }).orderBy("backing_id");

  it("first come, first served: the early commitments are filled, the one crossing the line in whole shares, the excess is not charged", async () => {
    const { project, creator, investors } = await offering("first_come");
    ctx.clock.advance(DAY_MS + 60_000);
    const [run] = await settlerOf(ctx).settleDue();
    expect(run).to.include({ charged: 2, phase: "collecting" });
    expect((await findProject(ctx.db, project.id))?.state).to.equal("succeeded");
    const rows = await items(project.id);
    expect(
      rows.map((r) => [r.requested_shares, r.allocated_shares, r.amount_minor, r.pledged_minor, r.status]),
    ).to.deep.equal([
      [60, 60, 6_000, 6_000, "charged"],
      [50, 40, 4_000, 5_000, "charged"],
      [30, 0, 0, 3_000, "released"],
    ]);
    const charges = await ctx.db("sandbox_charges").orderBy("amount_minor");
    expect(charges.map((c) => [c.amount_minor, c.currency, c.status])).to.deep.equal([
      [4_000, "USD", "succeeded"],
      [6_000, "USD", "succeeded"],
    ]);
    const statuses = await ctx.db("commitments").orderBy("id").pluck("status");
    expect(statuses).to.deep.equal(["settled", "settled", "failed"]);
    // Investors are told: shares confirmed (in their language), or none allocated.
    const to = (u: User) => ctx.mail.filter((m) => m.to === u.email).map((m) => m.subject);
    expect(to(investors[0]?.user as User)).to.deep.equal(["Your shares in “Robot Co” are confirmed"]);
    expect(to(investors[1]?.user as User)).to.deep.equal(["您在“Robot Co”中的股份已确认"]);
    expect(ctx.mail.find((m) => m.to === investors[1]?.user.email)?.text).to.include("40");
    expect(to(investors[2]?.user as User)).to.deep.equal(["No shares allocated in “Robot Co”"]);

    // The creator and admins export the cap table.
    const agent = browser(ctx.app);
    await signIn(agent, creator.email);
    const csv = await agent.get(`/projects/${project.id}/cap-table.csv`);
    expect(csv.status).to.equal(200);
    const lines = csv.text.trim().split("\n");
    expect(lines).to.have.length(3);
    expect(lines[0]).to.include("Shares allocated");
    expect(lines[1]).to.include("Investor 1").and.include(",60,60,1.00,60.00,USD,");
    expect(lines[2]).to.include("Investor 2").and.include(",50,40,1.00,40.00,USD,");
    const admin = await createUser(ctx.db, { role: "admin" });
    const adminAgent = browser(ctx.app);
    await signIn(adminAgent, admin.email);
    expect((await adminAgent.get(`/admin/settlement/${project.id}/cap-table.csv`)).text).to.include(
      "Investor 2",
    );
    const statement = await agent.get(`/projects/${project.id}/settlement?list=all`);
    expect(statement.text).to.include("40 of 50 shares");

    ctx.clock.advance(8 * DAY_MS);
    await settlerOf(ctx).settleDue();
    const s = await ctx.db("settlements").where({ project_id: project.id }).first();
    expect(s).to.include({ phase: "done", collected_minor: 10_000 });
    expect((await checkLedger(ctx.db)).problems).to.deep.equal([]);
  });

  it("pro rata: whole shares in proportion, leftovers by largest remainder", async () => {
    const { project } = await offering("pro_rata");
    ctx.clock.advance(DAY_MS + 60_000);
    await settlerOf(ctx).settleDue();
    const rows = await items(project.id);
    // 100 shares for 60 : 50 : 30 → 42.86, 35.71, 21.43 → 42, 35, 21 and the two left to the largest remainders.
    expect(rows.map((r) => r.allocated_shares)).to.deep.equal([43, 36, 21]);
    expect(rows.map((r) => r.amount_minor)).to.deep.equal([4_300, 3_600, 2_100]);
    expect(rows.every((r) => r.status === "charged")).to.equal(true);
  });

  it("target not met: the offering fails, nothing is charged, commitments fail, investors are told", async () => {
    const { project, investors } = await offering("first_come", [10, 20]);
    ctx.clock.advance(DAY_MS + 60_000);
    await settlerOf(ctx).settleDue();
    expect((await findProject(ctx.db, project.id))?.state).to.equal("failed");
    expect(await ctx.db("sandbox_charges")).to.have.length(0);
    expect(await ctx.db("commitments").orderBy("id").pluck("status")).to.deep.equal(["failed", "failed"]);
    expect(ctx.mail.filter((m) => m.to === investors[0]?.user.email)).to.have.length(1);
  });

  it("an investor whose card fails fixes the payment on the commitment's fix page", async () => {
    const { project, investors } = await offering("first_come", [30, 30]);
    const investor = investors[1] as { user: User; commitmentId: number };
    // Their saved card becomes one that fails at charge time.
    const pledgesCards = await import("../../server/services/pledges.ts");
    const cards = new pledgesCards.PledgeService({
      db: ctx.db,
      clock: ctx.clock,
      gateway: ctx.gateway,
      notifier: ctx.notifier,
    });
    const failing = await cards.addCard(investor.user, {
      number: "4000000000000341",
      expMonth: 12,
      expYear: 2099,
      cvc: "123",
      holderName: "I",
    });
    if (!failing.ok) throw new Error(failing.error);
    await ctx
      .db("commitments")
      .where({ id: investor.commitmentId })
      .update({ payment_method_id: failing.method.id });
    ctx.clock.advance(DAY_MS + 60_000);
    await settlerOf(ctx).settleDue();
    const item = await ctx
      .db("settlement_items")
      .where({ kind: "commitment", backing_id: investor.commitmentId })
      .first();
    expect(item.status).to.equal("payment_failed");
    const mail = ctx.mail.find((m) => m.to === investor.user.email);
    expect(mail?.text).to.include(`/commitments/${investor.commitmentId}/payment`);
    const agent = browser(ctx.app);
    await signIn(agent, investor.user.email);
    const page = await agent.get(`/commitments/${investor.commitmentId}/payment`);
    expect(page.status).to.equal(200);
    const good = (await cards.cardsOf(investor.user)).find((c) => c.last4 === "4242");
    const res = await agent
      .post(`/commitments/${investor.commitmentId}/payment`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), paymentMethodId: String(good?.id) });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal("/investments");
    const after = await ctx.db("settlement_items").where({ id: item.id }).first();
    expect(after).to.include({ status: "charged", amount_minor: 3_000 });
    expect(await ctx.db("commitments").where({ id: investor.commitmentId }).first()).to.include({
      status: "settled",
    });
    // Someone else cannot see it.
    const other = browser(ctx.app);
    await signIn(other, (investors[0] as { user: User }).user.email);
    expect((await other.get(`/commitments/${investor.commitmentId}/payment`)).status).to.equal(404);
    void project;
  });

  it("a commitment still awaiting reconfirmation at the deadline is not counted or charged", async () => {
    const { project, investors } = await offering("first_come", [30, 30]);
    await ctx
      .db("commitments")
      .where({ id: investors[1]?.commitmentId })
      .update({ status: "awaiting_reconfirmation", reconfirm_by: new Date().toISOString() });
    ctx.clock.advance(DAY_MS + 60_000);
    await settlerOf(ctx).settleDue();
    // 30 shares ($30) < the $50 target: failed.
    expect((await findProject(ctx.db, project.id))?.state).to.equal("failed");
    expect((await items(project.id)).map((r) => r.backing_id)).to.deep.equal([investors[0]?.commitmentId]);
  });
});
