import { expect } from "chai";
import supertest from "supertest";
import { translator } from "../../server/i18n/index.ts";
import { findUserByEmail, updateUser } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import {
  browser,
  cookieValue,
  csrfFrom,
  escapeHtml,
  inputValue,
  registerUser,
  STRONG_PASSWORD,
  signIn,
  signOut,
  uniqueEmail,
} from "../support/http.ts";

const en = translator("en");

describe("sign in and sign out", () => {
  let ctx: TestContext;
  let account: { name: string; email: string; password: string };
  before(async () => {
    ctx = await createTestContext();
    const agent = browser(ctx.app);
    account = await registerUser(agent, { name: "Grace Hopper", password: "navy cobol compiler 1906" });
    await signOut(agent);
  });
  after(() => ctx.close());

  async function suspend(email: string) {
    const user = await findUserByEmail(ctx.db, email);
    await updateUser(ctx.db, user?.id as number, { status: "suspended" }, ctx.clock.now());
  }

  it("signs in, welcomes the user by name, and gives the session a new id", async () => {
    const agent = browser(ctx.app);
    const form = await agent.get("/login");
    const before = cookieValue(form, "sid");
    expect(before, "the login form starts a session for its CSRF token").to.be.a("string");
    const res = await agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrfFrom(form.text), email: account.email, password: account.password });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal("/account");
    const after = cookieValue(res, "sid");
    expect(after, "a new session cookie is set").to.be.a("string");
    expect(after).not.to.equal(before);

    const page = await agent.get("/account");
    expect(page.status).to.equal(200);
    expect(page.text).to.include(escapeHtml(en("auth.login.welcomeBack", { name: "Grace Hopper" })));

    // The pre-login session id is worth nothing now (no session fixation).
    const fixated = await supertest(ctx.app).get("/account").set("Cookie", `sid=${before}`);
    expect(fixated.status).to.equal(303);
  });

  it("accepts the email in another case and with spaces around it", async () => {
    const res = await signIn(browser(ctx.app), `  ${account.email.toUpperCase()}  `, account.password);
    expect(res.status).to.equal(303);
  });

  it("gives a wrong password and an unknown email the same status and the same generic message", async () => {
    const wrong = await signIn(browser(ctx.app), account.email, "not the right password");
    const unknown = await signIn(browser(ctx.app), uniqueEmail("nobody"), "not the right password");
    for (const res of [wrong, unknown]) {
      expect(res.status).to.equal(401);
      expect(res.text).to.include(
        `<div class="flash flash-error" role="alert">${escapeHtml(en("auth.login.invalid"))}</div>`,
      );
      expect(res.text).not.to.include("not the right password");
      expect(inputValue(res.text, "password")).to.equal("");
    }
    expect(inputValue(wrong.text, "email")).to.equal(account.email);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, "");
    expect(strip(wrong.text)).to.equal(strip(unknown.text));
  });

  it("does not count a password that differs only in case", async () => {
    const res = await signIn(browser(ctx.app), account.email, account.password.toUpperCase());
    expect(res.status).to.equal(401);
  });

  it("refuses an empty form with field errors, not a sign-in attempt", async () => {
    const res = await signIn(browser(ctx.app), "", "");
    expect(res.status).to.equal(422);
    expect(res.text).to.include(`id="f-email-error">${escapeHtml(en("validation.required"))}`);
    expect(res.text).to.include(`id="f-password-error">${escapeHtml(en("validation.required"))}`);
  });

  describe("a suspended account", () => {
    let suspended: { email: string; password: string };
    let signedIn: ReturnType<typeof browser>;
    before(async () => {
      signedIn = browser(ctx.app);
      suspended = await registerUser(signedIn, { name: "Mallory Suspended" });
      expect((await signedIn.get("/account")).status).to.equal(200);
      await suspend(suspended.email);
    });

    it("cannot sign in, and is told the account is suspended only with the right password", async () => {
      const res = await signIn(browser(ctx.app), suspended.email, suspended.password);
      expect(res.status).to.equal(403);
      expect(res.text).to.include(escapeHtml(en("auth.login.suspended")));
      expect(cookieValue(res, "sid")).to.equal(undefined);

      const guess = await signIn(browser(ctx.app), suspended.email, "a wrong password guess");
      expect(guess.status).to.equal(401);
      expect(guess.text).to.include(escapeHtml(en("auth.login.invalid")));
      expect(guess.text).not.to.include(escapeHtml(en("auth.login.suspended")));
    });

    it("is signed out of the session it already had", async () => {
      const res = await signedIn.get("/account");
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal("/login?returnTo=%2Faccount");
      const home = await signedIn.get("/");
      expect(home.text).to.include(escapeHtml(en("nav.signIn")));
      expect(home.text).not.to.include(escapeHtml(en("nav.signOut")));
    });

    it("cannot request a password reset", async () => {
      const before = ctx.mail.length;
      const agent = browser(ctx.app);
      const page = await agent.get("/password/forgot");
      const res = await agent
        .post("/password/forgot")
        .type("form")
        .send({ _csrf: csrfFrom(page.text), email: suspended.email });
      expect(res.status).to.equal(303);
      expect(ctx.mail.length).to.equal(before);
    });
  });

  describe("signing out", () => {
    it("ends the session and says so", async () => {
      const agent = browser(ctx.app);
      await signIn(agent, account.email, account.password);
      const oldSid = cookieValue(await agent.get("/account"), "sid");
      const res = await signOut(agent);
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal("/");
      const home = await agent.get("/");
      expect(home.text).to.include(escapeHtml(en("auth.logout.done")));
      expect((await agent.get("/account")).status).to.equal(303);
      if (oldSid) {
        const replay = await supertest(ctx.app).get("/account").set("Cookie", `sid=${oldSid}`);
        expect(replay.status).to.equal(303);
      }
    });

    it("requires the CSRF token: without it the user stays signed in", async () => {
      const agent = browser(ctx.app);
      await signIn(agent, account.email, account.password);
      const res = await agent.post("/logout").type("form").send({});
      expect(res.status).to.equal(403);
      expect((await agent.get("/account")).status).to.equal(200);
    });

    it("is not offered as a link (a GET never signs out)", async () => {
      const agent = browser(ctx.app);
      await signIn(agent, account.email, account.password);
      const res = await agent.get("/logout");
      expect(res.status).to.equal(404);
      expect((await agent.get("/account")).status).to.equal(200);
    });
  });

  describe("coming back to the page that needed a sign-in", () => {
    it("sends an anonymous visitor of /account to the login page with a returnTo and a message", async () => {
      const agent = browser(ctx.app);
      const res = await agent.get("/account?tab=password");
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal("/login?returnTo=%2Faccount%3Ftab%3Dpassword");
      const login = await agent.get(res.headers.location as string);
      expect(login.text).to.include(escapeHtml(en("auth.signInRequired")));
      expect(inputValue(login.text, "returnTo")).to.equal("/account?tab=password");
      const signedIn = await agent
        .post("/login")
        .type("form")
        .send({
          _csrf: csrfFrom(login.text),
          email: account.email,
          password: account.password,
          returnTo: "/account?tab=password",
        });
      expect(signedIn.status).to.equal(303);
      expect(signedIn.headers.location).to.equal("/account?tab=password");
    });

    it("keeps the returnTo when the first attempt fails", async () => {
      const agent = browser(ctx.app);
      const login = await agent.get("/login?returnTo=%2Faccount");
      const res = await agent
        .post("/login")
        .type("form")
        .send({
          _csrf: csrfFrom(login.text),
          email: account.email,
          password: "wrong password here",
          returnTo: "/account",
        });
      expect(res.status).to.equal(401);
      expect(inputValue(res.text, "returnTo")).to.equal("/account");
    });

    for (const returnTo of [
      "//evil.example",
      "https://evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      it(`never follows returnTo=${returnTo} off the site`, async () => {
        const agent = browser(ctx.app);
        const login = await agent.get(`/login?returnTo=${encodeURIComponent(returnTo)}`);
        expect(inputValue(login.text, "returnTo")).to.equal(undefined);
        const res = await agent
          .post("/login")
          .type("form")
          .send({ _csrf: csrfFrom(login.text), email: account.email, password: account.password, returnTo });
        expect(res.status).to.equal(303);
        expect(res.headers.location).to.equal("/account");
      });
    }

    it("does not let a POST to /account/password through anonymously", async () => {
      const agent = browser(ctx.app);
      const page = await agent.get("/login");
      const res = await agent
        .post("/account/password")
        .type("form")
        .send({
          _csrf: csrfFrom(page.text),
          currentPassword: "x",
          newPassword: STRONG_PASSWORD,
          newPasswordConfirm: STRONG_PASSWORD,
        });
      expect(res.status).to.equal(403);
      expect(res.text).to.include(escapeHtml(en("auth.signInRequired")));
    });
  });
});
