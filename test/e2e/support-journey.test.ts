import { expect } from "chai";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { translator } from "../../server/i18n/index.ts";
import type { Db } from "../../server/store/db.ts";
import { insertRiskFlag } from "../../server/store/risk.ts";
import { indexProject } from "../../server/store/search.ts";
import {
  clickAndWait,
  desktop,
  expectAccessible,
  Journey,
  phone,
  screenshot,
  scrollWidth,
  submit,
  type TestServer,
} from "../support/browser.ts";
import { addPledge } from "../support/comms-factory.ts";
import { NO_LIMITS } from "../support/ops-factory.ts";
import { addTier, createProject, createUser } from "../support/project-factory.ts";

const DAY = 24 * 3600 * 1000;
const SHOTS = process.env.SHOTS_DIR_OPS ?? "/tmp/shots-ops";
const en = translator("en");
const zh = translator("zh-CN");

/**
 * Issue 7, customer service and operations, end to end in Chromium: a backer finds the help centre,
 * opens a ticket about their pledge with a photo, an admin answers it from the queue and the backer
 * is emailed, sees the answer and rates it; the admin dashboard renders its charts (SVG, no script
 * needed) and the other admin pages; a visitor reports a project. Every page is checked with axe and
 * for console errors, in English, in Chinese and on a 375 px phone.
 */
