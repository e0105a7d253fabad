/**
 * Rules of communication between creators and backers (issue 7): creator updates, questions and
 * answers, reports, reward delivery and when a funded creator is overdue with an update. Pure: no
 * clock (instants are arguments), no I/O.
 */

import type { ProjectState } from "./project-lifecycle.ts";
import type { ProjectKind } from "./project-rules.ts";

export const updateVisibilities = ["public", "backers"] as const;
export type UpdateVisibility = (typeof updateVisibilities)[number];

export const UPDATE_TITLE_MAX = 150;
export const UPDATE_BODY_MAX = 20_000;
export const QUESTION_MAX = 2_000;
export const ANSWER_MAX = 5_000;
export const REPORT_NOTE_MAX = 1_000;
export const MODERATION_REASON_MAX = 500;

export const reportReasons = ["spam", "abuse", "off_topic", "misleading", "other"] as const;
export type ReportReason = (typeof reportReasons)[number];

export const qaTargets = ["question", "answer"] as const;
export type QaTarget = (typeof qaTargets)[number];

export const deliveryStatuses = ["not_started", "in_production", "shipping", "delivered"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** Updates and questions belong to projects the public can see (live, then funded or not). */
export function acceptsUpdates(state: ProjectState): boolean {
  return state === "live" || state === "succeeded" || state === "failed";
}

export function acceptsQuestions(state: ProjectState): boolean {
  return state === "live" || state === "succeeded";
}

/** Delivery statuses are set after funding, on reward projects. */
export function tracksDelivery(project: { kind: ProjectKind; state: ProjectState }): boolean {
  return project.kind === "reward" && project.state === "succeeded";
}

/** Who may read an update: everyone if public; otherwise its project's backers, its creator and admins. */
export function canReadUpdate(
  visibility: UpdateVisibility,
  viewer: { isBacker: boolean; isCreator: boolean; isAdmin: boolean },
): boolean {
  return visibility === "public" || viewer.isBacker || viewer.isCreator || viewer.isAdmin;
}

const DAY = 24 * 3600 * 1000;

export interface OverdueFacts {
  kind: ProjectKind;
  state: ProjectState;
  /** When the campaign was funded (its deadline). */
  fundedAt: Date | null;
  /** The creator's latest update, if any. */
  lastUpdateAt: Date | null;
  /** The delivery status of each reward tier. */
  tierStatuses: readonly DeliveryStatus[];
}

export type OverdueState =
  | { overdue: false; dueAt: Date | null }
  | { overdue: true; since: Date; daysSilent: number };

/**
 * A funded reward campaign whose creator has posted no update for `days` days (counted from the
 * latest update, or from funding) while some reward is not yet delivered is overdue. `since` is the
 * instant it became overdue: one reminder per such period.
 */
export function overdueState(facts: OverdueFacts, now: Date, days: number): OverdueState {
  if (facts.kind !== "reward" || facts.state !== "succeeded" || !facts.fundedAt) {
    return { overdue: false, dueAt: null };
  }
  if (facts.tierStatuses.length === 0 || facts.tierStatuses.every((s) => s === "delivered")) {
    return { overdue: false, dueAt: null };
  }
  const from =
    facts.lastUpdateAt && facts.lastUpdateAt.getTime() > facts.fundedAt.getTime()
      ? facts.lastUpdateAt
      : facts.fundedAt;
  const dueAt = new Date(from.getTime() + days * DAY);
  if (now.getTime() < dueAt.getTime()) return { overdue: false, dueAt };
  return { overdue: true, since: dueAt, daysSilent: Math.floor((now.getTime() - from.getTime()) / DAY) };
}

/** A short excerpt of a text for notifications and lists (whole words where possible). */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
