import { expect } from "chai";
import {
  accountNumberProblem,
  type EquityTermsInput,
  equityTermsProblems,
  ibanChecksumOk,
  idNumberProblem,
  isMonth,
  monthOf,
  profileNumberProblems,
  type TierRulesInput,
  tierProblems,
} from "../../server/domain/creator-rules.ts";
import { REG_CF_MAX_RAISE_MINOR } from "../../server/domain/project-rules.ts";

describe("equity terms rules", () => {
  const usd: EquityTermsInput = {
    companyName: "Acme Robotics Inc.",
    registrationNumber: "DE-1234567",
    securityType: "common",
    pricePerShareMinor: 1_50,
    minInvestmentMinor: 100_00,
    maxRaiseMinor: 1_000_000_00,
    preMoneyValuationMinor: 8_000_000_00,
    useOfFunds: "Hiring and tooling.",
    regime: "us_reg_cf",
    allocationRule: "first_come",
  };
  const project = { goalMinor: 250_000_00, currency: "USD" as const };

  it("accepts consistent terms", () => {
    expect(equityTermsProblems(usd, project)).to.deep.equal({});
  });

  it("the project's currency must be the regime's currency", () => {
    const table: [EquityTermsInput["regime"], "USD" | "GBP" | "CNY" | "EUR", boolean][] = [
      ["us_reg_cf", "USD", true],
      ["us_reg_cf", "EUR", false],
      ["us_reg_cf", "CNY", false],
      ["uk", "GBP", true],
      ["uk", "USD", false],
      ["uk", "EUR", false],
      ["cn_private", "CNY", true],
      ["cn_private", "USD", false],
    ];
    for (const [regime, currency, ok] of table) {
      const errors = equityTermsProblems({ ...usd, regime }, { goalMinor: project.goalMinor, currency });
      expect(errors.regime, `${regime} in ${currency}`).to.equal(
        ok ? undefined : `projects.equity.errors.currency.${regime}`,
      );
    }
  });

  it("Reg CF: the maximum raise is at most US$5,000,000 (exactly 5,000,000 is allowed)", () => {
    expect(equityTermsProblems({ ...usd, maxRaiseMinor: REG_CF_MAX_RAISE_MINOR }, project)).to.deep.equal({});
    expect(equityTermsProblems({ ...usd, maxRaiseMinor: REG_CF_MAX_RAISE_MINOR + 1 }, project)).to.deep.equal(
      {
        maxRaise: "projects.equity.errors.regCfCap",
      },
    );
    expect(REG_CF_MAX_RAISE_MINOR).to.equal(500_000_000);
  });

  it("other regimes have no such cap here", () => {
    const gbp = { goalMinor: project.goalMinor, currency: "GBP" as const };
    expect(equityTermsProblems({ ...usd, regime: "uk", maxRaiseMinor: 9_000_000_00 }, gbp)).to.deep.equal({});
  });

  it("the maximum raise is at least the goal (the target); equal is fine", () => {
    expect(equityTermsProblems({ ...usd, maxRaiseMinor: project.goalMinor }, project)).to.deep.equal({});
    expect(equityTermsProblems({ ...usd, maxRaiseMinor: project.goalMinor - 1 }, project)).to.deep.equal({
      maxRaise: "projects.equity.errors.maxBelowGoal",
    });
  });

  it("the minimum investment is at least one share; equal is fine", () => {
    expect(
      equityTermsProblems({ ...usd, minInvestmentMinor: usd.pricePerShareMinor }, project),
    ).to.deep.equal({});
    expect(
      equityTermsProblems({ ...usd, minInvestmentMinor: usd.pricePerShareMinor - 1 }, project),
    ).to.deep.equal({ minInvestment: "projects.equity.errors.minBelowPrice" });
  });

  it("the minimum investment cannot exceed the maximum raise", () => {
    expect(equityTermsProblems({ ...usd, minInvestmentMinor: usd.maxRaiseMinor + 1 }, project)).to.deep.equal(
      { minInvestment: "projects.equity.errors.minAboveMax" },
    );
  });

  it("amounts must be positive", () => {
    const errors = equityTermsProblems(
      { ...usd, pricePerShareMinor: 0, preMoneyValuationMinor: 0, minInvestmentMinor: 0 },
      project,
    );
    expect(errors).to.deep.equal({
      pricePerShare: "projects.validation.amount.zero",
      preMoneyValuation: "projects.validation.amount.zero",
      minInvestment: "projects.validation.amount.zero",
    });
  });

  it("reports several problems at once", () => {
    const errors = equityTermsProblems(
      { ...usd, regime: "cn_private", minInvestmentMinor: 1, maxRaiseMinor: 1_00 },
      project,
    );
    expect(errors).to.have.keys(["regime", "minInvestment", "maxRaise"]);
  });
});

