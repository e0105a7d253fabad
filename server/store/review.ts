/**
 * Queries of the admin review area: counts, the filtered project list, the creator's identity as a
 * reviewer may see it (never the sealed numbers), and the compare-and-set of a decision.
 */
import type { ProjectState } from "../domain/project-lifecycle.ts";
import type { Db } from "./db.ts";
import { type Project, toProject } from "./projects.ts";
import { fromDbTime, toDbTime } from "./time.ts";

export interface ReviewCounts {
  awaitingReview: number;
  live: number;
  staffPicks: number;
}

export async function reviewCounts(db: Db): Promise<ReviewCounts> {
  const row = await db("projects")
    .select(
      db.raw("sum(case when state = 'submitted' then 1 else 0 end) as awaiting"),
      db.raw("sum(case when state = 'live' then 1 else 0 end) as live"),
      db.raw("sum(case when state = 'live' and staff_pick = ? then 1 else 0 end) as picks", [true]),
    )
    .first();
  return {
    awaitingReview: Number(row?.awaiting ?? 0),
    live: Number(row?.live ?? 0),
    staffPicks: Number(row?.picks ?? 0),
  };
}

export interface ProjectWithCreator extends Project {
  creatorName: string;
  creatorEmail: string;
}

/** A page of projects, optionally in one state and/or only staff picks: live ones newest launch first, others latest change first. */
export async function listProjects(
  db: Db,
  options: { state?: ProjectState; staffPicks?: boolean; limit: number; offset: number },
): Promise<{ items: ProjectWithCreator[]; total: number }> {
  const base = db("projects").modify((q) => {
    if (options.state) q.where("projects.state", options.state);
    if (options.staffPicks) q.where("projects.staff_pick", true);
  });
  const count = await base.clone().count({ n: "*" }).first();
  const rows = await base
    .clone()
    .join("users", "users.id", "projects.creator_id")
    .select("projects.*", "users.name as creator_name", "users.email as creator_email")
    .modify((q) => {
      if (options.state === "live") q.orderBy("projects.launched_at", "desc");
      else q.orderBy("projects.updated_at", "desc");
    })
    .orderBy("projects.id", "desc")
    .limit(options.limit)
    .offset(options.offset);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: database rows
    items: rows.map((r: any) => ({
      ...toProject(r),
      creatorName: r.creator_name,
      creatorEmail: r.creator_email,
    })),
    total: Number(count?.n ?? 0),
  };
}

/** The creator's identity and payout account as a reviewer sees them: the last four digits only. */
export interface CreatorProfileSummary {
  userId: number;
  legalName: string;
  country: string;
  idType: string;
  idNumberLast4: string;
  payoutHolder: string;
  payoutBank: string;
  payoutAccountLast4: string;
  updatedAt: Date;
}

export async function creatorProfileSummary(
  db: Db,
  userId: number,
): Promise<CreatorProfileSummary | undefined> {
  const r = await db("creator_profiles")
    .where({ user_id: userId })
    .first(
      "user_id",
      "legal_name",
      "country",
      "id_type",
      "id_number_last4",
      "payout_holder",
      "payout_bank",
      "payout_account_last4",
      "updated_at",
    );
  if (!r) return undefined;
  return {
    userId: r.user_id,
    legalName: r.legal_name,
    country: r.country,
    idType: r.id_type,
    idNumberLast4: r.id_number_last4,
    payoutHolder: r.payout_holder,
    payoutBank: r.payout_bank,
    payoutAccountLast4: r.payout_account_last4,
    updatedAt: fromDbTime(r.updated_at),
  };
}

/**
 * Claims the project for a transition: succeeds only if it is still in `from`. Inside the decision's
 * transaction this makes the check and the write one step, also on databases where two transactions
 * can read the same row at once (PostgreSQL locks the row on update; the loser matches nothing).
 */
export async function claimState(db: Db, id: number, from: ProjectState, now: Date): Promise<boolean> {
  const changed = await db("projects")
    .where({ id, state: from })
    .update({ updated_at: toDbTime(now) });
  return Number(changed) === 1;
}

/** Names of the people in an audit trail. */
export async function userNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db("users")
    .whereIn("id", [...new Set(ids)])
    .select("id", "name");
  return new Map(rows.map((r) => [r.id as number, r.name as string]));
}
