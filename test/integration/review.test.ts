import { expect } from "chai";
import { ForbiddenError } from "../../server/errors.ts";
import { translator } from "../../server/i18n/index.ts";
import { ReviewService } from "../../server/services/review.ts";
import { auditTrail } from "../../server/store/audit.ts";
import { findImage } from "../../server/store/images.ts";
import { documentsOf, findProject } from "../../server/store/projects.ts";
import type { User } from "../../server/store/users.ts";
import { deliver } from "../support/comms-factory.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, csrfFrom, escapeHtml, submitForm } from "../support/http.ts";
import {
  addDocument,
  addTier,
  createProject,
  createSubmittedProject,
  createUser,
  PROFILE_ACCOUNT_NUMBER,
  PROFILE_ID_NUMBER,
  signIn,
} from "../support/project-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");
const DAY = 24 * 3600 * 1000;

/** Posts a decision form from the project's preview page, as the admin's browser would. */
function decide(agent: Agent, id: number | string, action: string, fields: Record<string, string> = {}) {
  return submitForm(agent, `/admin/projects/${id}`, `/admin/projects/${id}/${action}`, fields);
}

/** Posts with a CSRF token taken from a page the agent can open. */
async function postWithToken(
  agent: Agent,
  tokenPage: string,
  path: string,
  fields: Record<string, string> = {},
) {
  const page = await agent.get(tokenPage);
  return agent
    .post(path)
    .type("form")
    .send({ _csrf: csrfFrom(page.text), ...fields });
}

/** The page's text content between <main> tags, for order checks. */
function main(html: string): string {
  return html.match(/<main[\s\S]*<\/main>/)?.[0] ?? "";
}

