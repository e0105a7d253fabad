import { expect } from "chai";
import { translator } from "../../server/i18n/index.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, csrfFrom, escapeHtml, registerUser, STRONG_PASSWORD } from "../support/http.ts";

const en = translator("en");
const zh = translator("zh-CN");

/** The POST routes of accounts, with a body that would otherwise be accepted. */
const postRoutes: [string, Record<string, string>][] = [
  ["/register", { name: "Csrf Victim", email: "victim@example.com", password: STRONG_PASSWORD }],
  ["/login", { email: "victim@example.com", password: STRONG_PASSWORD }],
  ["/logout", {}],
  ["/password/forgot", { email: "victim@example.com" }],
  ["/password/reset/some-token", { password: STRONG_PASSWORD, passwordConfirm: STRONG_PASSWORD }],
  [
    "/account/password",
    {
      currentPassword: STRONG_PASSWORD,
      newPassword: "attacker chosen pass",
      newPasswordConfirm: "attacker chosen pass",
    },
  ],
  ["/account/locale", { locale: "zh-CN" }],
  ["/a/path/that/does/not/exist", {}],
];

function expectCsrfPage(res: { status: number; text: string }, backUrl = "/") {
  expect(res.status).to.equal(403);
  expect(res.text).to.include(escapeHtml(en("errors.csrf.title")));
  expect(res.text).to.include(escapeHtml(en("errors.csrf.message")));
  expect(res.text).to.include(
    `<a class="button button-secondary" href="${backUrl}">${escapeHtml(en("errors.back"))}</a>`,
  );
}

describe("CSRF protection", () => {
  let ctx: TestContext;
  let agent: Agent;
  let token: string;
  before(async () => {
    ctx = await createTestContext();
    agent = browser(ctx.app);
    await registerUser(agent, { email: "victim@example.com" });
    token = csrfFrom((await agent.get("/account")).text);
  });
  after(() => ctx.close());

  for (const [path, fields] of postRoutes) {
    describe(`POST ${path}`, () => {
      it("without a token -> 403 page with a way back", async () => {
        const res = await agent.post(path).type("form").send(fields);
        expectCsrfPage(res);
      });

      it("with a wrong token -> 403", async () => {
        const res = await agent
          .post(path)
          .type("form")
          .send({ ...fields, _csrf: `${token.slice(0, -2)}xx` });
        expectCsrfPage(res);
      });

      it("with another session's token -> 403", async () => {
        const other = browser(ctx.app);
        const otherToken = csrfFrom((await other.get("/register")).text);
        const res = await agent
          .post(path)
          .type("form")
          .send({ ...fields, _csrf: otherToken });
        expectCsrfPage(res);
      });
    });
  }

  it("changed nothing: the account still has its password, its language and its session", async () => {
    const account = await agent.get("/account");
    expect(account.status).to.equal(200);
    expect(account.text).to.include('<option value="en" selected>');
    expect(ctx.mail.filter((m) => m.subject === en("mail.passwordChanged.subject"))).to.have.length(0);
  });

  it("refuses a cross-site form with no session cookie at all", async () => {
    const res = await browser(ctx.app)
      .post("/login")
      .type("form")
      .send({ email: "victim@example.com", password: "x" });
    expectCsrfPage(res);
  });

  it("refuses a multipart form without its token", async () => {
    const res = await agent.post("/account/locale").field("locale", "zh-CN").field("_csrf", token);
    expect(res.status).to.equal(403);
  });

  it("leads back to the form the user came from on this site, never to another site", async () => {
    const same = await agent
      .post("/account/locale")
      .set("Host", "localhost:3000")
      .set("Referer", "http://localhost:3000/account?tab=language")
      .type("form")
      .send({ locale: "zh-CN" });
    expectCsrfPage(same, "/account?tab=language");
    const foreign = await agent
      .post("/account/locale")
      .set("Host", "localhost:3000")
      .set("Referer", "https://evil.example/account")
      .type("form")
      .send({ locale: "zh-CN" });
    expectCsrfPage(foreign, "/");
  });

  it("is explained in the reader's language", async () => {
    const res = await agent
      .post("/account/locale")
      .set("Accept-Language", "zh-CN")
      .type("form")
      .send({ locale: "en" });
    expect(res.status).to.equal(403);
    expect(res.text).to.include(zh("errors.csrf.title"));
    expect(res.text).to.include(zh("errors.back"));
  });

  it("accepts the token in the X-CSRF-Token header (for scripts)", async () => {
    const res = await agent
      .post("/account/locale")
      .set("X-CSRF-Token", token)
      .type("form")
      .send({ locale: "zh-CN" });
    expect(res.status).to.equal(303);
    const account = await agent.get("/account");
    expect(account.text).to.include('<option value="zh-CN" selected>');
  });
});
