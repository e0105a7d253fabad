import { expect } from "chai";
import { translator } from "../../server/i18n/index.ts";
import { auditTrail } from "../../server/store/audit.ts";
import type { Project } from "../../server/store/projects.ts";
import type { User } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, csrfFrom, escapeHtml } from "../support/http.ts";
import { createProject, createUser, signIn } from "../support/project-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");

describe("questions and answers on the project page", () => {
  let ctx: TestContext;
  let creator: User;
  let project: Project;
  let creatorAgent: Agent;
  let asker: User;
  let askerAgent: Agent;
  let adminAgent: Agent;

  before(async () => {
    ctx = await createTestContext();
    creator = await createUser(ctx.db, { name: "Creator Chen" });
    project = await createProject(ctx.db, { creatorId: creator.id, state: "live", title: "Paper lamp" });
    creatorAgent = browser(ctx.app);
    await signIn(creatorAgent, creator.email);
    asker = await createUser(ctx.db, { name: "Curious Cat" });
    askerAgent = browser(ctx.app);
    await signIn(askerAgent, asker.email);
    const admin = await createUser(ctx.db, { role: "admin" });
    adminAgent = browser(ctx.app);
    await signIn(adminAgent, admin.email);
  });
  after(() => ctx.close());

  async function ask(agent: Agent, body: string, projectId = project.id) {
    const page = await agent.get(`/projects/${projectId}`);
    return agent
      .post(`/projects/${projectId}/questions`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), body });
  }
  async function answer(agent: Agent, questionId: number, text: string) {
    const page = await agent.get(`/projects/${project.id}/questions/${questionId}/answer`);
    const token = page.status === 200 ? csrfFrom(page.text) : csrfFrom((await agent.get("/account")).text);
    return agent
      .post(`/projects/${project.id}/questions/${questionId}/answer`)
      .type("form")
      .send({ _csrf: token, answer: text });
  }
  async function report(agent: Agent, questionId: number, fields: Record<string, string>) {
    const page = await agent.get(
      `/projects/${project.id}/questions/${questionId}/report?target=${fields.target ?? "question"}`,
    );
    return agent
      .post(`/projects/${project.id}/questions/${questionId}/report`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), ...fields });
  }
  const lastQuestionId = async () =>
    (await ctx.db("project_questions").max({ id: "id" }).first())?.id as number;

  it("a signed-in user asks; the question is on the page and the creator is told; the creator's answer is marked as theirs", async () => {
    const before = ctx.mail.length;
    const res = await ask(askerAgent, "Does the lamp work with LED bulbs?");
    expect(res.status).to.equal(303);
    const qid = await lastQuestionId();
    expect(res.headers.location).to.equal(`/projects/${project.id}#question-${qid}`);
    const page = await browser(ctx.app).get(`/projects/${project.id}`);
    expect(page.text).to.include("Does the lamp work with LED bulbs?");
    expect(page.text).to.include(escapeHtml(en("comms.qa.notAnswered")));
    expect(ctx.mail.slice(before).map((m) => m.to)).to.deep.equal([creator.email]);
    const creatorPage = await creatorAgent.get(`/projects/${project.id}`);
    expect(creatorPage.text).to.include(`/questions/${qid}/answer`);
    const answered = await answer(creatorAgent, qid, "Yes, any **E27** LED bulb.");
    expect(answered.status).to.equal(303);
    const after = await browser(ctx.app).get(`/projects/${project.id}`);
    expect(after.text).to.include(escapeHtml(en("comms.qa.creatorAnswer")));
    expect(after.text).to.include("<strong>E27</strong>");
    const notice = await ctx.db("notifications").where({ user_id: asker.id, kind: "question_answered" });
    expect(notice).to.have.length(1);
    // Rewriting the answer does not notify again.
    await answer(creatorAgent, qid, "Yes, any E27 or E26 LED bulb.");
    expect(
      await ctx.db("notifications").where({ user_id: asker.id, kind: "question_answered" }),
    ).to.have.length(1);
    expect((await browser(ctx.app).get(`/projects/${project.id}`)).text).to.include("E26");
  });

  it("only the creator answers: others get 404 (form) or 403 (post); visitors must sign in to ask", async () => {
    await ask(askerAgent, "Another question?");
    const qid = await lastQuestionId();
    expect((await askerAgent.get(`/projects/${project.id}/questions/${qid}/answer`)).status).to.equal(404);
    expect((await adminAgent.get(`/projects/${project.id}/questions/${qid}/answer`)).status).to.equal(404);
    const forged = await answer(askerAgent, qid, "I am not the creator");
    expect(forged.status).to.equal(403);
    expect((await ctx.db("project_questions").where({ id: qid }).first()).answer_md).to.equal(null);
    const anonymous = browser(ctx.app);
    const page = await anonymous.get(`/projects/${project.id}`);
    expect(page.text).to.include(escapeHtml(en("comms.qa.signInToAsk")));
    expect(page.text).to.not.include(`action="/projects/${project.id}/questions"`);
    expect((await anonymous.get(`/projects/${project.id}/questions/new`)).status).to.equal(303);
  });

  it("validates the question and the answer in the user's language, keeping what was typed", async () => {
    const zhAgent = browser(ctx.app).set("Accept-Language", "zh-CN");
    await signIn(zhAgent, asker.email);
    let res = await ask(zhAgent, "   ");
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml(zh("validation.required")));
    expect(res.text).to.include('id="f-body-error"');
    res = await ask(askerAgent, `Long question ${"x".repeat(2_001)}`);
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml(en("comms.qa.errors.tooLong")));
    expect(res.text).to.include("Long question xxx");
    await ask(askerAgent, "Answer me");
    const qid = await lastQuestionId();
    res = await answer(creatorAgent, qid, "");
    expect(res.status).to.equal(422);
    expect(res.text).to.include('id="f-answer-error"');
    res = await answer(creatorAgent, qid, "<script>alert(1)</script>");
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml(en("comms.qa.errors.answerEmpty")));
    expect(res.text).to.include("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("questions are refused on projects that are not public or no longer open, and ids that are not ids are 404", async () => {
    const draft = await createProject(ctx.db, { creatorId: creator.id, state: "draft" });
    expect((await askerAgent.get(`/projects/${draft.id}/questions/new`)).status).to.equal(404);
    const failed = await createProject(ctx.db, { creatorId: creator.id, state: "failed" });
    const closed = await askerAgent.get(`/projects/${failed.id}/questions/new`);
    expect(closed.status).to.equal(422);
    expect(closed.text).to.include(escapeHtml(en("comms.qa.closed")));
    for (const url of [
      `/projects/${project.id}/questions/abc/answer`,
      `/projects/${project.id}/questions/99999999/report`,
      `/projects/xyz/questions/new`,
      `/projects/${project.id}/questions/-4/report`,
    ]) {
      expect((await creatorAgent.get(url)).status, url).to.equal(404);
    }
    // A question id under another project is not found.
    const other = await createProject(ctx.db, { creatorId: creator.id, state: "live" });
    await ask(askerAgent, "On the first project");
    const qid = await lastQuestionId();
    expect((await creatorAgent.get(`/projects/${other.id}/questions/${qid}/report`)).status).to.equal(404);
  });

  it("anyone signed in reports a question or an answer with a reason; a second report is accepted quietly", async () => {
    await ask(askerAgent, "Buy cheap watches at spam.example");
    const qid = await lastQuestionId();
    const reporter = await createUser(ctx.db);
    const reporterAgent = browser(ctx.app);
    await signIn(reporterAgent, reporter.email);
    let res = await report(reporterAgent, qid, { target: "question", reason: "" });
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml(en("comms.qa.chooseReason")));
    res = await report(reporterAgent, qid, { target: "question", reason: "spam", note: "n".repeat(1001) });
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml(en("comms.qa.errors.noteTooLong")));
    res = await report(reporterAgent, qid, { target: "question", reason: "spam", note: "Advertising" });
    expect(res.status).to.equal(303);
    res = await report(reporterAgent, qid, { target: "question", reason: "abuse" });
    expect(res.status).to.equal(303);
    expect((await reporterAgent.get(res.headers.location as string)).text).to.include(
      escapeHtml(en("comms.qa.alreadyReported")),
    );
    expect(await ctx.db("qa_reports").where({ question_id: qid })).to.have.length(1);
    // An answer that does not exist cannot be reported.
    expect(
      (await reporterAgent.get(`/projects/${project.id}/questions/${qid}/report?target=answer`)).status,
    ).to.equal(404);
    // Visitors must sign in.
    expect((await browser(ctx.app).get(`/projects/${project.id}/questions/${qid}/report`)).status).to.equal(
      303,
    );
  });

  it("admins see reports at /admin/qa, hide what breaks the rules (audited), dismiss or restore", async () => {
    await ask(askerAgent, "You are all scammers!!!");
    const qid = await lastQuestionId();
    const reporter = await createUser(ctx.db, { name: "Rita Reporter" });
    const reporterAgent = browser(ctx.app);
    await signIn(reporterAgent, reporter.email);
    await report(reporterAgent, qid, { target: "question", reason: "abuse", note: "Insults" });
    let queue = await adminAgent.get("/admin/qa");
    expect(queue.status).to.equal(200);
    expect(queue.text)
      .to.include("You are all scammers!!!")
      .and.include("Rita Reporter")
      .and.include("Insults");
    // A reason is required to hide; the error is shown next to that item's form.
    let res = await adminAgent
      .post(`/admin/qa/${qid}/hide`)
      .type("form")
      .send({ _csrf: csrfFrom(queue.text), target: "question", reason: " " });
    expect(res.status).to.equal(422);
    expect(res.text).to.include(`id="f-reason-${qid}-question-error"`);
    res = await adminAgent
      .post(`/admin/qa/${qid}/hide`)
      .type("form")
      .send({ _csrf: csrfFrom(queue.text), target: "question", reason: "Abusive language" });
    expect(res.status).to.equal(303);
    expect((await browser(ctx.app).get(`/projects/${project.id}`)).text).to.not.include(
      "You are all scammers",
    );
    const audit = await auditTrail(ctx.db, "question", qid);
    expect(audit.map((a) => [a.action, a.reason])).to.deep.equal([["qa.hide_question", "Abusive language"]]);
    expect((await ctx.db("qa_reports").where({ question_id: qid }).first()).resolution).to.equal("hidden");
    // A hidden question cannot be reported or answered any more.
    expect((await reporterAgent.get(`/projects/${project.id}/questions/${qid}/report`)).status).to.equal(404);
    queue = await adminAgent.get("/admin/qa");
    expect(queue.text).to.include(
      escapeHtml(en("comms.admin.qa.hiddenQuestion", { reason: "Abusive language" })),
    );
    // Restore shows it again (audited).
    res = await adminAgent
      .post(`/admin/qa/${qid}/restore`)
      .type("form")
      .send({ _csrf: csrfFrom(queue.text), target: "question" });
    expect(res.status).to.equal(303);
    expect((await browser(ctx.app).get(`/projects/${project.id}`)).text).to.include("You are all scammers");
    // An answer is hidden on its own; dismissing closes the reports and changes nothing else.
    await answer(creatorAgent, qid, "We are not. Here is our registration.");
    await report(reporterAgent, qid, { target: "answer", reason: "misleading" });
    queue = await adminAgent.get("/admin/qa");
    res = await adminAgent
      .post(`/admin/qa/${qid}/dismiss`)
      .type("form")
      .send({ _csrf: csrfFrom(queue.text), target: "answer" });
    expect(res.status).to.equal(303);
    expect(
      (await ctx.db("qa_reports").where({ question_id: qid, target: "answer" }).first()).resolution,
    ).to.equal("dismissed");
    await report(askerAgent, qid, { target: "answer", reason: "misleading" });
    queue = await adminAgent.get("/admin/qa");
    res = await adminAgent
      .post(`/admin/qa/${qid}/hide`)
      .type("form")
      .send({ _csrf: csrfFrom(queue.text), target: "answer", reason: "Off-topic" });
    expect(res.status).to.equal(303);
    const page = await browser(ctx.app).get(`/projects/${project.id}`);
    expect(page.text).to.include("You are all scammers").and.not.include("our registration");
    expect(page.text).to.include(escapeHtml(en("comms.qa.answerHidden")));
    expect((await auditTrail(ctx.db, "question", qid)).map((a) => a.action)).to.deep.equal([
      "qa.hide_question",
      "qa.restore_question",
      "qa.dismiss_answer_reports",
      "qa.hide_answer",
    ]);
  });

  it("moderation is for admins only; bad ids and targets are 404 or 422, never 500", async () => {
    const page = await askerAgent.get("/account");
    const token = csrfFrom(page.text);
    expect((await askerAgent.get("/admin/qa")).status).to.equal(403);
    expect(
      (
        await askerAgent
          .post("/admin/qa/1/hide")
          .type("form")
          .send({ _csrf: token, target: "question", reason: "x" })
      ).status,
    ).to.equal(403);
    expect((await browser(ctx.app).get("/admin/qa")).status).to.equal(303);
    const adminPage = await adminAgent.get("/admin/qa");
    const adminToken = csrfFrom(adminPage.text);
    for (const [url, body] of [
      ["/admin/qa/abc/hide", { target: "question", reason: "x" }],
      ["/admin/qa/99999999/hide", { target: "question", reason: "x" }],
      ["/admin/qa/99999999/dismiss", { target: "question" }],
      ["/admin/qa/99999999/restore", { target: "answer" }],
    ] as const) {
      expect(
        (
          await adminAgent
            .post(url)
            .type("form")
            .send({ _csrf: adminToken, ...body })
        ).status,
        url,
      ).to.equal(404);
    }
    expect(
      (await adminAgent.post("/admin/qa/1/dismiss").type("form").send({ _csrf: adminToken, target: "poll" }))
        .status,
    ).to.equal(422);
  });
});

