import { Decimal } from "decimal.js";
import type { investCatalog } from "../../i18n/invest.ts";
import type { Currency } from "../money.ts";

/**
 * Shared vocabulary of the investing rules (see index.ts for the overview): the decision every regime
 * returns, reasons as i18n keys with typed parameters, effective-dated rule versions, calendar days in a
 * regulator's time zone, the rolling 12-month window, and percentages of minor units with decimal.js.
 */

// ---------------------------------------------------------------------------------------------------
// Reasons: an i18n key of the `invest` namespace plus parameters the view formats in the reader's locale.

type Paths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${Paths<T[K]>}`;
}[keyof T & string];

/** Every key of the `invest` catalog, e.g. "invest.us.limit.under". A typo is a type error. */
export type InvestKey = `invest.${Paths<typeof investCatalog.en>}`;

/** An amount: the view formats it with money(minor, currency) in the reader's locale. */
export interface MoneyParam {
  type: "money";
  minor: number;
  currency: Currency;
}
/** A calendar day "YYYY-MM-DD" (already in the regulator's time zone). */
export interface DayParam {
  type: "day";
  day: string;
}
/** An instant (e.g. the end of a cooling-off period). */
export interface InstantParam {
  type: "instant";
  at: Date;
}
/** A translated fragment: another key with its own parameters, rendered first and inserted as text. */
export interface PhraseParam {
  type: "phrase";
  key: InvestKey;
  params: ReasonParams;
}
export type ReasonParam = string | number | MoneyParam | DayParam | InstantParam | PhraseParam;
export type ReasonParams = { [name: string]: ReasonParam };

export interface Reason {
  key: InvestKey;
  params: ReasonParams;
}

export const money = (minor: number, currency: Currency): MoneyParam => ({ type: "money", minor, currency });
export const dayParam = (day: string): DayParam => ({ type: "day", day });
export const instant = (at: Date): InstantParam => ({ type: "instant", at });
export const phrase = (key: InvestKey, params: ReasonParams = {}): PhraseParam => ({
  type: "phrase",
  key,
  params,
});
export const reason = (key: InvestKey, params: ReasonParams = {}): Reason => ({ key, params });

// ---------------------------------------------------------------------------------------------------
// Decisions.

/**
 * What a regime says about one investor (and, when given, one new amount).
 * - allowed: may this investor commit (this amount) now.
 * - limitMinor: the most they may have committed over the rolling 12 months; null = no limit.
 * - remainingMinor: limitMinor minus what already counts in the window, never below 0; null = no limit.
 * - countedMinor: what counts against the limit in the window (0 when nothing is counted).
 * - reasons: refusals first (if any), then the explanation of the limit or status; render each with
 *   explainReason() from index.ts.
 */
export interface InvestDecision {
  allowed: boolean;
  limitMinor: number | null;
  remainingMinor: number | null;
  countedMinor: number;
  currency: Currency;
  /** The id of the rule version applied, or null when no version was in force on that day. */
  ruleVersion: string | null;
  reasons: Reason[];
}

/** A yes/no check with its reasons (the 200-investor cap, the cooling-off, the no-perks rule). */
export interface Check {
  allowed: boolean;
  reasons: Reason[];
}

// ---------------------------------------------------------------------------------------------------
// Effective-dated versions.

/** One dated version of a rule. Days are calendar days in the regime's time zone, both ends inclusive. */
export interface RuleVersion {
  id: string;
  effectiveFrom: string;
  /** The last day the version applies, or null while it is in force. */
  effectiveTo: string | null;
  /** Where the figures come from (RULES.md and its source). */
  source: string;
}

/** The version in force on a calendar day, or null when none was (before the earliest version). */
export function versionOnDay<V extends RuleVersion>(versions: readonly V[], day: string): V | null {
  return (
    versions.find((v) => v.effectiveFrom <= day && (v.effectiveTo === null || day <= v.effectiveTo)) ?? null
  );
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day "YYYY-MM-DD" of an instant in a time zone ("America/New_York", "Europe/London"…). */
export function localDay(at: Date, timeZone: string): string {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError("Invalid date");
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function parseDay(day: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`Invalid day ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function formatDay(utc: Date): string {
  return utc.toISOString().slice(0, 10);
}

/** Adds whole days to a calendar day. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = parseDay(day);
  return formatDay(new Date(Date.UTC(y, m - 1, d + days)));
}

/** The same day one year earlier; 29 February becomes 28 February. */
export function sameDayYearBefore(day: string): string {
  const [y, m, d] = parseDay(day);
  const lastOfMonth = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return formatDay(new Date(Date.UTC(y - 1, m - 1, Math.min(d, lastOfMonth))));
}

/**
 * The rolling 12 months ending on `day`: from the day after the same day a year earlier, to `day`,
 * both inclusive (2025-03-15 -> 2024-03-16 … 2025-03-15; 2024-02-29 -> 2023-03-01 … 2024-02-29).
 */
export function twelveMonthsEndingOn(day: string): { from: string; to: string } {
  return { from: addDays(sameDayYearBefore(day), 1), to: day };
}

// ---------------------------------------------------------------------------------------------------
// What counts over 12 months.

