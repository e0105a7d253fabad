/**
 * Investing rules: who may invest how much in an equity offering, by regime. Pure and effective-dated:
 * no web, no database, no clock — the instant of the commitment (`on`) is an argument, and the rule
 * version in force on that calendar day (in the regulator's time zone) is applied. Sources: RULES.md.
 *
 * MONEY is integer minor units (cents, pence, fen). Percentages use decimal.js; limits round DOWN to the
 * minor unit, so an investor is never allowed more than the rule gives. Declared figures must be
 * non-negative whole minor units (validate with parseAmount first); anything else throws RangeError.
 *
 * THE DECISION (types.ts, InvestDecision), returned by every assess*():
 *   { allowed, limitMinor, remainingMinor, countedMinor, currency, ruleVersion, reasons }
 *   - limitMinor / remainingMinor: null = no limit; remaining = limit − counted, never below 0.
 *   - reasons: [{ key, params }] — keys of the `invest` i18n namespace; refusals first, then the
 *     explanation. Render each with explainReason(reason, { t, money, date, dateTime }) (the view
 *     locals), which formats amounts ({type:"money"}), days and instants in the reader's locale and
 *     translates nested phrases, in English or Chinese.
 *   - Omit amountMinor for the investor's status (account page); pass it to check a new commitment.
 *     To CHANGE an existing commitment, leave it out of `commitments` and pass the new total.
 *
 * THE 12-MONTH WINDOW (countTwelveMonths): the calendar days from the day after the same day a year
 * earlier up to the day of `on`, inclusive (29 Feb → from 1 Mar the year before). Commitments count if
 * their status is active, awaiting_reconfirmation or settled (countsTowardLimit); declared investments
 * count if their date (or the declaration's date, which can only over-count) is in the window.
 *
 * US — us-reg-cf.ts (Rule 100(a)(2); New York days)
 *   assessUsRegCf({ investor: {accredited, annualIncomeMinor, netWorthMinor}, on, commitments,
 *                   declaredElsewhere, amountMinor? }): InvestDecision
 *     commitments: the investor's Reg CF commitments on this platform; declaredElsewhere: Reg CF
 *     investments on other platforms. Versions (usRegCfVersions): from 2016-05-16 the LESSER of income
 *     and net worth, $2,200 / $107,000, accredited investors limited too; from 2021-03-15 the GREATER,
 *     accredited unlimited; from 2022-09-20 $2,500 / $124,000. The aggregate cap bounds every
 *     non-accredited limit. usRegCfLimit(investor, version) gives the limit and its explanation alone.
 *
 * UK — uk.ts (COBS 4.12A, PS22/10; London days; nothing before 2023-02-01)
 *   assessUk({ statement, on, commitments, declaredElsewhere, appropriateness, coolingOff, amountMinor? })
 *     statement: restricted {netAssetsMinor} | certified_hnw {annualIncomeMinor, netAssetsMinor} |
 *     self_certified_sophisticated {angelNetworkMonths, unlistedInvestmentsLastTwoYears,
 *     privateEquityOrSmeFinance, directorTurnoverMinor}, each with signedAt (valid 12 months).
 *     Restricted: limit = the largest amount UNDER 10% of net assets over 12 months; HNW and
 *     sophisticated: no limit. Also refuses without a passed appropriateness test or during cooling-off.
 *   scoreAppropriateness(answers) -> {passed, correct, total, passMark, wrong}; ukAppropriatenessQuiz.
 *   nextAttemptAllowedAt(lastAttempt) -> Date | null (24 h after a failure); mayAttemptAppropriateness.
 *   ukCoolingOff({newToPlatform, startedAt, now}) -> {allowed, endsAt, reasons}: 24 h starting when an
 *     investor new to the platform first opens an offer's investment page (PS22/10: the request to view
 *     the direct offer financial promotion). Record that instant once; not new = no cooling-off.
 *   ukRiskWarning: the prescribed warning, "Take 2 mins to learn more" and the risk summary, as keys.
 *   checkUkNoIncentives({regime, kind, rewardTierCount, perkCount}) -> Check: no perks on UK equity.
 *
 * CHINA — cn-private.ts (2014-12-18 draft; Beijing days)
 *   assessCnPrivate({ investor, on, amountMinor?, offering? }): InvestDecision (limitMinor null)
 *     investor: individual {financialAssetsMinor, averageIncomeLastThreeYearsMinor} | entity
 *     {netAssetsMinor} | institution {kind}. Qualified if any: financial assets ≥ ¥3,000,000; 3-year
 *     average income ≥ ¥500,000; entity net assets ≥ ¥10,000,000; a declared institution; or this
 *     offering's commitment (amountMinor = the investor's total in it) ≥ ¥1,000,000.
 *   cnMayJoinOffering({distinctInvestorCount, alreadyInvestor}) -> Check: the 200th joins, the 201st not.
 *   threeYearAverageMinor([y1, y2, y3]) rounds down.
 *
 * assessInvestment({ regime, ...input }) dispatches on the regime of the offering.
 */
import { assessCnPrivate, type CnInput } from "./cn-private.ts";
import type { InvestDecision, Reason, ReasonParam } from "./types.ts";
import { assessUk, type UkInput } from "./uk.ts";
import { assessUsRegCf, type UsRegCfInput } from "./us-reg-cf.ts";

export * from "./cn-private.ts";
export * from "./types.ts";
export * from "./uk.ts";
export * from "./us-reg-cf.ts";

export type AssessInput =
  | ({ regime: "us_reg_cf" } & UsRegCfInput)
  | ({ regime: "uk" } & UkInput)
  | ({ regime: "cn_private" } & CnInput);

export function assessInvestment(input: AssessInput): InvestDecision {
  switch (input.regime) {
    case "us_reg_cf":
      return assessUsRegCf(input);
    case "uk":
      return assessUk(input);
    case "cn_private":
      return assessCnPrivate(input);
  }
}

/** What explainReason needs: the view locals provide exactly these. */
export interface ExplainFormatters {
  t: (key: string, params: Record<string, string | number>) => string;
  money: (minor: number, currency: InvestDecision["currency"]) => string;
  /** A date in the reader's locale. */
  date: (instant: Date) => string;
  /** A date and time in the reader's locale. */
  dateTime: (instant: Date) => string;
}

/** Formats one parameter: amounts, days and instants in the reader's locale, phrases translated. */
function formatParam(param: ReasonParam, f: ExplainFormatters): string | number {
  if (typeof param === "string" || typeof param === "number") return param;
  switch (param.type) {
    case "money":
      return f.money(param.minor, param.currency);
    // Noon UTC falls on the same calendar day in every time zone a server runs in.
    case "day":
      return f.date(new Date(`${param.day}T12:00:00Z`));
    case "instant":
      return f.dateTime(param.at);
    case "phrase":
      return explainReason({ key: param.key, params: param.params }, f);
  }
}

/** The sentence of a reason in the reader's language. */
export function explainReason(reason: Reason, f: ExplainFormatters): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(reason.params)) params[name] = formatParam(value, f);
  return f.t(reason.key, params);
}
