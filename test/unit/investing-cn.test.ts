import { expect } from "chai";
import fc from "fast-check";
import {
  assessCnPrivate,
  type CnInput,
  type CnInvestor,
  cnInstitutionKinds,
  cnMayJoinOffering,
  cnVersionOn,
  threeYearAverageMinor,
} from "../../server/domain/investing/index.ts";

/** Noon in Beijing. */
const beijing = (day: string) => new Date(`${day}T04:00:00Z`);
const yuan = (y: number, fen = 0) => y * 100 + fen;
const on = beijing("2025-06-01");

const individual = (financialAssetsMinor: number, averageIncomeLastThreeYearsMinor: number): CnInvestor => ({
  type: "individual",
  financialAssetsMinor,
  averageIncomeLastThreeYearsMinor,
});
const entity = (netAssetsMinor: number): CnInvestor => ({ type: "entity", netAssetsMinor });
const keys = (d: { reasons: { key: string }[] }) => d.reasons.map((r) => r.key);
const assess = (investor: CnInvestor, more: Partial<Omit<CnInput, "investor">> = {}) =>
  assessCnPrivate({ investor, on, ...more });

describe("investing: China non-public equity crowdfunding (2014-12-18 draft)", () => {
  describe("qualified investors", () => {
    // [case, investor, amount (total in this offering), qualified, reason]
    const table: [string, CnInvestor, number | undefined, boolean, string][] = [
      [
        "financial assets exactly ¥3,000,000",
        individual(yuan(3_000_000), 0),
        yuan(10_000),
        true,
        "invest.cn.qualified.financialAssets",
      ],
      [
        "financial assets a fen below",
        individual(yuan(2_999_999, 99), 0),
        yuan(10_000),
        false,
        "invest.cn.refused.individual",
      ],
      [
        "financial assets a fen above",
        individual(yuan(3_000_000, 1), 0),
        yuan(10_000),
        true,
        "invest.cn.qualified.financialAssets",
      ],
      [
        "three-year average income exactly ¥500,000",
        individual(0, yuan(500_000)),
        yuan(10_000),
        true,
        "invest.cn.qualified.income",
      ],
      [
        "average income a fen below",
        individual(0, yuan(499_999, 99)),
        yuan(10_000),
        false,
        "invest.cn.refused.individual",
      ],
      [
        "average income a fen above",
        individual(0, yuan(500_000, 1)),
        yuan(10_000),
        true,
        "invest.cn.qualified.income",
      ],
      [
        "a single commitment of exactly ¥1,000,000",
        individual(0, 0),
        yuan(1_000_000),
        true,
        "invest.cn.qualified.singleCommitment",
      ],
      [
        "a single commitment a fen below",
        individual(0, 0),
        yuan(999_999, 99),
        false,
        "invest.cn.refused.individual",
      ],
      [
        "a single commitment a fen above",
        individual(0, 0),
        yuan(1_000_000, 1),
        true,
        "invest.cn.qualified.singleCommitment",
      ],
      [
        "entity net assets exactly ¥10,000,000",
        entity(yuan(10_000_000)),
        yuan(10_000),
        true,
        "invest.cn.qualified.entity",
      ],
      [
        "entity net assets a fen below",
        entity(yuan(9_999_999, 99)),
        yuan(10_000),
        false,
        "invest.cn.refused.entity",
      ],
      [
        "entity net assets a fen above",
        entity(yuan(10_000_000, 1)),
        yuan(10_000),
        true,
        "invest.cn.qualified.entity",
      ],
      [
        "an entity committing ¥1,000,000",
        entity(0),
        yuan(1_000_000),
        true,
        "invest.cn.qualified.singleCommitment",
      ],
      [
        "status without an amount: qualified by assets",
        individual(yuan(3_000_000), 0),
        undefined,
        true,
        "invest.cn.qualified.financialAssets",
      ],
      [
        "status without an amount: not qualified by status",
        individual(yuan(2_000_000), yuan(300_000)),
        undefined,
        false,
        "invest.cn.refused.individual",
      ],
      ...cnInstitutionKinds.map((kind): [string, CnInvestor, number | undefined, boolean, string] => [
        `an institution: ${kind}`,
        { type: "institution", kind },
        yuan(1),
        true,
        "invest.cn.qualified.institution",
      ]),
    ];
    for (const [name, investor, amount, qualified, key] of table) {
      it(`${name} -> ${qualified ? "qualified" : "refused"}`, () => {
        const d = assess(investor, { amountMinor: amount });
        expect(d.allowed).to.equal(qualified);
        expect(d.limitMinor).to.equal(null);
        expect(d.remainingMinor).to.equal(null);
        expect(d.currency).to.equal("CNY");
        expect(d.ruleVersion).to.equal("cn-private-2014-12-18");
        expect(keys(d)[0]).to.equal(key);
      });
    }

    it("tells the refused investor every way to qualify, with what they declared", () => {
      const d = assess(individual(yuan(2_000_000), yuan(300_000)), { amountMinor: yuan(50_000) });
      expect(d.reasons).to.deep.equal([
        {
          key: "invest.cn.refused.individual",
          params: {
            assets: { type: "money", minor: yuan(2_000_000), currency: "CNY" },
            assetsThreshold: { type: "money", minor: yuan(3_000_000), currency: "CNY" },
            income: { type: "money", minor: yuan(300_000), currency: "CNY" },
            incomeThreshold: { type: "money", minor: yuan(500_000), currency: "CNY" },
            minimum: { type: "money", minor: yuan(1_000_000), currency: "CNY" },
          },
        },
      ]);
    });

    it("lists every criterion an investor meets", () => {
      expect(keys(assess(individual(yuan(5_000_000), yuan(600_000))))).to.deep.equal([
        "invest.cn.qualified.financialAssets",
        "invest.cn.qualified.income",
      ]);
    });

    it("refuses a zero or negative amount even for a qualified investor", () => {
      for (const amountMinor of [0, -1, 0.5]) {
        const d = assess(individual(yuan(5_000_000), 0), { amountMinor });
        expect(d.allowed, String(amountMinor)).to.equal(false);
        expect(keys(d)[0]).to.equal("invest.common.amountPositive");
      }
    });

    it("throws on figures the form should have refused", () => {
      expect(() => assess(individual(-1, 0))).to.throw(RangeError);
      expect(() => assess(entity(1.5))).to.throw(RangeError);
    });
  });

  describe("at most 200 investors per offering", () => {
    // [case, investors now, already one of them, allowed]
    const table: [string, number, boolean, boolean][] = [
      ["the first", 0, false, true],
      ["the 200th", 199, false, true],
      ["the 201st", 200, false, false],
      ["anyone beyond", 250, false, false],
      ["one of the 200 changing their commitment", 200, true, true],
      ["one of 199 changing theirs", 199, true, true],
    ];
    for (const [name, count, already, allowed] of table) {
      it(`${name} -> ${allowed ? "allowed" : "refused"}`, () => {
        const check = cnMayJoinOffering({ distinctInvestorCount: count, alreadyInvestor: already });
        expect(check.allowed).to.equal(allowed);
        expect(check.reasons.map((r) => r.key)).to.deep.equal(allowed ? [] : ["invest.cn.refused.full"]);
        const d = assess(individual(yuan(3_000_000), 0), {
          amountMinor: yuan(10_000),
          offering: { distinctInvestorCount: count, alreadyInvestor: already },
        });
        expect(d.allowed).to.equal(allowed);
      });
    }

    it("gives both reasons to an unqualified 201st investor", () => {
      const d = assess(individual(0, 0), {
        amountMinor: yuan(10_000),
        offering: { distinctInvestorCount: 200, alreadyInvestor: false },
      });
      expect(keys(d)).to.deep.equal(["invest.cn.refused.full", "invest.cn.refused.individual"]);
    });

    it("rejects a count that is not a count", () => {
      for (const count of [-1, 1.5, Number.NaN]) {
        expect(() => cnMayJoinOffering({ distinctInvestorCount: count, alreadyInvestor: false })).to.throw(
          RangeError,
        );
      }
    });
  });

  describe("effective date", () => {
    it("applies nothing before 2014-12-18 (Beijing time) and the draft from that day", () => {
      expect(cnVersionOn(new Date("2014-12-17T15:59:59Z"))).to.equal(null);
      expect(cnVersionOn(new Date("2014-12-17T16:00:00Z"))?.id).to.equal("cn-private-2014-12-18");
      const before = assessCnPrivate({ investor: individual(yuan(5_000_000), 0), on: beijing("2014-12-17") });
      expect(before.allowed).to.equal(false);
      expect(keys(before)).to.deep.equal(["invest.common.noRuleInForce"]);
      const after = assessCnPrivate({ investor: individual(yuan(5_000_000), 0), on: beijing("2014-12-18") });
      expect(after.allowed).to.equal(true);
    });
  });

  describe("three-year average income", () => {
    const table: [[number, number, number], number][] = [
      [[yuan(500_000), yuan(500_000), yuan(500_000)], yuan(500_000)],
      [[yuan(400_000), yuan(500_000), yuan(600_000)], yuan(500_000)],
      [[yuan(400_000), yuan(500_000), yuan(599_999, 99)], yuan(499_999, 99)], // 1,499,999.99 / 3 = 499,999.996…
      [[1, 1, 2], 1],
      [[0, 0, 0], 0],
    ];
    for (const [incomes, average] of table) {
      it(`${incomes.join(", ")} -> ${average} (rounded down)`, () => {
        expect(threeYearAverageMinor(incomes)).to.equal(average);
      });
    }

    it("property: never above the exact average", () => {
      fc.assert(
        fc.property(fc.tuple(fc.nat(10 ** 12), fc.nat(10 ** 12), fc.nat(10 ** 12)), (incomes) => {
          const average = BigInt(threeYearAverageMinor(incomes));
          const sum = BigInt(incomes[0]) + BigInt(incomes[1]) + BigInt(incomes[2]);
          return average * 3n <= sum && (average + 1n) * 3n > sum;
        }),
      );
    });
  });
});
