import { Decimal } from "decimal.js";

/**
 * Splitting whole numbers exactly: the largest-remainder method, and the allocation of whole shares
 * when an equity offering is oversubscribed. Pure; see index.ts for the API overview.
 */

/**
 * decimal.js with enough significant digits that no product or quotient of two safe integers is ever
 * rounded by the library (2^53 × 2^53 < 10^32). Every rounding in settlement is explicit
 * (toDecimalPlaces / floor) with a stated mode. A clone, so the global Decimal stays untouched.
 */
export const Dec = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_UP, toExpPos: 100 });

/** Throws unless `value` is a safe integer ≥ 0 (an amount in minor units, a share count, a weight). */
export function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/** A Decimal that is a whole number within the safe-integer range, as a number. */
export function toSafeInteger(value: Decimal, what: string): number {
  if (!value.isInteger()) throw new RangeError(`${what} is not a whole number: ${value.toString()}`);
  const n = value.toNumber();
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} is out of the safe range: ${value.toString()}`);
  return n;
}

/**
 * Splits the integer `total` into integer parts proportional to the integer `weights`, summing exactly
 * to `total` (Hamilton / largest remainder):
 *  1. each part starts at floor(total × weight / Σweights) (exact: decimal.js, no rounding before floor);
 *  2. the units left over (always fewer than the number of weights) go one each to the parts with the
 *     largest remainders (total × weight mod Σweights); ties go to the LOWER index.
 * So every part is the floor or the ceiling of its exact share (|part − exact| < 1), a zero weight gets
 * 0, and the result depends only on the inputs. Edge cases: no weights → [] (total must then be 0);
 * all weights zero → total must be 0 (throws otherwise: there is nothing to split by); total 0 → zeros.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  assertCount(total, "total");
  let sum = new Dec(0);
  weights.forEach((w, i) => {
    assertCount(w, `weights[${i}]`);
    sum = sum.plus(w);
  });
  if (sum.isZero()) {
    if (total !== 0) throw new RangeError("cannot split a non-zero total by weights that are all zero");
    return weights.map(() => 0);
  }
  if (total === 0) return weights.map(() => 0);
  // Remainders are < Σweights: when that sum is a safe integer they are compared as exact integers.
  const remaindersAreSafe = sum.lessThanOrEqualTo(Number.MAX_SAFE_INTEGER);
  const totalDec = new Dec(total);
  const parts: number[] = new Array(weights.length);
  const remainders: (number | Decimal)[] = new Array(weights.length);
  let allotted = 0;
  weights.forEach((w, index) => {
    if (w === 0) {
      parts[index] = 0;
      remainders[index] = remaindersAreSafe ? 0 : new Dec(0);
      return;
    }
    const scaled = totalDec.times(w);
    const quotient = scaled.dividedToIntegerBy(sum); // exact: truncation of a non-negative = floor
    const remainder = scaled.minus(quotient.times(sum));
    const part = toSafeInteger(quotient, "part");
    parts[index] = part;
    allotted += part;
    remainders[index] = remaindersAreSafe ? remainder.toNumber() : remainder;
  });
  const leftover = total - allotted;
  if (leftover === 0) return parts;
  const order = weights.map((_, index) => index);
  const compare = remaindersAreSafe
    ? (a: number, b: number) => (remainders[b] as number) - (remainders[a] as number) || a - b
    : (a: number, b: number) => (remainders[b] as Decimal).comparedTo(remainders[a] as Decimal) || a - b;
  order.sort(compare);
  for (let k = 0; k < leftover; k++) {
    const winner = order[k];
    if (winner === undefined) throw new Error("largestRemainder: leftover exceeds the number of parts");
    parts[winner] = (parts[winner] ?? 0) + 1;
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------------
// Equity: whole shares when commitments exceed the maximum raise.

export type AllocationRule = "first_come" | "pro_rata";

export interface ShareCommitment {
  id: number;
  investorId: number;
  /** Whole shares asked for (> 0). */
  shares: number;
  /** Must equal the offering's price. */
  pricePerShareMinor: number;
  /** Order of commitment; ties are broken by the smaller id. */
  committedAt: Date;
}

export interface ShareAllocation {
  id: number;
  investorId: number;
  requestedShares: number;
  allocatedShares: number;
  /** requested − allocated: simply not charged. */
  excessShares: number;
  /** allocatedShares × price: what will be charged. */
  amountMinor: number;
  /** excessShares × price. */
  excessMinor: number;
}

export interface AllocationResult {
  rule: AllocationRule;
  /** floor(maxRaiseMinor / price): whole shares that fit under the maximum raise. */
  availableShares: number;
  requestedShares: number;
  allocatedShares: number;
  allocatedMinor: number;
  oversubscribed: boolean;
  /** One per commitment, in the order they were given. */
  allocations: ShareAllocation[];
}

/** Commitment order: committedAt, then id. */
export function byCommitmentOrder(a: ShareCommitment, b: ShareCommitment): number {
  return a.committedAt.getTime() - b.committedAt.getTime() || a.id - b.id;
}

/**
 * Allocates whole shares. Within the maximum raise everyone gets what they asked. Over it:
 * - first_come: commitments in order are filled until the available shares run out; the one that
 *   crosses the line gets the whole shares that still fit; later ones get 0.
 * - pro_rata: each gets floor(shares × available / requested), and the leftover whole shares go by
 *   largest remainder, ties to the earlier commitment (largestRemainder over commitment order).
 * Nobody gets more than they asked; the total allocated equals min(requested, available).
 */
export function allocateShares(input: {
  rule: AllocationRule;
  maxRaiseMinor: number;
  pricePerShareMinor: number;
  commitments: readonly ShareCommitment[];
}): AllocationResult {
  const { rule, maxRaiseMinor, pricePerShareMinor: price, commitments } = input;
  assertCount(maxRaiseMinor, "maxRaiseMinor");
  assertCount(price, "pricePerShareMinor");
  if (price === 0) throw new RangeError("pricePerShareMinor must be positive");
  if (rule !== "first_come" && rule !== "pro_rata") throw new RangeError(`unknown allocation rule ${rule}`);
  const seen = new Set<number>();
  for (const c of commitments) {
    assertCount(c.shares, `commitment ${c.id} shares`);
    if (c.shares === 0) throw new RangeError(`commitment ${c.id} asks for no shares`);
    if (c.pricePerShareMinor !== price) {
      throw new RangeError(`commitment ${c.id} has price ${c.pricePerShareMinor}, the offering ${price}`);
    }
    if (seen.has(c.id)) throw new RangeError(`commitment ${c.id} appears twice`);
    seen.add(c.id);
  }
  const availableShares = toSafeInteger(new Dec(maxRaiseMinor).dividedToIntegerBy(price), "availableShares");
  const requestedShares = commitments.reduce((sum, c) => sum + c.shares, 0);
  assertCount(requestedShares, "requestedShares");
  const oversubscribed = requestedShares > availableShares;

  const granted = new Map<number, number>();
  if (!oversubscribed) {
    for (const c of commitments) granted.set(c.id, c.shares);
  } else {
    const ordered = [...commitments].sort(byCommitmentOrder);
    if (rule === "first_come") {
      let left = availableShares;
      for (const c of ordered) {
        const take = Math.min(c.shares, left);
        granted.set(c.id, take);
        left -= take;
      }
    } else {
      const parts = largestRemainder(
        availableShares,
        ordered.map((c) => c.shares),
      );
      ordered.forEach((c, i) => {
        granted.set(c.id, parts[i] ?? 0);
      });
    }
  }

  const allocations = commitments.map((c): ShareAllocation => {
    const allocatedShares = granted.get(c.id) ?? 0;
    const excessShares = c.shares - allocatedShares;
    return {
      id: c.id,
      investorId: c.investorId,
      requestedShares: c.shares,
      allocatedShares,
      excessShares,
      amountMinor: toSafeInteger(new Dec(allocatedShares).times(price), "amountMinor"),
      excessMinor: toSafeInteger(new Dec(excessShares).times(price), "excessMinor"),
    };
  });
  const allocatedShares = allocations.reduce((sum, a) => sum + a.allocatedShares, 0);
  return {
    rule,
    availableShares,
    requestedShares,
    allocatedShares,
    allocatedMinor: toSafeInteger(new Dec(allocatedShares).times(price), "allocatedMinor"),
    oversubscribed,
    allocations,
  };
}
