import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import supertest from "supertest";
import { demoPdf, seedDemo } from "../../db/seeds/demo.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { cardTitles } from "../support/discover-factory.ts";

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
  });

  before(async () => {
    ctx = await createTestContext();
    await seedDemo(ctx.db, ctx.clock.now(), {
      uploadDir: ctx.config.uploadDir,
      encryptionKey: ctx.config.encryptionKey,
    });
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

  it("running it again changes nothing", async () => {
    const before = await counts();
    await seedDemo(ctx.db, ctx.clock.now(), {
      uploadDir: ctx.config.uploadDir,
      encryptionKey: ctx.config.encryptionKey,
    });
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
