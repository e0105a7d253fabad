import { expect } from "chai";
import { ForbiddenError } from "../../server/errors.ts";
import { translator } from "../../server/i18n/index.ts";
import { RiskService } from "../../server/services/risk.ts";
import { findProject } from "../../server/store/projects.ts";
import { findUserById, type User } from "../../server/store/users.ts";
import { accountIpsFor } from "../../server/web/support.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, csrfFrom, escapeHtml, inputValue } from "../support/http.ts";
import { DAY, liveProject, NO_LIMITS, placePledge, postForm, signedIn } from "../support/ops-factory.ts";
import { saveCard } from "../support/pledging.ts";
import { addTier } from "../support/project-factory.ts";

const en = translator("en");
const shows = (html: string, text: string) => expect(html).to.include(escapeHtml(text));

describe("risk monitoring", () => {
  let ctx: TestContext;
  let admin: { user: User; agent: Agent };
  let creator: { user: User; agent: Agent };
  before(async () => {
    ctx = await createTestContext({
      ...NO_LIMITS,
      RISK_LARGE_PLEDGE_CNY: "1000",
      RISK_PLEDGES_PER_ACCOUNT: "3",
      RISK_PLEDGES_PER_IP: "4",
      RISK_WINDOW_MINUTES: "30",
    });
    admin = await signedIn(ctx, { role: "admin" });
    creator = await signedIn(ctx, { name: "Cai Creator" });
  });
  after(() => ctx.close());

  const flagsOf = (where: Record<string, unknown>) => ctx.db("risk_flags").where(where).orderBy("id");

  it("records where each pledge came from, in the pledge's transaction, through the pledge form", async () => {
    const project = await liveProject(ctx, creator.user.id, { title: "Paper lamps" });
    await addTier(ctx.db, project.id, { title: "Lamp", minimumMinor: 5_000, ships: false });
    const { agent, user } = await signedIn(ctx);
    const cardId = await saveCard(ctx, user);
    const form = await agent.get(`/projects/${project.id}/pledge`);
    const res = await agent
      .post(`/projects/${project.id}/pledge`)
      .type("form")
      .send({
        _csrf: csrfFrom(form.text),
        idempotencyKey: inputValue(form.text, "idempotencyKey"),
        tierId: "none",
        amount: "20",
        paymentMethodId: String(cardId),
      });
    expect(res.status, res.text.slice(0, 300)).to.equal(303);
    const origin = await ctx.db("pledge_origins").where({ user_id: user.id }).first();
    expect(origin).to.include({ project_id: project.id, change: "created" });
    expect(origin.ip).to.match(/127\.0\.0\.1|::1/);
  });

  it("flags a pledge at or above the configured amount for its currency", async () => {
    const project = await liveProject(ctx, creator.user.id);
    const { user } = await signedIn(ctx);
    const small = await placePledge(ctx, user, project, { amountMinor: 99_999 });
    expect(await flagsOf({ pledge_id: small.id })).to.have.length(0);
    const other = await signedIn(ctx);
    const big = await placePledge(ctx, other.user, project, { amountMinor: 100_000 });
    const [flag] = await flagsOf({ pledge_id: big.id });
    expect(flag).to.include({
      kind: "large_pledge",
      status: "open",
      user_id: other.user.id,
      project_id: project.id,
    });
    expect(JSON.parse(flag.details)).to.deep.equal({
      totalMinor: 100_000,
      thresholdMinor: 100_000,
      currency: "CNY",
    });
    const usd = await liveProject(ctx, creator.user.id, { currency: "USD" });
    const third = await signedIn(ctx);
    const dollars = await placePledge(ctx, third.user, usd, { amountMinor: 100_000 }); // $1,000 < $10,000
    expect(await flagsOf({ pledge_id: dollars.id })).to.have.length(0);
  });

  it("flags many pledges from one account in the window, once while the flag is open", async () => {
    const { user } = await signedIn(ctx);
    const cardId = await saveCard(ctx, user);
    for (let i = 0; i < 5; i++) {
      await placePledge(ctx, user, await liveProject(ctx, creator.user.id), {
        cardId,
        ip: `198.51.100.${i}`,
      });
    }
    const flags = await flagsOf({ user_id: user.id, kind: "account_velocity" });
    expect(flags).to.have.length(1);
    expect(JSON.parse(flags[0].details)).to.deep.equal({ count: 4, limit: 3, minutes: 30 });
  });

  it("flags many pledges from one address across accounts, and forgets pledges older than the window", async () => {
    const ip = "192.0.2.55";
    const project = await liveProject(ctx, creator.user.id);
    for (let i = 0; i < 4; i++) await placePledge(ctx, (await signedIn(ctx)).user, project, { ip });
    expect(await flagsOf({ ip, kind: "ip_velocity" })).to.have.length(0);
    ctx.clock.advance(31 * 60_000);
    await placePledge(ctx, (await signedIn(ctx)).user, project, { ip });
    expect(await flagsOf({ ip, kind: "ip_velocity" })).to.have.length(0);
    for (let i = 0; i < 4; i++) await placePledge(ctx, (await signedIn(ctx)).user, project, { ip });
    expect(await flagsOf({ ip, kind: "ip_velocity" })).to.have.length(1);
  });

  it("flags a creator backing their own project from another account: same address, or same card", async () => {
    const project = await liveProject(ctx, creator.user.id, { title: "Self-backed" });
    await accountIpsFor(ctx).see(creator.user.id, "203.0.113.99");
    const sock = await signedIn(ctx, { name: "Sock Puppet" });
    const viaIp = await placePledge(ctx, sock.user, project, { ip: "203.0.113.99" });
    expect((await flagsOf({ pledge_id: viaIp.id })).map((f) => f.kind)).to.deep.equal(["creator_ip"]);

    await saveCard(ctx, creator.user, "4242424242424242", 2031);
    const other = await signedIn(ctx);
    const sameCard = await saveCard(ctx, other.user, "4242424242424242", 2031);
    const viaCard = await placePledge(ctx, other.user, project, { cardId: sameCard, ip: "198.18.0.1" });
    expect((await flagsOf({ pledge_id: viaCard.id })).map((f) => f.kind)).to.deep.equal(["creator_card"]);
  });

  it("remembers a signed-in account's address as it browses, in the background", async () => {
    const { user, agent } = await signedIn(ctx);
    await agent.get("/help");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = await ctx.db("account_ips").where({ user_id: user.id }).first();
    expect(seen?.ip).to.match(/127\.0\.0\.1|::1/);
  });

  describe("the review queue", () => {
    it("lists open flags with their explanation; an admin clears one with a note (audited)", async () => {
      const project = await liveProject(ctx, creator.user.id, { title: "Queue project" });
      const { user } = await signedIn(ctx, { name: "Big Spender" });
      const pledge = await placePledge(ctx, user, project, { amountMinor: 250_000 });
      const [flag] = await flagsOf({ pledge_id: pledge.id });
      const queue = await admin.agent.get("/admin/risk");
      expect(queue.status).to.equal(200);
      expect(queue.text).to.include(`id="flag-${flag.id}"`);
      shows(queue.text, "Big Spender");
      shows(queue.text, en("ops.risk.kinds.large_pledge"));
      const noNote = await postForm(admin.agent, "/admin/risk", `/admin/risk/${flag.id}/resolve`, {
        action: "clear",
        note: "",
      });
      expect(noNote.status).to.equal(422);
      shows(noNote.text, en("ops.errors.reasonRequired"));
      const res = await postForm(admin.agent, "/admin/risk", `/admin/risk/${flag.id}/resolve`, {
        action: "clear",
        note: "Known collector, called them.",
        returnTo: "/admin/risk",
      });
      expect(res.status).to.equal(303);
      expect(await ctx.db("risk_flags").where({ id: flag.id }).first()).to.include({
        status: "cleared",
        resolution: "clear",
        resolved_by: admin.user.id,
      });
      expect(
        await ctx.db("audit_log").where({ action: "risk.clear", subject_id: flag.id }).first(),
      ).to.include({
        actor_id: admin.user.id,
        reason: "Known collector, called them.",
      });
      const cleared = await admin.agent.get("/admin/risk?status=cleared");
      expect(cleared.text).to.include(`id="flag-${flag.id}"`);
      const twice = await postForm(admin.agent, "/admin/risk", `/admin/risk/${flag.id}/resolve`, {
        action: "clear",
        note: "again",
      });
      expect(twice.status).to.equal(409);
      shows(twice.text, en("ops.risk.refused.notOpen"));
    });

    it("acts on a flag: suspends the backer or the project, in one transaction with the audit", async () => {
      const project = await liveProject(ctx, creator.user.id, { title: "Acted on" });
      const backer = await signedIn(ctx);
      const pledge = await placePledge(ctx, backer.user, project, { amountMinor: 500_000 });
      const [flag] = await flagsOf({ pledge_id: pledge.id });
      const res = await postForm(admin.agent, "/admin/risk", `/admin/risk/${flag.id}/resolve`, {
        action: "suspend_backer",
        note: "Stolen card reported by the bank.",
      });
      expect(res.status).to.equal(303);
      expect((await findUserById(ctx.db, backer.user.id))?.status).to.equal("suspended");
      expect((await backer.agent.get("/account")).status).to.equal(303);
      const actions = (
        await ctx.db("audit_log").where({ reason: "Stolen card reported by the bank." }).orderBy("id")
      ).map((a) => a.action);
      expect(actions).to.deep.equal(["user.suspend", "risk.suspend_backer"]);

      const other = await signedIn(ctx);
      const pledge2 = await placePledge(ctx, other.user, project, { amountMinor: 500_000 });
      const [flag2] = await flagsOf({ pledge_id: pledge2.id });
      const res2 = await postForm(admin.agent, "/admin/risk", `/admin/risk/${flag2.id}/resolve`, {
        action: "suspend_project",
        note: "Creator laundering through pledges.",
      });
      expect(res2.status).to.equal(303);
      expect((await findProject(ctx.db, project.id))?.suspendedAt).to.be.instanceOf(Date);
      expect(await ctx.db("risk_flags").where({ id: flag2.id }).first()).to.include({
        status: "actioned",
        resolution: "suspend_project",
      });
      // Its creator is told, as when an admin suspends it from a report: in the app and by email.
      const subject = en("ops.mail.suspended.subject", { title: project.title });
      const mails = ctx.mail.filter((m) => m.to === creator.user.email && m.subject === subject);
      expect(mails).to.have.length(1);
      expect(mails[0]?.text).to.include("Creator laundering through pledges.");
      shows(
        (await creator.agent.get("/notifications")).text,
        en("comms.kinds.project_suspended.text", {
          title: project.title,
          reason: "Creator laundering through pledges.",
        }),
      );
    });

    it("refuses an unknown action and an admin suspending themselves through a flag, keeping the flag open", async () => {
      const project = await liveProject(ctx, creator.user.id);
      const pledge = await placePledge(ctx, admin.user, project, { amountMinor: 300_000 });
      const [flag] = await flagsOf({ pledge_id: pledge.id });
      const bad = await postForm(admin.agent, "/admin/risk", `/admin/risk/${flag.id}/resolve`, {
        action: "ban",
        note: "x",
      });
      expect(bad.status).to.equal(422);
      shows(bad.text, en("ops.risk.errors.action"));
      const self = await postForm(admin.agent, "/admin/risk", `/admin/risk/${flag.id}/resolve`, {
        action: "suspend_backer",
        note: "me",
      });
      expect(self.status).to.equal(422);
      shows(self.text, en("ops.users.refused.self"));
      expect((await ctx.db("risk_flags").where({ id: flag.id }).first()).status).to.equal("open");
      expect((await admin.agent.get("/admin/risk?status=nope")).status).to.equal(400);
      expect((await admin.agent.post("/admin/risk/abc/resolve").type("form").send({})).status).to.be.within(
        400,
        499,
      );
    });

    it("is for admins only, in the router and the service", async () => {
      const member = await signedIn(ctx);
      expect((await member.agent.get("/admin/risk")).status).to.equal(403);
      const risk = new RiskService({ db: ctx.db, clock: ctx.clock, notifier: ctx.notifier });
      expect(await risk.queue(member.user, { status: "open", page: 1 }).catch((e) => e)).to.be.instanceOf(
        ForbiddenError,
      );
      expect(await risk.resolve(member.user, 1, "clear", "x").catch((e) => e)).to.be.instanceOf(
        ForbiddenError,
      );
      void DAY;
    });
  });
});
