import { expect } from "chai";
import {
  type Actor,
  availableActions,
  type Decision,
  deadlineFor,
  decide,
  isEditable,
  isPublic,
  type LifecycleFacts,
  type ProjectAction,
  type ProjectState,
  projectStates,
} from "../../server/domain/project-lifecycle.ts";
import { type SubmissionFacts, submissionChecklist } from "../../server/domain/project-rules.ts";

/*
 * The expected machine, written out by hand from the issue (not derived from the code under test):
 *   draft ─submit→ submitted ─approve→ approved ─launch→ live ─succeed→ succeeded | ─fail→ failed
 *   changes_requested ─submit→ submitted; submitted ─requestChanges→ changes_requested | ─reject→ rejected
 *   cancel from draft, submitted, changes_requested, approved, live.
 */
const ALLOWED: Record<string, ProjectState> = {
  "submit draft": "submitted",
  "submit changes_requested": "submitted",
  "requestChanges submitted": "changes_requested",
  "approve submitted": "approved",
  "reject submitted": "rejected",
  "launch approved": "live",
  "cancel draft": "cancelled",
  "cancel submitted": "cancelled",
  "cancel changes_requested": "cancelled",
  "cancel approved": "cancelled",
  "cancel live": "cancelled",
  "succeed live": "succeeded",
  "fail live": "failed",
};
const ACTOR: Record<ProjectAction, Actor> = {
  submit: "creator",
  requestChanges: "admin",
  approve: "admin",
  reject: "admin",
  launch: "creator",
  cancel: "creator",
  succeed: "system",
  fail: "system",
};
const ACTIONS = Object.keys(ACTOR) as ProjectAction[];
const ACTORS: Actor[] = ["creator", "admin", "system"];

const T0 = new Date("2026-03-01T00:00:00.000Z");
const DEADLINE = new Date("2026-03-31T00:00:00.000Z");

/** Facts under which every guard of the action passes. */
function passingFacts(action: ProjectAction, state: ProjectState): LifecycleFacts {
  switch (action) {
    case "submit":
      return { state, missingForSubmission: [] };
    case "requestChanges":
    case "reject":
      return { state, message: "Please add the risks." };
    case "succeed":
      return { state, now: DEADLINE, deadlineAt: DEADLINE, pledgedMinor: 100, goalMinor: 100 };
    case "fail":
      return { state, now: DEADLINE, deadlineAt: DEADLINE, pledgedMinor: 99, goalMinor: 100 };
    default:
      return { state };
  }
}

