import type { Currency } from "../money.ts";
import { decide, type ProjectState } from "../project-lifecycle.ts";
import {
  type AllocationResult,
  type AllocationRule,
  allocateShares,
  assertCount,
  type ShareCommitment,
} from "./allocation.ts";

/**
 * What settling a campaign at its deadline does: the outcome, the charges to attempt (with their
 * idempotency keys) or the releases, the retry schedule of failed charges, and the final report.
 * Pure: "now" is an argument, never read from a clock. See index.ts for the API overview.
 */

export type BackingKind = "pledge" | "commitment";

export interface CampaignAtDeadline {
  id: number;
  kind: "reward" | "equity";
  state: ProjectState;
  /** For equity: the target (minimum raise). */
  goalMinor: number;
  currency: Currency;
  deadlineAt: Date;
}

export interface PledgeAtDeadline {
  id: number;
  totalMinor: number;
  status: "active" | "cancelled";
}

export interface CommitmentAtDeadline extends ShareCommitment {
  status: "active" | "cancelled";
}

export interface EquityOffering {
  rule: AllocationRule;
  maxRaiseMinor: number;
  pricePerShareMinor: number;
}

/** A charge to attempt through the gateway. */
export interface ChargeIntent {
  kind: BackingKind;
  id: number;
  /** What the backer pledged or the investor committed. */
  pledgedMinor: number;
  /** What to charge: the pledge's total, or the allocated shares × price. */
  amountMinor: number;
  currency: Currency;
  attempt: number;
  idempotencyKey: string;
}

/** A pledge or commitment that will not be charged: its saved card and any limited reward are released. */
export interface Release {
  kind: BackingKind;
  id: number;
  pledgedMinor: number;
  reason: "campaign_failed" | "not_allocated";
}

export type SettlementPlan =
  | {
      ok: true;
      campaignId: number;
      outcome: "succeeded" | "failed";
      currency: Currency;
      goalMinor: number;
      /** Σ active pledges / commitments at the deadline (cancelled ones are ignored). */
      pledgedMinor: number;
      /** What was compared with the goal: pledgedMinor for reward, the allocated amount for equity. */
      countedMinor: number;
      charges: ChargeIntent[];
      releases: Release[];
      /** Equity only. */
      allocation: AllocationResult | null;
    }
  | { ok: false; reason: string; params?: Record<string, unknown> };

/** The gateway idempotency key of one charge attempt: `pledge-<id>-attempt-<n>` (`commitment-…` for equity). */
export function chargeIdempotencyKey(kind: BackingKind, id: number, attempt: number): string {
  assertCount(id, "id");
  assertCount(attempt, "attempt");
  if (attempt < 1) throw new RangeError("attempts are numbered from 1");
  return `${kind}-${id}-attempt-${attempt}`;
}

function decideOutcome(
  campaign: CampaignAtDeadline,
  countedMinor: number,
  now: Date,
):
  | { ok: true; outcome: "succeeded" | "failed" }
  | { ok: false; reason: string; params?: Record<string, unknown> } {
  const outcome = countedMinor >= campaign.goalMinor ? "succeeded" : "failed";
  // The lifecycle's own guard: the campaign must be live and its deadline passed.
  const decision = decide(outcome === "succeeded" ? "succeed" : "fail", "system", {
    state: campaign.state,
    now,
    deadlineAt: campaign.deadlineAt,
    pledgedMinor: countedMinor,
    goalMinor: campaign.goalMinor,
  });
  if (!decision.ok) return decision;
  return { ok: true, outcome };
}

function checkCampaign(campaign: CampaignAtDeadline, kind: CampaignAtDeadline["kind"]): void {
  if (campaign.kind !== kind)
    throw new RangeError(`campaign ${campaign.id} is ${campaign.kind}, not ${kind}`);
  assertCount(campaign.goalMinor, "goalMinor");
}

/**
 * Reward (all-or-nothing): succeeded when Σ active pledges ≥ goal. Succeeded → one charge per active
 * pledge, attempt 1; failed → every active pledge released. Refused (ok: false, a lifecycle reason)
 * unless the campaign is live and now ≥ deadline. Charges and releases follow the pledges' order.
 */
