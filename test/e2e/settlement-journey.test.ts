import { expect } from "chai";
import type { BrowserContextOptions, Page } from "playwright-core";
import type { Db } from "../../server/store/db.ts";
import { tiersOf, updateProjectFields } from "../../server/store/projects.ts";
import {
  desktop,
  expectAccessible,
  fillNewCard,
  Journey,
  phone,
  screenshot,
  scrollWidth,
  submit,
  type TestServer,
} from "../support/browser.ts";
import { createSubmittedProject, createUser } from "../support/project-factory.ts";
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
  let journey: Journey;
  let server: TestServer;
  let db: Db;
  let projectId: number;
  let openTier: number;
  let creatorEmail: string;
  let aliceEmail: string;
  let bobEmail: string;
  let adminEmail: string;

  async function pledge(page: Page, amount: string, card: string, name: string) {
    await page.goto(`${server.url}/projects/${projectId}/pledge?tier=${openTier}`);
    await page.fill("#f-amount", amount);
    await fillNewCard(page, { number: card, name });
    await submit(page, "form.pledge-form button[type=submit]");
    await submit(page, 'form[action$="/pledge"] button[type="submit"]:not([formaction])'); // confirm, not "Change"
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
    journey = await Journey.start();
    ({ server, db } = journey);
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
  after(() => journey?.close());
  afterEach(() => journey.expectNoErrors());

  let alice: Page;
  let bob: Page;

  it("two backers pledge; the deadline passes and settlement charges one, the other's card fails", async () => {
    alice = await journey.newPage();
    await journey.signIn(alice, aliceEmail);
    await pledge(alice, "80", "4242 4242 4242 4242", "Alice Backer");
    bob = await journey.newPage(zhPhone);
    await journey.signIn(bob, bobEmail);
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
    await screenshot(alice, "my-pledges-charged-en", SHOTS);
    await alice.locator("ul.pledge-list a").first().click();
    await alice.waitForURL(/\/pledges\/\d+$/);
    expect(await alice.locator(".st-status").textContent()).to.include("Charged CN¥80 on");
    await expectAccessible(alice);
  });

  it("the backer whose card failed fixes it on a phone, in Chinese, and is charged", async () => {
    await bob.goto(`${server.url}/pledges`);
    expect(await bob.locator(".st-status").first().textContent()).to.include("未能扣款");
    await screenshot(bob, "my-pledges-failed-zh-375", SHOTS);
    await Promise.all([bob.waitForURL(/\/payment$/), bob.getByRole("link", { name: "处理付款" }).click()]);
    await expectAccessible(bob);
    await screenshot(bob, "fix-payment-zh-375", SHOTS);
    // The same failing card again: declined, with the reason, and the form is still there.
    await bob.check('input[name="paymentMethodId"]:not([value="new"])');
    await submit(bob, "form.pledge-form button[type=submit]");
    expect(await bob.locator(".error-summary").textContent()).to.include("这张卡也被拒绝了");
    await expectAccessible(bob);
    await fillNewCard(bob, { number: "4242 4242 4242 4242", name: "Wang Bo" });
    await submit(bob, "form.pledge-form button[type=submit]");
    expect(bob.url()).to.match(/\/pledges\/\d+$/);
    expect(await bob.locator(".flash-success").textContent()).to.include("付款成功");
    expect(await bob.locator(".st-status").textContent()).to.include("扣款 ¥40");
    await expectAccessible(bob);
    await screenshot(bob, "pledge-charged-zh-375", SHOTS);
  });

  it("the creator follows the settlement from the dashboard to the statement and the payout", async () => {
    const page = await journey.newPage();
    await journey.signIn(page, creatorEmail);
    await page.goto(`${server.url}/dashboard`);
    await Promise.all([
      page.waitForURL(/\/settlement$/),
      page.getByRole("link", { name: "Settlement and statement" }).click(),
    ]);
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).to.include("Retry window").and.include("estimate so far");
    expect(main).to.include("CN¥120"); // collected: 80 + 40
    await expectAccessible(page);
    await screenshot(page, "statement-estimate-en", SHOTS);

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
    await screenshot(page, "statement-paid-en", SHOTS);
    await page
      .getByRole("link", { name: /^Collected/ })
      .first()
      .click();
    expect(await page.locator("#st-list table").textContent()).to.include("Alice Backer");

    const zh = await journey.newPage(zhDesktop);
    await journey.signIn(zh, creatorEmail);
    await zh.goto(`${server.url}/projects/${projectId}/settlement`);
    expect(await zh.locator("h1").textContent()).to.include("结算单");
    await expectAccessible(zh);
    await screenshot(zh, "statement-paid-zh", SHOTS);
    const narrow = await journey.newPage(phone);
    await journey.signIn(narrow, creatorEmail);
    await narrow.goto(`${server.url}/projects/${projectId}/settlement`);
    await expectAccessible(narrow);
    await screenshot(narrow, "statement-paid-en-375", SHOTS);
    const width = await scrollWidth(narrow);
    expect(width, "no horizontal scrolling at 375 px").to.be.at.most(375);
  });

  it("an admin sees the campaign settled and refunds a pledge with a reason", async () => {
    const page = await journey.newPage();
    await journey.signIn(page, adminEmail);
    await page.goto(`${server.url}/admin/settlement`);
    expect(await page.locator("main").textContent()).to.include("Solar lantern");
    await expectAccessible(page);
    await screenshot(page, "admin-overview-en", SHOTS);
    await page.goto(`${server.url}/admin/settlement/${projectId}`);
    await expectAccessible(page);
    await screenshot(page, "admin-campaign-en", SHOTS);
    await Promise.all([
      page.waitForURL(/\/refund$/),
      page.getByRole("link", { name: /Refund Alice Backer/ }).click(),
    ]);
    await expectAccessible(page);
    await submit(page, "form.narrow-wide button[type=submit]");
    expect(await page.locator("#f-reason-error").textContent()).to.include("required");
    await expectAccessible(page);
    await screenshot(page, "admin-refund-error-en", SHOTS);
    await page.fill("#f-reason", "Backer asked to cancel before shipping.");
    await submit(page, "form.narrow-wide button[type=submit]");
    expect(await page.locator(".flash-success").textContent()).to.include("refunded");
    expect(await page.locator("#st-list table").textContent()).to.include("Alice Backer");
    const zh = await journey.newPage(zhPhone);
    await journey.signIn(zh, adminEmail);
    await zh.goto(`${server.url}/admin/settlement/${projectId}`);
    await expectAccessible(zh);
    await screenshot(zh, "admin-campaign-zh-375", SHOTS);
    // The ledger agrees with the gateway.
    const check = await startScript(
      { ...process.env, NODE_ENV: "test", DATA_DIR: server.dataDir, LOG_LEVEL: "silent" },
      "scripts/ledger-check.ts",
    ).done;
    expect(check.code, check.output).to.equal(0);
  });
});
