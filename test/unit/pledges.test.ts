import { expect } from "chai";
import { decidePledge, isOpenForPledges, type PledgeFacts, unitsLeft } from "../../server/domain/pledges.ts";

const now = new Date("2026-03-01T00:00:00Z");
const base: PledgeFacts = {
  now,
  backerId: 2,
  project: {
    id: 10,
    creatorId: 1,
    state: "live",
    kind: "reward",
    deadlineAt: new Date("2026-03-31T00:00:00Z"),
    currency: "CNY",
  },
  tier: {
    projectId: 10,
    minimumMinor: 5000,
    quantityLimit: 5,
    quantityClaimed: 2,
    ships: true,
    shipping: [
      { region: "cn", feeMinor: 1000 },
      { region: "europe", feeMinor: 4000 },
    ],
  },
  holdsUnitOfTier: false,
  amountMinor: 5000,
  shipRegion: "cn",
};
const withTier = (tier: Partial<NonNullable<PledgeFacts["tier"]>>) => ({
  ...base,
  tier: { ...(base.tier as NonNullable<PledgeFacts["tier"]>), ...tier },
});

describe("pledge rules", () => {
  const cases: [string, PledgeFacts, string | { shippingMinor: number; totalMinor: number }][] = [
    ["the tier minimum, shipped to a region it ships to", base, { shippingMinor: 1000, totalMinor: 6000 }],
    [
      "more than the minimum; shipping is added",
      { ...base, amountMinor: 12345, shipRegion: "europe" },
      { shippingMinor: 4000, totalMinor: 16345 },
    ],
    ["one fen below the minimum", { ...base, amountMinor: 4999 }, "pledges.refused.belowMinimum"],
    [
      "no reward, any positive amount",
      { ...base, tier: null, amountMinor: 1, shipRegion: null },
      { shippingMinor: 0, totalMinor: 1 },
    ],
    ["zero", { ...base, tier: null, amountMinor: 0 }, "pledges.refused.amountPositive"],
    ["a negative amount", { ...base, tier: null, amountMinor: -100 }, "pledges.refused.amountPositive"],
    [
      "a fractional amount of minor units",
      { ...base, tier: null, amountMinor: 10.5 },
      "pledges.refused.amountPositive",
    ],
    ["a region the reward does not ship to", { ...base, shipRegion: "asia" }, "pledges.refused.noShipping"],
    ["no region for a shipped reward", { ...base, shipRegion: null }, "pledges.refused.noShipping"],
    [
      "a digital reward needs no region",
      { ...withTier({ ships: false, shipping: [] }), shipRegion: null },
      { shippingMinor: 0, totalMinor: 5000 },
    ],
    ["the last unit", withTier({ quantityClaimed: 4 }), { shippingMinor: 1000, totalMinor: 6000 }],
    ["a sold-out tier", withTier({ quantityClaimed: 5 }), "pledges.refused.soldOut"],
    [
      "a sold-out tier whose unit the backer already holds",
      { ...withTier({ quantityClaimed: 5 }), holdsUnitOfTier: true },
      { shippingMinor: 1000, totalMinor: 6000 },
    ],
    [
      "an unlimited tier",
      withTier({ quantityLimit: null, quantityClaimed: 900 }),
      { shippingMinor: 1000, totalMinor: 6000 },
    ],
    ["a tier of another project", withTier({ projectId: 11 }), "pledges.refused.tierElsewhere"],
    ["the creator's own project", { ...base, backerId: 1 }, "pledges.refused.ownProject"],
    [
      "an equity offering",
      { ...base, project: { ...base.project, kind: "equity" } },
      "pledges.refused.notReward",
    ],
    [
      "an approved project not yet launched",
      { ...base, project: { ...base.project, state: "approved" } },
      "pledges.refused.notLive",
    ],
    [
      "a live project at its deadline",
      { ...base, now: new Date("2026-03-31T00:00:00Z") },
      "pledges.refused.notLive",
    ],
    [
      "a live project one millisecond before its deadline",
      { ...base, now: new Date("2026-03-30T23:59:59.999Z") },
      { shippingMinor: 1000, totalMinor: 6000 },
    ],
  ];
  for (const [name, facts, expected] of cases) {
    it(name, () => {
      const decision = decidePledge(facts);
      if (typeof expected === "string") {
        expect(decision.ok).to.equal(false);
        expect(decision.ok === false && decision.reason).to.equal(expected);
      } else {
        expect(decision).to.deep.equal({ ok: true, ...expected });
      }
    });
  }

  it("counts units left of limited tiers only", () => {
    expect(unitsLeft({ quantityLimit: 5, quantityClaimed: 2 })).to.equal(3);
    expect(unitsLeft({ quantityLimit: 5, quantityClaimed: 5 })).to.equal(0);
    expect(unitsLeft({ quantityLimit: null, quantityClaimed: 7 })).to.equal(null);
  });

  it("is open only while live and before the deadline", () => {
    expect(isOpenForPledges(base.project, now)).to.equal(true);
    expect(isOpenForPledges({ ...base.project, deadlineAt: null }, now)).to.equal(false);
    expect(isOpenForPledges({ ...base.project, state: "succeeded" }, now)).to.equal(false);
  });
});
