import { expect } from "chai";
import { translator } from "../../server/i18n/index.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import {
  browser,
  escapeHtml,
  registerUser,
  STRONG_PASSWORD,
  signIn,
  signOut,
  submitForm,
  uniqueEmail,
} from "../support/http.ts";

const en = translator("en");
const zh = translator("zh-CN");

function expectLimited(
  res: { status: number; text: string; headers: Record<string, unknown> },
  minutes = 15,
) {
  expect(res.status).to.equal(429);
  expect(res.text).to.include(escapeHtml(en("errors.rateLimited.title")));
  expect(res.text).to.include(escapeHtml(en("errors.rateLimited.message", { minutes })));
  expect(res.text).to.include(escapeHtml(en("errors.back")));
  expect(res.headers.ratelimit, "RateLimit header").to.be.a("string");
}

describe("rate limits", () => {
  describe("sign-in (RATE_LIMIT_LOGIN=3)", () => {
    let ctx: TestContext;
    let account: { email: string; password: string };
    before(async () => {
      ctx = await createTestContext({ RATE_LIMIT_LOGIN: "3" });
      const agent = browser(ctx.app);
      account = await registerUser(agent);
      await signOut(agent);
    });
    after(() => ctx.close());

    it("does not count successful sign-ins", async () => {
      for (let i = 0; i < 4; i++) {
        const res = await signIn(browser(ctx.app), account.email, account.password);
        expect(res.status, `sign-in ${i + 1}`).to.equal(303);
      }
    });

    it("allows 3 failed attempts, then answers 429 with a translated page, even for the right password", async () => {
      for (let i = 1; i <= 3; i++) {
        const res = await signIn(browser(ctx.app), account.email, `wrong password ${i}`);
        expect(res.status, `attempt ${i}`).to.equal(401);
      }
      expectLimited(await signIn(browser(ctx.app), account.email, "wrong password 4"));
      expectLimited(await signIn(browser(ctx.app), account.email, account.password));

      const chinese = await signIn(browser(ctx.app).set("Accept-Language", "zh-CN"), account.email, "wrong");
      expect(chinese.status).to.equal(429);
      expect(chinese.text).to.include(zh("errors.rateLimited.title"));
      expect(chinese.text).to.include(zh("errors.rateLimited.message", { minutes: 15 }));
    });

    it("does not limit other pages", async () => {
      expect((await browser(ctx.app).get("/login")).status).to.equal(200);
      expect((await browser(ctx.app).get("/")).status).to.equal(200);
    });
  });

  describe("registration (RATE_LIMIT_REGISTER=2, window 60 s)", () => {
    let ctx: TestContext;
    before(async () => {
      ctx = await createTestContext({ RATE_LIMIT_REGISTER: "2", RATE_LIMIT_WINDOW_SECONDS: "60" });
    });
    after(() => ctx.close());

    it("counts successes too and refuses the 3rd account from one address", async () => {
      await registerUser(browser(ctx.app));
      const failed = await submitForm(browser(ctx.app), "/register", "/register", {
        name: "",
        email: "",
        password: "",
      });
      expect(failed.status).to.equal(422);
      const third = await submitForm(browser(ctx.app), "/register", "/register", {
        name: "Third",
        email: uniqueEmail(),
        password: STRONG_PASSWORD,
      });
      expectLimited(third, 1);
    });
  });

  describe("password reset (RATE_LIMIT_PASSWORD_RESET=2)", () => {
    let ctx: TestContext;
    let account: { email: string };
    before(async () => {
      ctx = await createTestContext({ RATE_LIMIT_PASSWORD_RESET: "2" });
      account = await registerUser(browser(ctx.app));
    });
    after(() => ctx.close());

    it("sends at most 2 reset mails per window and refuses the 3rd request", async () => {
      const request = () =>
        submitForm(browser(ctx.app), "/password/forgot", "/password/forgot", { email: account.email });
      const before = ctx.mail.length;
      expect((await request()).status).to.equal(303);
      expect((await request()).status).to.equal(303);
      expectLimited(await request());
      expect(ctx.mail.length - before).to.equal(2);
    });

    it("shares that budget with submitting new passwords through reset links (token guessing)", async () => {
      const res = await submitForm(browser(ctx.app), "/password/forgot", "/password/reset/guess", {
        password: STRONG_PASSWORD,
        passwordConfirm: STRONG_PASSWORD,
      });
      expectLimited(res);
    });
  });
});
