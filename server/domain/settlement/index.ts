/**
 * Settlement domain (issue 6): pure functions — no web, no database, no clock ("now" is an argument).
 * The settlement job, gateway calls, ledger tables and statements are built on these.
 *
 * MONEY. Every amount is an integer number of minor units, checked with Number.isSafeInteger (functions
 * throw RangeError on anything else). Every division and percentage goes through decimal.js (a private
 * clone with 64 significant digits, so nothing is rounded implicitly); the only roundings are:
 *   - percentages (fees): ROUND_HALF_UP to the minor unit;
 *   - proportional splits: floor, then largest remainder (ties to the lower index) — sums are exact;
 *   - whole shares: floor(maxRaise / price), then as above.
 *
 * SPLITTING — allocation.ts
 *   largestRemainder(total, weights) → number[]
 *       integer parts ∝ weights, Σ = total, each the floor or ceiling of its exact share.
 *   allocateShares({ rule: "first_come" | "pro_rata", maxRaiseMinor, pricePerShareMinor, commitments })
 *       → { availableShares, requestedShares, allocatedShares, allocatedMinor, oversubscribed,
 *           allocations: [{ id, investorId, requestedShares, allocatedShares, excessShares,
 *                           amountMinor, excessMinor }] }   (allocations in the order given)
 *
 * FEES — fees.ts
 *   defaultFeeSchedules; feeScheduleOn(schedules, day) → FeeSchedule (latest effectiveFrom ≤ day, UTC)
 *       Which day is the caller's choice; we suggest the campaign's launch (the terms the creator took).
 *   percentOf(amountMinor, percent) → half-up minor units
 *   processingFeeMinor(amountMinor, fees) → percentage (half-up) + fixed, capped at the amount
 *   platformFeeMinor(collectedMinor, fees) → nominal platform fee (half-up)
 *   computeFees(fees, charges: [{ id, amountMinor }]) → FeeBreakdown { collectedMinor,
 *       processingFeeMinor, platformFeeMinor, platformFeeWaivedMinor, payoutMinor,
 *       charges: [{ id, amountMinor, processingFeeMinor, platformFeeMinor }] }
 *       payout + platform + processing = collected; per-charge columns add up to the totals; if fees
 *       would exceed collected, the platform waives what does not fit and the payout is 0.
 *
 * PLAN — plan.ts
 *   planRewardSettlement(campaign, pledges, now) / planEquitySettlement(campaign, offering, commitments, now)
 *       → { ok: true, outcome: "succeeded" | "failed", pledgedMinor, countedMinor, charges: ChargeIntent[],
 *           releases: Release[], allocation } | { ok: false, reason }   (lifecycle reason keys)
 *       goal reached ⇔ countedMinor ≥ goalMinor (reward: Σ active pledges; equity: allocated amount).
 *   chargeIdempotencyKey(kind, id, attempt) → "pledge-<id>-attempt-<n>" / "commitment-<id>-attempt-<n>"
 *   retryOffsetsDays(windowDays = 7) → [1, 2, 4, 7]
 *   nextRetryAt(firstFailureAt, attemptsSoFar, windowDays = 7) → Date | null (null: drop the pledge)
 *   retryWindowEndsAt(firstFailureAt, windowDays) → Date;  isWindowOver(firstFailureAt, now, windowDays)
 *   initialReportLines(plan) → ReportLine[];  settlementReport(lines) → { pledgedMinor, excessMinor,
 *       collectedMinor, refundedMinor, netCollectedMinor, failedMinor, droppedMinor, pendingMinor,
 *       releasedMinor, counts }   pledged = excess + collected + failed + dropped + pending + released.
 *
 * LEDGER — ledger.ts (chart of accounts and conventions documented there)
 *   accounts.{backerFunds, escrow(campaignId), platformFees, processorFees, creatorPayable(userId),
 *             paidOut(userId), refunds, creatorReceivable(userId)};  accountType(name);  accountRules
 *   chargeEntry, refundEntry (before payout), feesEntry, payoutEntry, transferEntry, payoutEntries,
 *   refundAfterPayoutEntry → JournalEntry { key, kind, campaignId, currency, postings: Posting[] }
 *       (feesEntry / payoutEntry / transferEntry return null when there is nothing to move)
 *   checkEntry(entry) → string[] problems;  balances(entries) → Balance[];  balanceOf(entries, account, currency)
 *   checkInvariants(entries) → string[] problems (balanced, never negative after any entry, refunds
 *       follow charges, escrow zero after payout, unique keys).
 */
export * from "./allocation.ts";
export * from "./fees.ts";
export * from "./ledger.ts";
export * from "./plan.ts";
