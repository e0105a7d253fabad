import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import supertest from "supertest";
import { demoAccounts, seedDemo } from "../../db/seeds/demo.ts";
import { demoBackers } from "../../db/seeds/demo-backing.ts";
import { demoPdf } from "../../db/seeds/demo-pdf.ts";
import { formatMoney } from "../../server/domain/money.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { cardTitles } from "../support/discover-factory.ts";
import { browser, escapeHtml, signIn } from "../support/http.ts";

describe("discover: demo data (npm run demo)", function () {
  this.timeout(60_000);
  let ctx: TestContext;
  const counts = async () => ({
    users: Number((await ctx.db("users").count({ n: "*" }).first())?.n),
    projects: Number((await ctx.db("projects").count({ n: "*" }).first())?.n),
    tiers: Number((await ctx.db("reward_tiers").count({ n: "*" }).first())?.n),
    images: Number((await ctx.db("images").count({ n: "*" }).first())?.n),
    documents: Number((await ctx.db("project_documents").count({ n: "*" }).first())?.n),
    indexed: Number(
      ((await ctx.db.raw("select count(*) as n from project_search")) as { n: number }[])[0]?.n,
    ),
    cards: Number((await ctx.db("payment_methods").count({ n: "*" }).first())?.n),
    pledges: Number((await ctx.db("pledges").count({ n: "*" }).first())?.n),
    pledgeEvents: Number((await ctx.db("pledge_events").count({ n: "*" }).first())?.n),
    commitments: Number((await ctx.db("commitments").count({ n: "*" }).first())?.n),
    identities: Number((await ctx.db("investor_identities").count({ n: "*" }).first())?.n),
    figures: await ctx
      .db("projects")
      .orderBy("id")
      .select("id", "goal_minor", "pledged_minor", "backers_count"),
    claimed: await ctx.db("reward_tiers").orderBy("id").pluck("quantity_claimed"),
  });
  /** A browser signed in as one of the demo accounts, with the password `npm run demo` prints. */
  async function signedIn(email: string) {
    const agent = browser(ctx.app);
    const password = demoAccounts.find((a) => a.email === email)?.password ?? "";
    expect((await signIn(agent, email, password)).status, `sign-in of ${email}`).to.equal(303);
    return agent;
  }
  /** What the rows say a live project has raised: active pledges, or standing commitments to an offering. */
  async function backing(projectId: number, kind: string) {
    const row =
      kind === "reward"
        ? await ctx
            .db("pledges")
            .where({ project_id: projectId, status: "active" })
            .first(ctx.db.raw("count(*) as n, coalesce(sum(total_minor), 0) as total"))
        : await ctx
            .db("commitments")
            .where({ project_id: projectId })
            .whereIn("status", ["active", "awaiting_reconfirmation"])
            .first(ctx.db.raw("count(*) as n, coalesce(sum(amount_minor), 0) as total"));
    return { count: Number(row?.n), totalMinor: Number(row?.total) };
  }

  before(async () => {
    ctx = await createTestContext();
    await seedDemo(ctx.db, ctx.clock.now(), ctx.config);
  });
  after(() => ctx.close());

  it("creates live reward and equity campaigns, a draft and a submitted project, with covers and documents", async () => {
    const byState = (await ctx
      .db("projects")
      .select("state", "kind")
      .count({ n: "*" })
      .groupBy("state", "kind")) as unknown as { state: string; kind: string; n: number }[];
    const n = (state: string, kind: string) =>
      Number(byState.find((r) => r.state === state && r.kind === kind)?.n ?? 0);
    expect(n("live", "reward")).to.be.at.least(8);
    expect(n("live", "equity")).to.equal(3);
    expect(n("draft", "reward")).to.equal(1);
    expect(n("submitted", "reward")).to.equal(1);
    const regimes = (await ctx.db("equity_terms").pluck("regime")).sort();
    expect(regimes).to.deep.equal(["cn_private", "uk", "us_reg_cf"]);
    const c = await counts();
    expect(c.indexed).to.equal(n("live", "reward") + n("live", "equity"));
    for (const image of await ctx.db("images").select("storage_key")) {
      for (const width of [600, 1200]) {
        const file = path.join(ctx.config.uploadDir, "images", `${image.storage_key}-${width}.webp`);
        expect(fs.existsSync(file), file).to.equal(true);
      }
    }
    for (const doc of await ctx.db("project_documents").select("storage_key")) {
      const file = path.join(ctx.config.uploadDir, "documents", `${doc.storage_key}.pdf`);
      expect(fs.readFileSync(file).subarray(0, 5).toString()).to.equal("%PDF-");
    }
  });

  it("fills every home section and is found in English and Chinese", async () => {
    const home = (await supertest(ctx.app).get("/")).text;
    for (const section of ["staff_picks", "popular", "ending", "new", "nearly_funded"]) {
      expect(home, section).to.include(`id="section-${section}"`);
    }
    expect(cardTitles((await supertest(ctx.app).get("/search?q=porcelain")).text)[0]).to.include(
      "porcelain tea set",
    );
    expect(cardTitles((await supertest(ctx.app).get("/search?q=茶具")).text)[0]).to.include("手工茶具");
    expect(cardTitles((await supertest(ctx.app).get("/search?q=咖啡")).text).join()).to.include("精品咖啡");
  });

  it("shows on every live project the sum and count of its pledges or commitments, and the rewards' claims are theirs", async () => {
    const admin = await signedIn("admin@demo.seedfund.test"); // also sees the restricted Chinese offering
    const live = await ctx.db("projects").where({ state: "live" }).select("id", "kind", "currency", "title");
    expect(live).to.have.length(12);
    for (const p of live) {
      const rows = await backing(p.id, p.kind);
      expect(rows.count, p.title).to.be.greaterThan(0);
      const figures = await ctx.db("projects").where({ id: p.id }).first("pledged_minor", "backers_count");
      expect([Number(figures.pledged_minor), figures.backers_count], p.title).to.deep.equal([
        rows.totalMinor,
        rows.count,
      ]);
      const html = (await admin.get(`/projects/${p.id}`)).text;
      expect(html, p.title).to.include(
        `class="figure-big">${formatMoney(rows.totalMinor, p.currency, "en")}</strong>`,
      );
      expect(html, p.title).to.include(`${rows.count} ${p.kind === "equity" ? "investors" : "backers"}`);
    }
    const tiers = await ctx
      .db("reward_tiers as t")
      .join("projects as p", "p.id", "t.project_id")
      .where("p.state", "live")
      .select(
        "t.title",
        "t.quantity_claimed",
        "t.quantity_limit",
        ctx.db.raw("(select count(*) from pledges where tier_id = t.id and status = 'active') as n"),
      );
    for (const t of tiers) expect(t.quantity_claimed, t.title).to.equal(Number(t.n));
    expect(tiers.some((t) => t.quantity_limit !== null && t.quantity_claimed === t.quantity_limit)).to.equal(
      true,
      "a sold-out reward",
    );
    const withoutEvent = await ctx
      .db("pledges as p")
      .leftJoin("pledge_events as e", function () {
        this.on("e.pledge_id", "p.id").andOnVal("e.kind", "created");
      })
      .whereNull("e.id")
      .count({ n: "*" })
      .first();
    expect(Number(withoutEvent?.n), "pledges without their 'created' event").to.equal(0);
  });

  it("backs the campaigns with generated backers in English and Chinese, each with a saved card", async () => {
    const emails = demoBackers.map((b) => b.email);
    expect(emails.length).to.be.within(20, 60);
    expect(new Set(emails).size).to.equal(emails.length);
    expect(
      demoBackers.some((b) => b.locale === "zh-CN") && demoBackers.some((b) => b.locale === "en"),
    ).to.equal(true);
    const users = await ctx
      .db("users as u")
      .whereIn("u.email", emails)
      .select("u.id", ctx.db.raw("(select count(*) from payment_methods where user_id = u.id) as cards"));
    expect(users).to.have.length(emails.length);
    for (const u of users) expect(Number(u.cards)).to.equal(1);
  });

  it("lets the creator export every backer, and gives the demo backer pledges of their own", async () => {
    const creator = await signedIn("creator@demo.seedfund.test");
    const teaSet = await ctx.db("projects").where("title", "like", "Hand-thrown porcelain%").first("id");
    const csv = await creator.get(`/projects/${teaSet.id}/backers.csv`);
    expect(csv.status).to.equal(200);
    const lines = csv.text.trim().split("\n");
    expect(lines.length - 1).to.equal((await backing(teaSet.id, "reward")).count);
    expect(csv.text).to.include("Beatrice Backer");

    const backer = await signedIn("backer@demo.seedfund.test");
    const mine = (await backer.get("/pledges")).text;
    const titles = await ctx
      .db("pledges as p")
      .join("projects as pr", "pr.id", "p.project_id")
      .join("users as u", "u.id", "p.backer_id")
      .where("u.email", "backer@demo.seedfund.test")
      .pluck("pr.title");
    expect(titles.length).to.be.at.least(2);
    for (const title of titles) expect(mine).to.include(escapeHtml(title));
  });

  it("running it again changes nothing", async () => {
    const before = await counts();
    await seedDemo(ctx.db, ctx.clock.now(), ctx.config);
    expect(await counts()).to.deep.equal(before);
  });

  it("writes a well-formed PDF (header, cross-reference offsets, trailer)", () => {
    const pdf = demoPdf("Orbit Farm Robotics, Inc.", "financials").toString("latin1");
    expect(pdf.startsWith("%PDF-1.4\n")).to.equal(true);
    expect(pdf.trimEnd().endsWith("%%EOF")).to.equal(true);
    const xref = Number(pdf.match(/startxref\n(\d+)/)?.[1]);
    expect(pdf.slice(xref, xref + 4)).to.equal("xref");
    const offsets = [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((offset, i) => {
      expect(pdf.slice(offset, offset + `${i + 1} 0 obj`.length)).to.equal(`${i + 1} 0 obj`);
    });
  });
});
