import {
  assertMinor,
  type Counted,
  countTwelveMonths,
  type DeclaredInvestment,
  dayParam,
  decideWithLimit,
  type InvestDecision,
  localDay,
  money,
  type PlatformCommitment,
  percentOfMinorDown,
  phrase,
  type Reason,
  type RuleVersion,
  reason,
  versionOnDay,
} from "./types.ts";

/**
 * US Regulation Crowdfunding, 17 CFR 227.100(a)(2): how much a person may invest over 12 months across
 * all Reg CF offerings on every platform. See ../shared/RULES.md.
 */

/** Effective dates are days in the SEC's time zone. */
export const US_TIME_ZONE = "America/New_York";

export interface UsRegCfVersion extends RuleVersion {
  /** Which of annual income and net worth the percentage applies to. */
  basis: "greater" | "lesser";
  /** The smallest limit when either figure is below the threshold ("the greater of $2,500 or 5%…"). */
  floorMinor: number;
  /** Both figures at or above it: the 10% branch. */
  thresholdMinor: number;
  /** The most any non-accredited investor may have bought over 12 months, whatever their figures. */
  capMinor: number;
  /** Percentages as decimal text, applied with decimal.js and rounded down to the cent. */
  underPercent: string;
  overPercent: string;
  /** Accredited investors have no limit (true since the 2021 amendments). */
  accreditedUnlimited: boolean;
}

/** Every dated version, oldest first. */
export const usRegCfVersions: readonly UsRegCfVersion[] = [
  {
    id: "us-reg-cf-2017",
    effectiveFrom: "2016-05-16",
    effectiveTo: "2021-03-14",
    source:
      "RULES.md: before the 2021 amendments the rule used the LESSER of income and net worth, $2,200 / $107,000, and limited every investor",
    basis: "lesser",
    floorMinor: 2_200_00,
    thresholdMinor: 107_000_00,
    capMinor: 107_000_00,
    underPercent: "5",
    overPercent: "10",
    accreditedUnlimited: false,
  },
  {
    id: "us-reg-cf-2021",
    effectiveFrom: "2021-03-15",
    effectiveTo: "2022-09-19",
    source:
      "RULES.md: Rule 100(a)(2) as amended in 2021 (greater of income and net worth), $2,200 / $107,000",
    basis: "greater",
    floorMinor: 2_200_00,
    thresholdMinor: 107_000_00,
    capMinor: 107_000_00,
    underPercent: "5",
    overPercent: "10",
    accreditedUnlimited: true,
  },
  {
    id: "us-reg-cf-2022",
    effectiveFrom: "2022-09-20",
    effectiveTo: null,
    source: "RULES.md: inflation adjustment effective 2022-09-20, $2,500 / $124,000",
    basis: "greater",
    floorMinor: 2_500_00,
    thresholdMinor: 124_000_00,
    capMinor: 124_000_00,
    underPercent: "5",
    overPercent: "10",
    accreditedUnlimited: true,
  },
];

export function usRegCfVersionOn(on: Date): UsRegCfVersion | null {
  return versionOnDay(usRegCfVersions, localDay(on, US_TIME_ZONE));
}

/** What the investor declared (jointly with a spouse if they chose to). */
export interface UsInvestorProfile {
  accredited: boolean;
  annualIncomeMinor: number;
  netWorthMinor: number;
}

export interface UsLimit {
  /** The 12-month limit; null = no limit. */
  limitMinor: number | null;
  /** The plain-language explanation (one or two sentences). */
  reasons: Reason[];
}

const figure = { income: "invest.us.figures.income", netWorth: "invest.us.figures.netWorth" } as const;

