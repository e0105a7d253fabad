import { Decimal } from "decimal.js";
import {
  assertMinor,
  type Check,
  dayParam,
  type InvestDecision,
  type InvestKey,
  localDay,
  money,
  phrase,
  type Reason,
  type RuleVersion,
  reason,
  versionOnDay,
} from "./types.ts";

/**
 * China, non-public equity crowdfunding: 私募股权众筹融资管理办法（试行）（征求意见稿）, 2014-12-18 (a draft
 * the platform follows as its rule). Qualified investors only, at most 200 investors per offering.
 * No amount limit: a qualified investor's limitMinor is null. See ../shared/RULES.md.
 */

/** Effective dates are days in Beijing time. */
export const CN_TIME_ZONE = "Asia/Shanghai";

export interface CnVersion extends RuleVersion {
  /** A single commitment to one offering of at least this qualifies on its own. */
  singleCommitmentMinor: number;
  /** Individuals: financial assets (金融资产) of at least this… */
  financialAssetsMinor: number;
  /** …or an average annual income over the last three years of at least this. */
  averageIncomeMinor: number;
  /** Entities: net assets of at least this. */
  entityNetAssetsMinor: number;
  /** Investors per offering; the next one would make it a public offering. */
  maxInvestors: number;
}

export const cnVersions: readonly CnVersion[] = [
  {
    id: "cn-private-2014-12-18",
    effectiveFrom: "2014-12-18",
    effectiveTo: null,
    source: "RULES.md: 私募股权众筹融资管理办法（试行）（征求意见稿）, 2014-12-18",
    singleCommitmentMinor: 1_000_000_00,
    financialAssetsMinor: 3_000_000_00,
    averageIncomeMinor: 500_000_00,
    entityNetAssetsMinor: 10_000_000_00,
    maxInvestors: 200,
  },
];

export function cnVersionOn(on: Date): CnVersion | null {
  return versionOnDay(cnVersions, localDay(on, CN_TIME_ZONE));
}

/** Institutions qualified by what they are (declared, checked by a reviewer). */
export const cnInstitutionKinds = ["private_fund_investor", "pension_fund", "charity_fund"] as const;
export type CnInstitutionKind = (typeof cnInstitutionKinds)[number];

/** What the investor declared. */
export type CnInvestor =
  | { type: "individual"; financialAssetsMinor: number; averageIncomeLastThreeYearsMinor: number }
  | { type: "entity"; netAssetsMinor: number }
  | { type: "institution"; kind: CnInstitutionKind };

/** The average of three years' incomes, rounded DOWN to the fen (never more than the investor earned). */
export function threeYearAverageMinor(incomes: readonly [number, number, number]): number {
  for (const income of incomes) assertMinor(income, "income");
  return new Decimal(incomes[0])
    .plus(incomes[1])
    .plus(incomes[2])
    .dividedBy(3)
    .toDecimalPlaces(0, Decimal.ROUND_DOWN)
    .toNumber();
}

const cny = (minor: number) => money(minor, "CNY");

export interface CnQualification {
  /** Qualified by who they are, whatever the amount. */
  qualifiedByStatus: boolean;
  /** Qualified for this amount (by status, or because the amount alone is large enough). */
  qualified: boolean;
  reasons: Reason[];
}

const institutionKey: Record<CnInstitutionKind, InvestKey> = {
  private_fund_investor: "invest.cn.institutions.private_fund_investor",
  pension_fund: "invest.cn.institutions.pension_fund",
  charity_fund: "invest.cn.institutions.charity_fund",
};

/**
 * Whether the investor is a qualified investor (合格投资者), any one of the criteria. `amountMinor` is the
 * investor's total commitment to this offering including the new one (omit it for the status alone).
 */
