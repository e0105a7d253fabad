import { expect } from "chai";
import supertest from "supertest";
import { indexProject, unindexProject } from "../../server/store/search.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { cardTitles, createLiveProject } from "../support/discover-factory.ts";
import { createProject, createUser } from "../support/project-factory.ts";

describe("discover: GET /search", () => {
  let ctx: TestContext;
  const search = (q: string, lang = "en") =>
    supertest(ctx.app)
      .get(`/search?q=${encodeURIComponent(q)}`)
      .set("Accept-Language", lang);

  before(async () => {
    ctx = await createTestContext();
    const now = ctx.clock.now();
    const { id: creatorId } = await createUser(ctx.db);
    const live = (title: string, blurb: string, storyMd: string, backersCount = 0) =>
      createLiveProject(ctx.db, { now, creatorId, title, blurb, storyMd, backersCount });
    await live(
      "Ceramic tea set",
      "Six cups and a pot from Jingdezhen",
      "Thrown on the wheel and fired twice.",
      1,
    );
    await live("Coffee roaster", "Roast at home", "Conical ceramic burrs grind evenly.", 50);
    await live("手工茶具", "景德镇手工陶瓷茶具，一壶六杯", "每一件都由师傅亲手拉坯。");
    await live("精品咖啡烘焙机", "Small-batch coffee roaster for your kitchen", "我们的咖啡豆来自云南。");
    await live(
      "Night market board game",
      "A game about 夜市 snacks",
      "Players trade 100% of their tokens_each round.",
    );
    const draft = await createProject(ctx.db, {
      creatorId,
      title: "Ceramic secret draft",
      storyMd: "ceramic",
      now,
    });
    await indexProject(ctx.db, draft); // even if a draft slips into the index, search never shows it
  });
  after(() => ctx.close());

  it("finds English words in the title, blurb or story, title matches first", async () => {
    const res = await search("ceramic");
    expect(res.status).to.equal(200);
    expect(cardTitles(res.text)).to.deep.equal(["Ceramic tea set", "Coffee roaster"]);
    expect(res.text).to.include("2 projects found");
    expect(res.text).not.to.include("Ceramic secret draft");
    expect(cardTitles((await search("CERAMIC")).text)).to.deep.equal(["Ceramic tea set", "Coffee roaster"]);
    expect(cardTitles((await search("Jingdezhen")).text)).to.deep.equal(["Ceramic tea set"]);
  });

  it("requires every word", async () => {
    expect(cardTitles((await search("coffee roast")).text)).to.deep.equal([
      "Coffee roaster",
      "精品咖啡烘焙机",
    ]);
    expect(cardTitles((await search("ceramic wheel")).text)).to.deep.equal(["Ceramic tea set"]);
  });

  it("finds Chinese words of three or more characters through the trigram index", async () => {
    expect(cardTitles((await search("手工茶具")).text)).to.deep.equal(["手工茶具"]);
    expect(cardTitles((await search("景德镇")).text)).to.deep.equal(["手工茶具"]);
    expect(cardTitles((await search("亲手拉坯")).text)).to.deep.equal(["手工茶具"]);
  });

  it("finds two-character Chinese words through the fallback", async () => {
    expect(cardTitles((await search("咖啡")).text)).to.deep.equal(["精品咖啡烘焙机"]);
    expect(cardTitles((await search("茶具")).text)).to.deep.equal(["手工茶具"]);
    expect(cardTitles((await search("夜市")).text)).to.deep.equal(["Night market board game"]);
    expect(cardTitles((await search("咖啡 roaster")).text)).to.deep.equal(["精品咖啡烘焙机"]);
  });

  it("answers in Chinese", async () => {
    const res = await search("咖啡", "zh-CN");
    expect(res.text).to.include("找到 1 个项目");
    expect(res.text).to.include("“咖啡”的搜索结果");
  });

  it("an empty query shows the search form, not results", async () => {
    for (const q of ["", "   "]) {
      const res = await search(q);
      expect(res.status).to.equal(200);
      expect(res.text).to.include('id="search-q"');
      expect(res.text).not.to.include("projects found");
    }
    expect((await supertest(ctx.app).get("/search")).status).to.equal(200);
  });

  it("a project launched or taken down after a search shows up or disappears at once (result cache)", async () => {
    expect(cardTitles((await search("airship")).text)).to.deep.equal([]);
    const { id: creatorId } = await createUser(ctx.db);
    const p = await createLiveProject(ctx.db, { now: ctx.clock.now(), creatorId, title: "Airship tours" });
    expect(cardTitles((await search("airship")).text)).to.deep.equal(["Airship tours"]);
    await ctx.db("projects").where({ id: p.id }).update({ state: "cancelled" });
    await unindexProject(ctx.db, p.id);
    expect(cardTitles((await search("airship")).text)).to.deep.equal([]);
  });

  it("says so when nothing matches", async () => {
    const res = await search("zeppelin");
    expect(res.status).to.equal(200);
    expect(res.text).to.include("No public project matches “zeppelin”");
  });

  it("treats LIKE wildcards literally", async () => {
    // Only the project whose text has a literal % or _ matches, not every project.
    expect(cardTitles((await search("%")).text)).to.deep.equal(["Night market board game"]);
    expect(cardTitles((await search("_")).text)).to.deep.equal(["Night market board game"]);
    expect(cardTitles((await search("%%")).text)).to.deep.equal([]);
    expect(cardTitles((await search("100%")).text)).to.deep.equal(["Night market board game"]);
    expect(cardTitles((await search("s_e")).text)).to.deep.equal(["Night market board game"]);
  });

  describe("hostile input is a normal results page", () => {
    const inputs = [
      '"',
      '""',
      '"ceramic',
      'ceramic"',
      "NEAR(ceramic tea)",
      "ceramic AND tea OR coffee NOT x",
      "cer*",
      "*",
      "title:ceramic",
      "^ceramic",
      "{title blurb}:ceramic",
      "- + ( ) :",
      "🎲",
      "🎲🎲🎲🍵",
      "'; DROP TABLE projects; --",
      "1' OR '1'='1",
      "\\",
      "\u0000",
      "\u202e\u200b",
      "<script>alert(1)</script>",
      "x".repeat(10_000),
      "茶".repeat(1_500), // 13.5 kB once encoded; Node refuses URLs over 16 kB itself (431), before the app
      Array.from({ length: 500 }, (_, i) => `w${i}`).join(" "),
    ];
    for (const q of inputs) {
      it(JSON.stringify(q.length > 40 ? `${q.slice(0, 40)}… (${q.length})` : q), async () => {
        const res = await search(q);
        expect(res.status).to.equal(200);
        expect(res.text).not.to.include("<script>alert(1)</script>");
      });
    }

    it("quotes and operators still find the words they contain", async () => {
      expect(cardTitles((await search('"ceramic tea"')).text)).to.deep.equal(["Ceramic tea set"]);
      expect(cardTitles((await search("NEAR(ceramic tea)")).text)).to.deep.equal([]); // "NEAR(ceramic" is literal text
    });

    it("a repeated q parameter uses the first", async () => {
      const res = await supertest(ctx.app).get("/search?q=ceramic&q=coffee");
      expect(res.status).to.equal(200);
      expect(cardTitles(res.text)).to.deep.equal(["Ceramic tea set", "Coffee roaster"]);
    });

    it("the projects table is still there", async () => {
      expect((await ctx.db("projects").count({ n: "*" }).first())?.n).to.be.greaterThan(0);
    });
  });

  describe("pagination", () => {
    before(async () => {
      const { id: creatorId } = await createUser(ctx.db);
      const now = ctx.clock.now();
      for (let i = 1; i <= 13; i++) {
        await createLiveProject(ctx.db, { now, creatorId, title: `Paper lantern ${i}`, backersCount: i });
      }
    });

    it("12 a page, then the rest; past the last page is 404", async () => {
      const first = await supertest(ctx.app).get("/search?q=lantern");
      expect(cardTitles(first.text)).to.have.length(12);
      expect(first.text).to.include('href="/search?q=lantern&amp;page=2"');
      const second = await supertest(ctx.app).get("/search?q=lantern&page=2");
      expect(cardTitles(second.text)).to.have.length(1);
      expect((await supertest(ctx.app).get("/search?q=lantern&page=3")).status).to.equal(404);
      expect((await supertest(ctx.app).get("/search?q=lantern&page=-4")).status).to.equal(200);
      expect((await supertest(ctx.app).get("/search?q=zeppelin&page=2")).status).to.equal(404);
    });
  });
});
