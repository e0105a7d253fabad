import { expect } from "chai";
import { ForbiddenError } from "../../server/errors.ts";
import { translator } from "../../server/i18n/index.ts";
import { SupportService } from "../../server/services/support.ts";
import { UploadStore } from "../../server/services/uploads.ts";
import { findTicket } from "../../server/store/support.ts";
import type { User } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { minimalPdf, pngImage } from "../support/creator-factory.ts";
import { type Agent, browser, escapeHtml } from "../support/http.ts";
import {
  DAY,
  idFrom,
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
const HOUR = 3_600_000;

describe("support tickets", () => {
  let ctx: TestContext;
  let admin: { user: User; agent: Agent };
  before(async () => {
    // 1 MB limits keep the "too large" files small.
    ctx = await createTestContext({ ...NO_LIMITS, UPLOAD_MAX_IMAGE_MB: "1", UPLOAD_MAX_DOCUMENT_MB: "1" });
    admin = await signedIn(ctx, { role: "admin", name: "Ada Admin" });
  });
  after(() => ctx.close());

  const open = (
    agent: Agent,
    fields: Record<string, string>,
    file?: { data: Buffer; name: string; type?: string },
  ) => postMultipart(agent, "/support/tickets/new", "/support/tickets", fields, file);

  async function ticketOf(agent: Agent, fields: Partial<Record<string, string>> = {}) {
    const res = await open(agent, {
      category: "question",
      subject: "Where is my receipt?",
      body: "I pledged yesterday and got no email.",
      ...fields,
    } as Record<string, string>);
    expect(res.status, res.text.slice(0, 500)).to.equal(303);
    return idFrom(res.headers.location);
  }

  describe("who may do what", () => {
    it("sends a visitor to sign in, and refuses their POST", async () => {
      for (const path of [
        "/support/tickets",
        "/support/tickets/new",
        "/support/tickets/1",
        "/support/attachments/1",
      ]) {
        const res = await browser(ctx.app).get(path);
        expect(res.status, path).to.equal(303);
        expect(res.headers.location, path).to.equal(`/login?returnTo=${encodeURIComponent(path)}`);
      }
      const post = await browser(ctx.app).post("/support/tickets").type("form").send({ subject: "x" });
      expect(post.status).to.equal(403);
    });

    it("shows a user only their own tickets: another's id is 404 on every route; bad ids are 404", async () => {
      const owner = await signedIn(ctx);
      const other = await signedIn(ctx);
      const id = await ticketOf(owner.agent, { subject: "Owner's secret" });
      for (const path of [
        `/support/tickets/${id}`,
        `/support/tickets/${id}/history.txt`,
        `/support/tickets/${id}/history.csv`,
      ]) {
        expect((await other.agent.get(path)).status, path).to.equal(404);
        expect((await owner.agent.get(path)).status, path).to.equal(200);
      }
      const list = await other.agent.get("/support/tickets");
      expect(list.text).not.to.include("Owner&#39;s secret");
      const reply = await postMultipart(other.agent, "/support/tickets/new", `/support/tickets/${id}/reply`, {
        body: "hi",
      });
      expect(reply.status).to.equal(404);
      const rating = await postForm(other.agent, "/support/tickets/new", `/support/tickets/${id}/rating`, {
        rating: "5",
      });
      expect(rating.status).to.equal(404);
      for (const bad of ["0", "-1", "abc", "1e3", "99999999999999999999", "1.5"]) {
        expect((await owner.agent.get(`/support/tickets/${bad}`)).status, bad).to.equal(404);
      }
    });

    it("keeps /admin/tickets for admins, and the service checks the role itself", async () => {
      const member = await signedIn(ctx);
      expect((await member.agent.get("/admin/tickets")).status).to.equal(403);
      expect((await browser(ctx.app).get("/admin/tickets")).status).to.equal(303);
      const service = new SupportService({
        db: ctx.db,
        clock: ctx.clock,
        uploads: new UploadStore({ dir: ctx.config.uploadDir, maxImageBytes: 1, maxDocumentBytes: 1 }),
        notifier: ctx.notifier,
        firstResponseHours: 24,
      });
      for (const actor of [member.user, undefined]) {
        for (const call of [
          () => service.queue(actor, { state: "active", page: 1 }),
          () => service.adminView(actor, 1),
          () => service.replyAsStaff(actor, 1, { body: "x", internal: false, resolve: false }),
          () => service.assign(actor, 1, null),
          () => service.setState(actor, 1, "resolved"),
        ]) {
          let error: unknown;
          try {
            await call();
          } catch (e) {
            error = e;
          }
          expect(error).to.be.instanceOf(ForbiddenError);
        }
      }
    });
  });

  describe("opening a ticket", () => {
    it("opens a ticket and shows it to its user and in the admin queue", async () => {
      const { agent, user } = await signedIn(ctx, { name: "Bea Backer" });
      const id = await ticketOf(agent, { category: "payment", subject: "Card refused twice" });
      const page = await agent.get(`/support/tickets/${id}`);
      expect(page.status).to.equal(200);
      shows(page.text, "Card refused twice");
      shows(page.text, en("ops.tickets.categories.payment"));
      shows(page.text, en("ops.tickets.states.open"));
      const list = await agent.get("/support/tickets");
      expect(list.text).to.include(`href="/support/tickets/${id}"`);
      const queue = await admin.agent.get("/admin/tickets");
      expect(queue.text).to.include(`href="/admin/tickets/${id}"`);
      shows(queue.text, user.email);
      const stored = await findTicket(ctx.db, id);
      expect(stored).to.include({
        userId: user.id,
        category: "payment",
        state: "open",
        firstResponseAt: null,
      });
    });

    it("refuses a missing category, subject or message, in the user's language, keeping what was typed", async () => {
      const { agent } = await signedIn(ctx, { locale: "zh-CN" });
      const res = await open(agent, { subject: "", body: "Something I typed" });
      expect(res.status).to.equal(422);
      shows(res.text, zh("ops.tickets.errors.category"));
      shows(res.text, zh("validation.required"));
      expect(res.text).to.include("Something I typed");
      const long = await open(agent, { category: "question", subject: "x".repeat(151), body: "ok" });
      expect(long.status).to.equal(422);
      shows(long.text, zh("ops.errors.tooLong"));
      expect(long.text).to.include(`value="${"x".repeat(151)}"`);
      const badCategory = await open(agent, { category: "refund-now", subject: "s", body: "b" });
      expect(badCategory.status).to.equal(422);
    });

    it("may be about one of the user's own pledges or projects only; a tampered id is refused (422)", async () => {
      const creator = await signedIn(ctx);
      const backer = await signedIn(ctx);
      const stranger = await signedIn(ctx);
      const project = await liveProject(ctx, creator.user.id, { title: "Lantern kit" });
      const pledge = await placePledge(ctx, backer.user, project);

      const form = await backer.agent.get("/support/tickets/new");
      expect(form.text).to.include(`value="pledge:${pledge.id}"`);
      expect(form.text).not.to.include(`value="project:${project.id}"`);
      const mine = await ticketOf(backer.agent, { category: "dispute", about: `pledge:${pledge.id}` });
      expect(await findTicket(ctx.db, mine)).to.include({ pledgeId: pledge.id, projectId: project.id });
      const page = await backer.agent.get(`/support/tickets/${mine}`);
      shows(page.text, "Lantern kit");

      const own = await ticketOf(creator.agent, { about: `project:${project.id}` });
      expect(await findTicket(ctx.db, own)).to.include({ pledgeId: null, projectId: project.id });

      for (const about of [
        `pledge:${pledge.id}`,
        `project:${project.id}`,
        "pledge:999999",
        "project:abc",
        "user:1",
      ]) {
        const res = await open(stranger.agent, { category: "question", subject: "s", body: "b", about });
        expect(res.status, about).to.equal(422);
        shows(res.text, en("ops.tickets.errors.aboutNotYours"));
      }
    });
  });

  describe("attachments", () => {
    it("accepts an image (re-encoded) and a PDF, served only to the owner and admins, with nosniff and a sandbox", async () => {
      const owner = await signedIn(ctx);
      const other = await signedIn(ctx);
      const res = await open(
        owner.agent,
        { category: "complaint", subject: "Broken on arrival", body: "See the photo." },
        { data: await pngImage(), name: "photo.png", type: "image/png" },
      );
      expect(res.status).to.equal(303);
      const id = idFrom(res.headers.location);
      const page = await owner.agent.get(`/support/tickets/${id}`);
      const link = /href="\/support\/attachments\/(\d+)">photo\.png</.exec(page.text);
      expect(link, "attachment link").to.not.equal(null);
      const path = `/support/attachments/${link?.[1]}`;
      const file = await owner.agent.get(path).buffer(true);
      expect(file.status).to.equal(200);
      expect(file.headers["content-type"]).to.equal("image/webp");
      expect(file.headers["x-content-type-options"]).to.equal("nosniff");
      expect(file.headers["content-security-policy"]).to.equal("sandbox");
      expect((await other.agent.get(path)).status).to.equal(404);
      expect((await admin.agent.get(path)).status).to.equal(200);

      const reply = await postMultipart(
        owner.agent,
        `/support/tickets/${id}`,
        `/support/tickets/${id}/reply`,
        { body: "And the invoice." },
        { data: minimalPdf(), name: "invoice.pdf", type: "application/pdf" },
      );
      expect(reply.status).to.equal(303);
      const again = await owner.agent.get(`/support/tickets/${id}`);
      const pdf = /href="(\/support\/attachments\/\d+)">invoice\.pdf</.exec(again.text)?.[1] as string;
      const served = await owner.agent.get(pdf).buffer(true);
      expect(served.headers["content-type"]).to.equal("application/pdf");
      expect(served.headers["content-security-policy"]).to.equal("sandbox");
    });

    it("refuses a file that is neither an image nor a PDF whatever its name, and one over the limit, keeping the input", async () => {
      const { agent } = await signedIn(ctx);
      const fake = await open(
        agent,
        { category: "question", subject: "Kept subject", body: "Kept body" },
        { data: Buffer.from("<script>alert(1)</script>"), name: "evil.png", type: "image/png" },
      );
      expect(fake.status).to.equal(415);
      shows(fake.text, en("ops.tickets.attachments.notAllowed"));
      expect(fake.text).to.include('value="Kept subject"');
      expect(fake.text).to.include("Kept body");

      const big = await open(
        agent,
        { category: "question", subject: "Big file", body: "Too big" },
        {
          data: Buffer.concat([minimalPdf(), Buffer.alloc(1.5 * 1024 * 1024)]),
          name: "big.pdf",
          type: "application/pdf",
        },
      );
      expect(big.status).to.equal(413);
      shows(big.text, en("ops.tickets.attachments.tooLarge", { imageMb: 1, documentMb: 1 }));
      expect(big.text).to.include('value="Big file"');
      expect(await ctx.db("support_tickets").where({ subject: "Big file" }).first()).to.equal(undefined);
    });
  });

  describe("the conversation", () => {
    it("an admin's reply is emailed to the user in their language; internal notes never reach the user", async () => {
      const { agent, user } = await signedIn(ctx, { locale: "zh-CN", name: "Wang Fang" });
      const id = await ticketOf(agent, { subject: "退款问题", body: "我的退款还没有到账。" });
      ctx.mail.length = 0;

      const note = await postMultipart(
        admin.agent,
        `/admin/tickets/${id}`,
        `/admin/tickets/${id}/reply`,
        { body: "Internal: check the gateway log first.", mode: "note" },
        { data: minimalPdf("internal"), name: "gateway-log.pdf", type: "application/pdf" },
      );
      expect(note.status).to.equal(303);
      expect(ctx.mail).to.have.length(0);
      expect((await findTicket(ctx.db, id))?.firstResponseAt).to.equal(null);

      const reply = await postMultipart(admin.agent, `/admin/tickets/${id}`, `/admin/tickets/${id}/reply`, {
        body: "We have found your refund; it arrives within 3 days.",
        mode: "reply",
      });
      expect(reply.status).to.equal(303);
      const ticket = await findTicket(ctx.db, id);
      expect(ticket?.state).to.equal("waiting_on_user");
      expect(ticket?.firstResponseAt?.toISOString()).to.equal(ctx.clock.now().toISOString());
      expect(ticket?.assignedTo).to.equal(admin.user.id);
      const mail = ctx.mail.filter((m) => m.to === user.email);
      expect(mail).to.have.length(1);
      expect(mail[0]?.subject).to.match(/\p{Script=Han}/u);
      expect(mail[0]?.text).to.include("We have found your refund");
      expect(mail[0]?.text).to.include(`/support/tickets/${id}`);

      const page = await agent.get(`/support/tickets/${id}`);
      expect(page.text).to.include("We have found your refund");
      expect(page.text).not.to.include("check the gateway log");
      expect(page.text).not.to.include("gateway-log.pdf");
      shows(page.text, zh("ops.tickets.states.waiting_on_user"));
      const history = await agent.get(`/support/tickets/${id}/history.txt`);
      expect(history.text).not.to.include("check the gateway log");
      const noteFile = await ctx.db("ticket_attachments").where({ original_name: "gateway-log.pdf" }).first();
      expect((await agent.get(`/support/attachments/${noteFile.id}`)).status).to.equal(404);
      expect((await admin.agent.get(`/support/attachments/${noteFile.id}`)).status).to.equal(200);

      const adminPage = await admin.agent.get(`/admin/tickets/${id}`);
      expect(adminPage.text).to.include("check the gateway log");
      shows(adminPage.text, en("ops.tickets.show.internalNote"));

      const back = await postMultipart(agent, `/support/tickets/${id}`, `/support/tickets/${id}/reply`, {
        body: "谢谢，我会等待。",
      });
      expect(back.status).to.equal(303);
      expect((await findTicket(ctx.db, id))?.state).to.equal("open");
    });

    it("a resolved ticket takes no more replies, and is rated once (1 to 5, with an optional comment)", async () => {
      const { agent } = await signedIn(ctx);
      const id = await ticketOf(agent);
      const resolve = await postMultipart(admin.agent, `/admin/tickets/${id}`, `/admin/tickets/${id}/reply`, {
        body: "Resent your receipt.",
        mode: "resolve",
      });
      expect(resolve.status).to.equal(303);
      expect(await findTicket(ctx.db, id)).to.include({ state: "resolved" });

      const page = await agent.get(`/support/tickets/${id}`);
      shows(page.text, en("ops.tickets.show.rateIntro"));
      expect(page.text).not.to.include(`action="/support/tickets/${id}/reply`);
      const reply = await postMultipart(agent, "/support/tickets/new", `/support/tickets/${id}/reply`, {
        body: "One more thing",
      });
      expect(reply.status).to.equal(422);
      shows(reply.text, en("ops.tickets.refused.resolved"));

      const bad = await postForm(agent, `/support/tickets/${id}`, `/support/tickets/${id}/rating`, {
        rating: "7",
        comment: "kept comment",
      });
      expect(bad.status).to.equal(422);
      shows(bad.text, en("ops.tickets.errors.rating"));
      expect(bad.text).to.include("kept comment");
      const good = await postForm(agent, `/support/tickets/${id}`, `/support/tickets/${id}/rating`, {
        rating: "4",
        comment: "Quick, thanks",
      });
      expect(good.status).to.equal(303);
      expect(await findTicket(ctx.db, id)).to.include({ rating: 4, ratingComment: "Quick, thanks" });
      const twice = await postForm(agent, "/support/tickets/new", `/support/tickets/${id}/rating`, {
        rating: "1",
      });
      expect(twice.status).to.equal(422);
      expect((await findTicket(ctx.db, id))?.rating).to.equal(4);
    });

    it("a ticket not yet resolved cannot be rated", async () => {
      const { agent } = await signedIn(ctx);
      const id = await ticketOf(agent);
      const res = await postForm(agent, `/support/tickets/${id}`, `/support/tickets/${id}/rating`, {
        rating: "5",
      });
      expect(res.status).to.equal(422);
      expect((await findTicket(ctx.db, id))?.rating).to.equal(null);
    });

    it("complaints keep the full history to download: every message and time, as text and CSV", async () => {
      const { agent } = await signedIn(ctx, { name: "Carl Complainant" });
      const id = await ticketOf(agent, {
        category: "complaint",
        subject: "Never delivered",
        body: '=HYPERLINK("http://evil")',
      });
      await postMultipart(admin.agent, `/admin/tickets/${id}`, `/admin/tickets/${id}/reply`, {
        body: "We are on it.",
        mode: "reply",
      });
      const page = await agent.get(`/support/tickets/${id}`);
      shows(page.text, en("ops.tickets.show.evidenceComplaint"));

      const text = await agent.get(`/support/tickets/${id}/history.txt`);
      expect(text.status).to.equal(200);
      expect(text.headers["content-type"]).to.match(/^text\/plain/);
      expect(text.headers["content-disposition"]).to.include(`ticket-${id}-history.txt`);
      expect(text.text).to.include("Never delivered");
      expect(text.text).to.include("We are on it.");
      expect(text.text).to.include("Carl Complainant");
      const times = await ctx.db("ticket_messages").where({ ticket_id: id }).select("created_at");
      for (const t of times) expect(text.text).to.include(t.created_at);

      const csv = await agent.get(`/support/tickets/${id}/history.csv`);
      expect(csv.headers["content-type"]).to.match(/^text\/csv/);
      expect(csv.text.charCodeAt(0)).to.equal(0xfeff);
      expect(csv.text).to.include("'=HYPERLINK");
      expect(csv.text).to.include("We are on it.");
    });
  });

  describe("the admin queue", () => {
    it("shows each ticket on time or overdue against the first-response target, and filters the overdue ones", async () => {
      const { agent } = await signedIn(ctx);
      const id = await ticketOf(agent, { subject: "Waiting for an answer" });
      let queue = await admin.agent.get("/admin/tickets");
      expect(queue.text).to.match(new RegExp(`/admin/tickets/${id}"[\\s\\S]*?ops-sla-ok`));
      ctx.clock.advance(25 * HOUR);
      queue = await admin.agent.get("/admin/tickets?overdue=1");
      expect(queue.text).to.include(`href="/admin/tickets/${id}"`);
      expect(queue.text).to.match(new RegExp(`/admin/tickets/${id}"[\\s\\S]*?ops-sla-late`));
      await postMultipart(admin.agent, `/admin/tickets/${id}`, `/admin/tickets/${id}/reply`, {
        body: "Sorry for the wait.",
        mode: "reply",
      });
      queue = await admin.agent.get("/admin/tickets?overdue=1");
      expect(queue.text).not.to.include(`href="/admin/tickets/${id}"`);
      const all = await admin.agent.get("/admin/tickets?state=all");
      shows(all.text, en("ops.tickets.sla.missed", { date: "" }).trim());
      ctx.clock.advance(-25 * HOUR);
    });

    it("assigns to an admin (not a member), changes the state, and audits each step", async () => {
      const { agent } = await signedIn(ctx);
      const member = await signedIn(ctx);
      const id = await ticketOf(agent);
      const assign = await postForm(admin.agent, `/admin/tickets/${id}`, `/admin/tickets/${id}/assign`, {
        assignee: String(admin.user.id),
      });
      expect(assign.status).to.equal(303);
      expect((await findTicket(ctx.db, id))?.assignedTo).to.equal(admin.user.id);
      const mine = await admin.agent.get("/admin/tickets?assignee=me");
      expect(mine.text).to.include(`href="/admin/tickets/${id}"`);
      const wrong = await postForm(admin.agent, `/admin/tickets/${id}`, `/admin/tickets/${id}/assign`, {
        assignee: String(member.user.id),
      });
      expect(wrong.status).to.equal(422);
      shows(wrong.text, en("ops.tickets.errors.assignee"));
      const state = await postForm(admin.agent, `/admin/tickets/${id}`, `/admin/tickets/${id}/state`, {
        state: "resolved",
      });
      expect(state.status).to.equal(303);
      expect((await findTicket(ctx.db, id))?.state).to.equal("resolved");
      const badState = await postForm(admin.agent, `/admin/tickets/${id}`, `/admin/tickets/${id}/state`, {
        state: "closed",
      });
      expect(badState.status).to.equal(422);
      const audit = await ctx.db("audit_log").where({ subject_type: "ticket", subject_id: id }).orderBy("id");
      expect(audit.map((a) => a.action)).to.deep.equal(["ticket.assign", "ticket.state"]);
      expect(audit.every((a) => a.actor_id === admin.user.id)).to.equal(true);
    });

    it("answers 400 to an unknown filter and 404 to a ticket that does not exist", async () => {
      expect((await admin.agent.get("/admin/tickets?state=nope")).status).to.equal(400);
      expect((await admin.agent.get("/admin/tickets?page=0")).status).to.equal(400);
      expect((await admin.agent.get("/admin/tickets/999999")).status).to.equal(404);
      expect((await admin.agent.get("/admin/tickets/abc")).status).to.equal(404);
    });

    it("shows the ticket's first-response target from SUPPORT_FIRST_RESPONSE_HOURS", async () => {
      const quick = await createTestContext({ ...NO_LIMITS, SUPPORT_FIRST_RESPONSE_HOURS: "2" });
      try {
        const boss = await signedIn(quick, { role: "admin" });
        const { agent } = await signedIn(quick);
        const res = await postMultipart(agent, "/support/tickets/new", "/support/tickets", {
          category: "question",
          subject: "Fast please",
          body: "b",
        });
        const id = idFrom(res.headers.location);
        quick.clock.advance(3 * HOUR);
        const queue = await boss.agent.get("/admin/tickets");
        expect(queue.text).to.match(new RegExp(`/admin/tickets/${id}"[\\s\\S]*?ops-sla-late`));
        shows(queue.text, en("ops.tickets.queue.intro", { hours: 2 }));
      } finally {
        await quick.close();
      }
    });
  });

  describe("rate limit", () => {
    it("limits opening tickets per address (RATE_LIMIT_TICKETS), with a page in the user's language", async () => {
      const limited = await createTestContext({ RATE_LIMIT_TICKETS: "2" });
      try {
        const { agent } = await signedIn(limited, { locale: "zh-CN" });
        const fields = { category: "question", subject: "s", body: "b" };
        for (let i = 0; i < 2; i++) {
          const res = await postMultipart(agent, "/support/tickets/new", "/support/tickets", fields);
          expect(res.status).to.equal(303);
        }
        const third = await postMultipart(agent, "/support/tickets/new", "/support/tickets", fields);
        expect(third.status).to.equal(429);
        shows(third.text, zh("errors.rateLimited.title"));
        expect(await limited.db("support_tickets").count({ n: "*" }).first()).to.deep.equal({ n: 2 });
      } finally {
        await limited.close();
      }
    });
  });

  it("never answers 500 to hostile input", async () => {
    const { agent } = await signedIn(ctx);
    const id = await ticketOf(agent);
    const posts: [string, Record<string, string>][] = [
      ["/support/tickets", { category: "question", subject: "\u0000\u202e", body: "x".repeat(6000) }],
      [`/support/tickets/${id}/reply`, { body: "" }],
      [`/support/tickets/${id}/rating`, { rating: "' OR 1=1 --" }],
    ];
    for (const [path, fields] of posts) {
      const res = await postMultipart(agent, "/support/tickets/new", path, fields);
      expect(res.status, path).to.be.within(400, 499);
    }
    const repeated = await agent
      .post(`/support/tickets/${id}/rating`)
      .type("form")
      .send(
        `_csrf=${encodeURIComponent((await agent.get("/support/tickets/new")).text.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "")}&rating=1&rating=2`,
      );
    expect(repeated.status).to.be.within(400, 499);
    expect(ctx.logs()).not.to.include('"level":50');
    void DAY;
  });
});
