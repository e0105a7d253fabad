import { expect } from "chai";
import supertest from "supertest";
import { translator } from "../../server/i18n/index.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import {
  type Agent,
  browser,
  cookieValue,
  escapeHtml,
  registerUser,
  signIn,
  signOut,
  submitForm,
} from "../support/http.ts";

const en = translator("en");

describe("changing the password", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  async function newAccount() {
    const agent = browser(ctx.app);
    const account = await registerUser(agent, {
      name: "Katherine Johnson",
      password: "orbital mechanics 1962",
    });
    return { agent, account };
  }
  const change = (agent: Agent, fields: Record<string, string>) =>
    submitForm(agent, "/account", "/account/password", fields);

  function expectFieldError(res: { status: number; text: string }, field: string, key: string) {
    expect(res.status).to.equal(422);
    expect(res.text).to.include(`<p class="field-error" id="f-${field}-error">${escapeHtml(en(key))}</p>`);
  }

  it("shows the form with labels on the account page", async () => {
    const { agent } = await newAccount();
    const page = await agent.get("/account");
    for (const field of ["currentPassword", "newPassword", "newPasswordConfirm"]) {
      expect(page.text).to.include(`<label for="f-${field}">`);
    }
  });

  it("refuses a wrong current password, and echoes no password", async () => {
    const { agent } = await newAccount();
    const res = await change(agent, {
      currentPassword: "not my password at all",
      newPassword: "a brand new passphrase",
      newPasswordConfirm: "a brand new passphrase",
    });
    expectFieldError(res, "currentPassword", "validation.password.currentWrong");
    expect(res.text).not.to.include("not my password at all");
    expect(res.text).not.to.include("a brand new passphrase");
  });

  it("refuses a confirmation that does not match", async () => {
    const { agent, account } = await newAccount();
    const res = await change(agent, {
      currentPassword: account.password,
      newPassword: "a brand new passphrase",
      newPasswordConfirm: "a brand new passphrasf",
    });
    expectFieldError(res, "newPasswordConfirm", "validation.password.mismatch");
  });

  const weak: [string, string][] = [
    ["short pw", "validation.password.tooShort"],
    ["qwertyuiop", "validation.password.common"],
    ["katherine johnson rocks", "validation.password.containsIdentity"],
  ];
  for (const [password, key] of weak) {
    it(`refuses a weak new password (${key.split(".").at(-1)})`, async () => {
      const { agent, account } = await newAccount();
      const res = await change(agent, {
        currentPassword: account.password,
        newPassword: password,
        newPasswordConfirm: password,
      });
      expectFieldError(res, "newPassword", key);
      // Nothing changed: the old password still works.
      expect((await signIn(browser(ctx.app), account.email, account.password)).status).to.equal(303);
    });
  }

  it("refuses an empty form with 'required' on each field", async () => {
    const { agent } = await newAccount();
    const res = await change(agent, { currentPassword: "", newPassword: "", newPasswordConfirm: "" });
    expectFieldError(res, "currentPassword", "validation.required");
    expectFieldError(res, "newPassword", "validation.required");
  });

  it("changes it: old password fails, new one works, a mail tells the owner, the session id changes", async () => {
    const { agent, account } = await newAccount();
    const before = cookieValue(await agent.get("/account"), "sid");
    const mailsBefore = ctx.mail.length;
    const res = await change(agent, {
      currentPassword: account.password,
      newPassword: "a brand new passphrase",
      newPasswordConfirm: "a brand new passphrase",
    });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal("/account");
    const after = cookieValue(res, "sid");
    expect(after).to.be.a("string").and.not.equal(before);

    const page = await agent.get("/account");
    expect(page.status, "still signed in").to.equal(200);
    expect(page.text).to.include(escapeHtml(en("account.password.changed")));

    const mails = ctx.mail.slice(mailsBefore);
    expect(mails).to.have.length(1);
    expect(mails[0]?.to).to.equal(account.email);
    expect(mails[0]?.subject).to.equal(en("mail.passwordChanged.subject"));
    expect(mails[0]?.text).to.include("http://localhost:3000/password/forgot");
    expect(mails[0]?.text).not.to.include("a brand new passphrase");

    // Whoever held the old session cookie is out.
    const stolen = await supertest(ctx.app).get("/account").set("Cookie", `sid=${before}`);
    expect(stolen.status).to.equal(303);

    await signOut(agent);
    expect((await signIn(browser(ctx.app), account.email, account.password)).status).to.equal(401);
    expect((await signIn(browser(ctx.app), account.email, "a brand new passphrase")).status).to.equal(303);
  });

  it("signs out the account's other sessions, and keeps the one that changed it", async () => {
    const { agent, account } = await newAccount();
    const elsewhere = browser(ctx.app);
    expect((await signIn(elsewhere, account.email, account.password)).status).to.equal(303);
    expect((await elsewhere.get("/account")).status).to.equal(200);
    const res = await change(agent, {
      currentPassword: account.password,
      newPassword: "a brand new passphrase",
      newPasswordConfirm: "a brand new passphrase",
    });
    expect(res.status).to.equal(303);
    expect((await agent.get("/account")).status).to.equal(200);
    const other = await elsewhere.get("/account");
    expect(other.status).to.equal(303);
    expect(other.headers.location).to.equal("/login?returnTo=%2Faccount");
  });
});
