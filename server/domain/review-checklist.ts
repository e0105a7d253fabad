/**
 * What a reviewer checks before approving a project, and the review decisions themselves.
 * Pure: facts in, answers out. Reason keys are relative to the `projects` catalog when they come
 * from the lifecycle ("lifecycle.…") and to the `review` catalog otherwise ("decision.…").
 */
import { type Decision, decide, type ProjectState } from "./project-lifecycle.ts";
import { type SubmissionFacts, submissionChecklist } from "./project-rules.ts";

/** The items on the reviewer's checklist. Each groups one or more submissionChecklist entries. */
export type ReviewCheckId = "identity" | "payout" | "risks" | "rewardsLawful" | "equityDocuments" | "content";

export interface ReviewCheck {
  id: ReviewCheckId;
  ok: boolean;
  /** The submissionChecklist entries still missing for this item (keys of projects.checklist). */
  missing: string[];
}

export interface ReviewChecklist {
  items: ReviewCheck[];
  /** Everything missing, in submissionChecklist's order. Empty when the project may be approved. */
  missing: string[];
  complete: boolean;
}

const groups: Record<ReviewCheckId, readonly string[]> = {
  identity: ["identity"],
  payout: ["payout"],
  risks: ["risks"],
  rewardsLawful: ["rewardsAttested"],
  equityDocuments: ["document.financials", "document.disclosure"],
  content: ["story", "cover", "tiers", "equityTerms"],
};

/**
 * The checklist for a reviewer: identity given, payout account given, risks stated, and by kind
 * either rewards lawful (the creator attested rewards are goods, services or media) or equity
 * documents present (financial statements and a disclosure document); plus the rest of what a
 * submission needs (story, cover, tiers or equity terms).
 */
export function reviewChecklist(facts: SubmissionFacts): ReviewChecklist {
  const missing = submissionChecklist(facts);
  const ids: ReviewCheckId[] = [
    "identity",
    "payout",
    "risks",
    facts.kind === "reward" ? "rewardsLawful" : "equityDocuments",
    "content",
  ];
  const items = ids.map((id) => {
    const open = missing.filter((m) => groups[id].includes(m));
    return { id, ok: open.length === 0, missing: open };
  });
  return { items, missing, complete: missing.length === 0 };
}

export type ReviewAction = "approve" | "requestChanges" | "reject";
export const reviewActions: readonly ReviewAction[] = ["approve", "requestChanges", "reject"];

/**
 * A reviewer's decision: the lifecycle's rules (state, a message for changes and rejections), and
 * on top of them, approval only with a complete checklist.
 */
export function decideReview(
  action: ReviewAction,
  facts: { state: ProjectState; message?: string; missing: readonly string[] },
): Decision {
  const decision = decide(action, "admin", { state: facts.state, message: facts.message });
  if (!decision.ok) return decision;
  if (action === "approve" && facts.missing.length > 0) {
    return { ok: false, reason: "decision.incomplete", params: { missing: [...facts.missing] } };
  }
  return decision;
}

/** Staff picks are for live campaigns; taking a pick away is always allowed (e.g. after the campaign ended). */
export function decideStaffPick(
  state: ProjectState,
  pick: boolean,
): { ok: true } | { ok: false; reason: string } {
  if (pick && state !== "live") return { ok: false, reason: "staffPick.notLive" };
  return { ok: true };
}

/**
 * Words in reward tiers that suggest a financial return (money, interest, shares), which reward
 * crowdfunding must never offer. A hint for the reviewer, not a verdict: returns the words found.
 */
const financialReturnWords = [
  /\b(?:dividends?|equity|profit[- ]shar\w*|revenue[- ]shar\w*|cash[- ]?back|interest rates?|(?:annual|yearly|monthly) interest|repayments?|return on (?:your )?investment|roi|stock options?)\b/giu,
  /\d+(?:\.\d+)?\s?%\s?(?:interest|returns?)\b/giu,
  /利息|分红|股权|股份|返现|年化|还本|利润分成|投资回报|回报率/gu,
];

export function financialReturnHints(texts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const pattern of financialReturnWords) {
      for (const match of text.matchAll(pattern)) found.add(match[0].toLowerCase());
    }
  }
  return [...found];
}
