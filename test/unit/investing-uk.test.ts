import { expect } from "chai";
import fc from "fast-check";
import {
  assessUk,
  checkUkNoIncentives,
  type DeclaredInvestment,
  type InvestDecision,
  isUkStatementCurrent,
  largestBelowPercent,
  mayAttemptAppropriateness,
  nextAttemptAllowedAt,
  type PlatformCommitment,
  type QuizAttempt,
  scoreAppropriateness,
  type UkInput,
  type UkStatement,
  ukAppropriatenessQuiz,
  ukCoolingOff,
  ukCoolingOffEndsAt,
  ukRiskWarning,
  ukVersionOn,
  ukVersions,
} from "../../server/domain/investing/index.ts";
import { en } from "../../server/i18n/en.ts";
import { zhCN } from "../../server/i18n/zh-CN.ts";

/** Noon in London (GMT or BST): always that calendar day there. */
const london = (day: string) => new Date(`${day}T12:00:00Z`);
const gbp = (pounds: number, pence = 0) => pounds * 100 + pence;
const HOUR = 3_600_000;

const ready = {
  appropriateness: { at: london("2025-01-01"), passed: true } as QuizAttempt | null,
  coolingOff: { newToPlatform: false, startedAt: null as Date | null },
};

function assess(
  statement: UkStatement,
  on: Date,
  more: Partial<Omit<UkInput, "statement" | "on">> = {},
): InvestDecision {
  return assessUk({ statement, on, commitments: [], declaredElsewhere: [], ...ready, ...more });
}

const restricted = (netAssetsMinor: number, signedAt = london("2025-05-01")): UkStatement => ({
  category: "restricted",
  signedAt,
  netAssetsMinor,
});
const hnw = (
  annualIncomeMinor: number,
  netAssetsMinor: number,
  signedAt = london("2023-02-01"),
): UkStatement => ({
  category: "certified_hnw",
  signedAt,
  annualIncomeMinor,
  netAssetsMinor,
});
const sophisticated = (
  over: Partial<Extract<UkStatement, { category: "self_certified_sophisticated" }>> = {},
): UkStatement => ({
  category: "self_certified_sophisticated",
  signedAt: london("2025-05-01"),
  angelNetworkMonths: 0,
  unlistedInvestmentsLastTwoYears: 0,
  privateEquityOrSmeFinance: false,
  directorTurnoverMinor: null,
  ...over,
});

const keys = (d: { reasons: { key: string }[] }) => d.reasons.map((r) => r.key);

/** Looks a dotted key up in a catalog. */
function lookup(catalog: unknown, key: string): unknown {
  return key
    .split(".")
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);
}

