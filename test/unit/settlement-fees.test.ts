import { expect } from "chai";
import fc from "fast-check";
import {
  type CurrencyFees,
  computeFees,
  defaultFeeSchedules,
  type FeeSchedule,
  feeScheduleOn,
  percentOf,
  platformFeeMinor,
  processingFeeMinor,
  validateCurrencyFees,
} from "../../server/domain/settlement/fees.ts";

const usd: CurrencyFees = { platformPercent: "5", processingPercent: "2.9", processingFixedMinor: 30 };
const cny: CurrencyFees = { platformPercent: "5", processingPercent: "0.6", processingFixedMinor: 0 };
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("settlement: fees", () => {
  describe("rounding", () => {
    it("rounds a percentage half up to the minor unit (not half-even)", () => {
      expect(percentOf(50, "1")).to.equal(1); // 0.5 → 1
      expect(percentOf(49, "1")).to.equal(0); // 0.49 → 0
      expect(percentOf(150, "1")).to.equal(2); // 1.5 → 2
      expect(percentOf(250, "1")).to.equal(3); // 2.5 → 3 (half-even would give 2)
      expect(percentOf(14_499, "5")).to.equal(725); // 724.95 → 725
      expect(percentOf(2_500, "2.9")).to.equal(73); // 72.5 → 73
      expect(percentOf(0, "5")).to.equal(0);
      expect(percentOf(1_000_000_000_000, "2.9")).to.equal(29_000_000_000);
    });

    it("processing fee: percentage + fixed per charge, capped at the charge", () => {
      expect(processingFeeMinor(10_000, usd)).to.equal(320); // 290 + 30
      expect(processingFeeMinor(2_500, usd)).to.equal(103); // 72.5 → 73, + 30
      expect(processingFeeMinor(1_999, usd)).to.equal(88); // 57.971 → 58, + 30
      expect(processingFeeMinor(20, usd)).to.equal(20); // 0.58 → 1, + 30 = 31 > 20: capped
      expect(processingFeeMinor(100, cny)).to.equal(1); // 0.6 → 1, no fixed part
      expect(platformFeeMinor(14_499, usd)).to.equal(725);
    });
  });

  describe("computeFees", () => {
    it("works a USD campaign by hand", () => {
      const r = computeFees(usd, [
        { id: 1, amountMinor: 10_000 },
        { id: 2, amountMinor: 2_500 },
        { id: 3, amountMinor: 1_999 },
      ]);
      // collected 14,499; processing 320 + 103 + 88 = 511; platform 5 % = 724.95 → 725;
      // its split by amount: 500.03, 125.01, 99.96 → 500, 125, 99 + the leftover cent → 100.
      expect(r).to.deep.equal({
        collectedMinor: 14_499,
        processingFeeMinor: 511,
        platformFeeMinor: 725,
        platformFeeWaivedMinor: 0,
        payoutMinor: 13_263,
        charges: [
          { id: 1, amountMinor: 10_000, processingFeeMinor: 320, platformFeeMinor: 500 },
          { id: 2, amountMinor: 2_500, processingFeeMinor: 103, platformFeeMinor: 125 },
          { id: 3, amountMinor: 1_999, processingFeeMinor: 88, platformFeeMinor: 100 },
        ],
      });
    });

    it("splits the platform fee of equal pledges to the earliest given first", () => {
      // 3 × ¥0.33 = 99 fen collected; 5 % = 4.95 → 5 fen; 5 over three equal weights → 2, 2, 1.
      // Processing 0.6 % of 33 = 0.198 → 0 each.
      const r = computeFees(cny, [
        { id: 7, amountMinor: 33 },
        { id: 8, amountMinor: 33 },
        { id: 9, amountMinor: 33 },
      ]);
      expect(r.platformFeeMinor).to.equal(5);
      expect(r.charges.map((x) => x.platformFeeMinor)).to.deep.equal([2, 2, 1]);
      expect(r.processingFeeMinor).to.equal(0);
      expect(r.payoutMinor).to.equal(94);
      // ¥33.33 each: 9,999 fen; 5 % = 499.95 → 500 fen, split 167, 167, 166; processing 19.998 → 20 each.
      const big = computeFees(cny, [
        { id: 7, amountMinor: 3333 },
        { id: 8, amountMinor: 3333 },
        { id: 9, amountMinor: 3333 },
      ]);
      expect(big.charges.map((x) => x.platformFeeMinor)).to.deep.equal([167, 167, 166]);
      expect(big).to.include({ platformFeeMinor: 500, processingFeeMinor: 60, payoutMinor: 9999 - 500 - 60 });
    });

    it("never pays out a negative amount: the platform waives the fee that does not fit", () => {
      // One 20-cent charge: processing 31 capped at 20; platform 1 cent waived; payout 0.
      expect(computeFees(usd, [{ id: 1, amountMinor: 20 }])).to.deep.equal({
        collectedMinor: 20,
        processingFeeMinor: 20,
        platformFeeMinor: 0,
        platformFeeWaivedMinor: 1,
        payoutMinor: 0,
        charges: [{ id: 1, amountMinor: 20, processingFeeMinor: 20, platformFeeMinor: 0 }],
      });
      // 50 cents: processing 1.45 → 1, + 30 = 31; platform 2.5 → 3; payout 16.
      expect(computeFees(usd, [{ id: 1, amountMinor: 50 }])).to.include({
        processingFeeMinor: 31,
        platformFeeMinor: 3,
        payoutMinor: 16,
      });
      // Two charges of 32: processing 30.93 → 31 each = 62; platform 3.2 → 3 but only 2 fit.
      const r = computeFees(usd, [
        { id: 1, amountMinor: 32 },
        { id: 2, amountMinor: 32 },
      ]);
      expect(r).to.include({
        processingFeeMinor: 62,
        platformFeeMinor: 2,
        platformFeeWaivedMinor: 1,
        payoutMinor: 0,
      });
      expect(r.charges.map((x) => x.platformFeeMinor)).to.deep.equal([1, 1]);
    });

    it("handles no charges and a zero platform fee", () => {
      expect(computeFees(usd, [])).to.deep.equal({
        collectedMinor: 0,
        processingFeeMinor: 0,
        platformFeeMinor: 0,
        platformFeeWaivedMinor: 0,
        payoutMinor: 0,
        charges: [],
      });
      const r = computeFees({ ...usd, platformPercent: "0" }, [{ id: 1, amountMinor: 10_000 }]);
      expect(r).to.include({ platformFeeMinor: 0, processingFeeMinor: 320, payoutMinor: 9680 });
    });

    it("refuses bad charges", () => {
      expect(() => computeFees(usd, [{ id: 1, amountMinor: 0 }])).to.throw(RangeError);
      expect(() => computeFees(usd, [{ id: 1, amountMinor: 10.5 }])).to.throw(RangeError);
      expect(() => computeFees(usd, [{ id: 1, amountMinor: -5 }])).to.throw(RangeError);
      expect(() =>
        computeFees(usd, [
          { id: 1, amountMinor: 5 },
          { id: 1, amountMinor: 6 },
        ]),
      ).to.throw(RangeError);
    });
  });

  describe("configuration", () => {
    it("validates percentages and the fixed part", () => {
      expect(() => validateCurrencyFees(usd)).not.to.throw();
      for (const bad of ["abc", "101", "-1", "2.12345", "", "1e2", " 5"]) {
        expect(() => validateCurrencyFees({ ...usd, platformPercent: bad }), bad).to.throw(RangeError);
      }
      expect(() => validateCurrencyFees({ ...usd, processingFixedMinor: -1 })).to.throw(RangeError);
      expect(() => validateCurrencyFees({ ...usd, processingFixedMinor: 0.5 })).to.throw(RangeError);
      expect(() => validateCurrencyFees({ ...usd, processingPercent: "100" })).not.to.throw();
    });

    it("has defaults for every currency, all valid", () => {
      const schedule = feeScheduleOn(defaultFeeSchedules, new Date("2026-06-01T00:00:00Z"));
      for (const fees of Object.values(schedule.fees))
        expect(() => validateCurrencyFees(fees)).not.to.throw();
      expect(schedule.fees.USD).to.deep.equal(usd);
    });

    it("applies the version in force on the day (UTC)", () => {
      const v1: FeeSchedule = {
        ...(defaultFeeSchedules[0] as FeeSchedule),
        version: "v1",
        effectiveFrom: "2026-01-01",
      };
      const v2: FeeSchedule = { ...v1, version: "v2", effectiveFrom: "2026-07-01" };
      const schedules = [v2, v1]; // any order
      expect(feeScheduleOn(schedules, new Date("2026-06-30T23:59:59.999Z")).version).to.equal("v1");
      expect(feeScheduleOn(schedules, new Date("2026-07-01T00:00:00Z")).version).to.equal("v2");
      expect(feeScheduleOn(schedules, new Date("2030-01-01T00:00:00Z")).version).to.equal("v2");
      expect(() => feeScheduleOn(schedules, new Date("2025-12-31T23:59:59Z"))).to.throw(RangeError);
      expect(() => feeScheduleOn([{ ...v1, effectiveFrom: "2026-1-1" }], new Date())).to.throw(RangeError);
    });
  });

  describe("properties", () => {
    // Percentages as decimal text with up to 2 decimals, e.g. "2.9", "0.6", "12.25".
    const percent = fc.integer({ min: 0, max: 10_000 }).map((bp) => {
      const whole = Math.trunc(bp / 100);
      const frac = bp - whole * 100;
      return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, "0")}`;
    });
    const fees = fc.record({
      platformPercent: percent,
      processingPercent: percent,
      processingFixedMinor: fc.integer({ min: 0, max: 500 }),
    });
    const charges = fc
      .array(fc.integer({ min: 1, max: 100_000_000 }), { maxLength: 60 })
      .map((amounts) => amounts.map((amountMinor, i) => ({ id: i + 1, amountMinor })));

    it("parts always sum to the whole and payout + fees = collected, payout ≥ 0", () => {
      fc.assert(
        fc.property(fees, charges, (f, cs) => {
          const r = computeFees(f, cs);
          expect(r.collectedMinor).to.equal(sum(cs.map((x) => x.amountMinor)));
          expect(r.payoutMinor + r.platformFeeMinor + r.processingFeeMinor).to.equal(r.collectedMinor);
          expect(r.payoutMinor).to.be.at.least(0);
          expect(sum(r.charges.map((x) => x.platformFeeMinor))).to.equal(r.platformFeeMinor);
          expect(sum(r.charges.map((x) => x.processingFeeMinor))).to.equal(r.processingFeeMinor);
          expect(r.platformFeeMinor + r.platformFeeWaivedMinor).to.equal(
            platformFeeMinor(r.collectedMinor, f),
          );
          for (const x of [
            r.payoutMinor,
            r.platformFeeMinor,
            r.processingFeeMinor,
            r.platformFeeWaivedMinor,
          ]) {
            expect(Number.isSafeInteger(x) && x >= 0).to.equal(true);
          }
          r.charges.forEach((x, i) => {
            expect(x.processingFeeMinor).to.be.within(0, x.amountMinor);
            expect(x.id).to.equal(cs[i]?.id);
            // Each share is within one minor unit of its exact proportion of the fee (checked with BigInt).
            const diff =
              BigInt(x.platformFeeMinor) * BigInt(r.collectedMinor) -
              BigInt(r.platformFeeMinor) * BigInt(x.amountMinor);
            expect((diff < 0n ? -diff : diff) < BigInt(r.collectedMinor)).to.equal(true);
          });
        }),
        { numRuns: 400 },
      );
    });

    it("only waives when processing fees leave no room, and then the payout is 0", () => {
      fc.assert(
        fc.property(fees, charges, (f, cs) => {
          const r = computeFees(f, cs);
          if (r.platformFeeWaivedMinor > 0) expect(r.payoutMinor).to.equal(0);
        }),
        { numRuns: 300 },
      );
    });

    it("the processing fee is exactly half-up of the percentage plus the fixed part when it fits", () => {
      fc.assert(
        fc.property(percent, fc.integer({ min: 0, max: 1_000_000_000 }), (p, amount) => {
          // Exact reference in BigInt: percent has ≤ 2 decimals, so amount × p × 100 / 10,000 is in 1/10,000ths.
          const [w, fr = ""] = p.split(".");
          const bp = BigInt(w ?? "0") * 100n + BigInt(fr.padEnd(2, "0") || "0");
          const scaled = BigInt(amount) * bp; // in 1/10,000 of a minor unit
          const expected = (scaled + 5_000n) / 10_000n; // half up for non-negative values
          expect(percentOf(amount, p)).to.equal(Number(expected));
        }),
        { numRuns: 500 },
      );
    });
  });
});
