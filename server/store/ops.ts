/**
 * Read queries of the operations area: the dashboard's figures over a range of days, user search
 * and activity, and the audit log browser. Instants compare as ISO text (see time.ts); days are
 * the first ten characters of an instant (UTC).
 */
import type { Knex } from "knex";
import type { Currency } from "../domain/money.ts";
import type { ProjectState } from "../domain/project-lifecycle.ts";
import type { Category } from "../domain/project-rules.ts";
import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";
import type { Role, UserStatus } from "./users.ts";

// biome-ignore lint/suspicious/noExplicitAny: aggregate rows (knex cannot type sum/count with a select)
type Row = Record<string, any>;

export interface Span {
  start: Date;
  end: Date; // exclusive
}

/** A where clause: the column's instant is in [start, end). */
const within = (column: string, span: Span) => (q: Knex.QueryBuilder) => {
  q.where(column, ">=", toDbTime(span.start)).where(column, "<", toDbTime(span.end));
};

// Dashboard -----------------------------------------------------------------------------------

/** Active pledges placed in the span, per currency: their total and how many. */
export async function pledgedPerCurrency(
  db: Db,
  span: Span,
): Promise<{ currency: Currency; totalMinor: number; count: number }[]> {
  const rows: Row[] = await db("pledges")
    .where("status", "active")
    .modify(within("created_at", span))
    .groupBy("currency")
    .orderBy("currency")
    .select("currency", db.raw("sum(total_minor) as total"), db.raw("count(*) as n"));
  return rows.map((r) => ({ currency: r.currency, totalMinor: Number(r.total ?? 0), count: Number(r.n) }));
}

/** Pledges placed per day in the span (active or not: each was a decision to back). */
export async function pledgesPerDay(db: Db, span: Span): Promise<Map<string, number>> {
  const rows: Row[] = await db("pledges")
    .modify(within("created_at", span))
    .groupByRaw("substr(created_at, 1, 10)")
    .select(db.raw("substr(created_at, 1, 10) as day"))
    .count({ n: "*" });
  return new Map(rows.map((r) => [String(r.day), Number(r.n)]));
}

export async function newUsersPerDay(db: Db, span: Span): Promise<Map<string, number>> {
  const rows: Row[] = await db("users")
    .modify(within("created_at", span))
    .groupByRaw("substr(created_at, 1, 10)")
    .select(db.raw("substr(created_at, 1, 10) as day"))
    .count({ n: "*" });
  return new Map(rows.map((r) => [String(r.day), Number(r.n)]));
}

export async function viewsPerDay(db: Db, fromDay: string, toDay: string): Promise<Map<string, number>> {
  const rows: Row[] = await db("project_views")
    .where("day", ">=", fromDay)
    .where("day", "<=", toDay)
    .groupBy("day")
    .select("day")
    .sum({ n: "views" });
  return new Map(rows.map((r) => [String(r.day), Number(r.n ?? 0)]));
}

/** Campaigns launched in the span, per category. */
export async function launchedPerCategory(db: Db, span: Span): Promise<Map<Category, number>> {
  const rows: Row[] = await db("projects")
    .modify(within("launched_at", span))
    .groupBy("category")
    .select("category")
    .count({ n: "*" });
  return new Map(rows.map((r) => [r.category as Category, Number(r.n)]));
}

/** Campaigns whose deadline fell in the span, by how they ended (succeeded or failed). */
export async function outcomesIn(db: Db, span: Span): Promise<{ succeeded: number; failed: number }> {
  const rows: Row[] = await db("projects")
    .modify(within("deadline_at", span))
    .whereIn("state", ["succeeded", "failed"])
    .groupBy("state")
    .select("state")
    .count({ n: "*" });
  const get = (s: string) => Number(rows.find((r) => r.state === s)?.n ?? 0);
  return { succeeded: get("succeeded"), failed: get("failed") };
}

