import { expect } from "chai";
import { ForbiddenError } from "../../server/errors.ts";
import { translator } from "../../server/i18n/index.ts";
import { OpsService } from "../../server/services/ops.ts";
import { recordAudit } from "../../server/store/audit.ts";
import { findUserById, type User } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, escapeHtml, STRONG_PASSWORD, signIn } from "../support/http.ts";
import {
  DAY,
  liveProject,
  NO_LIMITS,
  placePledge,
  postForm,
  postMultipart,
  signedIn,
} from "../support/ops-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");
const shows = (html: string, text: string) => expect(html).to.include(escapeHtml(text));

describe("user management and the audit log", () => {
  let ctx: TestContext;
  let admin: { user: User; agent: Agent };
  before(async () => {
    ctx = await createTestContext(NO_LIMITS);
    admin = await signedIn(ctx, { role: "admin", name: "Ada Admin" });
  });
  after(() => ctx.close());

  describe("users", () => {
    it("searches by name or email, literally (% and _ are not wildcards), with filters", async () => {
      await signedIn(ctx, { name: "Zhang Wei", email: "zhang.wei@example.com" });
      await signedIn(ctx, { name: "100% Real", email: "real_name@example.com" });
      await signedIn(ctx, { name: "Other Person", email: "other@example.com" });
      const byName = await admin.agent.get("/admin/users?q=zhang");
      shows(byName.text, "Zhang Wei");
      expect(byName.text).not.to.include("Other Person");
      const byEmail = await admin.agent.get("/admin/users?q=REAL_NAME@");
      shows(byEmail.text, "100% Real");
      const percent = await admin.agent.get(`/admin/users?q=${encodeURIComponent("100%")}`);
      shows(percent.text, "100% Real");
      expect(percent.text).not.to.include("Zhang Wei");
      const underscore = await admin.agent.get("/admin/users?q=real_");
      expect(underscore.text).not.to.include("Other Person");
      const admins = await admin.agent.get("/admin/users?role=admin");
      shows(admins.text, "Ada Admin");
      expect(admins.text).not.to.include("Zhang Wei");
      expect((await admin.agent.get("/admin/users?role=king")).status).to.equal(400);
      expect((await admin.agent.get(`/admin/users?q=${"x".repeat(500)}`)).status).to.equal(400);
    });

    it("shows a user's activity: projects, pledges, tickets and audit entries", async () => {
      const creator = await signedIn(ctx, { name: "Active Alice" });
      const project = await liveProject(ctx, creator.user.id, { title: "Alice's kiln" });
      const backer = await signedIn(ctx);
      await placePledge(ctx, creator.user, await liveProject(ctx, backer.user.id, { title: "Bob's book" }));
      await postMultipart(creator.agent, "/support/tickets/new", "/support/tickets", {
        category: "question",
        subject: "How do payouts work?",
        body: "b",
      });
      await recordAudit(
        ctx.db,
        { actorId: creator.user.id, action: "project.launch", subjectType: "project", subjectId: project.id },
        ctx.clock.now(),
      );
      const page = await admin.agent.get(`/admin/users/${creator.user.id}`);
      expect(page.status).to.equal(200);
      shows(page.text, "Alice's kiln");
      shows(page.text, "Bob's book");
      shows(page.text, "How do payouts work?");
      expect(page.text).to.include("project.launch");
      expect((await admin.agent.get("/admin/users/999999")).status).to.equal(404);
      expect((await admin.agent.get("/admin/users/x")).status).to.equal(404);
    });

    it("suspends with a reason: the user is signed out and cannot sign in; restores; every step audited", async () => {
      const target = await signedIn(ctx, { name: "Sam Suspect" });
      expect((await target.agent.get("/account")).status).to.equal(200);
      const page = `/admin/users/${target.user.id}`;
      const noReason = await postForm(admin.agent, page, `${page}/suspend`, { reason: "" });
      expect(noReason.status).to.equal(422);
      shows(noReason.text, en("ops.errors.reasonRequired"));
      const res = await postForm(admin.agent, page, `${page}/suspend`, {
        reason: "Chargeback fraud pattern.",
      });
      expect(res.status).to.equal(303);
      expect((await findUserById(ctx.db, target.user.id))?.status).to.equal("suspended");
      const after = await target.agent.get("/account");
      expect(after.status).to.equal(303);
      expect(after.headers.location).to.match(/^\/login/);
      const again = await signIn(browser(ctx.app), target.user.email, STRONG_PASSWORD);
      expect(again.status).to.equal(403);
      const audit = await ctx
        .db("audit_log")
        .where({ action: "user.suspend", subject_id: target.user.id })
        .first();
      expect(audit).to.include({
        actor_id: admin.user.id,
        subject_type: "user",
        reason: "Chargeback fraud pattern.",
      });

      const restore = await postForm(admin.agent, page, `${page}/restore`, {
        reason: "Bank confirmed it was a mistake.",
      });
      expect(restore.status).to.equal(303);
      expect((await findUserById(ctx.db, target.user.id))?.status).to.equal("active");
      expect((await signIn(browser(ctx.app), target.user.email, STRONG_PASSWORD)).status).to.equal(303);
      expect(
        await ctx.db("audit_log").where({ action: "user.restore", subject_id: target.user.id }).first(),
      ).to.include({
        reason: "Bank confirmed it was a mistake.",
      });
    });

    it("an admin cannot suspend themselves", async () => {
      const page = `/admin/users/${admin.user.id}`;
      const view = await admin.agent.get(page);
      shows(view.text, en("ops.users.selfNote"));
      expect(view.text).not.to.include(`action="${page}/suspend"`);
      const res = await postForm(admin.agent, page, `${page}/suspend`, { reason: "oops" });
      expect(res.status).to.equal(422);
      shows(res.text, en("ops.users.refused.self"));
      expect((await findUserById(ctx.db, admin.user.id))?.status).to.equal("active");
    });

    it("grants and removes the admin role, never from the last active admin", async () => {
      const solo = await createTestContext(NO_LIMITS);
      try {
        const only = await signedIn(solo, { role: "admin" });
        const member = await signedIn(solo, { name: "Mia Member" });
        const own = `/admin/users/${only.user.id}`;
        const last = await postForm(only.agent, own, `${own}/role`, { role: "user" });
        expect(last.status).to.equal(422);
        shows(last.text, en("ops.users.refused.lastAdmin"));
        shows((await only.agent.get(own)).text, en("ops.users.lastAdminNote"));

        const page = `/admin/users/${member.user.id}`;
        const grant = await postForm(only.agent, page, `${page}/role`, {
          role: "admin",
          reason: "New support hire",
        });
        expect(grant.status).to.equal(303);
        expect((await findUserById(solo.db, member.user.id))?.role).to.equal("admin");
        expect((await member.agent.get("/admin")).status).to.equal(200);
        const revokeSelf = await postForm(only.agent, own, `${own}/role`, { role: "user" });
        expect(revokeSelf.status).to.equal(303);
        expect((await only.agent.get("/admin")).status).to.equal(403);
        const actions = (await solo.db("audit_log").where({ subject_type: "user" }).orderBy("id")).map(
          (a) => a.action,
        );
        expect(actions).to.deep.equal(["user.grantAdmin", "user.revokeAdmin"]);
        const bad = await postForm(member.agent, page, `${page}/role`, { role: "superuser" });
        expect(bad.status).to.equal(422);
      } finally {
        await solo.close();
      }
    });

    it("is for admins only, in the router and in the service", async () => {
      const member = await signedIn(ctx);
      for (const path of ["/admin/users", `/admin/users/${admin.user.id}`, "/admin/audit"]) {
        expect((await member.agent.get(path)).status, path).to.equal(403);
      }
      const post = await postForm(member.agent, "/help", `/admin/users/${admin.user.id}/suspend`, {
        reason: "coup",
      });
      expect(post.status).to.equal(403);
      const ops = new OpsService({ db: ctx.db, clock: ctx.clock, firstResponseHours: 24 });
      for (const call of [
        () => ops.users(member.user, { text: "", page: 1 }),
        () => ops.user(member.user, admin.user.id),
        () => ops.suspendUser(member.user, admin.user.id, "x"),
        () => ops.restoreUser(member.user, admin.user.id, "x"),
        () => ops.setRole(member.user, member.user.id, "admin", ""),
        () => ops.audit(member.user, {}, 1),
      ]) {
        expect(await call().catch((e) => e)).to.be.instanceOf(ForbiddenError);
      }
      expect((await findUserById(ctx.db, member.user.id))?.role).to.equal("user");
    });
  });

  describe("audit log browser", () => {
    before(async () => {
      const now = ctx.clock.now();
      const old = new Date(now.getTime() - 40 * DAY);
      for (let i = 0; i < 60; i++) {
        await recordAudit(
          ctx.db,
          {
            actorId: admin.user.id,
            action: "project.approve",
            subjectType: "project",
            subjectId: 5000 + i,
            reason: `batch ${i}`,
          },
          i < 5 ? old : now,
        );
      }
      await recordAudit(
        ctx.db,
        { actorId: null, action: "project.succeed", subjectType: "project", subjectId: 7777 },
        now,
      );
    });

    it("lists entries newest first, 50 a page, with their actor, and filters by actor, action, subject and dates", async () => {
      const first = await admin.agent.get("/admin/audit");
      expect(first.status).to.equal(200);
      expect(first.text).to.include('rel="next"');
      expect(first.text.indexOf("project #7777")).to.be.lessThan(first.text.indexOf("project #5059"));
      shows(first.text, en("ops.audit.system"));
      const second = await admin.agent.get("/admin/audit?action=project.approve&page=2");
      expect(second.text).to.include("batch 0");
      const byAction = await admin.agent.get("/admin/audit?action=project.succeed");
      shows(byAction.text, en("ops.audit.count", { count: 1 }));
      const bySubject = await admin.agent.get("/admin/audit?subject=project&subjectId=5003");
      shows(bySubject.text, en("ops.audit.count", { count: 1 }));
      expect(bySubject.text).to.include("batch 3");
      const byActor = await admin.agent.get(
        `/admin/audit?actor=${encodeURIComponent("Ada")}&action=project.approve`,
      );
      shows(byActor.text, en("ops.audit.count", { count: 60 }));
      const byId = await admin.agent.get(`/admin/audit?actor=${admin.user.id}&action=project.approve`);
      shows(byId.text, en("ops.audit.count", { count: 60 }));
      const today = ctx.clock.now().toISOString().slice(0, 10);
      const byDate = await admin.agent.get(`/admin/audit?action=project.approve&from=${today}&to=${today}`);
      shows(byDate.text, en("ops.audit.count", { count: 55 }));
    });

    it("validates the filters in the reader's language (422), and refuses unknown parameters' shapes (400)", async () => {
      const res = await admin.agent
        .get("/admin/audit?from=2026-02-30&subjectId=abc")
        .set("Accept-Language", "zh-CN");
      expect(res.status).to.equal(422);
      shows(res.text, zh("ops.range.invalidDate"));
      shows(res.text, zh("ops.audit.errors.subjectId"));
      expect(res.text).to.include('value="2026-02-30"');
      expect((await admin.agent.get("/admin/audit?page=-1")).status).to.equal(400);
    });

    it("is read-only: no route changes an entry, and the table refuses updates and deletes", async () => {
      for (const method of ["post", "put", "delete", "patch"] as const) {
        const res = await admin.agent[method]("/admin/audit").type("form").send({ id: "1" });
        expect(res.status, method).to.be.oneOf([403, 404]);
      }
      let error: unknown;
      try {
        await ctx.db("audit_log").update({ reason: "rewritten" });
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.include("append-only");
      error = undefined;
      try {
        await ctx.db("audit_log").delete();
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.include("append-only");
    });
  });
});
