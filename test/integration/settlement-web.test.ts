import { expect } from "chai";
import { auditTrail } from "../../server/store/audit.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { browser, csrfFrom } from "../support/http.ts";
import { createUser, signIn } from "../support/project-factory.ts";
import {
  back,
  DAY_MS,
  FAILING_CARD,
  itemOf,
  liveCampaign,
  passDeadline,
  settlerOf,
} from "../support/settlement-factory.ts";

describe("Settlement pages", () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function settledCampaign() {
    const campaign = await liveCampaign(ctx, { goalMinor: 5_000, title: "Solar lantern" });
    const good = await back(ctx, campaign, { amountMinor: 6_000, name: "Alice Good" });
    const bad = await back(ctx, campaign, { card: FAILING_CARD, amountMinor: 3_000, name: "Bob Failing" });
    passDeadline(ctx);
    await settlerOf(ctx).settleDue();
    return { campaign, good, bad };
  }

  describe("backer", () => {
    it("My pledges and the pledge page say whether, when and how much the backer was charged", async () => {
      const { good, bad } = await settledCampaign();
      const agent = browser(ctx.app);
      await signIn(agent, good.backer.email);
      const list = await agent.get("/pledges");
      expect(list.status).to.equal(200);
      expect(list.text).to.include("Charged CN¥60 on");
      expect(list.text).to.not.include("charged at the deadline"); // the pre-deadline note is gone
      const show = await agent.get(`/pledges/${good.pledgeId}`);
      expect(show.text).to.include("Charged CN¥60 on");
      // Someone else's pledge: not found, and no status leaks into the page.
      expect((await agent.get(`/pledges/${bad.pledgeId}`)).status).to.equal(404);
      expect((await agent.get(`/pledges/${bad.pledgeId}/payment`)).status).to.equal(404);
    });

    it("a failed payment is fixed with a new card on the fix page, in Chinese too", async () => {
      const { bad } = await settledCampaign();
      const agent = browser(ctx.app);
      await signIn(agent, bad.backer.email);
      const list = await agent.get("/pledges");
      expect(list.text).to.include(`/pledges/${bad.pledgeId}/payment`);
      expect(list.text).to.include("Fix payment");
      const page = await agent.get(`/pledges/${bad.pledgeId}/payment`);
      expect(page.status).to.equal(200);
      expect(page.text).to.include("Charge my card now");
      expect(page.text).to.include("The card was declined. Try another card.");
      const zh = await agent.get(`/pledges/${bad.pledgeId}/payment`).set("Accept-Language", "zh-CN");
      expect(zh.text).to.include("立即扣款");

      // A new card with missing fields: 422 with the fields marked, input kept (but never the number).
      let res = await agent
        .post(`/pledges/${bad.pledgeId}/payment`)
        .type("form")
        .send({
          _csrf: csrfFrom(page.text),
          paymentMethodId: "new",
          cardNumber: "4242424242424242",
          cardName: "Bob",
        });
      expect(res.status).to.equal(422);
      expect(res.text).to.include('id="f-cardExpMonth-error"');
      expect(res.text).to.include('value="Bob"');
      expect(res.text).to.not.include("4242424242424242");

      // The same failing card again: still failing, 422 with the reason.
      res = await agent
        .post(`/pledges/${bad.pledgeId}/payment`)
        .type("form")
        .send({ _csrf: csrfFrom(page.text), paymentMethodId: String(bad.paymentMethodId) });
      expect(res.status).to.equal(422);
      expect(res.text).to.include("This card was declined too");

      // A good new card: charged, redirected to the pledge with a flash.
      res = await agent
        .post(`/pledges/${bad.pledgeId}/payment`)
        .type("form")
        .send({
          _csrf: csrfFrom(page.text),
          paymentMethodId: "new",
          cardNumber: "4242 4242 4242 4242",
          cardExpMonth: "12",
          cardExpYear: "2031",
          cardCvc: "123",
          cardName: "Bob Failing",
        });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal(`/pledges/${bad.pledgeId}`);
      const after = await agent.get(`/pledges/${bad.pledgeId}`);
      expect(after.text).to.include("Your payment went through");
      expect(after.text).to.include("Charged CN¥30 on");
      expect((await itemOf(ctx, bad.pledgeId)).status).to.equal("charged");
      // The fix page now says there is nothing to do.
      expect((await agent.get(`/pledges/${bad.pledgeId}/payment`)).text).to.include(
        "There is nothing more to do",
      );
    });

    it("refuses hostile input without a 500", async () => {
      const { bad } = await settledCampaign();
      const agent = browser(ctx.app);
      await signIn(agent, bad.backer.email);
      const page = await agent.get(`/pledges/${bad.pledgeId}/payment`);
      for (const id of ["abc", "0", "-1", "99999999999999999999", "1e3"]) {
        expect((await agent.get(`/pledges/${id}/payment`)).status, id).to.equal(404);
      }
      const res = await agent
        .post(`/pledges/${bad.pledgeId}/payment`)
        .type("form")
        .send({ _csrf: csrfFrom(page.text), paymentMethodId: "999999" });
      expect(res.status).to.equal(422);
      expect(res.text).to.include("Choose one of your cards");
      const twice = await agent
        .post(`/pledges/${bad.pledgeId}/payment`)
        .type("form")
        .send(`_csrf=${encodeURIComponent(csrfFrom(page.text))}&paymentMethodId=1&paymentMethodId=2`);
      expect(twice.status).to.equal(422);
      // Without the CSRF token: refused.
      expect(
        (await agent.post(`/pledges/${bad.pledgeId}/payment`).type("form").send({ paymentMethodId: "new" }))
          .status,
      ).to.equal(403);
    });
  });

  describe("creator", () => {
    it("sees the statement: figures, estimated fees, the list behind each figure, the CSV; others see 404", async () => {
      const { campaign } = await settledCampaign();
      const agent = browser(ctx.app);
      await signIn(agent, campaign.creator.email);
      const dashboard = await agent.get("/dashboard");
      expect(dashboard.text).to.include(`/projects/${campaign.project.id}/settlement`);
      let page = await agent.get(`/projects/${campaign.project.id}/settlement`);
      expect(page.status).to.equal(200);
      expect(page.text).to.include("Statement: Solar lantern");
      expect(page.text).to.include("Pledged at the deadline");
      expect(page.text).to.include("Payment failed (retrying)");
      expect(page.text).to.include("Fees and payout (estimate so far)");
      expect(page.text).to.include("Alice Good");
      page = await agent.get(`/projects/${campaign.project.id}/settlement?list=failed`);
      expect(page.text).to.include("Bob Failing");
      expect(page.text).to.not.include("Alice Good");
      expect((await agent.get(`/projects/${campaign.project.id}/settlement?list=bogus`)).status).to.equal(
        400,
      );
      expect((await agent.get(`/projects/${campaign.project.id}/settlement?page=-1`)).status).to.equal(400);

      ctx.clock.advance(8 * DAY_MS);
      await settlerOf(ctx).settleDue();
      page = await agent.get(`/projects/${campaign.project.id}/settlement`);
      expect(page.text).to.include("Fees and payout");
      expect(page.text).to.not.include("estimate so far");
      expect(page.text).to.include("was paid out to your payout account");
      expect(page.text).to.include("Campaign escrow");
      const csv = await agent.get(`/projects/${campaign.project.id}/settlement.csv`);
      expect(csv.status).to.equal(200);
      expect(csv.headers["content-type"]).to.include("text/csv");
      const lines = csv.text.trim().split("\n");
      expect(lines).to.have.length(3);
      expect(lines[1]).to.include("Alice Good");
      expect(lines[2]).to.include("Dropped");
      const zh = await agent
        .get(`/projects/${campaign.project.id}/settlement`)
        .set("Accept-Language", "zh-CN");
      expect(zh.text).to.include("结算单：Solar lantern");

      const stranger = browser(ctx.app);
      const other = await createUser(ctx.db);
      await signIn(stranger, other.email);
      expect((await stranger.get(`/projects/${campaign.project.id}/settlement`)).status).to.equal(404);
      expect((await stranger.get(`/projects/${campaign.project.id}/settlement.csv`)).status).to.equal(404);
      expect((await stranger.get(`/projects/${campaign.project.id}/cap-table.csv`)).status).to.equal(404);
      const visitor = await browser(ctx.app).get(`/projects/${campaign.project.id}/settlement`);
      expect(visitor.status).to.equal(303);
    });
  });

  describe("admin", () => {
    it("lists campaigns by stage, previews one before it closes, settles it, refunds a pledge with a reason", async () => {
      const campaign = await liveCampaign(ctx, { goalMinor: 5_000, title: "Tea set" });
      const a = await back(ctx, campaign, { amountMinor: 6_000, name: "Alice" });
      await back(ctx, campaign, { card: FAILING_CARD, amountMinor: 2_000, name: "Bob" });
      const admin = await createUser(ctx.db, { role: "admin" });
      const agent = browser(ctx.app);
      await signIn(agent, admin.email);

      // Before the deadline: the dry run shows what would happen at the deadline; nothing is written.
      let page = await agent.get(`/admin/settlement/${campaign.project.id}`);
      expect(page.status).to.equal(200);
      expect(page.text).to.include("Dry run");
      expect(page.text).to.include("Goal reached");
      expect(page.text).to.not.include("Settle this campaign now");
      passDeadline(ctx);
      const index = await agent.get("/admin/settlement");
      expect(index.text).to.include("Awaiting settlement (1)");
      expect(index.text).to.include("Tea set");
      page = await agent.get(`/admin/settlement/${campaign.project.id}`);
      expect(page.text).to.include("Settle this campaign now");
      expect(await ctx.db("settlements")).to.have.length(0);

      const run = await agent
        .post(`/admin/settlement/${campaign.project.id}/run`)
        .type("form")
        .send({ _csrf: csrfFrom(page.text) });
      expect(run.status).to.equal(303);
      page = await agent.get(`/admin/settlement/${campaign.project.id}`);
      expect(page.text).to.include("Settlement ran: 1 charged, 1 failed, 0 dropped.");
      expect(page.text).to.include("wait for the retry window to end");
      expect((await agent.get("/admin/settlement")).text).to.include("In the retry window (1)");

      // Refund Alice's pledge.
      const item = await itemOf(ctx, a.pledgeId);
      const form = await agent.get(`/admin/settlement/${campaign.project.id}/items/${item.id}/refund`);
      expect(form.status).to.equal(200);
      const empty = await agent
        .post(`/admin/settlement/${campaign.project.id}/items/${item.id}/refund`)
        .type("form")
        .send({ _csrf: csrfFrom(form.text), reason: "  " });
      expect(empty.status).to.equal(422);
      expect(empty.text).to.include('id="f-reason-error"');
      const done = await agent
        .post(`/admin/settlement/${campaign.project.id}/items/${item.id}/refund`)
        .type("form")
        .send({ _csrf: csrfFrom(form.text), reason: "Asked by the backer <script>" });
      expect(done.status).to.equal(303);
      expect((await itemOf(ctx, a.pledgeId)).status).to.equal("refunded");
      const trail = await auditTrail(ctx.db, "pledge", a.pledgeId);
      expect(trail[0]).to.include({
        action: "settlement.refund",
        actorId: admin.id,
        reason: "Asked by the backer <script>",
      });
      expect(ctx.mail.some((m) => m.to === a.backer.email && m.subject.startsWith("Refund"))).to.equal(true);
      const again = await agent
        .post(`/admin/settlement/${campaign.project.id}/items/${item.id}/refund`)
        .type("form")
        .send({ _csrf: csrfFrom(form.text), reason: "again" });
      expect(again.status).to.equal(422);
      expect(again.text).to.include("already been refunded");
      // Ids that do not match: 404.
      expect((await agent.get(`/admin/settlement/${campaign.project.id}/items/999/refund`)).status).to.equal(
        404,
      );
      expect((await agent.get("/admin/settlement/abc")).status).to.equal(404);
      expect((await agent.get("/admin/settlement/999999")).status).to.equal(404);
    });

    it("is for admins only", async () => {
      const campaign = await liveCampaign(ctx);
      const user = await createUser(ctx.db);
      const agent = browser(ctx.app);
      await signIn(agent, user.email);
      expect((await agent.get("/admin/settlement")).status).to.equal(403);
      expect((await agent.get(`/admin/settlement/${campaign.project.id}`)).status).to.equal(403);
      const page = await agent.get("/pledges");
      expect(
        (
          await agent
            .post(`/admin/settlement/${campaign.project.id}/run`)
            .type("form")
            .send({ _csrf: csrfFrom(page.text) })
        ).status,
      ).to.equal(403);
    });
  });
});
