import { expect } from "chai";
import fc from "fast-check";
import {
  allocateShares,
  largestRemainder,
  type ShareCommitment,
} from "../../server/domain/settlement/allocation.ts";

/** The type of the values an arbitrary generates. */
type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** |part − total × w / W| < 1, checked exactly with BigInt: |part × W − total × w| < W. */
function withinOneOfExact(part: number, total: number, weight: number, weightSum: number): boolean {
  const diff = BigInt(part) * BigInt(weightSum) - BigInt(total) * BigInt(weight);
  return (diff < 0n ? -diff : diff) < BigInt(weightSum);
}

describe("settlement: largestRemainder", () => {
  it("splits by hand-worked examples", () => {
    expect(largestRemainder(100, [1, 1, 1])).to.deep.equal([34, 33, 33]);
    expect(largestRemainder(10, [1, 1, 1])).to.deep.equal([4, 3, 3]);
    expect(largestRemainder(2, [1, 1, 1])).to.deep.equal([1, 1, 0]);
    // 3 by 2:1:1 → exact 1.5, 0.75, 0.75 → floors 1, 0, 0; the two 0.75 remainders win the 2 left over.
    expect(largestRemainder(3, [2, 1, 1])).to.deep.equal([1, 1, 1]);
    // 725 by 10000:2500:1999 → 500.03, 125.01, 99.96 → the last one gets the leftover cent.
    expect(largestRemainder(725, [10_000, 2_500, 1_999])).to.deep.equal([500, 125, 100]);
  });

  it("breaks ties by the lower index", () => {
    expect(largestRemainder(1, [1, 1])).to.deep.equal([1, 0]);
    expect(largestRemainder(2, [1, 1, 1, 1])).to.deep.equal([1, 1, 0, 0]);
    expect(largestRemainder(1, [3, 0, 3])).to.deep.equal([1, 0, 0]);
  });

  it("handles zero weights, a zero total, one weight and no weights", () => {
    expect(largestRemainder(5, [0, 3, 0])).to.deep.equal([0, 5, 0]);
    expect(largestRemainder(0, [1, 2, 3])).to.deep.equal([0, 0, 0]);
    expect(largestRemainder(0, [0, 0])).to.deep.equal([0, 0]);
    expect(largestRemainder(12_345, [7])).to.deep.equal([12_345]);
    expect(largestRemainder(0, [])).to.deep.equal([]);
  });

  it("refuses what cannot be split and anything that is not a safe non-negative integer", () => {
    expect(() => largestRemainder(5, [])).to.throw(RangeError);
    expect(() => largestRemainder(7, [0, 0])).to.throw(RangeError);
    expect(() => largestRemainder(-1, [1])).to.throw(RangeError);
    expect(() => largestRemainder(1.5, [1])).to.throw(RangeError);
    expect(() => largestRemainder(10, [1, 0.5])).to.throw(RangeError);
    expect(() => largestRemainder(10, [1, -1])).to.throw(RangeError);
    expect(() => largestRemainder(10, [Number.NaN])).to.throw(RangeError);
    expect(() => largestRemainder(2 ** 53, [1])).to.throw(RangeError);
  });

  it("is exact with large amounts (no float rounding)", () => {
    const total = 999_999_999_999;
    const weights = [Number.MAX_SAFE_INTEGER, 3, 0, Number.MAX_SAFE_INTEGER - 2];
    const parts = largestRemainder(total, weights);
    expect(sum(parts)).to.equal(total);
    const W = weights.reduce((a, b) => a + BigInt(b), 0n);
    expect(parts[2]).to.equal(0);
    parts.forEach((p, i) => {
      const diff = BigInt(p) * W - BigInt(total) * BigInt(weights[i] ?? 0);
      expect(diff < W && diff > -W).to.equal(true);
    });
  });

  const splitInput = fc.record({
    total: fc.integer({ min: 0, max: 1_000_000_000_000 }),
    weights: fc.array(fc.integer({ min: 0, max: 1_000_000_000_000 }), { minLength: 1, maxLength: 40 }),
  });

  it("property: the parts sum to the total, each within 1 of its exact share, zero weight → 0", () => {
    fc.assert(
      fc.property(splitInput, ({ total, weights }) => {
        const W = sum(weights);
        fc.pre(W > 0 && Number.isSafeInteger(W));
        const parts = largestRemainder(total, weights);
        expect(parts).to.have.length(weights.length);
        expect(sum(parts)).to.equal(total);
        parts.forEach((p, i) => {
          const w = weights[i] ?? 0;
          expect(Number.isSafeInteger(p) && p >= 0).to.equal(true);
          expect(withinOneOfExact(p, total, w, W)).to.equal(true);
          if (w === 0) expect(p).to.equal(0);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("property: deterministic, and a larger weight never gets a smaller part", () => {
    fc.assert(
      fc.property(splitInput, ({ total, weights }) => {
        fc.pre(sum(weights) > 0);
        const parts = largestRemainder(total, weights);
        expect(largestRemainder(total, [...weights])).to.deep.equal(parts);
        for (let i = 0; i < weights.length; i++) {
          for (let j = 0; j < weights.length; j++) {
            if ((weights[i] ?? 0) > (weights[j] ?? 0)) expect(parts[i]).to.be.at.least(parts[j] ?? 0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("property: equals a BigInt reference implementation, also when Σweights exceeds 2^53", () => {
    const reference = (total: number, weights: number[]) => {
      const W = weights.reduce((a, b) => a + BigInt(b), 0n);
      const exact = weights.map((w, i) => ({
        i,
        q: (BigInt(total) * BigInt(w)) / W,
        r: (BigInt(total) * BigInt(w)) % W,
      }));
      const parts = exact.map((e) => e.q);
      let left = BigInt(total) - parts.reduce((a, b) => a + b, 0n);
      for (const e of [...exact].sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))) {
        if (left === 0n) break;
        parts[e.i] = (parts[e.i] ?? 0n) + 1n;
        left -= 1n;
      }
      return parts.map(Number);
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), {
          minLength: 1,
          maxLength: 20,
        }),
        (total, weights) => {
          fc.pre(weights.some((w) => w > 0));
          expect(largestRemainder(total, weights)).to.deep.equal(reference(total, weights));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("property: small totals over many equal weights go to the lowest indexes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 1000 }), (n, w) => {
        const total = n - 1;
        const parts = largestRemainder(total, Array(n).fill(w));
        expect(parts).to.deep.equal([...Array(total).fill(1), 0]);
      }),
    );
  });
});

const t = (minute: number) => new Date(Date.UTC(2026, 4, 1, 12, minute));
const c = (id: number, shares: number, minute: number, price = 1000): ShareCommitment => ({
  id,
  investorId: 100 + id,
  shares,
  pricePerShareMinor: price,
  committedAt: t(minute),
});

describe("settlement: allocateShares", () => {
  // 10 whole shares fit under a maximum raise of 10,500 at 1,000 a share; 14 are asked for.
  const oversubscribed = [c(1, 4, 1), c(2, 5, 2), c(3, 3, 3), c(4, 2, 4)];

  it("gives everyone what they asked when within the maximum raise (both rules)", () => {
    for (const rule of ["first_come", "pro_rata"] as const) {
      const r = allocateShares({
        rule,
        maxRaiseMinor: 14_000,
        pricePerShareMinor: 1000,
        commitments: oversubscribed,
      });
      expect(r.oversubscribed).to.equal(false);
      expect(r.availableShares).to.equal(14);
      expect(r.allocations.map((a) => a.allocatedShares)).to.deep.equal([4, 5, 3, 2]);
      expect(r.allocations.every((a) => a.excessShares === 0 && a.excessMinor === 0)).to.equal(true);
      expect(r.allocatedMinor).to.equal(14_000);
    }
  });

  it("first come: fills in commitment order; the one crossing the line gets what fits, later ones 0", () => {
    const r = allocateShares({
      rule: "first_come",
      maxRaiseMinor: 10_500,
      pricePerShareMinor: 1000,
      commitments: oversubscribed,
    });
    expect(r).to.include({
      availableShares: 10,
      requestedShares: 14,
      allocatedShares: 10,
      allocatedMinor: 10_000,
    });
    expect(r.oversubscribed).to.equal(true);
    expect(r.allocations).to.deep.equal([
      {
        id: 1,
        investorId: 101,
        requestedShares: 4,
        allocatedShares: 4,
        excessShares: 0,
        amountMinor: 4000,
        excessMinor: 0,
      },
      {
        id: 2,
        investorId: 102,
        requestedShares: 5,
        allocatedShares: 5,
        excessShares: 0,
        amountMinor: 5000,
        excessMinor: 0,
      },
      {
        id: 3,
        investorId: 103,
        requestedShares: 3,
        allocatedShares: 1,
        excessShares: 2,
        amountMinor: 1000,
        excessMinor: 2000,
      },
      {
        id: 4,
        investorId: 104,
        requestedShares: 2,
        allocatedShares: 0,
        excessShares: 2,
        amountMinor: 0,
        excessMinor: 2000,
      },
    ]);
  });

  it("first come: the order is committedAt, then id — not the order given", () => {
    const given = [c(9, 5, 3), c(7, 5, 1), c(8, 5, 1)];
    const r = allocateShares({
      rule: "first_come",
      maxRaiseMinor: 12_000,
      pricePerShareMinor: 1000,
      commitments: given,
    });
    // 7 and 8 tie at minute 1: 7 first; then 8; then 9 gets the 2 left. Results stay in the given order.
    expect(r.allocations.map((a) => [a.id, a.allocatedShares])).to.deep.equal([
      [9, 2],
      [7, 5],
      [8, 5],
    ]);
  });

  it("pro rata: floor of the exact share, leftovers by largest remainder", () => {
    const r = allocateShares({
      rule: "pro_rata",
      maxRaiseMinor: 10_500,
      pricePerShareMinor: 1000,
      commitments: oversubscribed,
    });
    // exact: 40/14 = 2.857, 50/14 = 3.571, 30/14 = 2.143, 20/14 = 1.429 → floors 2, 3, 2, 1 (8);
    // the 2 left go to the largest remainders: commitment 1 (.857) and 2 (.571).
    expect(r.allocations.map((a) => a.allocatedShares)).to.deep.equal([3, 4, 2, 1]);
    expect(r.allocations.map((a) => a.excessShares)).to.deep.equal([1, 1, 1, 1]);
    expect(r.allocations.map((a) => a.amountMinor)).to.deep.equal([3000, 4000, 2000, 1000]);
    expect(r.allocatedShares).to.equal(10);
  });

  it("pro rata: a tie goes to the earlier commitment whatever the input order", () => {
    const r = allocateShares({
      rule: "pro_rata",
      maxRaiseMinor: 1000,
      pricePerShareMinor: 1000,
      commitments: [c(2, 1, 5), c(1, 1, 6)],
    });
    expect(r.allocations.map((a) => [a.id, a.allocatedShares])).to.deep.equal([
      [2, 1],
      [1, 0],
    ]);
  });

  it("boundaries: a maximum raise below one share, not a multiple of the price, exactly full, no commitments", () => {
    const none = allocateShares({
      rule: "pro_rata",
      maxRaiseMinor: 999,
      pricePerShareMinor: 1000,
      commitments: [c(1, 3, 1)],
    });
    expect(none.availableShares).to.equal(0);
    expect(none.allocations[0]).to.include({
      allocatedShares: 0,
      excessShares: 3,
      amountMinor: 0,
      excessMinor: 3000,
    });
    const floor = allocateShares({
      rule: "first_come",
      maxRaiseMinor: 2999,
      pricePerShareMinor: 1000,
      commitments: [c(1, 3, 1)],
    });
    expect(floor.allocations[0]?.allocatedShares).to.equal(2);
    const full = allocateShares({
      rule: "first_come",
      maxRaiseMinor: 3000,
      pricePerShareMinor: 1000,
      commitments: [c(1, 3, 1)],
    });
    expect(full.oversubscribed).to.equal(false);
    expect(full.allocations[0]?.allocatedShares).to.equal(3);
    const empty = allocateShares({
      rule: "pro_rata",
      maxRaiseMinor: 3000,
      pricePerShareMinor: 1000,
      commitments: [],
    });
    expect(empty).to.deep.include({
      requestedShares: 0,
      allocatedShares: 0,
      allocatedMinor: 0,
      allocations: [],
    });
  });

  it("refuses bad input", () => {
    const base = { rule: "first_come" as const, maxRaiseMinor: 10_000, pricePerShareMinor: 1000 };
    expect(() => allocateShares({ ...base, commitments: [c(1, 0, 1)] })).to.throw(RangeError);
    expect(() => allocateShares({ ...base, commitments: [c(1, 1.5, 1)] })).to.throw(RangeError);
    expect(() => allocateShares({ ...base, commitments: [c(1, 1, 1, 999)] })).to.throw(RangeError);
    expect(() => allocateShares({ ...base, commitments: [c(1, 1, 1), c(1, 2, 2)] })).to.throw(RangeError);
    expect(() => allocateShares({ ...base, pricePerShareMinor: 0, commitments: [] })).to.throw(RangeError);
    expect(() => allocateShares({ ...base, maxRaiseMinor: -1, commitments: [] })).to.throw(RangeError);
    expect(() =>
      allocateShares({ ...base, rule: "lottery" as unknown as "pro_rata", commitments: [] }),
    ).to.throw(RangeError);
  });

  const offering = fc.record({
    rule: fc.constantFrom("first_come" as const, "pro_rata" as const),
    price: fc.integer({ min: 1, max: 100_000 }),
    maxRaiseMinor: fc.integer({ min: 0, max: 50_000_000 }),
    commitments: fc.uniqueArray(
      fc.record({
        id: fc.integer({ min: 1, max: 10_000 }),
        shares: fc.integer({ min: 1, max: 5_000 }),
        minute: fc.integer({ min: 0, max: 30 }),
      }),
      { selector: (x) => x.id, maxLength: 30 },
    ),
  });
  const build = (o: Of<typeof offering>) =>
    allocateShares({
      rule: o.rule,
      maxRaiseMinor: o.maxRaiseMinor,
      pricePerShareMinor: o.price,
      commitments: o.commitments.map((x) => c(x.id, x.shares, x.minute, o.price)),
    });

  it("property: total = min(requested, available) ≤ available, each ≤ requested, amounts exact", () => {
    fc.assert(
      fc.property(offering, (o) => {
        const r = build(o);
        const requested = sum(o.commitments.map((x) => x.shares));
        const available = Number(BigInt(o.maxRaiseMinor) / BigInt(o.price)); // integer division
        expect(r.availableShares).to.equal(available);
        expect(r.allocatedShares).to.equal(Math.min(requested, available));
        expect(r.allocatedShares).to.be.at.most(available);
        expect(sum(r.allocations.map((a) => a.allocatedShares))).to.equal(r.allocatedShares);
        expect(r.allocatedMinor).to.equal(r.allocatedShares * o.price);
        expect(r.allocatedMinor).to.be.at.most(Math.max(o.maxRaiseMinor, 0));
        r.allocations.forEach((a, i) => {
          expect(a.id).to.equal(o.commitments[i]?.id);
          expect(a.allocatedShares).to.be.within(0, a.requestedShares);
          expect(a.allocatedShares + a.excessShares).to.equal(a.requestedShares);
          expect(a.amountMinor).to.equal(a.allocatedShares * o.price);
          expect(a.excessMinor).to.equal(a.excessShares * o.price);
          expect(Number.isSafeInteger(a.amountMinor)).to.equal(true);
        });
      }),
      { numRuns: 400 },
    );
  });

  it("property: pro rata allocations are within 1 share of the exact proportion", () => {
    fc.assert(
      fc.property(offering, (o) => {
        const r = build({ ...o, rule: "pro_rata" });
        if (!r.oversubscribed) return;
        for (const a of r.allocations) {
          expect(
            withinOneOfExact(a.allocatedShares, r.availableShares, a.requestedShares, r.requestedShares),
          ).to.equal(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("property: first come fills a prefix in commitment order, with at most one partial", () => {
    fc.assert(
      fc.property(offering, (o) => {
        const r = build({ ...o, rule: "first_come" });
        const ordered = [...o.commitments].sort((a, b) => a.minute - b.minute || a.id - b.id);
        const byId = new Map(r.allocations.map((a) => [a.id, a]));
        let phase: "full" | "after" = "full";
        for (const x of ordered) {
          const a = byId.get(x.id);
          if (!a) throw new Error("missing allocation");
          if (phase === "full" && a.allocatedShares < a.requestedShares) phase = "after";
          else if (phase === "after") expect(a.allocatedShares).to.equal(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("property: deterministic whatever the input order", () => {
    fc.assert(
      fc.property(offering, (o) => {
        const shuffled = [...o.commitments].reverse();
        const a = build(o);
        const b = build({ ...o, commitments: shuffled });
        const byId = (r: ReturnType<typeof build>) =>
          Object.fromEntries(r.allocations.map((x) => [x.id, x.allocatedShares]));
        expect(byId(b)).to.deep.equal(byId(a));
      }),
      { numRuns: 300 },
    );
  });
});
