import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { type Db, openDatabase } from "../../server/store/db.ts";
import { tiersOf, updateProjectFields } from "../../server/store/projects.ts";
import {
  desktop,
  expectAccessible,
  launchBrowser,
  phone,
  startServer,
  type TestServer,
  watchConsole,
} from "../support/browser.ts";
import { createSubmittedProject, createUser, STRONG_PASSWORD } from "../support/project-factory.ts";
import { startScript } from "../support/settle-process.ts";

const DAY = 24 * 3600 * 1000;
const SHOTS = process.env.SHOTS_DIR_SETTLEMENT ?? "/tmp/shots-settlement";
const zhPhone: BrowserContextOptions = { ...phone, locale: "zh-CN" };
const zhDesktop: BrowserContextOptions = { ...desktop, locale: "zh-CN" };

/**
 * Issue 6, end to end in Chromium: two backers pledge with test cards; the deadline passes and
 * `npm run settle` runs; one backer sees "charged" on My pledges, the other's card failed and they
 * fix it on the fix-payment page (in Chinese, on a phone); the creator follows the statement to the
 * payout; an admin sees the campaign settled and refunds a pledge with a reason. Every page is
 * checked with axe and for console errors; screenshots in English, Chinese and at 375 px.
 */
describe("settlement journey in Chromium (issue 6)", function () {
  this.timeout(180_000);
  let browser: Browser;
  let server: TestServer;
  let db: Db;
  let projectId: number;
  let openTier: number;
  let creatorEmail: string;
  let aliceEmail: string;
  let bobEmail: string;
  let adminEmail: string;
  const contexts: BrowserContext[] = [];
  const problems: string[][] = [];

  async function newPage(options: BrowserContextOptions = desktop): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    problems.push(watchConsole(page));
    return page;
  }
  async function submit(page: Page, selector: string) {
    await Promise.all([page.waitForNavigation(), page.locator(selector).first().click()]);
  }
  async function signIn(page: Page, email: string) {
    await page.goto(`${server.url}/login`);
    await page.fill("#f-email", email);
    await page.fill("#f-password", STRONG_PASSWORD);
    await submit(page, 'form[action="/login"] button[type="submit"]');
  }
  async function shot(page: Page, name: string) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }
  async function pledge(page: Page, amount: string, card: string, name: string) {
    await page.goto(`${server.url}/projects/${projectId}/pledge?tier=${openTier}`);
    await page.fill("#f-amount", amount);
    await page.check('input[name="paymentMethodId"][value="new"]');
    await page.fill("#f-cardNumber", card);
    await page.fill("#f-cardExpMonth", "12");
    await page.fill("#f-cardExpYear", "2099");
    await page.fill("#f-cardCvc", "123");
    await page.fill("#f-cardName", name);
    await submit(page, "form.pledge-form button[type=submit]");
    await submit(page, 'form[action$="/pledge"] button[type="submit"]');
    expect(page.url()).to.match(/\/pledges\/\d+$/);
  }
  async function settle() {
    const run = await startScript(
      { ...process.env, NODE_ENV: "test", DATA_DIR: server.dataDir, BASE_URL: server.url, LOG_LEVEL: "warn" },
      "scripts/settle.ts",
    ).done;
    expect(run.code, run.output).to.equal(0);
    return run.output;
  }

  before(async () => {
    browser = await launchBrowser();
    server = await startServer();
    db = openDatabase(path.join(server.dataDir, "crowdfund.sqlite"));
    const now = new Date();
    const { project, creator } = await createSubmittedProject(db, {
      title: "Solar lantern · 太阳能提灯",
      goalMinor: 10_000,
      currency: "CNY",
      now,
    });
    projectId = project.id;
    creatorEmail = creator.email;
    await updateProjectFields(
      db,
      projectId,
      {
        state: "live",
        launchedAt: new Date(now.getTime() - DAY),
        deadlineAt: new Date(now.getTime() + 20 * DAY),
      },
      now,
    );
    openTier = (await tiersOf(db, projectId)).find((t) => !t.ships)?.id as number;
    aliceEmail = (await createUser(db, { name: "Alice Backer" })).email;
    bobEmail = (await createUser(db, { name: "王博", locale: "zh-CN" })).email;
    adminEmail = (await createUser(db, { role: "admin", name: "Ada Admin" })).email;
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await db?.destroy();
    await server?.close();
  });
  afterEach(() => {
    for (const p of problems) expect(p, "console errors or CSP violations").to.deep.equal([]);
    expect(server.errors(), "errors in the server log").to.deep.equal([]);
  });

  let alice: Page;
  let bob: Page;

  it("two backers pledge; the deadline passes and settlement charges one, the other's card fails", async () => {
    alice = await newPage();
    await signIn(alice, aliceEmail);
    await pledge(alice, "80", "4242 4242 4242 4242", "Alice Backer");
    bob = await newPage(zhPhone);
    await signIn(bob, bobEmail);
    await pledge(bob, "40", "4000 0000 0000 0341", "Wang Bo");
    // Time passes: the deadline is now behind us.
    await db("projects")
      .where({ id: projectId })
      .update({ deadline_at: new Date(Date.now() - 60_000).toISOString() });
    const output = await settle();
    expect(output).to.include('"charged":1').and.include('"failed":1');
  });

  it("the backer sees on My pledges that they were charged, when and how much", async () => {
    await alice.goto(`${server.url}/pledges`);
    const status = (await alice.locator(".st-status").first().textContent()) ?? "";
    expect(status).to.include("Charged").and.include("CN¥80");
    await expectAccessible(alice);
    await shot(alice, "my-pledges-charged-en");
    await alice.locator("ul.pledge-list a").first().click();
    await alice.waitForURL(/\/pledges\/\d+$/);
    expect(await alice.locator(".st-status").textContent()).to.include("Charged CN¥80 on");
    await expectAccessible(alice);
  });

  it("the backer whose card failed fixes it on a phone, in Chinese, and is charged", async () => {
    await bob.goto(`${server.url}/pledges`);
    expect(await bob.locator(".st-status").first().textContent()).to.include("未能扣款");
    await shot(bob, "my-pledges-failed-zh-375");
    await Promise.all([bob.waitForURL(/\/payment$/), bob.getByRole("link", { name: "处理付款" }).click()]);
    await expectAccessible(bob);
    await shot(bob, "fix-payment-zh-375");
    // The same failing card again: declined, with the reason, and the form is still there.
    await bob.check('input[name="paymentMethodId"]:not([value="new"])');
    await submit(bob, "form.pledge-form button[type=submit]");
    expect(await bob.locator(".error-summary").textContent()).to.include("这张卡也被拒绝了");
    await expectAccessible(bob);
    await bob.check('input[name="paymentMethodId"][value="new"]');
    await bob.fill("#f-cardNumber", "4242 4242 4242 4242");
    await bob.fill("#f-cardExpMonth", "12");
    await bob.fill("#f-cardExpYear", "2099");
    await bob.fill("#f-cardCvc", "123");
    await bob.fill("#f-cardName", "Wang Bo");
    await submit(bob, "form.pledge-form button[type=submit]");
    expect(bob.url()).to.match(/\/pledges\/\d+$/);
    expect(await bob.locator(".flash-success").textContent()).to.include("付款成功");
    expect(await bob.locator(".st-status").textContent()).to.include("扣款 ¥40");
    await expectAccessible(bob);
    await shot(bob, "pledge-charged-zh-375");
  });

  it("the creator follows the settlement from the dashboard to the statement and the payout", async () => {
    const page = await newPage();
    await signIn(page, creatorEmail);
    await page.goto(`${server.url}/dashboard`);
    await Promise.all([
      page.waitForURL(/\/settlement$/),
      page.getByRole("link", { name: "Settlement and statement" }).click(),
    ]);
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).to.include("Retry window").and.include("estimate so far");
    expect(main).to.include("CN¥120"); // collected: 80 + 40
    await expectAccessible(page);
    await shot(page, "statement-estimate-en");

    // The retry window ends; the next run posts the fees and pays out.
    await db("settlements")
      .where({ project_id: projectId })
      .update({ payout_due_at: new Date(Date.now() - 60_000).toISOString() });
    await settle();
    await page.reload();
    const paid = (await page.locator("main").textContent()) ?? "";
    expect(paid).to.include("was paid out to your payout account");
    expect(paid).to.not.include("estimate so far");
    await expectAccessible(page);
    await shot(page, "statement-paid-en");
    await page
      .getByRole("link", { name: /^Collected/ })
      .first()
      .click();
    expect(await page.locator("#st-list table").textContent()).to.include("Alice Backer");

    const zh = await newPage(zhDesktop);
    await signIn(zh, creatorEmail);
    await zh.goto(`${server.url}/projects/${projectId}/settlement`);
    expect(await zh.locator("h1").textContent()).to.include("结算单");
    await expectAccessible(zh);
    await shot(zh, "statement-paid-zh");
    const narrow = await newPage(phone);
    await signIn(narrow, creatorEmail);
    await narrow.goto(`${server.url}/projects/${projectId}/settlement`);
    await expectAccessible(narrow);
    await shot(narrow, "statement-paid-en-375");
    const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
    expect(width, "no horizontal scrolling at 375 px").to.be.at.most(375);
  });

  it("an admin sees the campaign settled and refunds a pledge with a reason", async () => {
    const page = await newPage();
    await signIn(page, adminEmail);
    await page.goto(`${server.url}/admin/settlement`);
    expect(await page.locator("main").textContent()).to.include("Solar lantern");
    await expectAccessible(page);
    await shot(page, "admin-overview-en");
    await page.goto(`${server.url}/admin/settlement/${projectId}`);
    await expectAccessible(page);
    await shot(page, "admin-campaign-en");
    await Promise.all([
      page.waitForURL(/\/refund$/),
      page.getByRole("link", { name: /Refund Alice Backer/ }).click(),
    ]);
    await expectAccessible(page);
    await submit(page, "form.narrow-wide button[type=submit]");
    expect(await page.locator("#f-reason-error").textContent()).to.include("required");
    await expectAccessible(page);
    await shot(page, "admin-refund-error-en");
    await page.fill("#f-reason", "Backer asked to cancel before shipping.");
    await submit(page, "form.narrow-wide button[type=submit]");
    expect(await page.locator(".flash-success").textContent()).to.include("refunded");
    expect(await page.locator("#st-list table").textContent()).to.include("Alice Backer");
    const zh = await newPage(zhPhone);
    await signIn(zh, adminEmail);
    await zh.goto(`${server.url}/admin/settlement/${projectId}`);
    await expectAccessible(zh);
    await shot(zh, "admin-campaign-zh-375");
    // The ledger agrees with the gateway.
    const check = await startScript(
      { ...process.env, NODE_ENV: "test", DATA_DIR: server.dataDir, LOG_LEVEL: "silent" },
      "scripts/ledger-check.ts",
    ).done;
    expect(check.code, check.output).to.equal(0);
  });
});
