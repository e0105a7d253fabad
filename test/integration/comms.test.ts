import { expect } from "chai";
import sharp from "sharp";
import { translator } from "../../server/i18n/index.ts";
import { auditTrail } from "../../server/store/audit.ts";
import type { Project } from "../../server/store/projects.ts";
import type { User } from "../../server/store/users.ts";
import { addPledge } from "../support/comms-factory.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, csrfFrom, escapeHtml, inputValue } from "../support/http.ts";
import { addTier, createProject, createUser, signIn } from "../support/project-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");
const DAY = 24 * 3600 * 1000;

describe("creator updates", () => {
  let ctx: TestContext;
  let creator: User;
  let project: Project;
  let creatorAgent: Agent;
  let backerEn: User;
  let backerZh: User;
  let quietBacker: User;
  let stranger: User;

  before(async () => {
    ctx = await createTestContext();
    creator = await createUser(ctx.db, { name: "Creator Chen" });
    project = await createProject(ctx.db, {
      creatorId: creator.id,
      state: "live",
      title: "Hand-thrown tea set",
      now: ctx.clock.now(),
      launchedAt: ctx.clock.now(),
      deadlineAt: new Date(ctx.clock.now().getTime() + 20 * DAY),
    });
    backerEn = await createUser(ctx.db, { name: "Bea Backer" });
    backerZh = await createUser(ctx.db, { name: "王芳", locale: "zh-CN" });
    quietBacker = await createUser(ctx.db, { name: "Quiet Backer" });
    stranger = await createUser(ctx.db, { name: "Sam Stranger" });
    for (const b of [backerEn, backerZh, quietBacker])
      await addPledge(ctx.db, { projectId: project.id, backerId: b.id });
    await ctx.db("notification_opt_outs").insert({
      user_id: quietBacker.id,
      kind: "project_update",
      created_at: ctx.clock.now().toISOString(),
    });
    creatorAgent = browser(ctx.app);
    await signIn(creatorAgent, creator.email);
  });
  after(() => ctx.close());

  async function agentFor(user: User): Promise<Agent> {
    const agent = browser(ctx.app);
    if (user.locale === "zh-CN") agent.set("Accept-Language", "zh-CN");
    await signIn(agent, user.email);
    return agent;
  }

  /** Posts the multipart update form as a browser would (the CSRF token in the action URL). */
  async function postUpdate(
    agent: Agent,
    fields: Record<string, string>,
    image?: { data: Buffer; name: string },
    projectId = project.id,
  ) {
    const form = await agent.get(`/projects/${projectId}/updates/new`);
    const action = form.text.match(/action="(\/projects\/\d+\/updates\?_csrf=[^"]+)"/)?.[1];
    const token = action ? decodeURIComponent(action.split("_csrf=")[1] as string) : "no-token";
    let req = agent.post(`/projects/${projectId}/updates?_csrf=${encodeURIComponent(token)}`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (image) req = req.attach("image", image.data, image.name);
    return req;
  }

  it("the creator posts a public update: it is on the project page, and every backer is told in their language", async () => {
    const form = await creatorAgent.get(`/projects/${project.id}/updates/new`);
    expect(form.status).to.equal(200);
    expect(form.text).to.include('enctype="multipart/form-data"');
    const before = ctx.mail.length;
    const res = await postUpdate(creatorAgent, {
      title: "Kiln firing went well",
      body: "The **first batch** is out of the kiln.\n\n- 40 cups\n- 10 pots",
      visibility: "public",
    });
    expect(res.status).to.equal(303);
    const updateUrl = res.headers.location as string;
    expect(updateUrl).to.match(/^\/projects\/\d+\/updates\/\d+$/);
    const page = await creatorAgent.get(updateUrl);
    expect(page.text).to.include(escapeHtml(en("comms.updates.form.posted", { count: 3 })));
    expect(page.text).to.include("<strong>first batch</strong>");
    const publicPage = await browser(ctx.app).get(`/projects/${project.id}`);
    expect(publicPage.text).to.include("Kiln firing went well");
    expect(publicPage.text).to.include("<li>40 cups</li>");
    // Emails: to the two backers who did not opt out, each in their language.
    const mails = ctx.mail.slice(before);
    expect(mails.map((m) => m.to).sort()).to.deep.equal([backerEn.email, backerZh.email].sort());
    const zhMail = mails.find((m) => m.to === backerZh.email);
    expect(zhMail?.subject).to.equal(
      zh("comms.kinds.project_update.subject", {
        project: "Hand-thrown tea set",
        title: "Kiln firing went well",
      }),
    );
    expect(zhMail?.text).to.include(`http://localhost:3000${updateUrl}`);
    // In-app: all three backers (the one who opted out of email too), not the creator nor strangers.
    const notified = await ctx.db("notifications").where({ kind: "project_update" }).pluck("user_id");
    expect(notified.sort()).to.deep.equal([backerEn.id, backerZh.id, quietBacker.id].sort());
    const audit = await auditTrail(ctx.db, "project", project.id);
    expect(audit.map((a) => a.action)).to.include("project.update_post");
  });

  it("a backers-only update is hidden from the public and other users, shown to backers, the creator and admins", async () => {
    const res = await postUpdate(creatorAgent, {
      title: "Secret glaze recipe",
      body: "Only for our backers: celadon with iron.",
      visibility: "backers",
    });
    expect(res.status).to.equal(303);
    const url = res.headers.location as string;
    const anonymousPage = await browser(ctx.app).get(`/projects/${project.id}`);
    expect(anonymousPage.text).to.not.include("Secret glaze recipe").and.not.include("celadon");
    expect(anonymousPage.text).to.include(escapeHtml(en("comms.updates.locked")));
    const strangerAgent = await agentFor(stranger);
    const strangerPage = await strangerAgent.get(`/projects/${project.id}`);
    expect(strangerPage.text).to.not.include("Secret glaze recipe").and.not.include("celadon");
    expect((await strangerAgent.get(url)).status).to.equal(404);
    const anonymousDirect = await browser(ctx.app).get(url);
    expect(anonymousDirect.status).to.equal(303);
    expect(anonymousDirect.headers.location).to.match(/^\/login\?returnTo=/);
    const backerAgent = await agentFor(backerEn);
    expect((await backerAgent.get(`/projects/${project.id}`)).text).to.include("celadon with iron");
    expect((await backerAgent.get(url)).text).to.include("celadon with iron");
    expect((await creatorAgent.get(url)).text).to.include("celadon with iron");
    const admin = await createUser(ctx.db, { role: "admin" });
    expect((await (await agentFor(admin)).get(url)).text).to.include("celadon with iron");
    // A backer who cancelled is no longer a backer.
    const former = await createUser(ctx.db);
    const pledgeId = await addPledge(ctx.db, { projectId: project.id, backerId: former.id });
    await ctx
      .db("pledges")
      .where({ id: pledgeId })
      .update({ status: "cancelled", cancelled_at: ctx.clock.now().toISOString() });
    expect((await (await agentFor(former)).get(url)).status).to.equal(404);
  });

  it("only the creator and admins may post; others get 404, visitors are sent to sign in", async () => {
    const strangerAgent = await agentFor(stranger);
    expect((await strangerAgent.get(`/projects/${project.id}/updates/new`)).status).to.equal(404);
    const account = await strangerAgent.get("/account");
    const forged = await strangerAgent
      .post(`/projects/${project.id}/updates?_csrf=${encodeURIComponent(csrfFrom(account.text))}`)
      .field("title", "Fake news")
      .field("body", "Not the creator")
      .field("visibility", "public");
    expect(forged.status).to.equal(404);
    const anonymous = await browser(ctx.app).get(`/projects/${project.id}/updates/new`);
    expect(anonymous.status).to.equal(303);
    expect((await ctx.db("project_updates").where({ title: "Fake news" })).length).to.equal(0);
    const admin = await createUser(ctx.db, { role: "admin" });
    const adminRes = await postUpdate(await agentFor(admin), {
      title: "Note from the platform",
      body: "Shipping is delayed by the holiday.",
      visibility: "public",
    });
    expect(adminRes.status).to.equal(303);
    // No update form on a project that is not launched.
    const draft = await createProject(ctx.db, { creatorId: creator.id, state: "draft" });
    const refused = await creatorAgent.get(`/projects/${draft.id}/updates/new`);
    expect(refused.status).to.equal(422);
    expect(refused.text).to.include(escapeHtml(en("comms.updates.notLaunched")));
    // Without the CSRF token: refused before the upload is read.
    const noToken = await creatorAgent
      .post(`/projects/${project.id}/updates`)
      .field("title", "x")
      .field("body", "y")
      .field("visibility", "public");
    expect(noToken.status).to.equal(403);
  });

  it("validates the form in the user's language and keeps what was typed", async () => {
    const zhCreator = browser(ctx.app).set("Accept-Language", "zh-CN");
    await signIn(zhCreator, creator.email);
    let res = await postUpdate(zhCreator, { title: "", body: "   ", visibility: "friends" });
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml(zh("validation.required")));
    expect(res.text).to.include(escapeHtml(zh("validation.invalid")));
    expect(res.text).to.include('id="f-title-error"').and.include('id="f-body-error"');
    res = await postUpdate(creatorAgent, {
      title: "x".repeat(151),
      body: "Kept body text",
      visibility: "backers",
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml(en("comms.updates.errors.titleTooLong")));
    expect(res.text).to.include("Kept body text");
    expect(inputValue(res.text, "title")).to.equal("x".repeat(151));
    expect(res.text).to.match(/id="f-visibility-backers"[^>]*checked/);
    res = await postUpdate(creatorAgent, {
      title: "Only a script",
      body: "<script>alert(1)</script>",
      visibility: "public",
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml(en("comms.updates.errors.bodyEmpty")));
    res = await postUpdate(creatorAgent, { title: "Long", body: "y".repeat(20_001), visibility: "public" });
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml(en("comms.updates.errors.bodyTooLong")));
  });

  it("takes an optional image through the upload pipeline; a file that is not an image is refused with the input kept", async () => {
    const png = await sharp({ create: { width: 900, height: 500, channels: 3, background: "#3a7" } })
      .png()
      .toBuffer();
    const res = await postUpdate(
      creatorAgent,
      { title: "Photo of the kiln", body: "Look at it.", visibility: "public" },
      { data: png, name: "kiln.png" },
    );
    expect(res.status).to.equal(303);
    const page = await creatorAgent.get(res.headers.location as string);
    const key = page.text.match(/\/media\/images\/([a-f0-9]{32})\/1200/)?.[1];
    expect(key).to.be.a("string");
    const image = await browser(ctx.app).get(`/media/images/${key}/600`);
    expect(image.status).to.equal(200);
    expect(image.headers["content-type"]).to.equal("image/webp");
    const bad = await postUpdate(
      creatorAgent,
      { title: "Not a photo", body: "Kept text", visibility: "public" },
      { data: Buffer.from("%PDF-1.4 not an image"), name: "kiln.png" },
    );
    expect(bad.status).to.equal(415);
    expect(bad.text).to.include('id="f-image-error"').and.include("Kept text");
    expect(inputValue(bad.text, "title")).to.equal("Not a photo");
    const big = await postUpdate(
      creatorAgent,
      { title: "Too big", body: "Kept big", visibility: "public" },
      { data: Buffer.alloc(6 * 1024 * 1024, 1), name: "big.png" },
    );
    expect(big.status).to.equal(413);
    expect(big.text).to.include("Kept big");
    expect(await ctx.db("project_updates").whereIn("title", ["Not a photo", "Too big"])).to.have.length(0);
  });

  it("lists updates on the project page five at a time, newest first", async () => {
    const other = await createProject(ctx.db, {
      creatorId: creator.id,
      state: "live",
      title: "Many updates",
    });
    for (let i = 1; i <= 7; i++) {
      ctx.clock.advance(60_000);
      expect(
        (
          await postUpdate(
            creatorAgent,
            { title: `Update number ${i}`, body: `Text ${i}`, visibility: "public" },
            undefined,
            other.id,
          )
        ).status,
      ).to.equal(303);
    }
    const first = await browser(ctx.app).get(`/projects/${other.id}`);
    expect(first.text)
      .to.include("Update number 7")
      .and.include("Update number 3")
      .and.not.include("Update number 2");
    expect(first.text).to.include(`href="/projects/${other.id}?updates=2#updates"`);
    const second = await browser(ctx.app).get(`/projects/${other.id}?updates=2`);
    expect(second.text)
      .to.include("Update number 2")
      .and.include("Update number 1")
      .and.not.include("Update number 3");
    for (const q of ["updates=abc", "updates=-1", "updates=999999", "questions=x"]) {
      expect((await browser(ctx.app).get(`/projects/${other.id}?${q}`)).status, q).to.equal(200);
    }
  });

  it("an update id under another project, or that is not an id, is 404", async () => {
    const [update] = await ctx.db("project_updates").where({ project_id: project.id }).limit(1);
    const other = await createProject(ctx.db, { creatorId: creator.id, state: "live" });
    for (const url of [
      `/projects/${other.id}/updates/${update.id}`,
      `/projects/${project.id}/updates/abc`,
      `/projects/${project.id}/updates/99999999`,
      `/projects/abc/updates/${update.id}`,
      `/projects/${project.id}/updates/1e5`,
    ]) {
      expect((await browser(ctx.app).get(url)).status, url).to.equal(404);
    }
    const draft = await createProject(ctx.db, { creatorId: creator.id, state: "draft" });
    expect((await browser(ctx.app).get(`/projects/${draft.id}/updates/1`)).status).to.equal(404);
  });
});

