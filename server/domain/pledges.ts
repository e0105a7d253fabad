import type { ProjectState } from "./project-lifecycle.ts";
import type { ShippingRegion } from "./project-rules.ts";

/**
 * Pledge rules: who may pledge what to which project, and what it costs. Pure; the service loads the
 * facts and writes the result in one transaction.
 */
export interface PledgeFacts {
  now: Date;
  backerId: number;
  project: {
    id: number;
    creatorId: number;
    state: ProjectState;
    kind: string;
    deadlineAt: Date | null;
    currency: string;
    /** Set while an admin has the project suspended: it takes no pledges (server/domain/moderation.ts). */
    suspendedAt?: Date | null;
  };
  /** The chosen tier, or null for "no reward, just support". */
  tier: {
    projectId: number;
    minimumMinor: number;
    quantityLimit: number | null;
    quantityClaimed: number;
    ships: boolean;
    shipping: { region: ShippingRegion; feeMinor: number }[];
  } | null;
  /** True when the backer's current pledge already holds a unit of this tier (changing amount or address only). */
  holdsUnitOfTier: boolean;
  amountMinor: number;
  shipRegion: ShippingRegion | null;
}

export type PledgeDecision =
  | { ok: true; shippingMinor: number; totalMinor: number }
  | { ok: false; field?: string; reason: string; params?: Record<string, unknown> };

export function isOpenForPledges(project: PledgeFacts["project"], now: Date): boolean {
  if (project.suspendedAt) return false; // a suspended project takes no new pledges or changes
  return project.state === "live" && project.deadlineAt !== null && now < project.deadlineAt;
}

export function decidePledge(f: PledgeFacts): PledgeDecision {
  if (f.project.kind !== "reward") return { ok: false, reason: "pledges.refused.notReward" };
  if (!isOpenForPledges(f.project, f.now)) return { ok: false, reason: "pledges.refused.notLive" };
  if (f.project.creatorId === f.backerId) return { ok: false, reason: "pledges.refused.ownProject" };
  if (f.tier && f.tier.projectId !== f.project.id)
    return { ok: false, field: "tierId", reason: "pledges.refused.tierElsewhere" };
  if (!Number.isSafeInteger(f.amountMinor) || f.amountMinor <= 0) {
    return { ok: false, field: "amount", reason: "pledges.refused.amountPositive" };
  }
  if (!f.tier) return { ok: true, shippingMinor: 0, totalMinor: f.amountMinor };
  if (f.amountMinor < f.tier.minimumMinor) {
    return {
      ok: false,
      field: "amount",
      reason: "pledges.refused.belowMinimum",
      params: { minimumMinor: f.tier.minimumMinor },
    };
  }
  if (!f.holdsUnitOfTier && unitsLeft(f.tier) === 0)
    return { ok: false, field: "tierId", reason: "pledges.refused.soldOut" };
  if (!f.tier.ships) return { ok: true, shippingMinor: 0, totalMinor: f.amountMinor };
  const rate = f.tier.shipping.find((s) => s.region === f.shipRegion);
  if (!rate) return { ok: false, field: "shipRegion", reason: "pledges.refused.noShipping" };
  return { ok: true, shippingMinor: rate.feeMinor, totalMinor: f.amountMinor + rate.feeMinor };
}

/** Units of a limited tier still available; null when unlimited. */
export function unitsLeft(tier: { quantityLimit: number | null; quantityClaimed: number }): number | null {
  return tier.quantityLimit === null ? null : Math.max(0, tier.quantityLimit - tier.quantityClaimed);
}