describe("support tickets and the operations dashboard in Chromium (issue 7)", function () {
  this.timeout(120_000);
  let journey: Journey;
  let server: TestServer;
  let db: Db;
  let projectId: number;
  let pledgeId: number;
  let backerEmail: string;
  let adminEmail: string;
  let ticketPath = "";

  async function check(page: Page, name: string) {
    await expectAccessible(page);
    await screenshot(page, name, SHOTS);
  }

  before(async () => {
    journey = await Journey.start(NO_LIMITS);
    ({ server, db } = journey);
    const now = new Date();
    const creator = await createUser(db, { name: "Wang Fang" });
    const project = await createProject(db, {
      creatorId: creator.id,
      state: "live",
      title: "Hand-thrown tea set",
      category: "design",
      now,
      launchedAt: new Date(now.getTime() - 3 * DAY),
      deadlineAt: new Date(now.getTime() + 20 * DAY),
    });
    projectId = project.id;
    await indexProject(db, project);
    const tier = await addTier(db, projectId, { title: "Tea set", minimumMinor: 5_000 });
    const backer = await createUser(db, { name: "Bea Backer" });
    backerEmail = backer.email;
    pledgeId = await addPledge(db, { projectId, backerId: backer.id, tierId: tier, amountMinor: 12_000 });
    for (let i = 0; i < 3; i++) {
      const other = await createUser(db, { name: `Backer ${i}` });
      await addPledge(db, { projectId, backerId: other.id, amountMinor: 5_000 + i * 1_000 });
    }
    const whale = await createUser(db, { name: "Wen Whale" });
    const big = await addPledge(db, { projectId, backerId: whale.id, amountMinor: 9_000_000 });
    await insertRiskFlag(
      db,
      {
        kind: "large_pledge",
        pledgeId: big,
        projectId,
        userId: whale.id,
        ip: "203.0.113.7",
        details: { totalMinor: 9_000_000, thresholdMinor: 5_000_000, currency: "CNY" },
      },
      now,
    );
    adminEmail = (await createUser(db, { role: "admin", name: "Ada Admin" })).email;
  });
  after(() => journey?.close());
  afterEach(() => journey.expectNoErrors());

  it("a visitor reads the help centre and the investor education page", async () => {
    const page = await journey.newPage();
    await page.goto(`${server.url}/`);
    await clickAndWait(page.locator(".site-footer a[href='/help']"));
    expect(await page.locator("h1").textContent()).to.equal(en("help.index.title"));
    await check(page, "help-en");
    await clickAndWait(page.getByRole("link", { name: en("help.index.risksLink") }));
    expect(await page.locator("h1").textContent()).to.equal(en("help.topics.risks.title"));
    await check(page, "help-risks-en");
    await page.goto(`${server.url}/help/pledges`);
    await check(page, "help-pledges-en");
  });

  it("a backer opens a ticket about their pledge with a photo; a missing subject is shown and the input kept", async () => {
    const page = await journey.newPage();
    await journey.signIn(page, backerEmail);
    await page.goto(`${server.url}/help`);
    await clickAndWait(page.getByRole("link", { name: en("help.index.openTicket") }));
    expect(page.url()).to.equal(`${server.url}/support/tickets/new`);
    await check(page, "ticket-new-en");
    await page.getByLabel(en("ops.tickets.categories.dispute")).check();
    await page.selectOption("#f-about", `pledge:${pledgeId}`);
    await page
      .getByLabel(en("ops.tickets.fields.body"))
      .fill("The tea set arrived with two broken cups. Photo attached.");
    await submit(page, "form.ops-form button[type='submit']");
    expect(await page.locator("#f-subject-error").textContent()).to.include(en("validation.required"));
    expect(await page.getByLabel(en("ops.tickets.fields.body")).inputValue()).to.include("two broken cups");
    expect(await page.locator("#f-about").inputValue()).to.equal(`pledge:${pledgeId}`);
    await check(page, "ticket-new-error-en");
    await page.getByLabel(en("ops.tickets.fields.subject")).fill("Two cups broken on arrival");
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#b05a3c" } })
      .jpeg()
      .toBuffer();
    await page.setInputFiles("#f-attachment", { name: "cups.jpg", mimeType: "image/jpeg", buffer: photo });
    await submit(page, "form.ops-form button[type='submit']");
    expect(page.url()).to.match(/\/support\/tickets\/\d+$/);
    ticketPath = new URL(page.url()).pathname;
    expect(await page.locator("h1").textContent()).to.equal("Two cups broken on arrival");
    expect(await page.locator(".ops-files a").textContent()).to.equal("cups.jpg");
    await check(page, "ticket-open-en");
  });

  it("an admin sees the dashboard's charts, answers the ticket from the queue and resolves it", async () => {
    const page = await journey.newPage();
    await journey.signIn(page, adminEmail);
    await page.goto(`${server.url}/admin`);
    expect(await page.locator("svg.ops-svg").count()).to.equal(4);
    const bars = await page.locator("svg.ops-svg rect.ops-bar").count();
    expect(bars).to.be.greaterThan(0);
    const box = await page.locator("svg.ops-svg").first().boundingBox();
    expect(box?.width, "the chart is drawn at a readable size").to.be.greaterThan(300);
    expect(await page.locator("table.ops-table").count()).to.equal(4);
    await check(page, "dashboard-en");

    await page.getByRole("link", { name: en("ops.nav.tickets"), exact: true }).click();
    await page.waitForURL(`${server.url}/admin/tickets`);
    await check(page, "admin-tickets-en");
    await clickAndWait(page.getByRole("link", { name: "Two cups broken on arrival" }));
    expect(new URL(page.url()).pathname).to.equal(ticketPath.replace("/support/", "/admin/"));
    await check(page, "admin-ticket-en");
    await page
      .getByLabel(en("ops.tickets.fields.message"))
      .fill("Internal: refund two cups, creator agreed.");
    await page.getByLabel(en("ops.tickets.admin.modes.note")).check();
    await submit(page, "form[action*='/reply?'] button[type='submit']");
    expect(await page.locator(".ops-message-note").count()).to.equal(1);
    await page
      .getByLabel(en("ops.tickets.fields.message"))
      .fill("Sorry about that! The creator will send two new cups this week.");
    await page.getByLabel(en("ops.tickets.admin.modes.resolve")).check();
    await submit(page, "form[action*='/reply?'] button[type='submit']");
    expect(await page.locator(".flash").first().textContent()).to.include(en("ops.tickets.flash.resolve"));
    expect(await page.locator(".ops-state").first().textContent()).to.equal(
      en("ops.tickets.states.resolved"),
    );
    await check(page, "admin-ticket-resolved-en");
  });

  it("the backer is emailed, reads the answer (not the internal note) and rates it", async () => {
    const mail = (await server.mails()).find(
      (m) => m.to.includes(backerEmail) && m.text.includes("two new cups"),
    );
    expect(mail, "the reply email").to.not.equal(undefined);
    expect(mail?.text).to.include(`${server.url}${ticketPath}`);
    const page = await journey.newPage();
    await journey.signIn(page, backerEmail);
    await page.goto(`${server.url}${ticketPath}`);
    expect(await page.locator(".ops-messages").textContent()).to.include("two new cups");
    expect(await page.locator("body").textContent()).not.to.include("refund two cups");
    await page.getByLabel(en("ops.tickets.ratings.5")).check();
    await page.getByLabel(en("ops.tickets.fields.ratingComment")).fill("Quick and kind.");
    await submit(page, "form[action$='/rating'] button[type='submit']");
    expect(await page.locator(".flash").first().textContent()).to.include(en("ops.tickets.flash.rated"));
    await check(page, "ticket-rated-en");
  });

  it("in Chinese and on a 375 px phone: help, the ticket, the dashboard", async () => {
    const zhPage = await journey.newPage({ ...desktop, locale: "zh-CN" });
    await journey.signIn(zhPage, backerEmail);
    await zhPage.goto(`${server.url}/language/zh-CN?returnTo=${encodeURIComponent(ticketPath)}`);
    expect(await zhPage.locator("html").getAttribute("lang")).to.equal("zh-CN");
    expect(await zhPage.locator("body").textContent()).to.include(zh("ops.tickets.show.resolvedTitle"));
    await check(zhPage, "ticket-zh");
    await zhPage.goto(`${server.url}/help/risks`);
    await check(zhPage, "help-risks-zh");
    await zhPage.goto(`${server.url}/support/tickets/new`);
    await check(zhPage, "ticket-new-zh");

    const phonePage = await journey.newPage(phone);
    await journey.signIn(phonePage, adminEmail);
    await phonePage.goto(`${server.url}/admin`);
    const width = await scrollWidth(phonePage);
    expect(width, "no sideways scrolling at 375 px").to.be.at.most(375);
    await check(phonePage, "dashboard-375");
    await phonePage.goto(`${server.url}${ticketPath.replace("/support/", "/admin/")}`);
    await check(phonePage, "admin-ticket-375");
    await phonePage.goto(`${server.url}/language/zh-CN?returnTo=${encodeURIComponent("/admin")}`);
    await check(phonePage, "dashboard-zh-375");
    const backerPhone = await journey.newPage(phone);
    await journey.signIn(backerPhone, backerEmail);
    await backerPhone.goto(`${server.url}/help`);
    await check(backerPhone, "help-375");
    await backerPhone.goto(`${server.url}${ticketPath}`);
    await check(backerPhone, "ticket-375");
  });

  it("a backer reports a project; the admin moderates it and browses users, the audit log, risk and the monthly report", async () => {
    const page = await journey.newPage();
    await journey.signIn(page, backerEmail);
    await page.goto(`${server.url}/projects/${projectId}`);
    await check(page, "project-report-link-en");
    await clickAndWait(page.getByRole("link", { name: en("ops.project.report") }));
    await check(page, "report-form-en");
    await page.getByLabel(en("ops.reports.reasons.fraud")).check();
    await page
      .getByLabel(en("ops.reports.fields.details"))
      .fill("The photos look copied from another shop's catalogue.");
    await submit(page, "form.ops-form button[type='submit']");
    expect(await page.locator(".flash").first().textContent()).to.include(en("ops.reports.flash.sent"));

    const admin = await journey.newPage();
    await journey.signIn(admin, adminEmail);
    await admin.goto(`${server.url}/admin/reports`);
    await check(admin, "admin-reports-en");
    await clickAndWait(admin.getByRole("link", { name: en("ops.reports.queue.review"), exact: true }));
    await check(admin, "admin-report-case-en");
    await admin
      .getByLabel(en("ops.reports.fields.reasonSuspend"))
      .fill("Checking the photos with the creator.");
    await submit(admin, "form[action$='/suspend'] button[type='submit']");
    expect(await admin.locator(".ops-state-suspended").count()).to.be.greaterThan(0);
    await admin.goto(`${server.url}/projects/${projectId}`);
    expect(await admin.locator(".ops-suspended").count()).to.equal(1);
    await check(admin, "project-suspended-en");
    await admin.goto(`${server.url}/admin/risk`);
    expect(await admin.locator(".ops-flag-list li").count()).to.equal(1);
    await check(admin, "admin-risk-en");
    await admin.getByLabel(en("ops.risk.fields.note")).fill("Known collector; called them.");
    await submit(admin, ".ops-flag-form button[type='submit']");
    expect(await admin.locator(".flash").first().textContent()).to.include(en("ops.risk.flash.clear"));
    for (const [path, name] of [
      ["/admin/users", "admin-users-en"],
      ["/admin/audit", "admin-audit-en"],
      ["/admin/report", "admin-monthly-report-en"],
    ] as const) {
      await admin.goto(`${server.url}${path}`);
      await check(admin, name);
    }
    await admin.goto(`${server.url}/admin/users?q=Bea`);
    await clickAndWait(admin.getByRole("link", { name: "Bea Backer" }));
    await check(admin, "admin-user-en");
    await admin.emulateMedia({ media: "print" });
    await admin.goto(`${server.url}/admin/report`);
    expect(await admin.locator(".site-header").isVisible()).to.equal(false);
    expect(await admin.locator(".ops-report h1").isVisible()).to.equal(true);
    await screenshot(admin, "admin-monthly-report-print", SHOTS);
  });
});
