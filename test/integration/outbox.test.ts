import { expect } from "chai";
import { translator } from "../../server/i18n/index.ts";
import { RETRY_BASE_MS, retryDelayMs } from "../../server/jobs/outbox.ts";
import { createMailer } from "../../server/mail/mailer.ts";
import { OutboxMailer } from "../../server/mail/outbox.ts";
import { findOutbox } from "../../server/store/outbox.ts";
import { deliver, type SmtpSink, smtpTransport, startSmtpSink } from "../support/comms-factory.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { browser, csrfFrom, submitForm } from "../support/http.ts";
import { createUser, signIn } from "../support/project-factory.ts";

const MINUTE = 60_000;

describe("mail outbox: queued in the database, delivered by a job over real SMTP", () => {
  let ctx: TestContext;
  let sink: SmtpSink;
  let outbox: OutboxMailer;

  before(async () => {
    ctx = await createTestContext();
    sink = await startSmtpSink();
    outbox = new OutboxMailer({ db: ctx.db, clock: ctx.clock });
  });
  after(async () => {
    await sink.stop();
    await ctx.close();
  });
  beforeEach(async () => {
    // Each test starts with an empty outbox and a working server.
    await ctx.db("outbox").delete();
    sink.received.length = 0;
    sink.refuse = false;
    sink.rejectRecipients = [];
    await sink.stop();
    await sink.start();
  });

  const rows = () => ctx.db("outbox").orderBy("id");
  async function enqueue(count: number, prefix = "Message") {
    const ids: number[] = [];
    for (let i = 1; i <= count; i++) {
      ids.push(
        await outbox.enqueue({
          to: `reader${i}@example.com`,
          subject: `${prefix} ${i}`,
          text: `Body ${i} ✓ 你好`,
        }),
      );
    }
    return ids;
  }

  it("a request queues its mail (ctx.mail sees it at once) and sends nothing until the job runs", async () => {
    const user = await createUser(ctx.db);
    const before = ctx.mail.length;
    const res = await submitForm(browser(ctx.app), "/password/forgot", "/password/forgot", {
      email: user.email,
    });
    expect(res.status).to.equal(303);
    expect(ctx.mail.length).to.equal(before + 1);
    const [row] = await rows();
    expect(row).to.include({ recipient: user.email, status: "queued", attempts: 0 });
    expect(row.subject).to.equal(translator("en")("mail.passwordReset.subject"));
    expect(sink.received).to.have.length(0);
  });

  it("delivers through SMTP in each recipient's language, and marks each message sent", async () => {
    const english = await createUser(ctx.db, { locale: "en" });
    const chinese = await createUser(ctx.db, { locale: "zh-CN" });
    for (const user of [english, chinese]) {
      await submitForm(browser(ctx.app), "/password/forgot", "/password/forgot", { email: user.email });
    }
    const result = await deliver(ctx, smtpTransport(ctx.config, sink.port));
    expect(result).to.deep.equal({ sent: 2, retrying: 0, failed: 0 });
    const to = (email: string) => sink.received.find((m) => m.to.includes(email));
    expect(to(english.email)?.subject).to.equal(translator("en")("mail.passwordReset.subject"));
    expect(to(english.email)?.text).to.include(`Hello ${english.name}`);
    expect(to(english.email)?.text).to.match(/http:\/\/localhost:3000\/password\/reset\/\S+/);
    expect(to(chinese.email)?.subject).to.equal(translator("zh-CN")("mail.passwordReset.subject"));
    expect(to(chinese.email)?.subject).to.equal("重置您的种子众筹密码");
    expect(to(chinese.email)?.text).to.include(`${chinese.name}，您好`);
    expect(to(chinese.email)?.from).to.equal("no-reply@crowdfund.local");
    for (const row of await rows()) {
      expect(row.status).to.equal("sent");
      expect(row.attempts).to.equal(1);
      expect(row.sent_at).to.equal(ctx.clock.now().toISOString());
      expect(row.last_error).to.equal(null);
    }
    // Running the job again sends nothing twice.
    expect(await deliver(ctx, smtpTransport(ctx.config, sink.port))).to.deep.equal({
      sent: 0,
      retrying: 0,
      failed: 0,
    });
    expect(sink.received).to.have.length(2);
  });

  it("server not listening: everything stays queued, retried with growing waits; back up: all delivered, none twice", async () => {
    const transport = smtpTransport(ctx.config, sink.port);
    const ids = await enqueue(3);
    await sink.stop();

    const first = await deliver(ctx, transport);
    expect(first).to.deep.equal({ sent: 0, retrying: 3, failed: 0 });
    let all = await rows();
    expect(all.map((r) => r.status)).to.deep.equal(["queued", "queued", "queued"]);
    // The first message was tried and failed; the others were put back without an attempt.
    expect(all[0].attempts).to.equal(1);
    expect(all[0].last_error).to.match(/ECONNREFUSED|ECONNECTION|connect/i);
    expect(all[1].attempts).to.equal(0);
    const waitOf = (row: { next_attempt_at: string }) =>
      Date.parse(row.next_attempt_at) - ctx.clock.now().getTime();
    expect(waitOf(all[0])).to.equal(RETRY_BASE_MS);

    // Nothing is due before the wait is over.
    expect(await deliver(ctx, transport)).to.deep.equal({ sent: 0, retrying: 0, failed: 0 });

    // Still down a minute later: the next wait is twice as long.
    ctx.clock.advance(MINUTE);
    await deliver(ctx, transport);
    all = await rows();
    const tried = all.find((r) => r.attempts === 2);
    expect(tried, "a message tried twice").to.not.equal(undefined);
    expect(waitOf(tried)).to.equal(2 * MINUTE);
    expect(retryDelayMs(3)).to.equal(4 * MINUTE);
    expect(retryDelayMs(50)).to.equal(6 * 60 * MINUTE);

    // The server comes back: once the waits are over, every message arrives exactly once.
    await sink.start();
    ctx.clock.advance(10 * MINUTE);
    const back = await deliver(ctx, transport);
    expect(back).to.deep.equal({ sent: 3, retrying: 0, failed: 0 });
    ctx.clock.advance(60 * MINUTE);
    await deliver(ctx, transport);
    expect(sink.received.map((m) => m.subject).sort()).to.deep.equal(["Message 1", "Message 2", "Message 3"]);
    expect(sink.received.map((m) => m.text)).to.include("Body 2 ✓ 你好");
    for (const id of ids) expect((await findOutbox(ctx.db, id))?.status).to.equal("sent");
  });

  it("server refusing connections (421): messages stay queued with the error; accepted later, none lost", async () => {
    const transport = smtpTransport(ctx.config, sink.port);
    await enqueue(2, "Refused");
    sink.refuse = true;
    expect(await deliver(ctx, transport)).to.deep.equal({ sent: 0, retrying: 2, failed: 0 });
    const [row] = await rows();
    expect(row.status).to.equal("queued");
    expect(row.last_error).to.include("421");
    expect(sink.received).to.have.length(0);
    sink.refuse = false;
    ctx.clock.advance(2 * MINUTE);
    expect(await deliver(ctx, transport)).to.deep.equal({ sent: 2, retrying: 0, failed: 0 });
    expect(sink.received.map((m) => m.subject).sort()).to.deep.equal(["Refused 1", "Refused 2"]);
  });

  it("a permanent refusal (550) fails that message at once; the others are delivered", async () => {
    const transport = smtpTransport(ctx.config, sink.port);
    const [bad, good] = await enqueue(2, "Permanent");
    sink.rejectRecipients = ["reader1@example.com"];
    expect(await deliver(ctx, transport)).to.deep.equal({ sent: 1, retrying: 0, failed: 1 });
    const failed = await findOutbox(ctx.db, bad as number);
    expect(failed?.status).to.equal("failed");
    expect(failed?.lastError).to.include("550");
    expect((await findOutbox(ctx.db, good as number))?.status).to.equal("sent");
  });

  it("gives up after the configured number of attempts and keeps the message as failed", async () => {
    const [id] = await enqueue(1, "Doomed");
    await sink.stop();
    const transport = smtpTransport(ctx.config, sink.port);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await deliver(ctx, transport, 3);
      ctx.clock.advance(7 * 60 * MINUTE);
    }
    const row = await findOutbox(ctx.db, id as number);
    expect(row).to.include({ status: "failed", attempts: 3 });
    expect(await deliver(ctx, transport, 3)).to.deep.equal({ sent: 0, retrying: 0, failed: 0 });
  });

  it("two job runs at the same time never send a message twice", async () => {
    await enqueue(6, "Race");
    const transport = smtpTransport(ctx.config, sink.port);
    const [a, b] = await Promise.all([deliver(ctx, transport), deliver(ctx, transport)]);
    expect(a.sent + b.sent).to.equal(6);
    expect(sink.received).to.have.length(6);
    expect(new Set(sink.received.map((m) => m.subject)).size).to.equal(6);
  });

  it("without SMTP configured, the job writes .eml files under DATA_DIR/mail", async () => {
    const fs = await import("node:fs");
    await enqueue(1, "File");
    expect(await deliver(ctx, createMailer(ctx.config))).to.deep.equal({ sent: 1, retrying: 0, failed: 0 });
    const files = fs.readdirSync(ctx.config.mailDir).filter((f) => f.endsWith(".eml"));
    expect(files.length).to.be.greaterThan(0);
  });

  describe("GET /admin/outbox", () => {
    it("shows admins every message with its status, attempts and last error, filtered by status", async () => {
      await enqueue(2, "Listed");
      sink.rejectRecipients = ["reader1@example.com"];
      await deliver(ctx, smtpTransport(ctx.config, sink.port));
      await enqueue(1, "Waiting");
      const admin = await createUser(ctx.db, { role: "admin" });
      const agent = browser(ctx.app);
      await signIn(agent, admin.email);
      const page = await agent.get("/admin/outbox");
      expect(page.status).to.equal(200);
      expect(page.text).to.include("Listed 1").and.include("Listed 2").and.include("Waiting 1");
      expect(page.text).to.include("1 queued · 1 failed · 1 sent");
      expect(page.text).to.include("550");
      const failed = await agent.get("/admin/outbox?status=failed");
      expect(failed.text).to.include("Listed 1").and.not.include("Listed 2");
      // An unknown status shows everything rather than failing.
      expect((await agent.get("/admin/outbox?status=nonsense")).status).to.equal(200);
      expect((await agent.get("/admin/outbox?page=abc")).status).to.equal(200);
    });

    it("retry now queues a failed message for an attempt now; a sent one is left alone; bad ids are 404", async () => {
      const [bad, good] = await enqueue(2, "Retry");
      sink.rejectRecipients = ["reader1@example.com"];
      await deliver(ctx, smtpTransport(ctx.config, sink.port));
      const admin = await createUser(ctx.db, { role: "admin" });
      const agent = browser(ctx.app);
      await signIn(agent, admin.email);
      const page = await agent.get("/admin/outbox");
      const token = csrfFrom(page.text);
      const res = await agent.post(`/admin/outbox/${bad}/retry`).type("form").send({ _csrf: token });
      expect(res.status).to.equal(303);
      const requeued = await findOutbox(ctx.db, bad as number);
      expect(requeued?.status).to.equal("queued");
      expect(requeued?.nextAttemptAt.getTime()).to.equal(ctx.clock.now().getTime());
      sink.rejectRecipients = [];
      expect((await deliver(ctx, smtpTransport(ctx.config, sink.port))).sent).to.equal(1);
      await agent.post(`/admin/outbox/${good}/retry`).type("form").send({ _csrf: token });
      expect((await findOutbox(ctx.db, good as number))?.status).to.equal("sent");
      expect(sink.received.filter((m) => m.subject === "Retry 2")).to.have.length(1);
      for (const id of ["abc", "-1", "0", "99999999999999999999", "999999"]) {
        const r = await agent.post(`/admin/outbox/${id}/retry`).type("form").send({ _csrf: token });
        expect(r.status, id).to.be.oneOf([303, 404]);
        if (id !== "999999") expect(r.status, id).to.equal(404);
      }
    });

    it("is for admins only", async () => {
      const anonymous = await browser(ctx.app).get("/admin/outbox");
      expect(anonymous.status).to.equal(303);
      expect(anonymous.headers.location).to.match(/^\/login/);
      const member = await createUser(ctx.db);
      const agent = browser(ctx.app);
      await signIn(agent, member.email);
      expect((await agent.get("/admin/outbox")).status).to.equal(403);
      const home = await agent.get("/account");
      const res = await agent
        .post("/admin/outbox/1/retry")
        .type("form")
        .send({ _csrf: csrfFrom(home.text) });
      expect(res.status).to.equal(403);
    });
  });
});