export function planRewardSettlement(
  campaign: CampaignAtDeadline,
  pledges: readonly PledgeAtDeadline[],
  now: Date,
): SettlementPlan {
  checkCampaign(campaign, "reward");
  const active = pledges.filter((p) => p.status === "active");
  for (const p of active) {
    assertCount(p.totalMinor, `pledge ${p.id} totalMinor`);
    if (p.totalMinor === 0) throw new RangeError(`pledge ${p.id} has no amount`);
  }
  if (new Set(pledges.map((p) => p.id)).size !== pledges.length)
    throw new RangeError("a pledge appears twice");
  const pledgedMinor = active.reduce((sum, p) => sum + p.totalMinor, 0);
  assertCount(pledgedMinor, "pledgedMinor");
  const decided = decideOutcome(campaign, pledgedMinor, now);
  if (!decided.ok) return decided;
  const succeeded = decided.outcome === "succeeded";
  return {
    ok: true,
    campaignId: campaign.id,
    outcome: decided.outcome,
    currency: campaign.currency,
    goalMinor: campaign.goalMinor,
    pledgedMinor,
    countedMinor: pledgedMinor,
    charges: succeeded
      ? active.map((p) => ({
          kind: "pledge" as const,
          id: p.id,
          pledgedMinor: p.totalMinor,
          amountMinor: p.totalMinor,
          currency: campaign.currency,
          attempt: 1,
          idempotencyKey: chargeIdempotencyKey("pledge", p.id, 1),
        }))
      : [],
    releases: succeeded
      ? []
      : active.map((p) => ({
          kind: "pledge" as const,
          id: p.id,
          pledgedMinor: p.totalMinor,
          reason: "campaign_failed" as const,
        })),
    allocation: null,
  };
}

/**
 * Equity: the active commitments are allocated first (allocateShares with the offering's rule); the
 * campaign succeeded when the allocated amount ≥ the target. Succeeded → one charge per commitment
 * with shares allocated (amount = allocated shares × price; the excess is simply not charged), and a
 * release ("not_allocated") for those that got none; failed → every active commitment released.
 */
export function planEquitySettlement(
  campaign: CampaignAtDeadline,
  offering: EquityOffering,
  commitments: readonly CommitmentAtDeadline[],
  now: Date,
): SettlementPlan {
  checkCampaign(campaign, "equity");
  const active = commitments.filter((c) => c.status === "active");
  const allocation = allocateShares({ ...offering, commitments: active });
  const pledgedMinor = allocation.allocations.reduce((sum, a) => sum + a.amountMinor + a.excessMinor, 0);
  assertCount(pledgedMinor, "pledgedMinor");
  const decided = decideOutcome(campaign, allocation.allocatedMinor, now);
  if (!decided.ok) return decided;
  const succeeded = decided.outcome === "succeeded";
  const charges: ChargeIntent[] = [];
  const releases: Release[] = [];
  for (const a of allocation.allocations) {
    const committed = a.amountMinor + a.excessMinor;
    if (!succeeded) {
      releases.push({ kind: "commitment", id: a.id, pledgedMinor: committed, reason: "campaign_failed" });
    } else if (a.allocatedShares === 0) {
      releases.push({ kind: "commitment", id: a.id, pledgedMinor: committed, reason: "not_allocated" });
    } else {
      charges.push({
        kind: "commitment",
        id: a.id,
        pledgedMinor: committed,
        amountMinor: a.amountMinor,
        currency: campaign.currency,
        attempt: 1,
        idempotencyKey: chargeIdempotencyKey("commitment", a.id, 1),
      });
    }
  }
  return {
    ok: true,
    campaignId: campaign.id,
    outcome: decided.outcome,
    currency: campaign.currency,
    goalMinor: campaign.goalMinor,
    pledgedMinor,
    countedMinor: allocation.allocatedMinor,
    charges,
    releases,
    allocation,
  };
}

// ---------------------------------------------------------------------------------------------------
// Retries of failed charges.

export const DEFAULT_RETRY_WINDOW_DAYS = 7;
const DAY_MS = 24 * 3600 * 1000;

function checkWindow(windowDays: number): void {
  assertCount(windowDays, "windowDays");
}

/**
 * Days after the first failure at which the schedule retries: 1, 2, 4, 8, … while inside the window,
 * then once more exactly at the window's end. 7 → [1, 2, 4, 7]; 3 → [1, 2, 3]; 1 → [1]; 0 → [].
 */
export function retryOffsetsDays(windowDays: number = DEFAULT_RETRY_WINDOW_DAYS): number[] {
  checkWindow(windowDays);
  const offsets: number[] = [];
  for (let d = 1; d < windowDays; d *= 2) offsets.push(d);
  if (windowDays > 0) offsets.push(windowDays);
  return offsets;
}

/** firstFailureAt + windowDays. */
export function retryWindowEndsAt(
  firstFailureAt: Date,
  windowDays: number = DEFAULT_RETRY_WINDOW_DAYS,
): Date {
  checkWindow(windowDays);
  return new Date(firstFailureAt.getTime() + windowDays * DAY_MS);
}

/**
 * When the next scheduled attempt is due, or null when the schedule is exhausted (the pledge is then
 * dropped). attemptsSoFar counts the SCHEDULED attempts made (≥ 1: the attempt at the deadline that
 * failed first, then each automatic retry); attempts a backer starts after fixing the card do not
 * consume the schedule, though they take the next attempt number for their idempotency key. The
 * time depends only on the arguments, so a restarted job computes the same one; a time in the past
 * means "due now".
 */
