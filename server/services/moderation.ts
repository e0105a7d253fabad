import type { Clock } from "../clock.ts";
import {
  decideSuspension,
  MODERATION_REASON_MAX,
  REPORT_DETAILS_MAX,
  REPORT_DETAILS_MIN,
  type ReportReason,
  type ReportStatus,
} from "../domain/moderation.ts";
import { isPublic } from "../domain/project-lifecycle.ts";
import { ConflictError, NotFoundError, RuleError, ValidationError } from "../errors.ts";
import { recordAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";
import {
  findReport,
  insertReport,
  openReportBy,
  type ReportSummary,
  reportQueue,
  reportsOfProject,
  resolveReport,
  resolveReportsOfProject,
  type SuspendedProject,
  setSuspension,
  suspendedProjects,
} from "../store/moderation.ts";
import { findProject, type Project } from "../store/projects.ts";
import { indexProject, unindexProject } from "../store/search.ts";
import { findUserById, isUniqueViolation, type User } from "../store/users.ts";
import { type Actor, assertAdmin } from "./admin-guard.ts";
import type { Notifier } from "./notifications.ts";

export const REPORTS_PAGE_SIZE = 25;

export interface ReportPage {
  items: ReportSummary[];
  total: number;
  page: number;
  pages: number;
}

/** A reason an admin gives: required, at most MODERATION_REASON_MAX characters. */
function requireReason(text: string, field = "reason"): string {
  const reason = text.trim();
  if (!reason) throw new ValidationError({ [field]: "ops.errors.reasonRequired" });
  if (reason.length > MODERATION_REASON_MAX) throw new ValidationError({ [field]: "ops.errors.tooLong" });
  return reason;
}

/**
 * Suspends a project inside the caller's transaction: hidden from discovery and search, no pledges,
 * settlement waits. Every open report about it is closed as actioned; audited with the reason; its
 * creator is told through `notifier` (in the app and by email, in their language).
 */
export async function suspendProjectIn(
  trx: Db,
  notifier: Notifier,
  admin: { id: number },
  projectId: number,
  reasonText: string,
  now: Date,
  options: { alreadySuspendedOk?: boolean } = {},
): Promise<Project> {
  const reason = requireReason(reasonText, options.alreadySuspendedOk ? "note" : "reason");
  const project = await findProject(trx, projectId);
  if (!project) throw new NotFoundError();
  const decision = decideSuspension(project, true);
  if (!decision.ok) {
    if (options.alreadySuspendedOk && project.suspendedAt) return project;
    throw new RuleError(decision.reason);
  }
  if (!(await setSuspension(trx, project.id, { reason }, now)))
    throw new ConflictError("ops.reports.refused.alreadySuspended");
  const closed = await resolveReportsOfProject(trx, project.id, { by: admin.id, note: reason }, now);
  await unindexProject(trx, project.id);
  await recordAudit(
    trx,
    {
      actorId: admin.id,
      action: "project.suspend",
      subjectType: "project",
      subjectId: project.id,
      reason,
      details: { state: project.state, reportsClosed: closed },
    },
    now,
  );
  const suspended = (await findProject(trx, project.id)) as Project;
  await notifier.notify(
    suspended.creatorId,
    "project_suspended",
    { title: suspended.title, reason: suspended.suspensionReason ?? "" },
    { link: "/support/tickets/new", db: trx },
  );
  return suspended;
}

/**
 * Reports from the public ("Report this project") and the admin moderation queue: dismiss a report,
 * suspend a project, restore it. Every admin method checks the role itself.
 */
export class ModerationService {
  /** The creator of a suspended or restored project is told through `notifier` (in-app + email). */
  constructor(private readonly deps: { db: Db; clock: Clock; notifier: Notifier }) {}

  /** A project a signed-in user may report: public, and not their own. */
  async reportable(user: Pick<User, "id">, projectId: number): Promise<Project> {
    const project = await findProject(this.deps.db, projectId);
    if (!project || !isPublic(project.state)) throw new NotFoundError();
    if (project.creatorId === user.id) throw new RuleError("ops.reports.refused.own");
    return project;
  }

  /** Files a report. One open report per person per project: a second one is refused politely. */
  async report(
    user: Pick<User, "id">,
    projectId: number,
    input: { reason: ReportReason; details: string },
  ): Promise<number> {
    const { db, clock } = this.deps;
    const details = input.details.trim();
    if ([...details].length < REPORT_DETAILS_MIN)
      throw new ValidationError({ details: "ops.reports.errors.detailsShort" });
    if (details.length > REPORT_DETAILS_MAX) throw new ValidationError({ details: "ops.errors.tooLong" });
    const project = await this.reportable(user, projectId);
    if (await openReportBy(db, project.id, user.id)) throw new ConflictError("ops.reports.refused.duplicate");
    try {
      return await insertReport(
        db,
        { projectId: project.id, reporterId: user.id, reason: input.reason, details },
        clock.now(),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError("ops.reports.refused.duplicate");
      throw error;
    }
  }

  async queue(actor: Actor, q: { status: ReportStatus; page: number }): Promise<ReportPage> {
    assertAdmin(actor);
    const page = Math.max(1, q.page);
    const { items, total } = await reportQueue(this.deps.db, {
      status: q.status,
      limit: REPORTS_PAGE_SIZE,
      offset: (page - 1) * REPORTS_PAGE_SIZE,
    });
    return { items, total, page, pages: Math.max(1, Math.ceil(total / REPORTS_PAGE_SIZE)) };
  }

  /** One project's moderation case: the project, its creator and every report about it. */
  async projectCase(
    actor: Actor,
    projectId: number,
  ): Promise<{
    project: Project;
    creator: { id: number; name: string; email: string };
    reports: ReportSummary[];
  }> {
    assertAdmin(actor);
    const { db } = this.deps;
    const project = await findProject(db, projectId);
    if (!project) throw new NotFoundError();
    const creator = await findUserById(db, project.creatorId);
    return {
      project,
      creator: { id: project.creatorId, name: creator?.name ?? "", email: creator?.email ?? "" },
      reports: await reportsOfProject(db, project.id),
    };
  }

  async suspended(actor: Actor): Promise<SuspendedProject[]> {
    assertAdmin(actor);
    return suspendedProjects(this.deps.db);
  }

  /** Closes a report without action; the note says why. Audited. */
  async dismiss(actor: Actor, reportId: number, noteText: string): Promise<void> {
    const admin = assertAdmin(actor);
    const note = requireReason(noteText, "note");
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const report = await findReport(trx, reportId);
      if (!report) throw new NotFoundError();
      if (!(await resolveReport(trx, report.id, { status: "dismissed", by: admin.id, note }, now)))
        throw new ConflictError("ops.reports.refused.notOpen");
      await recordAudit(
        trx,
        {
          actorId: admin.id,
          action: "report.dismiss",
          subjectType: "project",
          subjectId: report.projectId,
          reason: note,
          details: { reportId: report.id, reason: report.reason },
        },
        now,
      );
    });
  }

  /** Suspends a project with a reason (audited); its creator is told in the app and by email, in their language. */
  async suspend(actor: Actor, projectId: number, reason: string): Promise<Project> {
    const admin = assertAdmin(actor);
    const { db, clock, notifier } = this.deps;
    return db.transaction((trx) => suspendProjectIn(trx, notifier, admin, projectId, reason, clock.now()));
  }

  /** Restores a suspended project: public again (and searchable), pledges possible again if it is still live. */
  async restore(actor: Actor, projectId: number, reasonText: string): Promise<Project> {
    const admin = assertAdmin(actor);
    const reason = requireReason(reasonText);
    const { db, clock, notifier } = this.deps;
    const now = clock.now();
    return db.transaction(async (trx) => {
      const current = await findProject(trx, projectId);
      if (!current) throw new NotFoundError();
      const decision = decideSuspension(current, false);
      if (!decision.ok) throw new RuleError(decision.reason);
      if (!(await setSuspension(trx, current.id, null, now)))
        throw new ConflictError("ops.reports.refused.notSuspended");
      if (isPublic(current.state)) await indexProject(trx, current);
      await recordAudit(
        trx,
        {
          actorId: admin.id,
          action: "project.unsuspend",
          subjectType: "project",
          subjectId: current.id,
          reason,
        },
        now,
      );
      await notifier.notify(
        current.creatorId,
        "project_restored",
        { title: current.title },
        { link: `/projects/${current.id}`, db: trx },
      );
      return (await findProject(trx, current.id)) as Project;
    });
  }
}