describe("admin review", () => {
  let ctx: TestContext;
  let admin: User;
  let member: User;
  let adminAgent: Agent;
  let memberAgent: Agent;

  before(async () => {
    ctx = await createTestContext();
    admin = await createUser(ctx.db, { role: "admin", name: "Ada Reviewer" });
    member = await createUser(ctx.db, { name: "Mo Member" });
    adminAgent = browser(ctx.app);
    memberAgent = browser(ctx.app);
    await signIn(adminAgent, admin.email);
    await signIn(memberAgent, member.email);
  });
  after(() => ctx.close());

  const mailTo = (email: string) => ctx.mail.filter((m) => m.to === email);

  describe("authorization", () => {
    let projectId: number;
    before(async () => {
      projectId = (await createSubmittedProject(ctx.db)).project.id;
    });
    const pages = () => [
      "/admin",
      "/admin/review",
      "/admin/projects",
      "/admin/projects?state=live",
      `/admin/projects/${projectId}`,
    ];

    it("sends an anonymous visitor to sign in, and back afterwards", async () => {
      for (const path of pages()) {
        const res = await browser(ctx.app).get(path);
        expect(res.status, path).to.equal(303);
        expect(res.headers.location, path).to.equal(`/login?returnTo=${encodeURIComponent(path)}`);
      }
    });

    it("answers 403 to a signed-in member on every page", async () => {
      for (const path of pages()) {
        const res = await memberAgent.get(path);
        expect(res.status, path).to.equal(403);
        expect(res.text, path).to.include(escapeHtml(en("errors.forbidden")));
      }
    });

    it("lets an admin in", async () => {
      for (const path of pages()) {
        const res = await adminAgent.get(path);
        expect(res.status, path).to.equal(200);
      }
    });

    it("refuses every decision and staff pick from an anonymous visitor or a member, changing nothing", async () => {
      const live = await createProject(ctx.db, { creatorId: member.id, state: "live" });
      const posts: [number, string, Record<string, string>][] = [
        [projectId, "approve", {}],
        [projectId, "request-changes", { changesMessage: "Please fix" }],
        [projectId, "reject", { rejectReason: "No" }],
        [live.id, "staff-pick", { pick: "1" }],
      ];
      const anonymous = browser(ctx.app);
      const mailBefore = ctx.mail.length;
      for (const [id, action, fields] of posts) {
        const path = `/admin/projects/${id}/${action}`;
        expect((await postWithToken(anonymous, "/login", path, fields)).status, `anonymous ${path}`).to.equal(
          403,
        );
        expect(
          (await postWithToken(memberAgent, "/account", path, fields)).status,
          `member ${path}`,
        ).to.equal(403);
      }
      expect((await findProject(ctx.db, projectId))?.state).to.equal("submitted");
      expect((await findProject(ctx.db, live.id))?.staffPick).to.equal(false);
      expect(await auditTrail(ctx.db, "project", projectId)).to.deep.equal([]);
      expect(await auditTrail(ctx.db, "project", live.id)).to.deep.equal([]);
      expect(ctx.mail.length).to.equal(mailBefore);
    });

    it("is checked by the service itself, not only by the router", async () => {
      const service = new ReviewService({ db: ctx.db, clock: ctx.clock, notifier: ctx.notifier });
      const live = await createProject(ctx.db, { creatorId: member.id, state: "live" });
      for (const actor of [undefined, null, { id: member.id, role: "user" as const }]) {
        const calls: (() => Promise<unknown>)[] = [
          () => service.overview(actor),
          () => service.queue(actor),
          () => service.preview(actor, projectId),
          () => service.decide(actor, projectId, "approve"),
          () => service.decide(actor, projectId, "reject", "No"),
          () => service.setStaffPick(actor, live.id, true),
          () => service.projects(actor, { page: 1 }),
        ];
        for (const call of calls) {
          let error: unknown;
          try {
            await call();
          } catch (e) {
            error = e;
          }
          expect(error, String(call)).to.be.instanceOf(ForbiddenError);
        }
      }
      expect((await findProject(ctx.db, projectId))?.state).to.equal("submitted");
      expect((await findProject(ctx.db, live.id))?.staffPick).to.equal(false);
    });
  });

  describe("GET /admin/projects/:id (preview)", () => {
    it("shows a reward project in full: story, risks, team, cover, tiers with shipping, attestation, checklist", async () => {
      const { project, creator } = await createSubmittedProject(ctx.db, {
        title: "Clay teapots for friends",
        storyMd: "Hand made.",
        storyHtml: "<p>Hand <strong>made</strong>.</p>",
        risks: "The kiln may crack.",
        team: "Two potters.",
      });
      const cover = await findImage(ctx.db, project.coverImageId as number);
      const res = await adminAgent.get(`/admin/projects/${project.id}`);
      expect(res.status).to.equal(200);
      expect(res.text).to.include("<p>Hand <strong>made</strong>.</p>");
      expect(res.text).to.include("The kiln may crack.");
      expect(res.text).to.include("Two potters.");
      expect(res.text).to.include(`src="/media/images/${cover?.storageKey}/600"`);
      expect(res.text).to.include("Early bird");
      expect(res.text).to.include("Supporter");
      expect(res.text).to.include(
        escapeHtml(en("review.tiers.shippingLine", { region: "Mainland China", fee: "CN¥10" })),
      );
      expect(res.text).to.include(escapeHtml(en("review.tiers.attested")));
      expect(res.text).to.include(escapeHtml(en("review.checklist.items.rewardsLawful")));
      expect(res.text).to.include(creator.name);
      for (const action of ["approve", "request-changes", "reject"])
        expect(res.text).to.include(`action="/admin/projects/${project.id}/${action}"`);
    });

    it("shows an equity project's terms and every document version with its hash and link", async () => {
      const { project } = await createSubmittedProject(ctx.db, { kind: "equity" });
      await addDocument(ctx.db, project.id, "financials", { originalName: "financials-v2.pdf" });
      const documents = await documentsOf(ctx.db, project.id);
      expect(documents).to.have.length(3);
      const res = await adminAgent.get(`/admin/projects/${project.id}`);
      expect(res.status).to.equal(200);
      expect(res.text).to.include("Example Robotics Ltd");
      expect(res.text).to.include(escapeHtml(en("projects.regimes.us_reg_cf")));
      for (const d of documents) {
        expect(res.text).to.include(d.sha256);
        expect(res.text).to.include(`href="/projects/${project.id}/documents/${d.id}"`);
      }
      expect(res.text).to.include("financials-v2.pdf");
      expect(res.text).to.include(en("review.documents.versionN", { version: 2 }));
    });

    it("shows the creator's identity and payout account with the numbers masked, never in full or sealed", async () => {
      const { project } = await createSubmittedProject(ctx.db);
      const res = await adminAgent.get(`/admin/projects/${project.id}`);
      expect(res.text).to.include("•••• 1234");
      expect(res.text).to.include("•••• 3445");
      expect(res.text).to.include("Li Wei");
      expect(res.text).to.include("Bank of Example");
      expect(res.text).not.to.include(PROFILE_ID_NUMBER);
      expect(res.text).not.to.include(PROFILE_ACCOUNT_NUMBER);
      const sealed = await ctx.db("creator_profiles").where({ user_id: project.creatorId }).first();
      expect(res.text).not.to.include(sealed.id_number_enc);
      expect(res.text).not.to.include(sealed.payout_account_enc);
    });

    it("says so when the creator has given no identity, and marks those items missing", async () => {
      const project = await createProject(ctx.db, { creatorId: member.id, state: "submitted" });
      const res = await adminAgent.get(`/admin/projects/${project.id}`);
      expect(res.status).to.equal(200);
      expect(res.text).to.include(escapeHtml(en("review.creator.noProfile")));
      expect(res.text).to.match(/admin-check-missing">[\s\S]*?Identity given/);
    });

    it("flags reward wording that promises a financial return", async () => {
      const { project } = await createSubmittedProject(ctx.db);
      await addTier(ctx.db, project.id, {
        title: "Backer bond",
        description: "10% annual interest, paid yearly",
      });
      const res = await adminAgent.get(`/admin/projects/${project.id}`);
      expect(res.text).to.include(escapeHtml(en("review.checklist.hintsTitle")));
      expect(res.text).to.include("annual interest");
    });

    it("shows a project in any state, with the decision forms only while it is in review", async () => {
      for (const state of [
        "draft",
        "changes_requested",
        "approved",
        "live",
        "rejected",
        "cancelled",
      ] as const) {
        const project = await createProject(ctx.db, { creatorId: member.id, state });
        const res = await adminAgent.get(`/admin/projects/${project.id}`);
        expect(res.status, state).to.equal(200);
        expect(res.text, state).not.to.include(`/admin/projects/${project.id}/approve`);
        expect(res.text, state).to.include(
          escapeHtml(en("review.decision.onlySubmitted", { state: en(`projects.states.${state}`) })),
        );
      }
    });

    it("escapes what creators wrote", async () => {
      const project = await createProject(ctx.db, {
        creatorId: member.id,
        state: "submitted",
        title: `<script>alert("t")</script>`,
        risks: `<img src=x onerror=alert(1)>`,
      });
      const res = await adminAgent.get(`/admin/projects/${project.id}`);
      expect(res.text).not.to.include(`<script>alert("t")</script>`);
      expect(res.text).not.to.include("<img src=x");
      expect(res.text).to.include("&lt;script&gt;");
    });

    it("is in Chinese for a Chinese-reading admin", async () => {
      const agent = browser(ctx.app);
      await signIn(agent, admin.email);
      await agent.get("/language/zh-CN?returnTo=/");
      const { project } = await createSubmittedProject(ctx.db, { kind: "equity" });
      const res = await agent.get(`/admin/projects/${project.id}`);
      expect(res.text).to.include(zh("review.checklist.title"));
      expect(res.text).to.include(zh("review.equity.title"));
      expect(res.text).to.include(zh("review.decision.reject.submit"));
    });

    it("answers 404 for an id that is not a project", async () => {
      for (const id of ["abc", "0", "-1", "1.5", "1e3", "99999999999999999999", "999999", "%20"]) {
        const res = await adminAgent.get(`/admin/projects/${id}`);
        expect(res.status, id).to.equal(404);
      }
    });
  });

  describe("decisions", () => {
    it("approve: the project is approved, audited, and the creator is emailed that they can launch", async () => {
      const { project, creator } = await createSubmittedProject(ctx.db, { title: "Solar lamp" });
      const at = new Date("2026-03-02T09:30:00.000Z");
      ctx.clock.set(at);
      const res = await decide(adminAgent, project.id, "approve");
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal("/admin/review");

      const after = await findProject(ctx.db, project.id);
      expect(after?.state).to.equal("approved");
      expect(after?.decidedAt?.toISOString()).to.equal(at.toISOString());
      expect(after?.reviewMessage).to.equal(null);

      const trail = await auditTrail(ctx.db, "project", project.id);
      expect(trail).to.have.length(1);
      expect(trail[0]).to.deep.include({ actorId: admin.id, action: "project.approve", reason: null });
      expect(trail[0]?.details).to.deep.equal({ from: "submitted", to: "approved" });
      expect(trail[0]?.createdAt.toISOString()).to.equal(at.toISOString());

      const mails = mailTo(creator.email);
      expect(mails).to.have.length(1);
      expect(mails[0]?.subject).to.equal(en("review.mail.approved.subject", { title: "Solar lamp" }));
      expect(mails[0]?.text).to.include(`${ctx.config.baseUrl}/dashboard`);
      expect(mails[0]?.text).to.include("launch");

      const queue = await adminAgent.get("/admin/review");
      expect(queue.text).to.include(escapeHtml(en("review.decision.approve.done", { title: "Solar lamp" })));
      const preview = await adminAgent.get(`/admin/projects/${project.id}`);
      expect(preview.text).to.include(escapeHtml(en("review.audit.actions.project.approve")));
      expect(preview.text).to.include("Ada Reviewer");
    });

    it("approve with a note: the creator reads the note on the dashboard and in the email", async () => {
      const { project, creator } = await createSubmittedProject(ctx.db);
      const res = await decide(adminAgent, project.id, "approve", { approveNote: "  Lovely story.  " });
      expect(res.status).to.equal(303);
      expect((await findProject(ctx.db, project.id))?.reviewMessage).to.equal("Lovely story.");
      expect(mailTo(creator.email)[0]?.text).to.include("Lovely story.");
    });

    it("request changes: the message is stored for the dashboard, audited, and emailed in Chinese with the edit link", async () => {
      const { project, creator } = await createSubmittedProject(ctx.db, {
        creatorLocale: "zh-CN",
        title: "手工茶具",
      });
      const message = "请补充风险说明，并更换封面图片。";
      const res = await decide(adminAgent, project.id, "request-changes", { changesMessage: message });
      expect(res.status).to.equal(303);

      const after = await findProject(ctx.db, project.id);
      expect(after?.state).to.equal("changes_requested");
      expect(after?.reviewMessage).to.equal(message);

      const trail = await auditTrail(ctx.db, "project", project.id);
      expect(trail.map((e) => [e.actorId, e.action, e.reason])).to.deep.equal([
        [admin.id, "project.requestChanges", message],
      ]);

      const mails = mailTo(creator.email);
      expect(mails).to.have.length(1);
      expect(mails[0]?.subject).to.equal(zh("review.mail.changesRequested.subject", { title: "手工茶具" }));
      expect(mails[0]?.text).to.include(message);
      expect(mails[0]?.text).to.include(`${ctx.config.baseUrl}/projects/${project.id}/edit`);
      expect(mails[0]?.text).to.include("您好");
    });

    it("reject: the reason is stored, audited and emailed in English", async () => {
      const { project, creator } = await createSubmittedProject(ctx.db, { title: "Miracle cure" });
      const reason = "Health claims we cannot verify.";
      const res = await decide(adminAgent, project.id, "reject", { rejectReason: reason });
      expect(res.status).to.equal(303);
      const after = await findProject(ctx.db, project.id);
      expect(after?.state).to.equal("rejected");
      expect(after?.reviewMessage).to.equal(reason);
      const trail = await auditTrail(ctx.db, "project", project.id);
      expect(trail.map((e) => [e.action, e.reason, e.details])).to.deep.equal([
        ["project.reject", reason, { from: "submitted", to: "rejected" }],
      ]);
      const mails = mailTo(creator.email);
      expect(mails.map((m) => m.subject)).to.deep.equal([
        en("review.mail.rejected.subject", { title: "Miracle cure" }),
      ]);
      expect(mails[0]?.text).to.include(reason);
    });

    it("stores the decision with the creator's notification and queued email; a mail server that is down does not undo it", async () => {
      const { project, creator } = await createSubmittedProject(ctx.db);
      const decided = await new ReviewService({
        db: ctx.db,
        clock: ctx.clock,
        notifier: ctx.notifier,
      }).decide(admin, project.id, "reject", "Out of scope");
      expect(decided.state).to.equal("rejected");
      const queued = await ctx.db("outbox").where({ recipient: creator.email, status: "queued" });
      expect(queued.map((m) => m.subject)).to.deep.equal([
        en("review.mail.rejected.subject", { title: project.title }),
      ]);
      expect(
        await ctx.db("notifications").where({ user_id: creator.id, kind: "review_rejected" }),
      ).to.have.length(1);

      const result = await deliver(ctx, {
        send: async () => {
          throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
        },
      });
      expect(result.sent).to.equal(0);
      expect((await findProject(ctx.db, project.id))?.state).to.equal("rejected");
      expect(await auditTrail(ctx.db, "project", project.id)).to.have.length(1);
      expect(await ctx.db("outbox").where({ recipient: creator.email, status: "queued" })).to.have.length(1); // retried later
    });

    it("the audit log refuses to be edited or deleted", async () => {
      const { project } = await createSubmittedProject(ctx.db);
      await decide(adminAgent, project.id, "reject", { rejectReason: "Out of scope" });
      const [entry] = await auditTrail(ctx.db, "project", project.id);
      let updateError: unknown;
      try {
        await ctx.db("audit_log").where({ id: entry?.id }).update({ reason: "edited" });
      } catch (e) {
        updateError = e;
      }
      expect(String(updateError)).to.match(/append-only/);
      let deleteError: unknown;
      try {
        await ctx.db("audit_log").where({ id: entry?.id }).delete();
      } catch (e) {
        deleteError = e;
      }
      expect(String(deleteError)).to.match(/append-only/);
      expect((await auditTrail(ctx.db, "project", project.id))[0]?.reason).to.equal("Out of scope");
    });

    for (const [action, field] of [
      ["request-changes", "changesMessage"],
      ["reject", "rejectReason"],
    ] as const) {
      it(`${action} without a message: 422 with the error on the field, nothing changes`, async () => {
        const { project, creator } = await createSubmittedProject(ctx.db);
        for (const value of [undefined, "", "   \n  "]) {
          const res = await decide(
            adminAgent,
            project.id,
            action,
            value === undefined ? {} : { [field]: value },
          );
          expect(res.status, JSON.stringify(value)).to.equal(422);
          expect(res.text).to.include(`id="f-${field}-error"`);
          expect(res.text).to.include(escapeHtml(en("projects.lifecycle.messageRequired")));
          expect(res.text).to.match(new RegExp(`<textarea id="f-${field}"[^>]*aria-invalid="true"`));
          expect(res.text).to.include(`href="#f-${field}"`);
        }
        expect((await findProject(ctx.db, project.id))?.state).to.equal("submitted");
        expect(await auditTrail(ctx.db, "project", project.id)).to.deep.equal([]);
        expect(mailTo(creator.email)).to.deep.equal([]);
      });
    }

    it("a message that is too long is refused with what was typed kept", async () => {
      const { project } = await createSubmittedProject(ctx.db);
      const long = `Please rewrite <the> story. ${"x".repeat(5000)}`;
      const res = await decide(adminAgent, project.id, "reject", { rejectReason: long });
      expect(res.status).to.equal(422);
      expect(res.text).to.include(escapeHtml(en("review.decision.messageTooLong")));
      expect(res.text).to.include(escapeHtml(long));
      expect((await findProject(ctx.db, project.id))?.state).to.equal("submitted");
    });

    it("approve with an incomplete checklist is refused, naming what is missing, with the note kept", async () => {
      const project = await createProject(ctx.db, { creatorId: member.id, state: "submitted" });
      const res = await decide(adminAgent, project.id, "approve", { approveNote: "Looks fine to me" });
      expect(res.status).to.equal(422);
      const missing = new Intl.ListFormat("en", { style: "long", type: "conjunction" }).format(
        ["identity", "payout", "cover", "tiers", "rewardsAttested"].map((m) => en(`projects.checklist.${m}`)),
      );
      expect(res.text).to.include(escapeHtml(en("review.decision.incomplete", { missing })));
      expect(res.text).to.include("Looks fine to me</textarea>");
      expect((await findProject(ctx.db, project.id))?.state).to.equal("submitted");
      expect(await auditTrail(ctx.db, "project", project.id)).to.deep.equal([]);
    });

    it("approve of an equity project without its disclosure document is refused", async () => {
      const { project } = await createSubmittedProject(ctx.db, { kind: "equity" });
      await ctx.db("project_documents").where({ project_id: project.id, kind: "disclosure" }).delete();
      const res = await decide(adminAgent, project.id, "approve");
      expect(res.status).to.equal(422);
      expect(res.text).to.include(
        escapeHtml(
          en("review.decision.incomplete", { missing: en("projects.checklist.document.disclosure") }),
        ),
      );
      expect((await findProject(ctx.db, project.id))?.state).to.equal("submitted");
    });

    it("approve is refused when the equity terms no longer fit the project, as on submission", async () => {
      const { project } = await createSubmittedProject(ctx.db, { kind: "equity" });
      await ctx.db("projects").where({ id: project.id }).update({ currency: "CNY" }); // regime is US Reg CF (USD)
      const preview = await adminAgent.get(`/admin/projects/${project.id}`);
      expect(preview.text).to.include(escapeHtml(en("review.equity.problems")));
      const res = await decide(adminAgent, project.id, "approve");
      expect(res.status).to.equal(422);
      expect(res.text).to.include(
        escapeHtml(en("review.decision.incomplete", { missing: en("projects.checklist.equityTerms") })),
      );
      expect((await findProject(ctx.db, project.id))?.state).to.equal("submitted");
    });

    it("a decision on a project that is not in review is refused with the lifecycle's reason (422, not 500)", async () => {
      const cases = [
        ["approved", "approve"],
        ["approved", "reject"],
        ["draft", "request-changes"],
        ["live", "reject"],
        ["rejected", "approve"],
        ["changes_requested", "approve"],
        ["cancelled", "request-changes"],
      ] as const;
      for (const [state, action] of cases) {
        const { project } = await createSubmittedProject(ctx.db);
        await ctx.db("projects").where({ id: project.id }).update({ state });
        const res = await decide(adminAgent, project.id, action, { changesMessage: "x", rejectReason: "x" });
        expect(res.status, `${action} on ${state}`).to.equal(422);
        expect(res.text, `${action} on ${state}`).to.include(
          escapeHtml(en("projects.lifecycle.notAllowed", { state: en(`projects.states.${state}`) })),
        );
        expect((await findProject(ctx.db, project.id))?.state).to.equal(state);
        expect(await auditTrail(ctx.db, "project", project.id)).to.deep.equal([]);
      }
    });

    it("deciding twice: the second decision is refused and the first stands", async () => {
      const { project, creator } = await createSubmittedProject(ctx.db);
      expect((await decide(adminAgent, project.id, "approve")).status).to.equal(303);
      const second = await decide(adminAgent, project.id, "reject", { rejectReason: "Changed my mind" });
      expect(second.status).to.equal(422);
      expect((await findProject(ctx.db, project.id))?.state).to.equal("approved");
      expect((await auditTrail(ctx.db, "project", project.id)).map((e) => e.action)).to.deep.equal([
        "project.approve",
      ]);
      expect(mailTo(creator.email)).to.have.length(1);
    });

    it("answers 404 to a decision on an id that is not a project", async () => {
      for (const id of ["abc", "0", "-3", "99999999999999999999", "999999"]) {
        for (const action of ["approve", "request-changes", "reject", "staff-pick"]) {
          const res = await postWithToken(adminAgent, "/admin", `/admin/projects/${id}/${action}`, {
            changesMessage: "x",
            rejectReason: "x",
            pick: "1",
          });
          expect(res.status, `${action} ${id}`).to.equal(404);
        }
      }
    });

    it("refuses a decision without the CSRF token", async () => {
      const { project } = await createSubmittedProject(ctx.db);
      const res = await adminAgent.post(`/admin/projects/${project.id}/approve`).type("form").send({});
      expect(res.status).to.equal(403);
      expect((await findProject(ctx.db, project.id))?.state).to.equal("submitted");
    });
  });

  describe("staff picks", () => {
    it("marks and unmarks a live project, each change audited, a repeated click changing nothing", async () => {
      const project = await createProject(ctx.db, {
        creatorId: member.id,
        state: "live",
        title: "Bright idea",
      });
      const pick = (value: string, returnTo = "/admin/projects?state=live") =>
        postWithToken(adminAgent, "/admin/projects?state=live", `/admin/projects/${project.id}/staff-pick`, {
          pick: value,
          returnTo,
        });

      const on = await pick("1");
      expect(on.status).to.equal(303);
      expect(on.headers.location).to.equal("/admin/projects?state=live");
      expect((await findProject(ctx.db, project.id))?.staffPick).to.equal(true);
      const list = await adminAgent.get("/admin/projects?state=live");
      expect(list.text).to.include(escapeHtml(en("review.staffPick.added", { title: "Bright idea" })));

      expect((await pick("1")).status).to.equal(303);
      expect((await findProject(ctx.db, project.id))?.staffPick).to.equal(true);

      expect((await pick("0")).status).to.equal(303);
      expect((await findProject(ctx.db, project.id))?.staffPick).to.equal(false);

      const trail = await auditTrail(ctx.db, "project", project.id);
      expect(trail.map((e) => [e.actorId, e.action])).to.deep.equal([
        [admin.id, "project.staffPick"],
        [admin.id, "project.staffPickRemoved"],
      ]);
    });

    it("refuses to mark a project that is not live (422), changing nothing", async () => {
      for (const state of ["submitted", "approved", "draft", "succeeded", "cancelled"] as const) {
        const project = await createProject(ctx.db, { creatorId: member.id, state });
        const res = await postWithToken(adminAgent, "/admin", `/admin/projects/${project.id}/staff-pick`, {
          pick: "1",
        });
        expect(res.status, state).to.equal(422);
        expect(res.text, state).to.include(escapeHtml(en("review.staffPick.notLive")));
        expect((await findProject(ctx.db, project.id))?.staffPick, state).to.equal(false);
        expect(await auditTrail(ctx.db, "project", project.id), state).to.deep.equal([]);
      }
    });

    it("lets a pick be removed after the campaign ended", async () => {
      const project = await createProject(ctx.db, {
        creatorId: member.id,
        state: "succeeded",
        staffPick: true,
      });
      const res = await postWithToken(adminAgent, "/admin", `/admin/projects/${project.id}/staff-pick`, {
        pick: "0",
      });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal(`/admin/projects/${project.id}`);
      expect((await findProject(ctx.db, project.id))?.staffPick).to.equal(false);
    });

    it("refuses a malformed request with 400 and never follows an outside returnTo", async () => {
      const project = await createProject(ctx.db, { creatorId: member.id, state: "live" });
      const path = `/admin/projects/${project.id}/staff-pick`;
      for (const pick of ["", "yes", "2"]) {
        expect((await postWithToken(adminAgent, "/admin", path, { pick })).status, pick).to.equal(400);
      }
      expect((await postWithToken(adminAgent, "/admin", path, {})).status).to.equal(400);
      const res = await postWithToken(adminAgent, "/admin", path, {
        pick: "1",
        returnTo: "//evil.example/x",
      });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal(`/admin/projects/${project.id}`);
    });

    it("the preview of a live project has the staff pick button", async () => {
      const project = await createProject(ctx.db, { creatorId: member.id, state: "live" });
      const res = await adminAgent.get(`/admin/projects/${project.id}`);
      expect(res.text).to.include(`action="/admin/projects/${project.id}/staff-pick"`);
      expect(res.text).to.include(escapeHtml(en("review.staffPick.add")));
    });
  });
});

describe("admin overview, queue and project list", () => {
  let ctx: TestContext;
  let agent: Agent;
  let creator: User;

  before(async () => {
    ctx = await createTestContext();
    const admin = await createUser(ctx.db, { role: "admin" });
    creator = await createUser(ctx.db, { name: "Zhang Wei" });
    agent = browser(ctx.app);
    await signIn(agent, admin.email);
  });
  after(() => ctx.close());

  it("GET /admin counts projects awaiting review, live campaigns and live staff picks", async () => {
    const now = ctx.clock.now();
    await createSubmittedProject(ctx.db, { now });
    await createSubmittedProject(ctx.db, { now });
    for (const staffPick of [true, false, false])
      await createProject(ctx.db, { creatorId: creator.id, state: "live", staffPick });
    await createProject(ctx.db, { creatorId: creator.id, state: "succeeded", staffPick: true });
    await createProject(ctx.db, { creatorId: creator.id, state: "draft" });
    const res = await agent.get("/admin");
    expect(res.status).to.equal(200);
    const numbers = [...res.text.matchAll(/admin-stat-number">([^<]*)</g)].map((m) => m[1]);
    expect(numbers).to.deep.equal(["2", "3", "1"]);
    expect(res.text).to.include('href="/admin/review"');
    expect(res.text).to.include('href="/admin/projects?state=live"');
  });

  it("GET /admin/review lists only submitted projects, oldest submission first, with their details and checklist", async () => {
    await ctx.db("projects").where({ state: "submitted" }).update({ state: "approved" }); // from the test above
    const now = ctx.clock.now();
    const submitted = (days: number) => new Date(now.getTime() - days * DAY);
    await createSubmittedProject(ctx.db, {
      title: "Queued second",
      submittedAt: submitted(3),
      goalMinor: 250_000,
    });
    await createSubmittedProject(ctx.db, { title: "Queued last", submittedAt: submitted(1) });
    await createSubmittedProject(ctx.db, {
      title: "Queued first",
      kind: "equity",
      submittedAt: submitted(5),
      creatorId: creator.id,
    });
    await createProject(ctx.db, {
      creatorId: creator.id,
      state: "submitted",
      title: "Queued incomplete",
      submittedAt: submitted(2),
    });
    await createProject(ctx.db, { creatorId: creator.id, state: "draft", title: "A draft" });
    await createProject(ctx.db, { creatorId: creator.id, state: "changes_requested", title: "Sent back" });

    const res = await agent.get("/admin/review");
    expect(res.status).to.equal(200);
    const html = main(res.text);
    const titles = [...html.matchAll(/<h2><a href="\/admin\/projects\/\d+"[^>]*>([^<]*)<\/a><\/h2>/g)].map(
      (m) => m[1],
    );
    expect(titles).to.deep.equal(["Queued first", "Queued second", "Queued incomplete", "Queued last"]);
    expect(html).to.include("Zhang Wei");
    expect(html).to.include(en("projects.kinds.equity"));
    expect(html).to.include("CN¥2,500");
    expect(html).to.include(en("review.queue.waiting", { count: 5 }));
    expect(html).to.include(en("review.queue.ready"));
    expect(html).to.include(en("review.queue.notReady", { count: 3 }));
    expect(html).to.include(escapeHtml(en("review.checklist.items.equityDocuments")));
  });

  it("GET /admin/review says when the queue is empty, in Chinese too", async () => {
    const fresh = await createTestContext();
    try {
      const admin = await createUser(fresh.db, { role: "admin" });
      const a = browser(fresh.app);
      await signIn(a, admin.email);
      expect((await a.get("/admin/review")).text).to.include(en("review.queue.empty"));
      await a.get("/language/zh-CN?returnTo=/");
      expect((await a.get("/admin/review")).text).to.include(zh("review.queue.empty"));
    } finally {
      await fresh.close();
    }
  });

  it("GET /admin/projects?state=live lists live projects with their staff pick status, paginated", async () => {
    await ctx.db("projects").where({ state: "live" }).update({ state: "succeeded" }); // start from none live
    const start = ctx.clock.now().getTime();
    for (let i = 1; i <= 23; i += 1) {
      await createProject(ctx.db, {
        creatorId: creator.id,
        state: "live",
        title: `Live ${String(i).padStart(2, "0")}`,
        staffPick: i === 23,
        launchedAt: new Date(start - (30 - i) * 3600 * 1000),
      });
    }
    const page1 = await agent.get("/admin/projects?state=live");
    expect(page1.status).to.equal(200);
    const titles1 = [...page1.text.matchAll(/<h2><a href="\/admin\/projects\/\d+">([^<]*)<\/a><\/h2>/g)].map(
      (m) => m[1],
    );
    expect(titles1).to.have.length(20);
    expect(titles1[0]).to.equal("Live 23"); // newest launch first
    expect(page1.text).to.include(en("review.list.count", { count: 23 }));
    expect(page1.text).to.include(en("review.staffPick.yes"));
    expect(page1.text).to.include(en("review.staffPick.no"));
    expect(page1.text).to.include('href="/admin/projects?state=live&amp;page=2"');
    expect(page1.text).not.to.include("Queued first");

    const page2 = await agent.get("/admin/projects?state=live&page=2");
    const titles2 = [...page2.text.matchAll(/<h2><a href="\/admin\/projects\/\d+">([^<]*)<\/a><\/h2>/g)].map(
      (m) => m[1],
    );
    expect(titles2).to.deep.equal(["Live 03", "Live 02", "Live 01"]);
    expect(page2.text).to.include('rel="prev"');

    const page9 = await agent.get("/admin/projects?state=live&page=9");
    expect(page9.status).to.equal(200);
    expect(page9.text).to.include(en("review.list.empty"));
  });

  it("GET /admin/projects?state=live&picks=1 lists only the live staff picks", async () => {
    const res = await agent.get("/admin/projects?state=live&picks=1");
    expect(res.status).to.equal(200);
    const titles = [...res.text.matchAll(/<h2><a href="\/admin\/projects\/\d+">([^<]*)<\/a><\/h2>/g)].map(
      (m) => m[1],
    );
    expect(titles).to.deep.equal(["Live 23"]);
    expect(res.text).to.match(/id="f-picks"[^>]*checked/);
    expect(res.text).to.include(escapeHtml(en("review.staffPick.remove")));
  });

  it("GET /admin/projects without a filter counts every state; a state filter shows only that state", async () => {
    const all = await agent.get("/admin/projects");
    expect(all.status).to.equal(200);
    const total = Number((await ctx.db("projects").count({ n: "*" }).first())?.n);
    expect(all.text).to.include(en("review.list.count", { count: total }));
    const drafts = await agent.get("/admin/projects?state=draft");
    expect(drafts.text).to.include("A draft");
    expect(drafts.text).not.to.include("Sent back");
    expect(drafts.text).to.include(
      escapeHtml(en("review.list.titleState", { state: en("projects.states.draft") })),
    );
    const sentBack = await agent.get("/admin/projects?state=changes_requested");
    expect(sentBack.text).to.include("Sent back");
    expect(sentBack.text).not.to.include("A draft");
  });

  it("GET /admin/projects refuses a filter that is not valid with 400, never 500", async () => {
    for (const query of [
      "state=bogus",
      "page=abc",
      "page=0",
      "page=-1",
      "state=live&state=draft",
      "page=1e3",
    ]) {
      const res = await agent.get(`/admin/projects?${query}`);
      expect(res.status, query).to.equal(400);
      expect(res.text, query).to.include(escapeHtml(en("review.errors.badFilter")));
    }
  });
});
