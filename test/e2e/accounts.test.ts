import { expect } from "chai";
import type { Page } from "playwright-core";
import { translator } from "../../server/i18n/index.ts";
import {
  expectAccessible,
  Journey,
  phone,
  screenshot,
  scrollWidth,
  type TestServer,
  textOf,
} from "../support/browser.ts";

const en = translator("en");
const zh = translator("zh-CN");

describe("account journeys in Chromium", function () {
  this.timeout(60_000);
  let journey: Journey;
  let server: TestServer;
  let page: Page;
  const account = {
    name: "Ada Lovelace",
    email: `ada-${Date.now()}@example.com`,
    password: "analytical engine notes",
  };

  before(async () => {
    journey = await Journey.start();
    server = journey.server;
    page = await journey.newPage();
  });
  after(() => journey?.close());
  afterEach(() => journey.expectNoErrors());

  const heading = () => textOf(page.locator("h1").first());
  const flash = () => textOf(page.locator(".flash").first());

  it("shows the home page", async () => {
    await page.goto(server.url);
    expect(await page.getAttribute("html", "lang")).to.equal("en");
    expect(await page.title()).to.include(en("brand"));
    await expectAccessible(page);
    await screenshot(page, "home-en");
  });

  it("registers, after being shown what to fix", async () => {
    await page
      .getByRole("navigation")
      .getByRole("link", { name: en("nav.register") })
      .click();
    await page.waitForURL(`${server.url}/register`);
    await expectAccessible(page);

    await page.getByLabel(en("auth.name")).fill(account.name);
    await page.getByLabel(en("auth.email")).fill(account.email);
    await page.getByLabel(en("auth.password")).fill("short");
    await page.getByRole("button", { name: en("auth.register.submit") }).click();
    await page.waitForLoadState();
    expect(page.url()).to.equal(`${server.url}/register`);
    const summary = page.locator(".error-summary");
    expect(await textOf(summary)).to.include(en("validation.password.tooShort"));
    expect(
      await summary.evaluate((el) => el === document.activeElement),
      "focus moves to the summary",
    ).to.equal(true);
    expect(await page.getByLabel(en("auth.name")).inputValue()).to.equal(account.name);
    expect(await page.getByLabel(en("auth.email")).inputValue()).to.equal(account.email);
    expect(await page.getByLabel(en("auth.password")).inputValue()).to.equal("");
    expect(await page.getByLabel(en("auth.password")).getAttribute("aria-invalid")).to.equal("true");
    await expectAccessible(page);
    await screenshot(page, "register-errors");

    // The summary links to the field.
    await summary.getByRole("link").first().click();
    expect(await page.evaluate(() => location.hash)).to.equal("#f-password");

    await page.getByLabel(en("auth.password")).fill(account.password);
    await page.getByRole("button", { name: en("auth.register.submit") }).click();
    await page.waitForURL(`${server.url}/account`);
    expect(await flash()).to.equal(en("auth.register.welcome"));
    expect(await heading()).to.equal(en("account.title"));
    expect(await textOf(page.locator(".facts"))).to.include(account.email);
    await expectAccessible(page);
    await screenshot(page, "account");
  });

  it("signs out", async () => {
    await page.getByRole("button", { name: en("nav.signOut") }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await flash()).to.equal(en("auth.logout.done"));
    expect(await page.getByRole("button", { name: en("nav.signOut") }).count()).to.equal(0);
    await expectAccessible(page);
  });

  it("shows the generic error for a wrong password and keeps the email", async () => {
    await page
      .getByRole("navigation")
      .getByRole("link", { name: en("nav.signIn") })
      .click();
    await page.waitForURL(`${server.url}/login`);
    await page.getByLabel(en("auth.email")).fill(account.email);
    await page.getByLabel(en("auth.password")).fill("not the password");
    await page.getByRole("button", { name: en("auth.login.submit") }).click();
    await page.waitForLoadState();
    expect(await textOf(page.getByRole("alert"))).to.equal(en("auth.login.invalid"));
    expect(await page.getByLabel(en("auth.email")).inputValue()).to.equal(account.email);
    expect(await page.getByLabel(en("auth.password")).inputValue()).to.equal("");
    await expectAccessible(page);
  });

  it("signs in", async () => {
    await page.getByLabel(en("auth.password")).fill(account.password);
    await page.getByRole("button", { name: en("auth.login.submit") }).click();
    await page.waitForURL(`${server.url}/account`);
    expect(await flash()).to.equal(en("auth.login.welcomeBack", { name: account.name }));
  });

  it("switches to Chinese with the header switcher, on the same page", async () => {
    await page.getByRole("link", { name: "简体中文" }).click();
    await page.waitForURL(`${server.url}/account`);
    expect(await page.getAttribute("html", "lang")).to.equal("zh-CN");
    expect(await heading()).to.equal(zh("account.title"));
    expect(await page.getByRole("button", { name: zh("nav.signOut") }).count()).to.equal(1);
    expect(await page.getByRole("link", { name: "简体中文" }).getAttribute("aria-current")).to.equal("true");
    await expectAccessible(page);

    await page
      .getByRole("link", { name: zh("brand") })
      .first()
      .click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getAttribute("html", "lang")).to.equal("zh-CN");
    expect(await textOf(page.locator("footer"))).to.include(zh("footer.risk"));
    await expectAccessible(page);
    await screenshot(page, "home-zh-CN");

    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getAttribute("html", "lang")).to.equal("en");
  });

  it("resets a forgotten password with the link from the mail, then signs in with the new one", async () => {
    await page.getByRole("button", { name: en("nav.signOut") }).click();
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/login`);
    await page.getByRole("link", { name: en("auth.login.forgot") }).click();
    await page.waitForURL(`${server.url}/password/forgot`);
    await expectAccessible(page);
    await page.getByLabel(en("auth.email")).fill(account.email);
    await page.getByRole("button", { name: en("auth.forgot.submit") }).click();
    await page.waitForURL(`${server.url}/login`);
    expect(await flash()).to.equal(en("auth.forgot.sent"));

    const mail = (await server.mails()).findLast((m) => m.subject === en("mail.passwordReset.subject"));
    expect(mail, "a reset mail in DATA_DIR/mail").to.not.equal(undefined);
    expect(mail?.to).to.include(account.email);
    const link = mail?.text.match(/http:\/\/127\.0\.0\.1:\d+\/password\/reset\/[A-Za-z0-9_-]+/)?.[0];
    expect(link, `a reset link in:\n${mail?.text}`).to.be.a("string");

    await page.goto(link as string);
    expect(await heading()).to.equal(en("auth.reset.title"));
    await expectAccessible(page);
    const newPassword = "difference engine drawings";
    await page.getByLabel(en("account.password.new")).fill(newPassword);
    await page.getByLabel(en("auth.passwordConfirm")).fill(newPassword);
    await page.getByRole("button", { name: en("auth.reset.submit") }).click();
    await page.waitForURL(`${server.url}/login`);
    expect(await flash()).to.equal(en("auth.reset.done"));

    await page.getByLabel(en("auth.email")).fill(account.email);
    await page.getByLabel(en("auth.password")).fill(newPassword);
    await page.getByRole("button", { name: en("auth.login.submit") }).click();
    await page.waitForURL(`${server.url}/account`);
    expect(await heading()).to.equal(en("account.title"));

    // The link was for one use.
    await page.goto(link as string);
    expect(await textOf(page.getByRole("alert"))).to.equal(en("auth.reset.invalidLink"));
    await expectAccessible(page);
  });

  describe("on a 375 px wide phone", () => {
    let small: Page;
    before(async () => {
      small = await journey.newPage(phone);
    });

    it("shows the home page without horizontal scrolling", async () => {
      await small.goto(server.url);
      expect(await scrollWidth(small)).to.be.at.most(375);
      await expectAccessible(small);
      await screenshot(small, "home-375");
    });

    for (const path of ["/register", "/login", "/password/forgot", "/language/zh-CN?returnTo=%2F"]) {
      it(`shows ${path} without horizontal scrolling`, async () => {
        await small.goto(`${server.url}${path}`);
        expect(await scrollWidth(small)).to.be.at.most(375);
      });
    }

    it("shows the account page without horizontal scrolling, in Chinese too", async () => {
      await small.goto(`${server.url}/login`);
      await small.getByLabel(zh("auth.email")).fill(account.email);
      await small.getByLabel(zh("auth.password")).fill("difference engine drawings");
      await small.getByRole("button", { name: zh("auth.login.submit") }).click();
      await small.waitForURL(`${server.url}/account`);
      expect(await scrollWidth(small)).to.be.at.most(375);
      // The email address is on one line, not broken in the middle.
      const email = small.locator(".facts dd", { hasText: account.email });
      const lines = await email.evaluate(
        (el) => el.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight),
      );
      expect(lines).to.be.below(1.5);
      await expectAccessible(small);
      await screenshot(small, "account-375-zh-CN");
    });
  });
});
