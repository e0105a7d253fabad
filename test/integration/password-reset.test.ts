import { expect } from "chai";
import { translator } from "../../server/i18n/index.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import {
  browser,
  csrfFrom,
  escapeHtml,
  registerUser,
  STRONG_PASSWORD,
  signIn,
  signOut,
  submitForm,
  uniqueEmail,
} from "../support/http.ts";

const en = translator("en");
const TTL_MINUTES = 30;

describe("password reset", () => {
  let ctx: TestContext;
  let account: { name: string; email: string; password: string };
  before(async () => {
    ctx = await createTestContext({ PASSWORD_RESET_TTL_MINUTES: String(TTL_MINUTES) });
    const agent = browser(ctx.app);
    account = await registerUser(agent, { name: "Hedy Lamarr" });
    await signOut(agent);
  });
  after(() => ctx.close());

  /** Asks for a reset link as a visitor would, and returns the token from the mail. */
  async function requestReset(email = account.email): Promise<string> {
    const before = ctx.mail.length;
    const res = await submitForm(browser(ctx.app), "/password/forgot", "/password/forgot", { email });
    expect(res.status).to.equal(303);
    const mail = ctx.mail.slice(before).find((m) => m.to === email);
    const token = mail?.text.match(/http:\/\/localhost:3000\/password\/reset\/([A-Za-z0-9_-]+)/)?.[1];
    if (!token) throw new Error("no reset link in the mail");
    return token;
  }

  async function setPassword(token: string, password: string, confirm = password) {
    const agent = browser(ctx.app);
    return submitForm(agent, `/password/reset/${token}`, `/password/reset/${token}`, {
      password,
      passwordConfirm: confirm,
    });
  }

  it("mails a single-use link valid for the configured time, in the user's name", async () => {
    const before = ctx.mail.length;
    const agent = browser(ctx.app);
    const res = await submitForm(agent, "/password/forgot", "/password/forgot", {
      email: ` ${account.email.toUpperCase()} `,
    });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal("/login");
    expect((await agent.get("/login")).text).to.include(escapeHtml(en("auth.forgot.sent")));
    const mails = ctx.mail.slice(before);
    expect(mails).to.have.length(1);
    expect(mails[0]?.to).to.equal(account.email);
    expect(mails[0]?.subject).to.equal(en("mail.passwordReset.subject"));
    expect(mails[0]?.text).to.include("Hello Hedy Lamarr");
    expect(mails[0]?.text).to.include(`within ${TTL_MINUTES} minutes`);
    expect(mails[0]?.text).to.match(/\nhttp:\/\/localhost:3000\/password\/reset\/[A-Za-z0-9_-]{43}\n/);
  });

  it("answers an unknown email exactly like a known one, and sends nothing", async () => {
    const known = browser(ctx.app);
    const unknown = browser(ctx.app);
    const before = ctx.mail.length;
    const a = await submitForm(known, "/password/forgot", "/password/forgot", { email: account.email });
    const afterKnown = ctx.mail.length;
    const b = await submitForm(unknown, "/password/forgot", "/password/forgot", {
      email: uniqueEmail("ghost"),
    });
    expect(afterKnown - before).to.equal(1);
    expect(ctx.mail.length, "no mail for an unknown address").to.equal(afterKnown);
    expect(b.status).to.equal(a.status);
    expect(b.headers.location).to.equal(a.headers.location);
    const pageA = (await known.get("/login")).text.replace(/value="[^"]*"/g, "");
    const pageB = (await unknown.get("/login")).text.replace(/value="[^"]*"/g, "");
    expect(pageB).to.equal(pageA);
  });

  it("refuses a malformed email with a field error", async () => {
    const res = await submitForm(browser(ctx.app), "/password/forgot", "/password/forgot", { email: "nope" });
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml(en("validation.email.invalid")));
  });

  it("sets a new password once: the link then stops working, the old password fails, the new one works", async () => {
    const token = await requestReset();
    const form = await browser(ctx.app).get(`/password/reset/${token}`);
    expect(form.status).to.equal(200);
    expect(form.text).to.include('<label for="f-password">');
    expect(form.text).to.include('<label for="f-passwordConfirm">');

    const newPassword = "radio frequency hopping";
    const res = await setPassword(token, newPassword);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal("/login");

    const again = await browser(ctx.app).get(`/password/reset/${token}`);
    expect(again.status).to.equal(410);
    expect(again.text).to.include(escapeHtml(en("auth.reset.invalidLink")));
    expect(again.text).to.include('href="/password/forgot"');
    // Posting to a used link is refused too (a form left open in another tab).
    const agent = browser(ctx.app);
    const token2 = csrfFrom((await agent.get("/password/forgot")).text);
    const reuse = await agent
      .post(`/password/reset/${token}`)
      .type("form")
      .send({ _csrf: token2, password: "yet another passphrase", passwordConfirm: "yet another passphrase" });
    expect(reuse.status).to.equal(410);

    expect((await signIn(browser(ctx.app), account.email, account.password)).status).to.equal(401);
    expect((await signIn(browser(ctx.app), account.email, "yet another passphrase")).status).to.equal(401);
    expect((await signIn(browser(ctx.app), account.email, newPassword)).status).to.equal(303);
    account.password = newPassword;
  });

  it("signs out every session of the account, e.g. one an intruder had", async () => {
    const intruder = browser(ctx.app);
    expect((await signIn(intruder, account.email, account.password)).status).to.equal(303);
    expect((await intruder.get("/account")).status).to.equal(200);
    const token = await requestReset();
    expect((await setPassword(token, "locked out intruder phrase")).status).to.equal(303);
    account.password = "locked out intruder phrase";
    const res = await intruder.get("/account");
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal("/login?returnTo=%2Faccount");
  });

  it("ends every other outstanding link of the user when one is used", async () => {
    const first = await requestReset();
    const second = await requestReset();
    expect((await setPassword(second, "second link passphrase")).status).to.equal(303);
    expect((await browser(ctx.app).get(`/password/reset/${first}`)).status).to.equal(410);
    account.password = "second link passphrase";
  });

  it("still works one minute before it expires", async () => {
    const token = await requestReset();
    ctx.clock.advance((TTL_MINUTES - 1) * 60_000);
    expect((await browser(ctx.app).get(`/password/reset/${token}`)).status).to.equal(200);
  });

  it("refuses an expired link with 410, on the form and on submit", async () => {
    const token = await requestReset();
    ctx.clock.advance((TTL_MINUTES + 1) * 60_000);
    const page = await browser(ctx.app).get(`/password/reset/${token}`);
    expect(page.status).to.equal(410);
    expect(page.text).to.include(escapeHtml(en("auth.reset.invalidLink")));
    expect(page.text).not.to.include('name="password"');

    const agent = browser(ctx.app);
    const csrf = csrfFrom((await agent.get("/password/forgot")).text);
    const res = await agent
      .post(`/password/reset/${token}`)
      .type("form")
      .send({ _csrf: csrf, password: "too late passphrase", passwordConfirm: "too late passphrase" });
    expect(res.status).to.equal(410);
    expect((await signIn(browser(ctx.app), account.email, "too late passphrase")).status).to.equal(401);
  });

  it("refuses a made-up token with 410", async () => {
    expect((await browser(ctx.app).get("/password/reset/not-a-real-token")).status).to.equal(410);
    expect((await browser(ctx.app).get(`/password/reset/${"A".repeat(43)}`)).status).to.equal(410);
  });

  it("refuses a mismatched confirmation and a weak password on the reset form, keeping the link usable", async () => {
    const token = await requestReset();
    const mismatch = await setPassword(token, "radio frequency hopping 2", "radio frequency hopping 3");
    expect(mismatch.status).to.equal(422);
    expect(mismatch.text).to.include(
      `id="f-passwordConfirm-error">${escapeHtml(en("validation.password.mismatch"))}`,
    );
    expect(mismatch.text).not.to.include("radio frequency hopping");

    const weak = await setPassword(token, "hedylamarr1");
    expect(weak.status).to.equal(422);
    expect(weak.text).to.include(escapeHtml(en("validation.password.containsIdentity")));

    expect((await setPassword(token, STRONG_PASSWORD)).status).to.equal(303);
    account.password = STRONG_PASSWORD;
  });

  it("never writes a reset token to the logs, even through the language switcher", async () => {
    const token = await requestReset();
    const agent = browser(ctx.app);
    const form = await agent.get(`/password/reset/${token}`);
    expect(form.status).to.equal(200);
    const switcher = form.text.match(/href="(\/language\/zh-CN\?returnTo=[^"]+)"/)?.[1];
    expect(switcher, "the page has a language switcher").to.be.a("string");
    const switched = await agent.get((switcher as string).replace(/&amp;/g, "&"));
    expect(switched.status).to.equal(303);
    expect(switched.headers.location).to.equal(`/password/reset/${token}`);
    await agent.get(switched.headers.location as string);
    expect((await setPassword(token, "switched language passphrase")).status).to.equal(303);
    account.password = "switched language passphrase";

    const logs = ctx.logs();
    expect(logs).to.include("/password/reset/[redacted]");
    expect(logs).to.include("/language/zh-CN?returnTo=");
    expect(logs).not.to.include(token);
  });
});
