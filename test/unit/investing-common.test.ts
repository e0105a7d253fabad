import { expect } from "chai";
import fc from "fast-check";
import {
  assessInvestment,
  assessUsRegCf,
  type CommitmentStatus,
  commitmentStatuses,
  countsTowardLimit,
  type ExplainFormatters,
  explainReason,
  type InvestDecision,
  largestBelowPercent,
  localDay,
  percentOfMinorDown,
  type Reason,
  type RuleVersion,
  sameDayYearBefore,
  twelveMonthsEndingOn,
  type UkStatement,
  ukAppropriatenessQuiz,
  versionOnDay,
} from "../../server/domain/investing/index.ts";
import { type Currency, formatMoney } from "../../server/domain/money.ts";
import { type Locale, translator } from "../../server/i18n/index.ts";
import { formatDate, formatDateTime } from "../../server/web/format.ts";

/** The view locals, as explainReason gets them. */
const formatters = (locale: Locale): ExplainFormatters => ({
  t: translator(locale),
  money: (minor: number, currency: Currency) => formatMoney(minor, currency, locale),
  date: (instant: Date) => formatDate(instant, locale),
  dateTime: (instant: Date) => formatDateTime(instant, locale),
});
const explainAll = (d: { reasons: Reason[] }, locale: Locale) =>
  d.reasons.map((r) => explainReason(r, formatters(locale)));

