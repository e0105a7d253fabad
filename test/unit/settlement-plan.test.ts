import { expect } from "chai";
import fc from "fast-check";
import {
  type CampaignAtDeadline,
  type CommitmentAtDeadline,
  chargeIdempotencyKey,
  type EquityOffering,
  initialReportLines,
  isWindowOver,
  nextRetryAt,
  type PledgeAtDeadline,
  planEquitySettlement,
  planRewardSettlement,
  type ReportLine,
  retryOffsetsDays,
  retryWindowEndsAt,
  settlementReport,
} from "../../server/domain/settlement/plan.ts";

const DAY = 24 * 3600 * 1000;
const deadline = new Date("2026-05-01T00:00:00Z");
const after = new Date(deadline.getTime() + 60_000);
const reward: CampaignAtDeadline = {
  id: 10,
  kind: "reward",
  state: "live",
  goalMinor: 10_000,
  currency: "USD",
  deadlineAt: deadline,
};
const p = (
  id: number,
  totalMinor: number,
  status: PledgeAtDeadline["status"] = "active",
): PledgeAtDeadline => ({
  id,
  totalMinor,
  status,
});

describe("settlement: plan", () => {
  describe("reward", () => {
    it("succeeds when active pledges reach the goal and charges each active pledge once, attempt 1", () => {
      const plan = planRewardSettlement(reward, [p(1, 6000), p(2, 5000, "cancelled"), p(3, 4000)], after);
      expect(plan).to.deep.equal({
        ok: true,
        campaignId: 10,
        outcome: "succeeded",
        currency: "USD",
        goalMinor: 10_000,
        pledgedMinor: 10_000,
        countedMinor: 10_000,
        charges: [
          {
            kind: "pledge",
            id: 1,
            pledgedMinor: 6000,
            amountMinor: 6000,
            currency: "USD",
            attempt: 1,
            idempotencyKey: "pledge-1-attempt-1",
          },
          {
            kind: "pledge",
            id: 3,
            pledgedMinor: 4000,
            amountMinor: 4000,
            currency: "USD",
            attempt: 1,
            idempotencyKey: "pledge-3-attempt-1",
          },
        ],
        releases: [],
        allocation: null,
      });
    });

    it("fails one cent short of the goal: nobody is charged, every active pledge is released", () => {
      const plan = planRewardSettlement(reward, [p(1, 6000), p(2, 5000, "cancelled"), p(3, 3999)], after);
      if (!plan.ok) throw new Error("expected a plan");
      expect(plan.outcome).to.equal("failed");
      expect(plan.charges).to.deep.equal([]);
      expect(plan.releases).to.deep.equal([
        { kind: "pledge", id: 1, pledgedMinor: 6000, reason: "campaign_failed" },
        { kind: "pledge", id: 3, pledgedMinor: 3999, reason: "campaign_failed" },
      ]);
    });

    it("fails with no pledges at all", () => {
      const plan = planRewardSettlement(reward, [], after);
      expect(plan).to.include({ ok: true, outcome: "failed", pledgedMinor: 0 });
    });

    it("is refused before the deadline and unless the campaign is live; allowed at the deadline exactly", () => {
      const early = planRewardSettlement(reward, [p(1, 10_000)], new Date(deadline.getTime() - 1));
      expect(early).to.deep.equal({ ok: false, reason: "lifecycle.beforeDeadline" });
      const settled = planRewardSettlement({ ...reward, state: "succeeded" }, [p(1, 10_000)], after);
      expect(settled).to.include({ ok: false, reason: "lifecycle.notAllowed" });
      expect(planRewardSettlement(reward, [p(1, 10_000)], deadline)).to.include({
        ok: true,
        outcome: "succeeded",
      });
    });

    it("refuses malformed input", () => {
      expect(() => planRewardSettlement({ ...reward, kind: "equity" }, [], after)).to.throw(RangeError);
      expect(() => planRewardSettlement(reward, [p(1, 0)], after)).to.throw(RangeError);
      expect(() => planRewardSettlement(reward, [p(1, 10.5)], after)).to.throw(RangeError);
      expect(() => planRewardSettlement(reward, [p(1, 5), p(1, 6)], after)).to.throw(RangeError);
    });

    it("property: outcome ⇔ Σ active ≥ goal; charges xor releases cover exactly the active pledges", () => {
      const pledges = fc.uniqueArray(
        fc.record({
          id: fc.integer({ min: 1, max: 1_000_000 }),
          totalMinor: fc.integer({ min: 1, max: 10_000_000 }),
          status: fc.constantFrom("active" as const, "cancelled" as const),
        }),
        { selector: (x) => x.id, maxLength: 50 },
      );
      fc.assert(
        fc.property(pledges, fc.integer({ min: 1, max: 100_000_000 }), (ps, goal) => {
          const plan = planRewardSettlement({ ...reward, goalMinor: goal }, ps, after);
          if (!plan.ok) throw new Error(plan.reason);
          const active = ps.filter((x) => x.status === "active");
          const total = active.reduce((s, x) => s + x.totalMinor, 0);
          expect(plan.outcome).to.equal(total >= goal ? "succeeded" : "failed");
          const listed = plan.outcome === "succeeded" ? plan.charges : plan.releases;
          expect(listed.map((x) => x.id)).to.deep.equal(active.map((x) => x.id));
          expect((plan.outcome === "succeeded" ? plan.releases : plan.charges).length).to.equal(0);
          const keys = plan.charges.map((x) => x.idempotencyKey);
          expect(new Set(keys).size).to.equal(keys.length);
          // Deterministic: planning again gives the same keys.
          const again = planRewardSettlement({ ...reward, goalMinor: goal }, ps, after);
          expect(again).to.deep.equal(plan);
        }),
      );
    });
  });

  describe("equity", () => {
    const equity: CampaignAtDeadline = { ...reward, id: 20, kind: "equity", goalMinor: 5000 };
    const offering: EquityOffering = { rule: "pro_rata", maxRaiseMinor: 10_500, pricePerShareMinor: 1000 };
    const at = (minute: number) => new Date(Date.UTC(2026, 3, 1, 0, minute));
    const cm = (
      id: number,
      shares: number,
      minute: number,
      status: CommitmentAtDeadline["status"] = "active",
    ) => ({
      id,
      investorId: 100 + id,
      shares,
      pricePerShareMinor: 1000,
      committedAt: at(minute),
      status,
    });

    it("allocates when oversubscribed, charges the allocated amount and never the excess", () => {
      const plan = planEquitySettlement(
        equity,
        offering,
        [cm(1, 4, 1), cm(2, 5, 2), cm(3, 3, 3), cm(4, 2, 4), cm(5, 50, 5, "cancelled")],
        after,
      );
      if (!plan.ok) throw new Error(plan.reason);
      expect(plan).to.include({ outcome: "succeeded", pledgedMinor: 14_000, countedMinor: 10_000 });
      expect(plan.charges.map((c) => [c.id, c.pledgedMinor, c.amountMinor, c.idempotencyKey])).to.deep.equal([
        [1, 4000, 3000, "commitment-1-attempt-1"],
        [2, 5000, 4000, "commitment-2-attempt-1"],
        [3, 3000, 2000, "commitment-3-attempt-1"],
        [4, 2000, 1000, "commitment-4-attempt-1"],
      ]);
      expect(plan.releases).to.deep.equal([]);
      expect(plan.allocation?.oversubscribed).to.equal(true);
    });

    it("first come: a commitment that gets no shares is released, not charged", () => {
      const plan = planEquitySettlement(
        equity,
        { ...offering, rule: "first_come" },
        [cm(1, 4, 1), cm(2, 5, 2), cm(3, 3, 3), cm(4, 2, 4)],
        after,
      );
      if (!plan.ok) throw new Error(plan.reason);
      expect(plan.charges.map((c) => [c.id, c.amountMinor])).to.deep.equal([
        [1, 4000],
        [2, 5000],
        [3, 1000],
      ]);
      expect(plan.releases).to.deep.equal([
        { kind: "commitment", id: 4, pledgedMinor: 2000, reason: "not_allocated" },
      ]);
      const report = settlementReport(initialReportLines(plan));
      expect(report).to.include({
        pledgedMinor: 14_000,
        pendingMinor: 10_000,
        excessMinor: 4000,
        releasedMinor: 0,
      });
    });

    it("fails below the target: everything released", () => {
      const plan = planEquitySettlement(equity, offering, [cm(1, 2, 1), cm(2, 2, 2)], after);
      if (!plan.ok) throw new Error(plan.reason);
      expect(plan).to.include({ outcome: "failed", countedMinor: 4000 });
      expect(plan.charges).to.deep.equal([]);
      expect(plan.releases.map((r) => [r.id, r.reason])).to.deep.equal([
        [1, "campaign_failed"],
        [2, "campaign_failed"],
      ]);
      expect(settlementReport(initialReportLines(plan))).to.include({
        pledgedMinor: 4000,
        releasedMinor: 4000,
      });
    });

    it("reaches the target exactly", () => {
      const plan = planEquitySettlement(equity, offering, [cm(1, 5, 1)], after);
      expect(plan).to.include({ ok: true, outcome: "succeeded" });
    });

    it("is refused before the deadline, and for a reward campaign", () => {
      expect(planEquitySettlement(equity, offering, [], new Date(deadline.getTime() - 1))).to.deep.equal({
        ok: false,
        reason: "lifecycle.beforeDeadline",
      });
      expect(() => planEquitySettlement(reward, offering, [], after)).to.throw(RangeError);
    });
  });

  describe("idempotency keys", () => {
    it("derives keys from the pledge and the attempt", () => {
      expect(chargeIdempotencyKey("pledge", 42, 1)).to.equal("pledge-42-attempt-1");
      expect(chargeIdempotencyKey("pledge", 42, 3)).to.equal("pledge-42-attempt-3");
      expect(chargeIdempotencyKey("commitment", 42, 1)).to.equal("commitment-42-attempt-1");
      expect(() => chargeIdempotencyKey("pledge", 42, 0)).to.throw(RangeError);
      expect(() => chargeIdempotencyKey("pledge", 1.5, 1)).to.throw(RangeError);
    });
  });

  describe("retry schedule", () => {
    const first = new Date("2026-05-01T00:05:00Z");
    const plus = (days: number) => new Date(first.getTime() + days * DAY);

    it("retries after 1, 2 and 4 days, then at the window's end", () => {
      expect(retryOffsetsDays()).to.deep.equal([1, 2, 4, 7]);
      expect(retryOffsetsDays(3)).to.deep.equal([1, 2, 3]);
      expect(retryOffsetsDays(2)).to.deep.equal([1, 2]);
      expect(retryOffsetsDays(1)).to.deep.equal([1]);
      expect(retryOffsetsDays(0)).to.deep.equal([]);
      expect(retryOffsetsDays(8)).to.deep.equal([1, 2, 4, 8]);
      expect(retryOffsetsDays(10)).to.deep.equal([1, 2, 4, 8, 10]);
      expect(() => retryOffsetsDays(-1)).to.throw(RangeError);
      expect(() => retryOffsetsDays(1.5)).to.throw(RangeError);
    });

    it("gives the next attempt's time, and null when the schedule is exhausted", () => {
      expect(nextRetryAt(first, 1)).to.deep.equal(plus(1));
      expect(nextRetryAt(first, 2)).to.deep.equal(plus(2));
      expect(nextRetryAt(first, 3)).to.deep.equal(plus(4));
      expect(nextRetryAt(first, 4)).to.deep.equal(plus(7));
      expect(nextRetryAt(first, 5)).to.equal(null);
      expect(nextRetryAt(first, 99)).to.equal(null);
      expect(nextRetryAt(first, 1, 3)).to.deep.equal(plus(1));
      expect(nextRetryAt(first, 3, 3)).to.deep.equal(plus(3));
      expect(nextRetryAt(first, 4, 3)).to.equal(null);
      expect(nextRetryAt(first, 1, 0)).to.equal(null);
      expect(() => nextRetryAt(first, 0)).to.throw(RangeError);
    });

    it("the window is over from its end on", () => {
      expect(retryWindowEndsAt(first)).to.deep.equal(plus(7));
      expect(isWindowOver(first, first)).to.equal(false);
      expect(isWindowOver(first, new Date(plus(7).getTime() - 1))).to.equal(false);
      expect(isWindowOver(first, plus(7))).to.equal(true);
      expect(isWindowOver(first, plus(2), 2)).to.equal(true);
      expect(isWindowOver(first, first, 0)).to.equal(true);
    });

    it("property: retries strictly later each time, inside the window, the last at its end", () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 120 }), (windowDays) => {
          const times: Date[] = [];
          for (let n = 1; ; n++) {
            const next = nextRetryAt(first, n, windowDays);
            if (next === null) break;
            times.push(next);
            expect(n).to.be.below(64);
          }
          expect(times.length).to.be.at.least(1);
          times.forEach((time, i) => {
            expect(time.getTime()).to.be.above(i === 0 ? first.getTime() : (times[i - 1] as Date).getTime());
            expect(isWindowOver(first, new Date(time.getTime() - 1), windowDays)).to.equal(false);
          });
          expect(times.at(-1)).to.deep.equal(retryWindowEndsAt(first, windowDays));
        }),
      );
    });
  });

  describe("report", () => {
    it("totals pledged, collected, failed, dropped, pending, released and refunded", () => {
      const lines: ReportLine[] = [
        { id: 1, pledgedMinor: 5000, chargeMinor: 5000, outcome: "collected" },
        { id: 2, pledgedMinor: 3000, chargeMinor: 3000, outcome: "collected" },
        { id: 3, pledgedMinor: 2000, chargeMinor: 2000, outcome: "payment_failed" },
        { id: 4, pledgedMinor: 1500, chargeMinor: 1500, outcome: "dropped" },
        { id: 5, pledgedMinor: 1000, chargeMinor: 1000, outcome: "refunded" },
        { id: 6, pledgedMinor: 700, chargeMinor: 700, outcome: "pending" },
      ];
      expect(settlementReport(lines)).to.deep.equal({
        pledgedMinor: 13_200,
        excessMinor: 0,
        collectedMinor: 9000,
        refundedMinor: 1000,
        netCollectedMinor: 8000,
        failedMinor: 2000,
        droppedMinor: 1500,
        pendingMinor: 700,
        releasedMinor: 0,
        counts: { pending: 1, collected: 2, payment_failed: 1, dropped: 1, released: 0, refunded: 1 },
      });
      expect(settlementReport([])).to.include({ pledgedMinor: 0, collectedMinor: 0 });
      expect(() =>
        settlementReport([{ id: 1, pledgedMinor: 5, chargeMinor: 6, outcome: "collected" }]),
      ).to.throw(RangeError);
    });

    it("property: pledged = excess + collected + failed + dropped + pending + released", () => {
      const line = fc.record({
        pledgedMinor: fc.integer({ min: 1, max: 10_000_000 }),
        cut: fc.integer({ min: 0, max: 10_000_000 }),
        outcome: fc.constantFrom(
          "pending" as const,
          "collected" as const,
          "payment_failed" as const,
          "dropped" as const,
          "released" as const,
          "refunded" as const,
        ),
      });
      fc.assert(
        fc.property(fc.array(line, { maxLength: 80 }), (raw) => {
          const lines = raw.map((x, i) => ({
            id: i + 1,
            pledgedMinor: x.pledgedMinor,
            chargeMinor: Math.max(0, x.pledgedMinor - x.cut),
            outcome: x.outcome,
          }));
          const r = settlementReport(lines);
          expect(
            r.excessMinor +
              r.collectedMinor +
              r.failedMinor +
              r.droppedMinor +
              r.pendingMinor +
              r.releasedMinor,
          ).to.equal(r.pledgedMinor);
          expect(r.netCollectedMinor + r.refundedMinor).to.equal(r.collectedMinor);
          expect(Object.values(r.counts).reduce((a, b) => a + b, 0)).to.equal(lines.length);
        }),
      );
    });
  });
});