/** The 12-month limit of an investor under one version, with its explanation. Counts nothing. */
export function usRegCfLimit(investor: UsInvestorProfile, version: UsRegCfVersion): UsLimit {
  assertMinor(investor.annualIncomeMinor, "annual income");
  assertMinor(investor.netWorthMinor, "net worth");
  const usd = (minor: number) => money(minor, "USD");
  if (investor.accredited && version.accreditedUnlimited) {
    return { limitMinor: null, reasons: [reason("invest.us.limit.accredited")] };
  }
  const income = investor.annualIncomeMinor;
  const netWorth = investor.netWorthMinor;
  const over = income >= version.thresholdMinor && netWorth >= version.thresholdMinor;
  // The figure the percentage applies to, and the other one.
  const netWorthIsBasis = version.basis === "greater" ? netWorth >= income : netWorth <= income;
  const basisMinor = netWorthIsBasis ? netWorth : income;
  const otherFigure = netWorthIsBasis ? figure.income : figure.netWorth;
  const basisPhrase =
    income === netWorth
      ? phrase("invest.us.basis.equal", { amount: usd(basisMinor) })
      : phrase(version.basis === "greater" ? "invest.us.basis.greater" : "invest.us.basis.lesser", {
          figure: phrase(netWorthIsBasis ? figure.netWorth : figure.income),
          amount: usd(basisMinor),
        });

  let uncapped: number;
  let explanation: Reason;
  if (over) {
    uncapped = percentOfMinorDown(basisMinor, version.overPercent);
    explanation = reason(
      version.basis === "greater" ? "invest.us.limit.over" : "invest.us.limit.overLesser",
      {
        limit: usd(Math.min(uncapped, version.capMinor)),
        basis: basisPhrase,
        threshold: usd(version.thresholdMinor),
        percent: version.overPercent,
        cap: usd(version.capMinor),
      },
    );
  } else {
    uncapped = Math.max(version.floorMinor, percentOfMinorDown(basisMinor, version.underPercent));
    const params = {
      limit: usd(Math.min(uncapped, version.capMinor)),
      basis: basisPhrase,
      threshold: usd(version.thresholdMinor),
      floor: usd(version.floorMinor),
      percent: version.underPercent,
    };
    // Under the greater-of rule the figure below the threshold is the other (lesser) one, named in the
    // sentence; under the lesser-of rule it is the basis itself ("as it is under…").
    explanation =
      version.basis === "greater"
        ? reason("invest.us.limit.under", { ...params, below: phrase(otherFigure) })
        : reason("invest.us.limit.underLesser", params);
  }
  const limitMinor = Math.min(uncapped, version.capMinor);
  const reasons = [explanation];
  // The aggregate cap holds "regardless of income or net worth", so it also bounds the 5% branch when
  // the greater figure is large and the other one is below the threshold.
  if (!over && uncapped > version.capMinor)
    reasons.push(reason("invest.us.limit.capped", { cap: usd(version.capMinor) }));
  if (investor.accredited) reasons.push(reason("invest.us.limit.accreditedLimited"));
  return { limitMinor, reasons };
}

export interface UsRegCfInput {
  investor: UsInvestorProfile;
  /** The instant of the (new) commitment; the rule version and the 12-month window follow from it. */
  on: Date;
  /**
   * The investor's commitments to Regulation Crowdfunding offerings on this platform (any status; only
   * the ones that count are summed). When changing an existing commitment, leave it out and pass the new
   * total as amountMinor.
   */
  commitments: readonly PlatformCommitment[];
  /** Reg CF investments the investor declared making on other platforms. */
  declaredElsewhere: readonly DeclaredInvestment[];
  /** The new amount; omit it to get the investor's status (may they invest at all, how much remains). */
  amountMinor?: number;
}

/** What counts against the US limit in the 12 months ending on the day of `on` (New York time). */
export function usRegCfCounted(
  on: Date,
  commitments: readonly PlatformCommitment[],
  declaredElsewhere: readonly DeclaredInvestment[],
): Counted {
  return countTwelveMonths(on, US_TIME_ZONE, commitments, declaredElsewhere);
}

/** The decision: the limit in force on that day, what counts, what remains, and whether the amount fits. */
export function assessUsRegCf(input: UsRegCfInput): InvestDecision {
  const version = usRegCfVersionOn(input.on);
  const counted = usRegCfCounted(input.on, input.commitments, input.declaredElsewhere);
  if (!version) {
    return {
      allowed: false,
      limitMinor: 0,
      remainingMinor: 0,
      countedMinor: counted.totalMinor,
      currency: "USD",
      ruleVersion: null,
      reasons: [reason("invest.common.noRuleInForce", { day: dayParam(counted.to) })],
    };
  }
  const limit = usRegCfLimit(input.investor, version);
  return decideWithLimit(limit.limitMinor, limit.reasons, counted, version.id, input.amountMinor, "USD");
}
