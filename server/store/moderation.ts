/** Project reports and suspensions: the moderation queue's SQL. */
import type { ReportReason, ReportStatus } from "../domain/moderation.ts";
import type { ProjectState } from "../domain/project-lifecycle.ts";
import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

export interface ProjectReport {
  id: number;
  projectId: number;
  reporterId: number;
  reason: ReportReason;
  details: string;
  status: ReportStatus;
  resolvedBy: number | null;
  resolvedAt: Date | null;
  resolutionNote: string | null;
  createdAt: Date;
}

export interface ReportSummary extends ProjectReport {
  reporterName: string;
  reporterEmail: string;
  projectTitle: string;
  projectState: ProjectState;
  projectSuspendedAt: Date | null;
  resolverName: string | null;
}

export interface SuspendedProject {
  id: number;
  title: string;
  state: ProjectState;
  creatorName: string;
  suspendedAt: Date;
  suspensionReason: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toReport(r: any): ProjectReport {
  return {
    id: r.id,
    projectId: r.project_id,
    reporterId: r.reporter_id,
    reason: r.reason,
    details: r.details,
    status: r.status,
    resolvedBy: r.resolved_by ?? null,
    resolvedAt: r.resolved_at ? fromDbTime(r.resolved_at) : null,
    resolutionNote: r.resolution_note ?? null,
    createdAt: fromDbTime(r.created_at),
  };
}

export async function insertReport(
  db: Db,
  r: { projectId: number; reporterId: number; reason: ReportReason; details: string },
  now: Date,
): Promise<number> {
  const [row] = await db("project_reports")
    .insert({
      project_id: r.projectId,
      reporter_id: r.reporterId,
      reason: r.reason,
      details: r.details,
      status: "open",
      created_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

export async function openReportBy(
  db: Db,
  projectId: number,
  reporterId: number,
): Promise<ProjectReport | undefined> {
  const row = await db("project_reports")
    .where({ project_id: projectId, reporter_id: reporterId, status: "open" })
    .first();
  return row && toReport(row);
}

export async function findReport(db: Db, id: number): Promise<ProjectReport | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db("project_reports").where({ id }).first();
  return row && toReport(row);
}

/** Reports in a status, oldest first for open ones (latest first otherwise), with the project and the people. */
export async function reportQueue(
  db: Db,
  q: { status: ReportStatus; limit: number; offset: number },
): Promise<{ items: ReportSummary[]; total: number }> {
  const count = await db("project_reports").where({ status: q.status }).count({ n: "*" }).first();
  const rows = await db("project_reports")
    .join("users as reporter", "reporter.id", "project_reports.reporter_id")
    .join("projects", "projects.id", "project_reports.project_id")
    .leftJoin("users as resolver", "resolver.id", "project_reports.resolved_by")
    .where("project_reports.status", q.status)
    .orderBy(
      q.status === "open" ? "project_reports.created_at" : "project_reports.resolved_at",
      q.status === "open" ? "asc" : "desc",
    )
    .orderBy("project_reports.id", "asc")
    .limit(q.limit)
    .offset(q.offset)
    .select(
      "project_reports.*",
      "reporter.name as reporter_name",
      "reporter.email as reporter_email",
      "projects.title as project_title",
      "projects.state as project_state",
      "projects.suspended_at as project_suspended_at",
      "resolver.name as resolver_name",
    );
  return {
    items: rows.map((r) => ({
      ...toReport(r),
      reporterName: r.reporter_name,
      reporterEmail: r.reporter_email,
      projectTitle: r.project_title,
      projectState: r.project_state,
      projectSuspendedAt: r.project_suspended_at ? fromDbTime(r.project_suspended_at) : null,
      resolverName: r.resolver_name ?? null,
    })),
    total: Number(count?.n ?? 0),
  };
}

/** Closes one open report; false if it was no longer open (someone else got there first). */
export async function resolveReport(
  db: Db,
  id: number,
  r: { status: "dismissed" | "actioned"; by: number; note: string | null },
  now: Date,
): Promise<boolean> {
  const changed = await db("project_reports")
    .where({ id, status: "open" })
    .update({ status: r.status, resolved_by: r.by, resolved_at: toDbTime(now), resolution_note: r.note });
  return Number(changed) === 1;
}

/** Closes every open report about a project (it was suspended); returns how many. */
export async function resolveReportsOfProject(
  db: Db,
  projectId: number,
  r: { by: number; note: string | null },
  now: Date,
): Promise<number> {
  const changed = await db("project_reports")
    .where({ project_id: projectId, status: "open" })
    .update({ status: "actioned", resolved_by: r.by, resolved_at: toDbTime(now), resolution_note: r.note });
  return Number(changed);
}

export async function openReportCount(db: Db): Promise<number> {
  const row = await db("project_reports").where({ status: "open" }).count({ n: "*" }).first();
  return Number(row?.n ?? 0);
}

/**
 * Suspends (a reason) or restores (null) a project. The compare-and-set on suspended_at makes two
 * admins acting at once safe: only one of them changes the row.
 */
export async function setSuspension(
  db: Db,
  projectId: number,
  suspension: { reason: string } | null,
  now: Date,
): Promise<boolean> {
  const q = db("projects").where({ id: projectId });
  if (suspension) q.whereNull("suspended_at");
  else q.whereNotNull("suspended_at");
  const changed = await q.update({
    suspended_at: suspension ? toDbTime(now) : null,
    suspension_reason: suspension ? suspension.reason : null,
    updated_at: toDbTime(now),
  });
  return Number(changed) === 1;
}

export async function suspendedProjects(db: Db): Promise<SuspendedProject[]> {
  const rows = await db("projects")
    .join("users", "users.id", "projects.creator_id")
    .whereNotNull("projects.suspended_at")
    .orderBy("projects.suspended_at", "desc")
    .select(
      "projects.id",
      "projects.title",
      "projects.state",
      "projects.suspended_at",
      "projects.suspension_reason",
      "users.name as creator_name",
    );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    state: r.state,
    creatorName: r.creator_name,
    suspendedAt: fromDbTime(r.suspended_at),
    suspensionReason: r.suspension_reason ?? "",
  }));
}

