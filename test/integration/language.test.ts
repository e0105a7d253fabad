import { expect } from "chai";
import supertest from "supertest";
import { translator } from "../../server/i18n/index.ts";
import { findUserByEmail } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import {
  browser,
  cookieValue,
  csrfFrom,
  escapeHtml,
  registerUser,
  setCookieLine,
  signIn,
  signOut,
  submitForm,
} from "../support/http.ts";

const en = translator("en");
const zh = translator("zh-CN");

describe("language", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  /** The sign-in page: every string on it comes from the catalogs. */
  const page = (acceptLanguage?: string, cookie?: string) => {
    const req = supertest(ctx.app).get("/login");
    if (acceptLanguage) req.set("Accept-Language", acceptLanguage);
    if (cookie) req.set("Cookie", cookie);
    return req;
  };
  const expectChinese = (html: string) => {
    expect(html).to.include('<html lang="zh-CN">');
    expect(html).to.include(`<h1>${zh("auth.login.title")}</h1>`);
    expect(html).to.include(`<label for="f-password">${zh("auth.password")}</label>`);
    expect(html).to.include(zh("footer.risk"));
    expect(html).not.to.include(escapeHtml(en("footer.risk")));
  };
  const expectEnglish = (html: string) => {
    expect(html).to.include('<html lang="en">');
    expect(html).to.include(`<h1>${escapeHtml(en("auth.login.title"))}</h1>`);
    expect(html).to.include(`<label for="f-password">${escapeHtml(en("auth.password"))}</label>`);
    expect(html).not.to.include(zh("footer.risk"));
  };

  describe("from Accept-Language", () => {
    const table: [string | undefined, "en" | "zh-CN"][] = [
      [undefined, "en"],
      ["zh-CN", "zh-CN"],
      ["zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"],
      ["zh-Hans-CN", "zh-CN"],
      ["zh", "zh-CN"],
      ["en-GB,en;q=0.9", "en"],
      ["fr-FR", "en"],
      ["fr-FR,zh;q=0.5", "zh-CN"],
      ["en;q=0.4,zh-CN;q=0.8", "zh-CN"],
      ["*", "en"],
      ["garbage;;;q=x", "en"],
    ];
    for (const [header, expected] of table) {
      it(`${header ?? "(none)"} -> ${expected}`, async () => {
        const res = await page(header);
        expect(res.status).to.equal(200);
        if (expected === "zh-CN") expectChinese(res.text);
        else expectEnglish(res.text);
      });
    }
  });

  it("offers a switcher in the header with each language named in itself", async () => {
    const res = await supertest(ctx.app).get("/register?x=1");
    expect(res.text).to.include(
      'href="/language/zh-CN?returnTo=%2Fregister%3Fx%3D1" lang="zh-CN" hreflang="zh-CN"',
    );
    expect(res.text).to.include(">简体中文</a>");
    expect(res.text).to.include(">English</a>");
  });

  it("GET /language/zh-CN remembers the choice for a year and goes back to the page", async () => {
    const res = await supertest(ctx.app).get("/language/zh-CN?returnTo=%2Fregister%3Fx%3D1");
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal("/register?x=1");
    const line = setCookieLine(res, "lang") as string;
    expect(line).to.be.a("string");
    expect(cookieValue(res, "lang")).to.equal("zh-CN");
    expect(line).to.match(/Max-Age=31536000/);
    expect(line).to.match(/HttpOnly/);
    expect(line).to.match(/SameSite=Lax/);
    expect(line).to.match(/Path=\//);
  });

  it("the choice is kept across pages and beats Accept-Language", async () => {
    const agent = browser(ctx.app);
    await agent.get("/language/zh-CN?returnTo=%2F");
    expectChinese((await agent.get("/login").set("Accept-Language", "en-US,en;q=0.9")).text);
    expect((await agent.get("/register")).text).to.include(`<h1>${zh("auth.register.title")}</h1>`);
    await agent.get("/language/en?returnTo=%2F");
    expectEnglish((await agent.get("/login").set("Accept-Language", "zh-CN")).text);
  });

  for (const returnTo of [
    "//evil.example",
    "https://evil.example/x",
    "/\\evil.example",
    "javascript:alert(1)",
  ]) {
    it(`refuses returnTo=${returnTo} and goes home instead`, async () => {
      const res = await supertest(ctx.app).get(`/language/zh-CN?returnTo=${encodeURIComponent(returnTo)}`);
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal("/");
    });
  }

  it("the switcher on a form re-shown after a failed POST leads back to the form's page", async () => {
    const agent = browser(ctx.app);
    const account = await registerUser(agent);
    const form = await agent.get("/account");
    const res = await agent
      .post("/account/password")
      .set("Host", "localhost:3000")
      .set("Referer", "http://localhost:3000/account")
      .type("form")
      .send({
        _csrf: csrfFrom(form.text),
        currentPassword: "wrong one",
        newPassword: "x",
        newPasswordConfirm: "x",
      });
    expect(res.status).to.equal(422);
    const switcher = res.text.match(/href="(\/language\/zh-CN\?returnTo=[^"]+)"/)?.[1] as string;
    expect(switcher).to.equal("/language/zh-CN?returnTo=%2Faccount");
    const switched = await agent.get(switcher);
    expect(switched.headers.location).to.equal("/account");
    const page = await agent.get("/account");
    expect(page.status).to.equal(200);
    expect(page.text).to.include(`<h1>${zh("account.title")}</h1>`);
    expect(page.text).to.include(escapeHtml(account.email));
  });

  it("ignores an unsupported language without setting a cookie", async () => {
    const res = await supertest(ctx.app).get("/language/fr?returnTo=%2Flogin");
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal("/login");
    expect(setCookieLine(res, "lang")).to.equal(undefined);
  });

  it("ignores a forged cookie with an unsupported value", async () => {
    expectChinese((await page("zh-CN", "lang=xx")).text);
    expectEnglish((await page(undefined, "lang=%3Cscript%3E")).text);
  });

  it("translates form errors", async () => {
    const agent = browser(ctx.app).set("Accept-Language", "zh-CN");
    const res = await submitForm(agent, "/register", "/register", {
      name: "",
      email: "x",
      password: "short",
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.include(zh("form.errorSummary"));
    expect(res.text).to.include(zh("validation.required"));
    expect(res.text).to.include(zh("validation.email.invalid"));
    const weak = await submitForm(agent, "/register", "/register", {
      name: "李雷",
      email: "li@example.com",
      password: "short",
    });
    expect(weak.status).to.equal(422);
    expect(weak.text).to.include(zh("validation.password.tooShort"));
  });

  describe("mail", () => {
    it("is sent in the language the user registered in", async () => {
      const agent = browser(ctx.app).set("Accept-Language", "zh-CN");
      const account = await registerUser(agent, { name: "王芳" });
      const welcome = ctx.mail.at(-1);
      expect(welcome?.to).to.equal(account.email);
      expect(welcome?.subject).to.equal(zh("mail.welcome.subject"));
      expect(welcome?.text).to.include("王芳，您好");
      expect((await findUserByEmail(ctx.db, account.email))?.locale).to.equal("zh-CN");

      await submitForm(browser(ctx.app), "/password/forgot", "/password/forgot", { email: account.email });
      const reset = ctx.mail.at(-1);
      expect(reset?.subject).to.equal(zh("mail.passwordReset.subject"));
      expect(reset?.text).to.include("分钟内打开以下链接");
    });

    it("follows the language the user last signed in with", async () => {
      const agent = browser(ctx.app).set("Accept-Language", "zh-CN");
      const account = await registerUser(agent);
      await signOut(agent);
      await signIn(browser(ctx.app).set("Accept-Language", "en"), account.email, account.password);
      expect((await findUserByEmail(ctx.db, account.email))?.locale).to.equal("en");
      await submitForm(browser(ctx.app), "/password/forgot", "/password/forgot", { email: account.email });
      expect(ctx.mail.at(-1)?.subject).to.equal(en("mail.passwordReset.subject"));
    });

    it("follows the email language chosen in account settings", async () => {
      const agent = browser(ctx.app);
      const account = await registerUser(agent);
      const res = await submitForm(agent, "/account", "/account/locale", { locale: "zh-CN" });
      expect(res.status).to.equal(303);
      const page = await agent.get("/account");
      expect(page.text).to.include(escapeHtml(en("account.locale.saved")));
      expect(page.text).to.include('<option value="zh-CN" selected>');
      await submitForm(browser(ctx.app), "/password/forgot", "/password/forgot", { email: account.email });
      expect(ctx.mail.at(-1)?.subject).to.equal(zh("mail.passwordReset.subject"));
    });

    it("refuses an unsupported email language with a field error", async () => {
      const agent = browser(ctx.app);
      await registerUser(agent);
      const res = await submitForm(agent, "/account", "/account/locale", { locale: "fr" });
      expect(res.status).to.equal(422);
      expect(res.text).to.include(`id="f-locale-error">${escapeHtml(en("validation.invalid"))}`);
    });
  });
});
