/**
 * The project lifecycle as an explicit state machine with guards.
 *
 *   draft ─submit→ submitted ─approve→ approved ─launch→ live ─succeed→ succeeded
 *     ↑               │ └─reject→ rejected                  └─fail→ failed
 *     └─(edit)── changes_requested ←requestChanges┘
 *   cancel: from draft, submitted, changes_requested, approved or live → cancelled
 *
 * Every decision returns a reason key (i18n) when refused, so the user is told why.
 */
export const projectStates = [
  "draft",
  "submitted",
  "changes_requested",
  "approved",
  "live",
  "succeeded",
  "failed",
  "rejected",
  "cancelled",
] as const;
export type ProjectState = (typeof projectStates)[number];

export type ProjectAction =
  | "submit"
  | "requestChanges"
  | "approve"
  | "reject"
  | "launch"
  | "cancel"
  | "succeed"
  | "fail";
export type Actor = "creator" | "admin" | "system";

interface Transition {
  from: readonly ProjectState[];
  to: ProjectState;
  by: Actor;
}

export const transitions: Record<ProjectAction, Transition> = {
  submit: { from: ["draft", "changes_requested"], to: "submitted", by: "creator" },
  requestChanges: { from: ["submitted"], to: "changes_requested", by: "admin" },
  approve: { from: ["submitted"], to: "approved", by: "admin" },
  reject: { from: ["submitted"], to: "rejected", by: "admin" },
  launch: { from: ["approved"], to: "live", by: "creator" },
  cancel: {
    from: ["draft", "submitted", "changes_requested", "approved", "live"],
    to: "cancelled",
    by: "creator",
  },
  succeed: { from: ["live"], to: "succeeded", by: "system" },
  fail: { from: ["live"], to: "failed", by: "system" },
};

/** Facts the guards look at. */
export interface LifecycleFacts {
  state: ProjectState;
  /** Items of the submission checklist that are not yet satisfied (see submissionChecklist). */
  missingForSubmission?: readonly string[];
  /** For review decisions that need one: the reviewer's message or reason. */
  message?: string;
  now?: Date;
  deadlineAt?: Date | null;
  pledgedMinor?: number;
  goalMinor?: number;
}

export type Decision =
  | { ok: true; to: ProjectState }
  | { ok: false; reason: string; params?: Record<string, unknown> };

export function decide(action: ProjectAction, actor: Actor, facts: LifecycleFacts): Decision {
  const transition = transitions[action];
  if (actor !== transition.by) return { ok: false, reason: "lifecycle.notYours" };
  if (!transition.from.includes(facts.state)) {
    return { ok: false, reason: "lifecycle.notAllowed", params: { action, state: facts.state } };
  }
  switch (action) {
    case "submit":
      if (facts.missingForSubmission?.length) {
        return { ok: false, reason: "lifecycle.incomplete", params: { missing: facts.missingForSubmission } };
      }
      break;
    case "requestChanges":
    case "reject":
      if (!facts.message?.trim()) return { ok: false, reason: "lifecycle.messageRequired" };
      break;
    case "succeed":
    case "fail": {
      if (!facts.now || !facts.deadlineAt || facts.now < facts.deadlineAt)
        return { ok: false, reason: "lifecycle.beforeDeadline" };
      const reached = (facts.pledgedMinor ?? 0) >= (facts.goalMinor ?? Number.POSITIVE_INFINITY);
      if (action === "succeed" && !reached) return { ok: false, reason: "lifecycle.goalNotReached" };
      if (action === "fail" && reached) return { ok: false, reason: "lifecycle.goalReached" };
      break;
    }
  }
  return { ok: true, to: transition.to };
}

/** What the actor may do now, for showing only the buttons that will work. */
export function availableActions(actor: Actor, state: ProjectState): ProjectAction[] {
  return (Object.keys(transitions) as ProjectAction[]).filter(
    (a) => transitions[a].by === actor && transitions[a].from.includes(state),
  );
}

/** States in which the creator may edit the project's content. */
export function isEditable(state: ProjectState): boolean {
  return state === "draft" || state === "changes_requested";
}

/** The public can see a project from launch on; before that only its creator and admins can. */
export function isPublic(state: ProjectState): boolean {
  return state === "live" || state === "succeeded" || state === "failed";
}

/** The deadline is fixed at launch: launch time plus the campaign length. */
export function deadlineFor(launchedAt: Date, durationDays: number): Date {
  return new Date(launchedAt.getTime() + durationDays * 24 * 3600 * 1000);
}