describe("rate limits on asking and reporting", () => {
  let ctx: TestContext;

  before(async () => {
    ctx = await createTestContext({ RATE_LIMIT_QUESTIONS: "2", RATE_LIMIT_QA_REPORTS: "1" });
  });
  after(() => ctx.close());

  it("refuses the third question and the second report in a window with a page in the user's language (429)", async () => {
    const creator = await createUser(ctx.db);
    const project = await createProject(ctx.db, { creatorId: creator.id, state: "live" });
    const user = await createUser(ctx.db);
    const agent = browser(ctx.app).set("Accept-Language", "zh-CN");
    await signIn(agent, user.email);
    const page = await agent.get(`/projects/${project.id}`);
    const token = csrfFrom(page.text);
    const post = (body: string) =>
      agent.post(`/projects/${project.id}/questions`).type("form").send({ _csrf: token, body });
    expect((await post("One?")).status).to.equal(303);
    expect((await post("Two?")).status).to.equal(303);
    const third = await post("Three?");
    expect(third.status).to.equal(429);
    expect(third.text).to.include(escapeHtml(zh("errors.rateLimited.title")));
    expect(await ctx.db("project_questions")).to.have.length(2);
    const [q] = await ctx.db("project_questions").limit(1);
    const report = () =>
      agent
        .post(`/projects/${project.id}/questions/${q.id}/report`)
        .type("form")
        .send({ _csrf: token, target: "question", reason: "spam" });
    expect((await report()).status).to.equal(303);
    expect((await report()).status).to.equal(429);
  });
});
