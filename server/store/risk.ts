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

/** What the risk rules need about a new pledge, read in ONE query (the pledge's transaction stays short). */
export interface PledgeRiskLookup {
  accountCount: number;
  ipCount: number;
  ipSharedWithCreator: boolean;
  cardSharedWithCreator: boolean;
  openAccountVelocity: boolean;
  openIpVelocity: boolean;
}

/**
 * One round trip for every check of a placed pledge: pledges by the account and by the address since
 * `since`, each counted only up to its cap ("more than the limit" is all a velocity check needs, so
 * the cost stays bounded however busy an address is); whether the creator was seen at the address or
 * saved a card with the same fingerprint (brand, last four, expiry: the platform never sees
 * numbers); whether a velocity flag is already open. Every lookup uses an index.
 */
export async function pledgeRiskLookup(
  db: Db,
  q: {
    backerId: number;
    creatorId: number;
    ip: string | null;
    paymentMethodId: number;
    since: Date;
    accountCap: number;
    ipCap: number;
  },
): Promise<PledgeRiskLookup> {
  const since = toDbTime(q.since);
  // The caps are written into the SQL, not bound: SQLite re-plans a statement whose LIMIT is a
  // parameter every time it runs (see server/store/db.ts). They are integers from the configuration.
  const accountCap = Math.trunc(q.accountCap);
  const ipCap = Math.trunc(q.ipCap);
  const result = await db.raw(
    `SELECT
       (SELECT count(*) FROM (SELECT 1 FROM pledge_origins WHERE user_id = ? AND created_at >= ? LIMIT ${accountCap}) AS a) AS account_count,
       (SELECT count(*) FROM (SELECT 1 FROM pledge_origins WHERE ip = ? AND created_at >= ? LIMIT ${ipCap}) AS b) AS ip_count,
       EXISTS (SELECT 1 FROM account_ips WHERE user_id = ? AND ip = ?) AS ip_shared,
       EXISTS (SELECT 1 FROM payment_methods used
               JOIN payment_methods theirs ON theirs.brand = used.brand AND theirs.last4 = used.last4
                 AND theirs.exp_month = used.exp_month AND theirs.exp_year = used.exp_year
               WHERE used.id = ? AND theirs.user_id = ?) AS card_shared,
       EXISTS (SELECT 1 FROM risk_flags WHERE status = 'open' AND kind = 'account_velocity' AND user_id = ?) AS open_account,
       EXISTS (SELECT 1 FROM risk_flags WHERE status = 'open' AND kind = 'ip_velocity' AND ip = ?) AS open_ip`,
    [q.backerId, since, q.ip, since, q.creatorId, q.ip, q.paymentMethodId, q.creatorId, q.backerId, q.ip],
  );
  // better-sqlite3 answers an array of rows; PostgreSQL a result with .rows
  const row = (Array.isArray(result) ? result[0] : result.rows[0]) as Record<string, number | boolean>;
  return {
    accountCount: Number(row.account_count),
    ipCount: Number(row.ip_count),
    ipSharedWithCreator: Boolean(row.ip_shared),
    cardSharedWithCreator: Boolean(row.card_shared),
    openAccountVelocity: Boolean(row.open_account),
    openIpVelocity: Boolean(row.open_ip),
  };
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
