import type { Currency } from "./money.ts";

/**
 * Risk flags raised when a pledge is placed. Pure: the monitor counts what it needs (cheap indexed
 * queries in the pledge's transaction) and asks here which flags the facts call for. A flag is a
 * question for an admin, never a refusal: the pledge stands until someone acts on it.
 *
 *   large_pledge      the pledge's total is at or above the configured amount for its currency
 *   account_velocity  more pledges from this account in the window than the limit
 *   ip_velocity       more pledges from this address in the window than the limit
 *   creator_ip        the pledge comes from an address the project's creator has used
 *   creator_card      the card matches one the creator saved (same brand, last four and expiry:
 *                     the fingerprint the platform can see without the number)
 */
export const riskFlagKinds = [
  "large_pledge",
  "account_velocity",
  "ip_velocity",
  "creator_ip",
  "creator_card",
] as const;
export type RiskFlagKind = (typeof riskFlagKinds)[number];

export const riskFlagStatuses = ["open", "cleared", "actioned"] as const;
export type RiskFlagStatus = (typeof riskFlagStatuses)[number];

/** What an admin may do with a flag. */
export const riskActions = ["clear", "suspend_backer", "suspend_project"] as const;
export type RiskAction = (typeof riskActions)[number];

export interface RiskRules {
  /** Per currency, in minor units; 0 turns the check off. */
  largePledgeMinor: Record<Currency, number>;
  windowMinutes: number;
  /** 0 turns the check off. */
  pledgesPerAccount: number;
  pledgesPerIp: number;
}

export interface PledgeRiskFacts {
  totalMinor: number;
  currency: Currency;
  /** Pledges placed or changed by this account within the window, this one included (counted up to limit + 1). */
  accountPledgesInWindow: number;
  /** The same from this address (0 when the address is unknown). */
  ipPledgesInWindow: number;
  ipKnown: boolean;
  ipSharedWithCreator: boolean;
  cardSharedWithCreator: boolean;
  /** Velocity flags already open for this account / address: one open flag is enough. */
  openAccountVelocity: boolean;
  openIpVelocity: boolean;
}

export interface RiskFlagDraft {
  kind: RiskFlagKind;
  details: Record<string, number | string>;
}

export function riskFlagsFor(f: PledgeRiskFacts, rules: RiskRules): RiskFlagDraft[] {
  const flags: RiskFlagDraft[] = [];
  const threshold = rules.largePledgeMinor[f.currency] ?? 0;
  if (threshold > 0 && f.totalMinor >= threshold) {
    flags.push({
      kind: "large_pledge",
      details: { totalMinor: f.totalMinor, thresholdMinor: threshold, currency: f.currency },
    });
  }
  if (
    rules.pledgesPerAccount > 0 &&
    f.accountPledgesInWindow > rules.pledgesPerAccount &&
    !f.openAccountVelocity
  ) {
    flags.push({
      kind: "account_velocity",
      details: {
        count: f.accountPledgesInWindow,
        limit: rules.pledgesPerAccount,
        minutes: rules.windowMinutes,
      },
    });
  }
  if (f.ipKnown && rules.pledgesPerIp > 0 && f.ipPledgesInWindow > rules.pledgesPerIp && !f.openIpVelocity) {
    flags.push({
      kind: "ip_velocity",
      details: { count: f.ipPledgesInWindow, limit: rules.pledgesPerIp, minutes: rules.windowMinutes },
    });
  }
  if (f.ipKnown && f.ipSharedWithCreator) flags.push({ kind: "creator_ip", details: {} });
  if (f.cardSharedWithCreator) flags.push({ kind: "creator_card", details: {} });
  return flags;
}
