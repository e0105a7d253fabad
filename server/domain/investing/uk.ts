import { Decimal } from "decimal.js";
import {
  assertMinor,
  type Check,
  type Counted,
  countTwelveMonths,
  type DeclaredInvestment,
  dayParam,
  decideWithLimit,
  type InvestDecision,
  type InvestKey,
  instant,
  largestBelowPercent,
  localDay,
  money,
  type PlatformCommitment,
  phrase,
  type Reason,
  type RuleVersion,
  reason,
  twelveMonthsEndingOn,
  versionOnDay,
} from "./types.ts";

/**
 * United Kingdom: non-readily realisable securities (NRRS) offered to retail investors, FCA COBS 4.12A
 * as amended by PS22/10 (in force 2023-02-01). See ../shared/RULES.md.
 *
 * - Investor categories, each with its statement: restricted (held to under 10% of net assets over
 *   12 months), certified high net worth, self-certified sophisticated. A statement lasts 12 months.
 * - An appropriateness test (scoreAppropriateness), retaken no sooner than 24 hours after a failure.
 * - A 24-hour cooling-off period for investors new to the platform (ukCoolingOff).
 * - The prescribed risk warning (ukRiskWarning) and no incentives to invest (checkUkNoIncentives).
 */

/** Effective dates are days in London. */
export const UK_TIME_ZONE = "Europe/London";

export const ukCategories = ["restricted", "certified_hnw", "self_certified_sophisticated"] as const;
export type UkCategory = (typeof ukCategories)[number];

export interface UkVersion extends RuleVersion {
  /** Certified high net worth: income of at least this, or net assets of at least hnwNetAssetsMinor. */
  hnwIncomeMinor: number;
  hnwNetAssetsMinor: number;
  /** Restricted investors stay under this percentage of their net assets over 12 months. */
  restrictedPercent: string;
  /** Self-certified sophisticated: any one of these. */
  sophisticated: { angelNetworkMonths: number; unlistedInvestments: number; directorTurnoverMinor: number };
  /** The cooling-off for investors new to the platform, and the wait after a failed appropriateness test. */
  coolingOffHours: number;
  retakeWaitHours: number;
}

const common = {
  restrictedPercent: "10",
  sophisticated: { angelNetworkMonths: 6, unlistedInvestments: 2, directorTurnoverMinor: 1_000_000_00 },
  coolingOffHours: 24,
  retakeWaitHours: 24,
};

/** Every dated version, oldest first. Nothing applies before PS22/10 came into force. */
export const ukVersions: readonly UkVersion[] = [
  {
    id: "uk-2023-02-01",
    effectiveFrom: "2023-02-01",
    effectiveTo: "2024-01-30",
    source: "RULES.md: COBS 4.12A as amended by PS22/10; HNW £100,000 income or £250,000 net assets",
    hnwIncomeMinor: 100_000_00,
    hnwNetAssetsMinor: 250_000_00,
    ...common,
  },
  {
    id: "uk-2024-01-31",
    effectiveFrom: "2024-01-31",
    effectiveTo: "2024-03-26",
    source: "RULES.md: HNW thresholds briefly raised to £170,000 / £430,000 from 2024-01-31",
    hnwIncomeMinor: 170_000_00,
    hnwNetAssetsMinor: 430_000_00,
    ...common,
  },
  {
    id: "uk-2024-03-27",
    effectiveFrom: "2024-03-27",
    effectiveTo: null,
    source: "RULES.md: HNW thresholds restored to £100,000 / £250,000 on 2024-03-27",
    hnwIncomeMinor: 100_000_00,
    hnwNetAssetsMinor: 250_000_00,
    ...common,
  },
];

export function ukVersionOn(on: Date): UkVersion | null {
  return versionOnDay(ukVersions, localDay(on, UK_TIME_ZONE));
}

// ---------------------------------------------------------------------------------------------------
// Category statements.

/**
 * The statement the investor made, with the figures it rests on. Net assets exclude the primary
 * residence, pension rights and insurance policies (the form says so). `signedAt` is when they made it.
 */