describe("reward tier rules", () => {
  const tier: TierRulesInput = {
    minimumMinor: 25_00,
    quantityLimit: null,
    estimatedDelivery: "2026-09",
    ships: true,
    shipping: [
      { region: "cn", feeMinor: 0 },
      { region: "europe", feeMinor: 15_00 },
    ],
  };
  const facts = { currentMonth: "2026-03" };

  it("accepts a valid tier; free shipping (fee 0) is fine", () => {
    expect(tierProblems(tier, facts)).to.deep.equal({});
  });

  it("the delivery month may be this month, not an earlier one", () => {
    expect(tierProblems({ ...tier, estimatedDelivery: "2026-03" }, facts)).to.deep.equal({});
    expect(tierProblems({ ...tier, estimatedDelivery: "2026-02" }, facts)).to.deep.equal({
      estimatedDelivery: "projects.tiers.errors.deliveryPast",
    });
    expect(tierProblems({ ...tier, estimatedDelivery: "2025-12" }, facts)).to.deep.equal({
      estimatedDelivery: "projects.tiers.errors.deliveryPast",
    });
  });

  it("the delivery month must look like YYYY-MM with a real month", () => {
    for (const bad of ["2026-13", "2026-00", "2026-9", "26-09", "2026/09", "", "September 2026"]) {
      expect(tierProblems({ ...tier, estimatedDelivery: bad }, facts), bad).to.deep.equal({
        estimatedDelivery: "projects.tiers.errors.month",
      });
    }
  });

  it("the minimum pledge is more than zero", () => {
    expect(tierProblems({ ...tier, minimumMinor: 0 }, facts)).to.deep.equal({
      minimum: "projects.validation.amount.zero",
    });
    expect(tierProblems({ ...tier, minimumMinor: -1 }, facts)).to.have.key("minimum");
    expect(tierProblems({ ...tier, minimumMinor: 1 }, facts)).to.deep.equal({});
  });

  it("a limited quantity is a positive integer, not below what is claimed", () => {
    expect(tierProblems({ ...tier, quantityLimit: 1 }, facts)).to.deep.equal({});
    expect(tierProblems({ ...tier, quantityLimit: 0 }, facts)).to.deep.equal({
      quantityLimit: "projects.tiers.errors.quantity",
    });
    expect(tierProblems({ ...tier, quantityLimit: 2.5 }, facts)).to.have.key("quantityLimit");
    expect(tierProblems({ ...tier, quantityLimit: 5 }, { ...facts, quantityClaimed: 6 })).to.deep.equal({
      quantityLimit: "projects.tiers.errors.belowClaimed",
    });
    expect(tierProblems({ ...tier, quantityLimit: 6 }, { ...facts, quantityClaimed: 6 })).to.deep.equal({});
  });

  it("a shipped reward needs at least one region; a reward that is not shipped needs none", () => {
    expect(tierProblems({ ...tier, shipping: [] }, facts)).to.deep.equal({
      shipping: "projects.tiers.errors.noRegion",
    });
    expect(tierProblems({ ...tier, ships: false, shipping: [] }, facts)).to.deep.equal({});
  });

  it("shipping fees are not negative; regions are known and not repeated", () => {
    expect(tierProblems({ ...tier, shipping: [{ region: "asia", feeMinor: -1 }] }, facts)).to.deep.equal({
      fee_asia: "projects.validation.amount.negative",
    });
    expect(
      tierProblems(
        {
          ...tier,
          shipping: [
            { region: "asia", feeMinor: 1 },
            { region: "asia", feeMinor: 2 },
          ],
        },
        facts,
      ),
    ).to.deep.equal({ shipping: "validation.invalid" });
    expect(
      // biome-ignore lint/suspicious/noExplicitAny: a region that is not in the list, on purpose
      tierProblems({ ...tier, shipping: [{ region: "mars" as any, feeMinor: 1 }] }, facts),
    ).to.deep.equal({ shipping: "validation.invalid" });
  });

  it("monthOf gives the UTC month; isMonth recognises YYYY-MM", () => {
    expect(monthOf(new Date("2026-03-31T23:59:59.999Z"))).to.equal("2026-03");
    expect(monthOf(new Date("2026-04-01T00:00:00.000Z"))).to.equal("2026-04");
    expect(isMonth("2026-12")).to.equal(true);
    expect(isMonth("2026-1")).to.equal(false);
  });
});

