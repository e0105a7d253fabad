import { expect } from "chai";
import supertest from "supertest";
import type { Project } from "../../server/store/projects.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { cardTitles, createLiveProject, DAY, sectionHtml } from "../support/discover-factory.ts";
import { addEquityTerms, createProject, createUser } from "../support/project-factory.ts";

describe("discover: home, /discover and categories", () => {
  let ctx: TestContext;
  let now: Date;
  const get = (path: string) => supertest(ctx.app).get(path);
  const at = (days: number) => new Date(now.getTime() + days * DAY);

  before(async () => {
    ctx = await createTestContext();
    now = ctx.clock.now();
    const { id: creatorId } = await createUser(ctx.db);
    const live = (title: string, o: Partial<Parameters<typeof createLiveProject>[1]>) =>
      createLiveProject(ctx.db, { now, creatorId, title, goalMinor: 1_000_000, ...o });
    // Goal 10,000.00 each. Deadlines, launches and backers are all distinct so every order is strict.
    await live("Alpha", {
      staffPick: true,
      backersCount: 10,
      pledgedMinor: 100_000,
      launchedAt: at(-5),
      deadlineAt: at(20),
    });
    await live("Bravo", {
      staffPick: true,
      backersCount: 50,
      pledgedMinor: 200_000,
      launchedAt: at(-1),
      deadlineAt: at(30),
    });
    await live("Charlie", {
      backersCount: 500,
      pledgedMinor: 800_000,
      launchedAt: at(-6),
      deadlineAt: at(3),
      category: "food",
    });
    await live("Delta", { backersCount: 200, pledgedMinor: 999_999, launchedAt: at(-7), deadlineAt: at(1) });
    await live("Echo", {
      backersCount: 5,
      pledgedMinor: 1_000_000,
      launchedAt: at(-0.5),
      deadlineAt: at(25),
    });
    await live("Foxtrot", { backersCount: 1, pledgedMinor: 749_999, launchedAt: at(-8), deadlineAt: at(15) });
    // Never on the public lists: past its deadline, or not public.
    await live("Golf ended", {
      staffPick: true,
      backersCount: 10_000,
      pledgedMinor: 900_000,
      launchedAt: at(-0.1),
      deadlineAt: at(-1),
    });
    await createProject(ctx.db, {
      creatorId,
      title: "Hotel draft",
      state: "draft",
      staffPick: true,
      backersCount: 99_999,
      now,
    });
    await createProject(ctx.db, {
      creatorId,
      title: "India funded",
      state: "succeeded",
      backersCount: 9_999,
      now,
    });
  });
  after(() => ctx.close());

  describe("GET /", () => {
    let html: string;
    before(async () => {
      const res = await get("/");
      expect(res.status).to.equal(200);
      html = res.text;
    });

    it("explains the platform and how it works", () => {
      expect(html).to.include("Back bold ideas. Only pay when they&#39;re funded.");
      expect(html).to.include("How it works");
      expect(html).to.include('href="/discover"');
    });

    it("staff picks: picked live projects, newest launch first", () => {
      expect(cardTitles(sectionHtml(html, "section-staff_picks"))).to.deep.equal(["Bravo", "Alpha"]);
    });

    it("popular: most backers first, four at most", () => {
      expect(cardTitles(sectionHtml(html, "section-popular"))).to.deep.equal([
        "Charlie",
        "Delta",
        "Bravo",
        "Alpha",
      ]);
    });

    it("ending soon: nearest deadline still in the future first", () => {
      expect(cardTitles(sectionHtml(html, "section-ending"))).to.deep.equal([
        "Delta",
        "Charlie",
        "Foxtrot",
        "Alpha",
      ]);
    });

    it("newly launched: latest launch first", () => {
      expect(cardTitles(sectionHtml(html, "section-new"))).to.deep.equal([
        "Echo",
        "Bravo",
        "Alpha",
        "Charlie",
      ]);
    });

    it("nearly funded: 75% up to (not including) 100%, closest first", () => {
      // Delta 99.99 %, Charlie 80 %; Echo (100 %) and Foxtrot (74.9999 %) are out.
      expect(cardTitles(sectionHtml(html, "section-nearly_funded"))).to.deep.equal(["Delta", "Charlie"]);
    });

    it("shows the sections in order, each with a see-all link, and never ended, draft or settled projects", () => {
      const order = ["staff_picks", "popular", "ending", "new", "nearly_funded"].map((s) =>
        html.indexOf(`id="section-${s}"`),
      );
      expect(order.every((pos) => pos > 0)).to.equal(true);
      expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
      expect(html).to.include('href="/discover?sort=nearly_funded"');
      for (const never of ["Golf ended", "Hotel draft", "India funded"]) expect(html).not.to.include(never);
    });

    it("cards have a cover or placeholder, creator, category, a progress bar, money and days left", () => {
      const card = sectionHtml(html, "section-popular");
      expect(card).to.include('<progress max="100" value="80" aria-label="80 percent funded">');
      expect(card).to.include("CN¥8,000");
      expect(card).to.include("80% funded");
      expect(card).to.include("by Creator");
      expect(card).to.include('href="/categories/food"');
      expect(card).to.include("500 backers");
      expect(card).to.match(/\d+ days? to go|\d+ hours to go/);
    });

    it("hides empty sections", async () => {
      const empty = await createTestContext();
      try {
        const res = await supertest(empty.app).get("/");
        expect(res.status).to.equal(200);
        expect(res.text).not.to.include('id="section-');
        expect(res.text).to.include("No campaign is live right now.");
      } finally {
        await empty.close();
      }
    });

    it("renders in Chinese", async () => {
      const zh = (await get("/").set("Accept-Language", "zh-CN")).text;
      expect(zh).to.include("编辑推荐");
      expect(zh).to.include("即将达标");
      expect(zh).to.match(/还剩 \d+ (天|小时)/);
    });
  });

  describe("GET /discover", () => {
    it("lists every open live project, most backers first by default", async () => {
      const res = await get("/discover");
      expect(res.status).to.equal(200);
      expect(cardTitles(res.text)).to.deep.equal(["Charlie", "Delta", "Bravo", "Alpha", "Echo", "Foxtrot"]);
      expect(res.text).to.include("6 live projects");
    });

    it("sorts by each order", async () => {
      expect(cardTitles((await get("/discover?sort=ending")).text)).to.deep.equal([
        "Delta",
        "Charlie",
        "Foxtrot",
        "Alpha",
        "Echo",
        "Bravo",
      ]);
      expect(cardTitles((await get("/discover?sort=nearly_funded")).text)).to.deep.equal([
        "Delta",
        "Charlie",
      ]);
      expect(cardTitles((await get("/discover?sort=staff_picks")).text)).to.deep.equal(["Bravo", "Alpha"]);
      expect(cardTitles((await get("/discover?sort=new")).text)[0]).to.equal("Echo");
    });

    it("filters by category and by kind", async () => {
      expect(cardTitles((await get("/discover?category=food")).text)).to.deep.equal(["Charlie"]);
      const { id: creatorId } = await createUser(ctx.db);
      const equity: Project = await createLiveProject(ctx.db, {
        now,
        creatorId,
        kind: "equity",
        title: "Juliet Equity",
        currency: "USD",
      });
      await addEquityTerms(ctx.db, equity.id, { regime: "uk" });
      expect(cardTitles((await get("/discover?kind=equity")).text)).to.deep.equal(["Juliet Equity"]);
      expect(cardTitles((await get("/discover?kind=reward")).text)).not.to.include("Juliet Equity");
      await ctx.db("projects").where({ id: equity.id }).update({ state: "cancelled" });
    });

    it("ignores unknown or repeated filter values instead of failing", async () => {
      for (const query of [
        "sort=bogus",
        "kind=donation",
        "category=../../etc",
        "kind=reward&kind=equity",
        "sort[]=x",
        "category=%00",
      ]) {
        const res = await get(`/discover?${query}`);
        expect(res.status, query).to.equal(200);
      }
    });
  });

  describe("GET /categories/:slug", () => {
    it("lists the live projects of the category, with its name as the heading", async () => {
      const res = await get("/categories/food");
      expect(res.status).to.equal(200);
      expect(res.text).to.include("<h1>Food &amp; drink</h1>");
      expect(cardTitles(res.text)).to.deep.equal(["Charlie"]);
      expect(res.text).to.include('aria-current="page">Food &amp; drink</a>');
    });

    it("an empty category is a normal page", async () => {
      const res = await get("/categories/comics");
      expect(res.status).to.equal(200);
      expect(res.text).to.include("No live project matches these filters yet.");
    });

    for (const slug of ["nope", "FOOD", "food%20", "%2e%2e", "constructor", "__proto__"]) {
      it(`/categories/${slug} -> 404`, async () => {
        expect((await get(`/categories/${slug}`)).status).to.equal(404);
      });
    }
  });

  describe("pagination (12 a page)", () => {
    let paged: TestContext;
    before(async () => {
      paged = await createTestContext();
      const { id: creatorId } = await createUser(paged.db);
      const base = paged.clock.now();
      for (let i = 1; i <= 13; i++) {
        await createLiveProject(paged.db, {
          now: base,
          creatorId,
          category: "games",
          title: `Game ${i}`,
          backersCount: 100 - i,
        });
      }
    });
    after(() => paged.close());
    const page = (q: string) => supertest(paged.app).get(`/categories/games${q}`);

    it("page 1 has 12 cards and a link to page 2", async () => {
      const res = await page("");
      expect(cardTitles(res.text)).to.have.length(12);
      expect(res.text).to.include("Page 1 of 2");
      expect(res.text).to.include('href="/categories/games?sort=popular&amp;page=2"');
      expect(res.text).not.to.include('rel="prev"');
    });

    it("page 2 has the 13th and a link back", async () => {
      const res = await page("?page=2");
      expect(res.status).to.equal(200);
      expect(cardTitles(res.text)).to.deep.equal(["Game 13"]);
      expect(res.text).to.include('rel="prev"');
      expect(res.text).not.to.include('rel="next"');
    });

    for (const q of [
      "?page=0",
      "?page=-1",
      "?page=abc",
      "?page=1.5",
      "?page=",
      "?page=99999999999999999999",
      "?page[]=2",
    ]) {
      it(`${q} is page 1`, async () => {
        const res = await page(q);
        expect(res.status).to.equal(200);
        expect(res.text).to.include("Page 1 of 2");
      });
    }

    for (const q of ["?page=3", "?page=9999999"]) {
      it(`${q} (past the last page) -> 404`, async () => {
        expect((await page(q)).status).to.equal(404);
      });
    }
  });
});