describe("investing: UK (COBS 4.12A, PS22/10)", () => {
  const on = london("2025-06-01");

  describe("restricted investors: under 10% of net assets over 12 months", () => {
    // [case, net assets, counted before, limit, remaining, qualifies]
    const table: [string, number, number, number, number, boolean][] = [
      [
        "£250,000: 10% is £25,000, so at most £24,999.99",
        gbp(250_000),
        0,
        gbp(24_999, 99),
        gbp(24_999, 99),
        true,
      ],
      ["£250,000.10: 10% is £25,000.01", gbp(250_000, 10), 0, gbp(25_000), gbp(25_000), true],
      ["£250,000.05: 10% is £25,000.005", gbp(250_000, 5), 0, gbp(25_000), gbp(25_000), true],
      ["£5,000 already invested", gbp(250_000), gbp(5_000), gbp(24_999, 99), gbp(19_999, 99), true],
      [
        "a penny under 10% already invested: qualifies, nothing left",
        gbp(250_000),
        gbp(24_999, 99),
        gbp(24_999, 99),
        0,
        true,
      ],
      [
        "exactly 10% already invested: cannot make the statement",
        gbp(250_000),
        gbp(25_000),
        gbp(24_999, 99),
        0,
        false,
      ],
      ["more than 10% already invested", gbp(250_000), gbp(30_000), gbp(24_999, 99), 0, false],
      ["15p: 10% is 1.5p, so 1p", 15, 0, 1, 1, true],
      ["10p: 10% is 1p exactly, so nothing", 10, 0, 0, 0, true],
      ["no net assets: cannot stay under 10% of nothing", 0, 0, 0, 0, false],
    ];
    for (const [name, netAssets, counted, limit, remaining, qualifies] of table) {
      it(name, () => {
        const declared: DeclaredInvestment[] = counted
          ? [{ amountMinor: counted, at: london("2025-01-15") }]
          : [];
        const d = assess(restricted(netAssets), on, { declaredElsewhere: declared });
        expect(d.limitMinor).to.equal(limit);
        expect(d.remainingMinor).to.equal(remaining);
        expect(d.countedMinor).to.equal(counted);
        expect(d.allowed).to.equal(qualifies && remaining > 0);
        expect(keys(d)).to.include(
          qualifies ? "invest.uk.limit.restricted" : "invest.uk.refused.restrictedOver",
        );
      });
    }

    // [case, amount, counted before, allowed]
    const fits: [string, number, number, boolean][] = [
      ["the whole limit", gbp(24_999, 99), 0, true],
      ["10% itself", gbp(25_000), 0, false],
      ["what remains after £5,000 on Seedfund", gbp(19_999, 99), gbp(5_000), true],
      ["a penny more", gbp(20_000), gbp(5_000), false],
    ];
    for (const [name, amount, counted, allowed] of fits) {
      it(`a new amount: ${name} -> ${allowed ? "allowed" : "refused"}`, () => {
        const commitments: PlatformCommitment[] = counted
          ? [{ amountMinor: counted, at: london("2025-03-01"), status: "settled" }]
          : [];
        const d = assess(restricted(gbp(250_000)), on, { commitments, amountMinor: amount });
        expect(d.allowed).to.equal(allowed);
        if (!allowed) expect(d.reasons[0]?.key).to.equal("invest.common.overLimit");
      });
    }

    it("counts only the last 12 months (London days)", () => {
      const commitments: PlatformCommitment[] = [
        { amountMinor: gbp(10_000), at: london("2024-06-01"), status: "settled" }, // a year ago: outside
        { amountMinor: gbp(1_000), at: london("2024-06-02"), status: "settled" },
        { amountMinor: gbp(2_000), at: london("2025-02-01"), status: "cancelled" },
      ];
      expect(assess(restricted(gbp(250_000)), on, { commitments }).countedMinor).to.equal(gbp(1_000));
    });

    it("explains the limit with the net assets and the amount to stay under", () => {
      const d = assess(restricted(gbp(250_000)), on);
      expect(d.reasons[0]).to.deep.equal({
        key: "invest.uk.limit.restricted",
        params: {
          netAssets: { type: "money", minor: gbp(250_000), currency: "GBP" },
          percent: "10",
          under: { type: "money", minor: gbp(25_000), currency: "GBP" },
          limit: { type: "money", minor: gbp(24_999, 99), currency: "GBP" },
        },
      });
    });

    it("property: the limit is the largest whole amount strictly under 10%", () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 1_000_000_000_000 }), (netAssets) => {
          const limit = BigInt(largestBelowPercent(netAssets, "10"));
          const assets = BigInt(netAssets);
          return limit * 10n < assets && (limit + 1n) * 10n >= assets;
        }),
      );
    });
  });

  describe("certified high-net-worth investors", () => {
    // [day, income, net assets, qualifies, by]
    const table: [string, number, number, boolean, string][] = [
      ["2025-06-01", gbp(100_000), 0, true, "invest.uk.limit.hnwIncome"],
      ["2025-06-01", gbp(99_999, 99), 0, false, "invest.uk.refused.hnwBelow"],
      ["2025-06-01", gbp(100_000, 1), 0, true, "invest.uk.limit.hnwIncome"],
      ["2025-06-01", 0, gbp(250_000), true, "invest.uk.limit.hnwNetAssets"],
      ["2025-06-01", 0, gbp(249_999, 99), false, "invest.uk.refused.hnwBelow"],
      ["2025-06-01", 0, gbp(250_000, 1), true, "invest.uk.limit.hnwNetAssets"],
      ["2025-06-01", gbp(99_999, 99), gbp(249_999, 99), false, "invest.uk.refused.hnwBelow"],
      // 2024-01-31 to 2024-03-26: £170,000 / £430,000.
      ["2024-01-30", gbp(100_000), 0, true, "invest.uk.limit.hnwIncome"],
      ["2024-01-31", gbp(100_000), 0, false, "invest.uk.refused.hnwBelow"],
      ["2024-01-31", gbp(170_000), 0, true, "invest.uk.limit.hnwIncome"],
      ["2024-01-31", gbp(169_999, 99), 0, false, "invest.uk.refused.hnwBelow"],
      ["2024-02-15", gbp(170_000, 1), 0, true, "invest.uk.limit.hnwIncome"],
      ["2024-01-30", 0, gbp(250_000), true, "invest.uk.limit.hnwNetAssets"],
      ["2024-01-31", 0, gbp(250_000), false, "invest.uk.refused.hnwBelow"],
      ["2024-01-31", 0, gbp(430_000), true, "invest.uk.limit.hnwNetAssets"],
      ["2024-03-26", 0, gbp(429_999, 99), false, "invest.uk.refused.hnwBelow"],
      ["2024-03-26", 0, gbp(430_000, 1), true, "invest.uk.limit.hnwNetAssets"],
      ["2024-03-26", gbp(100_000), 0, false, "invest.uk.refused.hnwBelow"],
      // Restored on 2024-03-27.
      ["2024-03-27", gbp(100_000), 0, true, "invest.uk.limit.hnwIncome"],
      ["2024-03-27", 0, gbp(250_000), true, "invest.uk.limit.hnwNetAssets"],
      ["2024-03-27", gbp(99_999, 99), 0, false, "invest.uk.refused.hnwBelow"],
    ];
    for (const [day, income, netAssets, qualifies, key] of table) {
      it(`${day}: income ${income / 100}, net assets ${netAssets / 100} -> ${qualifies ? "qualifies" : "refused"}`, () => {
        // Signed the same day, so the statement is current.
        const d = assess(hnw(income, netAssets, london(day)), london(day));
        expect(d.allowed).to.equal(qualifies);
        expect(d.limitMinor).to.equal(null);
        expect(d.remainingMinor).to.equal(null);
        expect(keys(d)).to.deep.equal([key]);
      });
    }

    it("have no limit on the amount", () => {
      const d = assess(hnw(gbp(100_000), 0, london("2025-05-01")), on, { amountMinor: gbp(5_000_000) });
      expect(d.allowed).to.equal(true);
    });
  });

  describe("self-certified sophisticated investors", () => {
    const table: [string, Parameters<typeof sophisticated>[0], boolean, string][] = [
      ["six months in an angel network", { angelNetworkMonths: 6 }, true, "invest.uk.criteria.angelNetwork"],
      ["five months", { angelNetworkMonths: 5 }, false, ""],
      [
        "two unlisted investments in two years",
        { unlistedInvestmentsLastTwoYears: 2 },
        true,
        "invest.uk.criteria.unlistedInvestments",
      ],
      ["one", { unlistedInvestmentsLastTwoYears: 1 }, false, ""],
      [
        "private equity or SME finance",
        { privateEquityOrSmeFinance: true },
        true,
        "invest.uk.criteria.privateEquity",
      ],
      [
        "director, turnover £1m",
        { directorTurnoverMinor: gbp(1_000_000) },
        true,
        "invest.uk.criteria.director",
      ],
      ["director, turnover a penny under £1m", { directorTurnoverMinor: gbp(999_999, 99) }, false, ""],
      [
        "director, turnover a penny over £1m",
        { directorTurnoverMinor: gbp(1_000_000, 1) },
        true,
        "invest.uk.criteria.director",
      ],
      ["none of them", {}, false, ""],
    ];
    for (const [name, over, qualifies, criterion] of table) {
      it(`${name} -> ${qualifies ? "qualifies" : "refused"}`, () => {
        const d = assess(sophisticated(over), on);
        expect(d.allowed).to.equal(qualifies);
        expect(d.limitMinor).to.equal(null);
        if (qualifies) {
          expect(d.reasons[0]?.key).to.equal("invest.uk.limit.sophisticated");
          expect((d.reasons[0]?.params.criterion as { key: string } | undefined)?.key).to.equal(criterion);
        } else {
          expect(keys(d)).to.deep.equal(["invest.uk.refused.sophisticatedNone"]);
        }
      });
    }
  });

  describe("effective dates", () => {
    it("applies nothing before PS22/10 came into force on 2023-02-01", () => {
      const before = assess(hnw(gbp(500_000), 0, london("2023-01-31")), london("2023-01-31"));
      expect(before.allowed).to.equal(false);
      expect(before.ruleVersion).to.equal(null);
      expect(keys(before)).to.deep.equal(["invest.common.noRuleInForce"]);
      const after = assess(hnw(gbp(500_000), 0, london("2023-02-01")), london("2023-02-01"));
      expect(after.allowed).to.equal(true);
      expect(after.ruleVersion).to.equal("uk-2023-02-01");
    });

    it("uses the day in London (BST: midnight is 23:00 UTC the day before)", () => {
      expect(ukVersionOn(new Date("2024-03-26T23:59:59Z"))?.id).to.equal("uk-2024-01-31"); // GMT still
      expect(ukVersionOn(new Date("2024-03-27T00:00:00Z"))?.id).to.equal("uk-2024-03-27");
      expect(ukVersionOn(new Date("2024-01-30T23:59:59Z"))?.id).to.equal("uk-2023-02-01");
      expect(ukVersionOn(new Date("2024-01-31T00:00:00Z"))?.id).to.equal("uk-2024-01-31");
    });

    it("has contiguous versions, the last still in force", () => {
      for (let i = 1; i < ukVersions.length; i++) {
        const dayAfter = new Date(`${ukVersions[i - 1]?.effectiveTo}T00:00:00Z`);
        dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
        expect(dayAfter.toISOString().slice(0, 10)).to.equal(ukVersions[i]?.effectiveFrom);
      }
      expect(ukVersions.at(-1)?.effectiveTo).to.equal(null);
    });
  });

  describe("statements last 12 months", () => {
    const table: [string, string, boolean][] = [
      ["signed the same day", "2025-06-01", true],
      ["signed the first day of the window", "2024-06-02", true],
      ["signed exactly a year before", "2024-06-01", false],
      ["signed in the future", "2025-06-02", false],
    ];
    for (const [name, signed, current] of table) {
      it(`${name} -> ${current ? "current" : "expired"}`, () => {
        expect(isUkStatementCurrent(london(signed), on)).to.equal(current);
        const d = assess(hnw(gbp(200_000), 0, london(signed)), on);
        expect(d.allowed).to.equal(current);
        expect(keys(d).includes("invest.uk.refused.statementExpired")).to.equal(!current);
      });
    }
  });

  describe("the appropriateness test", () => {
    const allCorrect = Object.fromEntries(ukAppropriatenessQuiz.questions.map((q) => [q.id, q.correct]));
    const wrongOption = (id: string) =>
      ukAppropriatenessQuiz.questions.find((q) => q.id === id)?.options.find((o) => o !== allCorrect[id]);

    const table: [string, Record<string, unknown>, number, boolean][] = [
      ["all correct", allCorrect, 6, true],
      ["one wrong: the pass mark", { ...allCorrect, loseAll: wrongOption("loseAll") }, 5, true],
      [
        "two wrong",
        { ...allCorrect, loseAll: wrongOption("loseAll"), dilution: wrongOption("dilution") },
        4,
        false,
      ],
      ["one unanswered", { ...allCorrect, protection: undefined }, 5, true],
      ["two unanswered", { illiquid: "c", dilution: "a", protection: "b", diversification: "c" }, 4, false],
      ["nothing", {}, 0, false],
      [
        "unknown options are wrong",
        Object.fromEntries(ukAppropriatenessQuiz.questions.map((q) => [q.id, "z"])),
        0,
        false,
      ],
      ["arrays are not answers", { ...allCorrect, loseAll: ["b"], illiquid: ["c"] }, 4, false],
      ["extra keys are ignored", { ...allCorrect, extra: "a", constructor: "b" }, 6, true],
      [
        "every option 'a'",
        Object.fromEntries(ukAppropriatenessQuiz.questions.map((q) => [q.id, "a"])),
        2,
        false,
      ],
    ];
    for (const [name, answers, correct, passed] of table) {
      it(`${name}: ${correct} of 6 -> ${passed ? "pass" : "fail"}`, () => {
        const score = scoreAppropriateness(answers);
        expect(score).to.include({ correct, total: 6, passMark: 5, passed });
        expect(score.wrong).to.have.length(6 - correct);
      });
    }

    it("does not put every right answer on the same letter", () => {
      expect(new Set(ukAppropriatenessQuiz.questions.map((q) => q.correct)).size).to.be.greaterThan(1);
    });

    it("covers losing everything, illiquidity, dilution, no compensation and diversification", () => {
      expect(ukAppropriatenessQuiz.questions.map((q) => q.id)).to.include.members([
        "loseAll",
        "illiquid",
        "dilution",
        "protection",
        "diversification",
      ]);
    });

    it("has every question and option in both languages", () => {
      for (const catalog of [en, zhCN]) {
        for (const q of ukAppropriatenessQuiz.questions) {
          expect(lookup(catalog, `invest.uk.quiz.questions.${q.id}.text`), q.id).to.be.a("string");
          const options = lookup(catalog, `invest.uk.quiz.questions.${q.id}.options`) as Record<
            string,
            string
          >;
          expect(Object.keys(options).sort()).to.deep.equal([...q.options].sort());
        }
      }
    });

    // [case, last attempt, now offset from it in ms, may attempt, next allowed offset]
    const T = new Date("2025-06-01T09:30:00Z");
    const retakes: [string, QuizAttempt | null, number, boolean, number | null][] = [
      ["never attempted", null, 0, true, null],
      ["passed", { at: T, passed: true }, 0, true, null],
      ["failed, a millisecond before 24 hours", { at: T, passed: false }, 24 * HOUR - 1, false, 24 * HOUR],
      ["failed, exactly 24 hours later", { at: T, passed: false }, 24 * HOUR, true, 24 * HOUR],
      ["failed, a day and a bit later", { at: T, passed: false }, 25 * HOUR, true, 24 * HOUR],
    ];
    for (const [name, last, offset, may, next] of retakes) {
      it(`retake: ${name} -> ${may ? "may" : "must wait"}`, () => {
        expect(mayAttemptAppropriateness(last, new Date(T.getTime() + offset))).to.equal(may);
        expect(nextAttemptAllowedAt(last)?.getTime() ?? null).to.equal(
          next === null ? null : T.getTime() + next,
        );
      });
    }

    // In assessUk: [case, last attempt, refusal or null]
    const gates: [string, QuizAttempt | null, string | null][] = [
      ["passed", { at: london("2025-05-01"), passed: true }, null],
      ["never taken", null, "invest.uk.refused.appropriatenessNeeded"],
      [
        "failed an hour ago",
        { at: new Date(on.getTime() - HOUR), passed: false },
        "invest.uk.refused.appropriatenessFailed",
      ],
      [
        "failed 24 hours ago: may retake",
        { at: new Date(on.getTime() - 24 * HOUR), passed: false },
        "invest.uk.refused.appropriatenessNeeded",
      ],
    ];
    for (const [name, attempt, refusal] of gates) {
      it(`an investment when the test was ${name} -> ${refusal ?? "allowed"}`, () => {
        const d = assess(hnw(gbp(200_000), 0, london("2025-05-01")), on, { appropriateness: attempt });
        expect(d.allowed).to.equal(refusal === null);
        if (refusal) expect(d.reasons[0]?.key).to.equal(refusal);
      });
    }
  });

  describe("the 24-hour cooling-off for investors new to the platform", () => {
    const started = new Date("2025-06-01T09:00:00Z");
    const table: [string, boolean, Date | null, number, boolean, string | null][] = [
      ["not new", false, null, 0, true, null],
      [
        "new, never opened an offer's investment page",
        true,
        null,
        0,
        false,
        "invest.uk.refused.coolingOffNotStarted",
      ],
      ["new, just started", true, started, 0, false, "invest.uk.refused.coolingOff"],
      [
        "new, a millisecond before 24 hours",
        true,
        started,
        24 * HOUR - 1,
        false,
        "invest.uk.refused.coolingOff",
      ],
      ["new, exactly 24 hours", true, started, 24 * HOUR, true, null],
      ["new, two days", true, started, 48 * HOUR, true, null],
    ];
    for (const [name, newToPlatform, startedAt, offset, over, refusal] of table) {
      it(`${name} -> ${over ? "over" : "not over"}`, () => {
        const now = new Date(started.getTime() + offset);
        const check = ukCoolingOff({ newToPlatform, startedAt, now });
        expect(check.allowed).to.equal(over);
        expect(check.reasons.map((r) => r.key)).to.deep.equal(refusal ? [refusal] : []);
        const d = assess(hnw(gbp(200_000), 0, london("2025-05-01")), now, {
          coolingOff: { newToPlatform, startedAt },
        });
        expect(d.allowed).to.equal(over);
      });
    }

    it("ends 24 hours after it started, and says when", () => {
      expect(ukCoolingOffEndsAt(started).toISOString()).to.equal("2025-06-02T09:00:00.000Z");
      const check = ukCoolingOff({ newToPlatform: true, startedAt: started, now: started });
      expect(check.reasons[0]?.params).to.deep.equal({
        hours: 24,
        until: { type: "instant", at: new Date("2025-06-02T09:00:00Z") },
      });
    });

    it("lists every refusal at once, before the explanation", () => {
      const d = assess(restricted(gbp(250_000), london("2024-01-01")), on, {
        appropriateness: null,
        coolingOff: { newToPlatform: true, startedAt: null },
        amountMinor: gbp(30_000),
      });
      expect(d.allowed).to.equal(false);
      expect(keys(d)).to.deep.equal([
        "invest.uk.refused.statementExpired",
        "invest.uk.refused.appropriatenessNeeded",
        "invest.uk.refused.coolingOffNotStarted",
        "invest.common.overLimit",
        "invest.uk.limit.restricted",
        "invest.common.counted",
      ]);
    });
  });

  describe("the prescribed risk warning", () => {
    it("is the FCA's text, word for word", () => {
      expect(lookup(en, ukRiskWarning.headline)).to.equal(
        "Don't invest unless you're prepared to lose all the money you invest. This is a high-risk investment and you should not expect to be protected if something goes wrong.",
      );
      expect(lookup(en, ukRiskWarning.learnMore)).to.equal("Take 2 mins to learn more");
    });

    it("has every part in both languages", () => {
      const all = [
        ukRiskWarning.headline,
        ukRiskWarning.learnMore,
        ukRiskWarning.personalised,
        ukRiskWarning.summary.title,
        ukRiskWarning.summary.readingTime,
        ukRiskWarning.summary.intro,
        ukRiskWarning.summary.outro,
        ...ukRiskWarning.summary.sections.flatMap((s) => [s.heading, ...s.points]),
      ];
      for (const key of all) {
        expect(lookup(en, key), key).to.be.a("string").and.not.equal("");
        expect(lookup(zhCN, key), key).to.match(/\p{Script=Han}/u);
      }
      expect(ukRiskWarning.summary.sections).to.have.length(5);
    });
  });

  describe("no rewards or perks on UK equity offerings", () => {
    const table: [string, Parameters<typeof checkUkNoIncentives>[0], boolean][] = [
      ["UK equity, none", { regime: "uk", kind: "equity", rewardTierCount: 0, perkCount: 0 }, true],
      [
        "UK equity, one reward tier",
        { regime: "uk", kind: "equity", rewardTierCount: 1, perkCount: 0 },
        false,
      ],
      ["UK equity, one perk", { regime: "uk", kind: "equity", rewardTierCount: 0, perkCount: 1 }, false],
      [
        "US equity with perks: not this rule",
        { regime: "us_reg_cf", kind: "equity", rewardTierCount: 2, perkCount: 1 },
        true,
      ],
      [
        "UK reward project: rewards are the point",
        { regime: "uk", kind: "reward", rewardTierCount: 3, perkCount: 0 },
        true,
      ],
    ];
    for (const [name, offering, allowed] of table) {
      it(`${name} -> ${allowed ? "allowed" : "refused"}`, () => {
        const check = checkUkNoIncentives(offering);
        expect(check.allowed).to.equal(allowed);
        expect(check.reasons.map((r) => r.key)).to.deep.equal(
          allowed ? [] : ["invest.uk.refused.incentives"],
        );
      });
    }
  });
});
