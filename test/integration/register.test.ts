import { expect } from "chai";
import { translator } from "../../server/i18n/index.ts";
import { findUserByEmail } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import {
  browser,
  csrfFrom,
  escapeHtml,
  inputValue,
  registerUser,
  STRONG_PASSWORD,
  submitForm,
  uniqueEmail,
} from "../support/http.ts";

const en = translator("en");

describe("registration", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  const register = (fields: Record<string, string>) =>
    submitForm(browser(ctx.app), "/register", "/register", fields);

  it("shows a form with a label for every field and the password rules", async () => {
    const res = await browser(ctx.app).get("/register");
    expect(res.status).to.equal(200);
    for (const field of ["name", "email", "password"]) {
      expect(res.text).to.include(`<label for="f-${field}">`);
      expect(res.text).to.include(`id="f-${field}" name="${field}"`);
    }
    expect(res.text).to.include(escapeHtml(en("auth.passwordRules", { min: 10 })));
    expect(res.text).to.include('autocomplete="new-password"');
  });

  it("creates the account, signs the user in, and sends a welcome mail", async () => {
    const agent = browser(ctx.app);
    const email = uniqueEmail("new");
    const res = await submitForm(agent, "/register", "/register", {
      name: "  Ada Lovelace  ",
      email: `  ${email.toUpperCase()} `,
      password: STRONG_PASSWORD,
    });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal("/account");
    const account = await agent.get("/account");
    expect(account.status).to.equal(200);
    expect(account.text).to.include(escapeHtml(en("auth.register.welcome")));
    expect(account.text).to.include("<dd>Ada Lovelace</dd>");
    expect(account.text).to.include(`<dd>${email}</dd>`);

    const user = await findUserByEmail(ctx.db, email);
    expect(user?.name).to.equal("Ada Lovelace");
    expect(user?.role).to.equal("user");
    expect(user?.status).to.equal("active");
    expect(user?.passwordHash).to.match(/^\$argon2id\$/);
    expect(user?.passwordHash).not.to.include(STRONG_PASSWORD);

    const mail = ctx.mail.at(-1);
    expect(mail?.to).to.equal(email);
    expect(mail?.subject).to.equal(en("mail.welcome.subject"));
    expect(mail?.text).to.include("Hello Ada Lovelace");
  });

  describe("refuses invalid input with 422, keeps what was typed, never echoes the password", () => {
    const password = "Zq7-unique-Secret-pw";
    const cases: { title: string; fields: Record<string, string>; field: string; key: string }[] = [
      {
        title: "missing name",
        fields: { name: "", email: "a@example.com", password },
        field: "name",
        key: "validation.required",
      },
      {
        title: "blank name",
        fields: { name: "   ", email: "a@example.com", password },
        field: "name",
        key: "validation.required",
      },
      {
        title: "name over 100 characters",
        fields: { name: "N".repeat(101), email: "a@example.com", password },
        field: "name",
        key: "validation.name.tooLong",
      },
      {
        title: "name with control characters",
        fields: { name: "Eve\u0000l", email: "a@example.com", password },
        field: "name",
        key: "validation.name.invalid",
      },
      {
        title: "name with a right-to-left override",
        fields: { name: "Mallory\u202Egnp.exe", email: "a@example.com", password },
        field: "name",
        key: "validation.name.invalid",
      },
      {
        title: "missing email",
        fields: { name: "Ada", email: "", password },
        field: "email",
        key: "validation.required",
      },
      {
        title: "malformed email",
        fields: { name: "Ada", email: "ada-at-example.com", password },
        field: "email",
        key: "validation.email.invalid",
      },
      {
        title: "email over 254 characters",
        fields: { name: "Ada", email: `${"a".repeat(250)}@example.com`, password },
        field: "email",
        key: "validation.email.invalid",
      },
      {
        title: "missing password",
        fields: { name: "Ada", email: "a@example.com", password: "" },
        field: "password",
        key: "validation.required",
      },
      {
        title: "9-character password",
        fields: { name: "Ada", email: "a@example.com", password: "Zq7-uniqu" },
        field: "password",
        key: "validation.password.tooShort",
      },
      {
        title: "129-character password",
        fields: { name: "Ada", email: "a@example.com", password: `Zq7-${"x".repeat(125)}` },
        field: "password",
        key: "validation.password.tooLong",
      },
      {
        title: "common password",
        fields: { name: "Ada", email: "a@example.com", password: "Password123" },
        field: "password",
        key: "validation.password.common",
      },
      {
        title: "password containing the name",
        fields: { name: "Grace Hopper", email: "a@example.com", password: "GraceHopper-1906" },
        field: "password",
        key: "validation.password.containsIdentity",
      },
      {
        title: "password containing the email",
        fields: { name: "Ada", email: "countess@example.com", password: "my-countess-pass" },
        field: "password",
        key: "validation.password.containsIdentity",
      },
    ];
    for (const { title, fields, field, key } of cases) {
      it(title, async () => {
        const before = ctx.mail.length;
        const res = await register(fields);
        expect(res.status).to.equal(422);
        const message = escapeHtml(en(key));
        expect(res.text).to.include(`<p class="field-error" id="f-${field}-error">${message}</p>`);
        expect(res.text).to.include(`<a href="#f-${field}">${message}</a>`); // the error summary
        expect(res.text).to.match(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
        for (const kept of ["name", "email"] as const) {
          if (fields[kept] && field !== kept)
            expect(inputValue(res.text, kept)).to.equal(escapeHtml(fields[kept]));
        }
        if (fields.password) expect(res.text).not.to.include(fields.password);
        expect(inputValue(res.text, "password")).to.equal("");
        expect(ctx.mail.length, "no mail is sent").to.equal(before);
        expect(await findUserByEmail(ctx.db, fields.email ?? "")).to.equal(undefined);
      });
    }
  });

  it("refuses an email that is already registered, in any case, with a message that does not confirm it", async () => {
    const existing = await registerUser(browser(ctx.app));
    const res = await register({
      name: "Someone Else",
      email: ` ${existing.email.toUpperCase()} `,
      password: "another long passphrase",
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml(en("validation.email.unavailable")));
    expect(inputValue(res.text, "name")).to.equal("Someone Else");
    expect(res.text).not.to.include("another long passphrase");
  });

  it("accepts names in any script, with emoji and apostrophes, and shows them escaped", async () => {
    const agent = browser(ctx.app);
    const name = "Zoë O'Brien 张伟 Ølstrøm ☕ <b>bold</b>";
    const res = await submitForm(agent, "/register", "/register", {
      name,
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
    });
    expect(res.status).to.equal(303);
    const account = await agent.get("/account");
    expect(account.text).to.include(`<dd>${escapeHtml(name)}</dd>`);
    expect(account.text).not.to.include("<b>bold</b>");
  });

  it("accepts a password of Chinese characters and emoji, counted in characters", async () => {
    const email = uniqueEmail();
    const password = "我的密码是🌱🚀🎸山水风"; // 11 characters, 14 UTF-16 units
    const res = await register({ name: "李雷", email, password });
    expect(res.status).to.equal(303);
    const agent = browser(ctx.app);
    const signIn = await submitForm(agent, "/login", "/login", { email, password });
    expect(signIn.status).to.equal(303);
  });

  it("answers a body over 100 kB with a translated 413 page, not a 500", async () => {
    const agent = browser(ctx.app);
    const page = await agent.get("/register");
    const res = await agent
      .post("/register")
      .type("form")
      .send({
        _csrf: csrfFrom(page.text),
        name: "x".repeat(120_000),
        email: uniqueEmail(),
        password: STRONG_PASSWORD,
      });
    expect(res.status).to.equal(413);
    expect(res.text).to.include(escapeHtml(en("errors.titles.413")));
    expect(res.text).to.include(escapeHtml(en("errors.tooLarge")));
  });

  it("answers a field sent twice with a 4xx form, not a 500", async () => {
    for (const field of ["name", "email", "password", "_csrf"]) {
      const agent = browser(ctx.app);
      const token = csrfFrom((await agent.get("/register")).text);
      const fields: [string, string][] = [
        ["_csrf", token],
        ["name", "Twice"],
        ["email", uniqueEmail()],
        ["password", STRONG_PASSWORD],
      ];
      const duplicate = fields.find(([name]) => name === field) as [string, string];
      const body = new URLSearchParams([...fields, duplicate]).toString();
      const res = await agent.post("/register").type("form").send(body);
      expect(res.text, field).not.to.include(STRONG_PASSWORD);
      if (field === "_csrf") {
        expect(res.status).to.equal(403);
      } else {
        // Not "This field is required.": the field was filled, just not as one value.
        expect(res.status, field).to.equal(422);
        expect(res.text).to.include(
          `<p class="field-error" id="f-${field}-error">${escapeHtml(en("validation.invalid"))}</p>`,
        );
      }
    }
  });

  it("answers malformed percent-encoding and unexpected fields without a 500", async () => {
    const agent = browser(ctx.app);
    const token = csrfFrom((await agent.get("/register")).text);
    const res = await agent
      .post("/register")
      .type("form")
      .send(`_csrf=${encodeURIComponent(token)}&name=%E0%A4%A&email=%ZZ&password=x&role=admin&__proto__=1`);
    expect(res.status).to.be.within(400, 499);
  });

  it("refuses more than 200 fields", async () => {
    const agent = browser(ctx.app);
    const token = csrfFrom((await agent.get("/register")).text);
    const extra = Array.from({ length: 250 }, (_, i) => `f${i}=1`).join("&");
    const res = await agent
      .post("/register")
      .type("form")
      .send(`_csrf=${encodeURIComponent(token)}&${extra}`);
    expect(res.status).to.be.within(400, 499);
  });

  it("cannot make an administrator through the form", async () => {
    const agent = browser(ctx.app);
    const token = csrfFrom((await agent.get("/register")).text);
    const email = uniqueEmail();
    const body = new URLSearchParams({
      _csrf: token,
      name: "Sneaky",
      email,
      password: STRONG_PASSWORD,
      role: "admin",
    });
    const res = await agent.post("/register").type("form").send(body.toString());
    expect(res.status).to.equal(303);
    expect((await findUserByEmail(ctx.db, email))?.role).to.equal("user");
  });
});
