import { expect } from "chai";
import { type ProjectState, projectStates } from "../../server/domain/project-lifecycle.ts";
import type { SubmissionFacts } from "../../server/domain/project-rules.ts";
import {
  decideReview,
  decideStaffPick,
  financialReturnHints,
  type ReviewAction,
  reviewChecklist,
} from "../../server/domain/review-checklist.ts";

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

const status = (facts: SubmissionFacts) =>
  Object.fromEntries(reviewChecklist(facts).items.map((i) => [i.id, i.ok ? "ok" : i.missing.join("+")]));

describe("review checklist", () => {
  it("is complete for a reward project with everything given", () => {
    const list = reviewChecklist(completeReward);
    expect(list.complete).to.equal(true);
    expect(list.missing).to.deep.equal([]);
    expect(status(completeReward)).to.deep.equal({
      identity: "ok",
      payout: "ok",
      risks: "ok",
      rewardsLawful: "ok",
      content: "ok",
    });
  });

  it("is complete for an equity project with terms and both documents", () => {
    expect(reviewChecklist(completeEquity).complete).to.equal(true);
    expect(status(completeEquity)).to.deep.equal({
      identity: "ok",
      payout: "ok",
      risks: "ok",
      equityDocuments: "ok",
      content: "ok",
    });
  });

  // One fact missing at a time: the item it belongs to, and nothing else, is open.
  const table: [string, SubmissionFacts, string, string][] = [
    ["no identity", { ...completeReward, hasIdentity: false }, "identity", "identity"],
    ["no payout account", { ...completeReward, hasPayoutAccount: false }, "payout", "payout"],
    ["no risks", { ...completeReward, risksStated: false }, "risks", "risks"],
    [
      "rewards not attested",
      { ...completeReward, rewardsAttested: false },
      "rewardsLawful",
      "rewardsAttested",
    ],
    ["no tiers", { ...completeReward, tierCount: 0 }, "content", "tiers"],
    ["no cover", { ...completeReward, hasCover: false }, "content", "cover"],
    ["no story", { ...completeReward, storyWritten: false }, "content", "story"],
    [
      "no financial statements",
      { ...completeEquity, documentKinds: ["disclosure"] },
      "equityDocuments",
      "document.financials",
    ],
    [
      "no disclosure",
      { ...completeEquity, documentKinds: ["financials"] },
      "equityDocuments",
      "document.disclosure",
    ],
    ["no equity terms", { ...completeEquity, hasEquityTerms: false }, "content", "equityTerms"],
  ];
  for (const [name, facts, item, missing] of table) {
    it(`${facts.kind}, ${name}: only "${item}" is open, missing ${missing}`, () => {
      const list = reviewChecklist(facts);
      expect(list.complete).to.equal(false);
      expect(list.missing).to.deep.equal([missing]);
      const open = list.items.filter((i) => !i.ok);
      expect(open.map((i) => [i.id, i.missing])).to.deep.equal([[item, [missing]]]);
    });
  }

  it("lists both equity documents under one item when neither is there", () => {
    const list = reviewChecklist({ ...completeEquity, documentKinds: [] });
    expect(list.items.find((i) => i.id === "equityDocuments")?.missing).to.deep.equal([
      "document.financials",
      "document.disclosure",
    ]);
  });

  it("does not ask an equity project for reward tiers or the reward attestation, nor a reward project for documents", () => {
    expect(reviewChecklist({ ...completeEquity, tierCount: 0, rewardsAttested: false }).complete).to.equal(
      true,
    );
    expect(
      reviewChecklist({ ...completeReward, documentKinds: [], hasEquityTerms: false }).complete,
    ).to.equal(true);
    expect(reviewChecklist(completeEquity).items.map((i) => i.id)).not.to.include("rewardsLawful");
    expect(reviewChecklist(completeReward).items.map((i) => i.id)).not.to.include("equityDocuments");
  });

  it("puts every missing entry of the submission checklist under some item", () => {
    const nothing: SubmissionFacts = {
      kind: "reward",
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
    for (const facts of [nothing, { ...nothing, kind: "equity" as const }]) {
      const list = reviewChecklist(facts);
      const grouped = list.items.flatMap((i) => i.missing).sort();
      expect(grouped).to.deep.equal([...list.missing].sort());
      expect(list.items.every((i) => !i.ok)).to.equal(true);
    }
  });
});

describe("review decisions", () => {
  const none: string[] = [];

  it("approves a submitted project with a complete checklist, with or without a note", () => {
    expect(decideReview("approve", { state: "submitted", missing: none })).to.deep.equal({
      ok: true,
      to: "approved",
    });
    expect(decideReview("approve", { state: "submitted", message: "Nice", missing: none })).to.deep.equal({
      ok: true,
      to: "approved",
    });
  });

  it("refuses to approve while the checklist is incomplete, naming what is missing", () => {
    expect(decideReview("approve", { state: "submitted", missing: ["cover", "risks"] })).to.deep.equal({
      ok: false,
      reason: "decision.incomplete",
      params: { missing: ["cover", "risks"] },
    });
  });

  it("requests changes and rejects only with a message", () => {
    for (const [action, to] of [
      ["requestChanges", "changes_requested"],
      ["reject", "rejected"],
    ] as const) {
      expect(
        decideReview(action, { state: "submitted", message: "Please fix", missing: none }),
      ).to.deep.equal({
        ok: true,
        to,
      });
      for (const message of [undefined, "", "   \n\t "]) {
        expect(decideReview(action, { state: "submitted", message, missing: none })).to.deep.equal({
          ok: false,
          reason: "lifecycle.messageRequired",
        });
      }
    }
  });

  it("lets the reviewer send back or reject an incomplete project (only approval needs the checklist)", () => {
    expect(
      decideReview("requestChanges", { state: "submitted", message: "Add a cover", missing: ["cover"] }).ok,
    ).to.equal(true);
    expect(
      decideReview("reject", { state: "submitted", message: "Not allowed", missing: ["cover"] }).ok,
    ).to.equal(true);
  });

  const actions: ReviewAction[] = ["approve", "requestChanges", "reject"];
  for (const state of projectStates.filter((s) => s !== "submitted")) {
    it(`refuses every decision on a ${state} project with the lifecycle's reason`, () => {
      for (const action of actions) {
        expect(decideReview(action, { state, message: "text", missing: none })).to.deep.equal({
          ok: false,
          reason: "lifecycle.notAllowed",
          params: { action, state },
        });
      }
    });
  }

  it("checks the state before the checklist (a decided project is refused as decided, not as incomplete)", () => {
    const d = decideReview("approve", { state: "approved", missing: ["cover"] });
    expect(d.ok === false && d.reason).to.equal("lifecycle.notAllowed");
  });
});

describe("staff picks", () => {
  for (const state of projectStates) {
    const expected = state === "live";
    it(`${expected ? "allows" : "refuses"} marking a ${state} project, and always allows unmarking`, () => {
      expect(decideStaffPick(state as ProjectState, true)).to.deep.equal(
        expected ? { ok: true } : { ok: false, reason: "staffPick.notLive" },
      );
      expect(decideStaffPick(state as ProjectState, false)).to.deep.equal({ ok: true });
    });
  }
});

describe("financial return hints in reward tiers", () => {
  const table: [string, string[]][] = [
    ["A signed print and a thank-you card", []],
    ["Share the story with your friends; interest in our work keeps us going", []],
    ["Get 10% annual interest on your pledge", ["annual interest"]],
    ["Earn 8% return after one year", ["8% return"]],
    ["Quarterly dividends for every backer", ["dividends"]],
    ["A slice of equity in the company", ["equity"]],
    ["Profit-sharing with early backers and cashback", ["profit-sharing", "cashback"]],
    ["年化收益 12%，按季度分红", ["年化", "分红"]],
    ["支持 500 元即可获得公司股份", ["股份"]],
    ["一套手工茶具和感谢卡", []],
    ["回报：限量版唱片", []],
  ];
  for (const [text, words] of table) {
    it(`${JSON.stringify(text)} -> ${JSON.stringify(words)}`, () => {
      expect(financialReturnHints([text])).to.deep.equal(words);
    });
  }

  it("reports each word once across all tiers, in lower case", () => {
    expect(financialReturnHints(["DIVIDENDS", "dividends", "Dividends paid"])).to.deep.equal(["dividends"]);
  });
});
