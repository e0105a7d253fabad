import type { FieldErrors } from "../errors.ts";
import type { Currency } from "./money.ts";
import {
  type AllocationRule,
  REG_CF_MAX_RAISE_MINOR,
  type Regime,
  regimeCurrency,
  type SecurityType,
  type ShippingRegion,
  shippingRegions,
} from "./project-rules.ts";

/**
 * Rules a creator's input must follow beyond its shape: equity terms against the offering's regime,
 * reward tiers against the calendar, identity and bank numbers. Pure functions; each returns the
 * problems as field → i18n key (empty when all is well).
 */

// Equity terms ---------------------------------------------------------------------------------

export interface EquityTermsInput {
  companyName: string;
  registrationNumber: string;
  securityType: SecurityType;
  pricePerShareMinor: number;
  minInvestmentMinor: number;
  maxRaiseMinor: number;
  preMoneyValuationMinor: number;
  useOfFunds: string;
  regime: Regime;
  allocationRule: AllocationRule;
}

/** What the terms are checked against: the project's goal is the target (minimum raise). */
export interface OfferingFacts {
  goalMinor: number;
  currency: Currency;
}

export function equityTermsProblems(terms: EquityTermsInput, project: OfferingFacts): FieldErrors {
  const errors: FieldErrors = {};
  if (project.currency !== regimeCurrency[terms.regime]) {
    errors.regime = `projects.equity.errors.currency.${terms.regime}`;
  }
  if (!(terms.pricePerShareMinor > 0)) errors.pricePerShare = "projects.validation.amount.zero";
  if (!(terms.preMoneyValuationMinor > 0)) errors.preMoneyValuation = "projects.validation.amount.zero";
  if (!(terms.minInvestmentMinor > 0)) errors.minInvestment = "projects.validation.amount.zero";
  else if (terms.minInvestmentMinor < terms.pricePerShareMinor) {
    errors.minInvestment = "projects.equity.errors.minBelowPrice";
  }
  if (terms.maxRaiseMinor < project.goalMinor) errors.maxRaise = "projects.equity.errors.maxBelowGoal";
  else if (terms.regime === "us_reg_cf" && terms.maxRaiseMinor > REG_CF_MAX_RAISE_MINOR) {
    errors.maxRaise = "projects.equity.errors.regCfCap";
  }
  if (!errors.minInvestment && terms.minInvestmentMinor > terms.maxRaiseMinor) {
    errors.minInvestment = "projects.equity.errors.minAboveMax";
  }
  return errors;
}

// Reward tiers ---------------------------------------------------------------------------------

export interface TierRulesInput {
  minimumMinor: number;
  quantityLimit: number | null;
  estimatedDelivery: string;
  ships: boolean;
  shipping: { region: ShippingRegion; feeMinor: number }[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "YYYY-MM" of an instant, in UTC. */
export function monthOf(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** Tier rules: a positive minimum, a positive limit if any, delivery not in the past, somewhere to ship to. */
export function tierProblems(
  tier: TierRulesInput,
  facts: { currentMonth: string; quantityClaimed?: number },
): FieldErrors {
  const errors: FieldErrors = {};
  if (!(Number.isSafeInteger(tier.minimumMinor) && tier.minimumMinor > 0)) {
    errors.minimum = "projects.validation.amount.zero";
  }
  if (tier.quantityLimit !== null) {
    if (!(Number.isSafeInteger(tier.quantityLimit) && tier.quantityLimit > 0)) {
      errors.quantityLimit = "projects.tiers.errors.quantity";
    } else if (tier.quantityLimit < (facts.quantityClaimed ?? 0)) {
      errors.quantityLimit = "projects.tiers.errors.belowClaimed";
    }
  }
  if (!isMonth(tier.estimatedDelivery)) errors.estimatedDelivery = "projects.tiers.errors.month";
  else if (tier.estimatedDelivery < facts.currentMonth) {
    errors.estimatedDelivery = "projects.tiers.errors.deliveryPast";
  }
  if (tier.ships) {
    if (tier.shipping.length === 0) errors.shipping = "projects.tiers.errors.noRegion";
    const seen = new Set<string>();
    for (const s of tier.shipping) {
      if (!(shippingRegions as readonly string[]).includes(s.region) || seen.has(s.region)) {
        errors.shipping = "validation.invalid";
      }
      seen.add(s.region);
      if (!(Number.isSafeInteger(s.feeMinor) && s.feeMinor >= 0)) {
        errors[`fee_${s.region}`] = "projects.validation.amount.negative";
      }
    }
  }
  return errors;
}

// Identity and payout account -----------------------------------------------------------------

/** Removes spaces and dashes people type in long numbers. */
export function compactNumber(value: string): string {
  return value.normalize("NFKC").replace(/[\s-]/g, "").toUpperCase();
}

/** An identity document number: 4–40 letters and digits (spaces and dashes are ignored). */
export function idNumberProblem(value: string): string | undefined {
  const v = compactNumber(value);
  if (v.length === 0) return "validation.required";
  if (!/^[A-Z0-9]{4,40}$/.test(v)) return "projects.profile.errors.idNumber";
  return undefined;
}

/** True when the IBAN's mod-97 check digits are right (ISO 13616). */
export function ibanChecksumOk(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

/**
 * A bank account number or IBAN. Something that starts like an IBAN (two letters, two digits) must
 * pass the IBAN check, which catches most typing mistakes; other account numbers are 4–34 letters
 * and digits.
 */
export function accountNumberProblem(value: string): string | undefined {
  const v = compactNumber(value);
  if (v.length === 0) return "validation.required";
  if (!/^[A-Z0-9]{4,34}$/.test(v)) return "projects.profile.errors.account";
  if (/^[A-Z]{2}\d{2}/.test(v) && (v.length < 15 || !ibanChecksumOk(v))) {
    return "projects.profile.errors.iban";
  }
  return undefined;
}

/**
 * The two sealed numbers of a creator profile. They are never shown again, so a blank field keeps the
 * stored number; both are required the first time, and the ID number again when the ID type changes.
 */
export function profileNumberProblems(
  input: { idType: string; idNumber: string; payoutAccount: string },
  existing: { idType: string } | undefined,
): FieldErrors {
  const errors: FieldErrors = {};
  const idNumber = compactNumber(input.idNumber);
  const account = compactNumber(input.payoutAccount);
  if (idNumber || !existing || existing.idType !== input.idType) {
    const problem = idNumberProblem(idNumber);
    if (problem) {
      errors.idNumber =
        problem === "validation.required" && existing ? "projects.profile.errors.idTypeChanged" : problem;
    }
  }
  if (account || !existing) {
    const problem = accountNumberProblem(account);
    if (problem) errors.payoutAccount = problem;
  }
  return errors;
}

/** Countries offered in the creator profile (ISO 3166-1 alpha-2); names come from Intl.DisplayNames. */
export const profileCountries = [
  "CN",
  "HK",
  "MO",
  "TW",
  "SG",
  "JP",
  "KR",
  "MY",
  "TH",
  "VN",
  "IN",
  "AU",
  "NZ",
  "US",
  "CA",
  "MX",
  "BR",
  "GB",
  "IE",
  "DE",
  "FR",
  "IT",
  "ES",
  "PT",
  "NL",
  "BE",
  "LU",
  "AT",
  "CH",
  "SE",
  "NO",
  "DK",
  "FI",
  "PL",
  "CZ",
  "AE",
  "ZA",
] as const;
