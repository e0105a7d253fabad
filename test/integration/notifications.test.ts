import { expect } from "chai";
import { translator } from "../../server/i18n/index.ts";
import { OutboxMailer } from "../../server/mail/outbox.ts";
import { money, Notifier } from "../../server/services/notifications.ts";
import type { User } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, csrfFrom, escapeHtml } from "../support/http.ts";
import { createProject, createUser, signIn } from "../support/project-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");

describe("in-app notifications and email preferences", () => {
  let ctx: TestContext;
  let notifier: Notifier;

  before(async () => {
    ctx = await createTestContext();
    notifier = new Notifier({
      db: ctx.db,
      clock: ctx.clock,
      mailer: ctxMailer(),
      baseUrl: ctx.config.baseUrl,
    });
  });
  after(() => ctx.close());

  /** An outbox like the app's, whose queued messages land in ctx.mail too. */
  function ctxMailer() {
    return new OutboxMailer({ db: ctx.db, clock: ctx.clock, onEnqueue: (m) => ctx.mail.push(m) });
  }

  async function member(locale: "en" | "zh-CN" = "en"): Promise<{ user: User; agent: Agent }> {
    const user = await createUser(ctx.db, { locale, name: locale === "en" ? "Ann Reader" : "李读者" });
    const agent = browser(ctx.app);
    if (locale === "zh-CN") agent.set("Accept-Language", "zh-CN");
    await signIn(agent, user.email);
    return { user, agent };
  }

  describe("the header", () => {
    it("shows signed-in users a Notifications link with the unread count, anonymous visitors nothing", async () => {
      const { user, agent } = await member();
      let home = await agent.get("/");
      expect(home.text).to.include('href="/notifications"');
      expect(home.text).to.not.include('class="cm-count"');
      await notifier.notify(user.id, "charged", { project: "Tea set", amount: money(12_345, "CNY") });
      await notifier.notify(user.id, "campaign_succeeded", { project: "Tea set" });
      home = await agent.get("/");
      expect(home.text).to.match(/<span class="cm-count" aria-hidden="true">2<\/span>/);
      expect(home.text).to.include(escapeHtml(en("comms.nav.unread", { count: 2 })));
      const anonymous = await browser(ctx.app).get("/");
      expect(anonymous.text).to.not.include('href="/notifications"');
    });

    it("costs one COUNT query per signed-in page view, none for visitors or redirects", async () => {
      const { agent } = await member();
      const queries: string[] = [];
      const listener = (q: { sql: string }) => {
        if (/notifications/.test(q.sql)) queries.push(q.sql);
      };
      ctx.db.on("query", listener);
      try {
        await agent.get("/discover");
        expect(queries).to.have.length(1);
        expect(queries[0]).to.match(/count\(\*\)/i);
        queries.length = 0;
        await browser(ctx.app).get("/discover");
        expect(queries).to.have.length(0);
        await agent.get("/language/en?returnTo=/discover"); // a redirect renders no layout
        expect(queries).to.have.length(0);
      } finally {
        ctx.db.removeListener("query", listener);
      }
    });
  });

  describe("GET /notifications", () => {
    it("lists the user's notifications newest first, in the reader's language, unread marked", async () => {
      const { user, agent } = await member("zh-CN");
      await notifier.notify(
        user.id,
        "charged",
        { project: "茶具", amount: money(12_345, "CNY") },
        { link: "/pledges" },
      );
      await notifier.notify(user.id, "campaign_failed", { project: "灯" });
      const page = await agent.get("/notifications");
      expect(page.status).to.equal(200);
      expect(page.text).to.include(escapeHtml(zh("comms.kinds.campaign_failed.text", { project: "灯" })));
      expect(page.text).to.include("¥123.45");
      expect(page.text.indexOf("灯")).to.be.lessThan(page.text.indexOf("茶具"));
      expect(page.text.match(/cm-notification cm-unread/g)).to.have.length(2);
    });

    it("marks one read, all read, filters unread, and follows a notification's link", async () => {
      const { user, agent } = await member();
      const a = await notifier.notify(user.id, "campaign_succeeded", { project: "A" }, { link: "/discover" });
      await notifier.notify(user.id, "campaign_succeeded", { project: "B" });
      await notifier.notify(user.id, "campaign_succeeded", { project: "C" });
      let page = await agent.get("/notifications");
      const token = csrfFrom(page.text);
      const go = await agent.get(`/notifications/${a?.id}/go`);
      expect(go.status).to.equal(303);
      expect(go.headers.location).to.equal("/discover");
      page = await agent.get("/notifications?filter=unread");
      expect(page.text.match(/cm-notification cm-unread/g)).to.have.length(2);
      expect(page.text).to.not.include("“A”");
      const [b] = await ctx
        .db("notifications")
        .where({ user_id: user.id })
        .whereNull("read_at")
        .orderBy("id");
      const read = await agent.post(`/notifications/${b.id}/read`).type("form").send({ _csrf: token });
      expect(read.status).to.equal(303);
      expect(await notifier.unreadCount(user.id)).to.equal(1);
      const all = await agent.post("/notifications/read-all").type("form").send({ _csrf: token });
      expect(all.status).to.equal(303);
      expect(await notifier.unreadCount(user.id)).to.equal(0);
      page = await agent.get("/notifications?filter=unread");
      expect(page.text).to.include(escapeHtml(en("comms.notifications.emptyUnread")));
    });

    it("another user's notification is 404, and so are ids that are not ids; nothing changes", async () => {
      const owner = await member();
      const { agent } = await member();
      const n = await notifier.notify(
        owner.user.id,
        "campaign_succeeded",
        { project: "Mine" },
        { link: "/discover" },
      );
      const page = await agent.get("/notifications");
      const token = csrfFrom(page.text);
      expect((await agent.get(`/notifications/${n?.id}/go`)).status).to.equal(404);
      expect(
        (await agent.post(`/notifications/${n?.id}/read`).type("form").send({ _csrf: token })).status,
      ).to.equal(404);
      for (const id of ["abc", "-1", "0", "1e3", "99999999999999999999", "%00"]) {
        expect((await agent.get(`/notifications/${id}/go`)).status, id).to.equal(404);
        expect(
          (await agent.post(`/notifications/${id}/read`).type("form").send({ _csrf: token })).status,
          id,
        ).to.equal(404);
      }
      expect(await notifier.unreadCount(owner.user.id)).to.equal(1);
      expect((await agent.get("/notifications")).text).to.not.include("Mine");
    });

    it("paginates 20 a page; bad page numbers show the first page", async () => {
      const { user, agent } = await member();
      for (let i = 1; i <= 23; i++) await notifier.notify(user.id, "campaign_failed", { project: `P${i}` });
      const first = await agent.get("/notifications");
      expect(first.text).to.include("“P23”").and.not.include("“P3”");
      const second = await agent.get("/notifications?page=2");
      expect(second.text).to.include("“P3”").and.include("“P1”");
      expect((await agent.get("/notifications?page=zzz")).status).to.equal(200);
      expect((await agent.get("/notifications?page=999")).status).to.equal(200);
    });

    it("sends visitors to sign in", async () => {
      const res = await browser(ctx.app).get("/notifications");
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal("/login?returnTo=%2Fnotifications");
    });
  });

  describe("email: rendered from the catalog in the recipient's language", () => {
    it("queues the email with the notification, in the recipient's language, with the link", async () => {
      const chinese = await createUser(ctx.db, { locale: "zh-CN", name: "王芳" });
      const before = ctx.mail.length;
      await notifier.notify(
        chinese.id,
        "payment_failed",
        {
          project: "茶具",
          amount: money(9_900, "CNY"),
          fixBy: new Date("2026-03-01T12:00:00Z"),
        },
        { link: "/pledges/7" },
      );
      const [mail] = ctx.mail.slice(before);
      expect(mail?.to).to.equal(chinese.email);
      expect(mail?.subject).to.equal(zh("comms.kinds.payment_failed.subject", { project: "茶具" }));
      expect(mail?.text)
        .to.include("王芳，您好")
        .and.include("¥99")
        .and.include("http://localhost:3000/pledges/7");
      expect(mail?.text).to.not.include(zh("comms.mail.optOutFooter", { link: "" }).slice(0, 10));
    });

    it("optional kinds carry the opt-out footer; a user who turned them off gets the notification but no email", async () => {
      const { user, agent } = await member();
      let before = ctx.mail.length;
      await notifier.notify(user.id, "project_update", { project: "Lamp", title: "Week 3" });
      expect(ctx.mail.slice(before)[0]?.text).to.include("/account#notifications");
      // Turn the update emails off on the account page.
      const account = await agent.get("/account");
      expect(account.text).to.include('id="notifications"');
      expect(account.text).to.match(/id="f-pref-project_update" name="project_update" value="1" checked/);
      const saved = await agent
        .post("/account/notifications")
        .type("form")
        .send({
          _csrf: csrfFrom(account.text),
          question_answered: "1",
          question_asked: "1",
          backed_project_news: "1",
        });
      expect(saved.status).to.equal(303);
      expect(saved.headers.location).to.equal("/account#notifications");
      const after = await agent.get("/account");
      expect(after.text).to.match(/id="f-pref-project_update" name="project_update" value="1">/);
      expect(after.text).to.include(escapeHtml(en("comms.preferences.saved")));
      before = ctx.mail.length;
      const result = await notifier.notify(user.id, "project_update", { project: "Lamp", title: "Week 4" });
      expect(result?.emailed).to.equal(false);
      expect(ctx.mail.length).to.equal(before);
      expect((await agent.get("/notifications")).text).to.include("Week 4");
      // Transactional kinds cannot be turned off, whatever the form sends.
      await agent
        .post("/account/notifications")
        .type("form")
        .send({ _csrf: csrfFrom(after.text), charged: "0", pledge_confirmed: "0" });
      before = ctx.mail.length;
      expect(
        (await notifier.notify(user.id, "charged", { project: "Lamp", amount: money(100, "USD") }))?.emailed,
      ).to.equal(true);
      expect(ctx.mail.length).to.equal(before + 1);
      expect(await ctx.db("notification_opt_outs").where({ user_id: user.id }).pluck("kind")).to.have.members(
        ["project_update", "question_answered", "question_asked", "backed_project_news"],
      );
    });

    it("the preferences form is on the account page in Chinese too, and refuses a post without its CSRF token", async () => {
      const { agent } = await member("zh-CN");
      const account = await agent.get("/account");
      expect(account.text).to.include(escapeHtml(zh("comms.preferences.title")));
      expect(account.text).to.include(escapeHtml(zh("comms.preferences.kinds.project_update")));
      expect((await agent.post("/account/notifications").type("form").send({})).status).to.equal(403);
    });
  });

  describe("existing events go through the Notifier", () => {
    it("a review decision is a notification for the creator as well as the email", async () => {
      const creator = await createUser(ctx.db, { locale: "en" });
      const admin = await createUser(ctx.db, { role: "admin" });
      const project = await createProject(ctx.db, {
        creatorId: creator.id,
        state: "submitted",
        title: "Solar lamp",
      });
      const agent = browser(ctx.app);
      await signIn(agent, admin.email);
      const page = await agent.get(`/admin/projects/${project.id}`);
      const res = await agent
        .post(`/admin/projects/${project.id}/reject`)
        .type("form")
        .send({ _csrf: csrfFrom(page.text), rejectReason: "Out of scope" });
      expect(res.status).to.equal(303);
      const rows = await ctx.db("notifications").where({ user_id: creator.id });
      expect(rows.map((r) => r.kind)).to.deep.equal(["review_rejected"]);
      const mail = ctx.mail.filter((m) => m.to === creator.email).at(-1);
      expect(mail?.subject).to.equal(en("review.mail.rejected.subject", { title: "Solar lamp" }));
      expect(mail?.text).to.include("Out of scope");
      const outbox = await ctx.db("outbox").where({ recipient: creator.email }).first();
      expect(outbox).to.include({ user_id: creator.id, kind: "review_rejected", status: "queued" });
    });
  });
});
