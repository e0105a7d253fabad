import { expect } from "chai";
import type { User } from "../../server/store/users.ts";
import { addPledge } from "../support/comms-factory.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, csrfFrom } from "../support/http.ts";
import { createProject, createUser, signIn } from "../support/project-factory.ts";

/** Known XSS payloads (OWASP cheat sheet and friends), as Markdown or plain text. */
const PAYLOADS = [
  "<script>alert('xss-1')</script>",
  "<img src=x onerror=alert('xss-2')>",
  "<svg/onload=alert('xss-3')>",
  "[click me](javascript:alert('xss-4'))",
  "[click me](JaVaScRiPt:alert('xss-5'))",
  "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLTYnKTwvc2NyaXB0Pg==)",
  "<a href=\"javascript:alert('xss-7')\">x</a>",
  '<iframe src="https://evil.example/xss-8"></iframe>',
  "<div style=\"background:url(javascript:alert('xss-9'))\">styled</div>",
  "<body onload=alert('xss-10')>",
  '"><script>alert("xss-11")</script>',
  "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-12')>",
  "![img](x\" onerror=\"alert('xss-13'))",
  "<details open ontoggle=alert('xss-14')>",
  "<a href=\"&#106;avascript:alert('xss-15')\">entity</a>",
  "<form action=javascript:alert('xss-16')><button>go</button></form>",
  "<input autofocus onfocus=alert('xss-17')>",
  "<object data=\"javascript:alert('xss-18')\"></object>",
];

/**
 * What must never appear in a page built from user content: script-capable elements, event handler
 * or style attributes, and script URLs, in any real tag (escaped text such as "&lt;img onerror=" is
 * harmless text and is not a tag).
 */
