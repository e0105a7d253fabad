import type { Regime } from "../project-rules.ts";
import { businessDeadline } from "./business-days.ts";
import { type CommitmentStatus, instant, type Reason, reason } from "./types.ts";
import { US_TIME_ZONE } from "./us-reg-cf.ts";

/**
 * What an investor may do with a commitment, and when (pure; `now` is an argument).
 *
 * US Regulation Crowdfunding, Rule 304: a commitment can be cancelled for any reason until 48 hours
 * before the offering deadline, not after; after a material change the investor must reconfirm within
 * five business days, and may cancel until then (even in the last 48 hours). The UK and China rules
 * in RULES.md set no cancellation window, so there a commitment can be cancelled while the offering
 * is open. A material change asks for reconfirmation under Reg CF only.
 */

export const US_CANCEL_CUTOFF_HOURS = 48;
export const RECONFIRM_BUSINESS_DAYS = 5;
const HOUR_MS = 3_600_000;

export interface CommitmentFacts {
  status: CommitmentStatus;
  regime: Regime;
  reconfirmBy: Date | null;
}

export interface OfferingFacts {
  state: string;
  deadlineAt: Date | null;
}

/** The last instant a US commitment can be cancelled without a material change: 48 h before the deadline. */
export function usCancelCutoff(deadlineAt: Date): Date {
  return new Date(deadlineAt.getTime() - US_CANCEL_CUTOFF_HOURS * HOUR_MS);
}

export interface CancelDecision {
  allowed: boolean;
  /** Until when the investor may cancel (null when they no longer may). */
  until: Date | null;
  /** Why not, as a reason of the `invest` namespace. */
  reason: Reason | null;
}

const open = (o: OfferingFacts, now: Date) =>
  o.state === "live" && o.deadlineAt !== null && now.getTime() < o.deadlineAt.getTime();

/** May the investor cancel this commitment now? */
export function mayCancel(c: CommitmentFacts, o: OfferingFacts, now: Date): CancelDecision {
  if (c.status !== "active" && c.status !== "awaiting_reconfirmation") {
    return { allowed: false, until: null, reason: reason("invest.commitments.refused.notStanding") };
  }
  if (!open(o, now)) {
    return { allowed: false, until: null, reason: reason("invest.commitments.refused.offeringClosed") };
  }
  const deadline = o.deadlineAt as Date;
  if (c.status === "awaiting_reconfirmation" && c.reconfirmBy) {
    // After a material change the investor may cancel until the reconfirmation deadline.
    const until = new Date(Math.min(c.reconfirmBy.getTime(), deadline.getTime()));
    if (now.getTime() <= until.getTime()) return { allowed: true, until, reason: null };
    return { allowed: false, until: null, reason: reason("invest.commitments.refused.reconfirmPassed") };
  }
  if (c.regime === "us_reg_cf") {
    const cutoff = usCancelCutoff(deadline);
    if (now.getTime() < cutoff.getTime()) return { allowed: true, until: cutoff, reason: null };
    return {
      allowed: false,
      until: null,
      reason: reason("invest.commitments.refused.usCutoff", {
        hours: US_CANCEL_CUTOFF_HOURS,
        cutoff: instant(cutoff),
        deadline: instant(deadline),
      }),
    };
  }
  return { allowed: true, until: deadline, reason: null };
}

/** May the investor reconfirm it now (awaiting reconfirmation, before the deadline, offering open)? */
export function mayReconfirm(c: CommitmentFacts, o: OfferingFacts, now: Date): Reason | null {
  if (c.status !== "awaiting_reconfirmation" || !c.reconfirmBy) {
    return reason("invest.commitments.refused.nothingToReconfirm");
  }
  if (!open(o, now)) return reason("invest.commitments.refused.offeringClosed");
  if (now.getTime() > c.reconfirmBy.getTime()) return reason("invest.commitments.refused.reconfirmPassed");
  return null;
}

/** Whether a newly uploaded document version asks the offering's investors to reconfirm. */
export function requiresReconfirmation(
  d: { materialChange: boolean },
  o: OfferingFacts,
  regime: Regime,
): boolean {
  return d.materialChange && o.state === "live" && regime === "us_reg_cf";
}

/** The reconfirmation deadline after a material change notice: the end of the 5th business day, New York. */
export function reconfirmationDeadline(notice: Date): Date {
  return businessDeadline(notice, RECONFIRM_BUSINESS_DAYS, US_TIME_ZONE);
}
