import { expect } from "chai";
import supertest from "supertest";
import { explainReason, reason } from "../../server/domain/investing/index.ts";
import { formatMoney } from "../../server/domain/money.ts";
import { type Locale, translator } from "../../server/i18n/index.ts";
import { latestDeclaration } from "../../server/store/investing.ts";
import type { User } from "../../server/store/users.ts";
import { formatDate, formatDateTime } from "../../server/web/format.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, csrfFrom, escapeHtml, submitForm } from "../support/http.ts";
import { addIdentity } from "../support/invest-factory.ts";
import { createUser, signIn } from "../support/project-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");
const shows = (html: string, text: string) => expect(html).to.include(escapeHtml(text));

/** A reason as the reader sees it. */
function said(locale: Locale, key: Parameters<typeof reason>[0], params: Parameters<typeof reason>[1] = {}) {
  const t = translator(locale);
  return explainReason(reason(key, params), {
    t: (k, p) => t(k, p),
    money: (m, c) => formatMoney(m, c, locale),
    date: (d) => formatDate(d, locale),
    dateTime: (d) => formatDateTime(d, locale),
  });
}

const US = {
  accredited: "no",
  annualIncome: "60,000",
  netWorth: "200000",
  attest: "1",
};

describe("invest: declarations, the appropriateness test and the investor account", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  async function investor(locale: Locale = "en"): Promise<{ user: User; agent: Agent }> {
    const user = await createUser(ctx.db, { locale, name: "Dee Clarer" });
    await addIdentity(ctx.db, user.id);
    const agent = browser(ctx.app);
    if (locale === "zh-CN") agent.set("Accept-Language", "zh-CN");
    await signIn(agent, user.email);
    return { user, agent };
  }

  it("every page needs a signed-in user (the risk summary is public)", async () => {
    for (const path of [
      "/invest",
      "/invest/declare/us",
      "/invest/declare/uk",
      "/invest/declare/cn",
      "/invest/quiz",
    ]) {
      const res = await supertest(ctx.app).get(path);
      expect(res.status, path).to.equal(303);
    }
    const summary = await supertest(ctx.app).get("/invest/risk-summary");
    expect(summary.status).to.equal(200);
    shows(summary.text, en("invest.uk.riskSummary.loseAll.heading"));
    expect((await supertest(ctx.app).get("/invest/declare/fr")).status).to.equal(303);
    const { agent } = await investor();
    expect((await agent.get("/invest/declare/fr")).status).to.equal(404);
  });

  describe("US", () => {
    it("records the figures with the attestation shown, its language and time; the account explains the limit", async () => {
      const { user, agent } = await investor();
      const form = await agent.get("/invest/declare/us");
      expect(form.status).to.equal(200);
      shows(form.text, en("invest.declare.us.attestation"));
      const res = await submitForm(agent, "/invest/declare/us", "/invest/declare/us", US);
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal("/invest");
      const d = await latestDeclaration(ctx.db, user.id, "us_reg_cf");
      expect(d?.figures).to.deep.equal({
        accredited: false,
        annualIncomeMinor: 60_000_00,
        netWorthMinor: 200_000_00,
        elsewhere: [],
      });
      expect(d?.attestation).to.equal(en("invest.declare.us.attestation"));
      expect(d?.locale).to.equal("en");
      expect(d?.attestedAt.toISOString()).to.equal(ctx.clock.now().toISOString());

      const account = await agent.get("/invest");
      expect(account.status).to.equal(200);
      // The RULES.md worked example: $10,000, net worth the greater figure, income under $124,000.
      expect(account.text).to.include("$10,000");
      shows(
        account.text,
        said("en", "invest.us.limit.under", {
          limit: { type: "money", minor: 10_000_00, currency: "USD" },
          basis: {
            type: "phrase",
            key: "invest.us.basis.greater",
            params: {
              figure: { type: "phrase", key: "invest.us.figures.netWorth", params: {} },
              amount: { type: "money", minor: 200_000_00, currency: "USD" },
            },
          },
          threshold: { type: "money", minor: 124_000_00, currency: "USD" },
          floor: { type: "money", minor: 2_500_00, currency: "USD" },
          percent: "5",
          below: { type: "phrase", key: "invest.us.figures.income", params: {} },
        }),
      );
    });

    it("counts investments declared from other platforms (with dates) against the limit", async () => {
      const { user, agent } = await investor();
      const day = (daysAgo: number) =>
        new Date(ctx.clock.now().getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
      const res = await submitForm(agent, "/invest/declare/us", "/invest/declare/us", {
        ...US,
        elsewhere1Amount: "1500",
        elsewhere1Date: day(30),
        elsewhere2Amount: "500.50",
        elsewhere2Date: day(200),
      });
      expect(res.status).to.equal(303);
      const d = await latestDeclaration(ctx.db, user.id, "us_reg_cf");
      expect(d?.figures.elsewhere).to.deep.equal([
        { amountMinor: 1_500_00, on: day(30) },
        { amountMinor: 500_50, on: day(200) },
      ]);
      const account = await agent.get("/invest");
      expect(account.text).to.include("$7,999.50"); // 10,000 − 2,000.50 remains
    });

    const bad: [Record<string, string>, string, string][] = [
      [{ annualIncome: "sixty thousand" }, "annualIncome", "money.invalid"],
      [{ annualIncome: "-5000" }, "annualIncome", "money.negative"],
      [{ netWorth: "1e9" }, "netWorth", "money.invalid"],
      [{ netWorth: "99999999999999" }, "netWorth", "money.tooLarge"],
      [{ netWorth: "100.555" }, "netWorth", "money.tooManyDecimals"],
      [{ netWorth: "" }, "netWorth", "validation.required"],
      [{ accredited: "maybe" }, "accredited", "invest.declare.errors.accredited"],
      [{ attest: "" }, "attest", "invest.declare.errors.attest"],
      [{ elsewhere1Amount: "100", elsewhere1Date: "" }, "elsewhere1Date", "validation.required"],
      [
        { elsewhere1Amount: "100", elsewhere1Date: "2026-02-30" },
        "elsewhere1Date",
        "invest.declare.errors.date",
      ],
      [
        { elsewhere1Amount: "100", elsewhere1Date: "2099-01-01" },
        "elsewhere1Date",
        "invest.declare.errors.dateFuture",
      ],
      [
        { elsewhere1Amount: "100", elsewhere1Date: "2000-01-01" },
        "elsewhere1Date",
        "invest.declare.errors.dateOld",
      ],
      [{ elsewhere1Amount: "lots", elsewhere1Date: "2000-01-01" }, "elsewhere1Amount", "money.invalid"],
    ];
    for (const [change, field, key] of bad) {
      it(`refuses ${JSON.stringify(change)} with a 422 naming ${field}, keeping the input`, async () => {
        const { user, agent } = await investor();
        const res = await submitForm(agent, "/invest/declare/us", "/invest/declare/us", { ...US, ...change });
        expect(res.status).to.equal(422);
        expect(res.text).to.include(`f-${field}`);
        shows(res.text, en(key));
        for (const [name, value] of Object.entries({ ...US, ...change })) {
          if (name === "accredited" || name === "attest" || !value) continue;
          expect(res.text, name).to.include(`value="${escapeHtml(value)}"`);
        }
        expect(await latestDeclaration(ctx.db, user.id, "us_reg_cf")).to.equal(undefined);
      });
    }

    it("explains in Chinese to a Chinese reader, and stores the Chinese attestation", async () => {
      const { user, agent } = await investor("zh-CN");
      const bad = await submitForm(agent, "/invest/declare/us", "/invest/declare/us", {
        ...US,
        netWorth: "很多",
      });
      expect(bad.status).to.equal(422);
      shows(bad.text, zh("money.invalid"));
      const res = await submitForm(agent, "/invest/declare/us", "/invest/declare/us", US);
      expect(res.status).to.equal(303);
      const d = await latestDeclaration(ctx.db, user.id, "us_reg_cf");
      expect(d?.locale).to.equal("zh-CN");
      expect(d?.attestation).to.equal(zh("invest.declare.us.attestation"));
      const account = await agent.get("/invest");
      shows(account.text, zh("invest.labels.limit"));
      expect(account.text).to.include("US$10,000");
      expect(account.text).to.include("您 12 个月内的投资限额为 US$10,000");
    });

    it("a new declaration replaces the old one from now on; the old one is kept", async () => {
      const { user, agent } = await investor();
      await submitForm(agent, "/invest/declare/us", "/invest/declare/us", US);
      ctx.clock.advance(60_000);
      await submitForm(agent, "/invest/declare/us", "/invest/declare/us", { ...US, accredited: "yes" });
      const rows = await ctx.db("investor_declarations").where({ user_id: user.id });
      expect(rows).to.have.length(2);
      const account = await agent.get("/invest");
      shows(account.text, en("invest.us.limit.accredited"));
      shows(account.text, en("invest.labels.noLimit"));
      // The form shows the current figures to start from.
      const form = await agent.get("/invest/declare/us");
      expect(form.text).to.include('value="60000.00"');
    });
  });

  describe("UK", () => {
    it("records a restricted investor's statement with the category statement in the attestation; limit under 10%", async () => {
      const { user, agent } = await investor();
      const form = await agent.get("/invest/declare/uk");
      shows(form.text, en("invest.uk.riskWarning.headline"));
      const res = await submitForm(agent, "/invest/declare/uk", "/invest/declare/uk", {
        category: "restricted",
        netAssets: "250000",
        attest: "1",
      });
      expect(res.status).to.equal(303);
      const d = await latestDeclaration(ctx.db, user.id, "uk");
      expect(d?.figures).to.deep.equal({
        category: "restricted",
        elsewhereMinor: 0,
        netAssetsMinor: 250_000_00,
      });
      expect(d?.attestation).to.include(en("invest.declare.uk.statements.restricted"));
      expect(d?.attestation).to.include(en("invest.declare.uk.attestation"));
      const account = await agent.get("/invest");
      expect(account.text).to.include("£24,999.99");
      // Not yet allowed: the appropriateness questions come first.
      shows(account.text, en("invest.uk.refused.appropriatenessNeeded"));
    });

    it("validates only the chosen category's figures", async () => {
      const { agent } = await investor();
      const none = await submitForm(agent, "/invest/declare/uk", "/invest/declare/uk", { attest: "1" });
      expect(none.status).to.equal(422);
      shows(none.text, en("invest.declare.errors.category"));
      const hnw = await submitForm(agent, "/invest/declare/uk", "/invest/declare/uk", {
        category: "certified_hnw",
        hnwIncome: "-1",
        hnwNetAssets: "",
        netAssets: "not used",
        attest: "1",
      });
      expect(hnw.status).to.equal(422);
      shows(hnw.text, en("money.negative"));
      expect(hnw.text).to.include('id="f-hnwNetAssets-error"');
      expect(hnw.text).not.to.include('id="f-netAssets-error"');
      const soph = await submitForm(agent, "/invest/declare/uk", "/invest/declare/uk", {
        category: "self_certified_sophisticated",
        angelNetworkMonths: "six",
        attest: "1",
      });
      expect(soph.status).to.equal(422);
      shows(soph.text, en("invest.declare.errors.count"));
    });

    it("the appropriateness test: a failed attempt waits 24 hours, then a pass is recorded", async () => {
      const { user, agent } = await investor();
      await submitForm(agent, "/invest/declare/uk", "/invest/declare/uk", {
        category: "certified_hnw",
        hnwIncome: "150000",
        hnwNetAssets: "0",
        attest: "1",
      });
      const quiz = await agent.get("/invest/quiz");
      expect(quiz.status).to.equal(200);
      shows(quiz.text, en("invest.uk.quiz.questions.loseAll.text"));
      const wrong = await submitForm(agent, "/invest/quiz", "/invest/quiz", { loseAll: "a", illiquid: "a" });
      expect(wrong.status).to.equal(303);
      const after = await agent.get("/invest/quiz");
      expect(after.text).to.include("You did not pass this time (0 of 6 correct)");
      expect(after.text).not.to.include('name="loseAll"'); // no form while waiting
      const early = await agent
        .post("/invest/quiz")
        .type("form")
        .send({ _csrf: csrfFrom(after.text), loseAll: "b" });
      expect(early.status).to.equal(409);
      ctx.clock.advance(24 * 3_600_000);
      const right = {
        loseAll: "b",
        illiquid: "c",
        dilution: "a",
        protection: "b",
        diversification: "c",
        dividends: "a",
      };
      const pass = await submitForm(agent, "/invest/quiz", "/invest/quiz", right);
      expect(pass.status).to.equal(303);
      const attempts = await ctx.db("appropriateness_attempts").where({ user_id: user.id }).orderBy("id");
      expect(attempts.map((a) => Boolean(a.passed))).to.deep.equal([false, true]);
      const account = await agent.get("/invest");
      shows(account.text, en("invest.account.quizPassed"));
      shows(account.text, en("invest.uk.refused.coolingOffNotStarted", { hours: 24 }));
    });
  });

  describe("China", () => {
    it("an individual: the average of three years' incomes, rounded down, decides (500,000.00 qualifies)", async () => {
      const { user, agent } = await investor();
      const res = await submitForm(agent, "/invest/declare/cn", "/invest/declare/cn", {
        investorType: "individual",
        financialAssets: "500000",
        income1: "400000",
        income2: "500000",
        income3: "600000.01",
        attest: "1",
      });
      expect(res.status).to.equal(303);
      const d = await latestDeclaration(ctx.db, user.id, "cn_private");
      expect(d?.figures).to.deep.equal({
        investorType: "individual",
        financialAssetsMinor: 500_000_00,
        incomesMinor: [400_000_00, 500_000_00, 600_000_01],
      });
      const account = await agent.get("/invest");
      // (400,000 + 500,000 + 600,000.01) / 3 = 500,000.0033… → ¥500,000.00 rounded down: qualified by income.
      shows(account.text, en("invest.account.mayInvest"));
      expect(account.text).to.include("¥500,000");
    });

    it("an organisation declares its net assets", async () => {
      const { user, agent } = await investor();
      const res = await submitForm(agent, "/invest/declare/cn", "/invest/declare/cn", {
        investorType: "entity",
        netAssets: "9999999.99",
        attest: "1",
      });
      expect(res.status).to.equal(303);
      expect((await latestDeclaration(ctx.db, user.id, "cn_private"))?.figures).to.deep.equal({
        investorType: "entity",
        netAssetsMinor: 9_999_999_99,
      });
      const account = await agent.get("/invest");
      shows(account.text, en("invest.account.mayNotInvest"));
      expect(account.text).to.include("¥10,000,000");
    });

    it("refuses a missing type and non-numeric figures", async () => {
      const { agent } = await investor();
      const res = await submitForm(agent, "/invest/declare/cn", "/invest/declare/cn", {
        investorType: "individual",
        financialAssets: "三百万",
        income1: "1",
        income2: "",
        income3: "-1",
        attest: "1",
      });
      expect(res.status).to.equal(422);
      shows(res.text, en("money.invalid"));
      shows(res.text, en("money.negative"));
      expect(res.text).to.include('id="f-income2-error"');
      const none = await submitForm(agent, "/invest/declare/cn", "/invest/declare/cn", { attest: "1" });
      expect(none.status).to.equal(422);
      shows(none.text, en("invest.declare.errors.investorType"));
    });
  });

  it("the account page shows the verification status and every regime", async () => {
    const user = await createUser(ctx.db);
    const agent = browser(ctx.app);
    await signIn(agent, user.email);
    const res = await agent.get("/invest");
    expect(res.status).to.equal(200);
    shows(res.text, en("invest.identity.status.none"));
    for (const r of ["us_reg_cf", "uk", "cn_private"]) shows(res.text, en(`invest.regimes.${r}`));
    for (const slug of ["us", "uk", "cn"]) expect(res.text).to.include(`href="/invest/declare/${slug}"`);
  });
});
