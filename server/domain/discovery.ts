/**
 * Pure helpers of the public pages: how far a campaign is funded and how long it has left.
 * No clock, no I/O: "now" is passed in.
 */

/** Whole percent of the goal pledged, floored (integer math: 74.9 % is 74, never rounded up to 75). */
export function percentFunded(pledgedMinor: number, goalMinor: number): number {
  if (!(goalMinor > 0) || !(pledgedMinor > 0)) return 0;
  return Number((BigInt(Math.trunc(pledgedMinor)) * 100n) / BigInt(Math.trunc(goalMinor)));
}

/** The value of a <progress max="100">: the percentage, capped at 100 for an over-funded campaign. */
export function progressValue(percent: number): number {
  return Math.max(0, Math.min(100, percent));
}

export type TimeLeft =
  | { unit: "days" | "hours" | "minutes"; count: number }
  | { unit: "ended"; count: 0 }
  | { unit: "none"; count: 0 };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Time left before the deadline, in the largest unit that still says something useful:
 * two days or more in whole days ("12 days to go"), under that in hours ("36 hours to go"),
 * under an hour in minutes (at least 1); "ended" at or after the deadline; "none" without one.
 */
export function timeLeft(now: Date, deadline: Date | null): TimeLeft {
  if (!deadline) return { unit: "none", count: 0 };
  const ms = deadline.getTime() - now.getTime();
  if (ms <= 0) return { unit: "ended", count: 0 };
  if (ms >= 2 * DAY) return { unit: "days", count: Math.floor(ms / DAY) };
  if (ms >= HOUR) return { unit: "hours", count: Math.floor(ms / HOUR) };
  return { unit: "minutes", count: Math.max(1, Math.floor(ms / MINUTE)) };
}

/** "N left of M" for a limited reward; null when unlimited. Never negative. */
export function remaining(limit: number | null, claimed: number): number | null {
  if (limit === null) return null;
  return Math.max(0, limit - claimed);
}

export const PAGE_SIZE = 12;

/** The page a visitor asked for: anything but a plain positive integer (or one absurdly large) is page 1. */
export function parsePage(value: unknown): number {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== "string" || !/^\d{1,7}$/.test(text)) return 1;
  const page = Number(text);
  return Math.max(page, 1);
}

/** How many pages a list of `total` items takes (at least 1, so an empty list has page 1). */
export function pageCount(total: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}

/**
 * Regimes whose offerings may not be promoted to the public (China, 私募股权众筹: shown only to
 * real-name verified users). Their details stay hidden from visitors who may not see them, and they
 * are left out of public lists and search for those visitors.
 */
export const RESTRICTED_REGIMES = ["cn_private"] as const;

export function isRestrictedRegime(regime: string | undefined): boolean {
  return (RESTRICTED_REGIMES as readonly string[]).includes(regime ?? "");
}
