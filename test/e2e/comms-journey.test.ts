import { expect } from "chai";
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
import { addPledge } from "../support/comms-factory.ts";
import { addTier, createProject, createUser } from "../support/project-factory.ts";

const DAY = 24 * 3600 * 1000;
const SHOTS = process.env.SHOTS_DIR_COMMS ?? "/tmp/shots-comms";
const en = translator("en");
const zh = translator("zh-CN");

/**
 * Issue 7, end to end in Chromium: a creator posts an update with an image for backers only; a
 * backer sees it on the project page and in their notifications (the header shows the unread
 * count) and gets the email; a visitor sees only that a backers-only update exists; the backer asks
 * a question and the creator answers it. Every page is checked with axe and for console errors.
 */
describe("creator updates and notifications in Chromium (issue 7)", function () {
  this.timeout(120_000);
  let journey: Journey;
  let server: TestServer;
  let db: Db;
  let projectId: number;
  let fundedId: number;
  let creatorEmail: string;
  let backerEmail: string;
  let zhBackerEmail: string;
  let adminEmail: string;

  before(async () => {
    journey = await Journey.start();
    ({ server, db } = journey);
    const now = new Date();
    const creator = await createUser(db, { name: "Wang Fang" });
    creatorEmail = creator.email;
    const project = await createProject(db, {
      creatorId: creator.id,
      state: "live",
      title: "Hand-thrown tea set",
      now,
      launchedAt: now,
      deadlineAt: new Date(now.getTime() + 20 * DAY),
    });
    projectId = project.id;
    const tier = await addTier(db, projectId, { title: "Tea set", minimumMinor: 5_000 });
    const backer = await createUser(db, { name: "Bea Backer" });
    backerEmail = backer.email;
    await addPledge(db, { projectId, backerId: backer.id, tierId: tier });
    const zhBacker = await createUser(db, { name: "王芳", locale: "zh-CN" });
    zhBackerEmail = zhBacker.email;
    await addPledge(db, { projectId, backerId: zhBacker.id, tierId: tier });
    // A funded campaign, silent for 40 days, for the delivery page and the overdue notice.
    const funded = await createProject(db, {
      creatorId: creator.id,
      state: "succeeded",
      title: "Paper lamp",
      now: new Date(now.getTime() - 80 * DAY),
      launchedAt: new Date(now.getTime() - 70 * DAY),
      deadlineAt: new Date(now.getTime() - 40 * DAY),
    });
    fundedId = funded.id;
    await addTier(db, fundedId, { title: "One lamp", estimatedDelivery: "2026-10" });
    await addTier(db, fundedId, { title: "Two lamps", estimatedDelivery: "2026-12" });
    adminEmail = (await createUser(db, { role: "admin" })).email;
  });
  after(() => journey?.close());
  afterEach(() => journey.expectNoErrors());

  it("the creator posts a backers-only update with an image from the dashboard", async () => {
    const page = await journey.newPage();
    await journey.signIn(page, creatorEmail);
    await page.goto(`${server.url}/dashboard`);
    await clickAndWait(page.getByRole("link", { name: en("comms.dashboard.postUpdate") }).first());
    expect(page.url()).to.equal(`${server.url}/projects/${projectId}/updates/new`);
    await expectAccessible(page);
    // Submitting without a title shows what to fix, keeping the text.
    await page
      .getByLabel(en("comms.updates.form.body"))
      .fill("The **first batch** is out of the kiln.\n\n- 40 cups\n- 10 pots");
    await submit(page, 'form.cm-form button[type="submit"]');
    expect(await page.locator("#f-title-error").textContent()).to.include(en("validation.required"));
    expect(await page.getByLabel(en("comms.updates.form.body")).inputValue()).to.include("first batch");
    await expectAccessible(page);
    await screenshot(page, "update-form-error-en", SHOTS);
    await page.getByLabel(en("comms.updates.form.titleLabel")).fill("Kiln firing went well");
    await page.getByLabel(en("comms.updates.form.visibilityBackers")).check();
    const png = await sharp({ create: { width: 1200, height: 675, channels: 3, background: "#2f7d5b" } })
      .png()
      .toBuffer();
    await page.setInputFiles("#f-image", { name: "kiln.png", mimeType: "image/png", buffer: png });
    await submit(page, 'form.cm-form button[type="submit"]');
    expect(page.url()).to.match(new RegExp(`/projects/${projectId}/updates/\\d+$`));
    expect(await page.locator(".flash").first().textContent()).to.include(
      en("comms.updates.form.posted", { count: 2 }),
    );
    expect(await page.locator("h1").textContent()).to.equal("Kiln firing went well");
    expect(await page.locator(".prose strong").first().textContent()).to.equal("first batch");
    const loaded = await page
      .locator("img.cm-update-image")
      .evaluate((img: HTMLImageElement) => img.naturalWidth);
    expect(loaded).to.be.greaterThan(0);
    await expectAccessible(page);
    await screenshot(page, "update-page-en", SHOTS);
  });

  it("the backer sees it on the project page, in the notification list with the unread count, and gets the email", async () => {
    const page = await journey.newPage();
    await journey.signIn(page, backerEmail);
    const badge = page.locator(".cm-count");
    expect(await badge.textContent()).to.equal("1");
    await page.goto(`${server.url}/projects/${projectId}`);
    const update = page.locator(".cm-update").first();
    expect(await update.locator("h3").textContent()).to.include("Kiln firing went well");
    expect(await update.textContent()).to.include("40 cups");
    await expectAccessible(page);
    await screenshot(page, "project-updates-backer-en", SHOTS);
    await page.getByRole("link", { name: en("comms.nav.notifications") }).click();
    await page.waitForURL(`${server.url}/notifications`);
    const item = page.locator(".cm-notification").first();
    expect(await item.textContent()).to.include(
      en("comms.kinds.project_update.text", {
        project: "Hand-thrown tea set",
        title: "Kiln firing went well",
      }),
    );
    await expectAccessible(page);
    await screenshot(page, "notifications-en", SHOTS);
    await clickAndWait(item.getByRole("link", { name: en("comms.notifications.open") }));
    expect(page.url()).to.match(/\/updates\/\d+$/);
    expect(await page.locator(".cm-count").count(), "read: the badge is gone").to.equal(0);
    // The email, as the mail server would have received it.
    const mails = (await server.mails()).filter((m) => m.to.includes(backerEmail));
    const mail = mails.find((m) => m.subject.includes("Kiln firing went well"));
    expect(mail?.subject).to.equal(
      en("comms.kinds.project_update.subject", {
        project: "Hand-thrown tea set",
        title: "Kiln firing went well",
      }),
    );
    expect(mail?.text).to.include(`${server.url}/projects/${projectId}/updates/`);
    const zhMail = (await server.mails()).find((m) => m.to.includes(zhBackerEmail));
    expect(zhMail?.subject).to.equal(
      zh("comms.kinds.project_update.subject", {
        project: "Hand-thrown tea set",
        title: "Kiln firing went well",
      }),
    );
  });

  it("a visitor sees only that a backers-only update exists", async () => {
    const page = await journey.newPage();
    await page.goto(`${server.url}/projects/${projectId}`);
    const section = page.locator("#updates");
    expect(await section.textContent()).to.include(en("comms.updates.locked"));
    expect(await section.textContent()).to.not.include("Kiln firing went well");
    expect(await page.locator("#updates img").count()).to.equal(0);
    await expectAccessible(page);
  });

  it("the backer asks a question in Chinese, the creator answers it, on a phone too", async () => {
    const page = await journey.newPage({ ...phone, locale: "zh-CN" });
    await journey.signIn(page, zhBackerEmail);
    await page.goto(`${server.url}/projects/${projectId}#questions`);
    await submit(page, "form.cm-ask button[type=submit]");
    expect(await page.locator("#f-body-error").textContent()).to.include(zh("validation.required"));
    await expectAccessible(page);
    await screenshot(page, "ask-error-zh-375", SHOTS);
    await page.getByLabel(zh("comms.qa.askLabel")).fill("茶具可以用洗碗机清洗吗？");
    await submit(page, "form.cm-form button[type=submit]");
    expect(await page.locator(".flash").first().textContent()).to.include(zh("comms.qa.asked"));
    expect(await page.locator(".cm-question-body").first().textContent()).to.equal(
      "茶具可以用洗碗机清洗吗？",
    );
    await expectAccessible(page);
    await screenshot(page, "project-qa-zh-375", SHOTS);

    const creator = await journey.newPage();
    await journey.signIn(creator, creatorEmail);
    await creator.goto(`${server.url}/projects/${projectId}#questions`);
    await clickAndWait(creator.locator(".cm-question a.button").first());
    await expectAccessible(creator);
    await creator.getByLabel(en("comms.qa.answerLabel")).fill("Yes, the glaze is **dishwasher safe**.");
    await submit(creator, "form.cm-form button[type=submit]");
    expect(await creator.locator(".cm-answer").first().textContent()).to.include(
      en("comms.qa.creatorAnswer"),
    );
    await creator.setViewportSize({ width: 1280, height: 900 });
    await screenshot(creator, "project-qa-creator-en", SHOTS);

    await page.goto(`${server.url}/notifications`);
    expect(await page.locator(".cm-notification").first().textContent()).to.include(
      zh("comms.kinds.question_answered.text", {
        project: "Hand-thrown tea set",
        question: "茶具可以用洗碗机清洗吗？",
      }),
    );
    await expectAccessible(page);
    await screenshot(page, "notifications-zh-375", SHOTS);
  });

  it("email preferences on the account page, in English and Chinese", async () => {
    const page = await journey.newPage();
    await journey.signIn(page, backerEmail);
    await page.goto(`${server.url}/account#notifications`);
    await page.getByLabel(en("comms.preferences.kinds.project_update")).uncheck();
    await submit(page, 'form[action="/account/notifications"] button[type=submit]');
    expect(await page.locator(".flash").first().textContent()).to.include(en("comms.preferences.saved"));
    expect(await page.getByLabel(en("comms.preferences.kinds.project_update")).isChecked()).to.equal(false);
    await expectAccessible(page);
    await screenshot(page, "account-preferences-en", SHOTS);
    await page.goto(`${server.url}/language/zh-CN?returnTo=/account`);
    await expectAccessible(page);
    await screenshot(page, "account-preferences-zh", SHOTS);
  });

  it("the funded creator sets delivery statuses and sees that an update is overdue", async () => {
    const page = await journey.newPage();
    await journey.signIn(page, creatorEmail);
    await page.goto(`${server.url}/projects/${fundedId}/delivery`);
    expect(await page.locator(".cm-overdue").textContent()).to.include(
      en("comms.delivery.overdueOwn", { days: 40 }),
    );
    await page
      .getByLabel(en("comms.delivery.tierStatusLabel", { tier: "One lamp" }))
      .selectOption("shipping");
    await submit(page, ".cm-delivery-list li:first-child button[type=submit]");
    expect(await page.locator(".flash").first().textContent()).to.include(
      en("comms.delivery.saved", { tier: "One lamp" }),
    );
    await expectAccessible(page);
    await screenshot(page, "delivery-en", SHOTS);
    const visitor = await journey.newPage({ ...phone, locale: "zh-CN" });
    await visitor.goto(`${server.url}/projects/${fundedId}`);
    expect(await visitor.locator("#delivery").textContent()).to.include(zh("comms.delivery.status.shipping"));
    expect(await visitor.locator(".cm-overdue").textContent()).to.include(
      zh("comms.delivery.overdueNotice", { days: 40 }),
    );
    await expectAccessible(visitor);
    await screenshot(visitor, "project-delivery-zh-375", SHOTS);
  });

  it("admins see the outbox, the Q&A reports and the overdue list", async () => {
    const reporter = await journey.newPage();
    await journey.signIn(reporter, backerEmail);
    await reporter.goto(`${server.url}/projects/${projectId}#questions`);
    await clickAndWait(reporter.getByRole("link", { name: en("comms.qa.reportAnswer") }).first());
    await expectAccessible(reporter);
    await reporter.getByLabel(en("comms.qa.reason")).selectOption("misleading");
    await reporter
      .getByLabel(en("comms.qa.note"))
      .fill("Glaze is not dishwasher safe according to the maker.");
    await submit(reporter, "form.cm-form button[type=submit]");
    expect(await reporter.locator(".flash").first().textContent()).to.include(en("comms.qa.reported"));

    const page = await journey.newPage();
    await journey.signIn(page, adminEmail);
    await page.goto(`${server.url}/admin/qa`);
    expect(await page.locator(".cm-moderation li").first().textContent()).to.include("dishwasher");
    await expectAccessible(page);
    await screenshot(page, "admin-qa-en", SHOTS);
    await page.goto(`${server.url}/admin/overdue`);
    expect(await page.locator("table").textContent()).to.include("Paper lamp");
    await expectAccessible(page);
    await screenshot(page, "admin-overdue-en", SHOTS);
    await page.goto(`${server.url}/admin/outbox`);
    await expectAccessible(page);
    await screenshot(page, "admin-outbox-en", SHOTS);
    await page.goto(`${server.url}/language/zh-CN?returnTo=/admin/qa`);
    await expectAccessible(page);
    await screenshot(page, "admin-qa-zh", SHOTS);
    const phonePage = await journey.newPage(phone);
    await journey.signIn(phonePage, adminEmail);
    await phonePage.goto(`${server.url}/admin/outbox`);
    await screenshot(phonePage, "admin-outbox-375", SHOTS);
  });
});
