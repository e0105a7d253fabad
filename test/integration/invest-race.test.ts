import crypto from "node:crypto";
import { expect } from "chai";
import { translator } from "../../server/i18n/index.ts";
import { InvestingService, InvestRefused } from "../../server/services/investing.ts";
import { findProject, type ProjectDocument } from "../../server/store/projects.ts";
import type { User } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, csrfFrom, escapeHtml } from "../support/http.ts";
import {
  addIdentity,
  CN_QUALIFIED,
  commitFields,
  createOffering,
  declare,
  readyInvestor,
} from "../support/invest-factory.ts";
import { saveCard } from "../support/pledging.ts";
import { createUser } from "../support/project-factory.ts";

const en = translator("en");

/**
 * Limits hold when commitments race: the checks and the write are one transaction on the database's
 * only connection. Each test opens every form first, then holds that connection while all the
 * confirmations arrive, so they are all in flight together when it is released.
 */
describe("invest: commitments racing", function () {
  this.timeout(60_000);
  let ctx: TestContext;

  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  /** Sends every POST while the database is held, then releases it; returns the responses in order. */
  async function atOnce(
    posts: (() => Promise<{ status: number; text: string; headers: Record<string, unknown> }>)[],
  ) {
    const hold = await ctx.db.transaction();
    const pending = Promise.all(posts.map((post) => post()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await hold.commit();
    return pending;
  }

  /** A confirm POST from an invest page opened before (its CSRF token), for atOnce to send. */
  function confirmFrom(agent: Agent, projectId: number, csrf: string, fields: Record<string, string>) {
    return () =>
      agent
        .post(`/projects/${projectId}/invest`)
        .type("form")
        .send({ _csrf: csrf, ...fields })
        .then((r) => r);
  }
  /** An investor's invest page open in a tab: its CSRF token, with the card they will commit with. */
  async function investTab(agent: Agent, cardId: number, projectId: number) {
    const page = await agent.get(`/projects/${projectId}/invest`);
    return { agent, cardId, csrf: csrfFrom(page.text) };
  }

  /** Every tab confirms the same number of shares at the same moment. */
  function confirmTogether(
    tabs: Awaited<ReturnType<typeof investTab>>[],
    projectId: number,
    documents: ProjectDocument[],
    shares: string,
  ) {
    return atOnce(
      tabs.map(({ agent, cardId, csrf }) =>
        confirmFrom(agent, projectId, csrf, commitFields(documents, { shares, paymentMethodId: cardId })),
      ),
    );
  }

  it("the 200-investor cap (China): 201 verified, qualified investors commit at once, exactly 200 succeed", async () => {
    const now = ctx.clock.now();
    const { project, documents } = await createOffering(ctx.db, {
      regime: "cn_private",
      now,
      pricePerShareMinor: 100_00,
      minInvestmentMinor: 100_00,
      maxRaiseMinor: 100_000_000_00,
    });
    // The service itself, 201 times at once (signing 201 browsers in would only make the test slow;
    // the next test races two real browsers for the last place over HTTP).
    const investing = new InvestingService({ db: ctx.db, clock: ctx.clock, notifier: ctx.notifier });
    const investors: { user: User; cardId: number }[] = [];
    for (let i = 0; i < 201; i += 1) {
      const user = await createUser(ctx.db, { name: `Investor ${i}` });
      await addIdentity(ctx.db, user.id);
      await declare(ctx.db, user.id, "cn_private", CN_QUALIFIED, now);
      investors.push({ user, cardId: await saveCard(ctx, user) });
    }
    const hold = await ctx.db.transaction();
    const pending = Promise.allSettled(
      investors.map(({ user, cardId }) =>
        investing.commit(user, {
          projectId: project.id,
          shares: 10,
          paymentMethodId: cardId,
          idempotencyKey: crypto.randomUUID(),
          acknowledgedRisks: true,
          acknowledgedDocuments: true,
          shownDocuments: documents.map((d) => ({ id: d.id, sha256: d.sha256 })),
          locale: "en",
        }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await hold.commit();
    const results = await pending;
    expect(results.filter((r) => r.status === "fulfilled")).to.have.length(200);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).to.have.length(1);
    expect(refused[0]?.reason).to.be.instanceOf(InvestRefused);
    const reason = refused[0]?.reason as InvestRefused;
    expect(reason.reasons.map((r) => r.key)).to.include("invest.cn.refused.full");

    const standing = await ctx.db("commitments").where({ project_id: project.id, status: "active" });
    expect(standing).to.have.length(200);
    expect(new Set(standing.map((c) => c.investor_id)).size).to.equal(200);
    const after = await findProject(ctx.db, project.id);
    expect(after?.backersCount).to.equal(200);
    expect(after?.pledgedMinor).to.equal(200 * 10 * 100_00);
  });

  it("the 200-investor cap over HTTP: with 199 investors in, two browsers race for the last place", async () => {
    const now = ctx.clock.now();
    const { project, documents } = await createOffering(ctx.db, {
      regime: "cn_private",
      now,
      pricePerShareMinor: 100_00,
    });
    for (let i = 0; i < 199; i += 1) {
      const user = await createUser(ctx.db);
      const cardId = await saveCard(ctx, user);
      await ctx.db("commitments").insert({
        project_id: project.id,
        investor_id: user.id,
        shares: 1,
        price_per_share_minor: 100_00,
        amount_minor: 100_00,
        currency: "CNY",
        status: "active",
        payment_method_id: cardId,
        idempotency: crypto.randomUUID(),
        regime: "cn_private",
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
    }
    const tabs = [];
    for (const name of ["Wen", "Xia"]) {
      const { agent, cardId } = await readyInvestor(ctx, { regime: "cn_private", name });
      tabs.push(await investTab(agent, cardId, project.id));
    }
    const responses = await confirmTogether(tabs, project.id, documents, "10");
    expect(responses.map((r) => r.status).sort()).to.deep.equal([303, 422]);
    const loser = responses.find((r) => r.status === 422);
    expect(loser?.text).to.include(escapeHtml(en("invest.cn.refused.full", { max: 200 })));
    const standing = await ctx.db("commitments").where({ project_id: project.id, status: "active" });
    expect(new Set(standing.map((c) => c.investor_id)).size).to.equal(200);
  });

  it("one investor's US limit from two tabs at once: only what fits is committed", async () => {
    const now = ctx.clock.now();
    // Limit $10,000 (income $60,000, net worth $200,000). Two offerings, $6,000 in each tab.
    const a = await createOffering(ctx.db, { regime: "us_reg_cf", now, pricePerShareMinor: 100 });
    const b = await createOffering(ctx.db, { regime: "us_reg_cf", now, pricePerShareMinor: 100 });
    const { agent, cardId, user } = await readyInvestor(ctx, { regime: "us_reg_cf" });
    const tabA = await agent.get(`/projects/${a.project.id}/invest`);
    const tabB = await agent.get(`/projects/${b.project.id}/invest`);
    const [ra, rb] = await atOnce([
      confirmFrom(
        agent,
        a.project.id,
        csrfFrom(tabA.text),
        commitFields(a.documents, { shares: "6000", paymentMethodId: cardId }),
      ),
      confirmFrom(
        agent,
        b.project.id,
        csrfFrom(tabB.text),
        commitFields(b.documents, { shares: "6000", paymentMethodId: cardId }),
      ),
    ]);
    const statuses = [ra?.status, rb?.status].sort();
    expect(statuses).to.deep.equal([303, 422]);
    const loser = ra?.status === 422 ? ra : rb;
    expect(loser?.text).to.include(
      escapeHtml(en("invest.common.overLimit", { amount: "$6,000", remaining: "$4,000" })),
    );
    expect(loser?.text).to.include('value="6000"'); // what was typed is kept
    const committed = await ctx
      .db("commitments")
      .where({ investor_id: user.id })
      .sum({ total: "amount_minor" })
      .first();
    expect(Number(committed?.total)).to.equal(6_000_00);
  });

  it("the same tab twice (a double click): one commitment, the replay lands on it", async () => {
    const now = ctx.clock.now();
    const { project, documents } = await createOffering(ctx.db, { regime: "us_reg_cf", now });
    const { agent, cardId, user } = await readyInvestor(ctx, { regime: "us_reg_cf" });
    const page = await agent.get(`/projects/${project.id}/invest`);
    const fields = commitFields(documents, { shares: "1000", paymentMethodId: cardId });
    const sameTab = confirmFrom(agent, project.id, csrfFrom(page.text), fields);
    const [r1, r2] = await atOnce([sameTab, sameTab]);
    expect([r1?.status, r2?.status]).to.deep.equal([303, 303]);
    expect(r1?.headers.location).to.equal(r2?.headers.location);
    expect(await ctx.db("commitments").where({ investor_id: user.id })).to.have.length(1);
    expect(ctx.mail.filter((m) => m.to === user.email)).to.have.length(1);
  });

  it("the maximum raise: two investors race for the last shares, one gets them", async () => {
    const now = ctx.clock.now();
    const { project, documents } = await createOffering(ctx.db, {
      regime: "uk",
      now,
      pricePerShareMinor: 100,
      minInvestmentMinor: 100,
      maxRaiseMinor: 5_000_00,
      goalMinor: 1_000_00,
    });
    const tabs = [];
    for (const name of ["Una", "Vic"]) {
      const { agent, cardId, user } = await readyInvestor(ctx, { regime: "uk", name });
      // Not new to the platform (no cooling-off), and the appropriateness test passed.
      await ctx.db("appropriateness_attempts").insert({
        user_id: user.id,
        answers: "{}",
        correct: 6,
        total: 6,
        passed: true,
        locale: "en",
        created_at: new Date(now.getTime() - 3_600_000).toISOString(),
      });
      await ctx.db("cooling_off_starts").insert({
        user_id: user.id,
        new_to_platform: true,
        project_id: project.id,
        started_at: new Date(now.getTime() - 48 * 3_600_000).toISOString(),
      });
      tabs.push(await investTab(agent, cardId, project.id));
    }
    const responses = await confirmTogether(tabs, project.id, documents, "3000");
    expect(responses.map((r) => r.status).sort()).to.deep.equal([303, 409]);
    const loser = responses.find((r) => r.status === 409);
    expect(loser?.text).to.include(
      escapeHtml(en("invest.refused.maxRaise", { amount: "£3,000", remaining: "£2,000", shares: 2000 })),
    );
    const total = await ctx
      .db("commitments")
      .where({ project_id: project.id })
      .sum({ t: "amount_minor" })
      .first();
    expect(Number(total?.t)).to.equal(3_000_00);
  });
});