export type UkStatement =
  | { category: "restricted"; signedAt: Date; netAssetsMinor: number }
  | { category: "certified_hnw"; signedAt: Date; annualIncomeMinor: number; netAssetsMinor: number }
  | {
      category: "self_certified_sophisticated";
      signedAt: Date;
      /** Months as a member of a business angel network or syndicate (up to the statement). */
      angelNetworkMonths: number;
      /** Investments in unlisted companies in the two years before the statement. */
      unlistedInvestmentsLastTwoYears: number;
      /** Worked in private equity or in providing finance to small and medium enterprises in the last two years. */
      privateEquityOrSmeFinance: boolean;
      /** Annual turnover of a company they are or were (in the last two years) a director of, or null. */
      directorTurnoverMinor: number | null;
    };

const gbp = (minor: number) => money(minor, "GBP");

/** Whether a statement still holds on the day of `on`: it lasts 12 months (the same rolling window). */
export function isUkStatementCurrent(signedAt: Date, on: Date): boolean {
  const signed = localDay(signedAt, UK_TIME_ZONE);
  const { from, to } = twelveMonthsEndingOn(localDay(on, UK_TIME_ZONE));
  return from <= signed && signed <= to;
}

export interface UkCategoryResult {
  qualifies: boolean;
  /** The 12-month limit (restricted investors only); null = no limit. */
  limitMinor: number | null;
  reasons: Reason[];
}

/**
 * Whether the statement's conditions hold under a version, and the limit that follows. For a restricted
 * investor `counted` is what they invested in NRRS over the 12 months (here and declared elsewhere): the
 * statement needs it under 10% of net assets, and the limit is the largest amount under 10% (so the
 * total, including a new commitment, stays under it).
 */