describe("reward delivery and overdue updates", () => {
  let ctx: TestContext;
  let creator: User;
  let creatorAgent: Agent;

  before(async () => {
    ctx = await createTestContext({ UPDATE_OVERDUE_DAYS: "30" });
    creator = await createUser(ctx.db, { name: "Creator Chen" });
    creatorAgent = browser(ctx.app);
    await signIn(creatorAgent, creator.email);
  });
  after(() => ctx.close());

  /** A reward project funded (succeeded) at `fundedAt`, with two tiers and a backer of the first. */
  async function funded(fundedAt: Date, title = "Funded lamp") {
    const project = await createProject(ctx.db, {
      creatorId: creator.id,
      state: "succeeded",
      title,
      now: new Date(fundedAt.getTime() - 31 * DAY),
      launchedAt: new Date(fundedAt.getTime() - 30 * DAY),
      deadlineAt: fundedAt,
    });
    const tierA = await addTier(ctx.db, project.id, { title: "Lamp", estimatedDelivery: "2026-09" });
    const tierB = await addTier(ctx.db, project.id, { title: "Two lamps", estimatedDelivery: "2026-11" });
    const backer = await createUser(ctx.db, { name: "Tier backer", locale: "zh-CN" });
    await addPledge(ctx.db, { projectId: project.id, backerId: backer.id, tierId: tierA });
    return { project, tierA, tierB, backer };
  }

  async function setStatus(agent: Agent, projectId: number, tierId: number, status: string) {
    const page = await agent.get(`/projects/${projectId}/delivery`);
    return agent
      .post(`/projects/${projectId}/delivery/${tierId}`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), status });
  }

  it("the creator sets each tier's status; the project page shows estimated delivery and status; the tier's backers are told", async () => {
    const { project, tierA, tierB, backer } = await funded(ctx.clock.now());
    const page = await creatorAgent.get(`/projects/${project.id}/delivery`);
    expect(page.status).to.equal(200);
    const res = await setStatus(creatorAgent, project.id, tierA, "shipping");
    expect(res.status).to.equal(303);
    const publicPage = await browser(ctx.app).get(`/projects/${project.id}`);
    expect(publicPage.text).to.include('id="delivery"');
    expect(publicPage.text).to.include(escapeHtml(en("comms.delivery.status.shipping")));
    expect(publicPage.text).to.include(escapeHtml(en("comms.delivery.status.not_started")));
    expect(publicPage.text).to.include("September 2026");
    const [n] = await ctx.db("notifications").where({ user_id: backer.id, kind: "backed_project_news" });
    expect(n).to.not.equal(undefined);
    const mail = ctx.mail.filter((m) => m.to === backer.email).at(-1);
    expect(mail?.text).to.include(zh("comms.delivery.status.shipping"));
    expect((await auditTrail(ctx.db, "project", project.id)).map((a) => a.action)).to.include(
      "project.delivery_status",
    );
    // The same status again changes nothing and tells nobody.
    const count = ctx.mail.length;
    await setStatus(creatorAgent, project.id, tierA, "shipping");
    expect(ctx.mail.length).to.equal(count);
    // Someone else, a bad status, a tier of another project, a project that is not funded.
    const stranger = await createUser(ctx.db);
    const strangerAgent = browser(ctx.app);
    await signIn(strangerAgent, stranger.email);
    expect((await strangerAgent.get(`/projects/${project.id}/delivery`)).status).to.equal(404);
    expect((await setStatus(creatorAgent, project.id, tierB, "lost")).status).to.equal(422);
    const live = await createProject(ctx.db, { creatorId: creator.id, state: "live" });
    const liveTier = await addTier(ctx.db, live.id);
    expect((await setStatus(creatorAgent, project.id, liveTier, "shipping")).status).to.equal(404);
    const refused = await setStatus(creatorAgent, live.id, liveTier, "shipping");
    expect(refused.status).to.equal(422);
    expect(refused.text).to.include(escapeHtml(en("comms.delivery.notFunded")));
    expect((await browser(ctx.app).get(`/projects/${live.id}`)).text).to.not.include('id="delivery"');
  });

  it("30 days without an update: overdue on the project page and in the admin list; one reminder per overdue period", async () => {
    const { project, tierA, tierB } = await funded(
      new Date(ctx.clock.now().getTime() - 29 * DAY),
      "Quiet lamp",
    );
    const { DeliveryService } = await import("../../server/services/delivery.ts");
    const { Notifier } = await import("../../server/services/notifications.ts");
    const { OutboxMailer } = await import("../../server/mail/outbox.ts");
    const notifier = new Notifier({
      db: ctx.db,
      clock: ctx.clock,
      mailer: new OutboxMailer({ db: ctx.db, clock: ctx.clock, onEnqueue: (m) => ctx.mail.push(m) }),
      baseUrl: ctx.config.baseUrl,
    });
    const delivery = new DeliveryService({ db: ctx.db, clock: ctx.clock, notifier, overdueDays: 30 });
    const admin = await createUser(ctx.db, { role: "admin" });
    const adminAgent = browser(ctx.app);
    await signIn(adminAgent, admin.email);
    const reminders = () =>
      ctx.mail.filter((m) => m.to === creator.email && m.subject.includes("Quiet lamp"));

    // Day 29: not yet.
    expect((await browser(ctx.app).get(`/projects/${project.id}`)).text).to.not.include("cm-overdue");
    expect(await delivery.remindOverdue()).to.equal(0);
    expect((await adminAgent.get("/admin/overdue")).text).to.not.include("Quiet lamp");

    // Day 30: overdue.
    ctx.clock.advance(DAY);
    const page = await browser(ctx.app).get(`/projects/${project.id}`);
    expect(page.text).to.include(escapeHtml(en("comms.delivery.overdueNotice", { days: 30 })));
    expect((await adminAgent.get("/admin/overdue")).text).to.include("Quiet lamp");
    expect(await delivery.remindOverdue()).to.be.greaterThan(0);
    expect(reminders()).to.have.length(1);
    expect(reminders()[0]?.subject).to.equal(
      en("comms.kinds.update_overdue.subject", { project: "Quiet lamp" }),
    );
    // The job runs again, an hour and a week later: no second reminder for the same period.
    ctx.clock.advance(3600 * 1000);
    await delivery.remindOverdue();
    ctx.clock.advance(7 * DAY);
    await delivery.remindOverdue();
    expect(reminders()).to.have.length(1);
    expect((await adminAgent.get("/admin/overdue")).text).to.include(
      en("comms.admin.overdue.days", { count: 37 }),
    );

    // An update ends the period; 30 days after it, a new period and one new reminder.
    const form = await creatorAgent.get(`/projects/${project.id}/updates/new`);
    const action = form.text.match(/action="(\/projects\/\d+\/updates\?_csrf=[^"]+)"/)?.[1] as string;
    const posted = await creatorAgent
      .post(action.replace(/&amp;/g, "&"))
      .field("title", "Still working")
      .field("body", "The shades are late.")
      .field("visibility", "public");
    expect(posted.status).to.equal(303);
    expect((await browser(ctx.app).get(`/projects/${project.id}`)).text).to.not.include("cm-overdue");
    expect((await adminAgent.get("/admin/overdue")).text).to.not.include("Quiet lamp");
    ctx.clock.advance(30 * DAY);
    await delivery.remindOverdue();
    await delivery.remindOverdue();
    expect(reminders()).to.have.length(2);

    // Every reward delivered: no longer overdue, no reminder.
    await setStatus(creatorAgent, project.id, tierA, "delivered");
    await setStatus(creatorAgent, project.id, tierB, "delivered");
    ctx.clock.advance(60 * DAY);
    expect(await delivery.remindOverdue()).to.equal(0);
    expect((await browser(ctx.app).get(`/projects/${project.id}`)).text).to.not.include("cm-overdue");
    expect((await adminAgent.get("/admin/overdue")).text).to.not.include("Quiet lamp");
  });

  it("the overdue list is for admins only", async () => {
    expect((await browser(ctx.app).get("/admin/overdue")).status).to.equal(303);
    expect((await creatorAgent.get("/admin/overdue")).status).to.equal(403);
  });

  it("the number of days comes from UPDATE_OVERDUE_DAYS", async () => {
    const short = await createTestContext({ UPDATE_OVERDUE_DAYS: "7" });
    try {
      expect(short.config.updateOverdueDays).to.equal(7);
      const owner = await createUser(short.db);
      const p = await createProject(short.db, {
        creatorId: owner.id,
        state: "succeeded",
        deadlineAt: new Date(short.clock.now().getTime() - 8 * DAY),
      });
      await addTier(short.db, p.id);
      expect((await browser(short.app).get(`/projects/${p.id}`)).text).to.include("cm-overdue");
    } finally {
      await short.close();
    }
  });
});
