import crypto from "node:crypto";
import { expect } from "chai";
import { SettlementReports } from "../../server/services/settlement-reports.ts";
import type { User } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser } from "../support/http.ts";
import { GOOD_CARD, pledgeService, saveCard } from "../support/pledging.ts";
import { createProject, createUser, signIn } from "../support/project-factory.ts";
import { back, DAY_MS, liveCampaign, passDeadline, settlerOf } from "../support/settlement-factory.ts";

/** The pledge ids a My pledges page lists, top to bottom. */
function listedIds(html: string): number[] {
  return [...html.matchAll(/<h2 class="h3"><a href="\/pledges\/(\d+)">/g)].map((m) => Number(m[1]));
}

/** The href of the page's rel="prev" or rel="next" link, if it has one. */
function relLink(html: string, rel: "prev" | "next"): string | undefined {
  return new RegExp(`rel="${rel}" href="([^"]+)"`).exec(html)?.[1];
}

describe("My pledges, paginated", () => {
  let ctx: TestContext;
  let backer: User;
  let agent: Agent;
  /** The backer's 45 pledge ids, most recently updated first. */
  let expected: number[];
  let settledPledgeId: number;
  let otherBacker: User;
  let othersPledgeIds: number[];

  before(async () => {
    ctx = await createTestContext();
    const pledges = pledgeService(ctx);
    backer = await createUser(ctx.db, { name: "Many Pledges", now: ctx.clock.now() });
    const cardId = await saveCard(ctx, backer, GOOD_CARD, ctx.clock.now().getUTCFullYear() + 3);
    const pledge = async (projectId: number, amountMinor: number) => {
      ctx.clock.advance(60_000); // each pledge updated a minute after the one before
      const placed = await pledges.placePledge(backer, {
        projectId,
        tierId: null,
        amountMinor,
        shipRegion: null,
        shipName: null,
        shipAddress: null,
        paymentMethodId: cardId,
        idempotencyKey: crypto.randomUUID(),
      });
      return placed.pledge.id;
    };

    // The oldest pledge: a campaign that closes and is charged (settlement adds its status).
    const campaign = await liveCampaign(ctx, { goalMinor: 5_000, title: "Solar lantern" });
    settledPledgeId = await pledge(campaign.project.id, 6_000);
    const other = await back(ctx, campaign, { amountMinor: 3_000, name: "Other Backer" });
    otherBacker = other.backer;
    passDeadline(ctx);
    await settlerOf(ctx).settleDue();

    // 44 more on live campaigns, one a minute.
    const projectIds: number[] = [];
    const newer: number[] = [];
    for (let i = 1; i <= 44; i++) {
      const project = await createProject(ctx.db, {
        creatorId: campaign.creator.id,
        state: "live",
        title: `Campaign ${i}`,
        now: ctx.clock.now(),
        launchedAt: ctx.clock.now(),
        deadlineAt: new Date(ctx.clock.now().getTime() + 30 * DAY_MS),
      });
      projectIds.push(project.id);
      newer.push(await pledge(project.id, 1_000 + i * 100));
    }
    // Changing the first of them makes it the most recently updated, ahead of the ones made after it.
    const changed = await pledge(projectIds[0] as number, 9_900);
    expect(changed).to.equal(newer[0]);
    expected = [changed, ...newer.slice(1).reverse(), settledPledgeId];

    // Someone else backs one of the same campaigns.
    const othersCardId = await saveCard(ctx, otherBacker, GOOD_CARD, ctx.clock.now().getUTCFullYear() + 3);
    const othersLive = await pledges.placePledge(otherBacker, {
      projectId: projectIds[5] as number,
      tierId: null,
      amountMinor: 2_500,
      shipRegion: null,
      shipName: null,
      shipAddress: null,
      paymentMethodId: othersCardId,
      idempotencyKey: crypto.randomUUID(),
    });
    othersPledgeIds = [other.pledgeId, othersLive.pledge.id];

    agent = browser(ctx.app);
    await signIn(agent, backer.email);
  });
  after(() => ctx.close());

  it("shows 20, 20 and 5 pledges on pages 1 to 3, most recently updated first, with the total", async () => {
    const pages = [];
    for (const n of [1, 2, 3]) {
      const res = await agent.get(`/pledges?page=${n}`);
      expect(res.status, `page ${n}`).to.equal(200);
      expect(res.text, `page ${n}`).to.include("45 pledges");
      expect(res.text, `page ${n}`).to.include(`Page ${n} of 3`);
      pages.push(listedIds(res.text));
    }
    expect(pages.map((p) => p.length)).to.deep.equal([20, 20, 5]);
    expect(pages.flat()).to.deep.equal(expected);
    expect(listedIds((await agent.get("/pledges")).text)).to.deep.equal(pages[0]);
  });

  it("links each page to the next and previous ones", async () => {
    const first = await agent.get("/pledges");
    expect(relLink(first.text, "prev")).to.equal(undefined);
    expect(relLink(first.text, "next")).to.equal("/pledges?page=2");

    const second = await agent.get(relLink(first.text, "next") as string);
    expect(listedIds(second.text)).to.deep.equal(expected.slice(20, 40));
    expect(relLink(second.text, "prev")).to.equal("/pledges");
    expect(relLink(second.text, "next")).to.equal("/pledges?page=3");

    const third = await agent.get(relLink(second.text, "next") as string);
    expect(listedIds(third.text)).to.deep.equal(expected.slice(40));
    expect(relLink(third.text, "next")).to.equal(undefined);
    const back = await agent.get(relLink(third.text, "prev") as string);
    expect(listedIds(back.text)).to.deep.equal(expected.slice(20, 40));
  });

  it("reads a page number that is not one as page 1, and a page past the last as not found", async () => {
    for (const page of ["abc", "0", "-2", "1.5", "", "99999999999"]) {
      const res = await agent.get("/pledges").query({ page });
      expect(res.status, page).to.equal(200);
      expect(listedIds(res.text), page).to.deep.equal(expected.slice(0, 20));
    }
    const repeated = await agent.get("/pledges?page=2&page=3");
    expect(listedIds(repeated.text)).to.deep.equal(expected.slice(20, 40));
    expect((await agent.get("/pledges?page=4")).status).to.equal(404);
  });

  it("never shows another backer's pledges, and theirs fit on one page", async () => {
    for (const n of [1, 2, 3]) {
      const ids = listedIds((await agent.get(`/pledges?page=${n}`)).text);
      for (const id of othersPledgeIds) expect(ids, `page ${n}`).to.not.include(id);
    }
    const other = browser(ctx.app);
    await signIn(other, otherBacker.email);
    const res = await other.get("/pledges");
    expect(res.status).to.equal(200);
    expect(res.text).to.include("2 pledges");
    expect(listedIds(res.text)).to.have.members(othersPledgeIds);
    expect(res.text).to.not.include('rel="next"');
    expect((await other.get("/pledges?page=2")).status).to.equal(404);
  });

  it("shows the payment status of a settled pledge on a later page, asking only for the pledges shown", async () => {
    const asked: number[][] = [];
    const original = SettlementReports.prototype.pledgeStatuses;
    SettlementReports.prototype.pledgeStatuses = function (this: SettlementReports, backerId, ids) {
      asked.push([...ids]);
      return original.call(this, backerId, ids);
    };
    try {
      const third = await agent.get("/pledges?page=3");
      expect(third.text).to.include("Charged CN¥60 on");
      expect(third.text).to.include(`/pledges/${settledPledgeId}`);
      const first = await agent.get("/pledges");
      expect(first.text).to.not.include("Charged CN¥60 on");
      expect(first.text).to.include("Charged at the deadline"); // the live pledges' note
      expect(asked).to.deep.equal([expected.slice(40), expected.slice(0, 20)]);
    } finally {
      SettlementReports.prototype.pledgeStatuses = original;
    }
  });

  it("counts and paginates in Chinese too", async () => {
    const res = await agent.get("/pledges?page=2").set("Accept-Language", "zh-CN");
    expect(res.text).to.include("共 45 项支持");
    expect(res.text).to.include("第 2 页，共 3 页");
    expect(res.text).to.include('aria-label="我的支持分页"');
  });

  it("tells a backer with no pledges where to find projects, and has no second page", async () => {
    const nobody = await createUser(ctx.db, { name: "No Pledges" });
    const fresh = browser(ctx.app);
    await signIn(fresh, nobody.email);
    const res = await fresh.get("/pledges");
    expect(res.status).to.equal(200);
    expect(res.text).to.include("You have not backed any project yet.");
    expect((await fresh.get("/pledges?page=2")).status).to.equal(404);
  });
});
