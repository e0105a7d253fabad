import { expect } from "chai";
import supertest from "supertest";
import type { User } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { createLiveProject, DAY } from "../support/discover-factory.ts";
import { browser, escapeHtml } from "../support/http.ts";
import { addIdentity } from "../support/invest-factory.ts";
import {
  addDocument,
  addEquityTerms,
  addImage,
  addTier,
  createProject,
  createUser,
  signIn,
} from "../support/project-factory.ts";

describe("discover: GET /projects/:id", () => {
  let ctx: TestContext;
  let creator: User;
  let admin: User;
  let other: User;
  let now: Date;
  before(async () => {
    ctx = await createTestContext();
    now = ctx.clock.now();
    creator = await createUser(ctx.db, { name: "Lin Yao" });
    admin = await createUser(ctx.db, { role: "admin" });
    other = await createUser(ctx.db);
  });
  after(() => ctx.close());

  const anonymous = () => supertest(ctx.app);
  async function as(user: User) {
    const agent = browser(ctx.app);
    await signIn(agent, user.email);
    return agent;
  }

  describe("a live reward project", () => {
    let id: number;
    let coverKey: string;
    before(async () => {
      const imageId = await addImage(ctx.db, creator.id);
      coverKey = (await ctx.db("images").where({ id: imageId }).first()).storage_key;
      const p = await createLiveProject(ctx.db, {
        now,
        creatorId: creator.id,
        title: "Hand-thrown tea set",
        blurb: "Six cups and a pot, glazed by hand",
        storyHtml: "<p>Our <strong>kiln</strong> story</p>",
        category: "design",
        location: "Jingdezhen",
        goalMinor: 2_000_000,
        currency: "CNY",
        pledgedMinor: 1_499_999,
        backersCount: 321,
        risks: "The kiln may crack.",
        team: "Two potters.",
        coverImageId: imageId,
        daysLeft: 12.5,
      });
      id = p.id;
      await addTier(ctx.db, id, {
        title: "Early bird",
        minimumMinor: 19_900,
        quantityLimit: 50,
        estimatedDelivery: "2026-11",
        shipping: [
          { region: "cn", feeMinor: 0 },
          { region: "europe", feeMinor: 8_000 },
        ],
      });
      const soldOut = await addTier(ctx.db, id, { title: "Studio visit", quantityLimit: 5, ships: false });
      await ctx.db("reward_tiers").where({ id: soldOut }).update({ quantity_claimed: 5 });
      await ctx.db("reward_tiers").where({ title: "Early bird" }).update({ quantity_claimed: 8 });
    });

    it("shows everything a visitor needs, to anyone", async () => {
      const res = await anonymous().get(`/projects/${id}`);
      expect(res.status).to.equal(200);
      const html = res.text;
      expect(html).to.include("<h1>Hand-thrown tea set</h1>");
      expect(html).to.include("Six cups and a pot, glazed by hand");
      expect(html).to.include("by Lin Yao");
      expect(html).to.include(">Design</a>");
      expect(html).to.include("Jingdezhen");
      expect(html).to.include("<p>Our <strong>kiln</strong> story</p>"); // sanitized HTML, output raw
      expect(html).to.include("The kiln may crack.");
      expect(html).to.include("Two potters.");
      expect(html).to.include(
        `srcset="/media/images/${coverKey}/600 600w, /media/images/${coverKey}/1200 1200w"`,
      );
      expect(html).to.include('alt="Cover image of Hand-thrown tea set"');
      expect(html).not.to.include("Preview — not public");
      expect(res.headers["set-cookie"], "no session for an anonymous GET").to.equal(undefined);
    });

    it("has a progress bar with the floored percentage, the amounts, backers and days left", async () => {
      const html = (await anonymous().get(`/projects/${id}`)).text;
      expect(html).to.match(/<progress class="funding-bar" max="100" value="74"/); // 74.99995 % floors
      expect(html).to.include("CN¥14,999.99");
      expect(html).to.include("pledged of CN¥20,000 goal");
      expect(html).to.include("74% funded");
      expect(html).to.include("321 backers");
      expect(html).to.include("12 days to go");
      expect(html).to.include("Back this project");
      expect(html).not.to.match(/\sstyle=/);
    });

    it("lists the tiers: minimum, delivery month, shipping, what is left, sold out", async () => {
      const html = (await anonymous().get(`/projects/${id}`)).text;
      expect(html).to.include("Pledge CN¥199 or more");
      expect(html).to.include("November 2026");
      expect(html).to.include("Mainland China");
      expect(html).to.include("Free");
      expect(html).to.include("CN¥80");
      expect(html).to.include("42 left of 50");
      expect(html).to.include("Sold out");
    });

    it("speaks Chinese to a Chinese reader", async () => {
      const html = (await anonymous().get(`/projects/${id}`).set("Accept-Language", "zh-CN")).text;
      expect(html).to.include("还剩 12 天");
      expect(html).to.include("2026年11月");
      expect(html).to.include("已达成 74%");
      expect(html).to.include("321 位支持者");
      expect(html).to.include("已售罄");
    });

    it("is the same page for a visitor with a session, and a signed-in reader gets their own header", async () => {
      const visitor = browser(ctx.app);
      await visitor.get("/login"); // the sign-in form starts a session
      const withSession = await visitor.get(`/projects/${id}`);
      const without = await anonymous().get(`/projects/${id}`);
      expect(withSession.status).to.equal(200);
      expect(withSession.text).to.equal(without.text);
      const signedIn = (await (await as(other)).get(`/projects/${id}`)).text;
      expect(signedIn).to.include(`action="/logout"`);
      expect(signedIn).to.include("42 left of 50");
      expect(without.text).not.to.include(`action="/logout"`);
    });
  });

  it("says Ended after the deadline", async () => {
    const p = await createLiveProject(ctx.db, { now, creatorId: creator.id, daysLeft: -1 });
    const html = (await anonymous().get(`/projects/${p.id}`)).text;
    expect(html).to.include(">Ended<");
    expect(html).to.include("This campaign has ended");
    const zh = (await anonymous().get(`/projects/${p.id}`).set("Accept-Language", "zh-CN")).text;
    expect(zh).to.include(">已结束<");
  });

  it("shows funded and failed projects to everyone too", async () => {
    for (const state of ["succeeded", "failed"] as const) {
      const p = await createProject(ctx.db, { creatorId: creator.id, state, now });
      expect((await anonymous().get(`/projects/${p.id}`)).status, state).to.equal(200);
    }
  });

  describe("bad ids", () => {
    for (const bad of ["abc", "0", "-1", "1.5", "99999999999999999999", "999999", "1e3", "%00", "1;DROP"]) {
      it(`/projects/${bad} -> 404`, async () => {
        const res = await anonymous().get(`/projects/${bad}`);
        expect(res.status).to.equal(404);
      });
    }
  });

  describe("before launch: only the creator and admins, with a banner", () => {
    for (const state of [
      "draft",
      "submitted",
      "changes_requested",
      "approved",
      "rejected",
      "cancelled",
    ] as const) {
      it(`${state}: 404 for anonymous and other users; the creator and an admin see a preview`, async () => {
        const p = await createProject(ctx.db, {
          creatorId: creator.id,
          state,
          title: `Secret ${state}`,
          now,
        });
        const anon = await anonymous().get(`/projects/${p.id}`);
        expect(anon.status).to.equal(404);
        expect(anon.text).not.to.include(`Secret ${state}`);
        const stranger = await (await as(other)).get(`/projects/${p.id}`);
        expect(stranger.status).to.equal(404);
        expect(stranger.text).not.to.include(`Secret ${state}`);
        for (const viewer of [creator, admin]) {
          const res = await (await as(viewer)).get(`/projects/${p.id}`);
          expect(res.status, viewer.name).to.equal(200);
          expect(res.text).to.include(`Secret ${state}`);
          expect(res.text).to.include("Preview — not public.");
        }
      });
    }
  });

  describe("equity offerings", () => {
    it("US Reg CF: terms and the CURRENT version of each document, for everyone", async () => {
      const p = await createLiveProject(ctx.db, {
        now,
        creatorId: creator.id,
        kind: "equity",
        currency: "USD",
        goalMinor: 10_000_000,
        title: "Orbit Robotics",
        storyHtml: "<p>Robots for farms</p>",
      });
      await addEquityTerms(ctx.db, p.id, {
        companyName: "Orbit Robotics Inc.",
        registrationNumber: "DE-778899",
        securityType: "safe",
        pricePerShareMinor: 125,
        minInvestmentMinor: 10_000,
        maxRaiseMinor: 50_000_000,
        preMoneyValuationMinor: 800_000_000,
        useOfFunds: "Two engineers and a pilot farm.",
        regime: "us_reg_cf",
        allocationRule: "pro_rata",
      });
      const v1 = await addDocument(ctx.db, p.id, "financials", { now: new Date(now.getTime() - 2 * DAY) });
      const v2 = await addDocument(ctx.db, p.id, "financials", { now });
      const disclosure = await addDocument(ctx.db, p.id, "disclosure", { now });
      const html = (await anonymous().get(`/projects/${p.id}`)).text;
      for (const text of [
        "Orbit Robotics Inc.",
        "DE-778899",
        "SAFE",
        "$1.25",
        "$100",
        "$100,000",
        "$500,000",
        "$8,000,000",
        "United States — Regulation Crowdfunding",
        "Pro rata",
        "Two engineers and a pilot farm.",
        "committed of $100,000 target",
        "Invest",
      ]) {
        expect(html).to.include(escapeHtml(text));
      }
      expect(html).to.include("<p>Robots for farms</p>");
      expect(html).to.include(`href="/projects/${p.id}/documents/${v2.id}"`);
      expect(html).to.include(`href="/projects/${p.id}/documents/${disclosure.id}"`);
      expect(html).not.to.include(`/documents/${v1.id}"`);
      expect(html).to.include("PDF, version 2");
    });

    describe("under the China regime (cn_private)", () => {
      let id: number;
      before(async () => {
        const p = await createLiveProject(ctx.db, {
          now,
          creatorId: creator.id,
          kind: "equity",
          currency: "CNY",
          title: "Tea Garden Holdings",
          blurb: "Shares in a tea garden",
          storyHtml: "<p>Private placement story</p>",
          risks: "Weather risk.",
        });
        id = p.id;
        await addEquityTerms(ctx.db, id, { companyName: "杭州茶园科技有限公司", regime: "cn_private" });
        await addDocument(ctx.db, id, "disclosure");
      });

      it("shows anonymous visitors a notice and a sign-in link, not the details", async () => {
        const res = await anonymous().get(`/projects/${id}`);
        expect(res.status).to.equal(200);
        const html = res.text;
        expect(html).to.include("Tea Garden Holdings");
        expect(html).to.include("Details are shown to signed-in members only");
        expect(html).to.include(`href="/login?returnTo=${encodeURIComponent(`/projects/${id}`)}"`);
        for (const hidden of [
          "杭州茶园科技有限公司",
          "Private placement story",
          "Shares in a tea garden",
          "/documents/",
          "<progress",
        ]) {
          expect(html, hidden).not.to.include(hidden);
        }
      });

      it("shows a signed-in member who is not verified the notice and a link to verify, not the details", async () => {
        const html = (await (await as(other)).get(`/projects/${id}`)).text;
        expect(html).to.include("Tea Garden Holdings");
        expect(html).to.include('href="/invest/profile?returnTo=');
        for (const hidden of ["杭州茶园科技有限公司", "Private placement story", "/documents/"]) {
          expect(html, hidden).not.to.include(hidden);
        }
      });

      it("shows a verified user the terms, documents and story", async () => {
        const verified = await createUser(ctx.db);
        await addIdentity(ctx.db, verified.id, { status: "verified" });
        const html = (await (await as(verified)).get(`/projects/${id}`)).text;
        expect(html).to.include("杭州茶园科技有限公司");
        expect(html).to.include("Private placement story");
        expect(html).to.include(`/projects/${id}/documents/`);
        expect(html).not.to.include("Details are shown to signed-in members only");
      });

      it("is left out of public lists and search for visitors and unverified members, not for verified users", async () => {
        for (const path of ["/", "/discover", "/discover?kind=equity", "/search?q=Tea+Garden"]) {
          expect((await anonymous().get(path)).text, path).not.to.include("Tea Garden Holdings");
        }
        const member = await as(other);
        expect((await member.get("/discover?kind=equity")).text).not.to.include("Tea Garden Holdings");
        const verified = await createUser(ctx.db);
        await addIdentity(ctx.db, verified.id, { status: "verified" });
        const investor = await as(verified);
        expect((await investor.get("/discover?kind=equity")).text).to.include("Tea Garden Holdings");
        expect((await investor.get("/search?q=Tea+Garden")).text).to.include("Tea Garden Holdings");
      });
    });
  });
});
