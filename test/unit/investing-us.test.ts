import { expect } from "chai";
import fc from "fast-check";
import {
  assessUsRegCf,
  type DeclaredInvestment,
  type InvestDecision,
  type PlatformCommitment,
  type UsInvestorProfile,
  usRegCfCounted,
  usRegCfLimit,
  usRegCfVersionOn,
  usRegCfVersions,
} from "../../server/domain/investing/index.ts";

/** Noon in New York (EDT) / 11:00 (EST): always that calendar day there. */
const ny = (day: string) => new Date(`${day}T16:00:00Z`);
const $ = (dollars: number, cents = 0) => dollars * 100 + cents;

const person = (annualIncomeMinor: number, netWorthMinor: number, accredited = false): UsInvestorProfile => ({
  accredited,
  annualIncomeMinor,
  netWorthMinor,
});

const status = (
  investor: UsInvestorProfile,
  on: Date,
  commitments: PlatformCommitment[] = [],
  declaredElsewhere: DeclaredInvestment[] = [],
  amountMinor?: number,
): InvestDecision => assessUsRegCf({ investor, on, commitments, declaredElsewhere, amountMinor });

const keys = (d: { reasons: { key: string }[] }) => d.reasons.map((r) => r.key);

describe("investing: US Regulation Crowdfunding", () => {
  describe("the 12-month limit under the rule in force since 2022-09-20 ($2,500 / $124,000)", () => {
    const on = ny("2025-06-01");
    // [case, income, net worth, limit, explanation key]
    const table: [string, number, number, number, string][] = [
      [
        "RULES.md worked example: income $60,000, net worth $200,000",
        $(60_000),
        $(200_000),
        $(10_000),
        "invest.us.limit.under",
      ],
      ["5% below the floor: the floor", $(30_000), $(40_000), $(2_500), "invest.us.limit.under"],
      ["nothing declared: the floor", 0, 0, $(2_500), "invest.us.limit.under"],
      [
        "5% of the greater exactly the floor ($50,000)",
        $(20_000),
        $(50_000),
        $(2_500),
        "invest.us.limit.under",
      ],
      [
        "a cent above: 5% is $2,500.0005, rounded down",
        $(20_000),
        $(50_000, 1),
        $(2_500),
        "invest.us.limit.under",
      ],
      ["20 cents above: $2,500.01", $(20_000), $(50_000, 20), $(2_500, 1), "invest.us.limit.under"],
      [
        "5% of $50,000.19 is $2,500.0095: down to $2,500.00",
        $(20_000),
        $(50_000, 19),
        $(2_500),
        "invest.us.limit.under",
      ],
      ["a cent below the floor figure", $(20_000), $(49_999, 99), $(2_500), "invest.us.limit.under"],
      ["income the greater figure", $(150_000), $(80_000), $(7_500), "invest.us.limit.under"],
      ["equal figures under the threshold", $(100_000), $(100_000), $(5_000), "invest.us.limit.under"],
      // The threshold: both at least $124,000 switches to 10%.
      ["both exactly at the threshold", $(124_000), $(124_000), $(12_400), "invest.us.limit.over"],
      ["income a cent below the threshold", $(123_999, 99), $(124_000), $(6_200), "invest.us.limit.under"],
      ["net worth a cent below the threshold", $(124_000), $(123_999, 99), $(6_200), "invest.us.limit.under"],
      [
        "both a cent below: 5% of $123,999.99, rounded down",
        $(123_999, 99),
        $(123_999, 99),
        $(6_199, 99),
        "invest.us.limit.under",
      ],
      ["income a cent above the threshold", $(124_000, 1), $(124_000), $(12_400), "invest.us.limit.over"],
      [
        "both 9 cents above: $12,400.009 rounded down",
        $(124_000, 9),
        $(124_000, 9),
        $(12_400),
        "invest.us.limit.over",
      ],
      ["net worth the greater, both above", $(200_000), $(900_000), $(90_000), "invest.us.limit.over"],
      // The cap: 10% of $1,240,000 is exactly $124,000.
      ["10% exactly at the cap", $(200_000), $(1_240_000), $(124_000), "invest.us.limit.over"],
      [
        "10% a cent below the cap figure",
        $(200_000),
        $(1_239_999, 99),
        $(123_999, 99),
        "invest.us.limit.over",
      ],
      ["10% a cent above the cap figure", $(200_000), $(1_240_000, 1), $(124_000), "invest.us.limit.over"],
      ["far above the cap", $(1_200_000), $(2_000_000), $(124_000), "invest.us.limit.over"],
      // The aggregate cap also bounds the 5% branch (low income, very large net worth).
      ["5% exactly at the cap ($2,480,000)", $(60_000), $(2_480_000), $(124_000), "invest.us.limit.under"],
      ["5% over the cap: capped", $(60_000), $(3_000_000), $(124_000), "invest.us.limit.under"],
    ];
    for (const [name, income, netWorth, limit, key] of table) {
      it(`${name} -> ${limit / 100}`, () => {
        const d = status(person(income, netWorth), on);
        expect(d.limitMinor).to.equal(limit);
        expect(d.remainingMinor).to.equal(limit);
        expect(d.allowed).to.equal(true);
        expect(d.currency).to.equal("USD");
        expect(d.ruleVersion).to.equal("us-reg-cf-2022");
        expect(d.reasons[0]?.key).to.equal(key);
      });
    }

    it("explains the worked example with the figures the sentence needs", () => {
      const d = status(person($(60_000), $(200_000)), on);
      expect(d.reasons[0]).to.deep.equal({
        key: "invest.us.limit.under",
        params: {
          limit: { type: "money", minor: $(10_000), currency: "USD" },
          basis: {
            type: "phrase",
            key: "invest.us.basis.greater",
            params: {
              figure: { type: "phrase", key: "invest.us.figures.netWorth", params: {} },
              amount: { type: "money", minor: $(200_000), currency: "USD" },
            },
          },
          below: { type: "phrase", key: "invest.us.figures.income", params: {} },
          threshold: { type: "money", minor: $(124_000), currency: "USD" },
          floor: { type: "money", minor: $(2_500), currency: "USD" },
          percent: "5",
        },
      });
    });

    it("says when the aggregate cap bounds the 5% branch, and only then", () => {
      expect(keys(status(person($(60_000), $(3_000_000)), on))).to.include("invest.us.limit.capped");
      expect(keys(status(person($(60_000), $(2_480_000, 20)), on))).to.include("invest.us.limit.capped");
      expect(keys(status(person($(60_000), $(2_480_000)), on))).not.to.include("invest.us.limit.capped");
      expect(keys(status(person($(60_000), $(2_480_000, 19)), on))).not.to.include("invest.us.limit.capped");
    });

    it("names the equal figures instead of calling one the greater", () => {
      const d = status(person($(100_000), $(100_000)), on);
      const basis = d.reasons[0]?.params.basis as { key: string } | undefined;
      expect(basis?.key).to.equal("invest.us.basis.equal");
    });
  });

  describe("accredited investors", () => {
    const table: [string, Date, number | null, string][] = [
      ["no limit from 2021-03-15", ny("2021-03-15"), null, "invest.us.limit.accredited"],
      ["no limit today", ny("2025-06-01"), null, "invest.us.limit.accredited"],
      // Before the 2021 amendments every investor was limited: the lesser of $60,000 and $200,000.
      ["limited the day before, by the old rule", ny("2021-03-14"), $(3_000), "invest.us.limit.underLesser"],
    ];
    for (const [name, on, limit, key] of table) {
      it(name, () => {
        const d = status(person($(60_000), $(200_000), true), on, [
          { amountMinor: $(50_000), at: on, status: "active" },
        ]);
        expect(d.limitMinor).to.equal(limit);
        expect(d.reasons.map((r) => r.key)).to.include(key);
        if (limit === null) {
          expect(d.remainingMinor).to.equal(null);
          expect(d.allowed).to.equal(true);
          expect(keys(d)).not.to.include("invest.common.counted");
        } else {
          expect(keys(d)).to.include("invest.us.limit.accreditedLimited");
          expect(d.remainingMinor).to.equal(0);
          expect(d.allowed).to.equal(false);
        }
      });
    }

    it("take any amount", () => {
      const d = status(person(0, 0, true), ny("2025-06-01"), [], [], $(5_000_000));
      expect(d.allowed).to.equal(true);
    });
  });

  describe("effective dates: both sides of each", () => {
    // [day, income, net worth, limit, version]
    const table: [string, number, number, number | null, string | null][] = [
      ["2016-05-15", $(60_000), $(200_000), null, null],
      ["2016-05-16", $(60_000), $(200_000), $(3_000), "us-reg-cf-2017"],
      // 2021-03-15: the lesser figure ($60,000) gives way to the greater ($200,000).
      ["2021-03-14", $(60_000), $(200_000), $(3_000), "us-reg-cf-2017"],
      ["2021-03-15", $(60_000), $(200_000), $(10_000), "us-reg-cf-2021"],
      ["2021-03-14", $(150_000), $(900_000), $(15_000), "us-reg-cf-2017"],
      ["2021-03-15", $(150_000), $(900_000), $(90_000), "us-reg-cf-2021"],
      ["2021-03-14", $(30_000), $(105_000), $(2_200), "us-reg-cf-2017"],
      ["2021-03-14", $(2_000_000), $(1_200_000), $(107_000), "us-reg-cf-2017"],
      // 2022-09-20: the floor, the threshold and the cap go up.
      ["2022-09-19", $(30_000), $(40_000), $(2_200), "us-reg-cf-2021"],
      ["2022-09-20", $(30_000), $(40_000), $(2_500), "us-reg-cf-2022"],
      ["2022-09-19", $(110_000), $(110_000), $(11_000), "us-reg-cf-2021"],
      ["2022-09-20", $(110_000), $(110_000), $(5_500), "us-reg-cf-2022"],
      ["2022-09-19", $(2_000_000), $(2_000_000), $(107_000), "us-reg-cf-2021"],
      ["2022-09-20", $(2_000_000), $(2_000_000), $(124_000), "us-reg-cf-2022"],
      // The old threshold, exactly at and a cent below, under the 2021 version.
      ["2022-09-19", $(107_000), $(107_000), $(10_700), "us-reg-cf-2021"],
      ["2022-09-19", $(106_999, 99), $(107_000), $(5_350), "us-reg-cf-2021"],
    ];
    for (const [day, income, netWorth, limit, version] of table) {
      it(`${day}: income ${income / 100}, net worth ${netWorth / 100} -> ${limit === null ? "no rule" : limit / 100}`, () => {
        const d = status(person(income, netWorth), ny(day));
        expect(d.ruleVersion).to.equal(version);
        if (version === null) {
          expect(d.allowed).to.equal(false);
          expect(d.limitMinor).to.equal(0);
          expect(keys(d)).to.deep.equal(["invest.common.noRuleInForce"]);
        } else {
          expect(d.limitMinor).to.equal(limit);
        }
      });
    }

    it("uses the day in New York: 2022-09-20 starts at 04:00 UTC", () => {
      expect(usRegCfVersionOn(new Date("2022-09-20T03:59:59.999Z"))?.id).to.equal("us-reg-cf-2021");
      expect(usRegCfVersionOn(new Date("2022-09-20T04:00:00Z"))?.id).to.equal("us-reg-cf-2022");
      // Daylight saving time began on 2021-03-14, so 2021-03-15 also starts at 04:00 UTC.
      expect(usRegCfVersionOn(new Date("2021-03-15T03:59:59Z"))?.id).to.equal("us-reg-cf-2017");
      expect(usRegCfVersionOn(new Date("2021-03-15T04:00:00Z"))?.id).to.equal("us-reg-cf-2021");
    });

    it("has contiguous versions, the last still in force", () => {
      for (let i = 1; i < usRegCfVersions.length; i++) {
        const previous = usRegCfVersions[i - 1];
        const next = usRegCfVersions[i];
        const dayAfter = new Date(`${previous?.effectiveTo}T00:00:00Z`);
        dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
        expect(dayAfter.toISOString().slice(0, 10)).to.equal(next?.effectiveFrom);
      }
      expect(usRegCfVersions.at(-1)?.effectiveTo).to.equal(null);
    });
  });

  describe("the rolling 12 months", () => {
    const on = ny("2025-03-15");
    const investor = person($(60_000), $(200_000)); // limit $10,000
    const commitment = (dollars: number, at: Date, s: PlatformCommitment["status"] = "active") => ({
      amountMinor: $(dollars),
      at,
      status: s,
    });

    // [case, commitments, declared elsewhere, counted]
    const table: [string, PlatformCommitment[], DeclaredInvestment[], number][] = [
      ["nothing", [], [], 0],
      ["the same day", [commitment(1_000, ny("2025-03-15"))], [], $(1_000)],
      ["the first day of the window", [commitment(1_000, ny("2024-03-16"))], [], $(1_000)],
      ["exactly a year before: outside", [commitment(1_000, ny("2024-03-15"))], [], 0],
      ["a later day: not yet", [commitment(1_000, ny("2025-03-16"))], [], 0],
      [
        "every status that stands counts; cancelled and failed do not",
        [
          commitment(100, ny("2025-01-01"), "active"),
          commitment(200, ny("2025-01-01"), "awaiting_reconfirmation"),
          commitment(400, ny("2025-01-01"), "settled"),
          commitment(800, ny("2025-01-01"), "cancelled"),
          commitment(1_600, ny("2025-01-01"), "failed"),
        ],
        [],
        $(700),
      ],
      ["declared from other platforms", [], [{ amountMinor: $(2_500), at: ny("2024-12-01") }], $(2_500)],
      ["an old declaration drops out", [], [{ amountMinor: $(2_500), at: ny("2024-03-15") }], 0],
      [
        "both together",
        [commitment(3_000, ny("2024-06-01")), commitment(1_000, ny("2023-06-01"))],
        [{ amountMinor: $(2_000), at: ny("2024-09-01") }],
        $(5_000),
      ],
      // 23:30 on 2024-03-15 in New York is 03:30 UTC on the 16th: still the 15th there, so outside.
      ["New York days, not UTC days", [commitment(1_000, new Date("2024-03-16T03:30:00Z"))], [], 0],
    ];
    for (const [name, commitments, declared, counted] of table) {
      it(`${name}: counts ${counted / 100}`, () => {
        const d = status(investor, on, commitments, declared);
        expect(d.countedMinor).to.equal(counted);
        expect(d.remainingMinor).to.equal(Math.max(0, $(10_000) - counted));
      });
    }

    it("reports the window and the parts", () => {
      expect(
        usRegCfCounted(
          on,
          [commitment(3_000, ny("2024-06-01"))],
          [{ amountMinor: $(2_000), at: ny("2024-09-01") }],
        ),
      ).to.deep.equal({
        from: "2024-03-16",
        to: "2025-03-15",
        platformMinor: $(3_000),
        elsewhereMinor: $(2_000),
        totalMinor: $(5_000),
      });
    });

    it("handles 29 February", () => {
      expect(usRegCfCounted(ny("2024-02-29"), [], [])).to.include({ from: "2023-03-01", to: "2024-02-29" });
      expect(usRegCfCounted(ny("2025-02-28"), [], [])).to.include({ from: "2024-02-29", to: "2025-02-28" });
      expect(usRegCfCounted(ny("2025-03-01"), [], [])).to.include({ from: "2024-03-02", to: "2025-03-01" });
    });

    // [case, amount, already counted, allowed, refusal]
    const fits: [string, number, number, boolean, string | null][] = [
      ["the whole limit", $(10_000), 0, true, null],
      ["a cent over the limit", $(10_000, 1), 0, false, "invest.common.overLimit"],
      ["exactly what remains", $(4_000), $(6_000), true, null],
      ["a cent more than what remains", $(4_000, 1), $(6_000), false, "invest.common.overLimit"],
      ["a cent less than what remains", $(3_999, 99), $(6_000), true, null],
      ["one cent when nothing remains", 1, $(10_000), false, "invest.common.overLimit"],
      ["zero", 0, 0, false, "invest.common.amountPositive"],
      ["negative", -100, 0, false, "invest.common.amountPositive"],
      ["not whole cents", 10.5, 0, false, "invest.common.amountPositive"],
    ];
    for (const [name, amount, already, allowed, refusal] of fits) {
      it(`a new amount: ${name} -> ${allowed ? "allowed" : refusal}`, () => {
        const d = status(
          investor,
          on,
          already ? [commitment(already / 100, ny("2025-01-10"))] : [],
          [],
          amount,
        );
        expect(d.allowed).to.equal(allowed);
        if (refusal) expect(d.reasons[0]?.key).to.equal(refusal);
        else expect(d.reasons[0]?.key).to.equal("invest.us.limit.under");
      });
    }

    it("refuses the status when the limit is used up, and says so", () => {
      const d = status(investor, on, [commitment(10_000, ny("2025-01-10"))]);
      expect(d.allowed).to.equal(false);
      expect(d.remainingMinor).to.equal(0);
      expect(keys(d)).to.deep.equal([
        "invest.common.limitUsed",
        "invest.us.limit.under",
        "invest.common.counted",
      ]);
    });

    it("never shows a negative remainder when more was declared than the limit", () => {
      const d = status(investor, on, [], [{ amountMinor: $(50_000), at: ny("2025-01-01") }]);
      expect(d.remainingMinor).to.equal(0);
      expect(d.countedMinor).to.equal($(50_000));
    });
  });

  describe("bad figures are programming errors (the forms validate first)", () => {
    const table: [string, UsInvestorProfile][] = [
      ["negative income", person(-1, 0)],
      ["negative net worth", person(0, -1)],
      ["a fraction of a cent", person(0.5, 0)],
      ["NaN", person(Number.NaN, 0)],
      ["beyond safe integers", person(2 ** 53, 0)],
    ];
    for (const [name, investor] of table) {
      it(name, () => {
        expect(() => status(investor, ny("2025-06-01"))).to.throw(RangeError);
      });
    }
    it("an invalid date", () => {
      expect(() => status(person(0, 0), new Date("nope"))).to.throw(RangeError);
    });
  });

  describe("properties", () => {
    const figure = fc.integer({ min: 0, max: 1_000_000_000_000 });
    const version = fc.constantFrom(...usRegCfVersions);

    it("a non-accredited limit is never below the floor nor above the cap", () => {
      fc.assert(
        fc.property(figure, figure, version, (income, netWorth, v) => {
          const { limitMinor } = usRegCfLimit(person(income, netWorth), v);
          return limitMinor !== null && limitMinor >= v.floorMinor && limitMinor <= v.capMinor;
        }),
      );
    });

    it("is monotonic in income and in net worth", () => {
      fc.assert(
        fc.property(
          figure,
          figure,
          fc.nat(1_000_000_000),
          fc.nat(1_000_000_000),
          version,
          (i, n, di, dn, v) => {
            const base = usRegCfLimit(person(i, n), v).limitMinor as number;
            return (
              (usRegCfLimit(person(i + di, n), v).limitMinor as number) >= base &&
              (usRegCfLimit(person(i, n + dn), v).limitMinor as number) >= base
            );
          },
        ),
      );
    });

    it("equals an independent BigInt computation: the percentage rounded down, the floor, the cap", () => {
      fc.assert(
        fc.property(figure, figure, version, (income, netWorth, v) => {
          const limit = usRegCfLimit(person(income, netWorth), v).limitMinor;
          const basis = BigInt(
            v.basis === "greater" ? Math.max(income, netWorth) : Math.min(income, netWorth),
          );
          const over = income >= v.thresholdMinor && netWorth >= v.thresholdMinor;
          const exact = (BigInt(Number(over ? v.overPercent : v.underPercent)) * basis) / 100n; // floor
          const floor = BigInt(v.floorMinor);
          const cap = BigInt(v.capMinor);
          const uncapped = over ? exact : exact > floor ? exact : floor;
          return BigInt(limit as number) === (uncapped < cap ? uncapped : cap);
        }),
      );
    });

    it("a new amount fits exactly when it is at most what remains", () => {
      fc.assert(
        fc.property(
          figure,
          figure,
          fc.nat(20_000_000),
          fc.integer({ min: 1, max: 20_000_000 }),
          (i, n, used, amount) => {
            const on = ny("2025-06-01");
            const commitments: PlatformCommitment[] = [{ amountMinor: used, at: on, status: "settled" }];
            const d = status(person(i, n), on, commitments, [], amount);
            return d.allowed === amount <= (d.remainingMinor as number);
          },
        ),
      );
    });
  });
});