describe("project lifecycle", () => {
  it("knows the nine states", () => {
    expect([...projectStates].sort()).to.deep.equal(
      [
        "approved",
        "cancelled",
        "changes_requested",
        "draft",
        "failed",
        "live",
        "rejected",
        "submitted",
        "succeeded",
      ].sort(),
    );
  });

  describe("every state × action × actor", () => {
    for (const state of projectStates) {
      for (const action of ACTIONS) {
        for (const actor of ACTORS) {
          const to = ALLOWED[`${action} ${state}`];
          let expected: Decision;
          if (actor !== ACTOR[action]) expected = { ok: false, reason: "lifecycle.notYours" };
          else if (!to) expected = { ok: false, reason: "lifecycle.notAllowed", params: { action, state } };
          else expected = { ok: true, to };
          const label = expected.ok ? `→ ${expected.to}` : `refused (${expected.reason})`;
          it(`${actor} ${action} from ${state}: ${label}`, () => {
            expect(decide(action, actor, passingFacts(action, state))).to.deep.equal(expected);
          });
        }
      }
    }
  });

  describe("guards", () => {
    it("refuses to submit with an incomplete checklist and lists what is missing", () => {
      for (const state of ["draft", "changes_requested"] as const) {
        expect(
          decide("submit", "creator", { state, missingForSubmission: ["risks", "cover"] }),
        ).to.deep.equal({
          ok: false,
          reason: "lifecycle.incomplete",
          params: { missing: ["risks", "cover"] },
        });
      }
    });

    it("submits when nothing is missing (an absent list counts as complete)", () => {
      expect(decide("submit", "creator", { state: "draft" })).to.deep.equal({ ok: true, to: "submitted" });
    });

    it("checks the state before the checklist (a submitted project is not 'incomplete')", () => {
      expect(
        decide("submit", "creator", { state: "submitted", missingForSubmission: ["risks"] }),
      ).to.deep.include({ ok: false, reason: "lifecycle.notAllowed" });
    });

    for (const action of ["requestChanges", "reject"] as const) {
      it(`${action} needs a message; blank or whitespace is refused`, () => {
        for (const message of [undefined, "", "   \n\t"]) {
          expect(decide(action, "admin", { state: "submitted", message })).to.deep.equal({
            ok: false,
            reason: "lifecycle.messageRequired",
          });
        }
        expect(decide(action, "admin", { state: "submitted", message: "x" }).ok).to.equal(true);
      });
    }

    it("approve needs no message", () => {
      expect(decide("approve", "admin", { state: "submitted" })).to.deep.equal({ ok: true, to: "approved" });
    });

    for (const action of ["succeed", "fail"] as const) {
      it(`${action} is refused before the deadline, or without one`, () => {
        const base = { state: "live" as const, pledgedMinor: action === "succeed" ? 200 : 0, goalMinor: 100 };
        expect(
          decide(action, "system", { ...base, now: new Date(DEADLINE.getTime() - 1), deadlineAt: DEADLINE }),
        ).to.deep.equal({ ok: false, reason: "lifecycle.beforeDeadline" });
        expect(decide(action, "system", { ...base, now: DEADLINE, deadlineAt: null })).to.deep.equal({
          ok: false,
          reason: "lifecycle.beforeDeadline",
        });
        expect(decide(action, "system", { ...base, deadlineAt: DEADLINE })).to.deep.equal({
          ok: false,
          reason: "lifecycle.beforeDeadline",
        });
      });
    }

    it("succeed needs the goal reached (exactly the goal counts)", () => {
      const at = { state: "live" as const, now: DEADLINE, deadlineAt: DEADLINE, goalMinor: 100_00 };
      expect(decide("succeed", "system", { ...at, pledgedMinor: 99_99 })).to.deep.equal({
        ok: false,
        reason: "lifecycle.goalNotReached",
      });
      expect(decide("succeed", "system", { ...at, pledgedMinor: 100_00 })).to.deep.equal({
        ok: true,
        to: "succeeded",
      });
      expect(decide("succeed", "system", { ...at, pledgedMinor: 250_00 }).ok).to.equal(true);
    });

    it("fail needs the goal missed", () => {
      const at = { state: "live" as const, now: DEADLINE, deadlineAt: DEADLINE, goalMinor: 100_00 };
      expect(decide("fail", "system", { ...at, pledgedMinor: 100_00 })).to.deep.equal({
        ok: false,
        reason: "lifecycle.goalReached",
      });
      expect(decide("fail", "system", { ...at, pledgedMinor: 99_99 })).to.deep.equal({
        ok: true,
        to: "failed",
      });
      expect(decide("fail", "system", { ...at, pledgedMinor: 0 })).to.deep.equal({ ok: true, to: "failed" });
    });

    it("a missing goal never counts as reached", () => {
      const at = { state: "live" as const, now: DEADLINE, deadlineAt: DEADLINE, pledgedMinor: 1 };
      expect(decide("succeed", "system", at)).to.deep.include({
        ok: false,
        reason: "lifecycle.goalNotReached",
      });
    });
  });

  describe("availableActions", () => {
    for (const actor of ACTORS) {
      for (const state of projectStates) {
        const expected = ACTIONS.filter((a) => ACTOR[a] === actor && ALLOWED[`${a} ${state}`]);
        it(`${actor} in ${state}: [${expected.join(", ")}]`, () => {
          expect(availableActions(actor, state).sort()).to.deep.equal(expected.sort());
        });
      }
    }
  });

  it("is editable only as a draft or when changes are requested", () => {
    const editable = projectStates.filter(isEditable);
    expect(editable.sort()).to.deep.equal(["changes_requested", "draft"]);
  });

  it("is public only from launch on", () => {
    expect(projectStates.filter(isPublic).sort()).to.deep.equal(["failed", "live", "succeeded"]);
  });

  it("sets the deadline at launch plus the campaign length, in exact days", () => {
    expect(deadlineFor(T0, 30).toISOString()).to.equal("2026-03-31T00:00:00.000Z");
    expect(deadlineFor(T0, 1).toISOString()).to.equal("2026-03-02T00:00:00.000Z");
    expect(deadlineFor(new Date("2026-02-10T15:45:30.123Z"), 60).toISOString()).to.equal(
      "2026-04-11T15:45:30.123Z",
    );
  });
});