/**
 * Backers in the span (accounts with an active pledge placed in it) and, of them, repeat backers:
 * those with active pledges to at least two projects placed up to the end of the span.
 */
export async function backersIn(db: Db, span: Span): Promise<{ backers: number; repeat: number }> {
  const inSpan = db("pledges")
    .where("status", "active")
    .modify(within("created_at", span))
    .distinct("backer_id");
  const backers = await db.from(inSpan.clone().as("b")).count({ n: "*" }).first();
  const repeaters = db("pledges")
    .where("status", "active")
    .where("created_at", "<", toDbTime(span.end))
    .whereIn("backer_id", inSpan)
    .groupBy("backer_id")
    .havingRaw("count(distinct project_id) >= 2")
    .select("backer_id");
  const repeat = await db.from(repeaters.as("r")).count({ n: "*" }).first();
  return { backers: Number(backers?.n ?? 0), repeat: Number(repeat?.n ?? 0) };
}

// Users ---------------------------------------------------------------------------------------

export interface UserRow {
  id: number;
  name: string;
  email: string;
  role: Role;
  status: UserStatus;
  locale: string;
  createdAt: Date;
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toUserRow(r: any): UserRow {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    status: r.status,
    locale: r.locale,
    createdAt: fromDbTime(r.created_at),
  };
}

/** LIKE pattern that matches the text literally (%, _ and the escape character are escaped). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchUsers(
  db: Db,
  q: { text: string; role?: Role; status?: UserStatus; limit: number; offset: number },
): Promise<{ items: UserRow[]; total: number }> {
  const base = () => {
    const b = db("users");
    if (q.text) {
      const pattern = likePattern(q.text.toLowerCase());
      b.where((w) =>
        w
          .whereRaw("lower(name) like ? escape '\\'", [pattern])
          .orWhereRaw("email like ? escape '\\'", [pattern]),
      );
    }
    if (q.role) b.where("role", q.role);
    if (q.status) b.where("status", q.status);
    return b;
  };
  const count = await base().count({ n: "*" }).first();
  const rows = await base()
    .orderBy("id", "desc")
    .limit(q.limit)
    .offset(q.offset)
    .select("id", "name", "email", "role", "status", "locale", "created_at");
  return { items: rows.map(toUserRow), total: Number(count?.n ?? 0) };
}

export async function findUserRow(db: Db, id: number): Promise<UserRow | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db("users")
    .where({ id })
    .first("id", "name", "email", "role", "status", "locale", "created_at");
  return row && toUserRow(row);
}

export async function activeAdminCount(db: Db): Promise<number> {
  const row = await db("users").where({ role: "admin", status: "active" }).count({ n: "*" }).first();
  return Number(row?.n ?? 0);
}

export interface UserActivity {
  projects: { id: number; title: string; state: ProjectState; suspended: boolean; createdAt: Date }[];
  pledges: {
    id: number;
    projectId: number;
    projectTitle: string;
    totalMinor: number;
    currency: Currency;
    status: string;
    createdAt: Date;
  }[];
  tickets: { id: number; subject: string; category: string; state: string; createdAt: Date }[];
}

export async function userActivity(db: Db, userId: number): Promise<UserActivity> {
  const projects = await db("projects")
    .where({ creator_id: userId })
    .orderBy("id", "desc")
    .limit(100)
    .select("id", "title", "state", "suspended_at", "created_at");
  const pledges = await db("pledges")
    .join("projects", "projects.id", "pledges.project_id")
    .where("pledges.backer_id", userId)
    .orderBy("pledges.id", "desc")
    .limit(100)
    .select(
      "pledges.id",
      "pledges.project_id",
      "projects.title as project_title",
      "pledges.total_minor",
      "pledges.currency",
      "pledges.status",
      "pledges.created_at",
    );
  const tickets = await db("support_tickets")
    .where({ user_id: userId })
    .orderBy("id", "desc")
    .limit(100)
    .select("id", "subject", "category", "state", "created_at");
  return {
    projects: projects.map((r) => ({
      id: r.id,
      title: r.title,
      state: r.state,
      suspended: Boolean(r.suspended_at),
      createdAt: fromDbTime(r.created_at),
    })),
    pledges: pledges.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      projectTitle: r.project_title,
      totalMinor: Number(r.total_minor),
      currency: r.currency,
      status: r.status,
      createdAt: fromDbTime(r.created_at),
    })),
    tickets: tickets.map((r) => ({
      id: r.id,
      subject: r.subject,
      category: r.category,
      state: r.state,
      createdAt: fromDbTime(r.created_at),
    })),
  };
}

// Audit log -----------------------------------------------------------------------------------

export interface AuditFilter {
  /** An actor's id (from a link) or text matched against the actor's name or email. */
  actorId?: number;
  actorText?: string;
  action?: string;
  subjectType?: string;
  subjectId?: number;
  start?: Date;
  end?: Date;
}

