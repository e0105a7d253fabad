import type { Decimal } from "decimal.js";
import type { Currency } from "../money.ts";
import { assertCount, Dec, largestRemainder, toSafeInteger } from "./allocation.ts";

/**
 * Fees of a settled campaign: the processor's fee per successful charge and the platform's fee on the
 * collected total, split back across the charges so the shares add up exactly. Pure; see index.ts.
 *
 * Rounding (all with decimal.js, amounts in minor units):
 * - processing fee of one charge = round_half_up(amount × processingPercent / 100) + processingFixedMinor,
 *   capped at the charge's amount;
 * - platform fee = round_half_up(collected × platformPercent / 100) on the campaign's collected total
 *   (not per charge), capped at collected − processing fees;
 * - the platform fee is split across charges by largestRemainder, weighted by each charge's amount.
 * Half-up means half a minor unit rounds up (all amounts here are positive, so away from zero).
 */

/** One currency's fees. Percentages are decimal text in percent: "5" is 5 %, "2.9" is 2.9 %. */
export interface CurrencyFees {
  platformPercent: string;
  processingPercent: string;
  /** Added to the processing fee of every successful charge. */
  processingFixedMinor: number;
}

/** A dated version of the fees. The one in force is the latest whose effectiveFrom is on or before the day. */
export interface FeeSchedule {
  version: string;
  /** "YYYY-MM-DD", a UTC day. */
  effectiveFrom: string;
  fees: Record<Currency, CurrencyFees>;
}

/**
 * Defaults (configuration may replace them): a 5 % platform fee (the Kickstarter reference in RULES.md)
 * and typical card-processing prices per currency.
 */
export const defaultFeeSchedules: readonly FeeSchedule[] = [
  {
    version: "2026-01",
    effectiveFrom: "2026-01-01",
    fees: {
      USD: { platformPercent: "5", processingPercent: "2.9", processingFixedMinor: 30 },
      EUR: { platformPercent: "5", processingPercent: "1.5", processingFixedMinor: 25 },
      GBP: { platformPercent: "5", processingPercent: "1.5", processingFixedMinor: 20 },
      CNY: { platformPercent: "5", processingPercent: "0.6", processingFixedMinor: 0 },
    },
  },
];

const percentPattern = /^\d{1,3}(\.\d{1,4})?$/;

/** Throws a RangeError unless the fees are well formed: percentages 0–100 with ≤ 4 decimals, fixed ≥ 0. */
export function validateCurrencyFees(fees: CurrencyFees): void {
  for (const key of ["platformPercent", "processingPercent"] as const) {
    const text = fees[key];
    if (typeof text !== "string" || !percentPattern.test(text) || new Dec(text).greaterThan(100)) {
      throw new RangeError(`${key} must be a percentage between 0 and 100, got ${String(text)}`);
    }
  }
  assertCount(fees.processingFixedMinor, "processingFixedMinor");
}

/** The schedule in force on a day (UTC): the latest effectiveFrom ≤ that day. Throws if none is. */
export function feeScheduleOn(schedules: readonly FeeSchedule[], on: Date): FeeSchedule {
  const day = on.toISOString().slice(0, 10);
  let best: FeeSchedule | undefined;
  for (const s of schedules) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s.effectiveFrom))
      throw new RangeError(`bad effectiveFrom ${s.effectiveFrom}`);
    if (s.effectiveFrom <= day && (!best || s.effectiveFrom > best.effectiveFrom)) best = s;
  }
  if (!best) throw new RangeError(`no fee schedule in force on ${day}`);
  return best;
}

/** percent / 100 as an exact decimal rate ("2.9" → 0.029; dividing by 100 is exact in decimal). */
const rateOf = (percent: string) => new Dec(percent).dividedBy(100);

function applyRate(amountMinor: number, rate: Decimal): number {
  assertCount(amountMinor, "amountMinor");
  return toSafeInteger(rate.times(amountMinor).toDecimalPlaces(0, Dec.ROUND_HALF_UP), "fee");
}