describe("submissionChecklist", () => {
  const completeReward: SubmissionFacts = {
    kind: "reward",
    hasIdentity: true,
    hasPayoutAccount: true,
    risksStated: true,
    storyWritten: true,
    hasCover: true,
    tierCount: 2,
    rewardsAttested: true,
    hasEquityTerms: false,
    documentKinds: [],
  };
  const completeEquity: SubmissionFacts = {
    ...completeReward,
    kind: "equity",
    tierCount: 0,
    rewardsAttested: false,
    hasEquityTerms: true,
    documentKinds: ["financials", "disclosure"],
  };

  it("is empty for a complete reward project and a complete equity project", () => {
    expect(submissionChecklist(completeReward)).to.deep.equal([]);
    expect(submissionChecklist(completeEquity)).to.deep.equal([]);
  });

  const common: [keyof SubmissionFacts, unknown, string][] = [
    ["hasIdentity", false, "identity"],
    ["hasPayoutAccount", false, "payout"],
    ["storyWritten", false, "story"],
    ["risksStated", false, "risks"],
    ["hasCover", false, "cover"],
  ];
  for (const [fact, value, item] of common) {
    it(`names "${item}" when ${fact} is ${String(value)} (both kinds)`, () => {
      expect(submissionChecklist({ ...completeReward, [fact]: value })).to.deep.equal([item]);
      expect(submissionChecklist({ ...completeEquity, [fact]: value })).to.deep.equal([item]);
    });
  }

  it("reward: needs a tier and the attestation; equity facts do not matter", () => {
    expect(submissionChecklist({ ...completeReward, tierCount: 0 })).to.deep.equal(["tiers"]);
    expect(submissionChecklist({ ...completeReward, rewardsAttested: false })).to.deep.equal([
      "rewardsAttested",
    ]);
    expect(
      submissionChecklist({ ...completeReward, hasEquityTerms: false, documentKinds: [] }),
    ).to.deep.equal([]);
  });

  it("equity: needs terms and both documents; tiers do not matter", () => {
    expect(submissionChecklist({ ...completeEquity, hasEquityTerms: false })).to.deep.equal(["equityTerms"]);
    expect(submissionChecklist({ ...completeEquity, documentKinds: ["financials"] })).to.deep.equal([
      "document.disclosure",
    ]);
    expect(submissionChecklist({ ...completeEquity, documentKinds: [] })).to.deep.equal([
      "document.financials",
      "document.disclosure",
    ]);
    expect(submissionChecklist({ ...completeEquity, tierCount: 0, rewardsAttested: false })).to.deep.equal(
      [],
    );
  });

  it("lists everything for an empty project, in a stable order", () => {
    const empty = {
      hasIdentity: false,
      hasPayoutAccount: false,
      risksStated: false,
      storyWritten: false,
      hasCover: false,
      tierCount: 0,
      rewardsAttested: false,
      hasEquityTerms: false,
      documentKinds: [],
    };
    expect(submissionChecklist({ kind: "reward", ...empty })).to.deep.equal([
      "identity",
      "payout",
      "story",
      "risks",
      "cover",
      "tiers",
      "rewardsAttested",
    ]);
    expect(submissionChecklist({ kind: "equity", ...empty })).to.deep.equal([
      "identity",
      "payout",
      "story",
      "risks",
      "cover",
      "equityTerms",
      "document.financials",
      "document.disclosure",
    ]);
  });
});