/**
 * The statuses of an equity commitment, as far as the limits are concerned. A commitment counts while it
 * stands (active, waiting for reconfirmation after a material change) and once settled; a cancelled one
 * (by the investor, for lack of reconfirmation, or because the offering failed) and one whose payment
 * failed at settlement do not.
 */
export const commitmentStatuses = [
  "active",
  "awaiting_reconfirmation",
  "settled",
  "cancelled",
  "failed",
] as const;
export type CommitmentStatus = (typeof commitmentStatuses)[number];
const countingStatuses: ReadonlySet<CommitmentStatus> = new Set([
  "active",
  "awaiting_reconfirmation",
  "settled",
]);

export function countsTowardLimit(status: CommitmentStatus): boolean {
  return countingStatuses.has(status);
}

/** One of the investor's own commitments on this platform. */
export interface PlatformCommitment {
  amountMinor: number;
  /** When it was made. */
  at: Date;
  status: CommitmentStatus;
}

/**
 * An investment the investor declared making elsewhere. `at` is the day it was made if the investor gave
 * one, otherwise the day of the declaration: the investment was made no later than that, so counting it
 * from that day can only over-count (the safe side), never under-count.
 */
export interface DeclaredInvestment {
  amountMinor: number;
  at: Date;
}

export interface Counted {
  /** The window, calendar days in the regime's time zone, inclusive. */
  from: string;
  to: string;
  platformMinor: number;
  elsewhereMinor: number;
  totalMinor: number;
}

/** Sums what counts in the 12 months ending on the day of `on` in `timeZone`. */
export function countTwelveMonths(
  on: Date,
  timeZone: string,
  commitments: readonly PlatformCommitment[],
  declaredElsewhere: readonly DeclaredInvestment[],
): Counted {
  const { from, to } = twelveMonthsEndingOn(localDay(on, timeZone));
  const inWindow = (at: Date) => {
    const day = localDay(at, timeZone);
    return from <= day && day <= to;
  };
  let platformMinor = 0;
  for (const c of commitments) {
    assertMinor(c.amountMinor, "commitment amount");
    if (countsTowardLimit(c.status) && inWindow(c.at)) platformMinor += c.amountMinor;
  }
  let elsewhereMinor = 0;
  for (const d of declaredElsewhere) {
    assertMinor(d.amountMinor, "declared amount");
    if (inWindow(d.at)) elsewhereMinor += d.amountMinor;
  }
  return { from, to, platformMinor, elsewhereMinor, totalMinor: platformMinor + elsewhereMinor };
}

// ---------------------------------------------------------------------------------------------------
// Amounts.

/**
 * Declared figures and amounts must be whole, non-negative minor units. The forms validate first
 * (parseAmount never yields anything else), so a violation here is a programming error, not user input.
 */
export function assertMinor(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative whole number of minor units, got ${value}`);
  }
}

/** `percent`% of an amount, rounded DOWN to the minor unit: a limit never gives more than the rule. */
export function percentOfMinorDown(minor: number, percent: string): number {
  return new Decimal(minor).times(percent).dividedBy(100).toDecimalPlaces(0, Decimal.ROUND_DOWN).toNumber();
}

/**
 * The largest whole amount strictly below `percent`% of an amount ("stay under 10%"):
 * 10% of £250,000.00 is £25,000.00 exactly, so the most is £24,999.99; 10% of £0.15 is 1.5p, so 1p.
 */
export function largestBelowPercent(minor: number, percent: string): number {
  const exact = new Decimal(minor).times(percent).dividedBy(100);
  return Math.max(0, exact.toDecimalPlaces(0, Decimal.ROUND_CEIL).minus(1).toNumber());
}

// ---------------------------------------------------------------------------------------------------
// The decision of a regime with a 12-month limit.

/** Shared by the regimes with a 12-month limit: remaining, refusals first, then the explanation. */
export function decideWithLimit(
  limitMinor: number | null,
  explanation: Reason[],
  counted: Counted,
  ruleVersion: string,
  amountMinor: number | undefined,
  currency: InvestDecision["currency"],
): InvestDecision {
  const remainingMinor = limitMinor === null ? null : Math.max(0, limitMinor - counted.totalMinor);
  const refusals: Reason[] = [];
  if (amountMinor !== undefined && (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)) {
    refusals.push(reason("invest.common.amountPositive"));
  } else if (remainingMinor !== null) {
    if (amountMinor !== undefined && amountMinor > remainingMinor) {
      refusals.push(
        reason("invest.common.overLimit", {
          amount: money(amountMinor, currency),
          remaining: money(remainingMinor, currency),
        }),
      );
    } else if (amountMinor === undefined && remainingMinor === 0) {
      refusals.push(reason("invest.common.limitUsed", { to: dayParam(counted.to) }));
    }
  }
  const reasons = [...refusals, ...explanation];
  if (limitMinor !== null) {
    reasons.push(
      reason("invest.common.counted", {
        from: dayParam(counted.from),
        to: dayParam(counted.to),
        platform: money(counted.platformMinor, currency),
        elsewhere: money(counted.elsewhereMinor, currency),
        remaining: money(remainingMinor ?? 0, currency),
      }),
    );
  }
  return {
    allowed: refusals.length === 0,
    limitMinor,
    remainingMinor,
    countedMinor: counted.totalMinor,
    currency,
    ruleVersion,
    reasons,
  };
}
