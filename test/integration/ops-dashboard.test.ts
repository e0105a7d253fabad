import { expect } from "chai";
import { defaultRange } from "../../server/domain/ops.ts";
import { ForbiddenError } from "../../server/errors.ts";
import { translator } from "../../server/i18n/index.ts";
import { OpsService } from "../../server/services/ops.ts";
import type { User } from "../../server/store/users.ts";
import { projectViewsFor } from "../../server/web/support.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, escapeHtml } from "../support/http.ts";
import { DAY, liveProject, NO_LIMITS, placePledge, postMultipart, signedIn } from "../support/ops-factory.ts";
import { createProject } from "../support/project-factory.ts";
import { back, liveCampaign, passDeadline, settlerOf } from "../support/settlement-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");
const shows = (html: string, text: string) => expect(html).to.include(escapeHtml(text));

describe("operations dashboard", () => {
  let ctx: TestContext;
  let admin: { user: User; agent: Agent };
  before(async () => {
    ctx = await createTestContext(NO_LIMITS);
    ctx.clock.set(new Date("2026-03-15T12:00:00.000Z"));
    admin = await signedIn(ctx, { role: "admin" });
  });
  after(() => ctx.close());

  /** The text of the figure whose label is `label` on the dashboard. */
  function figure(html: string, label: string): string {
    const m = new RegExp(
      `ops-figure-label">${escapeHtml(label).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</span>\\s*<span class="ops-figure[^"]*">([^<]*)<`,
    ).exec(html);
    return m?.[1]?.trim() ?? "";
  }

  it("keeps the review counts and adds the figures, charts and links, for admins only", async () => {
    const res = await admin.agent.get("/admin");
    expect(res.status).to.equal(200);
    expect([...res.text.matchAll(/admin-stat-number">([^<]*)</g)].map((m) => m[1])).to.have.length(3);
    expect(res.text).to.include('href="/admin/review"');
    shows(res.text, en("ops.dashboard.pledged"));
    expect(res.text).to.include('href="/admin/dashboard.csv?from=2026-02-14&amp;to=2026-03-15"');
    expect(res.text).to.include('href="/admin/report?month=2026-02"');
    const member = await signedIn(ctx);
    expect((await member.agent.get("/admin")).status).to.equal(403);
    expect((await member.agent.get("/admin/dashboard.csv")).status).to.equal(403);
    expect((await member.agent.get("/admin/report")).status).to.equal(403);
    const ops = new OpsService({ db: ctx.db, clock: ctx.clock, firstResponseHours: 24 });
    expect(await ops.figures(member.user, defaultRange(ctx.clock.now())).catch((e) => e)).to.be.instanceOf(
      ForbiddenError,
    );
  });

  describe("figures over a range", () => {
    before(async () => {
      const now = ctx.clock.now();
      const creator = await signedIn(ctx);
      const cny = await liveProject(ctx, creator.user.id, { currency: "CNY", category: "design" });
      const usd = await liveProject(ctx, creator.user.id, { currency: "USD", category: "games" });
      await liveProject(ctx, creator.user.id, { category: "design" });
      // Outcomes: deadline in the range, one succeeded, one failed; one long before the range.
      for (const state of ["succeeded", "failed"] as const) {
        await createProject(ctx.db, {
          creatorId: creator.user.id,
          state,
          now,
          launchedAt: new Date(now.getTime() - 40 * DAY),
          deadlineAt: new Date(now.getTime() - 2 * DAY),
        });
      }
      await createProject(ctx.db, {
        creatorId: creator.user.id,
        state: "succeeded",
        now,
        launchedAt: new Date(now.getTime() - 200 * DAY),
        deadlineAt: new Date(now.getTime() - 170 * DAY),
      });
      // Backers: one backs two projects (repeat), one backs one; one pledge is cancelled.
      const a = await signedIn(ctx);
      const b = await signedIn(ctx);
      await placePledge(ctx, a.user, cny, { amountMinor: 12_345 });
      await placePledge(ctx, a.user, usd, { amountMinor: 5_000 });
      await placePledge(ctx, b.user, cny, { amountMinor: 10_000 });
      // Views: three visits to the page; the admin's own visit does not count.
      for (let i = 0; i < 3; i++)
        expect((await browser(ctx.app).get(`/projects/${cny.id}`)).status).to.equal(200);
      await admin.agent.get(`/projects/${cny.id}`);
      // A support ticket answered after 90 minutes.
      const id = Number(
        (
          await postMultipart(a.agent, "/support/tickets/new", "/support/tickets", {
            category: "question",
            subject: "s",
            body: "b",
          })
        ).headers.location
          ?.split("/")
          .pop(),
      );
      ctx.clock.advance(90 * 60_000);
      await postMultipart(admin.agent, `/admin/tickets/${id}`, `/admin/tickets/${id}/reply`, {
        body: "Answer",
        mode: "reply",
      });
      ctx.clock.set(new Date("2026-03-15T12:00:00.000Z"));
    });

    it("shows pledged per currency, campaigns, success rate, people, conversion, category mix and support", async () => {
      const res = await admin.agent.get("/admin");
      expect(figure(res.text, en("ops.dashboard.pledged"))).to.equal("CN¥223.45 · $50");
      expect(figure(res.text, en("ops.dashboard.launched"))).to.equal("3");
      expect(figure(res.text, en("ops.dashboard.successRate"))).to.equal("50 %");
      expect(figure(res.text, en("ops.dashboard.backers"))).to.equal("2");
      shows(res.text, en("ops.dashboard.repeat", { repeat: "1", share: "50 %" }));
      expect(figure(res.text, en("ops.dashboard.conversion"))).to.equal("66.7 %");
      shows(res.text, en("ops.dashboard.conversionOf", { backers: "2", views: "3" }));
      expect(figure(res.text, en("ops.dashboard.medianMinutes"))).to.equal("1 h 30 min");
      const newUsers = Number(figure(res.text, en("ops.dashboard.newUsers")));
      expect(newUsers).to.be.at.least(4);
      expect(res.text).to.match(/<th scope="row">Design<\/th><td class="num">2<\/td>/);
      expect(res.text).to.match(/<th scope="row">Games<\/th><td class="num">1<\/td>/);
    });

    it("draws every chart as SVG with a title, a description and a data table, and no script", async () => {
      const res = await admin.agent.get("/admin");
      const svgs = res.text.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
      expect(svgs).to.have.length(4);
      for (const svg of svgs) {
        expect(svg).to.match(/role="img" aria-labelledby="([\w-]+)-title \1-desc"/);
        expect(svg).to.match(/<title id="[\w-]+-title">[^<]+<\/title>/);
        expect(svg).to.match(/<desc id="[\w-]+-desc">[^<]+<\/desc>/);
        expect(svg).not.to.include("style=");
      }
      expect((res.text.match(/<table class="ops-table">/g) ?? []).length).to.equal(4);
      expect(res.text).not.to.match(/<script(?![^>]*src="\/static\/js\/app\.js")/);
      expect(res.text).to.match(/<rect class="ops-bar"[^>]*height="[1-9]/);
    });

    it("counts page views in memory and writes them in batches, never on the request", async () => {
      const other = await liveProject(ctx, admin.user.id);
      const views = projectViewsFor(ctx);
      await views.flush();
      const before = await ctx.db("project_views").where({ project_id: other.id }).first();
      expect(before).to.equal(undefined);
      for (let i = 0; i < 5; i++) await browser(ctx.app).get(`/projects/${other.id}`);
      await browser(ctx.app).get("/projects/999999"); // a 404 counts nothing
      expect(await ctx.db("project_views").where({ project_id: other.id }).first()).to.equal(undefined);
      expect(views.pending).to.equal(5);
      await views.flush();
      expect(await ctx.db("project_views").where({ project_id: other.id }).first()).to.include({
        views: 5,
        day: "2026-03-15",
      });
      await browser(ctx.app).get(`/projects/${other.id}`);
      await views.stop();
      expect((await ctx.db("project_views").where({ project_id: other.id }).first()).views).to.equal(6);
    });

    it("validates the range, keeps what was typed, and shows the default period meanwhile", async () => {
      const res = await admin.agent
        .get("/admin?from=2026-02-31&to=yesterday")
        .set("Accept-Language", "zh-CN");
      expect(res.status).to.equal(422);
      shows(res.text, zh("ops.range.invalidDate"));
      expect(res.text).to.include('value="2026-02-31"');
      expect(res.text).to.include('value="yesterday"');
      const backwards = await admin.agent.get("/admin?from=2026-03-10&to=2026-03-01");
      expect(backwards.status).to.equal(422);
      shows(backwards.text, en("ops.range.endBeforeStart"));
      const tooLong = await admin.agent.get("/admin?from=2020-01-01&to=2026-01-01");
      expect(tooLong.status).to.equal(422);
      const narrow = await admin.agent.get("/admin?from=2026-01-01&to=2026-01-31");
      expect(narrow.status).to.equal(200);
      expect(figure(narrow.text, en("ops.dashboard.launched"))).to.equal("0");
      shows(narrow.text, en("ops.dashboard.noLaunches"));
    });

    it("exports the figures as CSV (BOM, exact amounts in major units, every day)", async () => {
      const res = await admin.agent.get("/admin/dashboard.csv?from=2026-03-01&to=2026-03-15");
      expect(res.status).to.equal(200);
      expect(res.headers["content-type"]).to.match(/^text\/csv/);
      expect(res.headers["content-disposition"]).to.include("seedfund-figures-2026-03-01-2026-03-15.csv");
      expect(res.text.charCodeAt(0)).to.equal(0xfeff);
      expect(res.text).to.include("Pledged,Amount,CNY,223.45");
      expect(res.text).to.include("Pledged,Amount,USD,50.00");
      expect(res.text).to.include("Campaigns,Success rate,,50");
      expect(res.text).to.include("Pledges per day,2026-03-15,,3");
      expect(res.text).to.include("Pledges per day,2026-03-01,,0");
      expect((await admin.agent.get("/admin/dashboard.csv?from=nope")).status).to.equal(400);
    });

    it("prints a monthly operations report (print stylesheet), and refuses a month that is not one", async () => {
      const res = await admin.agent.get("/admin/report?month=2026-03");
      expect(res.status).to.equal(200);
      expect(res.text).to.include('class="ops-report"');
      expect(res.text).to.include('class="ops-noprint"');
      shows(res.text, en("ops.report.title", { month: "March 2026" }));
      expect((res.text.match(/<svg/g) ?? []).length).to.equal(4);
      const css = await browser(ctx.app).get("/static/css/app.css");
      expect(css.text).to.match(/@media print[\s\S]*\.ops-noprint/);
      const bad = await admin.agent.get("/admin/report?month=2026-13");
      expect(bad.status).to.equal(422);
      shows(bad.text, en("ops.report.invalidMonth"));
      const chinese = await admin.agent.get("/admin/report?month=2026-03").set("Accept-Language", "zh-CN");
      shows(chinese.text, zh("ops.report.title", { month: "2026年3月" }));
    });
  });

  describe("after settlement", () => {
    it("shows collected money once settlement has charged backers", async () => {
      const before = await admin.agent.get("/admin");
      expect(figure(before.text, en("ops.dashboard.collected"))).to.equal(en("ops.dashboard.none"));
      const campaign = await liveCampaign(ctx, { goalMinor: 1_000 });
      await back(ctx, campaign, { amountMinor: 4_000 });
      await back(ctx, campaign, { amountMinor: 6_000 });
      passDeadline(ctx);
      await settlerOf(ctx).settleDue();
      const after = await admin.agent.get("/admin");
      expect(figure(after.text, en("ops.dashboard.collected"))).to.equal("CN¥100");
      shows(after.text, en("ops.dashboard.chargeCount", { count: 2 }));
      ctx.clock.set(new Date("2026-03-15T12:00:00.000Z"));
    });
  });
});