describe("investing: shared rules", () => {
  describe("calendar days in a regulator's time zone", () => {
    const table: [string, string, string][] = [
      ["2025-06-01T03:59:59Z", "America/New_York", "2025-05-31"],
      ["2025-06-01T04:00:00Z", "America/New_York", "2025-06-01"],
      ["2025-01-15T04:59:59Z", "America/New_York", "2025-01-14"], // EST, UTC-5
      ["2025-06-01T22:59:59Z", "Europe/London", "2025-06-01"],
      ["2025-06-01T23:00:00Z", "Europe/London", "2025-06-02"], // BST
      ["2025-01-15T23:59:59Z", "Europe/London", "2025-01-15"], // GMT
      ["2025-06-01T15:59:59Z", "Asia/Shanghai", "2025-06-01"],
      ["2025-06-01T16:00:00Z", "Asia/Shanghai", "2025-06-02"],
    ];
    for (const [iso, zone, day] of table) {
      it(`${iso} in ${zone} is ${day}`, () => {
        expect(localDay(new Date(iso), zone)).to.equal(day);
      });
    }
  });

  describe("the rolling 12 months", () => {
    const table: [string, string, string][] = [
      ["2025-03-15", "2024-03-15", "2024-03-16"],
      ["2025-01-01", "2024-01-01", "2024-01-02"],
      ["2024-12-31", "2023-12-31", "2024-01-01"],
      ["2024-02-29", "2023-02-28", "2023-03-01"],
      ["2025-02-28", "2024-02-28", "2024-02-29"],
      ["2025-03-01", "2024-03-01", "2024-03-02"],
    ];
    for (const [day, yearBefore, from] of table) {
      it(`ends on ${day}: starts on ${from}`, () => {
        expect(sameDayYearBefore(day)).to.equal(yearBefore);
        expect(twelveMonthsEndingOn(day)).to.deep.equal({ from, to: day });
      });
    }

    it("rejects a day that is not YYYY-MM-DD", () => {
      expect(() => twelveMonthsEndingOn("1/3/2025")).to.throw(RangeError);
    });
  });

  describe("which commitments count", () => {
    const table: [CommitmentStatus, boolean][] = [
      ["active", true],
      ["awaiting_reconfirmation", true],
      ["settled", true],
      ["cancelled", false],
      ["failed", false],
    ];
    for (const [status, counts] of table) {
      it(`${status} -> ${counts ? "counts" : "does not count"}`, () => {
        expect(countsTowardLimit(status)).to.equal(counts);
      });
    }
    it("covers every status", () => {
      expect(table.map(([s]) => s)).to.have.members([...commitmentStatuses]);
    });
  });

  describe("percentages of minor units", () => {
    const down: [number, string, number][] = [
      [20_000_000, "5", 1_000_000],
      [5_000_001, "5", 250_000], // 250,000.05
      [5_000_019, "5", 250_000], // 250,000.95
      [5_000_020, "5", 250_001],
      [12_400_009, "10", 1_240_000],
      [0, "10", 0],
      [999_999_999_999, "10", 99_999_999_999],
    ];
    for (const [minor, percent, result] of down) {
      it(`${percent}% of ${minor}, rounded down, is ${result}`, () => {
        expect(percentOfMinorDown(minor, percent)).to.equal(result);
      });
    }
    const below: [number, string, number][] = [
      [25_000_000, "10", 2_499_999],
      [25_000_001, "10", 2_500_000],
      [25_000_010, "10", 2_500_000],
      [25_000_011, "10", 2_500_001],
      [10, "10", 0],
      [0, "10", 0],
    ];
    for (const [minor, percent, result] of below) {
      it(`the largest amount under ${percent}% of ${minor} is ${result}`, () => {
        expect(largestBelowPercent(minor, percent)).to.equal(result);
      });
    }
  });

  describe("effective-dated versions", () => {
    const versions: RuleVersion[] = [
      { id: "a", effectiveFrom: "2020-01-01", effectiveTo: "2020-12-31", source: "" },
      { id: "b", effectiveFrom: "2021-01-01", effectiveTo: null, source: "" },
    ];
    const table: [string, string | null][] = [
      ["2019-12-31", null],
      ["2020-01-01", "a"],
      ["2020-12-31", "a"],
      ["2021-01-01", "b"],
      ["2099-01-01", "b"],
    ];
    for (const [day, id] of table) {
      it(`${day} -> ${id ?? "none"}`, () => {
        expect(versionOnDay(versions, day)?.id ?? null).to.equal(id);
      });
    }
  });

  describe("explanations in both languages", () => {
    const example = assessUsRegCf({
      investor: { accredited: false, annualIncomeMinor: 60_000_00, netWorthMinor: 200_000_00 },
      on: new Date("2025-06-01T16:00:00Z"),
      commitments: [],
      declaredElsewhere: [],
    });

    it("renders the RULES.md example in English as the issue words it", () => {
      expect(explainAll(example, "en")[0]).to.equal(
        "Your limit over 12 months is $10,000: your net worth of $200,000 is the greater figure, and as your income is under $124,000 the limit is the greater of $2,500 and 5% of it.",
      );
    });

    it("renders it in Chinese", () => {
      expect(explainAll(example, "zh-CN")[0]).to.equal(
        "您 12 个月内的投资限额为 US$10,000：您的净资产 US$200,000 是两项中较高的一项；由于您的年收入低于 US$124,000，限额为 US$2,500 与该数额的 5% 两者中的较高者。",
      );
    });

    it("formats days and amounts in the reader's locale", () => {
      const d = assessUsRegCf({
        investor: { accredited: false, annualIncomeMinor: 60_000_00, netWorthMinor: 200_000_00 },
        on: new Date("2025-06-01T16:00:00Z"),
        commitments: [{ amountMinor: 3_000_00, at: new Date("2025-01-10T16:00:00Z"), status: "active" }],
        declaredElsewhere: [{ amountMinor: 1_000_50, at: new Date("2025-02-10T16:00:00Z") }],
      });
      expect(explainAll(d, "en")[1]).to.equal(
        "Counted over the 12 months from June 2, 2024 to June 1, 2025: $3,000 committed on Seedfund and $1,000.50 declared from elsewhere. $5,999.50 of your limit remains.",
      );
      expect(explainAll(d, "zh-CN")[1]).to.equal(
        "自 2024年6月2日 至 2025年6月1日 的 12 个月内已计入：在种子众筹认购 US$3,000，在其他平台申报 US$1,000.50。您的剩余额度为 US$5,999.50。",
      );
    });

    it("renders the restricted investor's limit", () => {
      const d = assessInvestment({
        regime: "uk",
        statement: {
          category: "restricted",
          signedAt: new Date("2025-05-01T12:00:00Z"),
          netAssetsMinor: 250_000_00,
        },
        on: new Date("2025-06-01T12:00:00Z"),
        commitments: [],
        declaredElsewhere: [],
        appropriateness: { at: new Date("2025-05-01T12:00:00Z"), passed: true },
        coolingOff: { newToPlatform: false, startedAt: null },
      });
      expect(explainAll(d, "en")[0]).to.equal(
        "Your limit over 12 months is £24,999.99: as a restricted investor you keep what you put into high-risk investments like this one under 10% of your net assets of £250,000, that is under £25,000.",
      );
    });

    it("renders a cooling-off end as a date and time", () => {
      const d = assessInvestment({
        regime: "uk",
        statement: {
          category: "certified_hnw",
          signedAt: new Date("2025-05-01T12:00:00Z"),
          annualIncomeMinor: 100_000_00,
          netAssetsMinor: 0,
        },
        on: new Date("2025-06-01T12:00:00Z"),
        commitments: [],
        declaredElsewhere: [],
        appropriateness: { at: new Date("2025-05-01T12:00:00Z"), passed: true },
        coolingOff: { newToPlatform: true, startedAt: new Date("2025-06-01T09:00:00Z") },
      });
      expect(explainAll(d, "en")[0]).to.equal(
        "As you are new to Seedfund, you have 24 hours to reflect before your first investment. You can invest from Jun 2, 2025, 9:00 AM UTC.",
      );
    });

    it("renders the China refusal in Chinese", () => {
      const d = assessInvestment({
        regime: "cn_private",
        investor: { type: "institution", kind: "pension_fund" },
        on: new Date("2025-06-01T04:00:00Z"),
        amountMinor: 100_00,
        offering: { distinctInvestorCount: 200, alreadyInvestor: false },
      });
      expect(explainAll(d, "zh-CN")).to.deep.equal([
        "本项目的投资者人数已达到规定上限 200 人，无法再接受新的投资者。",
        "您作为养老基金，属于合格投资者。",
      ]);
    });

    /** Any decision of any regime: its reasons render fully in both languages. */
    const money = fc.integer({ min: 0, max: 100_000_000_00 });
    const day = fc
      .integer({ min: Date.UTC(2014, 0, 1), max: Date.UTC(2030, 0, 1) })
      .map((ms) => new Date(ms - (ms % 60_000)));
    const maybeAmount = fc.option(fc.integer({ min: -10, max: 200_000_000_00 }), { nil: undefined });
    const commitments = fc.array(
      fc.record({ amountMinor: money, at: day, status: fc.constantFrom(...commitmentStatuses) }),
      { maxLength: 4 },
    );
    const declared = fc.array(fc.record({ amountMinor: money, at: day }), { maxLength: 2 });
    const statement: fc.Arbitrary<UkStatement> = fc.oneof(
      fc.record({ category: fc.constant("restricted" as const), signedAt: day, netAssetsMinor: money }),
      fc.record({
        category: fc.constant("certified_hnw" as const),
        signedAt: day,
        annualIncomeMinor: money,
        netAssetsMinor: money,
      }),
      fc.record({
        category: fc.constant("self_certified_sophisticated" as const),
        signedAt: day,
        angelNetworkMonths: fc.nat(24),
        unlistedInvestmentsLastTwoYears: fc.nat(5),
        privateEquityOrSmeFinance: fc.boolean(),
        directorTurnoverMinor: fc.option(money, { nil: null }),
      }),
    );
    const anyDecision: fc.Arbitrary<InvestDecision> = fc.oneof(
      fc
        .record({
          investor: fc.record({ accredited: fc.boolean(), annualIncomeMinor: money, netWorthMinor: money }),
          on: day,
          commitments,
          declaredElsewhere: declared,
          amountMinor: maybeAmount,
        })
        .map((input) => assessInvestment({ regime: "us_reg_cf", ...input })),
      fc
        .record({
          statement,
          on: day,
          commitments,
          declaredElsewhere: declared,
          appropriateness: fc.option(fc.record({ at: day, passed: fc.boolean() }), { nil: null }),
          coolingOff: fc.record({ newToPlatform: fc.boolean(), startedAt: fc.option(day, { nil: null }) }),
          amountMinor: maybeAmount,
        })
        .map((input) => assessInvestment({ regime: "uk", ...input })),
      fc
        .record({
          investor: fc.oneof(
            fc.record({
              type: fc.constant("individual" as const),
              financialAssetsMinor: money,
              averageIncomeLastThreeYearsMinor: money,
            }),
            fc.record({ type: fc.constant("entity" as const), netAssetsMinor: money }),
            fc.record({
              type: fc.constant("institution" as const),
              kind: fc.constantFrom(
                "private_fund_investor" as const,
                "pension_fund" as const,
                "charity_fund" as const,
              ),
            }),
          ),
          on: day,
          amountMinor: maybeAmount,
          offering: fc.option(
            fc.record({ distinctInvestorCount: fc.nat(300), alreadyInvestor: fc.boolean() }),
            {
              nil: undefined,
            },
          ),
        })
        .map((input) => assessInvestment({ regime: "cn_private", ...input })),
    );

    it("property: every reason of every regime renders in both languages, with nothing left unfilled", () => {
      fc.assert(
        fc.property(anyDecision, (d) => {
          expect(d.reasons.length).to.be.greaterThan(0);
          for (const locale of ["en", "zh-CN"] as const) {
            for (const text of explainAll(d, locale)) {
              expect(text).not.to.match(/\{\{|\binvest\.[a-z]|undefined|NaN|\[object/);
            }
          }
          // The shape: no limit means nothing remains to count against; otherwise 0 <= remaining <= limit.
          if (d.limitMinor === null) expect(d.remainingMinor).to.equal(null);
          else expect(d.remainingMinor).to.be.within(0, d.limitMinor);
        }),
        { numRuns: 300 },
      );
    });

    it("renders every quiz question in both languages", () => {
      for (const locale of ["en", "zh-CN"] as const) {
        const t = translator(locale);
        for (const q of ukAppropriatenessQuiz.questions) {
          expect(t(`invest.uk.quiz.questions.${q.id}.text`)).not.to.match(/^invest\./);
        }
      }
    });
  });
});
