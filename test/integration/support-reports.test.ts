import { expect } from "chai";
import { ForbiddenError, RuleError } from "../../server/errors.ts";
import { translator } from "../../server/i18n/index.ts";
import { ModerationService } from "../../server/services/moderation.ts";
import { findProject } from "../../server/store/projects.ts";
import { indexProject } from "../../server/store/search.ts";
import type { User } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, escapeHtml } from "../support/http.ts";
import { createOffering, readyInvestor } from "../support/invest-factory.ts";
import { liveProject, NO_LIMITS, placePledge, postForm, signedIn } from "../support/ops-factory.ts";
import { createProject } from "../support/project-factory.ts";
import { back, liveCampaign, passDeadline, settlerOf } from "../support/settlement-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");
const shows = (html: string, text: string) => expect(html).to.include(escapeHtml(text));

describe("report this project, moderation and suspension", () => {
  let ctx: TestContext;
  let admin: { user: User; agent: Agent };
  let creator: { user: User; agent: Agent };
  before(async () => {
    ctx = await createTestContext(NO_LIMITS);
    admin = await signedIn(ctx, { role: "admin" });
    creator = await signedIn(ctx, { name: "Cora Creator", locale: "zh-CN" });
  });
  after(() => ctx.close());

  async function publicProject(title: string) {
    const project = await liveProject(ctx, creator.user.id, { title, category: "design" });
    await indexProject(ctx.db, project);
    return project;
  }

  const report = (agent: Agent, projectId: number, fields: Record<string, string>) =>
    postForm(agent, `/projects/${projectId}/report`, `/projects/${projectId}/report`, fields);

  describe("reporting", () => {
    it("links the form from the project page (not for its creator), and asks a visitor to sign in", async () => {
      const project = await publicProject("Glow lamp");
      const visitor = await browser(ctx.app).get(`/projects/${project.id}`);
      expect(visitor.text).to.include(`href="/projects/${project.id}/report"`);
      shows(visitor.text, en("ops.project.report"));
      const own = await creator.agent.get(`/projects/${project.id}`);
      expect(own.text).not.to.include(`href="/projects/${project.id}/report"`);
      const form = await browser(ctx.app).get(`/projects/${project.id}/report`);
      expect(form.status).to.equal(303);
      expect(form.headers.location).to.equal(
        `/login?returnTo=${encodeURIComponent(`/projects/${project.id}/report`)}`,
      );
    });

    it("files a report and shows it in the admin moderation queue", async () => {
      const project = await publicProject("Too good to be true");
      const { agent, user } = await signedIn(ctx, { name: "Rita Reporter" });
      const res = await report(agent, project.id, {
        reason: "fraud",
        details: "The photos are copied from another shop.",
      });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal(`/projects/${project.id}`);
      const row = await ctx.db("project_reports").where({ project_id: project.id }).first();
      expect(row).to.include({ reporter_id: user.id, reason: "fraud", status: "open" });
      const queue = await admin.agent.get("/admin/reports");
      expect(queue.text).to.include(`href="/admin/reports/projects/${project.id}"`);
      expect(queue.text).to.include("The photos are copied from another shop.");
      shows(queue.text, en("ops.reports.reasons.fraud"));
    });

    it("validates in the reader's language and keeps the input; a second open report is refused politely", async () => {
      const project = await publicProject("Dubious gadget");
      const { agent } = await signedIn(ctx, { locale: "zh-CN" });
      const missing = await report(agent, project.id, { details: "Kept details text" });
      expect(missing.status).to.equal(422);
      shows(missing.text, zh("ops.reports.errors.reason"));
      expect(missing.text).to.include("Kept details text");
      const short = await report(agent, project.id, { reason: "other", details: "short" });
      expect(short.status).to.equal(422);
      shows(short.text, zh("ops.reports.errors.detailsShort"));
      const bad = await report(agent, project.id, { reason: "boring", details: "Long enough details here" });
      expect(bad.status).to.equal(422);
      expect(
        (await report(agent, project.id, { reason: "prohibited", details: "It offers shares as rewards." }))
          .status,
      ).to.equal(303);
      const again = await report(agent, project.id, {
        reason: "other",
        details: "Still there, still wrong.",
      });
      expect(again.status).to.equal(409);
      shows(again.text, zh("ops.reports.refused.duplicate"));
    });

    it("refuses a report on one's own project (403) and on a project that is not public (404)", async () => {
      const project = await publicProject("Mine");
      const own = await creator.agent.get(`/projects/${project.id}/report`);
      expect(own.status).to.equal(403);
      const ownPost = await report(creator.agent, project.id, {
        reason: "other",
        details: "Reporting myself here",
      });
      expect(ownPost.status).to.equal(403);
      const draft = await createProject(ctx.db, { creatorId: creator.user.id, state: "draft" });
      const { agent } = await signedIn(ctx);
      expect((await agent.get(`/projects/${draft.id}/report`)).status).to.equal(404);
      expect((await agent.get("/projects/999999/report")).status).to.equal(404);
      expect((await agent.get("/projects/abc/report")).status).to.equal(404);
    });

    it("limits reports per address (RATE_LIMIT_REPORTS)", async () => {
      const limited = await createTestContext({ RATE_LIMIT_REPORTS: "1" });
      try {
        const owner = await signedIn(limited);
        const a = await liveProject(limited, owner.user.id);
        const b = await liveProject(limited, owner.user.id);
        const { agent } = await signedIn(limited);
        const fields = { reason: "other", details: "Something is off with it." };
        expect(
          (await postForm(agent, `/projects/${a.id}/report`, `/projects/${a.id}/report`, fields)).status,
        ).to.equal(303);
        const second = await postForm(agent, `/projects/${b.id}/report`, `/projects/${b.id}/report`, fields);
        expect(second.status).to.equal(429);
      } finally {
        await limited.close();
      }
    });
  });

  describe("admin decisions", () => {
    it("dismisses a report with a note (required), audited", async () => {
      const project = await publicProject("Fine after all");
      const { agent } = await signedIn(ctx);
      await report(agent, project.id, { reason: "intellectual_property", details: "Looks like my design." });
      const row = await ctx.db("project_reports").where({ project_id: project.id }).first();
      const casePage = `/admin/reports/projects/${project.id}`;
      const noNote = await postForm(admin.agent, casePage, `/admin/reports/${row.id}/dismiss`, {
        note: "",
        projectId: String(project.id),
      });
      expect(noNote.status).to.equal(422);
      shows(noNote.text, en("ops.errors.reasonRequired"));
      const ok = await postForm(admin.agent, casePage, `/admin/reports/${row.id}/dismiss`, {
        note: "Different design; checked the patent.",
        projectId: String(project.id),
      });
      expect(ok.status).to.equal(303);
      expect(await ctx.db("project_reports").where({ id: row.id }).first()).to.include({
        status: "dismissed",
        resolved_by: admin.user.id,
      });
      const audit = await ctx
        .db("audit_log")
        .where({ action: "report.dismiss", subject_id: project.id })
        .first();
      expect(audit).to.include({ actor_id: admin.user.id, reason: "Different design; checked the patent." });
      const again = await postForm(admin.agent, casePage, `/admin/reports/${row.id}/dismiss`, {
        note: "x",
        projectId: String(project.id),
      });
      expect(again.status).to.equal(409);
    });

    it("suspends a project with a reason: hidden from discovery and search, banner, no pledges, reports closed, creator told, audited", async () => {
      const project = await publicProject("Suspicious lantern");
      const backer = await signedIn(ctx);
      const pledge = await placePledge(ctx, backer.user, project);
      const reporter = await signedIn(ctx);
      await report(reporter.agent, project.id, {
        reason: "fraud",
        details: "The creator asked me to pay by bank transfer.",
      });
      expect((await browser(ctx.app).get("/discover")).text).to.include(`/projects/${project.id}"`);
      expect((await browser(ctx.app).get("/search?q=lantern")).text).to.include(`/projects/${project.id}"`);

      const casePage = `/admin/reports/projects/${project.id}`;
      const noReason = await postForm(admin.agent, casePage, `${casePage}/suspend`, { reason: " " });
      expect(noReason.status).to.equal(422);
      ctx.mail.length = 0;
      const res = await postForm(admin.agent, casePage, `${casePage}/suspend`, {
        reason: "Payment requested outside the platform.",
      });
      expect(res.status).to.equal(303);

      const stored = await findProject(ctx.db, project.id);
      expect(stored?.suspendedAt).to.be.instanceOf(Date);
      expect(stored?.suspensionReason).to.equal("Payment requested outside the platform.");
      expect(stored?.state).to.equal("live");
      for (const path of [
        "/discover",
        "/discover?sort=new",
        "/categories/design",
        "/search?q=lantern",
        "/search?q=Suspicious",
      ]) {
        expect((await browser(ctx.app).get(path)).text, path).not.to.include(`/projects/${project.id}"`);
      }
      const page = await browser(ctx.app).get(`/projects/${project.id}`);
      expect(page.status).to.equal(200);
      shows(page.text, en("ops.project.suspendedTitle"));
      expect(page.text).not.to.include(`href="/projects/${project.id}/report"`);

      const attempt = await placePledge(ctx, (await signedIn(ctx)).user, project).catch((e) => e);
      expect(attempt).to.be.instanceOf(RuleError);
      expect((attempt as RuleError).messageKey).to.equal("pledges.refused.notLive");
      expect(await ctx.db("pledges").where({ id: pledge.id }).first()).to.include({ status: "active" });

      expect(await ctx.db("project_reports").where({ project_id: project.id }).first()).to.include({
        status: "actioned",
      });
      const audit = await ctx
        .db("audit_log")
        .where({ action: "project.suspend", subject_id: project.id })
        .first();
      expect(audit).to.include({
        actor_id: admin.user.id,
        reason: "Payment requested outside the platform.",
      });
      // The creator (who reads Chinese) is told in the app and by email, with the reason and where to ask.
      const mails = ctx.mail.filter((m) => m.to === creator.user.email);
      expect(mails).to.have.length(1);
      expect(mails[0]?.subject).to.equal(zh("ops.mail.suspended.subject", { title: "Suspicious lantern" }));
      expect(mails[0]?.text).to.include("Payment requested outside the platform.");
      expect(mails[0]?.text).to.include(`${ctx.config.baseUrl}/support/tickets/new`);
      shows(
        (await creator.agent.get("/notifications")).text,
        zh("comms.kinds.project_suspended.text", {
          title: "Suspicious lantern",
          reason: "Payment requested outside the platform.",
        }),
      );
      const suspendedList = await admin.agent.get("/admin/reports");
      expect(suspendedList.text).to.include(`href="/admin/reports/projects/${project.id}"`);

      const twice = await postForm(admin.agent, casePage, `${casePage}/suspend`, { reason: "again" });
      expect(twice.status).to.equal(422);
      shows(twice.text, en("ops.reports.refused.alreadySuspended"));

      const restore = await postForm(admin.agent, casePage, `${casePage}/restore`, {
        reason: "The creator explained; refund policy fixed.",
      });
      expect(restore.status).to.equal(303);
      expect((await findProject(ctx.db, project.id))?.suspendedAt).to.equal(null);
      expect((await browser(ctx.app).get("/search?q=lantern")).text).to.include(`/projects/${project.id}"`);
      expect((await browser(ctx.app).get("/discover")).text).to.include(`/projects/${project.id}"`);
      expect(
        await ctx.db("audit_log").where({ action: "project.unsuspend", subject_id: project.id }).first(),
      ).to.include({
        reason: "The creator explained; refund policy fixed.",
      });
      expect((await placePledge(ctx, (await signedIn(ctx)).user, project)).status).to.equal("active");
      const restored = ctx.mail.filter((m) => m.to === creator.user.email).at(-1);
      expect(restored?.subject).to.equal(zh("ops.mail.restored.subject", { title: "Suspicious lantern" }));
      expect(restored?.text).to.include(`${ctx.config.baseUrl}/projects/${project.id}`);
      shows(
        (await creator.agent.get("/notifications")).text,
        zh("comms.kinds.project_restored.text", { title: "Suspicious lantern" }),
      );
    });

    it("a suspended project offers no pledge form and takes no equity commitment", async () => {
      const project = await publicProject("No more pledges");
      const moderation = new ModerationService({ db: ctx.db, clock: ctx.clock, notifier: ctx.notifier });
      const { agent } = await signedIn(ctx);
      expect((await agent.get(`/projects/${project.id}/pledge`)).status).to.equal(200);
      await moderation.suspend(admin.user, project.id, "Under review.");
      const form = await agent.get(`/projects/${project.id}/pledge`);
      expect(form.status).to.equal(404);
      const page = await agent.get(`/projects/${project.id}`);
      expect(page.text).not.to.include(`href="/projects/${project.id}/pledge"`);

      const { project: offering } = await createOffering(ctx.db, {
        regime: "us_reg_cf",
        now: ctx.clock.now(),
      });
      const investor = await readyInvestor(ctx, { regime: "us_reg_cf" });
      expect((await investor.agent.get(`/projects/${offering.id}/invest`)).status).to.equal(200);
      await moderation.suspend(admin.user, offering.id, "Disclosure under review.");
      const invest = await investor.agent.get(`/projects/${offering.id}/invest`);
      expect(invest.status).to.equal(409);
    });

    it("lets a backer withdraw a pledge from a suspended project", async () => {
      const project = await publicProject("Withdrawable");
      const backer = await signedIn(ctx);
      const pledge = await placePledge(ctx, backer.user, project);
      const casePage = `/admin/reports/projects/${project.id}`;
      await postForm(admin.agent, casePage, `${casePage}/suspend`, {
        reason: "Checking the creator's identity.",
      });
      const cancel = await postForm(
        backer.agent,
        `/pledges/${pledge.id}/cancel`,
        `/pledges/${pledge.id}/cancel`,
        {},
      );
      expect(cancel.status).to.equal(303);
      expect(await ctx.db("pledges").where({ id: pledge.id }).first()).to.include({ status: "cancelled" });
    });

    it("settlement waits while a project is suspended, and goes ahead once it is restored", async () => {
      const campaign = await liveCampaign(ctx, { goalMinor: 1_000 });
      await back(ctx, campaign, { amountMinor: 4_000 });
      const moderation = new ModerationService({ db: ctx.db, clock: ctx.clock, notifier: ctx.notifier });
      await moderation.suspend(admin.user, campaign.project.id, "Reported as fraud; under review.");
      passDeadline(ctx);
      const settler = settlerOf(ctx);
      const runs = await settler.settleDue();
      expect(runs.find((r) => r.projectId === campaign.project.id)?.result).to.equal("not_due");
      expect((await findProject(ctx.db, campaign.project.id))?.state).to.equal("live");
      expect(await ctx.db("settlements").where({ project_id: campaign.project.id }).first()).to.equal(
        undefined,
      );
      expect(await ctx.db("sandbox_charges").count({ n: "*" }).first()).to.deep.equal({ n: 0 });

      await moderation.restore(admin.user, campaign.project.id, "Cleared.");
      await settler.settleDue();
      expect((await findProject(ctx.db, campaign.project.id))?.state).to.equal("succeeded");
    });

    it("only admins moderate: 403 on every page and action for a member, and the service checks too", async () => {
      const project = await publicProject("Guarded");
      const member = await signedIn(ctx);
      for (const path of ["/admin/reports", `/admin/reports/projects/${project.id}`]) {
        expect((await member.agent.get(path)).status, path).to.equal(403);
      }
      const post = await postForm(member.agent, "/help", `/admin/reports/projects/${project.id}/suspend`, {
        reason: "mine now",
      });
      expect(post.status).to.equal(403);
      expect((await findProject(ctx.db, project.id))?.suspendedAt).to.equal(null);
      const moderation = new ModerationService({ db: ctx.db, clock: ctx.clock, notifier: ctx.notifier });
      for (const call of [
        () => moderation.suspend(member.user, project.id, "x"),
        () => moderation.restore(member.user, project.id, "x"),
        () => moderation.dismiss(member.user, 1, "x"),
        () => moderation.queue(member.user, { status: "open", page: 1 }),
      ]) {
        expect(await call().catch((e) => e)).to.be.instanceOf(ForbiddenError);
      }
      expect((await admin.agent.get("/admin/reports?status=bogus")).status).to.equal(400);
      expect((await admin.agent.get("/admin/reports/projects/999999")).status).to.equal(404);
    });

    it("suspends only projects the public can see", async () => {
      const draft = await createProject(ctx.db, { creatorId: creator.user.id, state: "draft" });
      const casePage = `/admin/reports/projects/${draft.id}`;
      const res = await postForm(admin.agent, casePage, `${casePage}/suspend`, {
        reason: "Not public anyway",
      });
      expect(res.status).to.equal(422);
      shows(res.text, en("ops.reports.refused.notPublic"));
    });
  });
});