function expectNoActiveContent(html: string, label: string) {
  const main = html.slice(html.indexOf('<main id="main"'), html.indexOf("</main>"));
  for (const [tag, name, attrs] of main.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g)) {
    expect(name?.toLowerCase(), `${label}: ${tag}`).to.not.be.oneOf([
      "script",
      "iframe",
      "object",
      "embed",
      "svg",
      "math",
      "style",
      "body",
      "details",
      "mglyph",
    ]);
    expect(attrs, `${label}: ${tag}`).to.not.match(/(^|\s)on[a-z]+\s*=/i);
    expect(attrs, `${label}: ${tag}`).to.not.match(/(^|\s)style\s*=/i);
    expect(attrs, `${label}: ${tag}`).to.not.match(
      /(href|src|action|data|formaction)\s*=\s*["']?\s*(javascript|vbscript|data:text)/i,
    );
    expect(attrs, `${label}: ${tag}`).to.not.match(/&#0*106;|&#x0*6a;/i);
    if (name?.toLowerCase() === "form" || name?.toLowerCase() === "input") {
      expect(attrs, `${label}: ${tag}`).to.not.match(/autofocus/i);
    }
  }
}

describe("Markdown and text cannot inject script (updates, questions, answers, notifications)", () => {
  let ctx: TestContext;
  let creator: User;
  let creatorAgent: Agent;
  let backer: User;
  let backerAgent: Agent;
  let projectId: number;

  before(async () => {
    ctx = await createTestContext();
    creator = await createUser(ctx.db);
    const project = await createProject(ctx.db, {
      creatorId: creator.id,
      state: "live",
      title: "<script>alert('title')</script>",
    });
    projectId = project.id;
    creatorAgent = browser(ctx.app);
    await signIn(creatorAgent, creator.email);
    backer = await createUser(ctx.db, { name: "<img src=x onerror=alert('name')>" });
    await addPledge(ctx.db, { projectId, backerId: backer.id });
    backerAgent = browser(ctx.app);
    await signIn(backerAgent, backer.email);
  });
  after(() => ctx.close());

  it("update titles and bodies are escaped or sanitized on the project page, the update page and in notifications", async () => {
    for (const [i, payload] of PAYLOADS.entries()) {
      const form = await creatorAgent.get(`/projects/${projectId}/updates/new`);
      const action = (form.text.match(/action="(\/projects\/\d+\/updates\?_csrf=[^"]+)"/)?.[1] ?? "").replace(
        /&amp;/g,
        "&",
      );
      const res = await creatorAgent
        .post(action)
        .field("title", `T${i} ${payload}`.slice(0, 150))
        .field("body", `Text ${i}\n\n${payload}`)
        .field("visibility", "public");
      expect(res.status, payload).to.equal(303);
      expectNoActiveContent(
        (await browser(ctx.app).get(res.headers.location as string)).text,
        `update page: ${payload}`,
      );
    }
    for (let page = 1; page <= 4; page++) {
      expectNoActiveContent(
        (await browser(ctx.app).get(`/projects/${projectId}?updates=${page}`)).text,
        `project page ${page}`,
      );
    }
    expectNoActiveContent((await backerAgent.get("/notifications")).text, "notification list");
    // The title is text: shown escaped, exactly as written.
    expect((await backerAgent.get("/notifications")).text).to.include(
      "&lt;script&gt;alert(&#39;xss-1&#39;)&lt;/script&gt;",
    );
  });

  it("questions are plain text and answers sanitized Markdown", async () => {
    for (const payload of PAYLOADS) {
      const page = await backerAgent.get(`/projects/${projectId}`);
      const asked = await backerAgent
        .post(`/projects/${projectId}/questions`)
        .type("form")
        .send({ _csrf: csrfFrom(page.text), body: payload });
      expect(asked.status, payload).to.equal(303);
      const qid = (await ctx.db("project_questions").max({ id: "id" }).first())?.id as number;
      const form = await creatorAgent.get(`/projects/${projectId}/questions/${qid}/answer`);
      expectNoActiveContent(form.text, `answer form: ${payload}`);
      const answered = await creatorAgent
        .post(`/projects/${projectId}/questions/${qid}/answer`)
        .type("form")
        .send({ _csrf: csrfFrom(form.text), answer: `Answer: ${payload}` });
      expect(answered.status, payload).to.equal(303);
      const report = await backerAgent.get(`/projects/${projectId}/questions/${qid}/report?target=answer`);
      expectNoActiveContent(report.text, `report page: ${payload}`);
    }
    for (let page = 1; page <= 2; page++) {
      expectNoActiveContent(
        (await browser(ctx.app).get(`/projects/${projectId}?questions=${page}`)).text,
        `Q&A page ${page}`,
      );
    }
    const shown = (await browser(ctx.app).get(`/projects/${projectId}`)).text;
    expect(shown).to.include("&lt;object data=");
    expectNoActiveContent((await creatorAgent.get("/notifications")).text, "creator's notifications");
    // The moderation queue shows reported content safely too.
    const qid = (await ctx.db("project_questions").max({ id: "id" }).first())?.id as number;
    const reportForm = await backerAgent.get(`/projects/${projectId}/questions/${qid}/report?target=answer`);
    await backerAgent
      .post(`/projects/${projectId}/questions/${qid}/report`)
      .type("form")
      .send({
        _csrf: csrfFrom(reportForm.text),
        target: "answer",
        reason: "other",
        note: PAYLOADS.join(" "),
      });
    const admin = await createUser(ctx.db, { role: "admin" });
    const adminAgent = browser(ctx.app);
    await signIn(adminAgent, admin.email);
    expectNoActiveContent((await adminAgent.get("/admin/qa")).text, "moderation queue");
    expectNoActiveContent((await adminAgent.get("/admin/outbox")).text, "outbox");
  });

  it("hostile names and titles in emails stay text (no HTML part is sent)", () => {
    const mail = ctx.mail.filter((m) => m.to === backer.email).at(-1);
    expect(mail?.text).to.include("<script>alert('title')</script>"); // plain text: the reader's client shows it as text
    expect(Object.keys(mail ?? {})).to.not.include("html");
  });
});