describe("identity and bank numbers", () => {
  it("ID numbers: 4–40 letters and digits; spaces and dashes ignored", () => {
    expect(idNumberProblem("110101199003071234")).to.equal(undefined);
    expect(idNumberProblem("E 1234-5678")).to.equal(undefined);
    expect(idNumberProblem("x12345678x")).to.equal(undefined);
    expect(idNumberProblem("")).to.equal("validation.required");
    expect(idNumberProblem("  ")).to.equal("validation.required");
    expect(idNumberProblem("123")).to.equal("projects.profile.errors.idNumber");
    expect(idNumberProblem("1234<script>")).to.equal("projects.profile.errors.idNumber");
    expect(idNumberProblem("1".repeat(41))).to.equal("projects.profile.errors.idNumber");
  });

  it("IBANs are checked with mod 97", () => {
    expect(ibanChecksumOk("GB82WEST12345698765432")).to.equal(true);
    expect(ibanChecksumOk("DE89370400440532013000")).to.equal(true);
    expect(ibanChecksumOk("GB82WEST12345698765433")).to.equal(false);
    expect(accountNumberProblem("GB82 WEST 1234 5698 7654 32")).to.equal(undefined);
    expect(accountNumberProblem("gb82west12345698765432")).to.equal(undefined);
    expect(accountNumberProblem("GB82WEST12345698765433")).to.equal("projects.profile.errors.iban");
    expect(accountNumberProblem("DE89")).to.equal("projects.profile.errors.iban");
  });

  it("other account numbers: 4–34 letters and digits", () => {
    expect(accountNumberProblem("6222 0202 0011 2233 445")).to.equal(undefined);
    expect(accountNumberProblem("")).to.equal("validation.required");
    expect(accountNumberProblem("12")).to.equal("projects.profile.errors.account");
    expect(accountNumberProblem("1".repeat(35))).to.equal("projects.profile.errors.account");
    expect(accountNumberProblem("1234;DROP")).to.equal("projects.profile.errors.account");
  });

  it("profile numbers: both required at first; blank keeps them later, except the ID after a type change", () => {
    const blank = { idType: "passport", idNumber: "", payoutAccount: "" };
    expect(profileNumberProblems(blank, undefined)).to.deep.equal({
      idNumber: "validation.required",
      payoutAccount: "validation.required",
    });
    expect(profileNumberProblems(blank, { idType: "passport" })).to.deep.equal({});
    expect(profileNumberProblems(blank, { idType: "national_id" })).to.deep.equal({
      idNumber: "projects.profile.errors.idTypeChanged",
    });
    expect(profileNumberProblems({ ...blank, payoutAccount: "12" }, { idType: "passport" })).to.deep.equal({
      payoutAccount: "projects.profile.errors.account",
    });
    expect(
      profileNumberProblems(
        { idType: "passport", idNumber: "E1234567", payoutAccount: "GB82WEST12345698765432" },
        undefined,
      ),
    ).to.deep.equal({});
  });
});
