import { expect } from "chai";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { translator } from "../../server/i18n/index.ts";
import type { Db } from "../../server/store/db.ts";
import {
  clickAndWait,
  expectAccessible,
  Journey,
  phone,
  screenshot,
  submit,
  type TestServer,
} from "../support/browser.ts";
import { createUser } from "../support/project-factory.ts";

const en = translator("en");

/**
 * Issue 3, end to end in Chromium: a creator drafts a reward project with two tiers and a cover,
 * completes the checklist and submits it; an admin approves it; the creator launches it; a visitor
 * finds it by an English and by a Chinese word and sees its progress bar. Every page is checked
 * with axe (no serious or critical violation) and for console errors (a CSP violation is one).
 */
describe("campaign journey in Chromium (issue 3)", function () {
  this.timeout(120_000);
  let journey: Journey;
  let server: TestServer;
  let db: Db;
  const creator = {
    name: "Wang Fang",
    email: `wang-${Date.now()}@example.com`,
    password: "porcelain lanterns glow",
  };
  let adminEmail: string;
  let projectId: number;
  const title = "Porcelain lantern kit · 陶瓷灯笼";

  before(async () => {
    journey = await Journey.start();
    ({ server, db } = journey);
    // The admin is made directly in the database, as `npm run create-admin` would.
    adminEmail = (await createUser(db, { role: "admin", name: "Ada Admin" })).email;
  });
  after(() => journey?.close());
  afterEach(() => journey.expectNoErrors());

  let creatorPage: Page;

  it("a creator drafts a reward project with a cover and two tiers, completes the checklist and submits it", async () => {
    const page = await journey.newPage();
    creatorPage = page;
    await page.goto(`${server.url}/register`);
    await page.fill("#f-name", creator.name);
    await page.fill("#f-email", creator.email);
    await page.fill("#f-password", creator.password);
    await submit(page, 'form[action="/register"] button[type="submit"]');

    await page.goto(`${server.url}/projects/new`);
    await expectAccessible(page);
    await page.check("#f-kind"); // the first kind: reward
    await page.fill("#f-title", title);
    await page.fill("#f-blurb", "Build a glowing porcelain lantern at home. 在家亲手做一盏陶瓷灯笼。");
    await page.selectOption("#f-category", "design");
    await page.fill("#f-location", "景德镇 Jingdezhen");
    await page.fill("#f-goal", "8000");
    await page.selectOption("#f-currency", "CNY");
    await page.fill("#f-durationDays", "30");
    await submit(page, 'form[action="/projects/new"] button[type="submit"]');
    const match = page.url().match(/\/projects\/(\d+)\/edit$/);
    expect(match, page.url()).to.not.equal(null);
    projectId = Number(match?.[1]);

    await page.fill(
      "#f-storyMd",
      "## The kit\n\nEverything to throw, carve and fire a porcelain lantern.\n\n## 套件\n\n手工陶瓷灯笼套件：泥料、雕刻工具和烧制说明。",
    );
    await page.fill("#f-risks", "Kilns break. 窑炉可能损坏，我们预留了三周时间。");
    await page.fill("#f-team", "Wang Fang, potter.");
    await submit(page, `form[action="/projects/${projectId}/edit"] button[type="submit"]`);
    await expectAccessible(page);

    const cover = await sharp({
      create: { width: 1200, height: 675, channels: 3, background: { r: 15, g: 94, b: 99 } },
    })
      .png()
      .toBuffer();
    await page.setInputFiles("#f-cover", { name: "cover.png", mimeType: "image/png", buffer: cover });
    await submit(page, `form[action^="/projects/${projectId}/cover"] button[type="submit"]`);
    expect(await page.locator(".pj-cover-preview img").count()).to.equal(1);

    for (const tier of [
      { title: "Lantern kit", minimum: "268", limit: "50" },
      { title: "Studio workshop", minimum: "880", limit: "" },
    ]) {
      await page.goto(`${server.url}/projects/${projectId}/tiers`);
      await page.fill("#f-title", tier.title);
      await page.fill("#f-description", `${tier.title}: clay, tools and a thank-you card.`);
      await page.fill("#f-minimum", tier.minimum);
      await page.fill("#f-quantityLimit", tier.limit);
      await page.fill("#f-estimatedDelivery", "2099-06");
      await page.check("#f-ships");
      await page.fill("#f-fee_cn", "0");
      await page.fill("#f-fee_europe", "60");
      await submit(page, `form[action="/projects/${projectId}/tiers"] button[type="submit"]`);
    }
    await expectAccessible(page);
    await page.check("#f-attest");
    await submit(page, `form[action="/projects/${projectId}/attest"] button[type="submit"]`);

    await page.goto(`${server.url}/account/creator-profile`);
    await page.fill("#f-legalName", "Wang Fang");
    await page.selectOption("#f-country", "CN");
    await page.selectOption("#f-idType", "national_id");
    await page.fill("#f-idNumber", "11010119900307123X");
    await page.fill("#f-payoutHolder", "Wang Fang");
    await page.fill("#f-payoutBank", "Bank of Example");
    await page.fill("#f-payoutAccount", "6222020200112233445");
    await submit(page, 'form[action="/account/creator-profile"] button[type="submit"]');

    await page.goto(`${server.url}/projects/${projectId}/submit`);
    await expectAccessible(page);
    await submit(page, `form[action="/projects/${projectId}/submit"] button[type="submit"]`);
    const state = await db("projects").where({ id: projectId }).first("state");
    expect(state?.state).to.equal("submitted");

    // Before launch, a visitor cannot see it, and the creator sees a preview.
    await page.goto(`${server.url}/projects/${projectId}`);
    expect(await page.locator(".preview-banner").count()).to.equal(1);
  });

  it("an admin approves it", async () => {
    const page = await journey.newPage();
    await journey.signIn(page, adminEmail);
    await page.goto(`${server.url}/admin/projects/${projectId}`);
    await expectAccessible(page);
    await submit(page, `form[action="/admin/projects/${projectId}/approve"] button[type="submit"]`);
    const state = await db("projects").where({ id: projectId }).first("state");
    expect(state?.state).to.equal("approved");
  });

  it("the creator launches it", async () => {
    const page = creatorPage;
    await page.goto(`${server.url}/dashboard`);
    await expectAccessible(page);
    await submit(page, `form[action="/projects/${projectId}/launch"] button[type="submit"]`);
    const row = await db("projects").where({ id: projectId }).first("state", "deadline_at");
    expect(row?.state).to.equal("live");
    expect(row?.deadline_at).to.be.a("string");
  });

  it("a visitor finds it by an English word and by Chinese words and sees its progress bar", async () => {
    const page = await journey.newPage();
    await page.goto(server.url);
    await expectAccessible(page);
    expect(await page.locator(`.card-title a[href="/projects/${projectId}"]`).count()).to.be.greaterThan(0);

    // English, through the search box in the header.
    await page.fill("#site-search-q", "lantern");
    await Promise.all([page.waitForNavigation(), page.press("#site-search-q", "Enter")]);
    expect(new URL(page.url()).pathname).to.equal("/search");
    await expectAccessible(page);
    await screenshot(page, "discover-search-en");
    const found = page.locator(`.card-title a[href="/projects/${projectId}"]`);
    expect(await found.textContent()).to.equal(title);

    // Chinese: a four-character word (trigram index) and a two-character one (the fallback).
    for (const word of ["陶瓷灯笼", "灯笼"]) {
      await page.goto(`${server.url}/search?q=${encodeURIComponent(word)}`);
      expect(await page.locator(`.card-title a[href="/projects/${projectId}"]`).count(), word).to.equal(1);
    }

    await clickAndWait(page.locator(`.card-title a[href="/projects/${projectId}"]`));
    expect(new URL(page.url()).pathname).to.equal(`/projects/${projectId}`);
    expect(await page.locator("h1").textContent()).to.equal(title);
    const bar = page.locator("progress.funding-bar");
    expect(await bar.count()).to.equal(1);
    expect(await bar.getAttribute("max")).to.equal("100");
    expect(await bar.getAttribute("value")).to.equal("0");
    const figures = (await page.locator(".funding-figures").textContent()) ?? "";
    expect(figures).to.include(en("discover.project.funded", { percent: 0 }));
    expect(figures).to.match(/(29|30) days to go/); // launched just now for 30 days
    expect(await page.locator(".tier").count()).to.equal(2);
    expect(await page.locator(".project-cover img").getAttribute("alt")).to.equal(
      en("discover.project.coverAlt", { title }),
    );
    expect(await page.locator(".preview-banner").count()).to.equal(0);
    await expectAccessible(page);
    await screenshot(page, "discover-project-en");
  });

  it("the same pages pass in Chinese and on a phone", async () => {
    const page = await journey.newPage({
      ...phone,
      locale: "zh-CN",
      extraHTTPHeaders: { "Accept-Language": "zh-CN" },
    });
    for (const target of [
      "/",
      `/search?q=${encodeURIComponent("灯笼")}`,
      "/discover",
      `/projects/${projectId}`,
    ]) {
      await page.goto(`${server.url}${target}`);
      expect(await page.getAttribute("html", "lang")).to.equal("zh-CN");
      await expectAccessible(page);
    }
    expect(await page.locator(".funding-figures").textContent()).to.match(/还剩 \d+ 天/);
    await screenshot(page, "discover-project-zh-phone");
  });
});