/** round_half_up(amountMinor × percent / 100) in minor units. */
export function percentOf(amountMinor: number, percent: string): number {
  return applyRate(amountMinor, rateOf(percent));
}

function processingFeeAt(amountMinor: number, rate: Decimal, fixedMinor: number): number {
  return Math.min(amountMinor, applyRate(amountMinor, rate) + fixedMinor);
}

/** The processor's fee on one successful charge: percentage (half-up) plus the fixed part, at most the amount. */
export function processingFeeMinor(amountMinor: number, fees: CurrencyFees): number {
  validateCurrencyFees(fees);
  return processingFeeAt(amountMinor, rateOf(fees.processingPercent), fees.processingFixedMinor);
}

/** The platform's nominal fee on a collected total (half-up), before the cap that keeps the payout ≥ 0. */
export function platformFeeMinor(collectedMinor: number, fees: CurrencyFees): number {
  validateCurrencyFees(fees);
  return percentOf(collectedMinor, fees.platformPercent);
}

/** A charge that succeeded and still stands at payout (refunds before payout are left out). */
export interface CollectedCharge {
  id: number;
  amountMinor: number;
}

export interface ChargeFees {
  id: number;
  amountMinor: number;
  processingFeeMinor: number;
  /** This charge's share of the campaign's platform fee (largest remainder by amount). */
  platformFeeMinor: number;
}

export interface FeeBreakdown {
  collectedMinor: number;
  processingFeeMinor: number;
  /** What the platform takes: the nominal fee, capped at collected − processing fees. */
  platformFeeMinor: number;
  /** Nominal platform fee − platformFeeMinor: what the platform waived so the payout is not negative. */
  platformFeeWaivedMinor: number;
  /** collected − platform fee − processing fees; never negative. */
  payoutMinor: number;
  /** One per charge, in the order given; the columns add up to the totals above. */
  charges: ChargeFees[];
}

/**
 * Fees and payout of a campaign from its collected charges. Invariants: payout + platform fee +
 * processing fees = collected; Σ charges[].platformFeeMinor = platformFeeMinor; Σ processing likewise;
 * payout ≥ 0. When fees would exceed what was collected: each processing fee is capped at its charge
 * (the processor's minimum charge makes this theoretical), then the platform waives the part of its
 * fee that does not fit (reported as platformFeeWaivedMinor), so the payout is 0, never negative.
 */
export function computeFees(fees: CurrencyFees, charges: readonly CollectedCharge[]): FeeBreakdown {
  validateCurrencyFees(fees);
  const ids = new Set<number>();
  for (const c of charges) {
    assertCount(c.amountMinor, `charge ${c.id} amountMinor`);
    if (c.amountMinor === 0) throw new RangeError(`charge ${c.id} has no amount`);
    if (ids.has(c.id)) throw new RangeError(`charge ${c.id} appears twice`);
    ids.add(c.id);
  }
  const collectedMinor = charges.reduce((sum, c) => sum + c.amountMinor, 0);
  assertCount(collectedMinor, "collectedMinor");
  const rate = rateOf(fees.processingPercent);
  const processing = charges.map((c) => processingFeeAt(c.amountMinor, rate, fees.processingFixedMinor));
  const processingTotal = processing.reduce((sum, p) => sum + p, 0);
  const nominal = platformFeeMinor(collectedMinor, fees);
  const platform = Math.min(nominal, collectedMinor - processingTotal);
  const shares = largestRemainder(
    platform,
    charges.map((c) => c.amountMinor),
  );
  return {
    collectedMinor,
    processingFeeMinor: processingTotal,
    platformFeeMinor: platform,
    platformFeeWaivedMinor: nominal - platform,
    payoutMinor: collectedMinor - processingTotal - platform,
    charges: charges.map((c, i) => ({
      id: c.id,
      amountMinor: c.amountMinor,
      processingFeeMinor: processing[i] ?? 0,
      platformFeeMinor: shares[i] ?? 0,
    })),
  };
}
