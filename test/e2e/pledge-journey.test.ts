import { expect } from "chai";
import type { Page } from "playwright-core";
import type { Db } from "../../server/store/db.ts";
import {
  expectAccessible,
  fillNewCard,
  Journey,
  phone,
  screenshot,
  scrollWidth,
  submit,
  type TestServer,
} from "../support/browser.ts";
import { addTier, createProject, createUser } from "../support/project-factory.ts";

const DAY = 24 * 3600 * 1000;

/**
 * Issue 4, end to end in Chromium: a backer pledges with a test card and sees the progress bar move,
 * changes the pledge, cancels it; a declined card shows a clear message and keeps the form. Every
 * page is checked with axe and for console errors (a CSP violation is one).
 */
describe("pledge journey in Chromium (issue 4)", function () {
  this.timeout(120_000);
  let journey: Journey;
  let server: TestServer;
  let db: Db;
  let projectId: number;
  let kitTier: number;
  let backerEmail: string;
  const backersText = async (page: Page) => (await page.locator(".funding-figures").textContent()) ?? "";

  before(async () => {
    journey = await Journey.start();
    ({ server, db } = journey);
    const creator = await createUser(db, { name: "Wang Fang" });
    const project = await createProject(db, {
      creatorId: creator.id,
      state: "live",
      title: "Celadon tea set · 青瓷茶具",
      goalMinor: 500_000,
      currency: "CNY",
      launchedAt: new Date(),
      deadlineAt: new Date(Date.now() + 20 * DAY),
    });
    projectId = project.id;
    kitTier = await addTier(db, projectId, {
      title: "Tea set for two",
      minimumMinor: 26_800,
      quantityLimit: 20,
    });
    await addTier(db, projectId, { title: "Thank-you postcard", minimumMinor: 3_000, ships: false });
    backerEmail = (await createUser(db, { name: "Bea Backer" })).email;
  });
  after(() => journey?.close());
  afterEach(() => journey.expectNoErrors());

  let page: Page;

  it("a backer pledges with a test card, reviews the total and sees the progress bar move", async () => {
    page = await journey.newPage();
    await journey.signIn(page, backerEmail);
    await page.goto(`${server.url}/projects/${projectId}`);
    expect(await backersText(page)).to.include("0 backers");
    const before = await page.locator("progress.funding-bar").getAttribute("value");

    await page.locator(`a[href="/projects/${projectId}/pledge?tier=${kitTier}"]`).click();
    await page.waitForURL(/\/pledge\?tier=/);
    await expectAccessible(page);
    expect(await page.inputValue("#f-amount")).to.equal("268.00");
    await page.fill("#f-amount", "300");
    await page.fill("#f-shipName", "Bea Backer");
    await page.fill("#f-shipAddress", "88 Longjing Road\nHangzhou");
    await page.selectOption("#f-shipRegion", "cn");
    await fillNewCard(page, { number: "4242 4242 4242 4242", name: "Bea Backer" });
    await submit(page, "form.pledge-form button[type=submit]");

    await expectAccessible(page);
    const review = (await page.locator("main").textContent()) ?? "";
    expect(review).to.include("¥310"); // 300 + 10 shipping to mainland China
    expect(review).to.include("only if the project reaches its goal");
    await screenshot(page, "pledge-review-en");
    await submit(page, 'button:has-text("Confirm pledge")');
    expect(page.url()).to.match(/\/pledges\/\d+$/);
    expect(await page.locator(".flash-success").textContent()).to.include("Thank you");
    await expectAccessible(page);

    await page.goto(`${server.url}/projects/${projectId}`);
    expect(await backersText(page)).to.include("1 backer");
    expect(await backersText(page)).to.include("¥310");
    const after = await page.locator("progress.funding-bar").getAttribute("value");
    expect(Number(after)).to.be.greaterThan(Number(before));
    const receipt = (await server.mails()).find(
      (m) => m.to.includes(backerEmail) && m.subject.includes("Your pledge"),
    );
    expect(receipt?.text).to.include("¥310");
  });

  it("changes the pledge, keeping its history", async () => {
    await page.goto(`${server.url}/pledges`);
    await expectAccessible(page);
    await page.locator("ul.pledge-list a").first().click();
    await page.waitForURL(/\/pledges\/\d+$/);
    await page.locator('a:has-text("Change pledge")').click();
    await page.waitForURL(/\/pledge$/);
    expect(await page.textContent("main")).to.include("You already back this project");
    await page.fill("#f-amount", "400");
    await submit(page, "form.pledge-form button[type=submit]"); // the saved card is already chosen
    expect(await page.textContent("main")).to.include("¥410");
    await submit(page, 'button:has-text("Confirm pledge")');
    const history = (await page.locator("ol.history").textContent()) ?? "";
    expect(history).to.include("Pledged").and.include("Changed");
    await page.goto(`${server.url}/projects/${projectId}`);
    expect(await backersText(page))
      .to.include("¥410")
      .and.include("1 backer");
  });

  it("cancels the pledge, and the project is back where it was", async () => {
    await page.goto(`${server.url}/pledges`);
    await page.locator("ul.pledge-list a").first().click();
    await page.waitForURL(/\/pledges\/\d+$/);
    await page.locator('a:has-text("Cancel pledge")').click();
    await expectAccessible(page);
    await submit(page, 'form[action$="/cancel"] button[type="submit"]');
    expect(await page.locator(".flash-success").textContent()).to.include("cancelled");
    await page.goto(`${server.url}/projects/${projectId}`);
    expect(await backersText(page)).to.include("0 backers");
  });

  it("a declined card gets a clear message, in Chinese too, and the form keeps what was typed", async () => {
    const phonePage = await journey.newPage(phone);
    await journey.signIn(phonePage, backerEmail);
    await phonePage.goto(
      `${server.url}/language/zh-CN?returnTo=${encodeURIComponent(`/projects/${projectId}/pledge`)}`,
    );
    await phonePage.check('input[name="tierId"][value="none"]');
    await phonePage.fill("#f-amount", "88.80");
    await fillNewCard(phonePage, {
      number: "4000 0000 0000 0002",
      expMonth: "11",
      cvc: "321",
      name: "Bea Backer",
    });
    await submit(phonePage, "form.pledge-form button[type=submit]");
    expect(await phonePage.textContent("#f-cardNumber-error")).to.include("该卡被拒绝");
    expect(await phonePage.inputValue("#f-amount")).to.equal("88.80");
    expect(await phonePage.inputValue("#f-cardName")).to.equal("Bea Backer");
    expect(await phonePage.inputValue("#f-cardNumber")).to.equal("");
    expect(await phonePage.inputValue("#f-cardCvc")).to.equal("");
    expect(await scrollWidth(phonePage)).to.be.at.most(375);
    await expectAccessible(phonePage);
    await screenshot(phonePage, "pledge-declined-zh-phone");
  });

  it("a backer with many pledges pages through them, 20 at a time", async () => {
    // 24 more pledges on other campaigns, with the card saved in the journey (set up in the database).
    const backer = await db("users").where({ email: backerEmail }).first();
    const card = await db("payment_methods").where({ user_id: backer.id }).first();
    for (let i = 1; i <= 24; i++) {
      const other = await createProject(db, {
        creatorId: (await createUser(db)).id,
        state: "live",
        title: `Campaign ${i}`,
        launchedAt: new Date(),
        deadlineAt: new Date(Date.now() + 20 * DAY),
      });
      const at = new Date(Date.now() + i * 1000).toISOString();
      await db("pledges").insert({
        project_id: other.id,
        backer_id: backer.id,
        amount_minor: 1_000 * i,
        total_minor: 1_000 * i,
        currency: "CNY",
        payment_method_id: card.id,
        created_at: at,
        updated_at: at,
      });
    }
    await page.goto(`${server.url}/pledges`);
    expect(await page.textContent("main")).to.include("25 pledges");
    expect(await page.locator("ul.pledge-list > li").count()).to.equal(20);
    expect(await page.locator("ul.pledge-list h2").first().textContent()).to.include("Campaign 24");
    await expectAccessible(page);
    await page.locator('a[rel="next"]').click();
    await page.waitForURL(/\/pledges\?page=2$/);
    expect(await page.locator("ul.pledge-list > li").count()).to.equal(5);
    expect(await page.textContent("main")).to.include("Page 2 of 2");
    await expectAccessible(page);
    await page.locator('a[rel="prev"]').click();
    await page.waitForURL(/\/pledges$/);

    // The second page in Chinese, on a phone: the count and the links fit the screen.
    const phonePage = await journey.newPage(phone);
    await journey.signIn(phonePage, backerEmail);
    await phonePage.goto(`${server.url}/language/zh-CN?returnTo=${encodeURIComponent("/pledges?page=2")}`);
    expect(await phonePage.textContent("main")).to.include("共 25 项支持");
    expect(await phonePage.locator("ul.pledge-list > li").count()).to.equal(5);
    expect(await phonePage.locator('a[rel="prev"]').count()).to.equal(1);
    expect(await scrollWidth(phonePage)).to.be.at.most(375);
    await expectAccessible(phonePage);
    await screenshot(phonePage, "my-pledges-page-2-zh-phone");
  });
});
