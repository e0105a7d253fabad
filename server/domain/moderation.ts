/**
 * Moderation: "Report this project" and suspension. Pure.
 *
 * A suspended project is hidden from discovery and search, takes no pledges or commitments, and
 * its settlement waits: pledges stay as they are (nobody is charged) until an admin restores the
 * project or cancels it. Settlement and every other job must skip a project for which
 * isSuspended() is true.
 */
export const reportReasons = ["fraud", "prohibited", "intellectual_property", "other"] as const;
export type ReportReason = (typeof reportReasons)[number];

export const reportStatuses = ["open", "dismissed", "actioned"] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const REPORT_DETAILS_MIN = 10;
export const REPORT_DETAILS_MAX = 3000;
export const MODERATION_REASON_MAX = 2000;

/** True when an admin has suspended the project (and not restored it since). */
export function isSuspended(project: { suspendedAt?: Date | null }): boolean {
  return project.suspendedAt !== undefined && project.suspendedAt !== null;
}

/** May this project be suspended or restored now? Only projects the public can see are moderated. */
export function decideSuspension(
  project: { state: string; suspendedAt?: Date | null },
  suspend: boolean,
): { ok: true } | { ok: false; reason: string } {
  if (suspend && isSuspended(project)) return { ok: false, reason: "ops.reports.refused.alreadySuspended" };
  if (!suspend && !isSuspended(project)) return { ok: false, reason: "ops.reports.refused.notSuspended" };
  if (suspend && !["live", "succeeded", "failed"].includes(project.state))
    return { ok: false, reason: "ops.reports.refused.notPublic" };
  return { ok: true };
}