export function ukCategoryLimit(
  statement: UkStatement,
  version: UkVersion,
  counted: Counted,
): UkCategoryResult {
  switch (statement.category) {
    case "restricted": {
      assertMinor(statement.netAssetsMinor, "net assets");
      const tenPercent = new Decimal(statement.netAssetsMinor)
        .times(version.restrictedPercent)
        .dividedBy(100);
      const limitMinor = largestBelowPercent(statement.netAssetsMinor, version.restrictedPercent);
      const params = {
        netAssets: gbp(statement.netAssetsMinor),
        percent: version.restrictedPercent,
        // The amount to stay under, shown in whole pence (rounded up: "under 2p" when 10% is 1.5p).
        under: gbp(tenPercent.toDecimalPlaces(0, Decimal.ROUND_CEIL).toNumber()),
      };
      if (!tenPercent.greaterThan(counted.totalMinor)) {
        return {
          qualifies: false,
          limitMinor,
          reasons: [
            reason("invest.uk.refused.restrictedOver", { ...params, counted: gbp(counted.totalMinor) }),
          ],
        };
      }
      return {
        qualifies: true,
        limitMinor,
        reasons: [reason("invest.uk.limit.restricted", { ...params, limit: gbp(limitMinor) })],
      };
    }
    case "certified_hnw": {
      assertMinor(statement.annualIncomeMinor, "annual income");
      assertMinor(statement.netAssetsMinor, "net assets");
      const thresholds = {
        incomeThreshold: gbp(version.hnwIncomeMinor),
        netAssetsThreshold: gbp(version.hnwNetAssetsMinor),
      };
      if (statement.annualIncomeMinor >= version.hnwIncomeMinor) {
        return {
          qualifies: true,
          limitMinor: null,
          reasons: [
            reason("invest.uk.limit.hnwIncome", { income: gbp(statement.annualIncomeMinor), ...thresholds }),
          ],
        };
      }
      if (statement.netAssetsMinor >= version.hnwNetAssetsMinor) {
        return {
          qualifies: true,
          limitMinor: null,
          reasons: [
            reason("invest.uk.limit.hnwNetAssets", {
              netAssets: gbp(statement.netAssetsMinor),
              ...thresholds,
            }),
          ],
        };
      }
      return {
        qualifies: false,
        limitMinor: null,
        reasons: [
          reason("invest.uk.refused.hnwBelow", {
            income: gbp(statement.annualIncomeMinor),
            netAssets: gbp(statement.netAssetsMinor),
            ...thresholds,
          }),
        ],
      };
    }
    case "self_certified_sophisticated": {
      const s = version.sophisticated;
      if (statement.directorTurnoverMinor !== null) assertMinor(statement.directorTurnoverMinor, "turnover");
      const met: Reason[] = [];
      if (statement.angelNetworkMonths >= s.angelNetworkMonths)
        met.push(reason("invest.uk.criteria.angelNetwork", { months: s.angelNetworkMonths }));
      if (statement.unlistedInvestmentsLastTwoYears >= s.unlistedInvestments)
        met.push(reason("invest.uk.criteria.unlistedInvestments", { investments: s.unlistedInvestments }));
      if (statement.privateEquityOrSmeFinance) met.push(reason("invest.uk.criteria.privateEquity"));
      if (
        statement.directorTurnoverMinor !== null &&
        statement.directorTurnoverMinor >= s.directorTurnoverMinor
      )
        met.push(reason("invest.uk.criteria.director", { turnover: gbp(s.directorTurnoverMinor) }));
      const first = met[0];
      if (!first) {
        return {
          qualifies: false,
          limitMinor: null,
          reasons: [
            reason("invest.uk.refused.sophisticatedNone", {
              months: s.angelNetworkMonths,
              investments: s.unlistedInvestments,
              turnover: gbp(s.directorTurnoverMinor),
            }),
          ],
        };
      }
      return {
        qualifies: true,
        limitMinor: null,
        reasons: [reason("invest.uk.limit.sophisticated", { criterion: phrase(first.key, first.params) })],
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Appropriateness test.

export interface QuizQuestion {
  id: string;
  options: readonly string[];
  correct: string;
}

/**
 * The fixed question set. Texts are in the catalog: invest.uk.quiz.questions.<id>.text and
 * invest.uk.quiz.questions.<id>.options.<option>. The correct option is not always the same letter.
 */
export const ukAppropriatenessQuiz = {
  id: "uk-appropriateness-2023",
  passMark: 5,
  questions: [
    { id: "loseAll", options: ["a", "b", "c"], correct: "b" },
    { id: "illiquid", options: ["a", "b", "c"], correct: "c" },
    { id: "dilution", options: ["a", "b", "c"], correct: "a" },
    { id: "protection", options: ["a", "b", "c"], correct: "b" },
    { id: "diversification", options: ["a", "b", "c"], correct: "c" },
    { id: "dividends", options: ["a", "b", "c"], correct: "a" },
  ] as const satisfies readonly QuizQuestion[],
};

export interface QuizScore {
  passed: boolean;
  correct: number;
  total: number;
  passMark: number;
  /** Questions answered wrongly or not at all (for records; the page should not reveal the right answers). */
  wrong: string[];
}

/** Scores answers (question id -> option id). A missing, unknown or repeated answer is wrong; extra keys are ignored. */
export function scoreAppropriateness(answers: Readonly<Record<string, unknown>>): QuizScore {
  const wrong: string[] = [];
  for (const q of ukAppropriatenessQuiz.questions) {
    const answer = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined;
    if (answer !== q.correct) wrong.push(q.id);
  }
  const total = ukAppropriatenessQuiz.questions.length;
  const correct = total - wrong.length;
  const passMark = ukAppropriatenessQuiz.passMark;
  return { passed: correct >= passMark, correct, total, passMark, wrong };
}

export interface QuizAttempt {
  at: Date;
  passed: boolean;
}

const HOUR_MS = 3_600_000;
const RETAKE_WAIT_HOURS = common.retakeWaitHours;

/**
 * When the investor may next take the test, given their latest attempt: null when they may take it now
 * or need not (no attempt yet, or passed); otherwise 24 hours after the failed attempt.
 */
export function nextAttemptAllowedAt(lastAttempt: QuizAttempt | null): Date | null {
  if (!lastAttempt || lastAttempt.passed) return null;
  return new Date(lastAttempt.at.getTime() + RETAKE_WAIT_HOURS * HOUR_MS);
}

export function mayAttemptAppropriateness(lastAttempt: QuizAttempt | null, now: Date): boolean {
  const next = nextAttemptAllowedAt(lastAttempt);
  return next === null || now.getTime() >= next.getTime();
}

// ---------------------------------------------------------------------------------------------------
// Cooling-off.

export interface CoolingOffFacts {
  /** True until the investor has made a first investment on the platform (any later status). */
  newToPlatform: boolean;
  /**
   * When the cooling-off started: the first time the investor, new to the platform, asked to view an
   * offer's investment page (the "direct offer financial promotion", PS22/10). Null if never.
   */
  startedAt: Date | null;
  now: Date;
}

export function ukCoolingOffEndsAt(startedAt: Date): Date {
  return new Date(startedAt.getTime() + common.coolingOffHours * HOUR_MS);
}

/** Over when the investor is not new, or 24 hours have passed since it started (exactly 24 h is over). */
export function ukCoolingOff(f: CoolingOffFacts): Check & { endsAt: Date | null } {
  if (!f.newToPlatform) return { allowed: true, endsAt: null, reasons: [] };
  if (!f.startedAt) {
    return {
      allowed: false,
      endsAt: null,
      reasons: [reason("invest.uk.refused.coolingOffNotStarted", { hours: common.coolingOffHours })],
    };
  }
  const endsAt = ukCoolingOffEndsAt(f.startedAt);
  if (f.now.getTime() >= endsAt.getTime()) return { allowed: true, endsAt, reasons: [] };
  return {
    allowed: false,
    endsAt,
    reasons: [
      reason("invest.uk.refused.coolingOff", { hours: common.coolingOffHours, until: instant(endsAt) }),
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// The decision.

export interface UkInput {
  statement: UkStatement;
  /** The instant of the (new) commitment. */
  on: Date;
  /**
   * The investor's equity commitments on this platform, of every regime (they are all NRRS). When
   * changing an existing commitment, leave it out and pass the new total as amountMinor.
   */
  commitments: readonly PlatformCommitment[];
  /** NRRS investments declared made elsewhere. */
  declaredElsewhere: readonly DeclaredInvestment[];
  /** The investor's latest appropriateness attempt, or null. */
  appropriateness: QuizAttempt | null;
  coolingOff: { newToPlatform: boolean; startedAt: Date | null };
  /** The new amount; omit it for the investor's status. */
  amountMinor?: number;
}

/**
 * Category, statement and limit, plus the gates every UK investment passes: a current statement, a
 * passed appropriateness test and the end of the cooling-off. Refusals come first in `reasons`.
 */
export function assessUk(input: UkInput): InvestDecision {
  const version = ukVersionOn(input.on);
  const counted = countTwelveMonths(input.on, UK_TIME_ZONE, input.commitments, input.declaredElsewhere);
  if (!version) {
    return {
      allowed: false,
      limitMinor: 0,
      remainingMinor: 0,
      countedMinor: counted.totalMinor,
      currency: "GBP",
      ruleVersion: null,
      reasons: [reason("invest.common.noRuleInForce", { day: dayParam(counted.to) })],
    };
  }
  const gates: Reason[] = [];
  if (!isUkStatementCurrent(input.statement.signedAt, input.on)) {
    gates.push(
      reason("invest.uk.refused.statementExpired", {
        category: phrase(categoryKey[input.statement.category]),
        signed: dayParam(localDay(input.statement.signedAt, UK_TIME_ZONE)),
      }),
    );
  }
  if (!input.appropriateness?.passed) {
    const next = nextAttemptAllowedAt(input.appropriateness);
    gates.push(
      next && input.on.getTime() < next.getTime()
        ? reason("invest.uk.refused.appropriatenessFailed", { retakeAt: instant(next) })
        : reason("invest.uk.refused.appropriatenessNeeded"),
    );
  }
  gates.push(...ukCoolingOff({ ...input.coolingOff, now: input.on }).reasons);

  const category = ukCategoryLimit(input.statement, version, counted);
  if (!category.qualifies) {
    return {
      allowed: false,
      limitMinor: category.limitMinor,
      remainingMinor: category.limitMinor === null ? null : 0,
      countedMinor: counted.totalMinor,
      currency: "GBP",
      ruleVersion: version.id,
      reasons: [...gates, ...category.reasons],
    };
  }
  const decision = decideWithLimit(
    category.limitMinor,
    category.reasons,
    counted,
    version.id,
    input.amountMinor,
    "GBP",
  );
  return {
    ...decision,
    allowed: decision.allowed && gates.length === 0,
    reasons: [...gates, ...decision.reasons],
  };
}

export const categoryKey: Record<UkCategory, InvestKey> = {
  restricted: "invest.uk.categories.restricted",
  certified_hnw: "invest.uk.categories.certified_hnw",
  self_certified_sophisticated: "invest.uk.categories.self_certified_sophisticated",
};

// ---------------------------------------------------------------------------------------------------
// Risk warning and incentives.

/**
 * The prescribed risk warning (COBS 4.12A, PS22/10) as catalog keys: the headline with its "Take 2 mins
 * to learn more" link on every page that promotes an offer, the risk summary the link opens, and the
 * personalised pop-up ({{name}}) shown to investors new to the platform.
 */
export const ukRiskWarning = {
  headline: "invest.uk.riskWarning.headline",
  learnMore: "invest.uk.riskWarning.learnMore",
  personalised: "invest.uk.riskWarning.personalised",
  summary: {
    title: "invest.uk.riskSummary.title",
    readingTime: "invest.uk.riskSummary.readingTime",
    intro: "invest.uk.riskSummary.intro",
    sections: [
      {
        heading: "invest.uk.riskSummary.loseAll.heading",
        points: ["invest.uk.riskSummary.loseAll.p1"],
      },
      {
        heading: "invest.uk.riskSummary.protection.heading",
        points: ["invest.uk.riskSummary.protection.p1", "invest.uk.riskSummary.protection.p2"],
      },
      {
        heading: "invest.uk.riskSummary.illiquid.heading",
        points: [
          "invest.uk.riskSummary.illiquid.p1",
          "invest.uk.riskSummary.illiquid.p2",
          "invest.uk.riskSummary.illiquid.p3",
        ],
      },
      {
        heading: "invest.uk.riskSummary.diversify.heading",
        points: ["invest.uk.riskSummary.diversify.p1", "invest.uk.riskSummary.diversify.p2"],
      },
      {
        heading: "invest.uk.riskSummary.dilution.heading",
        points: ["invest.uk.riskSummary.dilution.p1", "invest.uk.riskSummary.dilution.p2"],
      },
    ],
    outro: "invest.uk.riskSummary.outro",
  },
} as const satisfies {
  headline: InvestKey;
  learnMore: InvestKey;
  personalised: InvestKey;
  summary: {
    title: InvestKey;
    readingTime: InvestKey;
    intro: InvestKey;
    sections: readonly { heading: InvestKey; points: readonly InvestKey[] }[];
    outro: InvestKey;
  };
};

/** What an offering offers besides the securities. */
export interface OfferingIncentives {
  regime: string;
  kind: string;
  /** Reward tiers attached to the project. */
  rewardTierCount: number;
  /** Any other perk or incentive to invest (discounts, gifts, bonus shares) the creator listed. */
  perkCount: number;
}

/** UK equity offerings may not offer rewards or perks (PS22/10 bans incentives to invest). */
export function checkUkNoIncentives(o: OfferingIncentives): Check {
  if (o.regime !== "uk" || o.kind !== "equity") return { allowed: true, reasons: [] };
  const incentives = o.rewardTierCount + o.perkCount;
  if (incentives === 0) return { allowed: true, reasons: [] };
  return { allowed: false, reasons: [reason("invest.uk.refused.incentives", { incentives })] };
}