export function cnQualification(
  investor: CnInvestor,
  version: CnVersion,
  amountMinor?: number,
): CnQualification {
  const byStatus: Reason[] = [];
  if (investor.type === "individual") {
    assertMinor(investor.financialAssetsMinor, "financial assets");
    assertMinor(investor.averageIncomeLastThreeYearsMinor, "average income");
    if (investor.financialAssetsMinor >= version.financialAssetsMinor) {
      byStatus.push(
        reason("invest.cn.qualified.financialAssets", {
          assets: cny(investor.financialAssetsMinor),
          threshold: cny(version.financialAssetsMinor),
        }),
      );
    }
    if (investor.averageIncomeLastThreeYearsMinor >= version.averageIncomeMinor) {
      byStatus.push(
        reason("invest.cn.qualified.income", {
          income: cny(investor.averageIncomeLastThreeYearsMinor),
          threshold: cny(version.averageIncomeMinor),
        }),
      );
    }
  } else if (investor.type === "entity") {
    assertMinor(investor.netAssetsMinor, "net assets");
    if (investor.netAssetsMinor >= version.entityNetAssetsMinor) {
      byStatus.push(
        reason("invest.cn.qualified.entity", {
          netAssets: cny(investor.netAssetsMinor),
          threshold: cny(version.entityNetAssetsMinor),
        }),
      );
    }
  } else {
    byStatus.push(reason("invest.cn.qualified.institution", { kind: phrase(institutionKey[investor.kind]) }));
  }
  if (byStatus.length > 0) return { qualifiedByStatus: true, qualified: true, reasons: byStatus };

  const minimum = cny(version.singleCommitmentMinor);
  if (amountMinor !== undefined && amountMinor >= version.singleCommitmentMinor) {
    return {
      qualifiedByStatus: false,
      qualified: true,
      reasons: [reason("invest.cn.qualified.singleCommitment", { amount: cny(amountMinor), minimum })],
    };
  }
  let why: Reason;
  if (investor.type === "individual") {
    why = reason("invest.cn.refused.individual", {
      assets: cny(investor.financialAssetsMinor),
      assetsThreshold: cny(version.financialAssetsMinor),
      income: cny(investor.averageIncomeLastThreeYearsMinor),
      incomeThreshold: cny(version.averageIncomeMinor),
      minimum,
    });
  } else if (investor.type === "entity") {
    why = reason("invest.cn.refused.entity", {
      netAssets: cny(investor.netAssetsMinor),
      threshold: cny(version.entityNetAssetsMinor),
      minimum,
    });
  } else {
    throw new Error("unreachable: institutions qualify by status");
  }
  return { qualifiedByStatus: false, qualified: false, reasons: [why] };
}

export interface CnOfferingFacts {
  /** Distinct investors with a standing (not cancelled) commitment to the offering now. */
  distinctInvestorCount: number;
  /** True when this investor already is one of them (changing a commitment adds nobody). */
  alreadyInvestor: boolean;
}

/** The 200-investor cap: the 200th investor may join, the 201st may not; existing investors always may. */
export function cnMayJoinOffering(
  offering: CnOfferingFacts,
  version: CnVersion = cnVersions[0] as CnVersion,
): Check {
  if (!Number.isSafeInteger(offering.distinctInvestorCount) || offering.distinctInvestorCount < 0) {
    throw new RangeError("distinctInvestorCount must be a non-negative integer");
  }
  if (offering.alreadyInvestor || offering.distinctInvestorCount < version.maxInvestors) {
    return { allowed: true, reasons: [] };
  }
  return { allowed: false, reasons: [reason("invest.cn.refused.full", { max: version.maxInvestors })] };
}

export interface CnInput {
  investor: CnInvestor;
  /** The instant of the (new) commitment. */
  on: Date;
  /** The investor's total commitment to this offering including the new one; omit for the status. */
  amountMinor?: number;
  /** Omit for the status alone (no particular offering). */
  offering?: CnOfferingFacts;
}

/** The decision: qualified (by status or by the amount) and room in the offering. No amount limit. */
export function assessCnPrivate(input: CnInput): InvestDecision {
  const version = cnVersionOn(input.on);
  const base = { countedMinor: 0, currency: "CNY" as const };
  if (!version) {
    return {
      ...base,
      allowed: false,
      limitMinor: 0,
      remainingMinor: 0,
      ruleVersion: null,
      reasons: [reason("invest.common.noRuleInForce", { day: dayParam(localDay(input.on, CN_TIME_ZONE)) })],
    };
  }
  const refusals: Reason[] = [];
  if (
    input.amountMinor !== undefined &&
    (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0)
  ) {
    refusals.push(reason("invest.common.amountPositive"));
  }
  const amount = refusals.length === 0 ? input.amountMinor : undefined;
  const qualification = cnQualification(input.investor, version, amount);
  if (input.offering) refusals.push(...cnMayJoinOffering(input.offering, version).reasons);
  // When not qualified, the qualification's reason is itself a refusal; otherwise it explains the status.
  const reasons = [...refusals, ...qualification.reasons];
  return {
    ...base,
    allowed: qualification.qualified && refusals.length === 0,
    limitMinor: null,
    remainingMinor: null,
    ruleVersion: version.id,
    reasons,
  };
}
