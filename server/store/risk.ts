/** Risk monitoring: pledge origins, the addresses accounts use, and the flags with their queue. */
import type { Currency } from "../domain/money.ts";
import type { RiskFlagKind, RiskFlagStatus } from "../domain/risk.ts";
import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

export interface RiskFlag {
  id: number;
  kind: RiskFlagKind;
  pledgeId: number | null;
  projectId: number | null;
  userId: number | null;
  ip: string | null;
  details: Record<string, number | string>;
  status: RiskFlagStatus;
  resolution: string | null;
  resolutionNote: string | null;
  resolvedBy: number | null;
  resolvedAt: Date | null;
  createdAt: Date;
}

export interface RiskFlagSummary extends RiskFlag {
  userName: string | null;
  userEmail: string | null;
  userStatus: string | null;
  projectTitle: string | null;
  projectSuspended: boolean;
  pledgeTotalMinor: number | null;
  pledgeCurrency: Currency | null;
  resolverName: string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toFlag(r: any): RiskFlag {
  return {
    id: r.id,
    kind: r.kind,
    pledgeId: r.pledge_id ?? null,
    projectId: r.project_id ?? null,
    userId: r.user_id ?? null,
    ip: r.ip ?? null,
    details: r.details ? JSON.parse(r.details) : {},
    status: r.status,
    resolution: r.resolution ?? null,
    resolutionNote: r.resolution_note ?? null,
    resolvedBy: r.resolved_by ?? null,
    resolvedAt: r.resolved_at ? fromDbTime(r.resolved_at) : null,
    createdAt: fromDbTime(r.created_at),
  };
}

export async function recordPledgeOrigin(
  db: Db,
  o: {
    pledgeId: number;
    userId: number;
    projectId: number;
    ip: string | null;
    change: "created" | "changed";
  },
  now: Date,
): Promise<void> {
  await db("pledge_origins").insert({
    pledge_id: o.pledgeId,
    user_id: o.userId,
    project_id: o.projectId,
    ip: o.ip,
    change: o.change,
    created_at: toDbTime(now),
  });
}

export async function pledgesByAccountSince(db: Db, userId: number, since: Date): Promise<number> {
  const row = await db("pledge_origins")
    .where({ user_id: userId })
    .where("created_at", ">=", toDbTime(since))
    .count({ n: "*" })
    .first();
  return Number(row?.n ?? 0);
}

export async function pledgesByIpSince(db: Db, ip: string, since: Date): Promise<number> {
  const row = await db("pledge_origins")
    .where({ ip })
    .where("created_at", ">=", toDbTime(since))
    .count({ n: "*" })
    .first();
  return Number(row?.n ?? 0);
}

/** Has this account been seen at this address (signed in, or pledging)? */
export async function accountUsedIp(db: Db, userId: number, ip: string): Promise<boolean> {
  const seen = await db("account_ips").where({ user_id: userId, ip }).first("user_id");
  if (seen) return true;
  const pledged = await db("pledge_origins").where({ user_id: userId, ip }).first("id");
  return pledged !== undefined;
}

/** The cards an account saved, as brand, last four and expiry (never a number). */
export async function cardsOfAccount(
  db: Db,
  userId: number,
): Promise<{ brand: string; last4: string; expMonth: number; expYear: number }[]> {
  const rows = await db("payment_methods")
    .where({ user_id: userId })
    .select("brand", "last4", "exp_month", "exp_year");
  return rows.map((r) => ({ brand: r.brand, last4: r.last4, expMonth: r.exp_month, expYear: r.exp_year }));
}

export async function cardOf(
  db: Db,
  paymentMethodId: number,
): Promise<{ brand: string; last4: string; expMonth: number; expYear: number } | undefined> {
  const r = await db("payment_methods")
    .where({ id: paymentMethodId })
    .first("brand", "last4", "exp_month", "exp_year");
  return r && { brand: r.brand, last4: r.last4, expMonth: r.exp_month, expYear: r.exp_year };
}

export async function hasOpenFlag(
  db: Db,
  kind: RiskFlagKind,
  by: { userId: number } | { ip: string },
): Promise<boolean> {
  const row = await db("risk_flags")
    .where({ kind, status: "open", ...("userId" in by ? { user_id: by.userId } : { ip: by.ip }) })
    .first("id");
  return row !== undefined;
}

export async function insertRiskFlag(
  db: Db,
  f: {
    kind: RiskFlagKind;
    pledgeId: number;
    projectId: number;
    userId: number;
    ip: string | null;
    details: Record<string, number | string>;
  },
  now: Date,
): Promise<number> {
  const [row] = await db("risk_flags")
    .insert({
      kind: f.kind,
      pledge_id: f.pledgeId,
      project_id: f.projectId,
      user_id: f.userId,
      ip: f.ip,
      details: JSON.stringify(f.details),
      status: "open",
      created_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

export async function findRiskFlag(db: Db, id: number): Promise<RiskFlag | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db("risk_flags").where({ id }).first();
  return row && toFlag(row);
}

export async function riskQueue(
  db: Db,
  q: { status: RiskFlagStatus; kind?: RiskFlagKind; limit: number; offset: number },
): Promise<{ items: RiskFlagSummary[]; total: number }> {
  const where = { "risk_flags.status": q.status, ...(q.kind ? { "risk_flags.kind": q.kind } : {}) };
  const count = await db("risk_flags").where(where).count({ n: "*" }).first();
  const rows = await db("risk_flags")
    .leftJoin("users", "users.id", "risk_flags.user_id")
    .leftJoin("projects", "projects.id", "risk_flags.project_id")
    .leftJoin("pledges", "pledges.id", "risk_flags.pledge_id")
    .leftJoin("users as resolver", "resolver.id", "risk_flags.resolved_by")
    .where(where)
    .orderBy("risk_flags.id", q.status === "open" ? "asc" : "desc")
    .limit(q.limit)
    .offset(q.offset)
    .select(
      "risk_flags.*",
      "users.name as user_name",
      "users.email as user_email",
      "users.status as user_status",
      "projects.title as project_title",
      "projects.suspended_at as project_suspended_at",
      "pledges.total_minor as pledge_total_minor",
      "pledges.currency as pledge_currency",
      "resolver.name as resolver_name",
    );
  return {
    items: rows.map((r) => ({
      ...toFlag(r),
      userName: r.user_name ?? null,
      userEmail: r.user_email ?? null,
      userStatus: r.user_status ?? null,
      projectTitle: r.project_title ?? null,
      projectSuspended: Boolean(r.project_suspended_at),
      pledgeTotalMinor:
        r.pledge_total_minor === null || r.pledge_total_minor === undefined
          ? null
          : Number(r.pledge_total_minor),
      pledgeCurrency: r.pledge_currency ?? null,
      resolverName: r.resolver_name ?? null,
    })),
    total: Number(count?.n ?? 0),
  };
}

/** Closes an open flag; false if it was no longer open. */
export async function resolveRiskFlag(
  db: Db,
  id: number,
  r: { status: "cleared" | "actioned"; resolution: string; note: string | null; by: number },
  now: Date,
): Promise<boolean> {
  const changed = await db("risk_flags")
    .where({ id, status: "open" })
    .update({
      status: r.status,
      resolution: r.resolution,
      resolution_note: r.note,
      resolved_by: r.by,
      resolved_at: toDbTime(now),
    });
  return Number(changed) === 1;
}

export async function openRiskFlagCount(db: Db): Promise<number> {
  const row = await db("risk_flags").where({ status: "open" }).count({ n: "*" }).first();
  return Number(row?.n ?? 0);
}

/** Remembers that an account was seen at an address (first and last time). */
export async function rememberAccountIp(db: Db, userId: number, ip: string, now: Date): Promise<void> {
  await db("account_ips")
    .insert({ user_id: userId, ip, first_seen_at: toDbTime(now), last_seen_at: toDbTime(now) })
    .onConflict(["user_id", "ip"])
    .merge({ last_seen_at: toDbTime(now) });
}

/** Flags about one account (the user page shows them). */
export async function flagsOfUser(db: Db, userId: number): Promise<RiskFlag[]> {
  const rows = await db("risk_flags").where({ user_id: userId }).orderBy("id", "desc").limit(50);
  return rows.map(toFlag);
}