export interface AuditRow {
  id: number;
  actorId: number | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  subjectType: string;
  subjectId: number;
  reason: string | null;
  details: Record<string, unknown> | null;
  createdAt: Date;
}

function parseDetails(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}

/** The audit log, newest first, filtered; read-only (the table itself refuses updates and deletes). */
export async function browseAudit(
  db: Db,
  f: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ items: AuditRow[]; total: number }> {
  const base = () => {
    const b = db("audit_log").leftJoin("users", "users.id", "audit_log.actor_id");
    if (f.actorId !== undefined) b.where("audit_log.actor_id", f.actorId);
    if (f.actorText) {
      const pattern = likePattern(f.actorText.toLowerCase());
      b.where((w) =>
        w
          .whereRaw("lower(users.name) like ? escape '\\'", [pattern])
          .orWhereRaw("users.email like ? escape '\\'", [pattern]),
      );
    }
    if (f.action) b.where("audit_log.action", f.action);
    if (f.subjectType) b.where("audit_log.subject_type", f.subjectType);
    if (f.subjectId !== undefined) b.where("audit_log.subject_id", f.subjectId);
    if (f.start) b.where("audit_log.created_at", ">=", toDbTime(f.start));
    if (f.end) b.where("audit_log.created_at", "<", toDbTime(f.end));
    return b;
  };
  const count = await base().count({ n: "*" }).first();
  const rows = await base()
    .orderBy("audit_log.id", "desc")
    .limit(page.limit)
    .offset(page.offset)
    .select("audit_log.*", "users.name as actor_name", "users.email as actor_email");
  return { items: rows.map(toAuditRow), total: Number(count?.n ?? 0) };
}

/** The actions and subject types that occur in the log, for the filter lists. */
export async function auditVocabulary(db: Db): Promise<{ actions: string[]; subjectTypes: string[] }> {
  const actions = await db("audit_log").distinct("action").orderBy("action");
  const types = await db("audit_log").distinct("subject_type").orderBy("subject_type");
  return { actions: actions.map((r) => r.action), subjectTypes: types.map((r) => r.subject_type) };
}

/** Entries an account made or that are about it (as a user). */
export async function auditAboutUser(db: Db, userId: number, limit = 50): Promise<AuditRow[]> {
  const rows = await db("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_id")
    .where((w) =>
      w
        .where("audit_log.actor_id", userId)
        .orWhere((s) => s.where("audit_log.subject_type", "user").where("audit_log.subject_id", userId)),
    )
    .orderBy("audit_log.id", "desc")
    .limit(limit)
    .select("audit_log.*", "users.name as actor_name", "users.email as actor_email");
  return rows.map(toAuditRow);
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toAuditRow(r: any): AuditRow {
  return {
    id: r.id,
    actorId: r.actor_id ?? null,
    actorName: r.actor_name ?? null,
    actorEmail: r.actor_email ?? null,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    reason: r.reason ?? null,
    details: parseDetails(r.details),
    createdAt: fromDbTime(r.created_at),
  };
}
