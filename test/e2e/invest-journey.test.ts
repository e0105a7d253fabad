import { expect } from "chai";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { translator } from "../../server/i18n/index.ts";
import type { Db } from "../../server/store/db.ts";
import type { Project } from "../../server/store/projects.ts";
import {
  desktop,
  expectAccessible,
  fillNewCard,
  Journey,
  phone,
  screenshot,
  submit,
  type TestServer,
  textOf,
} from "../support/browser.ts";
import { addIdentity, CN_UNQUALIFIED, createOffering, declare } from "../support/invest-factory.ts";
import { createUser } from "../support/project-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");
const SHOTS = process.env.INVEST_SHOTS_DIR ?? "/tmp/shots-invest";
const HOUR = 3_600_000;

/**
 * Issue 5, end to end in Chromium: an investor completes their identity profile, an admin verifies
 * them, they declare their figures and see their limit explained, commit to a US offering, and cannot
 * cancel within its last 48 hours; an unqualified investor under the China regime is refused with the
 * reason, in Chinese. Every page is checked with axe and for console errors (a CSP violation is one),
 * and screenshots in English, Chinese and at 375 px go to /tmp/shots-invest/.
 */
describe("invest journey in Chromium (issue 5)", function () {
  this.timeout(120_000);
  let journey: Journey;
  let server: TestServer;
  let db: Db;
  let usOffering: Project;
  let cnOffering: Project;
  let adminEmail: string;
  const investor = { name: "Grace Hopper", email: `grace-${Date.now()}@example.com` };
  let investorPage: Page;

  const text = (page: Page, selector: string) => textOf(page.locator(selector).first());

  before(async () => {
    journey = await Journey.start();
    ({ server, db } = journey);
    // Test data straight into the server's database (as the demo script would).
    const now = new Date();
    adminEmail = (await createUser(db, { role: "admin", name: "Ada Admin" })).email;
    await createUser(db, { name: investor.name, email: investor.email });
    // A US offering that closes in 47 hours: commitments are accepted, but no longer cancelled.
    usOffering = (
      await createOffering(db, {
        regime: "us_reg_cf",
        now,
        title: "Orchard Robotics",
        deadlineAt: new Date(now.getTime() + 47 * HOUR),
        pricePerShareMinor: 250,
        minInvestmentMinor: 100_00,
      })
    ).project;
    cnOffering = (
      await createOffering(db, {
        regime: "cn_private",
        now,
        title: "杭州茶园 Tea Garden",
        pricePerShareMinor: 100_00,
      })
    ).project;
  });
  after(() => journey?.close());
  afterEach(() => journey.expectNoErrors());

  it("an investor completes their identity profile with a photo of their passport", async () => {
    const page = await journey.newPage();
    investorPage = page;
    await journey.signIn(page, investor.email);
    await page.goto(`${server.url}/projects/${usOffering.id}`);
    await expectAccessible(page);
    await screenshot(page, "project-us-en", SHOTS);
    await submit(page, `a[href='/projects/${usOffering.id}/invest']`);
    expect(page.url()).to.equal(`${server.url}/projects/${usOffering.id}/invest`);
    expect(await text(page, ".inv-gate")).to.include(en("invest.commit.verify.none"));
    await expectAccessible(page);
    await screenshot(page, "invest-unverified-en", SHOTS);

    await submit(page, ".inv-gate a.button");
    expect(page.url()).to.include("/invest/profile?returnTo=");
    await expectAccessible(page);
    // First without a document and with a date in the future: told what to fix, input kept.
    await page.fill("#f-legalName", "Grace Brewster Hopper");
    await page.fill("#f-dateOfBirth", "2099-12-09");
    await page.selectOption("#f-country", "US");
    await page.selectOption("#f-nationality", "US");
    await page.selectOption("#f-idType", "passport");
    await page.fill("#f-idNumber", "X1234 5678");
    await page.fill("#f-address", "1 Navy Way\nArlington, VA");
    await submit(page, "form.inv-form button[type=submit]");
    expect(await text(page, ".error-summary")).to.include(en("invest.identity.errors.dateOfBirthFuture"));
    expect(await text(page, ".error-summary")).to.include(en("invest.identity.errors.documentRequired"));
    expect(await page.inputValue("#f-legalName")).to.equal("Grace Brewster Hopper");
    await expectAccessible(page);
    await screenshot(page, "profile-errors-en", SHOTS);

    await page.fill("#f-dateOfBirth", "1986-12-09");
    await page.fill("#f-idNumber", "X1234 5678");
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#d9e4f5" } })
      .jpeg()
      .toBuffer();
    await page.setInputFiles("#f-document", { name: "passport.jpg", mimeType: "image/jpeg", buffer: photo });
    await submit(page, "form.inv-form button[type=submit]");
    expect(page.url()).to.equal(`${server.url}/projects/${usOffering.id}/invest`);
    expect(await text(page, ".flash-success")).to.include(en("invest.identity.submitted"));
    expect(await text(page, ".inv-gate")).to.include(en("invest.commit.verify.pending"));
    await page.goto(`${server.url}/invest/profile`);
    expect(await page.content()).to.include("•••• 5678");
    await expectAccessible(page);
    await screenshot(page, "profile-pending-en", SHOTS);
  });

  it("an admin verifies them from the queue, and they are told by email", async () => {
    const page = await journey.newPage();
    await journey.signIn(page, adminEmail);
    await page.goto(`${server.url}/admin/identities`);
    await expectAccessible(page);
    await screenshot(page, "admin-identities-en", SHOTS);
    await submit(page, "a:has-text('Grace Brewster Hopper')");
    expect(await page.content()).to.include("X12345678");
    await expectAccessible(page);
    await screenshot(page, "admin-identity-en", SHOTS);
    // The document opens for the admin (a sandboxed picture).
    const doc = await page.request.get(`${page.url()}/document`);
    expect(doc.status()).to.equal(200);
    expect(doc.headers()["x-content-type-options"]).to.equal("nosniff");
    await submit(page, "form[action$='/approve'] button[type=submit]");
    expect(await text(page, ".flash-success")).to.include(en("invest.admin.decision.approveDone"));
    const mail = (await server.mails()).find((m) => m.to.includes(investor.email));
    expect(mail?.subject).to.equal(en("invest.mail.identityVerified.subject"));
  });

  it("they declare their income and net worth and see their limit explained", async () => {
    const page = investorPage;
    await page.goto(`${server.url}/invest`);
    expect(await text(page, "#h-identity + p")).to.include(en("invest.identity.status.verified"));
    await submit(page, "a[href='/invest/declare/us']");
    await expectAccessible(page);
    await page.check("input[name=accredited][value=no]");
    await page.fill("#f-annualIncome", "sixty thousand");
    await page.fill("#f-netWorth", "200,000");
    await page.check("#f-attest");
    await submit(page, "form.inv-form button[type=submit]");
    expect(await text(page, ".error-summary")).to.include(en("money.invalid"));
    expect(await page.inputValue("#f-netWorth")).to.equal("200,000");
    await screenshot(page, "declare-us-errors-en", SHOTS);
    await page.fill("#f-annualIncome", "60000");
    await page.check("#f-attest");
    await submit(page, "form.inv-form button[type=submit]");
    expect(page.url()).to.equal(`${server.url}/invest`);
    const us = await text(page, "section[aria-labelledby=h-us]");
    expect(us).to.include("$10,000");
    expect(us).to.include(
      "Your limit over 12 months is $10,000: your net worth of $200,000 is the greater figure",
    );
    await expectAccessible(page);
    await screenshot(page, "account-en", SHOTS);
  });

  it("they commit to the US offering, and cannot cancel in its last 48 hours", async () => {
    const page = investorPage;
    await page.goto(`${server.url}/projects/${usOffering.id}/invest`);
    expect(await text(page, ".inv-status-box")).to.include("$10,000");
    await expectAccessible(page);
    await screenshot(page, "invest-form-en", SHOTS);
    await page.fill("#f-shares", "40.5");
    await submit(page, "form.inv-form button[type=submit]");
    expect(await text(page, ".error-summary")).to.include(en("invest.commit.errors.wholeShares"));
    expect(await page.inputValue("#f-shares")).to.equal("40.5");
    await page.fill("#f-shares", "400");
    await page.check("#f-acknowledgedRisks");
    await page.check("#f-acknowledgedDocuments");
    await fillNewCard(page, { number: "4242 4242 4242 4242", name: "Grace Hopper" });
    await submit(page, "form.inv-form button[type=submit]");
    expect(page.url()).to.equal(`${server.url}/projects/${usOffering.id}/invest/review`);
    expect(await text(page, "dd.total")).to.equal("$1,000");
    expect(await text(page, ".inv-no-cancel")).to.include("within 48 hours");
    await expectAccessible(page);
    await screenshot(page, "invest-review-en", SHOTS);
    await submit(page, `button:has-text('${en("invest.review.confirm")}')`);
    expect(page.url()).to.match(/\/investments\/\d+$/);
    expect(await text(page, ".flash-success")).to.include(en("invest.commit.done"));
    expect(await text(page, ".inv-no-cancel")).to.include(
      "Under US rules a commitment can be cancelled until 48 hours",
    );
    expect(await page.locator("a[href$='/cancel']").count()).to.equal(0);
    await expectAccessible(page);
    await screenshot(page, "commitment-en", SHOTS);
    // Going to the cancel page anyway: the same reason, no button.
    await page.goto(`${page.url()}/cancel`);
    expect(await text(page, ".inv-no-cancel")).to.include("can no longer be cancelled");
    expect(await page.locator("button.button-danger").count()).to.equal(0);
    await expectAccessible(page);
    await page.goto(`${server.url}/investments`);
    expect(await text(page, "main")).to.include("Orchard Robotics");
    await expectAccessible(page);
    await screenshot(page, "investments-en", SHOTS);
  });

  it("an unqualified investor under the China regime is refused with the reason, in Chinese", async () => {
    const user = await createUser(db, { name: "李明", locale: "zh-CN" });
    await addIdentity(db, user.id, { status: "verified", legalName: "李明" });
    await declare(db, user.id, "cn_private", CN_UNQUALIFIED);
    const page = await journey.newPage({ ...desktop, locale: "zh-CN" });
    await journey.signIn(page, user.email);
    await page.goto(`${server.url}/projects/${cnOffering.id}/invest`);
    expect(await page.getAttribute("html", "lang")).to.equal("zh-CN");
    await page.fill("#f-shares", "10");
    await page.check("#f-acknowledgedRisks");
    await page.check("#f-acknowledgedDocuments");
    await fillNewCard(page, { number: "4242424242424242", name: "Li Ming" });
    await submit(page, "form.inv-form button[type=submit]");
    const refusal = await text(page, ".inv-refusal");
    expect(refusal).to.include(zh("invest.commit.refusedTitle"));
    expect(refusal).to.include("只有合格投资者才能投资本项目");
    expect(refusal).to.include("¥3,000,000");
    expect(await page.inputValue("#f-shares")).to.equal("10");
    await expectAccessible(page);
    await screenshot(page, "invest-cn-refused-zh", SHOTS);
    await page.goto(`${server.url}/invest`);
    await expectAccessible(page);
    await screenshot(page, "account-zh", SHOTS);
    await page.goto(`${server.url}/invest/declare/cn`);
    await expectAccessible(page);
    await screenshot(page, "declare-cn-zh", SHOTS);
  });

  it("the pages fit a 375 px phone, in English and Chinese", async () => {
    for (const [locale, suffix] of [
      ["en-US", "en"],
      ["zh-CN", "zh"],
    ] as const) {
      const page = await journey.newPage({ ...phone, locale });
      await journey.signIn(page, investor.email);
      for (const [url, name] of [
        [`/projects/${usOffering.id}/invest`, "invest-form"],
        ["/invest", "account"],
        ["/invest/profile", "profile"],
        ["/invest/declare/uk", "declare-uk"],
        ["/invest/quiz", "quiz"],
        ["/investments", "investments"],
      ] as const) {
        await page.goto(`${server.url}${url}`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth > window.innerWidth + 1,
        );
        expect(overflow, `${url} scrolls sideways at 375 px (${suffix})`).to.equal(false);
        await expectAccessible(page);
        await screenshot(page, `${name}-375-${suffix}`, SHOTS);
      }
    }
  });
});
