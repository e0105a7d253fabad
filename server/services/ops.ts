import type { Clock } from "../clock.ts";
import { type Currency, currencies } from "../domain/money.ts";
import { type ChartPoint, type DayRange, daysOf, median, percent } from "../domain/ops.ts";
import { type Category, categories } from "../domain/project-rules.ts";
import { firstResponse } from "../domain/support.ts";
import { NotFoundError, RuleError, ValidationError } from "../errors.ts";
import { recordAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";
import { openReportCount } from "../store/moderation.ts";
import {
  type AuditFilter,
  type AuditRow,
  activeAdminCount,
  auditAboutUser,
  auditVocabulary,
  backersIn,
  browseAudit,
  findUserRow,
  launchedPerCategory,
  newUsersPerDay,
  outcomesIn,
  pledgedPerCurrency,
  pledgesPerDay,
  type Span,
  searchUsers,
  type UserActivity,
  type UserRow,
  userActivity,
  viewsPerDay,
} from "../store/ops.ts";
import { flagsOfUser, openRiskFlagCount, type RiskFlag } from "../store/risk.ts";
import { overdueTicketCount, ticketStateCounts, ticketsOpenedIn } from "../store/support.ts";
import { findUserById, type Role, type UserStatus, updateUser } from "../store/users.ts";
import type { ProjectViewCounter } from "./activity.ts";
import { type Actor, assertAdmin } from "./admin-guard.ts";

export interface MoneyFigure {
  currency: Currency;
  totalMinor: number;
  count: number;
}

export interface TicketFigures {
  open: number;
  waitingOnUser: number;
  resolved: number;
  openedInRange: number;
  answeredInRange: number;
  /** First-response times of tickets opened in the range, in minutes. */
  medianMinutes: number | null;
  averageMinutes: number | null;
  /** Of the answered ones, the share answered within the target (%). */
  onTimeShare: number | null;
  overdueNow: number;
  averageRating: number | null;
  targetHours: number;
}

export interface DashboardFigures {
  range: DayRange;
  pledged: MoneyFigure[];
  /** Equity commitments (null until the investing tables exist). */
  committed: MoneyFigure[] | null;
  /** Money actually charged (null until the settlement tables exist). */
  collected: MoneyFigure[] | null;
  launched: number;
  succeeded: number;
  failed: number;
  successRate: number | null;
  newUsers: number;
  backers: number;
  repeatBackers: number;
  repeatShare: number | null;
  views: number;
  conversion: number | null;
  categoryMix: { category: Category; count: number }[];
  tickets: TicketFigures;
  openReports: number;
  openRiskFlags: number;
  series: { pledges: ChartPoint[]; newUsers: ChartPoint[]; views: ChartPoint[] };
}

export const USERS_PAGE_SIZE = 25;
export const AUDIT_PAGE_SIZE = 50;

export interface UserDetail {
  user: UserRow;
  activity: UserActivity;
  audit: AuditRow[];
  flags: RiskFlag[];
  isSelf: boolean;
  lastAdmin: boolean;
}

/**
 * Suspends an account inside the caller's transaction (audited with the reason). A suspended account
 * cannot sign in, and its sessions end on their next request (passport checks the status).
 */
export async function suspendUserIn(
  trx: Db,
  admin: { id: number },
  userId: number,
  reasonText: string,
  now: Date,
  options: { alreadySuspendedOk?: boolean } = {},
): Promise<void> {
  const reason = reasonText.trim();
  if (!reason)
    throw new ValidationError({
      [options.alreadySuspendedOk ? "note" : "reason"]: "ops.errors.reasonRequired",
    });
  if (reason.length > 2000) throw new ValidationError({ reason: "ops.errors.tooLong" });
  const user = await findUserById(trx, userId);
  if (!user) throw new NotFoundError();
  if (user.id === admin.id) throw new RuleError("ops.users.refused.self");
  if (user.status === "suspended") {
    if (options.alreadySuspendedOk) return;
    throw new RuleError("ops.users.refused.alreadySuspended");
  }
  if (user.role === "admin" && (await activeAdminCount(trx)) <= 1)
    throw new RuleError("ops.users.refused.lastAdmin");
  await updateUser(trx, user.id, { status: "suspended" }, now);
  await recordAudit(
    trx,
    { actorId: admin.id, action: "user.suspend", subjectType: "user", subjectId: user.id, reason },
    now,
  );
}

/** The operating picture (dashboard, monthly report), user management and the audit log browser. */
export class OpsService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      firstResponseHours: number;
      /** Written out before the figures are read, so the views counted so far are included. */
      views?: ProjectViewCounter;
    },
  ) {}

  // Dashboard ---------------------------------------------------------------------------------

  async figures(actor: Actor, range: DayRange): Promise<DashboardFigures> {
    assertAdmin(actor);
    const { db, clock, firstResponseHours } = this.deps;
    await this.deps.views?.flush();
    const span: Span = { start: range.start, end: range.end };
    const days = daysOf(range);
    const [pledged, committed, collected] = [
      await pledgedPerCurrency(db, span),
      await this.committed(span),
      await this.collected(span),
    ];
    const outcomes = await outcomesIn(db, span);
    const launchedByCategory = await launchedPerCategory(db, span);
    const launched = [...launchedByCategory.values()].reduce((a, b) => a + b, 0);
    const perDayPledges = await pledgesPerDay(db, span);
    const perDayUsers = await newUsersPerDay(db, span);
    const perDayViews = await viewsPerDay(db, range.from, range.to);
    const newUsers = [...perDayUsers.values()].reduce((a, b) => a + b, 0);
    const views = [...perDayViews.values()].reduce((a, b) => a + b, 0);
    const { backers, repeat } = await backersIn(db, span);
    const now = clock.now();
    const states = await ticketStateCounts(db);
    const opened = await ticketsOpenedIn(db, range.start, range.end);
    const answered = opened.filter((t) => t.firstResponseAt !== null);
    const minutes = answered.map((t) => firstResponse(t, firstResponseHours, now).minutes as number);
    const rated = opened.filter((t) => t.rating !== null).map((t) => t.rating as number);
    const series = (values: Map<string, number>) =>
      days.map((day) => ({ label: day, value: values.get(day) ?? 0 }));
    return {
      range,
      pledged,
      committed,
      collected,
      launched,
      ...outcomes,
      successRate: percent(outcomes.succeeded, outcomes.succeeded + outcomes.failed),
      newUsers,
      backers,
      repeatBackers: repeat,
      repeatShare: percent(repeat, backers),
      views,
      conversion: percent(backers, views),
      categoryMix: categories
        .map((category) => ({ category, count: launchedByCategory.get(category) ?? 0 }))
        .filter((c) => c.count > 0)
        .sort((a, b) => b.count - a.count),
      tickets: {
        open: states.open,
        waitingOnUser: states.waiting_on_user,
        resolved: states.resolved,
        openedInRange: opened.length,
        answeredInRange: answered.length,
        medianMinutes: median(minutes),
        averageMinutes: minutes.length
          ? Math.round(minutes.reduce((a, b) => a + b, 0) / minutes.length)
          : null,
        onTimeShare: percent(
          answered.filter((t) => firstResponse(t, firstResponseHours, now).onTime).length,
          answered.length,
        ),
        overdueNow: await overdueTicketCount(db, new Date(now.getTime() - firstResponseHours * 3_600_000)),
        averageRating: rated.length
          ? Math.round((rated.reduce((a, b) => a + b, 0) / rated.length) * 10) / 10
          : null,
        targetHours: firstResponseHours,
      },
      openReports: await openReportCount(db),
      openRiskFlags: await openRiskFlagCount(db),
      series: { pledges: series(perDayPledges), newUsers: series(perDayUsers), views: series(perDayViews) },
    };
  }

  /** Equity commitments placed in the span and still standing, per currency (once issue 5's table exists). */
  private async committed(span: Span): Promise<MoneyFigure[] | null> {
    const { db } = this.deps;
    if (!(await db.schema.hasTable("commitments"))) return null;
    const rows: { currency: Currency; total: number; n: number }[] = await db("commitments")
      .whereIn("status", ["active", "awaiting_reconfirmation", "settled"])
      .where("created_at", ">=", span.start.toISOString())
      .where("created_at", "<", span.end.toISOString())
      .groupBy("currency")
      .orderBy("currency")
      .select("currency", db.raw("sum(amount_minor) as total"), db.raw("count(*) as n"));
    return rows.map((r) => ({ currency: r.currency, totalMinor: Number(r.total ?? 0), count: Number(r.n) }));
  }

  /** Successful charges completed in the span, per currency (once issue 6's settlement tables exist). */
  private async collected(span: Span): Promise<MoneyFigure[] | null> {
    const { db } = this.deps;
    if (!(await db.schema.hasTable("charge_attempts"))) return null;
    const rows: { currency: Currency; total: number; n: number }[] = await db("charge_attempts")
      .where("status", "succeeded")
      .where("completed_at", ">=", span.start.toISOString())
      .where("completed_at", "<", span.end.toISOString())
      .groupBy("currency")
      .orderBy("currency")
      .select("currency", db.raw("sum(amount_minor) as total"), db.raw("count(*) as n"));
    return rows
      .filter((r) => (currencies as readonly string[]).includes(r.currency))
      .map((r) => ({ currency: r.currency, totalMinor: Number(r.total ?? 0), count: Number(r.n) }));
  }

  // Users -------------------------------------------------------------------------------------

  async users(
    actor: Actor,
    q: { text: string; role?: Role; status?: UserStatus; page: number },
  ): Promise<{ items: UserRow[]; total: number; page: number; pages: number }> {
    assertAdmin(actor);
    const page = Math.max(1, q.page);
    const { items, total } = await searchUsers(this.deps.db, {
      text: q.text.trim().slice(0, 100),
      role: q.role,
      status: q.status,
      limit: USERS_PAGE_SIZE,
      offset: (page - 1) * USERS_PAGE_SIZE,
    });
    return { items, total, page, pages: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)) };
  }

  async user(actor: Actor, userId: number): Promise<UserDetail> {
    const admin = assertAdmin(actor);
    const { db } = this.deps;
    const user = await findUserRow(db, userId);
    if (!user) throw new NotFoundError();
    return {
      user,
      activity: await userActivity(db, user.id),
      audit: await auditAboutUser(db, user.id),
      flags: await flagsOfUser(db, user.id),
      isSelf: user.id === admin.id,
      lastAdmin: user.role === "admin" && user.status === "active" && (await activeAdminCount(db)) <= 1,
    };
  }

  async suspendUser(actor: Actor, userId: number, reason: string): Promise<void> {
    const admin = assertAdmin(actor);
    const { db, clock } = this.deps;
    await db.transaction((trx) => suspendUserIn(trx, admin, userId, reason, clock.now()));
  }

  async restoreUser(actor: Actor, userId: number, reasonText: string): Promise<void> {
    const admin = assertAdmin(actor);
    const reason = reasonText.trim();
    if (!reason) throw new ValidationError({ reason: "ops.errors.reasonRequired" });
    if (reason.length > 2000) throw new ValidationError({ reason: "ops.errors.tooLong" });
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const user = await findUserById(trx, userId);
      if (!user) throw new NotFoundError();
      if (user.status === "active") throw new RuleError("ops.users.refused.notSuspended");
      await updateUser(trx, user.id, { status: "active" }, now);
      await recordAudit(
        trx,
        { actorId: admin.id, action: "user.restore", subjectType: "user", subjectId: user.id, reason },
        now,
      );
    });
  }

  /** Grants or removes the admin role. The last active admin keeps it; a suspended account gets no role. */
  async setRole(actor: Actor, userId: number, role: Role, reasonText: string): Promise<void> {
    const admin = assertAdmin(actor);
    const reason = reasonText.trim();
    if (reason.length > 2000) throw new ValidationError({ reason: "ops.errors.tooLong" });
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const user = await findUserById(trx, userId);
      if (!user) throw new NotFoundError();
      if (user.role === role)
        throw new RuleError(
          role === "admin" ? "ops.users.refused.alreadyAdmin" : "ops.users.refused.notAdmin",
        );
      if (role === "admin" && user.status !== "active")
        throw new RuleError("ops.users.refused.suspendedAdmin");
      if (role === "user" && user.status === "active" && (await activeAdminCount(trx)) <= 1)
        throw new RuleError("ops.users.refused.lastAdmin");
      await updateUser(trx, user.id, { role }, now);
      await recordAudit(
        trx,
        {
          actorId: admin.id,
          action: role === "admin" ? "user.grantAdmin" : "user.revokeAdmin",
          subjectType: "user",
          subjectId: user.id,
          reason: reason || undefined,
        },
        now,
      );
    });
  }

  // Audit log ---------------------------------------------------------------------------------

  async audit(
    actor: Actor,
    filter: AuditFilter,
    pageNumber: number,
  ): Promise<{
    items: AuditRow[];
    total: number;
    page: number;
    pages: number;
    actions: string[];
    subjectTypes: string[];
  }> {
    assertAdmin(actor);
    const { db } = this.deps;
    const page = Math.max(1, pageNumber);
    const { items, total } = await browseAudit(db, filter, {
      limit: AUDIT_PAGE_SIZE,
      offset: (page - 1) * AUDIT_PAGE_SIZE,
    });
    return {
      items,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
      ...(await auditVocabulary(db)),
    };
  }
}
