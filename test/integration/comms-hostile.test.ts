import { expect } from "chai";
import type { User } from "../../server/store/users.ts";
import { addPledge } from "../support/comms-factory.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, csrfFrom } from "../support/http.ts";
import { addTier, createProject, createUser, signIn } from "../support/project-factory.ts";

/** Forms of this area fed what browsers never send: repeated fields, wrong types, huge values, bad ids. */
describe("comms forms: hostile input gets a 4xx, never a 500", () => {
  let ctx: TestContext;
  let creator: User;
  let creatorAgent: Agent;
  let adminAgent: Agent;
  let projectId: number;
  let fundedId: number;
  let tierId: number;
  let questionId: number;
  let token: string;
  let adminToken: string;

  before(async () => {
    ctx = await createTestContext();
    creator = await createUser(ctx.db);
    projectId = (await createProject(ctx.db, { creatorId: creator.id, state: "live" })).id;
    fundedId = (await createProject(ctx.db, { creatorId: creator.id, state: "succeeded" })).id;
    tierId = await addTier(ctx.db, fundedId);
    await addPledge(ctx.db, { projectId: fundedId, backerId: creator.id, tierId });
    creatorAgent = browser(ctx.app);
    await signIn(creatorAgent, creator.email);
    token = csrfFrom((await creatorAgent.get("/account")).text);
    await creatorAgent
      .post(`/projects/${projectId}/questions`)
      .type("form")
      .send({ _csrf: token, body: "Is it safe?" });
    questionId = (await ctx.db("project_questions").first("id")).id;
    const admin = await createUser(ctx.db, { role: "admin" });
    adminAgent = browser(ctx.app);
    await signIn(adminAgent, admin.email);
    adminToken = csrfFrom((await adminAgent.get("/account")).text);
  });
  after(() => ctx.close());

  const form = (agent: Agent, url: string, raw: string) => agent.post(url).type("form").send(raw);

  it("repeated and malformed fields in the Q&A, delivery, preference and moderation forms", async () => {
    const t = encodeURIComponent(token);
    const cases: [string, string, number[]][] = [
      [`/projects/${projectId}/questions`, `_csrf=${t}&body=a&body=b`, [422]],
      [`/projects/${projectId}/questions`, `_csrf=${t}&body[x]=1`, [422]],
      [`/projects/${projectId}/questions/${questionId}/answer`, `_csrf=${t}&answer=a&answer=b`, [422]],
      [
        `/projects/${projectId}/questions/${questionId}/report`,
        `_csrf=${t}&target=question&reason=spam&reason=abuse`,
        [422],
      ],
      [`/projects/${projectId}/questions/${questionId}/report`, `_csrf=${t}&target=poll&reason=spam`, [422]],
      [
        `/projects/${projectId}/questions/${questionId}/report`,
        `_csrf=${t}&target=answer&reason=spam`,
        [404],
      ],
      [`/projects/${fundedId}/delivery/${tierId}`, `_csrf=${t}&status=shipping&status=delivered`, [422]],
      [`/projects/${fundedId}/delivery/${tierId}`, `_csrf=${t}`, [422]],
      [`/projects/${fundedId}/delivery/99999999999999999999`, `_csrf=${t}&status=shipping`, [404]],
      ["/account/notifications", `_csrf=${t}&project_update=1&project_update=1`, [303]],
      ["/notifications/1/read", `_csrf=${t}&returnTo=//evil.example`, [303, 404]],
      ["/notifications/read-all", `_csrf=${t}`, [303]],
    ];
    for (const [url, raw, statuses] of cases) {
      const res = await form(creatorAgent, url, raw);
      expect(res.status, `${url} ${raw}`).to.be.oneOf(statuses);
      if (res.status === 303) expect(res.headers.location, url).to.match(/^\/(?!\/)/);
    }
    const a = encodeURIComponent(adminToken);
    for (const [url, raw] of [
      [`/admin/qa/${questionId}/hide`, `_csrf=${a}&target=question&reason=x&reason=y`],
      [`/admin/qa/${questionId}/hide`, `_csrf=${a}&target=question&target=answer&reason=x`],
      [`/admin/qa/${questionId}/dismiss`, `_csrf=${a}`],
      ["/admin/outbox/abc/retry", `_csrf=${a}`],
    ]) {
      const res = await form(adminAgent, url as string, raw as string);
      expect(res.status, `${url} ${raw}`).to.be.within(400, 499);
    }
  });

  it("multipart update posts: repeated fields, extra files, oversized fields, missing parts", async () => {
    const url = `/projects/${projectId}/updates?_csrf=${encodeURIComponent(token)}`;
    const twoTitles = await creatorAgent
      .post(url)
      .field("title", "a")
      .field("title", "b")
      .field("body", "text")
      .field("visibility", "public");
    expect(twoTitles.status).to.equal(422);
    const twoFiles = await creatorAgent
      .post(url)
      .field("title", "a")
      .field("body", "text")
      .field("visibility", "public")
      .attach("image", Buffer.from("x"), "a.png")
      .attach("image", Buffer.from("y"), "b.png");
    expect(twoFiles.status).to.equal(400);
    const wrongName = await creatorAgent
      .post(url)
      .field("title", "a")
      .attach("cover", Buffer.from("x"), "a.png");
    expect(wrongName.status).to.equal(400);
    const huge = await creatorAgent
      .post(url)
      .field("title", "a")
      .field("body", "x".repeat(200 * 1024))
      .field("visibility", "public");
    expect(huge.status).to.equal(400);
    const empty = await creatorAgent.post(url).field("nothing", "");
    expect(empty.status).to.equal(422);
    const notMultipart = await creatorAgent
      .post(`/projects/${projectId}/updates`)
      .type("form")
      .send({ _csrf: token, title: "t", body: "b", visibility: "public" });
    expect(notMultipart.status).to.be.within(200, 499);
    expect(await ctx.db("project_updates").where({ title: "a" })).to.have.length(0);
  });

  it("JSON bodies and missing CSRF tokens are refused", async () => {
    const res = await creatorAgent
      .post(`/projects/${projectId}/questions`)
      .set("Content-Type", "application/json")
      .send('{"body":"hi"}');
    expect(res.status).to.equal(403);
    expect((await creatorAgent.post("/notifications/read-all").type("form").send({})).status).to.equal(403);
  });

  it("logged no unhandled error", () => {
    expect(ctx.logs()).to.not.include("unhandled error");
  });
});