/** The suspension of one project (the Project type of the creator area does not carry it). */
export async function suspensionOf(
  db: Db,
  projectId: number,
): Promise<{ suspendedAt: Date; reason: string } | null> {
  const row = await db("projects").where({ id: projectId }).first("suspended_at", "suspension_reason");
  if (!row?.suspended_at) return null;
  return { suspendedAt: fromDbTime(row.suspended_at), reason: row.suspension_reason ?? "" };
}

/** Every report about one project, newest first, with the people. */
export async function reportsOfProject(db: Db, projectId: number): Promise<ReportSummary[]> {
  const rows = await db("project_reports")
    .join("users as reporter", "reporter.id", "project_reports.reporter_id")
    .join("projects", "projects.id", "project_reports.project_id")
    .leftJoin("users as resolver", "resolver.id", "project_reports.resolved_by")
    .where("project_reports.project_id", projectId)
    .orderBy("project_reports.id", "desc")
    .limit(200)
    .select(
      "project_reports.*",
      "reporter.name as reporter_name",
      "reporter.email as reporter_email",
      "projects.title as project_title",
      "projects.state as project_state",
      "projects.suspended_at as project_suspended_at",
      "resolver.name as resolver_name",
    );
  return rows.map((r) => ({
    ...toReport(r),
    reporterName: r.reporter_name,
    reporterEmail: r.reporter_email,
    projectTitle: r.project_title,
    projectState: r.project_state,
    projectSuspendedAt: r.project_suspended_at ? fromDbTime(r.project_suspended_at) : null,
    resolverName: r.resolver_name ?? null,
  }));
}
