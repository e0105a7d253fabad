import type { Currency } from "./money.ts";

/** Fixed vocabularies of a project. Labels live in the i18n catalogs (projects.categories.*, …). */
export const projectKinds = ["reward", "equity"] as const;
export type ProjectKind = (typeof projectKinds)[number];

export const categories = [
  "art",
  "comics",
  "design",
  "fashion",
  "film",
  "food",
  "games",
  "music",
  "publishing",
  "technology",
  "health",
  "community",
] as const;
export type Category = (typeof categories)[number];

export const shippingRegions = [
  "cn",
  "greater_china",
  "asia",
  "europe",
  "north_america",
  "rest_of_world",
] as const;
export type ShippingRegion = (typeof shippingRegions)[number];

export const regimes = ["us_reg_cf", "uk", "cn_private"] as const;
export type Regime = (typeof regimes)[number];

/** The short name of a regime in catalog keys and view names ("invest.declare.us.title"). */
export function regimeSlug(regime: Regime): "us" | "uk" | "cn" {
  return ({ us_reg_cf: "us", uk: "uk", cn_private: "cn" } as const)[regime];
}

export const securityTypes = ["common", "preferred", "convertible_note", "safe"] as const;
export type SecurityType = (typeof securityTypes)[number];

export const allocationRules = ["first_come", "pro_rata"] as const;
export type AllocationRule = (typeof allocationRules)[number];

export const documentKinds = ["financials", "disclosure"] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const idTypes = ["national_id", "passport", "driving_licence", "business_licence"] as const;

export const CAMPAIGN_DAYS = { min: 1, max: 60 } as const;

/** The regulation each regime runs under has a currency its thresholds are written in. */
export const regimeCurrency: Record<Regime, Currency> = { us_reg_cf: "USD", uk: "GBP", cn_private: "CNY" };

/** US Regulation Crowdfunding caps what an issuer may raise in 12 months (Rule 100(a)(1)). */
export const REG_CF_MAX_RAISE_MINOR = 5_000_000_00;

export interface SubmissionFacts {
  kind: ProjectKind;
  hasIdentity: boolean;
  hasPayoutAccount: boolean;
  risksStated: boolean;
  storyWritten: boolean;
  hasCover: boolean;
  tierCount: number;
  rewardsAttested: boolean;
  hasEquityTerms: boolean;
  documentKinds: readonly DocumentKind[];
}

/** The review checklist: what must be true before a project can be submitted. Returns the missing items. */
export function submissionChecklist(f: SubmissionFacts): string[] {
  const missing: string[] = [];
  if (!f.hasIdentity) missing.push("identity");
  if (!f.hasPayoutAccount) missing.push("payout");
  if (!f.storyWritten) missing.push("story");
  if (!f.risksStated) missing.push("risks");
  if (!f.hasCover) missing.push("cover");
  if (f.kind === "reward") {
    if (f.tierCount === 0) missing.push("tiers");
    if (!f.rewardsAttested) missing.push("rewardsAttested");
  } else {
    if (!f.hasEquityTerms) missing.push("equityTerms");
    for (const kind of ["financials", "disclosure"] as const) {
      if (!f.documentKinds.includes(kind)) missing.push(`document.${kind}`);
    }
  }
  return missing;
}