export function nextRetryAt(
  firstFailureAt: Date,
  attemptsSoFar: number,
  windowDays: number = DEFAULT_RETRY_WINDOW_DAYS,
): Date | null {
  assertCount(attemptsSoFar, "attemptsSoFar");
  if (attemptsSoFar < 1) throw new RangeError("attemptsSoFar counts the failed first attempt, so it is ≥ 1");
  const offset = retryOffsetsDays(windowDays)[attemptsSoFar - 1];
  return offset === undefined ? null : new Date(firstFailureAt.getTime() + offset * DAY_MS);
}

/**
 * True from firstFailureAt + windowDays on (the window is [firstFailureAt, end)). While it is open the
 * backer may fix the payment. The last scheduled retry is due exactly at the end and still runs when
 * the job gets to it; a pledge is dropped when that attempt fails too (nextRetryAt returns null).
 */
export function isWindowOver(
  firstFailureAt: Date,
  now: Date,
  windowDays: number = DEFAULT_RETRY_WINDOW_DAYS,
): boolean {
  return now.getTime() >= retryWindowEndsAt(firstFailureAt, windowDays).getTime();
}

// ---------------------------------------------------------------------------------------------------
// The report.

/**
 * Where a pledge or commitment stands. pending: not yet charged, or a retry is scheduled after a
 * transient error; payment_failed: the last attempt failed, the window is open; dropped: still failing
 * at the end of the window; released: not charged (failed campaign, or no shares allocated);
 * collected: charged; refunded: charged, then refunded.
 */
export type BackingOutcome = "pending" | "collected" | "payment_failed" | "dropped" | "released" | "refunded";

export interface ReportLine {
  id: number;
  /** What was pledged or committed. */
  pledgedMinor: number;
  /**
   * What is (or would be) charged: pledgedMinor for reward; allocated shares × price for equity (0 for
   * a commitment that got no shares). In a failed campaign it is pledgedMinor: everything is released.
   */
  chargeMinor: number;
  outcome: BackingOutcome;
}

/** The report lines right after planning: charges are pending, releases released. */
export function initialReportLines(plan: Extract<SettlementPlan, { ok: true }>): ReportLine[] {
  return [
    ...plan.charges.map((c) => ({
      id: c.id,
      pledgedMinor: c.pledgedMinor,
      chargeMinor: c.amountMinor,
      outcome: "pending" as const,
    })),
    ...plan.releases.map((r) => ({
      id: r.id,
      pledgedMinor: r.pledgedMinor,
      chargeMinor: r.reason === "campaign_failed" ? r.pledgedMinor : 0,
      outcome: "released" as const,
    })),
  ];
}

export interface SettlementReport {
  pledgedMinor: number;
  /** Σ (pledged − charge): shares over the maximum raise, never charged. */
  excessMinor: number;
  /** Gross: includes what was later refunded. */
  collectedMinor: number;
  refundedMinor: number;
  /** collected − refunded. */
  netCollectedMinor: number;
  failedMinor: number;
  droppedMinor: number;
  pendingMinor: number;
  releasedMinor: number;
  counts: Record<BackingOutcome, number>;
}

/**
 * Totals of a settlement. Amounts by outcome are of chargeMinor; the whole always adds up:
 * pledged = excess + collected + failed + dropped + pending + released (refunded is part of collected).
 */
export function settlementReport(lines: readonly ReportLine[]): SettlementReport {
  const counts: Record<BackingOutcome, number> = {
    pending: 0,
    collected: 0,
    payment_failed: 0,
    dropped: 0,
    released: 0,
    refunded: 0,
  };
  const by: Record<BackingOutcome, number> = { ...counts };
  let pledgedMinor = 0;
  let excessMinor = 0;
  for (const line of lines) {
    assertCount(line.pledgedMinor, `line ${line.id} pledgedMinor`);
    assertCount(line.chargeMinor, `line ${line.id} chargeMinor`);
    if (line.chargeMinor > line.pledgedMinor)
      throw new RangeError(`line ${line.id} charges more than pledged`);
    if (!(line.outcome in counts))
      throw new RangeError(`line ${line.id} has unknown outcome ${line.outcome}`);
    counts[line.outcome] += 1;
    by[line.outcome] += line.chargeMinor;
    pledgedMinor += line.pledgedMinor;
    excessMinor += line.pledgedMinor - line.chargeMinor;
  }
  assertCount(pledgedMinor, "pledgedMinor");
  const collectedMinor = by.collected + by.refunded;
  return {
    pledgedMinor,
    excessMinor,
    collectedMinor,
    refundedMinor: by.refunded,
    netCollectedMinor: by.collected,
    failedMinor: by.payment_failed,
    droppedMinor: by.dropped,
    pendingMinor: by.pending,
    releasedMinor: by.released,
    counts,
  };
}
